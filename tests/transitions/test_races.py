"""Races between unit commands (gate pass/fail, rework, scrap, measurements, completion).

Each test fires real requests at once (`asyncio.gather`) and checks that the outcome is one
serial order of them: the responses, the units' final state, the order's counters and every
row the commands wrote — history (`unit_events`), `outbox_events`, `audit_log`,
`quality_events`, `measurements` — agree with the winner only. They pin behaviour that holds
whichever way the pipeline takes (the locked path today, a compare-and-set path later) and
run on SQLite (commands serialized by the write lock) and PostgreSQL (truly concurrent).
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select

from app.models import AuditEntry, Measurement, OutboxEvent, QualityEvent, Unit, UnitEvent
from tests.support import assert_problem, gated_floor, order_audit_actions

API = "/api/v1"
PASSING, FAILING = 50.0, 60.0  # Torque, 45-55 Nm


# The row kinds of `Written` (all but the measurement audit count).
_ROWS = ("history", "outbox", "audit", "quality", "measurements")


@dataclass(frozen=True)
class Written:
    """The rows of one unit, oldest first (or those a race added: see `_added`)."""

    history: tuple[tuple[str, str | None], ...] = ()  # unit_events (type, result)
    outbox: tuple[str, ...] = ()  # outbox_events type
    audit: tuple[str, ...] = ()  # audit_log action on the unit
    quality: tuple[tuple[str, str | None], ...] = ()  # quality_events (type, result)
    measurements: tuple[tuple[str, bool], ...] = ()  # (result, failed_gate)
    measurement_audits: int = 0  # audit_log `record` entries of its measurements

    def sorted(self) -> Written:
        """The same rows in a canonical order (for commands whose rows may interleave)."""
        rows: dict[str, Any] = {k: tuple(sorted(getattr(self, k), key=repr)) for k in _ROWS}
        return replace(self, **rows)

    def __add__(self, other: Written) -> Written:
        rows: dict[str, Any] = {k: getattr(self, k) + getattr(other, k) for k in _ROWS}
        audits = self.measurement_audits + other.measurement_audits
        return replace(self, **rows, measurement_audits=audits)


def _command(
    audit: str, quality: tuple[str, str | None], *history: tuple[str, str | None]
) -> Written:
    """What a winning unit command writes: its history rows (and their outbox events), one
    audit entry on the unit and one quality event."""
    return Written(history, tuple(t for t, _ in history), (audit,), (quality,))


# What each winning command adds (at a gate that is the route's last step unless said).
PASS_COMPLETES = _command(
    "gate_pass", ("inspection", "pass"), ("gate_passed", "pass"), ("completed", None)
)
PASS_MOVES_ON = _command(
    "gate_pass", ("inspection", "pass"), ("gate_passed", "pass"), ("moved", None)
)
FAILS = _command("gate_fail", ("inspection", "fail"), ("gate_failed", "fail"))
SCRAPS = _command("scrap", ("scrap", None), ("scrapped", None))
REWORKS = _command("rework", ("rework", None), ("reworked", None))


def _measured(result: str, failed_gate: bool) -> Written:
    """A stored measurement's rows (its history row carries the measurement's result)."""
    return Written(
        history=(("measured", result),),
        quality=(("inspection", result),),
        measurements=((result, failed_gate),),
        measurement_audits=1,
    )


async def _written(app: FastAPI, serials: Sequence[str]) -> dict[str, Written]:
    """Every row the units have, by serial."""
    async with app.state.db.transaction(write=False) as session:
        ids = {
            unit_id: serial
            for serial, unit_id in await session.execute(
                select(Unit.serial, Unit.id).where(Unit.serial.in_(serials))
            )
        }
        history = await session.execute(
            select(UnitEvent.unit_id, UnitEvent.type, UnitEvent.result)
            .where(UnitEvent.unit_id.in_(ids))
            .order_by(UnitEvent.id)
        )
        outbox = await session.execute(
            select(OutboxEvent.unit_id, OutboxEvent.type)
            .where(OutboxEvent.unit_id.in_(ids))
            .order_by(OutboxEvent.id)
        )
        audit = await session.execute(
            select(AuditEntry.entity_id, AuditEntry.action)
            .where(AuditEntry.entity_type == "unit", AuditEntry.entity_id.in_(serials))
            .order_by(AuditEntry.id)
        )
        quality = await session.execute(
            select(QualityEvent.unit_id, QualityEvent.type, QualityEvent.result)
            .where(QualityEvent.unit_id.in_(ids))
            .order_by(QualityEvent.id)
        )
        measured = (
            await session.execute(
                select(
                    Measurement.id, Measurement.unit_id, Measurement.result, Measurement.failed_gate
                )
                .where(Measurement.unit_id.in_(ids))
                .order_by(Measurement.id)
            )
        ).all()
        recorded = set(
            await session.scalars(
                select(AuditEntry.entity_id).where(
                    AuditEntry.entity_type == "measurement", AuditEntry.action == "record"
                )
            )
        )
    rows: dict[str, dict[str, list[Any]]] = {s: {k: [] for k in _ROWS} for s in serials}
    audits: Counter[str] = Counter()
    for unit_id, type_, result in history:
        rows[ids[unit_id]]["history"].append((type_, result))
    for unit_id, type_ in outbox:
        rows[ids[unit_id]]["outbox"].append(type_)
    for serial, action in audit:
        rows[serial]["audit"].append(action)
    for unit_id, type_, result in quality:
        rows[ids[unit_id]]["quality"].append((type_, result))
    for measurement_id, unit_id, result, failed_gate in measured:
        rows[ids[unit_id]]["measurements"].append((result, bool(failed_gate)))
        audits[ids[unit_id]] += str(measurement_id) in recorded
    return {
        serial: Written(**{k: tuple(v) for k, v in r.items()}, measurement_audits=audits[serial])
        for serial, r in rows.items()
    }


def _added(before: Written, after: Written) -> Written:
    """The rows a race added: every table is append-only, so `before` is a prefix of
    `after` (rows committed earlier have lower ids)."""
    for k in _ROWS:
        old, new = getattr(before, k), getattr(after, k)
        assert new[: len(old)] == old, (k, old, new)
    return replace(
        after,
        **{k: getattr(after, k)[len(getattr(before, k)) :] for k in _ROWS},
        measurement_audits=after.measurement_audits - before.measurement_audits,
    )


async def _order(admin: AsyncClient, app: FastAPI, number: str) -> dict[str, Any]:
    """The order as the API shows it, with `auto_completions`: its `auto_complete` audits."""
    state: dict[str, Any] = (await admin.get(f"{API}/orders/{number}")).json()
    actions = await order_audit_actions(app, number)
    state["auto_completions"] = actions.count("auto_complete")
    return state


async def _unit(admin: AsyncClient, serial: str) -> dict[str, Any]:
    r = await admin.get(f"{API}/units/{serial}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _post(admin: AsyncClient, serial: str, command: str, **body: Any) -> Response:
    return await admin.post(f"{API}/units/{serial}/{command}", json=body or None)


def _gate(admin: AsyncClient, serial: str, result: str) -> Awaitable[Response]:
    return _post(admin, serial, "gate", result=result)


def _scrap(admin: AsyncClient, serial: str) -> Awaitable[Response]:
    return _post(admin, serial, "scrap", reason="dropped")


def _measure(admin: AsyncClient, serial: str, value: float) -> Awaitable[Response]:
    return _post(admin, serial, "measurements", test="Torque", value=value)


async def _to_gate(admin: AsyncClient, serial: str, *, torque: bool = True) -> None:
    """Move the unit to its gate at step 2 (and give it a passing Torque measurement)."""
    for _ in range(2):
        r = await _post(admin, serial, "move")
        assert r.status_code == 200, r.text
    if torque:
        r = await _measure(admin, serial, PASSING)
        assert r.status_code == 201 and r.json()["result"] == "pass", r.text


async def _all_to_gate(admin: AsyncClient, serials: Sequence[str], **how: Any) -> None:
    await asyncio.gather(*(_to_gate(admin, s, **how) for s in serials))


async def _race(*commands: Awaitable[Response]) -> list[Response]:
    """Run the commands at once (in a random start order); responses in argument order."""
    order = list(range(len(commands)))
    random.shuffle(order)
    started = [asyncio.ensure_future(commands[i]) for i in order]
    done = await asyncio.gather(*started)
    responses: list[Response] = [done[order.index(i)] for i in range(len(commands))]
    for r in responses:
        assert r.status_code in (200, 201, 409), r.text  # never a 500, never a deadlock
    return responses


def _wins(r: Response) -> bool:
    return r.status_code in (200, 201)


async def test_gate_pass_racing_scrap_one_wins(admin: AsyncClient, app: FastAPI) -> None:
    """Each of 6 units at its last (gate) step is passed and scrapped at once: one command
    wins, the other is refused `unit_finished`, and only the winner wrote."""
    floor = await gated_floor(admin, units=6)
    serials, number = floor["serials"], floor["order"]
    await _all_to_gate(admin, serials)
    before = await _written(app, serials)

    responses = await _race(
        *(c for s in serials for c in (_gate(admin, s, "pass"), _scrap(admin, s)))
    )

    after = await _written(app, serials)
    passed = 0
    for i, serial in enumerate(serials):
        gate, scrap = responses[2 * i], responses[2 * i + 1]
        assert _wins(gate) != _wins(scrap), (gate.text, scrap.text)
        loser = scrap if _wins(gate) else gate
        assert_problem(loser, 409, "unit_finished")
        unit = await _unit(admin, serial)
        if _wins(gate):
            passed += 1
            assert gate.json()["status"] == unit["status"] == "completed"
            assert _added(before[serial], after[serial]) == PASS_COMPLETES
        else:
            assert scrap.json()["status"] == unit["status"] == "scrapped"
            assert _added(before[serial], after[serial]) == SCRAPS
        assert (unit["step"], unit["awaiting"]) == (2, None)
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (6, passed, 6 - passed)
    complete = passed == 6  # the order completes only if every unit passed
    assert order["status"] == ("complete" if complete else "running")
    assert order["auto_completions"] == int(complete)


async def test_parallel_gate_passes_complete_the_unit_once(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await gated_floor(admin, units=1)
    (serial,), number = floor["serials"], floor["order"]
    await _to_gate(admin, serial)
    before = await _written(app, [serial])

    responses = await _race(*(_gate(admin, serial, "pass") for _ in range(10)))

    winners = [r for r in responses if _wins(r)]
    assert len(winners) == 1, [r.text for r in responses]
    assert winners[0].json()["status"] == "completed"
    for r in responses:
        if not _wins(r):
            assert_problem(r, 409, "unit_finished")
    after = await _written(app, [serial])
    assert _added(before[serial], after[serial]) == PASS_COMPLETES
    unit = await _unit(admin, serial)
    assert (unit["status"], unit["step"], unit["awaiting"]) == ("completed", 2, None)
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (1, 1, 0)
    assert (order["status"], order["auto_completions"]) == ("complete", 1)


async def test_gate_pass_racing_gate_fail_one_wins(admin: AsyncClient, app: FastAPI) -> None:
    """Pass and fail of each of 6 units at once: the pass wins (the fail finds the unit
    finished) or the fail wins (the pass finds it awaiting disposition)."""
    floor = await gated_floor(admin, units=6)
    serials, number = floor["serials"], floor["order"]
    await _all_to_gate(admin, serials)
    before = await _written(app, serials)

    responses = await _race(
        *(c for s in serials for c in (_gate(admin, s, "pass"), _gate(admin, s, "fail")))
    )

    after = await _written(app, serials)
    passed = 0
    for i, serial in enumerate(serials):
        gate_pass, gate_fail = responses[2 * i], responses[2 * i + 1]
        assert _wins(gate_pass) != _wins(gate_fail), (gate_pass.text, gate_fail.text)
        unit = await _unit(admin, serial)
        if _wins(gate_pass):
            passed += 1
            assert_problem(gate_fail, 409, "unit_finished")
            assert (unit["status"], unit["awaiting"]) == ("completed", None)
            assert _added(before[serial], after[serial]) == PASS_COMPLETES
        else:
            assert_problem(gate_pass, 409, "disposition_required")
            assert gate_fail.json()["awaiting"] == unit["awaiting"] == "disposition"
            assert (unit["status"], unit["step"]) == ("in_progress", 2)
            assert _added(before[serial], after[serial]) == FAILS
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (6, passed, 0)
    assert order["auto_completions"] == int(passed == 6)


async def test_last_units_passing_their_gate_at_once_complete_the_order_once(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await gated_floor(admin, units=20)
    serials, number = floor["serials"], floor["order"]
    await _all_to_gate(admin, serials)
    before = await _written(app, serials)

    responses = await _race(*(_gate(admin, s, "pass") for s in serials))

    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    after = await _written(app, serials)
    for serial in serials:
        assert _added(before[serial], after[serial]) == PASS_COMPLETES
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (20, 20, 0)
    assert order["status"] == "complete" and order["finished_at"] is not None
    assert order["auto_completions"] == 1


async def test_last_units_passing_and_scrapped_at_once_complete_the_order_once(
    admin: AsyncClient, app: FastAPI
) -> None:
    """20 units at the last gate: 14 passed and 6 scrapped at once, the order's quantity
    lowered to 14 (generation never over-produces): it completes once."""
    floor = await gated_floor(admin, units=20)
    serials, number = floor["serials"], floor["order"]
    r = await admin.patch(f"{API}/orders/{number}", json={"quantity": 14})
    assert r.status_code == 200, r.text
    await _all_to_gate(admin, serials)
    before = await _written(app, serials)
    passing, scrapping = serials[:14], serials[14:]

    responses = await _race(
        *(_gate(admin, s, "pass") for s in passing), *(_scrap(admin, s) for s in scrapping)
    )

    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    after = await _written(app, serials)
    for serial in serials:
        wrote = PASS_COMPLETES if serial in passing else SCRAPS
        assert _added(before[serial], after[serial]) == wrote
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (20, 14, 6)
    assert order["completed"] + order["scrapped"] == order["started"]
    assert order["status"] == "complete" and order["finished_at"] is not None
    assert order["auto_completions"] == 1


async def test_rework_racing_scrap_of_a_failed_unit(admin: AsyncClient, app: FastAPI) -> None:
    """Each of 6 units that failed its gate is reworked and scrapped at once. Scrap first:
    the rework finds the unit finished. Rework first: the scrap (which waits for nothing in
    particular) scraps the reworked unit where the rework left it — both succeed, in that
    order. Never a rework after the scrap, never a scrap judged on the old state."""
    floor = await gated_floor(admin, units=6)
    serials, number = floor["serials"], floor["order"]
    await _all_to_gate(admin, serials, torque=False)
    for serial in serials:
        r = await _gate(admin, serial, "fail")
        assert r.status_code == 200 and r.json()["awaiting"] == "disposition", r.text
    before = await _written(app, serials)

    responses = await _race(
        *(c for s in serials for c in (_post(admin, s, "rework", to_step=1), _scrap(admin, s)))
    )

    after = await _written(app, serials)
    for i, serial in enumerate(serials):
        rework, scrap = responses[2 * i], responses[2 * i + 1]
        assert scrap.status_code == 200, scrap.text  # the scrap always applies
        unit = await _unit(admin, serial)
        assert unit["status"] == scrap.json()["status"] == "scrapped"
        added = _added(before[serial], after[serial])
        if _wins(rework):
            assert rework.json()["step"] == 1 and rework.json()["rework_count"] == 1
            assert (unit["step"], unit["rework_count"]) == (1, 1)  # scrapped at step 1
            assert added == REWORKS + SCRAPS
        else:
            assert_problem(rework, 409, "unit_finished")
            assert (unit["step"], unit["rework_count"]) == (2, 0)
            assert added == SCRAPS
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (6, 0, 6)
    assert (order["status"], order["auto_completions"]) == ("running", 0)


async def test_failing_measurement_racing_gate_pass(admin: AsyncClient, app: FastAPI) -> None:
    """8 units at a gate (step 2 of 3) with a passing Torque: each gets a failing Torque and
    a gate pass at once. The pass wins (the measurement is stored but fails nothing: the
    unit has moved on) or the failure wins (the gate fails, the pass is refused) — never
    both."""
    floor = await gated_floor(admin, steps=3, units=8)
    serials, number = floor["serials"], floor["order"]
    await _all_to_gate(admin, serials)
    before = await _written(app, serials)

    responses = await _race(
        *(c for s in serials for c in (_measure(admin, s, FAILING), _gate(admin, s, "pass")))
    )

    after = await _written(app, serials)
    for i, serial in enumerate(serials):
        measured, gate = responses[2 * i], responses[2 * i + 1]
        assert measured.status_code == 201, measured.text  # stored either way
        assert measured.json()["result"] == "fail"
        unit = await _unit(admin, serial)
        added = _added(before[serial], after[serial]).sorted()
        if _wins(gate):
            assert measured.json()["failed_gate"] is False
            assert gate.json()["step"] == unit["step"] == 3
            assert unit["awaiting"] == "move"
            assert added == (PASS_MOVES_ON + _measured("fail", False)).sorted()
        else:
            body = assert_problem(gate, 409)
            assert body["code"] in ("disposition_required", "tests_failed"), body
            assert measured.json()["failed_gate"] is True
            assert (unit["step"], unit["awaiting"]) == (2, "disposition")
            assert added == (FAILS + _measured("fail", True)).sorted()
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (8, 0, 0)
    assert order["status"] == "running"


async def test_parallel_measurements_are_all_stored_and_change_no_unit(
    admin: AsyncClient, app: FastAPI
) -> None:
    floor = await gated_floor(admin, units=1)
    (serial,), number = floor["serials"], floor["order"]
    await _to_gate(admin, serial, torque=False)
    unit_before = await _unit(admin, serial)
    assert unit_before["awaiting"] == "gate_decision"
    before = await _written(app, [serial])

    responses = await _race(*(_measure(admin, serial, PASSING) for _ in range(20)))

    assert all(r.status_code == 201 for r in responses), [r.text for r in responses]
    assert all((r.json()["result"], r.json()["failed_gate"]) == ("pass", False) for r in responses)
    assert len({r.json()["id"] for r in responses}) == 20
    after = await _written(app, [serial])
    assert _added(before[serial], after[serial]) == sum(
        [_measured("pass", False)] * 20, start=Written()
    )
    assert await _unit(admin, serial) == unit_before  # not even updated_at
    order = await _order(admin, app, number)
    assert (order["started"], order["completed"], order["scrapped"]) == (1, 0, 0)
    # And the gate now passes on them.
    r = await _gate(admin, serial, "pass")
    assert r.status_code == 200 and r.json()["status"] == "completed", r.text
