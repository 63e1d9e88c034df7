"""Quality alerts: rules evaluated on quality events, alerts on the realtime outbox,
acknowledgement — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select

from app.models import OutboxEvent
from app.wip.counters import WipCounters
from tests.conftest import login
from tests.support import (
    assert_problem,
    create_defect_code,
    create_user,
    gated_floor,
)

API = "/api/v1"


async def _gate_floor(admin: AsyncClient) -> dict[str, Any]:
    """Two steps; step 2 is a gate with the Torque test (45-55 Nm)."""
    return await gated_floor(admin, quantity=50)


async def _at_gate(admin: AsyncClient, floor: dict[str, Any], count: int) -> list[str]:
    r = await admin.post(f"{API}/orders/{floor['order']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    serials = [u["serial"] for u in r.json()["items"]]
    for serial in serials:
        for _ in range(2):
            assert (await admin.post(f"{API}/units/{serial}/move")).status_code == 200
    return serials


async def _torque(admin: AsyncClient, serial: str, value: float) -> dict[str, Any]:
    r = await admin.post(
        f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": value}
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def _rule(client: AsyncClient, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/alert-rules", json={"name": "rule"} | body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def _alerts(admin: AsyncClient, **params: Any) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/alerts", params=params)
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def _outbox_alerts(app: FastAPI) -> list[OutboxEvent]:
    async with app.state.db.transaction(write=False) as session:
        rows = await session.scalars(
            select(OutboxEvent).where(OutboxEvent.type == "alert").order_by(OutboxEvent.id)
        )
        return list(rows)


async def test_yield_rule_fires_once_until_acknowledged(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _gate_floor(admin)
    gate_station = floor["workstations"][1]
    rule = await _rule(
        admin,
        name="Gate yield",
        kind="yield_below",
        workstation_id=gate_station["id"],
        threshold_pct=75,
        window_units=4,
    )
    u1, u2, u3, u4, u5, u6 = await _at_gate(admin, floor, 6)
    for serial in (u1, u2):
        await _torque(admin, serial, 50)
        assert (await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"})).is_success
    await _torque(admin, u3, 56)  # 2 of 3 units good: not enough units yet
    assert await _alerts(admin) == []

    await _torque(admin, u4, 57)  # 2 of the last 4 units good: 50 % < 75 %
    (alert,) = await _alerts(admin)
    assert (alert["rule_id"], alert["rule"], alert["kind"]) == (
        rule["id"],
        "Gate yield",
        "yield_below",
    )
    assert (alert["workstation_id"], alert["value"], alert["acknowledged_at"]) == (
        gate_station["id"],
        50.0,
        None,
    )
    assert gate_station["code"] in alert["message"] and "50.0%" in alert["message"]
    assert alert["details"] == {"units": 4, "passed": 2, "threshold_pct": 75.0}

    (row,) = await _outbox_alerts(app)
    assert row.unit_id is None and row.serial is None and row.from_step is None
    assert row.status is None and row.line_id == floor["line"]["id"]
    assert row.payload is not None
    assert (row.payload["id"], row.payload["rule_id"], row.payload["kind"]) == (
        alert["id"],
        rule["id"],
        "yield_below",
    )
    assert row.payload["message"] == alert["message"]

    await _torque(admin, u5, 58)  # still below, but the alert is open: no second one
    assert len(await _alerts(admin)) == 1

    acked = await admin.post(f"{API}/alerts/{alert['id']}/acknowledge")
    assert acked.status_code == 200, acked.text
    assert acked.json()["acknowledged_by"] == "user:admin"
    assert_problem(
        await admin.post(f"{API}/alerts/{alert['id']}/acknowledge"), 409, "already_acknowledged"
    )
    assert await _alerts(admin, open="true") == []

    await _torque(admin, u6, 59)
    newest, oldest = await _alerts(admin)
    assert oldest["id"] == alert["id"] and newest["value"] == 0.0
    assert [a["id"] for a in await _alerts(admin, open="true")] == [newest["id"]]
    assert [a["id"] for a in await _alerts(admin, open="false")] == [alert["id"]]
    assert len(await _outbox_alerts(app)) == 2


async def test_defect_rule_counts_units_within_the_window(admin: AsyncClient) -> None:
    floor = await _gate_floor(admin)
    scratch = await create_defect_code(admin, code="SCRATCH")
    dent = await create_defect_code(admin, code="DENT")
    await _rule(
        admin,
        name="Scratches",
        kind="defect_repeat",
        defect_code="SCRATCH",
        occurrences=3,
        window_minutes=60,
    )
    a, b = await _at_gate(admin, floor, 2)
    # One unit failing and being reworked for the same defect is one occurrence.
    r = await admin.post(f"{API}/units/{a}/gate", json={"result": "fail", "defect_code": "SCRATCH"})
    assert r.status_code == 200
    r = await admin.post(f"{API}/units/{a}/rework", json={"to_step": 1, "defect_code": "SCRATCH"})
    assert r.status_code == 200
    r = await admin.post(f"{API}/quality-events", json={"notes": "dent", "defect_code": "DENT"})
    assert r.status_code == 201
    assert await _alerts(admin) == []
    r = await admin.post(
        f"{API}/quality-events", json={"notes": "scratched pallet", "defect_code": "SCRATCH"}
    )
    assert r.status_code == 201
    assert await _alerts(admin) == []
    r = await admin.post(f"{API}/units/{b}/scrap", json={"reason": "x", "defect_code": "SCRATCH"})
    assert r.status_code == 200
    (alert,) = await _alerts(admin)
    assert (alert["kind"], alert["defect_code"], alert["value"]) == ("defect_repeat", "SCRATCH", 3)
    assert "SCRATCH recorded 3 times in 60 min" in alert["message"]
    assert scratch["code"] != dent["code"]


async def test_scoped_and_disabled_rules(admin: AsyncClient) -> None:
    floor = await _gate_floor(admin)
    first, second = floor["workstations"]
    await create_defect_code(admin, code="BURR")
    rule = await _rule(
        admin, kind="defect_repeat", workstation_id=first["id"], occurrences=1, window_minutes=5
    )
    await admin.post(
        f"{API}/quality-events",
        json={"notes": "burr", "defect_code": "BURR", "workstation_id": second["id"]},
    )
    assert await _alerts(admin) == []
    r = await admin.patch(f"{API}/alert-rules/{rule['id']}", json={"enabled": False})
    assert r.status_code == 200 and r.json()["enabled"] is False
    await admin.post(
        f"{API}/quality-events",
        json={"notes": "burr", "defect_code": "BURR", "workstation_id": first["id"]},
    )
    assert await _alerts(admin) == []
    await admin.patch(f"{API}/alert-rules/{rule['id']}", json={"enabled": True})
    await admin.post(
        f"{API}/quality-events",
        json={"notes": "burr", "defect_code": "BURR", "workstation_id": first["id"]},
    )
    (alert,) = await _alerts(admin)
    assert alert["workstation_id"] == first["id"] and first["code"] in alert["message"]
    # A rule that fired is production history: disable it, don't delete it.
    assert_problem(await admin.delete(f"{API}/alert-rules/{rule['id']}"), 409, "in_use")
    unused = await _rule(admin, kind="yield_below", threshold_pct=90, window_units=10)
    assert (await admin.delete(f"{API}/alert-rules/{unused['id']}")).status_code == 204


async def test_alerts_do_not_change_wip(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _gate_floor(admin)
    await _at_gate(admin, floor, 2)
    await create_defect_code(admin, code="CRACK")
    await _rule(admin, kind="defect_repeat", occurrences=1, window_minutes=5)
    before = (await admin.get(f"{API}/wip")).json()
    r = await admin.post(f"{API}/quality-events", json={"notes": "crack", "defect_code": "CRACK"})
    assert r.status_code == 201
    after = (await admin.get(f"{API}/wip")).json()
    assert after["seq"] == before["seq"] + 1  # the alert took a sequence number ...
    assert {k: v for k, v in after.items() if k != "seq"} == {
        k: v for k, v in before.items() if k != "seq"
    }  # ... and changed no counter
    (row,) = await _outbox_alerts(app)
    assert row.seq == after["seq"]
    counters = WipCounters(workstations={w["id"]: 2 for w in floor["workstations"]}, in_progress=2)
    snapshot = (dict(counters.workstations), counters.in_progress)
    event = {c.name: getattr(row, c.name) for c in OutboxEvent.__table__.columns}
    counters.apply(event)
    counters.apply(event, sign=-1)
    counters.apply(event)
    assert (dict(counters.workstations), counters.in_progress) == snapshot
    assert (counters.not_started, counters.completed, counters.scrapped) == (0, 0, 0)


async def test_concurrent_events_open_one_alert(admin: AsyncClient) -> None:
    await create_defect_code(admin, code="FLASH")
    await _rule(admin, kind="defect_repeat", occurrences=1, window_minutes=5)

    async def observe(i: int) -> int:
        r = await admin.post(
            f"{API}/quality-events", json={"notes": f"flash {i}", "defect_code": "FLASH"}
        )
        return r.status_code

    statuses = await asyncio.gather(*(observe(i) for i in range(12)))
    assert all(s in (201, 409) for s in statuses), statuses  # 409: a retryable lock conflict
    assert statuses.count(201) >= 1
    assert len(await _alerts(admin)) == 1


async def test_rule_validation_and_access(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _gate_floor(admin)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"kind": "yield_below", "threshold_pct": 90}, 422, "validation_error"),
        ({"kind": "yield_below", "threshold_pct": 0, "window_units": 5}, 422, "validation_error"),
        ({"kind": "yield_below", "threshold_pct": 101, "window_units": 5}, 422, "validation_error"),
        (
            {"kind": "yield_below", "threshold_pct": 90, "window_units": 5, "occurrences": 2},
            422,
            "validation_error",
        ),
        (
            {"kind": "yield_below", "threshold_pct": 90, "window_units": 5, "defect_code": "X"},
            422,
            "validation_error",
        ),
        ({"kind": "defect_repeat", "occurrences": 2}, 422, "validation_error"),
        (
            {"kind": "defect_repeat", "occurrences": 2**70, "window_minutes": 5},
            422,
            "validation_error",
        ),
        ({"kind": "sometimes"}, 422, "validation_error"),
        (
            {"kind": "defect_repeat", "occurrences": 2, "window_minutes": 5, "defect_code": "NOPE"},
            422,
            "unknown_reference",
        ),
        (
            {
                "kind": "yield_below",
                "threshold_pct": 90,
                "window_units": 5,
                "workstation_id": 2**62,
            },
            422,
            "unknown_reference",
        ),
    ]
    for body, status, code in cases:
        assert_problem(
            await admin.post(f"{API}/alert-rules", json={"name": "r"} | body), status, code
        )
    assert (await admin.get(f"{API}/alert-rules")).json()["items"] == []
    rule = await _rule(admin, kind="yield_below", threshold_pct=90, window_units=5)
    url = f"{API}/alert-rules/{rule['id']}"
    assert_problem(await admin.patch(url, json={"occurrences": 3}), 422)
    assert_problem(await admin.patch(url, json={"threshold_pct": None}), 422)
    assert_problem(await admin.patch(url, json={"kind": "defect_repeat"}), 422)
    assert (await admin.patch(url, json={"threshold_pct": 80})).json()["threshold_pct"] == 80
    assert_problem(await admin.get(f"{API}/alert-rules/{2**62}"), 404)
    assert_problem(await admin.get(f"{API}/alerts/{2**62}"), 404)
    assert_problem(await admin.post(f"{API}/alerts/{2**62}/acknowledge"), 404)

    await create_user(
        admin, username="q-line-op", password="operator-pw-long", line_ids=[floor["line"]["id"]]
    )
    await create_user(admin, username="q-super", password="super-pw-1234", role="supervisor")
    operator = await login(app, "q-line-op", "operator-pw-long")
    supervisor = await login(app, "q-super", "super-pw-1234")
    try:
        body = {"name": "r", "kind": "yield_below", "threshold_pct": 90, "window_units": 5}
        assert_problem(await operator.post(f"{API}/alert-rules", json=body), 403)
        assert (await operator.get(f"{API}/alert-rules")).status_code == 200
        await _rule(supervisor, kind="defect_repeat", occurrences=1, window_minutes=1)
        await create_defect_code(admin, code="NICK")
        r = await operator.post(
            f"{API}/quality-events",
            json={
                "notes": "nick",
                "defect_code": "NICK",
                "workstation_id": floor["workstations"][0]["id"],
            },
        )
        assert r.status_code == 201, r.text
        (alert,) = await _alerts(admin)
        assert_problem(await operator.post(f"{API}/alerts/{alert['id']}/acknowledge"), 403)
        r = await supervisor.post(f"{API}/alerts/{alert['id']}/acknowledge")
        assert r.status_code == 200 and r.json()["acknowledged_by"] == "user:q-super"
    finally:
        await operator.aclose()
        await supervisor.aclose()


async def test_observations_validate_their_references(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _gate_floor(admin)
    (serial,) = await _at_gate(admin, floor, 1)
    cases: list[tuple[Any, int, str]] = [
        ({}, 422, "validation_error"),
        ({"notes": ""}, 422, "validation_error"),
        ({"notes": "x", "serial": "NOPE-1"}, 422, "unknown_reference"),
        ({"notes": "x", "workstation_id": 2**62}, 422, "unknown_reference"),
        ({"notes": "x", "workstation_id": 2**70}, 422, "validation_error"),
        ({"notes": "x", "defect_code": "NOPE"}, 422, "unknown_reference"),
        ({"notes": "x", "type": "scrap"}, 422, "validation_error"),
        ({"notes": "x\x00"}, 422, "validation_error"),
    ]
    for body, status, code in cases:
        assert_problem(await admin.post(f"{API}/quality-events", json=body), status, code)
    assert (await admin.get(f"{API}/quality-events", params={"type": "observation"})).json()[
        "items"
    ] == []
    r = await admin.post(f"{API}/quality-events", json={"notes": "smudge", "serial": serial})
    assert r.status_code == 201, r.text
    event = r.json()
    assert (event["type"], event["serial"], event["step"], event["workstation_id"]) == (
        "observation",
        serial,
        2,
        floor["workstations"][1]["id"],
    )
    unit = (await admin.get(f"{API}/units/{serial}")).json()
    assert (unit["step"], unit["awaiting"]) == (2, "gate_decision")
    assert_problem(await admin.get(f"{API}/quality-events", params={"type": "bogus"}), 422)
    assert_problem(await admin.get(f"{API}/quality-events", params={"cursor": "!!"}), 400)
