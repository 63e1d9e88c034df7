"""Installing and removing sub-assemblies: happy paths, history, audit, events, and every
refusal (both databases)."""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import Table, insert

from app.kit.time import utcnow
from app.models import Assembly, Unit
from tests.conftest import as_user
from tests.genealogy.factory import (
    API,
    audit_actions,
    floors,
    history,
    install,
    outbox_types,
    remove,
    units,
)
from tests.support import assert_problem, create_line, create_user

PASSWORD = "operator-password-1"


async def _children(client: AsyncClient, serial: str, **params: Any) -> list[dict[str, Any]]:
    r = await client.get(f"{API}/units/{serial}/children", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def _material(entries: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(e["type"], e["notes"]) for e in entries if e["type"] in ("installed", "removed")]


async def test_install_and_remove_a_child(admin: AsyncClient, app: FastAPI) -> None:
    product, module, _ = await floors(admin)
    (parent,) = await units(admin, product)
    (child,) = await units(admin, module, completed=True)

    installed = await install(admin, parent, child)
    assert installed["parent"] == parent and installed["child"] == child
    assert installed["child_part"] == module["part"]["number"]
    assert installed["step"] == 1 and installed["installed_by"] == "user:admin"
    assert installed["removed_at"] is None
    assert [c["child"] for c in await _children(admin, parent)] == [child]

    # Both histories say it, at each unit's step, with the other unit's serial.
    assert _material(await history(admin, parent)) == [("installed", f"installed {child}")]
    assert _material(await history(admin, child)) == [("installed", f"installed into {parent}")]
    parent_row = next(e for e in await history(admin, parent) if e["type"] == "installed")
    assert parent_row["step"] == 1 and parent_row["workstation"] is None

    removed = await remove(admin, parent, child, "no boot")
    assert removed["id"] == installed["id"]
    assert removed["removed_reason"] == "no boot" and removed["removed_by"] == "user:admin"
    assert removed["installed_at"] == installed["installed_at"]
    assert await _children(admin, parent) == []
    assert [c["removed_reason"] for c in await _children(admin, parent, all="true")] == ["no boot"]
    assert _material(await history(admin, parent)) == [
        ("installed", f"installed {child}"),
        ("removed", f"removed {child}: no boot"),
    ]
    assert _material(await history(admin, child))[-1] == (
        "removed",
        f"removed from {parent}: no boot",
    )

    # Audit and outbox.
    audit = await audit_actions(app)
    assert [(a, e) for a, e, _ in audit] == [
        ("install", str(installed["id"])),
        ("remove", str(installed["id"])),
    ]
    assert audit[0][2] == {"parent": parent, "child": child, "step": 1}
    events = [(t, p) for t, p in await outbox_types(app) if t.startswith("unit.")]
    assert [t for t, _ in events] == ["unit.installed", "unit.removed"]
    assert isinstance(events[1][1], dict) and events[1][1]["removed_reason"] == "no boot"

    # Removed, the child can go into another parent.
    (other,) = await units(admin, product)
    assert (await install(admin, other, child))["parent"] == other

    # A unit's WIP is untouched by installs: the parent is still counted at step 1.
    r = await admin.get(f"{API}/wip", params={"line_id": product["line"]["id"]})
    assert r.status_code == 200
    assert r.json()["in_progress"] == 2


async def test_install_refusals_change_nothing(admin: AsyncClient, app: FastAPI) -> None:
    product, module, _ = await floors(admin)
    parent, started_parent = await units(admin, product, 2)
    (done_parent,) = await units(admin, product, completed=True)
    (child,) = await units(admin, module, completed=True)
    (unfinished,) = await units(admin, module)

    async def refused(serial: str, child_serial: str, status: int, code: str) -> dict[str, Any]:
        r = await admin.post(f"{API}/units/{serial}/install", json={"child_serial": child_serial})
        return assert_problem(r, status, code)

    body = await refused(parent, unfinished, 409, "not_installable")
    assert body["reason"] == "child_not_completed" and unfinished in body["detail"]
    body = await refused(parent, parent, 409, "not_installable")
    assert body["reason"] == "same_unit"
    body = await refused(done_parent, child, 409, "not_installable")
    assert body["reason"] == "parent_finished"
    await refused("NOPE-1", child, 404, "not_found")
    await refused(parent, "NOPE-2", 422, "unknown_reference")

    # Installed in another parent: refused, naming where.
    await install(admin, started_parent, child)
    body = await refused(parent, child, 409, "not_installable")
    assert body["reason"] == "child_installed" and started_parent in body["detail"]
    # ... also into the same parent a second time.
    body = await refused(started_parent, child, 409, "not_installable")
    assert body["reason"] == "child_installed"

    # Malformed bodies.
    for bad in ({}, {"child_serial": ""}, {"child_serial": 5}, {"child_serial": child, "x": 1}):
        r = await admin.post(f"{API}/units/{parent}/install", json=bad)
        assert_problem(r, 422)

    assert await _children(admin, parent) == []
    assert _material(await history(admin, parent)) == []
    assert [a for a, _, _ in await audit_actions(app)] == ["install"]


async def test_a_parent_not_started_or_of_a_paused_order(admin: AsyncClient) -> None:
    product, module, _ = await floors(admin)
    (child,) = await units(admin, module, completed=True)
    order = (
        await admin.post(f"{API}/orders", json={"part_id": product["part"]["id"], "quantity": 2})
    ).json()
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 2})
    fresh, moved = [u["serial"] for u in r.json()["items"]]
    r = await admin.post(f"{API}/units/{fresh}/install", json={"child_serial": child})
    assert assert_problem(r, 409, "not_installable")["reason"] == "parent_not_started"
    assert (await admin.post(f"{API}/units/{moved}/move")).status_code == 200
    assert (await admin.post(f"{API}/orders/{order['number']}/pause")).status_code == 200
    r = await admin.post(f"{API}/units/{moved}/install", json={"child_serial": child})
    assert_problem(r, 409, "order_not_runnable")
    assert (await admin.post(f"{API}/orders/{order['number']}/resume")).status_code == 200
    await install(admin, moved, child)


async def test_a_loop_is_refused(admin: AsyncClient, app: FastAPI) -> None:
    """A parent installed (indirectly) in the child it is given. Statuses alone prevent it
    through the API (a child is completed, a parent in progress), so the rows are written
    directly, as bad data or a later status rule could leave them."""
    product, module, _ = await floors(admin)
    (parent,) = await units(admin, product)
    (middle, top) = await units(admin, module, 2, completed=True)
    async with app.state.db.transaction() as session:
        ids = {
            s: (await session.execute(cast(Table, Unit.__table__).select().where(Unit.serial == s)))
            .one()
            .id
            for s in (parent, middle, top)
        }
        rows = [(ids[middle], ids[parent]), (ids[top], ids[middle])]  # parent in middle in top
        for parent_id, child_id in rows:
            await session.execute(
                insert(cast(Table, Assembly.__table__)).values(
                    parent_unit_id=parent_id,
                    child_unit_id=child_id,
                    step=1,
                    installed_at=utcnow(),
                    installed_by="test",
                )
            )
    r = await admin.post(f"{API}/units/{parent}/install", json={"child_serial": top})
    body = assert_problem(r, 409, "not_installable")
    assert body["reason"] == "cycle" and top in body["detail"]
    assert await _children(admin, parent) == []


async def test_remove_refusals(admin: AsyncClient) -> None:
    product, module, _ = await floors(admin)
    parent, other = await units(admin, product, 2)
    (child,) = await units(admin, module, completed=True)
    url = f"{API}/units/{parent}/remove"
    assert_problem(
        await admin.post(url, json={"child_serial": child, "reason": "x"}), 409, "not_installed"
    )
    await install(admin, other, child)
    r = await admin.post(url, json={"child_serial": child, "reason": "x"})
    assert "not installed in" in assert_problem(r, 409, "not_installed")["detail"]
    for bad in (
        {"child_serial": child},
        {"child_serial": child, "reason": ""},
        {"child_serial": child, "reason": "   "},
        {"reason": "x"},
    ):
        assert_problem(await admin.post(f"{API}/units/{other}/remove", json=bad), 422)
    assert_problem(
        await admin.post(f"{API}/units/NOPE-9/remove", json={"child_serial": child, "reason": "x"}),
        404,
        "not_found",
    )
    r = await admin.post(url, json={"child_serial": "NOPE-8", "reason": "x"})
    assert_problem(r, 422, "unknown_reference")
    # Removed twice: the second finds nothing open.
    await remove(admin, other, child, "bad")
    r = await admin.post(f"{API}/units/{other}/remove", json={"child_serial": child, "reason": "x"})
    assert_problem(r, 409, "not_installed")
    assert [c["child"] for c in await _children(admin, other, all="true")] == [child]


async def test_operators_install_on_their_lines_only(admin: AsyncClient, app: FastAPI) -> None:
    product, module, _ = await floors(admin)
    (parent,) = await units(admin, product)
    first, second = await units(admin, module, 2, completed=True)
    elsewhere = await create_line(admin)
    mine = await create_user(admin, password=PASSWORD, line_ids=[product["line"]["id"]])
    other = await create_user(admin, password=PASSWORD, line_ids=[elsewhere["id"]])
    async with as_user(app, other["username"], PASSWORD) as client:
        r = await client.post(f"{API}/units/{parent}/install", json={"child_serial": first})
        assert_problem(r, 403, "not_your_station")
    async with as_user(app, mine["username"], PASSWORD) as client:
        installed = await install(client, parent, first)
        assert installed["installed_by"] == f"user:{mine['username']}"
    async with as_user(app, other["username"], PASSWORD) as client:
        r = await client.post(
            f"{API}/units/{parent}/remove", json={"child_serial": first, "reason": "x"}
        )
        assert_problem(r, 403, "not_your_station")
        # Reading is for everyone.
        assert [c["child"] for c in await _children(client, parent)] == [first]
    async with as_user(app, mine["username"], PASSWORD) as client:
        await remove(client, parent, first, "wrong revision")
        await install(client, parent, second)
    assert [c["child"] for c in await _children(admin, parent)] == [second]
