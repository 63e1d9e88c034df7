"""Quality: test definitions, measurements and enforced gates — on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select

from app.kit.errors import Invalid, NotFound, TaktError
from app.models import AuditEntry, Measurement, OutboxEvent, QualityEvent, UnitEvent
from app.quality.errors import NotFinite, WrongValueKind
from app.quality.measurements import service
from tests.conftest import login
from tests.support import (
    assert_problem,
    create_defect_code,
    create_order,
    create_user,
    shop_floor,
)

API = "/api/v1"


async def _floor_with_torque(
    admin: AsyncClient, steps: int = 3, gate: int = 3, **torque: Any
) -> dict[str, Any]:
    """The issue's seed example: "Torque" 45-55 Nm at the inspection (gate) step."""
    floor = await shop_floor(admin, steps=steps, gates=(gate,))
    body = {
        "name": "Torque",
        "route_id": floor["route"]["id"],
        "step": gate,
        "unit": "Nm",
        "lower_limit": 45,
        "upper_limit": 55,
    } | torque
    r = await admin.post(f"{API}/test-definitions", json=body)
    assert r.status_code == 201, r.text
    floor["torque"] = r.json()
    return floor


async def _units(admin: AsyncClient, floor: dict[str, Any], count: int) -> list[str]:
    order = await create_order(admin, floor["part"]["id"], quantity=max(count, 1))
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _cmd(client: AsyncClient, serial: str, command: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/units/{serial}/{command}", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _to_step(client: AsyncClient, serial: str, step: int) -> None:
    for _ in range(step):
        await _cmd(client, serial, "move")


async def _measure(client: AsyncClient, serial: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"{API}/units/{serial}/measurements", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def _unit(client: AsyncClient, serial: str) -> dict[str, Any]:
    return (await client.get(f"{API}/units/{serial}")).json()  # type: ignore[no-any-return]


async def test_torque_limits_are_inclusive(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 2)  # not yet at the gate: results are recorded, nothing fails
    results = {
        value: (await _measure(admin, serial, test="Torque", value=value))["result"]
        for value in (52, 56, 45, 55, 44.999, 55.001)
    }
    assert results == {
        52: "pass",
        56: "fail",
        45: "pass",
        55: "pass",
        44.999: "fail",
        55.001: "fail",
    }
    m = await _measure(admin, serial, test=floor["torque"]["id"], value=50.5)
    assert (m["test"], m["test_id"], m["unit"], m["kind"]) == (
        "Torque",
        floor["torque"]["id"],
        "Nm",
        "scalar",
    )
    assert (m["lower_limit"], m["upper_limit"], m["source"], m["actor"]) == (
        45,
        55,
        "operator",
        "user:admin",
    )
    assert (m["step"], m["workstation_id"], m["rework_count"], m["failed_gate"]) == (
        3,
        floor["workstations"][2]["id"],
        0,
        False,
    )
    assert (await _unit(admin, serial))["step"] == 2


async def test_gate_refuses_pass_until_a_passing_measurement_exists(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    r = await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"})
    body = assert_problem(r, 409, "tests_incomplete")
    assert body["tests"] == ["Torque"]
    assert (await _unit(admin, serial))["awaiting"] == "gate_decision"

    m = await _measure(admin, serial, test="Torque", value=52)
    assert m["result"] == "pass" and not m["failed_gate"]
    u = await _cmd(admin, serial, "gate", result="pass")
    assert (u["status"], u["awaiting"]) == ("completed", None)


async def test_failing_measurement_fails_the_gate(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    m = await _measure(admin, serial, test="Torque", value=56)
    assert (m["result"], m["failed_gate"]) == ("fail", True)
    unit = await _unit(admin, serial)
    assert (unit["step"], unit["awaiting"], unit["status"]) == (3, "disposition", "in_progress")
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert [h["type"] for h in history][-2:] == ["measured", "gate_failed"]
    assert history[-2]["result"] == "fail" and history[-1]["result"] == "fail"
    assert_problem(
        await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"}),
        409,
        "disposition_required",
    )
    # Recorded after the gate failed: stored, but it fails nothing twice.
    again = await _measure(admin, serial, test="Torque", value=57)
    assert (again["result"], again["failed_gate"]) == ("fail", False)
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert sum(h["type"] == "gate_failed" for h in history) == 1


async def test_rework_clears_earlier_results(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 2)
    await _measure(admin, serial, test="Torque", value=50)  # passes, before the gate
    await _cmd(admin, serial, "move")
    await _measure(admin, serial, test="Torque", value=60)  # fails the gate
    await _cmd(admin, serial, "rework", to_step=2)
    await _cmd(admin, serial, "move")
    unit = await _unit(admin, serial)
    assert (unit["step"], unit["awaiting"], unit["rework_count"]) == (3, "gate_decision", 1)
    # The passing result from before the rework no longer counts.
    assert_problem(
        await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"}),
        409,
        "tests_incomplete",
    )
    m = await _measure(admin, serial, test="Torque", value=54)
    assert m["rework_count"] == 1
    assert (await _cmd(admin, serial, "gate", result="pass"))["status"] == "completed"
    listed = (await admin.get(f"{API}/units/{serial}/measurements")).json()["items"]
    assert [(x["value"], x["result"], x["rework_count"]) for x in listed] == [
        (50, "pass", 0),
        (60, "fail", 0),
        (54, "pass", 1),
    ]


async def test_latest_failing_measurement_blocks_pass(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 2)
    await _measure(admin, serial, test="Torque", value=52)
    await _measure(admin, serial, test="Torque", value=58)  # latest, before the gate
    await _cmd(admin, serial, "move")
    body = assert_problem(
        await admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"}),
        409,
        "tests_failed",
    )
    assert body["tests"] == ["Torque"]
    await _measure(admin, serial, test="Torque", value=53)  # at the gate now: passes
    assert (await _cmd(admin, serial, "gate", result="pass"))["status"] == "completed"


async def test_optional_and_other_step_tests(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    route_id = floor["route"]["id"]
    for body in (
        {"name": "Gloss", "step": 3, "unit": "GU", "lower_limit": 80, "required": False},
        {"name": "Gap", "step": 1, "unit": "mm", "upper_limit": 0.3},
    ):
        r = await admin.post(f"{API}/test-definitions", json={"route_id": route_id} | body)
        assert r.status_code == 201, r.text
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    await _measure(admin, serial, test="Torque", value=50)
    # An optional test that was never measured does not hold the gate; the step-1 test
    # belongs to another (non-gate) step.
    assert (await _cmd(admin, serial, "gate", result="pass"))["status"] == "completed"


async def test_vector_test_passes_only_when_every_point_is_within(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    r = await admin.post(
        f"{API}/test-definitions",
        json={
            "name": "Profile",
            "route_id": floor["route"]["id"],
            "step": 2,
            "unit": "N",
            "lower_limit": 0,
            "upper_limit": 10,
            "kind": "vector",
        },
    )
    assert r.status_code == 201, r.text
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 2)
    ok = await _measure(admin, serial, test="Profile", values=[0, 5, 10])
    bad = await _measure(admin, serial, test="Profile", values=[1, 2, 10.5, 3])
    assert (ok["result"], ok["values"], ok["value"]) == ("pass", [0, 5, 10], None)
    assert bad["result"] == "fail"
    # A failing measurement at a non-gate step changes nothing about the unit.
    assert (await _unit(admin, serial))["awaiting"] == "move"
    assert_problem(
        await admin.post(
            f"{API}/units/{serial}/measurements", json={"test": "Profile", "value": 1}
        ),
        422,
        "wrong_value_kind",
    )
    assert_problem(
        await admin.post(
            f"{API}/units/{serial}/measurements", json={"test": "Torque", "values": [50]}
        ),
        422,
        "wrong_value_kind",
    )


async def test_one_sided_limits(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(
        admin, name="Leak", unit="mbar/s", lower_limit=None, upper_limit=0.5
    )
    (serial,) = await _units(admin, floor, 1)
    assert (await _measure(admin, serial, test="Leak", value=-1e9))["result"] == "pass"
    assert (await _measure(admin, serial, test="Leak", value=0.5))["result"] == "pass"
    assert (await _measure(admin, serial, test="Leak", value=0.51))["result"] == "fail"


async def _counts(app: FastAPI) -> tuple[int, int, int, int, int]:
    async with app.state.db.transaction(write=False) as session:
        return (
            await session.scalar(select(func.count()).select_from(Measurement)),
            await session.scalar(select(func.count()).select_from(QualityEvent)),
            await session.scalar(select(func.count()).select_from(UnitEvent)),
            await session.scalar(select(func.count()).select_from(OutboxEvent)),
            await session.scalar(select(func.count()).select_from(AuditEntry)),
        )


async def test_bad_measurements_change_nothing(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor_with_torque(admin)
    other = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    before = await _counts(app), await _unit(admin, serial)
    url = f"{API}/units/{serial}/measurements"
    cases: list[tuple[Any, int, str]] = [
        ({"test": other["torque"]["id"], "value": 50}, 422, "test_not_on_route"),
        ({"test": 2**62, "value": 50}, 422, "test_not_on_route"),
        ({"test": "Nope", "value": 50}, 422, "test_not_on_route"),
        ({"test": "Torque"}, 422, "validation_error"),
        ({"test": "Torque", "value": 50, "values": [50]}, 422, "validation_error"),
        ({"test": "Torque", "value": "50"}, 422, "validation_error"),
        ({"test": "Torque", "value": None}, 422, "validation_error"),
        ({"test": "Torque", "value": True}, 422, "validation_error"),
        ({"test": "Torque", "value": 10**400}, 422, "validation_error"),
        ({"test": "Torque", "values": []}, 422, "validation_error"),
        ({"test": "Torque", "values": [1] * 10_001}, 422, "validation_error"),
        ({"test": "Torque", "value": 50, "source": "psychic"}, 422, "validation_error"),
        ({"test": "Torque", "value": 50, "at": "2999-01-01T00:00:00Z"}, 422, "validation_error"),
        ({"test": "Torque", "value": 50, "at": "2026-01-01T00:00:00"}, 422, "validation_error"),
        ({"test": "Torque", "value": 50, "extra": 1}, 422, "validation_error"),
        ({"test": True, "value": 50}, 422, "validation_error"),
        ({"test": 0, "value": 50}, 422, "validation_error"),
        ({"test": 2**70, "value": 50}, 422, "validation_error"),
        ({"test": "", "value": 50}, 422, "validation_error"),
        ({"test": "x\x00", "value": 50}, 422, "validation_error"),
        ([], 422, "validation_error"),
    ]
    for body, status, code in cases:
        assert_problem(await admin.post(url, json=body), status, code)
    for raw in (
        '{"test": "Torque", "value": NaN}',
        '{"test": "Torque", "value": Infinity}',
        '{"test": "Torque", "value": -Infinity}',
        '{"test": "Torque", "values": [1, NaN]}',
    ):
        r = await admin.post(url, content=raw, headers={"content-type": "application/json"})
        assert_problem(r, 422, "validation_error")
    r = await admin.post(url, content="{", headers={"content-type": "application/json"})
    assert_problem(r, 400)
    assert_problem(
        await admin.post(f"{API}/units/NOPE-1/measurements", json={"test": "Torque", "value": 1}),
        404,
        "not_found",
    )
    assert (await _counts(app), await _unit(admin, serial)) == before


async def test_finished_units_and_stopped_orders_refuse_measurements(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    done, held = await _units(admin, floor, 2)
    await _cmd(admin, done, "scrap", reason="dropped")
    assert_problem(
        await admin.post(f"{API}/units/{done}/measurements", json={"test": "Torque", "value": 50}),
        409,
        "unit_finished",
    )
    number = (await _unit(admin, held))["order"]
    assert (await admin.post(f"{API}/orders/{number}/pause")).status_code == 200
    assert_problem(
        await admin.post(f"{API}/units/{held}/measurements", json={"test": "Torque", "value": 50}),
        409,
        "order_not_runnable",
    )


async def test_measurements_are_logged_as_inspections(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    m = await _measure(admin, serial, test="Torque", value=57)
    events = (await admin.get(f"{API}/quality-events", params={"serial": serial})).json()["items"]
    # Newest first: the gate failure the measurement caused, then the measurement itself.
    assert [(e["type"], e["result"], e["measurement_id"]) for e in events] == [
        ("inspection", "fail", None),
        ("inspection", "fail", m["id"]),
    ]
    assert all(e["step"] == 3 and e["workstation_id"] == m["workstation_id"] for e in events)
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    measured = [h for h in history if h["type"] == "measured"]
    assert len(measured) == 1 and measured[0]["notes"] == "Torque: 57 Nm"


async def test_operators_measure_only_on_their_lines(admin: AsyncClient, app: FastAPI) -> None:
    mine, theirs = await _floor_with_torque(admin), await _floor_with_torque(admin)
    (own,) = await _units(admin, mine, 1)
    (other,) = await _units(admin, theirs, 1)
    await create_user(
        admin, username="q-op", password="operator-pw-long", line_ids=[mine["line"]["id"]]
    )
    operator = await login(app, "q-op", "operator-pw-long")
    try:
        r = await operator.post(
            f"{API}/units/{own}/measurements", json={"test": "Torque", "value": 50}
        )
        assert r.status_code == 201, r.text
        r = await operator.post(
            f"{API}/units/{other}/measurements", json={"test": "Torque", "value": 50}
        )
        assert_problem(r, 403, "not_your_station")
        r = await operator.post(
            f"{API}/test-definitions",
            json={
                "name": "X",
                "route_id": mine["route"]["id"],
                "step": 1,
                "unit": "u",
                "upper_limit": 1,
            },
        )
        assert_problem(r, 403)
    finally:
        await operator.aclose()
    listed = (await admin.get(f"{API}/units/{other}/measurements")).json()["items"]
    assert listed == []


async def test_machines_record_with_an_api_key(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    r = await admin.post(f"{API}/api-keys", json={"name": "press", "scopes": ["quality:write"]})
    assert r.status_code == 201, r.text
    machine = AsyncClient(
        transport=ASGITransport(app=app),
        base_url="http://takt",
        headers={"X-API-Key": r.json()["key"]},
    )
    try:
        m = await _measure(machine, serial, test="Torque", value=49.5)
        assert (m["source"], m["actor"]) == ("machine", "api_key:press")
        r = await machine.post(f"{API}/units/{serial}/move")
        assert_problem(r, 403)
    finally:
        await machine.aclose()


async def test_spc_series_in_time_order(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor_with_torque(admin)
    serials = await _units(admin, floor, 3)
    stamps = ["2026-03-01T10:00:02Z", "2026-03-01T10:00:00Z", "2026-03-01T10:00:01Z"]
    # Only machines and imports (API keys) date their measurements.
    r = await admin.post(
        f"{API}/api-keys", json={"name": "spc-import", "scopes": ["quality:write"]}
    )
    assert r.status_code == 201, r.text
    async with AsyncClient(
        transport=ASGITransport(app=app),
        base_url="http://takt",
        headers={"X-API-Key": r.json()["key"]},
    ) as importer:
        for serial, value, at in zip(serials, (50, 51, 56), stamps, strict=True):
            await _measure(importer, serial, test="Torque", value=value, at=at, source="import")
    test_id = floor["torque"]["id"]
    r = await admin.get(f"{API}/measurements", params={"test": test_id, "limit": 2})
    page = r.json()
    assert [p["value"] for p in page["items"]] == [51, 56]
    assert all((p["lower_limit"], p["upper_limit"]) == (45, 55) for p in page["items"])
    rest = (
        await admin.get(
            f"{API}/measurements", params={"test": test_id, "cursor": page["next_cursor"]}
        )
    ).json()
    assert [p["value"] for p in rest["items"]] == [50] and rest["next_cursor"] is None
    windowed = (
        await admin.get(
            f"{API}/measurements",
            params={
                "test": test_id,
                "from": "2026-03-01T10:00:01Z",
                "to": "2026-03-01T10:00:02Z",
            },
        )
    ).json()["items"]
    assert [p["value"] for p in windowed] == [56]
    assert_problem(await admin.get(f"{API}/measurements", params={"cursor": "bm9wZQ"}), 400)
    assert_problem(
        await admin.get(
            f"{API}/measurements",
            params={"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
        ),
        422,
    )


async def test_test_definitions_crud_and_validation(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    route_id, torque = floor["route"]["id"], floor["torque"]
    base = {"name": "Gap", "route_id": route_id, "step": 1, "unit": "mm", "upper_limit": 1.0}
    cases: list[tuple[dict[str, Any], int, str]] = [
        (base | {"name": "Torque"}, 409, "duplicate"),
        (base | {"upper_limit": None}, 422, "validation_error"),
        (base | {"lower_limit": 2.0}, 422, "validation_error"),
        (base | {"step": 9}, 422, "unknown_step"),
        (base | {"step": 0}, 422, "validation_error"),
        (base | {"route_id": 2**62}, 422, "unknown_reference"),
        (base | {"kind": "matrix"}, 422, "validation_error"),
        (base | {"upper_limit": "1"}, 422, "validation_error"),
        (base | {"upper_limit": 2**70}, 201, ""),
    ]
    for body, status, code in cases:
        r = await admin.post(f"{API}/test-definitions", json=body)
        if status == 201:
            assert r.status_code == 201, r.text
            assert r.json()["upper_limit"] == float(2**70)
        else:
            assert_problem(r, status, code)
    r = await admin.post(
        f"{API}/test-definitions",
        content=f'{{"name": "N", "route_id": {route_id}, "step": 1, "unit": "u", '
        '"upper_limit": NaN}',
        headers={"content-type": "application/json"},
    )
    assert_problem(r, 422, "validation_error")

    url = f"{API}/test-definitions/{torque['id']}"
    r = await admin.patch(url, json={"upper_limit": 56})
    assert r.status_code == 200 and r.json()["upper_limit"] == 56
    assert_problem(await admin.patch(url, json={"lower_limit": 57}), 422)
    r = await admin.patch(url, json={"lower_limit": None})
    assert r.status_code == 200 and r.json()["lower_limit"] is None
    assert_problem(await admin.patch(url, json={"upper_limit": None}), 422)
    assert_problem(await admin.patch(url, json={"required": None}), 422)
    assert_problem(await admin.patch(url, json={"step": 2}), 422)
    listed = (await admin.get(f"{API}/test-definitions", params={"route_id": route_id})).json()
    assert [t["name"] for t in listed["items"]] == ["Torque", "Gap"]
    assert (await admin.get(url)).json()["upper_limit"] == 56

    (serial,) = await _units(admin, floor, 1)
    await _measure(admin, serial, test="Torque", value=56)  # within the new limit
    assert_problem(await admin.delete(url), 409, "in_use")
    gap = listed["items"][1]["id"]
    assert (await admin.delete(f"{API}/test-definitions/{gap}")).status_code == 204
    assert_problem(await admin.get(f"{API}/test-definitions/{gap}"), 404)
    assert_problem(
        await admin.delete(f"{API}/routes/{route_id}"), 409
    )  # referenced by orders and tests


async def test_measuring_fails_gate_only_at_its_own_step(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin, steps=3, gate=3)
    r = await admin.post(
        f"{API}/test-definitions",
        json={
            "name": "Gap",
            "route_id": floor["route"]["id"],
            "step": 2,
            "unit": "mm",
            "upper_limit": 0.3,
        },
    )
    assert r.status_code == 201
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    m = await _measure(admin, serial, test="Gap", value=0.5)  # step 2's test, unit at the gate
    assert (m["result"], m["failed_gate"]) == ("fail", False)
    assert (await _unit(admin, serial))["awaiting"] == "gate_decision"


async def test_gate_fail_records_quality_event_with_defect(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    defect = await create_defect_code(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)
    await _cmd(admin, serial, "gate", result="fail", defect_code=defect["code"], notes="loose")
    await _cmd(admin, serial, "rework", to_step=1, defect_code=defect["code"])
    await _to_step(admin, serial, 2)
    await _cmd(admin, serial, "scrap", reason="gave up")
    events = (await admin.get(f"{API}/quality-events", params={"serial": serial})).json()["items"]
    assert [(e["type"], e["result"], e["step"], e["defect_code"]) for e in events] == [
        ("scrap", None, 3, None),
        ("rework", None, 3, defect["code"]),
        ("inspection", "fail", 3, defect["code"]),
    ]
    assert events[2]["notes"] == "loose"
    by_type = (await admin.get(f"{API}/quality-events", params={"type": "rework"})).json()
    assert [e["type"] for e in by_type["items"]] == ["rework"]
    by_code = (
        await admin.get(f"{API}/quality-events", params={"defect_code": defect["code"]})
    ).json()
    assert len(by_code["items"]) == 2


async def test_concurrent_failing_measurements_fail_the_gate_once(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    await _to_step(admin, serial, 3)

    async def measure(value: float) -> Any:
        return await admin.post(
            f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": value}
        )

    responses = await asyncio.gather(*(measure(56 + i / 10) for i in range(10)))
    assert all(r.status_code in (201, 409) for r in responses), [r.text for r in responses]
    recorded = [r.json() for r in responses if r.status_code == 201]
    assert sum(m["failed_gate"] for m in recorded) == 1
    history = (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
    assert [h["type"] for h in history].count("gate_failed") == 1
    assert [h["type"] for h in history].count("measured") == len(recorded)
    assert (await _unit(admin, serial))["awaiting"] == "disposition"


async def test_gate_pass_racing_a_failing_measurement(admin: AsyncClient) -> None:
    floor = await _floor_with_torque(admin)
    serials = await _units(admin, floor, 4)
    for serial in serials:
        await _to_step(admin, serial, 3)
        await _measure(admin, serial, test="Torque", value=50)
    for serial in serials:
        gate, measured = await asyncio.gather(
            admin.post(f"{API}/units/{serial}/gate", json={"result": "pass"}),
            admin.post(f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": 60}),
        )
        unit = await _unit(admin, serial)
        types = [
            h["type"] for h in (await admin.get(f"{API}/units/{serial}/history")).json()["items"]
        ]
        if gate.status_code == 200:  # the pass committed first: the late failure fails nothing
            assert unit["status"] == "completed" and "gate_failed" not in types
            assert measured.status_code in (201, 409)
            if measured.status_code == 201:
                assert not measured.json()["failed_gate"]
        else:  # the failure committed first and failed the gate
            assert_problem(gate, 409)
            assert measured.status_code == 201 and measured.json()["failed_gate"]
            assert unit["awaiting"] == "disposition" and types.count("gate_failed") == 1


async def test_idempotent_measurement(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    url = f"{API}/units/{serial}/measurements"
    headers = {"Idempotency-Key": "press-7-cycle-1"}
    first = await admin.post(url, json={"test": "Torque", "value": 50}, headers=headers)
    again = await admin.post(url, json={"test": "Torque", "value": 50}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    other = await admin.post(url, json={"test": "Torque", "value": 51}, headers=headers)
    assert_problem(other, 409, "idempotency_key_reused")
    async with app.state.db.transaction(write=False) as session:
        count = await session.scalar(select(func.count()).select_from(Measurement))
    assert count == 1


async def test_service_refuses_what_a_machine_could_send(admin: AsyncClient, app: FastAPI) -> None:
    """The command other transports (MQTT) call validates on its own."""
    floor = await _floor_with_torque(admin)
    (serial,) = await _units(admin, floor, 1)
    before = await _counts(app)
    cases: list[tuple[Any, Any, type[TaktError], str]] = [
        (float("nan"), None, NotFinite, "not_finite"),
        (float("inf"), None, NotFinite, "not_finite"),
        (1e101, None, NotFinite, "not_finite"),
        (10**400, None, NotFinite, "not_finite"),
        (None, [1.0, float("-inf")], NotFinite, "not_finite"),
        (True, None, Invalid, "validation_error"),
        ("52", None, Invalid, "validation_error"),
        (None, [], Invalid, "validation_error"),
        (None, None, Invalid, "validation_error"),
        (50.0, [50.0], Invalid, "validation_error"),
        (None, [50.0], WrongValueKind, "wrong_value_kind"),
    ]
    for value, values, error, code in cases:
        with pytest.raises(error) as caught:
            async with app.state.db.command() as cmd:
                await service.record_measurement(
                    cmd,
                    actor="mqtt:press-1",
                    serial=serial,
                    test="Torque",
                    value=value,
                    values=values,
                    source="machine",
                )
        assert caught.value.code == code, (value, values)
    for kwargs, error in (
        ({"serial": "NOPE-1"}, NotFound),
        ({"source": "guess"}, Invalid),
        ({"at": datetime(2026, 1, 1)}, Invalid),
        ({"at": datetime.max.replace(tzinfo=UTC)}, Invalid),
        ({"at": datetime.min.replace(tzinfo=timezone(timedelta(hours=5)))}, Invalid),
    ):
        call = {"serial": serial, "source": "machine"} | kwargs
        with pytest.raises(error):
            async with app.state.db.command() as cmd:
                await service.record_measurement(
                    cmd, actor="mqtt:press-1", test="Torque", value=50.0, values=None, **call
                )
    assert await _counts(app) == before
    async with app.state.db.command() as cmd:
        out = await service.record_measurement(
            cmd,
            actor="mqtt:press-1",
            serial=serial,
            test="Torque",
            value=1e100,
            values=None,
            source="machine",
            at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    assert (out.result, out.source.value, out.at) == (
        "fail",
        "machine",
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert_problem(
        await admin.post(
            f"{API}/units/{serial}/measurements", json={"test": "Torque", "value": 1e101}
        ),
        422,
        "validation_error",
    )
    assert_problem(
        await admin.post(
            f"{API}/units/{serial}/measurements",
            json={"test": "Torque", "value": 50, "at": "0001-01-01T00:00:00+05:00"},
        ),
        422,
    )
