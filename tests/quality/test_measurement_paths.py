"""A measurement is one statement; where the command may commit by itself (PostgreSQL, a
REST request) that statement is its own transaction, unless the measurement needs a
follow-up — failing the gate the unit waits at, or alert rules that could fire — when it
writes nothing and the command runs again in a transaction with the follow-ups."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select

from app.models import Measurement
from app.quality.measurements import single_statement
from tests.support import gated_floor

API = "/api/v1"


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bool, bool]]:
    """(alone, deferred) of each one-statement measurement."""
    real = single_statement.measure_in_one
    calls: list[tuple[bool, bool]] = []

    async def spy(*args: Any, **kwargs: Any) -> Any:
        found = await real(*args, **kwargs)
        calls.append((kwargs["alone"], bool(found and found.deferred)))
        return found

    monkeypatch.setattr(single_statement, "measure_in_one", spy)
    return calls


async def _measurements(app: FastAPI) -> int:
    async with app.state.db.transaction(write=False) as session:
        return int(await session.scalar(select(func.count()).select_from(Measurement)) or 0)


async def test_a_measurement_without_follow_up_is_its_own_transaction(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    floor = await gated_floor(admin, units=2)
    at_gate, before_gate = floor["serials"]
    for _ in range(2):
        assert (await admin.post(f"{API}/units/{at_gate}/move")).status_code == 200
    assert (await admin.post(f"{API}/units/{before_gate}/move")).status_code == 200
    calls = _spy(monkeypatch)
    postgres = app.state.db.dialect == "postgresql"

    # Passing at the gate, and failing before the unit reached it: nothing follows.
    for serial, value in ((at_gate, 50.0), (before_gate, 70.0)):
        r = await admin.post(
            f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": value}
        )
        assert r.status_code == 201, r.text
        assert r.json()["failed_gate"] is False
    assert calls == ([(True, False), (True, False)] if postgres else [])
    assert (await admin.get(f"{API}/units/{at_gate}")).json()["awaiting"] == "gate_decision"

    # Failing at the gate: deferred (nothing written), then measured and the gate failed in
    # one transaction.
    calls.clear()
    r = await admin.post(
        f"{API}/units/{at_gate}/measurements", json={"test": "Torque", "value": 60.0}
    )
    assert r.status_code == 201, r.text
    assert (r.json()["result"], r.json()["failed_gate"]) == ("fail", True)
    assert calls == ([(True, True), (False, False)] if postgres else [])
    assert await _measurements(app) == 3
    unit = (await admin.get(f"{API}/units/{at_gate}")).json()
    assert unit["awaiting"] == "disposition"


async def test_a_failing_measurement_an_alert_rule_watches_runs_the_rules(
    admin: AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    floor = await gated_floor(admin, units=1)
    (serial,) = floor["serials"]
    assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    rule = await admin.post(
        f"{API}/alert-rules",
        json={
            "name": "torque yield",
            "kind": "yield_below",
            "workstation_id": floor["workstations"][1]["id"],
            "threshold_pct": 90,
            "window_units": 1,
        },
    )
    assert rule.status_code == 201, rule.text
    calls = _spy(monkeypatch)
    r = await admin.post(
        f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": 70.0}
    )
    assert r.status_code == 201, r.text
    postgres = app.state.db.dialect == "postgresql"
    assert calls == ([(True, True), (False, False)] if postgres else [])
    assert await _measurements(app) == 1
    alerts = (await admin.get(f"{API}/alerts")).json()["items"]
    assert [a["kind"] for a in alerts] == ["yield_below"]
