"""Mapping rules over the API: validated when created (never accepted to fail later),
audited, and picked up by the consumer (subscribed at once)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient

from tests.conftest import login
from tests.support import assert_problem, create_defect_code, create_user
from tests.telemetry.support import API, add_test, factory, get_json, until


def _rule(workstation_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "name": "Press torque",
        "topic_filter": "plant/press4/+/result",
        "action": "measurement",
        "workstation_id": workstation_id,
        "fields": {
            "serial": {"path": "$.part.sn"},
            "test": {"const": "Torque"},
            "value": {"path": "$.torque_cNm", "scale": 0.01},
            "msg_id": {"path": "$.seq"},
        },
        "condition": '$.kind == "result"',
    } | fields


async def test_create_read_update_delete(app: FastAPI, admin: AsyncClient) -> None:
    floor = await factory(admin)
    await add_test(admin, floor)
    ws = floor["workstations"][0]["id"]
    r = await admin.post(f"{API}/telemetry/mappings", json=_rule(ws))
    assert r.status_code == 201, r.text
    rule = r.json()
    assert rule["action"] == "measurement" and rule["enabled"] is True
    assert rule["fields"]["value"] == {"path": "$.torque_cNm", "scale": 0.01}
    consumer = app.state.mqtt

    async def subscribed() -> bool:
        return "plant/press4/+/result" in consumer.subscriptions

    await until(subscribed, "the consumer to subscribe to the new rule's filter")
    assert (await get_json(admin, f"/telemetry/mappings/{rule['id']}"))["name"] == "Press torque"
    listed = await get_json(admin, "/telemetry/mappings", action="measurement", enabled=True)
    assert [m["id"] for m in listed["items"]] == [rule["id"]]

    r = await admin.patch(
        f"{API}/telemetry/mappings/{rule['id']}",
        json={"topic_filter": "plant/press5/#", "priority": 5},
    )
    assert r.status_code == 200, r.text
    assert r.json()["topic_filter"] == "plant/press5/#"

    async def moved() -> bool:
        subs = consumer.subscriptions
        return "plant/press5/#" in subs and "plant/press4/+/result" not in subs

    await until(moved, "the consumer to follow the changed filter")

    r = await admin.delete(f"{API}/telemetry/mappings/{rule['id']}")
    assert r.status_code == 204
    assert_problem(await admin.get(f"{API}/telemetry/mappings/{rule['id']}"), 404, "not_found")

    async def gone() -> bool:
        return "plant/press5/#" not in consumer.subscriptions

    await until(gone, "the consumer to unsubscribe")
    audit = await get_json(admin, "/audit-log", entity_type="telemetry_mapping")
    assert sorted(e["action"] for e in audit["items"]) == ["create", "delete", "update"]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            {
                "fields": {
                    "serial": {"path": "$..sn"},
                    "test": {"const": "T"},
                    "value": {"path": "$.v"},
                }
            },
            "path",
        ),
        (
            {
                "fields": {
                    "serial": {"path": "sn"},
                    "test": {"const": "T"},
                    "value": {"path": "$.v"},
                }
            },
            "path",
        ),
        ({"condition": "$.kind = 'result'"}, "condition"),
        ({"condition": "kind == 'x'"}, "condition"),
        ({"topic_filter": "plant/#/x"}, "topic_filter"),
        ({"topic_filter": "$SYS/#"}, "topic_filter"),
        ({"topic_filter": ""}, "topic_filter"),
        ({"action": "teleport"}, "action"),
        ({"fields": {"serial": {"path": "$.s"}, "value": {"path": "$.v"}}}, "test"),
        ({"fields": {"serial": {"path": "$.s"}, "test": {"const": "T"}}}, "value"),
        (
            {
                "fields": {
                    "serial": {"path": "$.s"},
                    "test": {"const": "T"},
                    "value": {"path": "$.v"},
                    "colour": {"const": 1},
                }
            },
            "colour",
        ),
        (
            {
                "fields": {
                    "serial": {"path": "$.s", "const": "x"},
                    "test": {"const": "T"},
                    "value": {"path": "$.v"},
                }
            },
            "exactly one",
        ),
        (
            {"fields": {"serial": {}, "test": {"const": "T"}, "value": {"path": "$.v"}}},
            "exactly one",
        ),
        (
            {
                "fields": {
                    "serial": {"path": "$.s"},
                    "test": {"const": "T"},
                    "value": {"path": "$.v", "scale": "x"},
                }
            },
            "scale",
        ),
        ({"action": "state", "fields": {"state": {"const": "exploded"}}}, "state"),
        (
            {"action": "state", "fields": {"state": {"path": "$.s", "map": {"1": "runing"}}}},
            "state",
        ),
        (
            {"action": "state", "workstation_id": None, "fields": {"state": {"path": "$.s"}}},
            "workstation_id",
        ),
        (
            {"action": "count", "workstation_id": None, "fields": {"good": {"path": "$.g"}}},
            "workstation_id",
        ),
        ({"priority": 2**70}, "priority"),
        ({"priority": "1"}, "priority"),
        ({"workstation_id": 2**70}, "workstation_id"),
        ({"workstation_id": True}, "workstation_id"),
        ({"name": ""}, "name"),
        ({"unknown": 1}, "unknown"),
    ],
)
async def test_invalid_rules_are_refused(
    app: FastAPI, admin: AsyncClient, change: dict[str, Any], where: str
) -> None:
    floor = await factory(admin, steps=1)
    r = await admin.post(
        f"{API}/telemetry/mappings", json=_rule(floor["workstations"][0]["id"]) | change
    )
    body = assert_problem(r, 422, "validation_error")
    assert where in r.text, body
    assert (await get_json(admin, "/telemetry/mappings"))["items"] == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"workstation_id": 999_999}, "workstation_id"),
        (
            {
                "fields": {
                    "serial": {"path": "$.s"},
                    "test": {"const": "Nope"},
                    "value": {"path": "$.v"},
                }
            },
            "fields.test",
        ),
        (
            {
                "fields": {
                    "serial": {"path": "$.s"},
                    "test": {"const": 999_999},
                    "value": {"path": "$.v"},
                }
            },
            "fields.test",
        ),
        (
            {
                "action": "event",
                "fields": {
                    "serial": {"path": "$.s"},
                    "action": {"const": "scrap"},
                    "defect_code": {"const": "NOPE"},
                },
            },
            "fields.defect_code",
        ),
    ],
)
async def test_unknown_references_are_refused(
    app: FastAPI, admin: AsyncClient, change: dict[str, Any], field: str
) -> None:
    floor = await factory(admin, steps=1)
    await add_test(admin, floor)
    r = await admin.post(
        f"{API}/telemetry/mappings", json=_rule(floor["workstations"][0]["id"]) | change
    )
    body = assert_problem(r, 422, "unknown_reference")
    assert body["field"] == field
    assert (await get_json(admin, "/telemetry/mappings"))["items"] == []


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
async def test_nan_and_overflowing_numbers_are_refused(
    app: FastAPI, admin: AsyncClient, number: str
) -> None:
    floor = await factory(admin, steps=1)
    ws = floor["workstations"][0]["id"]
    body = (
        '{"name": "n", "topic_filter": "a/b", "action": "count", "workstation_id": '
        + str(ws)
        + ', "fields": {"good": {"path": "$.g", "scale": '
        + number
        + "}}}"
    )
    r = await admin.post(
        f"{API}/telemetry/mappings", content=body, headers={"content-type": "application/json"}
    )
    assert_problem(r, 422, "validation_error")
    assert (await get_json(admin, "/telemetry/mappings"))["items"] == []


async def test_an_update_is_validated_as_a_whole(app: FastAPI, admin: AsyncClient) -> None:
    floor = await factory(admin, steps=1)
    await add_test(admin, floor)
    ws = floor["workstations"][0]["id"]
    r = await admin.post(f"{API}/telemetry/mappings", json=_rule(ws))
    rule = r.json()
    # Switching the action alone leaves measurement fields on a count rule: refused.
    r = await admin.patch(f"{API}/telemetry/mappings/{rule['id']}", json={"action": "count"})
    assert_problem(r, 422, "validation_error")
    r = await admin.patch(f"{API}/telemetry/mappings/{rule['id']}", json={"condition": "$.a =="})
    assert_problem(r, 422, "validation_error")
    r = await admin.patch(f"{API}/telemetry/mappings/{rule['id']}", json={"name": None})
    assert_problem(r, 422, "validation_error")
    r = await admin.patch(
        f"{API}/telemetry/mappings/{rule['id']}", json={"workstation_id": 999_999}
    )
    assert_problem(r, 422, "unknown_reference")
    assert await get_json(admin, f"/telemetry/mappings/{rule['id']}") == rule
    r = await admin.patch(
        f"{API}/telemetry/mappings/{rule['id']}",
        json={"action": "count", "fields": {"good": {"path": "$.g"}}, "condition": None},
    )
    assert r.status_code == 200, r.text
    assert r.json()["condition"] is None
    assert_problem(
        await admin.patch(f"{API}/telemetry/mappings/999999", json={"enabled": False}),
        404,
        "not_found",
    )


async def test_only_configuration_admins_change_rules(app: FastAPI, admin: AsyncClient) -> None:
    floor = await factory(admin, steps=1)
    await add_test(admin, floor)
    await create_defect_code(admin)
    user = await create_user(admin, role="supervisor")
    supervisor = await login(app, user["username"], "secret-password")
    try:
        rule = _rule(floor["workstations"][0]["id"])
        assert_problem(await supervisor.post(f"{API}/telemetry/mappings", json=rule), 403)
        assert (await supervisor.get(f"{API}/telemetry/mappings")).status_code == 200
        assert_problem(await supervisor.post(f"{API}/telemetry/dead-letters/1/replay"), 403)
    finally:
        await supervisor.aclose()
