"""What a measurement and an observation leave behind (issue 11, items 8 and 14): an audit
entry each, on every path (one statement on PostgreSQL, the operator's two-statement path,
SQLite), and a `failed_gate` that reads the same from the list as from the command."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import login
from tests.support import create_user, gated_floor

API = "/api/v1"
PASSWORD = "operator-password-for-records"


async def _floor(admin: AsyncClient, units: int = 2) -> dict[str, Any]:
    return await gated_floor(admin, units=units)


async def _audit(admin: AsyncClient, entity_type: str) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/audit-log", params={"entity_type": entity_type, "limit": 500})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def _measure(client: AsyncClient, serial: str, value: float) -> dict[str, Any]:
    r = await client.post(
        f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": value}
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_measurements_and_observations_are_audited(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor(admin)
    first, second = floor["serials"]
    await create_user(admin, username="rec-op", password=PASSWORD, line_ids=[floor["line"]["id"]])
    operator = await login(app, "rec-op", PASSWORD)
    try:
        by_admin = await _measure(admin, first, 50)  # PostgreSQL: the one-statement path
        by_operator = await _measure(operator, second, 60)  # the operator's checked path
        r = await operator.post(
            f"{API}/quality-events", json={"serial": second, "notes": "scratch on the housing"}
        )
        assert r.status_code == 201, r.text
        observation = r.json()
    finally:
        await operator.aclose()

    entries = await _audit(admin, "measurement")
    assert [
        (e["entity_id"], e["action"], e["actor"], e["before"], e["after"]) for e in entries
    ] == [
        (
            str(by_operator["id"]),
            "record",
            "user:rec-op",
            None,
            {"serial": second, "test": "Torque", "result": "fail", "source": "operator"},
        ),
        (
            str(by_admin["id"]),
            "record",
            "user:admin",
            None,
            {"serial": first, "test": "Torque", "result": "pass", "source": "operator"},
        ),
    ]
    (entry,) = await _audit(admin, "quality_event")
    assert (entry["entity_id"], entry["action"], entry["actor"]) == (
        str(observation["id"]),
        "observe",
        "user:rec-op",
    )
    assert entry["after"] == {
        "type": "observation",
        "serial": second,
        "workstation_id": None,
        "defect_code": None,
        "notes": "scratch on the housing",
    }


async def test_failed_gate_reads_the_same_from_the_list(admin: AsyncClient) -> None:
    floor = await _floor(admin, units=1)
    (serial,) = floor["serials"]
    early = await _measure(admin, serial, 60)  # at step 0: fails, but no gate to fail
    for _ in range(2):
        r = await admin.post(f"{API}/units/{serial}/move")
        assert r.status_code == 200, r.text
    passed = await _measure(admin, serial, 50)
    failed = await _measure(admin, serial, 60)  # at the gate: fails it
    again = await _measure(admin, serial, 61)  # the gate is already failed
    recorded = [m["failed_gate"] for m in (early, passed, failed, again)]
    assert recorded == [False, False, True, False]
    listed = (await admin.get(f"{API}/units/{serial}/measurements")).json()["items"]
    assert [(m["id"], m["failed_gate"]) for m in listed] == [
        (m["id"], m["failed_gate"]) for m in (early, passed, failed, again)
    ]
    assert (await admin.get(f"{API}/units/{serial}")).json()["awaiting"] == "disposition"
