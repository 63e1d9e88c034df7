from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.config_access import (
    as_role,
    audit_entries,
    pin_order,
    row_counts,
    walk,
    with_api_key,
)
from tests.support import (
    assert_problem,
    create_line,
    create_part,
    create_route,
    create_workstation,
    shop_floor,
)

ROUTES = "/api/v1/routes"


def step(ws: object, name: object = "Step", **fields: Any) -> dict[str, Any]:
    """A step body; `ws` and `name` are `object` so tests can send invalid values on purpose."""
    return {"name": name, "workstation_id": ws, "is_gate": False, "ideal_cycle_s": 10.0} | fields


def expected_steps(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"seq": i} | s for i, s in enumerate(steps, start=1)]


async def test_create_get_list(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3, gates=(3,))
    route, part, stations = floor["route"], floor["part"], floor["workstations"]
    assert route["revision"] == 1 and route["part_id"] == part["id"]
    assert [s["seq"] for s in route["steps"]] == [1, 2, 3]
    assert [s["workstation_id"] for s in route["steps"]] == [w["id"] for w in stations]
    assert [s["is_gate"] for s in route["steps"]] == [False, False, True]
    assert route["steps"][0] == {
        "seq": 1,
        "name": "Step 1",
        "workstation_id": stations[0]["id"],
        "is_gate": False,
        "ideal_cycle_s": 30.0,
    }
    assert set(route) == {
        "id",
        "code",
        "name",
        "part_id",
        "revision",
        "steps",
        "created_at",
        "updated_at",
    }
    assert (await admin.get(f"{ROUTES}/{route['id']}")).json() == route

    # Optional step fields default: not a gate, no ideal cycle time.
    minimal = await create_route(
        admin,
        part["id"],
        [],
        steps=[{"name": "Only", "workstation_id": stations[0]["id"]}],
    )
    assert minimal["steps"] == [
        {
            "seq": 1,
            "name": "Only",
            "workstation_id": stations[0]["id"],
            "is_gate": False,
            "ideal_cycle_s": None,
        }
    ]
    listed = await walk(admin, ROUTES, 1, part_id=part["id"])
    assert listed == [route, minimal]
    assert await walk(admin, ROUTES, 10, code=route["code"]) == [route]
    assert await walk(admin, ROUTES, 10, part_id=99999) == []


async def test_pagination_shows_current_revisions(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    ws = [w["id"] for w in floor["workstations"]]
    routes = [floor["route"]] + [
        await create_route(admin, floor["part"]["id"], ws) for _ in range(4)
    ]
    r = await admin.post(f"{ROUTES}/{routes[2]['id']}/revisions", json={"steps": [step(ws[1])]})
    routes[2] = r.json()
    assert await walk(admin, ROUTES, 2) == routes
    assert routes[2]["revision"] == 2 and len(routes[2]["steps"]) == 1


async def test_revisions_are_immutable(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    route = floor["route"]
    ws_a, ws_b = (w["id"] for w in floor["workstations"])
    url = f"{ROUTES}/{route['id']}"
    rev1 = (await admin.get(f"{url}/revisions/1")).json()
    assert rev1["revision"] == 1 and rev1["route_id"] == route["id"]
    assert rev1["steps"] == route["steps"] and rev1["created_by"] == "user:admin"

    new_steps = [step(ws_b, "Pre-test", is_gate=True), step(ws_a, "Assemble", ideal_cycle_s=None)]
    r = await admin.post(f"{url}/revisions", json={"steps": new_steps})
    assert r.status_code == 201, r.text
    revised = r.json()
    assert revised["revision"] == 2 and revised["id"] == route["id"]
    assert revised["code"] == route["code"] and revised["name"] == route["name"]
    assert revised["steps"] == expected_steps(new_steps)
    assert revised["updated_at"] >= route["updated_at"]
    assert (await admin.get(url)).json() == revised

    # Revision 1 is untouched; revision 2 is what was posted.
    assert (await admin.get(f"{url}/revisions/1")).json() == rev1
    rev2 = (await admin.get(f"{url}/revisions/2")).json()
    assert rev2["steps"] == revised["steps"] and rev2["revision"] == 2

    third = await admin.post(f"{url}/revisions", json={"steps": [step(ws_a, "Solo")]})
    assert third.status_code == 201 and third.json()["revision"] == 3
    assert (await admin.get(f"{url}/revisions/1")).json() == rev1
    assert (await admin.get(f"{url}/revisions/2")).json() == rev2
    revisions = await walk(admin, f"{url}/revisions", 2)
    assert [x["revision"] for x in revisions] == [1, 2, 3]
    assert revisions[:2] == [rev1, rev2]
    assert_problem(await admin.get(f"{url}/revisions/4"), 404, "not_found")

    # Renaming never touches steps or the revision.
    r = await admin.patch(url, json={"name": "Renamed", "code": "R-RENAMED"})
    assert r.status_code == 200, r.text
    assert r.json()["revision"] == 3 and r.json()["steps"] == third.json()["steps"]
    assert (r.json()["name"], r.json()["code"]) == ("Renamed", "R-RENAMED")
    assert (await admin.get(f"{url}/revisions/1")).json() == rev1


async def test_concurrent_revisions_get_consecutive_numbers(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    url = f"{ROUTES}/{floor['route']['id']}"
    ws = floor["workstations"][0]["id"]
    responses = await asyncio.gather(
        *(admin.post(f"{url}/revisions", json={"steps": [step(ws, f"v{i}")]}) for i in range(10))
    )
    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses]
    numbers = sorted(r.json()["revision"] for r in responses)
    assert numbers == list(range(2, 12))
    assert (await admin.get(url)).json()["revision"] == 11
    revisions = await walk(admin, f"{url}/revisions", 500)
    assert [x["revision"] for x in revisions] == list(range(1, 12))
    # Each revision holds exactly the steps its request posted.
    for r in responses:
        got = next(x for x in revisions if x["revision"] == r.json()["revision"])
        assert got["steps"] == r.json()["steps"]


async def test_changes_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=1)
    route = floor["route"]
    ws = floor["workstations"][0]["id"]
    url = f"{ROUTES}/{route['id']}"
    await admin.post(f"{url}/revisions", json={"steps": [step(ws, "B", is_gate=True)]})
    await admin.patch(url, json={"name": "Renamed"})
    assert (await admin.delete(url)).status_code == 204

    rows = await audit_entries(app, "route", route["id"])
    assert [(r.action, r.actor) for r in rows] == [
        ("create", "user:admin"),
        ("revise", "user:admin"),
        ("update", "user:admin"),
        ("delete", "user:admin"),
    ]
    rev1_steps = route["steps"]
    rev2_steps = expected_steps([step(ws, "B", is_gate=True)])
    assert rows[0].after == {
        "id": route["id"],
        "code": route["code"],
        "name": "Route",
        "part_id": floor["part"]["id"],
        "revision": 1,
        "steps": rev1_steps,
    }
    assert rows[1].before == {"revision": 1, "steps": rev1_steps}
    assert rows[1].after == {"revision": 2, "steps": rev2_steps}
    assert rows[2].before == {"name": "Route"} and rows[2].after == {"name": "Renamed"}
    assert rows[3].before is not None
    assert rows[3].before["revision"] == 2 and rows[3].before["steps"] == rev2_steps


async def test_delete_removes_revisions_unless_an_order_pinned_one(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=2)
    ws = [w["id"] for w in floor["workstations"]]
    base = await row_counts(app)

    free = await create_route(admin, floor["part"]["id"], ws)
    await admin.post(f"{ROUTES}/{free['id']}/revisions", json={"steps": [step(ws[0])]})
    assert (await admin.delete(f"{ROUTES}/{free['id']}")).status_code == 204
    assert_problem(await admin.get(f"{ROUTES}/{free['id']}"), 404, "not_found")
    assert_problem(await admin.get(f"{ROUTES}/{free['id']}/revisions"), 404, "not_found")
    assert_problem(await admin.get(f"{ROUTES}/{free['id']}/revisions/1"), 404, "not_found")
    counts = await row_counts(app)
    assert {k: v for k, v in counts.items() if k != "audit_log"} == {
        k: v for k, v in base.items() if k != "audit_log"
    }

    pinned = floor["route"]
    url = f"{ROUTES}/{pinned['id']}"
    await pin_order(app, pinned["id"], revision=1)
    revised = (await admin.post(f"{url}/revisions", json={"steps": [step(ws[1])]})).json()
    before = await row_counts(app)
    assert_problem(await admin.delete(url), 409, "in_use")
    assert await row_counts(app) == before
    assert (await admin.get(url)).json() == revised
    assert (await admin.get(f"{url}/revisions/1")).json()["steps"] == pinned["steps"]
    # Its workstations and part stay in use too.
    assert_problem(await admin.delete(f"/api/v1/workstations/{ws[0]}"), 409, "in_use")
    assert_problem(await admin.delete(f"/api/v1/parts/{floor['part']['id']}"), 409, "in_use")
    assert await row_counts(app) == before


async def test_step_limits(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=1)
    ws = floor["workstations"][0]["id"]
    many = [step(ws, f"S{i}", is_gate=i % 10 == 0) for i in range(200)]
    route = await create_route(admin, floor["part"]["id"], [], steps=many)
    assert len(route["steps"]) == 200 and route["steps"][-1]["seq"] == 200
    long_name = [step(ws, "n" * 200, ideal_cycle_s=0.001)]
    r = await admin.post(f"{ROUTES}/{route['id']}/revisions", json={"steps": long_name})
    assert r.status_code == 201, r.text
    assert r.json()["steps"][0]["name"] == "n" * 200


async def test_bad_input_changes_nothing(admin: AsyncClient, app: FastAPI) -> None:
    floor = await shop_floor(admin, steps=2)
    route = floor["route"]
    part_id = floor["part"]["id"]
    ws = floor["workstations"][0]["id"]
    url = f"{ROUTES}/{route['id']}"
    other = await create_route(admin, part_id, [ws])
    before = await row_counts(app)

    def body(**fields: Any) -> dict[str, Any]:
        return {"code": "NEW", "name": "n", "part_id": part_id, "steps": [step(ws)]} | fields

    bad_steps: list[Any] = [
        [],
        None,
        "steps",
        [step(ws)] * 201,
        [step(ws, "")],
        [step(ws, "n" * 201)],
        [step(ws, name=None)],
        [{"workstation_id": ws}],
        [{"name": "no station"}],
        [step(ws, ideal_cycle_s=0)],
        [step(ws, ideal_cycle_s=-1.5)],
        [step(ws, ideal_cycle_s="fast")],
        [step(ws, ideal_cycle_s="10")],
        [step(ws, ideal_cycle_s=True)],
        [step(ws, ideal_cycle_s=1e12)],
        [step(ws, is_gate="maybe")],
        [step(ws, is_gate=1)],
        [step(ws, is_gate=None)],
        [step(ws, seq=1)],
        [step(ws, extra=1)],
        [step(2**70)],
        [step(0)],
        [step("1")],
        [step(True)],
        [step(ws), "not a step"],
    ]
    invalid = [
        {},
        {"code": "NEW", "name": "n", "part_id": part_id},
        body(part_id=2**70),
        body(part_id=True),
        body(part_id="1"),
        body(part_id=None),
        body(code="bad code"),
        body(code=""),
        body(name="n" * 201),
        body(revision=2),
        *(body(steps=s) for s in bad_steps),
    ]
    for payload in invalid:
        problem = assert_problem(await admin.post(ROUTES, json=payload), 422, "validation_error")
        assert problem["errors"], payload
    for s in bad_steps:
        r = await admin.post(f"{url}/revisions", json={"steps": s})
        assert_problem(r, 422, "validation_error")
    for number in (b"Infinity", b"NaN", b"1e400"):
        raw = b'{"steps": [{"name": "x", "workstation_id": 1, "ideal_cycle_s": %s}]}' % number
        r = await admin.post(
            f"{url}/revisions", content=raw, headers={"content-type": "application/json"}
        )
        assert_problem(r, 422, "validation_error")
    assert_problem(await admin.post(f"{url}/revisions", json={}), 422, "validation_error")
    assert_problem(
        await admin.post(f"{url}/revisions", json={"steps": [step(ws)], "name": "x"}), 422
    )

    # Unknown references in the body are 422 `unknown_reference`, in the path 404.
    problem = assert_problem(
        await admin.post(ROUTES, json=body(part_id=99999)), 422, "unknown_reference"
    )
    assert problem["field"] == "part_id"
    problem = assert_problem(
        await admin.post(ROUTES, json=body(steps=[step(ws), step(99999)])),
        422,
        "unknown_reference",
    )
    assert problem["field"] == "steps.1.workstation_id"
    problem = assert_problem(
        await admin.post(f"{url}/revisions", json={"steps": [step(99999)]}),
        422,
        "unknown_reference",
    )
    assert_problem(
        await admin.post(f"{ROUTES}/99999/revisions", json={"steps": [step(ws)]}), 404, "not_found"
    )
    assert_problem(await admin.post(f"{ROUTES}/99999/revisions", json={"steps": []}), 422)

    # A duplicate code.
    assert_problem(await admin.post(ROUTES, json=body(code=route["code"])), 409, "duplicate")
    r = await admin.patch(f"{ROUTES}/{other['id']}", json={"code": route["code"]})
    assert_problem(r, 409, "duplicate")

    # PATCH changes code and name only.
    for patch in (
        {"steps": [step(ws)]},
        {"part_id": part_id},
        {"revision": 1},
        {"name": None},
        {"code": None},
        {"name": ""},
    ):
        assert_problem(await admin.patch(url, json=patch), 422, "validation_error")
    assert_problem(await admin.patch(f"{ROUTES}/99999", json={"name": "x"}), 404, "not_found")

    for bad in ("x", "0", str(2**70)):
        assert_problem(await admin.get(f"{ROUTES}/{bad}"), 422, "validation_error")
        assert_problem(await admin.get(f"{ROUTES}/{bad}/revisions"), 422, "validation_error")
        assert_problem(await admin.delete(f"{ROUTES}/{bad}"), 422, "validation_error")
    for bad in ("x", "0", "-1", str(2**31), str(2**70)):
        assert_problem(await admin.get(f"{url}/revisions/{bad}"), 422, "validation_error")
    assert_problem(await admin.get(f"{url}/revisions/99"), 404, "not_found")
    assert_problem(await admin.get(f"{ROUTES}/99999"), 404, "not_found")
    assert_problem(await admin.get(f"{ROUTES}/99999/revisions/1"), 404, "not_found")
    assert_problem(await admin.delete(f"{ROUTES}/99999"), 404, "not_found")
    assert_problem(await admin.get(ROUTES, params={"part_id": 2**70}), 422)
    assert_problem(await admin.get(f"{url}/revisions", params={"cursor": "x!"}), 400)
    assert_problem(await admin.get(f"{url}/revisions", params={"limit": 501}), 422)

    assert await row_counts(app) == before
    assert (await admin.get(url)).json() == route
    assert (await admin.get(f"{ROUTES}/{other['id']}")).json() == other
    assert [x["revision"] for x in await walk(admin, f"{url}/revisions", 10)] == [1]


async def test_only_admins_write(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = (await create_workstation(admin, line["id"]))["id"]
    part = await create_part(admin)
    route = await create_route(admin, part["id"], [ws])
    url = f"{ROUTES}/{route['id']}"
    before = await row_counts(app)
    body = {"code": "NEW", "name": "n", "part_id": part["id"], "steps": [step(ws)]}
    for role in ("operator", "supervisor"):
        async with as_role(app, role) as c:
            assert_problem(await c.post(ROUTES, json=body), 403, "forbidden")
            assert_problem(await c.post(f"{url}/revisions", json={"steps": [step(ws)]}), 403)
            assert_problem(await c.patch(url, json={"name": "x"}), 403, "forbidden")
            assert_problem(await c.delete(url), 403, "forbidden")
            assert (await c.get(url)).json() == route
            assert (await c.get(f"{url}/revisions/1")).status_code == 200
    async with with_api_key(app, "read") as c:
        assert_problem(await c.post(f"{url}/revisions", json={"steps": [step(ws)]}), 403)
        assert (await c.get(f"{url}/revisions")).status_code == 200
    assert await row_counts(app) == before
