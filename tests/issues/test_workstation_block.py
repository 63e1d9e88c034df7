"""A blocking issue at a workstation (or on its line) refuses unit and batch commands there
(409 `workstation_blocked`) until it is resolved — and an issue opened while units move into
the workstation either refuses a move or comes after it (PostgreSQL, in parallel)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import Issue, UnitEvent
from tests.batches.support import batch_order, new_batch, step
from tests.issues.support import API, create_issue_type, open_issue
from tests.support import assert_problem, create_order, shop_floor


async def _units(admin: AsyncClient, floor: dict[str, Any], count: int) -> list[str]:
    order = await create_order(admin, floor["part"]["id"], quantity=count)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _move(admin: AsyncClient, serial: str) -> None:
    r = await admin.post(f"{API}/units/{serial}/move")
    assert r.status_code == 200, r.text


async def test_a_blocking_issue_stops_the_workstation_until_resolved(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3)
    first, _, third = (w["id"] for w in floor["workstations"])
    at_first, entering, elsewhere = await _units(admin, floor, 3)
    await _move(admin, at_first)  # at step 1 (first workstation)
    await _move(admin, elsewhere)
    await _move(admin, elsewhere)  # at step 2 (second workstation)
    stop = await create_issue_type(admin, blocking=True)
    note = await create_issue_type(admin, blocking=False)
    await open_issue(admin, type=note["code"], workstation_id=first)  # informs, blocks nothing
    await _move(admin, at_first)
    await _move(admin, elsewhere)  # now at the third
    issue = await open_issue(admin, type=stop["code"], workstation_id=third)
    # Leaving it, entering it: refused; the unit unchanged.
    body = assert_problem(
        await admin.post(f"{API}/units/{elsewhere}/move"), 409, "workstation_blocked"
    )
    assert body["issue_id"] == issue["id"]
    assert_problem(await admin.post(f"{API}/units/{at_first}/move"), 409, "workstation_blocked")
    assert_problem(
        await admin.post(f"{API}/units/{elsewhere}/scrap", json={"reason": "x"}),
        409,
        "workstation_blocked",
    )
    assert (await admin.get(f"{API}/units/{elsewhere}")).json()["step"] == 3
    # Elsewhere work goes on.
    await _move(admin, entering)
    r = await admin.post(f"{API}/issues/{issue['id']}/resolve", json={"resolution": "fixed"})
    assert r.status_code == 200, r.text
    await _move(admin, at_first)
    await _move(admin, elsewhere)
    # A line-wide issue stops every workstation of the line.
    line_issue = await open_issue(admin, type=stop["code"], line_id=floor["line"]["id"])
    assert line_issue["workstation_id"] is None
    assert_problem(await admin.post(f"{API}/units/{entering}/move"), 409, "workstation_blocked")


async def test_batch_steps_are_refused_at_a_blocked_workstation(admin: AsyncClient) -> None:
    floor, order = await batch_order(admin, steps=2, quantity=10)
    batch = await new_batch(admin, order["number"], 10)
    stop = await create_issue_type(admin, blocking=True)
    issue = await open_issue(
        admin, type=stop["code"], workstation_id=floor["workstations"][0]["id"]
    )
    assert_problem(
        await admin.post(f"{API}/batches/{batch['id']}/steps/1/start"), 409, "workstation_blocked"
    )
    await admin.post(f"{API}/issues/{issue['id']}/resolve", json={"resolution": "ok"})
    await step(admin, batch["id"], 1, "start")
    again = await open_issue(
        admin, type=stop["code"], workstation_id=floor["workstations"][0]["id"]
    )
    assert_problem(
        await admin.post(f"{API}/batches/{batch['id']}/steps/1/complete", json={"good": 10}),
        409,
        "workstation_blocked",
    )
    assert again["blocking"] is True


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_an_issue_opened_while_units_move_in_comes_after_them_or_refuses_them(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await shop_floor(admin, steps=2)
    target = floor["workstations"][0]["id"]
    serials = await _units(admin, floor, 60)
    stop = await create_issue_type(admin, blocking=True)

    async def move(serial: str) -> int:
        await asyncio.sleep(0.001 * (hash(serial) % 20))
        return (await admin.post(f"{API}/units/{serial}/move")).status_code

    async def open_it() -> dict[str, Any]:
        await asyncio.sleep(0.01)
        return await open_issue(admin, type=stop["code"], workstation_id=target)

    *codes, opened = await asyncio.gather(*(move(s) for s in serials), open_it())
    issue: dict[str, Any] = opened  # type: ignore[assignment]
    assert set(codes) <= {200, 409}, codes
    refused = [r for r in codes if r == 409]
    # After the issue: every move into the workstation is refused.
    for serial in serials:
        r = await admin.post(f"{API}/units/{serial}/move")
        assert r.status_code == 409
        assert r.json()["code"] in ("workstation_blocked",), r.text
    async with app.state.db.transaction(write=False) as session:
        opened_at = await session.scalar(select(Issue.opened_at).where(Issue.id == issue["id"]))
        moved_at = (
            await session.scalars(
                select(UnitEvent.at).where(
                    UnitEvent.type == "moved", UnitEvent.to_workstation_id == target
                )
            )
        ).all()
    # Never half: every move that went in was before the issue.
    assert len(moved_at) == len(codes) - len(refused)
    assert opened_at is not None and all(at < opened_at for at in moved_at)
