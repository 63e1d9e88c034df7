"""Generating units concurrently, and refusals that change nothing (PostgreSQL and SQLite).

On PostgreSQL a generation request is one statement that commits by itself (the order and part
rows locked only while it runs, the rules judged on the newest order row); these tests count
that it took that path. Inside a larger transaction (and on SQLite) the same writes are
separate statements under the order's row lock: both must write the same rows.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.auth.principal import Principal
from app.models import AuditEntry, Order, OutboxEvent, Part, Role, Unit, UnitEvent
from app.units import generation
from app.units import repository as generation_repository
from tests.conftest import login
from tests.support import assert_problem, create_order, create_user, shop_floor

API = "/api/v1"


def _count_single_statements(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each one-statement generation (PostgreSQL) and whether it wrote."""
    real = generation_repository.generate_alone
    calls: list[bool] = []

    async def counting(*args: Any, **kwargs: Any) -> Any:
        generated = await real(*args, **kwargs)
        calls.append(generated is not None and generated.serials is not None)
        return generated

    monkeypatch.setattr(generation_repository, "generate_alone", counting)
    return calls


def _numbers(serials: list[str]) -> list[int]:
    return sorted(int(s.rsplit("-", 1)[1]) for s in serials)


async def _snapshot(app: FastAPI, number: str, part_id: int) -> dict[str, Any]:
    """Everything a generation writes: row counts, the order row, the part's counter."""
    async with app.state.db.transaction(write=False) as session:
        counts = {
            model.__tablename__: int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (Unit, UnitEvent, OutboxEvent, AuditEntry)
        }
        order = (await session.execute(select(Order).where(Order.number == number))).scalar_one()
        part = await session.get(Part, part_id)
        assert part is not None
        return counts | {
            "order": (
                order.status,
                order.started,
                order.started_at,
                order.updated_at,
            ),
            "part": (part.serial_counter, part.updated_at),
        }


async def _order_audit(app: FastAPI, number: str) -> list[AuditEntry]:
    async with app.state.db.transaction(write=False) as session:
        return list(
            (
                await session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.entity_type == "order", AuditEntry.entity_id == number)
                    .order_by(AuditEntry.id)
                )
            ).all()
        )


async def _unit_rows(app: FastAPI, number: str) -> list[tuple[Any, ...]]:
    """Per unit of the order (by serial): the unit's columns, its history and outbox rows."""
    async with app.state.db.transaction(write=False) as session:
        of_order = select(Unit).join(Order, Order.id == Unit.order_id)
        units = (await session.scalars(of_order.where(Order.number == number))).all()
        rows = []
        for unit in sorted(units, key=lambda u: u.id):
            history = (
                await session.execute(
                    select(UnitEvent.type, UnitEvent.to_step, UnitEvent.order_id).where(
                        UnitEvent.unit_id == unit.id
                    )
                )
            ).all()
            outbox = (
                await session.execute(
                    select(
                        OutboxEvent.type,
                        OutboxEvent.serial,
                        OutboxEvent.order_number,
                        OutboxEvent.line_id,
                        OutboxEvent.to_step,
                        OutboxEvent.status,
                    ).where(OutboxEvent.unit_id == unit.id)
                )
            ).all()
            rows.append(
                (
                    unit.serial,
                    unit.status,
                    unit.step,
                    unit.awaiting,
                    unit.workstation_id,
                    unit.line_id,
                    unit.rework_count,
                    unit.created_at == unit.updated_at,
                    [tuple(h) for h in history],
                    [tuple(o) for o in outbox],
                )
            )
        return rows


async def test_forty_stations_generating_one_unit_each_on_one_order(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=40)
    number = order["number"]
    single = _count_single_statements(monkeypatch)
    url = f"{API}/orders/{number}/units"

    responses = await asyncio.gather(*(admin.post(url, json={"count": 1}) for _ in range(40)))
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    serials = [r.json()["items"][0]["serial"] for r in responses]
    assert len(set(serials)) == 40
    assert _numbers(serials) == list(range(1, 41))  # consecutive, no gaps, no duplicates
    if database_url.startswith("postgresql"):
        assert single == [True] * 40  # every one a single statement

    state = (await admin.get(f"{API}/orders/{number}")).json()
    assert (state["status"], state["started"]) == ("running", 40)
    assert state["started_at"] is not None
    rows = await _unit_rows(app, number)
    assert sorted(r[0] for r in rows) == sorted(serials)
    for row in rows:
        assert row[8] == [("created", 0, order["id"])], row  # exactly one `created` history
        assert len(row[9]) == 1 and row[9][0][:3] == ("created", row[0], number), row
    audit = await _order_audit(app, number)
    actions = [a.action for a in audit]
    assert actions == ["create", "start"] + ["generate_units"] * 40
    assert (audit[1].before, audit[1].after) == ({"status": "new"}, {"status": "running"})
    for entry in audit[2:]:
        assert entry.after is not None
        serial = entry.after["first_serial"]
        assert entry.after == {"count": 1, "first_serial": serial, "last_serial": serial}
    assert sorted(a.after["first_serial"] for a in audit[2:] if a.after) == sorted(serials)
    async with app.state.db.transaction(write=False) as session:
        counter = await session.scalar(
            select(Part.serial_counter).where(Part.id == floor["part"]["id"])
        )
    assert counter == 40


async def test_generations_on_two_orders_of_one_part_share_its_counter(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    floor = await shop_floor(admin, steps=1)
    part_id = floor["part"]["id"]
    first = await create_order(admin, part_id, quantity=60)
    second = await create_order(admin, part_id, quantity=60)
    single = _count_single_statements(monkeypatch)
    requests = [
        admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
        for order in (first, second)
        for count in (1, 1, 1, 3, 1, 1, 5, 1, 1, 2) * 2
    ]
    responses = await asyncio.gather(*requests)
    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    by_order: dict[str, list[str]] = {first["number"]: [], second["number"]: []}
    for r in responses:
        items = r.json()["items"]
        block = _numbers([u["serial"] for u in items])
        assert block == list(range(block[0], block[0] + len(items)))  # one consecutive block
        by_order[items[0]["order"]] += [u["serial"] for u in items]
    a, b = by_order.values()
    assert len(a) == len(b) == 34
    assert not set(a) & set(b)  # disjoint
    assert _numbers(a + b) == list(range(1, 69))  # together gap-free
    if database_url.startswith("postgresql"):
        assert single == [True] * 40
    for order in (first, second):
        state = (await admin.get(f"{API}/orders/{order['number']}")).json()
        assert state["started"] == 34
        assert sorted(r[0] for r in await _unit_rows(app, order["number"])) == sorted(
            by_order[order["number"]]
        )


async def test_a_refused_generation_changes_nothing(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    mine, theirs = await shop_floor(admin, steps=2), await shop_floor(admin, steps=2)
    part_id = theirs["part"]["id"]
    fresh = await create_order(admin, part_id, quantity=3)  # new: never started
    paused = await create_order(admin, part_id, quantity=5)
    r = await admin.post(f"{API}/orders/{paused['number']}/units", json={"count": 2})
    assert r.status_code == 201, r.text
    assert (await admin.post(f"{API}/orders/{paused['number']}/pause")).status_code == 200
    await create_user(
        admin,
        username="op-mine",
        password="operator-pw-long",
        role="operator",
        line_ids=[mine["line"]["id"]],
    )
    operator = await login(app, "op-mine", "operator-pw-long")
    single = _count_single_statements(monkeypatch)
    try:
        before = {
            number: await _snapshot(app, number, part_id)
            for number in (fresh["number"], paused["number"])
        }

        async def unchanged() -> None:
            for number, snapshot in before.items():
                assert await _snapshot(app, number, part_id) == snapshot, number

        url = f"{API}/orders/{fresh['number']}/units"
        body = assert_problem(await admin.post(url, json={"count": 4}), 409, "quantity_exceeded")
        assert (body["quantity"], body["started"], body["scrapped"]) == (3, 0, 0)
        assert body["detail"] == (
            f"order {fresh['number']} is for 3 units and has 0 (started 0, scrapped 0): 4 more "
            "would exceed it; at most 3 may be generated"
        )
        await unchanged()
        paused_url = f"{API}/orders/{paused['number']}/units"
        body = assert_problem(
            await admin.post(paused_url, json={"count": 1}), 409, "order_not_runnable"
        )
        assert body["order_status"] == "paused"
        assert body["detail"] == (
            f"order {paused['number']} is paused; units can be generated only for new, "
            "scheduled or running orders"
        )
        await unchanged()
        body = assert_problem(
            await admin.post(f"{API}/orders/PO-9999/units", json={"count": 1}), 404, "not_found"
        )
        assert body["detail"] == "order PO-9999 does not exist"
        await unchanged()
        # An operator of another line: the order's own refusal first, as before.
        r = await operator.post(paused_url, json={"count": 1})
        assert_problem(r, 409, "order_not_runnable")
        r = await operator.post(url, json={"count": 1})
        assert_problem(r, 403, "not_your_station")
        await unchanged()
        if database_url.startswith("postgresql"):
            # The admin's refusals were judged by the statement itself (the operator's
            # before it: restricted callers are checked on a read of the order first).
            assert single == [False, False, False]
    finally:
        await operator.aclose()


async def test_an_operator_generates_where_the_route_starts_on_their_line(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=4)
    await create_user(
        admin,
        username="op-own",
        password="operator-pw-long",
        role="operator",
        line_ids=[floor["line"]["id"]],
    )
    operator = await login(app, "op-own", "operator-pw-long")
    single = _count_single_statements(monkeypatch)
    try:
        url = f"{API}/orders/{order['number']}/units"
        r = await operator.post(url, json={"count": 3})
        assert r.status_code == 201, r.text
        assert [u["step"] for u in r.json()["items"]] == [0, 0, 0]
        body = assert_problem(await operator.post(url, json={"count": 2}), 409, "quantity_exceeded")
        assert (body["quantity"], body["started"], body["scrapped"]) == (4, 3, 0)
        if database_url.startswith("postgresql"):
            assert single == [True]  # the second was refused on its read already
    finally:
        await operator.aclose()


async def test_generation_inside_a_transaction_writes_what_a_request_writes(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    """A command that is not the caller's whole work generates with separate statements in
    its transaction (PostgreSQL too): the same rows as the one-statement request, and
    nothing when the transaction rolls back."""
    floor = await shop_floor(admin, steps=2)
    part_id = floor["part"]["id"]
    by_request = await create_order(admin, part_id, quantity=5)
    in_transaction = await create_order(admin, part_id, quantity=5)
    rolled_back = await create_order(admin, part_id, quantity=5)
    await admin.post(f"{API}/orders/{by_request['number']}/schedule")
    await admin.post(f"{API}/orders/{in_transaction['number']}/schedule")
    r = await admin.post(f"{API}/orders/{by_request['number']}/units", json={"count": 3})
    assert r.status_code == 201, r.text
    from_request = r.json()["items"]
    actor = (await _order_audit(app, by_request["number"]))[-1].actor
    assert actor.startswith("user:")
    principal = Principal(kind="user", id=1, name=actor.split(":", 1)[1], role=Role.ADMIN)
    single = _count_single_statements(monkeypatch)

    db = app.state.db
    async with db.command() as cmd:
        from_command = await generation.generate_units(cmd, principal, in_transaction["number"], 3)
    assert single == []  # not the one-statement path
    numbers = _numbers([u.serial for u in from_command])
    assert numbers == [4, 5, 6]

    def response_shape(item: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in item.items() if k not in ("serial", "created_at", "updated_at")}

    assert [response_shape(u.model_dump(mode="json", by_alias=True)) for u in from_command] == [
        response_shape(u) | {"order": in_transaction["number"]} for u in from_request
    ]

    def same_shape(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [
            (*row[1:8], [h[:2] for h in row[8]], [(o[0], o[3], o[4], o[5]) for o in row[9]])
            for row in rows
        ]

    request_rows = await _unit_rows(app, by_request["number"])
    command_rows = await _unit_rows(app, in_transaction["number"])
    assert same_shape(command_rows) == same_shape(request_rows)
    assert [r[9][0][1:3] for r in command_rows] == [
        (u.serial, in_transaction["number"]) for u in from_command
    ]

    def audited(entries: list[AuditEntry]) -> list[tuple[Any, ...]]:
        return [
            (
                a.actor,
                a.action,
                a.before,
                {k: v for k, v in (a.after or {}).items() if not k.endswith("_serial")},
            )
            for a in entries
        ]

    request_audit = await _order_audit(app, by_request["number"])
    command_audit = await _order_audit(app, in_transaction["number"])
    assert audited(command_audit[1:]) == audited(request_audit[1:])  # after `create`
    assert [a.action for a in command_audit] == ["create", "schedule", "start", "generate_units"]
    assert command_audit[2].before == {"status": "scheduled"}
    assert command_audit[-1].after == {
        "count": 3,
        "first_serial": from_command[0].serial,
        "last_serial": from_command[-1].serial,
    }
    for number in (by_request["number"], in_transaction["number"]):
        state = (await admin.get(f"{API}/orders/{number}")).json()
        assert (state["status"], state["started"]) == ("running", 3)
        assert state["started_at"] is not None

    before = await _snapshot(app, rolled_back["number"], part_id)
    with pytest.raises(RuntimeError, match="changed my mind"):
        async with db.command() as cmd:
            await generation.generate_units(cmd, principal, rolled_back["number"], 2)
            raise RuntimeError("changed my mind")
    assert await _snapshot(app, rolled_back["number"], part_id) == before


async def _until_waiting_for_a_lock(watcher: asyncpg.Connection) -> None:
    for _ in range(500):
        waiting = await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if waiting:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the generation never waited for the order's row lock")


@pytest.mark.parametrize(
    ("meddling", "count", "status", "code"),
    [
        ("UPDATE orders SET status = 'paused' WHERE number = $1", 3, 409, "order_not_runnable"),
        ("UPDATE orders SET quantity = 4 WHERE number = $1", 3, 409, "quantity_exceeded"),
        # Refused on the row as it was when the statement began; allowed on the one it gets.
        ("UPDATE orders SET quantity = 6 WHERE number = $1", 4, 201, None),
    ],
    ids=["paused", "quantity-lowered", "quantity-raised"],
)
# Row locks and statement snapshots: PostgreSQL's (SQLite serializes whole transactions).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_generation_that_waits_for_the_order_judges_the_row_it_gets(
    admin: AsyncClient,
    app: FastAPI,
    database_url: str,
    meddling: str,
    count: int,
    status: int,
    code: str | None,
) -> None:
    """Another transaction holds the order's row lock and changes the order while the
    one-statement generation waits for it: the rules are judged on the changed order."""
    floor = await shop_floor(admin, steps=1)
    part_id = floor["part"]["id"]
    order = await create_order(admin, part_id, quantity=5)
    number = order["number"]
    url = f"{API}/orders/{number}/units"
    assert (await admin.post(url, json={"count": 2})).status_code == 201
    dsn = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    holder, watcher = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    try:
        async with holder.transaction():
            await holder.execute("SELECT 1 FROM orders WHERE number = $1 FOR UPDATE", number)
            request = asyncio.create_task(admin.post(url, json={"count": count}))
            await _until_waiting_for_a_lock(watcher)
            await holder.execute(meddling, number)
        r = await request
    finally:
        await holder.close()
        await watcher.close()

    snapshot = await _snapshot(app, number, part_id)
    if code is not None:
        body = assert_problem(r, status, code)
        if code == "quantity_exceeded":
            assert (body["quantity"], body["started"], body["scrapped"]) == (4, 2, 0)
        else:
            assert body["order_status"] == "paused"
        assert (snapshot["units"], snapshot["order"][1], snapshot["part"][0]) == (2, 2, 2)
    else:
        assert r.status_code == status, r.text
        assert _numbers([u["serial"] for u in r.json()["items"]]) == [3, 4, 5, 6]
        assert (snapshot["units"], snapshot["order"][1], snapshot["part"][0]) == (6, 6, 6)
