"""The electronic batch record: a batch through two steps with scrap and a sample measurement,
labour, a lot and an issue; every section, the page and the PDF — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from tests.batches.support import new_batch, step
from tests.conftest import login
from tests.issues.support import create_issue_type, open_issue
from tests.records.seed import seed_consumption, seed_lot
from tests.records.test_unit_record import _pdf_text
from tests.support import (
    assert_problem,
    create_defect_code,
    create_order,
    create_part,
    create_user,
    gated_floor,
    unique,
)

API = "/api/v1"


async def _batch(app: FastAPI, admin: AsyncClient) -> dict[str, Any]:
    floor = await gated_floor(admin, steps=2)
    ws = floor["workstations"]
    order = await create_order(
        admin, floor["part"]["id"], quantity=100, tracking="batch", external_ref="SAP-B1"
    )
    await create_defect_code(admin, code="BURR", severity="minor")
    await create_issue_type(admin, blocking=False, code="NOTE")
    batch = await new_batch(admin, order["number"], 100)
    bid = batch["id"]
    await step(admin, bid, 1, "start")
    r = await admin.post(f"{API}/labour/clock-on", json={"batch_id": bid})
    assert r.status_code == 201, r.text
    material = await create_part(admin, name="Resin")
    lot = await seed_lot(app, material["id"], "RES-7", 500)
    await seed_consumption(app, lot, 12.5, batch=(bid, order["number"]), step=1)
    await open_issue(admin, type="NOTE", title="Resin viscous", workstation_id=ws[0]["id"])
    await step(admin, bid, 1, "complete", good=95, scrap=5, defect_code="BURR", notes="edges")
    await step(admin, bid, 2, "start")
    r = await admin.post(f"{API}/batches/{bid}/measurements", json={"test": "Torque", "value": 51})
    assert r.status_code == 201, r.text
    await step(admin, bid, 2, "complete", good=93, scrap=2)
    return {"floor": floor, "order": order, "id": bid}


async def test_batch_record_sections(app: FastAPI, admin: AsyncClient) -> None:
    b = await _batch(app, admin)
    ws = [w["code"] for w in b["floor"]["workstations"]]
    r = await admin.get(f"{API}/batches/{b['id']}/record")
    assert r.status_code == 200, r.text
    doc = r.json()
    batch = doc["batch"]
    assert (batch["id"], batch["status"], batch["quantity"], batch["good"], batch["scrap"]) == (
        b["id"],
        "completed",
        100,
        93,
        7,
    )
    assert batch["created_by"] == "user:admin" and batch["finished_at"] is not None
    assert doc["order"]["external_ref"] == "SAP-B1" and doc["order"]["quantity"] == 100
    assert doc["route"] == {"code": b["floor"]["route"]["code"], "revision": 1}
    assert doc["bom_revision"] is None

    assert [
        (
            s["seq"],
            s["workstation"],
            s["is_gate"],
            s["status"],
            s["quantity_in"],
            s["good"],
            s["scrap"],
            s["defect_code"],
            s["notes"],
            s["started_by"],
            s["completed_by"],
        )
        for s in doc["steps"]
    ] == [
        (1, ws[0], False, "done", 100, 95, 5, "BURR", "edges", "user:admin", "user:admin"),
        (2, ws[1], True, "done", 95, 93, 2, None, None, "user:admin", "user:admin"),
    ]
    for s in doc["steps"]:
        assert s["started_at"] <= s["completed_at"] and s["seconds"] >= 0

    [m] = doc["measurements"]
    assert (m["test"], m["value"], m["lower_limit"], m["upper_limit"], m["result"]) == (
        "Torque",
        51,
        45,
        55,
        "pass",
    )
    assert (m["step"], m["workstation"], m["actor"]) == (2, ws[1], "user:admin")

    assert [
        (h["type"], h["step"], h["workstation"], h["quantity"], h["good"], h["scrap"])
        for h in doc["history"]
    ] == [
        ("batch_created", None, None, 100, None, None),
        ("batch_step_started", 1, ws[0], 100, None, None),
        ("batch_step_completed", 1, ws[0], 100, 95, 5),
        ("batch_step_started", 2, ws[1], 95, None, None),
        ("batch_measured", 2, ws[1], None, None, None),
        ("batch_step_completed", 2, ws[1], 95, 93, 2),
    ]
    assert doc["history"][2]["defect_code"] == "BURR" and doc["history"][2]["notes"] == "edges"
    assert all(h["actor"] == "user:admin" for h in doc["history"])

    assert [
        (q["type"], q["result"], q["quantity"], q["step"], q["workstation"], q["defect_code"])
        for q in doc["quality_events"]
    ] == [
        ("scrap", None, 5, 1, ws[0], "BURR"),
        ("inspection", "pass", 1, 2, ws[1], None),  # the sample measurement
        ("inspection", "pass", 93, 2, ws[1], None),
        ("scrap", None, 2, 2, ws[1], None),
    ]

    [labour] = doc["labour"]
    assert (labour["user"], labour["step"], labour["workstation"]) == ("admin", 1, ws[0])
    assert labour["off"] == doc["steps"][0]["completed_at"]  # completing the step clocked off

    [lot] = doc["lots"]
    assert (lot["lot"], lot["quantity"], lot["step"]) == ("RES-7", 12.5, 1)
    assert [(i["title"], i["relation"]) for i in doc["issues"]] == [
        ("Resin viscous", "workstation")
    ]

    page = (await admin.get(f"{API}/batches/{b['id']}/record", params={"format": "html"})).text
    assert f"Batch record {b['id']}" in page and "RES-7" in page and "45 .. 55" in page
    r = await admin.get(f"{API}/batches/{b['id']}/record", params={"format": "pdf"})
    assert r.headers["content-disposition"] == f'attachment; filename="batch-{b["id"]}.pdf"'
    drawn = _pdf_text(r.content)
    assert "(RES-7)" in drawn and "(Torque)" in drawn


async def test_operator_reads_records(app: FastAPI, admin: AsyncClient) -> None:
    """Any role reads a record, as it reads the unit's history and the batch."""
    b = await _batch(app, admin)
    user = await create_user(admin, role="operator", password="operator-password-1")
    operator = await login(app, user["username"], "operator-password-1")
    try:
        r = await operator.get(f"{API}/batches/{b['id']}/record")
        assert r.status_code == 200, r.text
        assert r.json()["generated_by"] == f"user:{user['username']}"
    finally:
        await operator.aclose()


async def test_api_keys_read_records_with_the_read_scope(app: FastAPI, admin: AsyncClient) -> None:
    b = await _batch(app, admin)
    url = f"{API}/batches/{b['id']}/record"
    for scopes, status in ((["read"], 200), (["units:execute"], 403)):
        r = await admin.post(f"{API}/api-keys", json={"name": unique("key"), "scopes": scopes})
        assert r.status_code == 201, r.text
        key = r.json()
        async with AsyncClient(
            transport=ASGITransport(app=app),
            base_url="http://takt",
            headers={"X-API-Key": key["key"]},
        ) as c:
            r = await c.get(url, params={"format": "pdf"})
        if status == 200:
            assert r.status_code == 200 and r.content.startswith(b"%PDF-")
        else:
            assert_problem(r, 403)
