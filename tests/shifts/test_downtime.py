"""Downtime reasons, machine-state reasons (REST and MQTT decoding), workstation settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from app.models import MachineState
from app.telemetry.payloads import StatePayload
from tests.config_access import audit_entries, row_counts
from tests.issues.support import create_issue_type
from tests.support import assert_problem, create_line, create_workstation

DR = "/api/v1/downtime-reasons"
WS = "/api/v1/workstations"


async def add_state(app: FastAPI, workstation_id: int, state: str, hour: int) -> int:
    async with app.state.db.transaction() as session:
        row = MachineState(
            workstation_id=workstation_id,
            state=state,
            started_at=datetime(2026, 1, 5, hour, tzinfo=UTC),
            ended_at=datetime(2026, 1, 5, hour + 1, tzinfo=UTC),
            actor="test",
        )
        session.add(row)
        await session.flush()
        return row.id


async def test_reasons_crud_duplicate_and_bad_input(admin: AsyncClient, app: FastAPI) -> None:
    r = await admin.post(
        DR, json={"code": "TOOL", "name": "Tool breakage", "category": "equipment_failure"}
    )
    assert r.status_code == 201, r.text
    reason = r.json()
    before = await row_counts(app)
    assert_problem(
        await admin.post(DR, json={"code": "TOOL", "name": "x", "category": "planned"}),
        409,
        "duplicate",
    )
    assert_problem(await admin.post(DR, json={"code": "X", "name": "x", "category": "lunch"}), 422)
    assert_problem(await admin.post(DR, json={"code": "X", "name": "x"}), 422)
    assert await row_counts(app) == before
    r = await admin.patch(f"{DR}/{reason['id']}", json={"category": "minor_stop"})
    assert r.json()["category"] == "minor_stop"
    listed = (await admin.get(DR, params={"category": "minor_stop"})).json()["items"]
    assert [x["id"] for x in listed] == [reason["id"]]
    assert (await admin.delete(f"{DR}/{reason['id']}")).status_code == 204
    actions = sorted(e.action for e in await audit_entries(app, "downtime_reason", reason["id"]))
    assert actions == ["create", "delete", "update"]


async def test_state_reason(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    ws = await create_workstation(admin, line["id"])
    other = await create_workstation(admin, line["id"])
    reason = (
        await admin.post(DR, json={"code": "JAM", "name": "Jam", "category": "minor_stop"})
    ).json()
    down = await add_state(app, ws["id"], "down", 8)
    running = await add_state(app, ws["id"], "running", 9)
    url = f"{WS}/{ws['id']}/states"

    r = await admin.patch(f"{url}/{down}", json={"reason_code": "JAM"})
    assert r.status_code == 200, r.text
    assert r.json()["reason_id"] == reason["id"] and r.json()["reason_code"] == "JAM"
    listed = (await admin.get(url)).json()["items"]
    assert [(x["id"], x["reason_code"]) for x in listed] == [(down, "JAM"), (running, None)]
    # Referenced: the reason cannot go.
    assert_problem(await admin.delete(f"{DR}/{reason['id']}"), 409, "in_use")

    before = await row_counts(app)
    assert_problem(
        await admin.patch(f"{url}/{running}", json={"reason_code": "JAM"}), 409, "state_running"
    )
    assert_problem(await admin.patch(f"{url}/{down}", json={"reason_code": "NOPE"}), 422)
    assert_problem(await admin.patch(f"{url}/{down}", json={}), 422)
    assert_problem(
        await admin.patch(f"{WS}/{other['id']}/states/{down}", json={"reason_code": "JAM"}), 404
    )
    assert_problem(await admin.patch(f"{url}/999999", json={"reason_code": "JAM"}), 404)
    assert await row_counts(app) == before
    r = await admin.patch(f"{url}/{down}", json={"reason_code": None})
    assert r.status_code == 200 and r.json()["reason_id"] is None
    assert (await admin.delete(f"{DR}/{reason['id']}")).status_code == 204


def test_state_messages_may_carry_a_reason_code() -> None:
    payload = StatePayload.model_validate({"state": "down", "reason_code": "JAM"})
    assert payload.reason_code == "JAM"
    with pytest.raises(ValueError):
        StatePayload.model_validate({"state": "down", "reason_code": 7})


async def test_workstation_settings(admin: AsyncClient, app: FastAPI) -> None:
    line = await create_line(admin)
    # `auto_issue_type` names an issue type (422 `unknown_reference` otherwise).
    await create_issue_type(admin, code="MACHINE-DOWN")
    ws = await create_workstation(
        admin, line["id"], ideal_cycle_s=30, silence_timeout_s=300, auto_issue_type="MACHINE-DOWN"
    )
    assert (ws["ideal_cycle_s"], ws["silence_timeout_s"], ws["auto_issue_type"]) == (
        30.0,
        300,
        "MACHINE-DOWN",
    )
    plain = await create_workstation(admin, line["id"])
    assert plain["ideal_cycle_s"] is None and plain["silence_timeout_s"] is None
    r = await admin.patch(f"{WS}/{ws['id']}", json={"ideal_cycle_s": 12.5, "auto_issue_type": None})
    assert r.status_code == 200, r.text
    assert r.json()["ideal_cycle_s"] == 12.5 and r.json()["auto_issue_type"] is None
    before = await row_counts(app)
    for bad in (
        {"ideal_cycle_s": 0},
        {"ideal_cycle_s": -1},
        {"silence_timeout_s": 0},
        {"silence_timeout_s": 1.5},
        {"ideal_cycle_s": "3"},
        {"auto_issue_type": ""},
        {"auto_issue_type": "NO-SUCH-TYPE"},
    ):
        assert_problem(await admin.patch(f"{WS}/{ws['id']}", json=bad), 422)
        assert_problem(
            await admin.post(WS, json={"code": "Z", "name": "z", "line_id": line["id"], **bad}), 422
        )
    assert await row_counts(app) == before
    entries = await audit_entries(app, "workstation", ws["id"])
    update = next(e for e in entries if e.action == "update")
    assert update.after == {"ideal_cycle_s": 12.5, "auto_issue_type": None}
