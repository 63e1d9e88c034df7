from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import update

from app.models import Part
from tests.config_access import as_role, audit_entries, row_counts, walk, with_api_key
from tests.support import (
    assert_problem,
    create_line,
    create_part,
    create_route,
    create_workstation,
)

PARTS = "/api/v1/parts"


def part_body(**fields: Any) -> dict[str, Any]:
    return {"number": "N-1", "name": "n", "serial_prefix": "PX", "serial_digits": 5} | fields


async def issue_serials(app: FastAPI, part_id: int, count: int) -> None:
    """What unit generation does to the counter (set directly: not this module's concern)."""
    async with app.state.db.transaction() as session:
        await session.execute(
            update(Part)
            .where(Part.id == part_id)
            .values(serial_counter=Part.serial_counter + count)
        )


async def test_create_get_list_update_delete(admin: AsyncClient) -> None:
    part = await create_part(
        admin, number="4711-100/A", name="Servo motor", serial_prefix="SMX", serial_digits=5
    )
    assert part["number"] == "4711-100/A" and part["serial_prefix"] == "SMX"
    assert part["serial_digits"] == 5 and part["serial_counter"] == 0
    assert (await admin.get(f"{PARTS}/{part['id']}")).json() == part

    r = await admin.patch(
        f"{PARTS}/{part['id']}",
        json={"name": "Servo motor B", "serial_prefix": "SMB", "serial_digits": 7},
    )
    assert r.status_code == 200, r.text
    changed = r.json()
    assert changed["name"] == "Servo motor B" and changed["number"] == "4711-100/A"
    assert changed["serial_prefix"] == "SMB" and changed["serial_digits"] == 7

    listed = (await admin.get(PARTS, params={"number": "4711-100/A"})).json()
    assert [x["id"] for x in listed["items"]] == [part["id"]]
    listed = (await admin.get(PARTS, params={"serial_prefix": "SMB"})).json()
    assert [x["id"] for x in listed["items"]] == [part["id"]]
    assert (await admin.get(PARTS, params={"serial_prefix": "SMX"})).json()["items"] == []

    assert (await admin.delete(f"{PARTS}/{part['id']}")).status_code == 204
    assert_problem(await admin.get(f"{PARTS}/{part['id']}"), 404, "not_found")


async def test_pagination_and_filters(admin: AsyncClient) -> None:
    ids = [(await create_part(admin))["id"] for _ in range(7)]
    assert [x["id"] for x in await walk(admin, PARTS, 3)] == ids
    assert [x["id"] for x in await walk(admin, PARTS, 500)] == ids
    target = await create_part(admin, number="FIND-ME")
    assert [x["id"] for x in await walk(admin, PARTS, 1, number="FIND-ME")] == [target["id"]]
    assert await walk(admin, PARTS, 10, number="find-me") == []  # exact match


async def test_duplicates_are_409_and_change_nothing(admin: AsyncClient, app: FastAPI) -> None:
    a = await create_part(admin, number="DUP-1", serial_prefix="DPA")
    b = await create_part(admin, number="DUP-2", serial_prefix="DPB")
    before = await row_counts(app)
    for body in (
        part_body(number="DUP-1", serial_prefix="NEW"),
        part_body(number="NEW", serial_prefix="DPA"),
    ):
        assert_problem(await admin.post(PARTS, json=body), 409, "duplicate")
    for patch in ({"number": "DUP-1"}, {"serial_prefix": "DPA"}):
        assert_problem(await admin.patch(f"{PARTS}/{b['id']}", json=patch), 409, "duplicate")
    assert await row_counts(app) == before
    assert (await admin.get(f"{PARTS}/{a['id']}")).json() == a
    assert (await admin.get(f"{PARTS}/{b['id']}")).json() == b


async def test_serial_scheme_is_frozen_once_serials_exist(admin: AsyncClient, app: FastAPI) -> None:
    part = await create_part(admin, serial_prefix="FRZ", serial_digits=4)
    await issue_serials(app, part["id"], 3)
    url = f"{PARTS}/{part['id']}"
    assert (await admin.get(url)).json()["serial_counter"] == 3
    before = await row_counts(app)

    for patch in (
        {"serial_prefix": "FRZ2"},
        {"serial_digits": 6},
        {"name": "x", "serial_digits": 5},
    ):
        assert_problem(await admin.patch(url, json=patch), 409, "serial_scheme_locked")
    assert await row_counts(app) == before
    current = (await admin.get(url)).json()
    assert (current["serial_prefix"], current["serial_digits"], current["name"]) == (
        "FRZ",
        4,
        "Part",
    )

    # Restating the scheme unchanged is fine, as are the other fields.
    r = await admin.patch(url, json={"serial_prefix": "FRZ", "serial_digits": 4, "name": "Renamed"})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Renamed" and r.json()["serial_counter"] == 3
    # The counter is read-only.
    assert_problem(await admin.patch(url, json={"serial_counter": 0}), 422, "validation_error")
    assert (await admin.get(url)).json()["serial_counter"] == 3


async def test_changes_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    part = await create_part(admin, number="AUD-1", name="n1", serial_prefix="AUD", serial_digits=3)
    await admin.patch(f"{PARTS}/{part['id']}", json={"name": "n2", "serial_digits": 3})
    assert (await admin.delete(f"{PARTS}/{part['id']}")).status_code == 204
    rows = await audit_entries(app, "part", part["id"])
    assert [(r.action, r.actor) for r in rows] == [
        ("create", "user:admin"),
        ("update", "user:admin"),
        ("delete", "user:admin"),
    ]
    full = {
        "id": part["id"],
        "number": "AUD-1",
        "name": "n1",
        "serial_prefix": "AUD",
        "serial_digits": 3,
        "kind": "product",
        "uom": "pcs",
        "serial_counter": 0,
    }
    assert rows[0].after == full
    assert rows[1].before == {"name": "n1"} and rows[1].after == {"name": "n2"}
    assert rows[2].before == full | {"name": "n2"}


async def test_delete_refused_while_a_route_uses_it(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"])
    part = await create_part(admin)
    route = await create_route(admin, part["id"], [ws["id"]])
    before = await row_counts(app)
    assert_problem(await admin.delete(f"{PARTS}/{part['id']}"), 409, "in_use")
    assert (await admin.get(f"{PARTS}/{part['id']}")).json() == part
    assert await row_counts(app) == before

    assert (await admin.delete(f"/api/v1/routes/{route['id']}")).status_code == 204
    assert (await admin.delete(f"{PARTS}/{part['id']}")).status_code == 204


async def test_bad_input_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    part = await create_part(admin)
    before = await row_counts(app)
    invalid = [
        {},
        {"number": "N", "name": "n", "serial_prefix": "P"},
        part_body(serial_digits=0),
        part_body(serial_digits=13),
        part_body(serial_digits=-5),
        part_body(serial_digits=2**70),
        part_body(serial_digits="5"),
        part_body(serial_digits=5.5),
        part_body(serial_digits=True),
        part_body(serial_digits=None),
        part_body(serial_prefix=""),
        part_body(serial_prefix="P X"),
        part_body(serial_prefix="P/X"),
        part_body(serial_prefix="-PX"),
        part_body(serial_prefix="P" * 21),
        part_body(serial_prefix=7),
        part_body(number=""),
        part_body(number="N" * 65),
        part_body(number="with space"),
        part_body(name="n" * 201),
        part_body(name=["n"]),
        part_body(serial_counter=5),
        part_body(extra=True),
    ]
    for body in invalid:
        problem = assert_problem(await admin.post(PARTS, json=body), 422, "validation_error")
        assert problem["errors"], body

    url = f"{PARTS}/{part['id']}"
    for patch in (
        {"number": None},
        {"serial_digits": None},
        {"serial_digits": 0},
        {"serial_digits": 2**70},
        {"serial_prefix": "a b"},
        {"id": 5},
    ):
        assert_problem(await admin.patch(url, json=patch), 422, "validation_error")
    assert_problem(await admin.patch(f"{PARTS}/99999", json={"name": "x"}), 404, "not_found")
    assert_problem(await admin.delete(f"{PARTS}/99999"), 404, "not_found")
    for bad in ("x", "0", str(2**70)):
        assert_problem(await admin.get(f"{PARTS}/{bad}"), 422, "validation_error")
    assert_problem(await admin.get(PARTS, params={"number": "N" * 65}), 422)
    assert_problem(await admin.get(PARTS, params={"cursor": "e30"}), 400, "invalid_cursor")

    assert await row_counts(app) == before
    assert (await admin.get(url)).json() == part


async def test_only_admins_write(admin: AsyncClient, app: FastAPI) -> None:
    part = await create_part(admin)
    before = await row_counts(app)
    for role in ("operator", "supervisor"):
        async with as_role(app, role) as c:
            assert_problem(await c.post(PARTS, json=part_body()), 403, "forbidden")
            assert_problem(await c.patch(f"{PARTS}/{part['id']}", json={"name": "x"}), 403)
            assert_problem(await c.delete(f"{PARTS}/{part['id']}"), 403, "forbidden")
            assert (await c.get(f"{PARTS}/{part['id']}")).json() == part
    async with with_api_key(app, "read", "orders:write") as c:
        assert_problem(await c.post(PARTS, json=part_body()), 403, "forbidden")
    assert await row_counts(app) == before
