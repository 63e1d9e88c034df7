"""The unit record: a unit taken through moves, a failed gate, rework, measurements judged
against limits that later change, labour, issues, lots and sub-assemblies; then every section
of the document, its HTML page and its PDF — on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import zlib
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import event

from app.records import unit_document
from tests.issues.support import create_issue_type, open_issue
from tests.records.seed import (
    seed_bom,
    seed_consumption,
    seed_install,
    seed_lot,
    seed_material_event,
)
from tests.support import (
    assert_problem,
    create_defect_code,
    create_order,
    create_part,
    gated_floor,
    shop_floor,
)

API = "/api/v1"
SCRIPT = "<script>alert('x')</script>"


async def _ok(admin: AsyncClient, method: str, url: str, **body: Any) -> dict[str, Any]:
    r = await admin.request(method, f"{API}{url}", json=body or None)
    assert r.status_code in (200, 201), r.text
    return r.json()  # type: ignore[no-any-return]


async def _units(admin: AsyncClient, number: str, count: int) -> list[str]:
    r = await admin.post(f"{API}/orders/{number}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _children(app: FastAPI, admin: AsyncClient) -> dict[str, Any]:
    """Three completed units of a one-step sub-assembly; the first measured twice."""
    floor = await shop_floor(admin, steps=1)
    volt = await _ok(
        admin,
        "POST",
        "/test-definitions",
        name="Volt",
        route_id=floor["route"]["id"],
        step=1,
        unit="V",
        lower_limit=1,
        upper_limit=2,
        required=False,
    )
    order = await create_order(admin, floor["part"]["id"], quantity=3)
    serials = await _units(admin, order["number"], 3)
    for serial in serials:
        await _ok(admin, "POST", f"/units/{serial}/move")
    await _ok(admin, "POST", f"/units/{serials[0]}/measurements", test=volt["name"], value=1.5)
    await _ok(admin, "POST", f"/units/{serials[0]}/measurements", test=volt["name"], value=3)
    for serial in serials:
        await _ok(admin, "POST", f"/units/{serial}/move")
    floor["serials"] = serials
    return floor


async def _story(app: FastAPI, admin: AsyncClient) -> dict[str, Any]:
    """The unit's life; returns what the assertions need."""
    floor = await gated_floor(admin, steps=2)
    ws = floor["workstations"]
    order = await create_order(admin, floor["part"]["id"], quantity=2, external_ref="SAP-77")
    serial, sibling = await _units(admin, order["number"], 2)
    component = await create_part(admin, name="Screw M4")
    await seed_bom(app, order["number"], floor["part"]["id"], [(component["id"], 2, 1)])
    await create_defect_code(admin, code="LOOSE", severity="major")
    note_type = await create_issue_type(admin, blocking=False, code="NOTE")
    elsewhere = await shop_floor(admin, steps=1)

    await _ok(admin, "POST", f"/units/{serial}/move")  # step 1
    await _ok(admin, "POST", "/labour/clock-on", serial=serial)
    lot = await seed_lot(app, component["id"], "LOT-A1")
    await seed_consumption(app, lot, 2, serial=serial, step=1)
    await _ok(admin, "POST", f"/units/{serial}/move")  # step 2, the gate; clocks off
    await open_issue(admin, type="NOTE", title="Station light", workstation_id=ws[1]["id"])
    await open_issue(admin, type="NOTE", title=SCRIPT, serial=serial)
    await open_issue(admin, type="NOTE", title="Order note", order=order["number"])
    await open_issue(admin, type="NOTE", title="Sibling", serial=sibling)
    await open_issue(
        admin, type="NOTE", title="Elsewhere", workstation_id=elsewhere["workstations"][0]["id"]
    )
    failing = await _ok(admin, "POST", f"/units/{serial}/measurements", test="Torque", value=56)
    assert failing["failed_gate"] is True
    await _ok(
        admin, "POST", f"/units/{serial}/rework", to_step=1, defect_code="LOOSE", notes=SCRIPT
    )
    # The limits change: the record keeps those each measurement was judged against.
    await _ok(
        admin, "PATCH", f"/test-definitions/{floor['torque']['id']}", lower_limit=40, upper_limit=50
    )
    await _ok(admin, "POST", f"/units/{serial}/move")  # step 2 again
    await _ok(admin, "POST", f"/units/{serial}/measurements", test="Torque", value=48)
    await _ok(admin, "POST", f"/units/{serial}/gate", result="pass")
    # After the unit left: not an issue of its time at the station.
    await open_issue(admin, type="NOTE", title="Later", workstation_id=ws[0]["id"])

    kids = await _children(app, admin)
    a, b, c = kids["serials"]
    kid_lot = await seed_lot(app, component["id"], "LOT-K9")
    await seed_consumption(app, kid_lot, 1, serial=a, step=1)
    await seed_install(app, serial, b, step=2, removed=("wrong variant", "user:admin"))
    await seed_install(app, serial, a, step=2)
    await seed_install(app, a, c, step=1)
    return {"floor": floor, "order": order, "serial": serial, "kids": kids, "note": note_type}


def _pdf_text(content: bytes) -> str:
    """The text drawn by a PDF's content streams (fpdf2 deflates them; the standard font's
    text is in `(…) Tj` strings)."""
    assert content.startswith(b"%PDF-")
    drawn = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            drawn.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue  # not deflated (fonts are not embedded, so nothing else is)
    return "\n".join(drawn)


async def test_unit_record_sections(app: FastAPI, admin: AsyncClient) -> None:
    s = await _story(app, admin)
    serial, floor = s["serial"], s["floor"]
    ws = [w["code"] for w in floor["workstations"]]
    r = await admin.get(f"{API}/units/{serial}/record")
    assert r.status_code == 200, r.text
    doc = r.json()

    unit = doc["unit"]
    assert (unit["serial"], unit["status"], unit["step"], unit["rework_count"]) == (
        serial,
        "completed",
        2,
        1,
    )
    assert unit["finished_at"] is not None and unit["created_at"] <= unit["finished_at"]
    assert doc["order"] == {
        "number": s["order"]["number"],
        "external_ref": "SAP-77",
        "quantity": 2,
        "status": "running",
    }
    part = floor["part"]
    assert doc["part"] == {
        "number": part["number"],
        "name": "Part",
        "kind": "product",
        "uom": "pcs",
    }
    assert doc["route"] == {"code": floor["route"]["code"], "revision": 1}
    assert doc["bom_revision"]["revision"] == 1
    [item] = doc["bom_revision"]["items"]
    assert (item["name"], item["quantity"], item["uom"], item["step"]) == ("Screw M4", 2, "pcs", 1)

    history = doc["history"]
    assert [(h["type"], h["from_step"], h["to_step"], h["workstation"]) for h in history] == [
        ("created", None, 0, None),
        ("moved", 0, 1, ws[0]),
        ("moved", 1, 2, ws[1]),
        ("measured", 2, 2, ws[1]),
        ("gate_failed", 2, 2, ws[1]),
        ("reworked", 2, 1, ws[0]),
        ("moved", 1, 2, ws[1]),
        ("measured", 2, 2, ws[1]),
        ("gate_passed", 2, 2, ws[1]),
        ("completed", 2, 2, ws[1]),
    ]
    assert history[5]["notes"] == SCRIPT and history[5]["defect_code"] == "LOOSE"
    assert all(h["actor"] == "user:admin" for h in history)
    at = [h["at"] for h in history]
    assert at == sorted(at)

    # Stays: entered by a move or rework, left by the next event that changes the step.
    assert [
        (v["step"], v["workstation"], v["entered_at"], v["left_at"], v["outcome"])
        for v in doc["stays"]
    ] == [
        (1, ws[0], at[1], at[2], "moved"),
        (2, ws[1], at[2], at[5], "reworked"),
        (1, ws[0], at[5], at[6], "moved"),
        (2, ws[1], at[6], at[9], "completed"),
    ]
    assert all(v["entered_by"] == v["left_by"] == "user:admin" for v in doc["stays"])
    assert all(v["seconds"] >= 0 for v in doc["stays"])
    # The same stays as GET /units/{serial}/steps (one derivation).
    steps = (await admin.get(f"{API}/units/{serial}/steps")).json()
    assert [(v["step"], v["entered_at"], v["left_at"]) for v in steps] == [
        (v["step"], v["entered_at"], v["left_at"]) for v in doc["stays"]
    ]

    # Each measurement with the limits it was judged against, though the test changed since.
    assert [
        (
            m["test"],
            m["unit"],
            m["value"],
            m["lower_limit"],
            m["upper_limit"],
            m["result"],
            m["failed_gate"],
            m["source"],
            m["step"],
            m["workstation"],
            m["rework_count"],
            m["actor"],
        )
        for m in doc["measurements"]
    ] == [
        ("Torque", "Nm", 56, 45, 55, "fail", True, "operator", 2, ws[1], 0, "user:admin"),
        ("Torque", "Nm", 48, 40, 50, "pass", False, "operator", 2, ws[1], 1, "user:admin"),
    ]
    assert [m["at"] for m in doc["measurements"]] == [at[3], at[7]]
    assert [(m["points"], m["mean"], m["min"], m["max"]) for m in doc["measurements"]] == [
        (1, 56, 56, 56),
        (1, 48, 48, 48),
    ]

    assert [
        (q["type"], q["result"], q["step"], q["workstation"], q["defect_code"], q["notes"])
        for q in doc["quality_events"]
    ] == [
        ("inspection", "fail", 2, ws[1], None, None),
        ("inspection", "fail", 2, ws[1], None, "Torque failed"),
        ("rework", None, 2, ws[1], "LOOSE", SCRIPT),
        ("inspection", "pass", 2, ws[1], None, None),
        ("inspection", "pass", 2, ws[1], None, None),
    ]
    assert all(q["actor"] == "user:admin" and q["quantity"] == 1 for q in doc["quality_events"])

    [labour] = doc["labour"]
    assert (labour["user"], labour["step"], labour["workstation"]) == ("admin", 1, ws[0])
    assert labour["on_by"] == "user:admin" and labour["off"] == at[2]  # the move clocked off
    assert labour["hours"] is not None and 0 <= labour["hours"] < 1

    [lot] = doc["lots"]
    assert (lot["lot"], lot["quantity"], lot["uom"], lot["step"], lot["actor"]) == (
        "LOT-A1",
        2,
        "pcs",
        1,
        "user:admin",
    )

    a, b, c = s["kids"]["serials"]
    kid_part = s["kids"]["part"]["number"]

    def tree(children: list[dict[str, Any]]) -> list[Any]:
        return [
            (
                k["serial"],
                k["part"],
                k["status"],
                k["removed_reason"],
                [(x["lot"], x["quantity"]) for x in k["lots"]],
                k["measurements_passed"],
                k["measurements_failed"],
                tree(k["children"]),
            )
            for k in children
        ]

    assert tree(doc["children"]) == [
        (b, kid_part, "completed", "wrong variant", [], 0, 0, []),
        (
            a,
            kid_part,
            "completed",
            None,
            [("LOT-K9", 1)],
            1,
            1,
            [(c, kid_part, "completed", None, [], 0, 0, [])],
        ),
    ]
    assert doc["children"][0]["removed_by"] == "user:admin"
    assert doc["children"][1]["removed_at"] is None

    # Issues: the unit's, the order's, and the station's while the unit was there; not a
    # sibling's, not another line's, not one opened at a station after the unit left it.
    assert [(i["title"], i["relation"]) for i in doc["issues"]] == [
        ("Station light", "workstation"),
        (SCRIPT, "unit"),
        ("Order note", "order"),
    ]
    assert doc["generated_by"] == "user:admin" and doc["generated_at"] >= at[-1]


async def test_unit_record_html_and_pdf(app: FastAPI, admin: AsyncClient) -> None:
    s = await _story(app, admin)
    serial = s["serial"]
    r = await admin.get(f"{API}/units/{serial}/record", params={"format": "html"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-disposition"] == f'inline; filename="{serial}.html"'
    page = r.text
    assert "<script" not in page  # every value escaped; the page itself has no script
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page  # nothing from the network
    assert "@media print" in page
    visible = re.sub(r"<[^>]+>", " ", page.split("</style>", 1)[1])
    assert f"Unit record {serial}" in visible
    assert "Torque" in visible and "56" in visible and "45 .. 55" in visible
    assert "48" in visible and "40 .. 50" in visible and "FAIL" in visible
    assert "LOT-A1" in visible and s["kids"]["serials"][2] in visible

    r = await admin.get(f"{API}/units/{serial}/record", params={"format": "pdf"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == f'attachment; filename="{serial}.pdf"'
    drawn = _pdf_text(r.content)
    assert f"({serial})" in drawn or f"Unit record {serial}" in drawn
    assert "(Torque)" in drawn and "(45 .. 55)" in drawn and "(40 .. 50)" in drawn


async def test_record_errors_and_access(
    app: FastAPI, admin: AsyncClient, client: AsyncClient
) -> None:
    floor = await gated_floor(admin, steps=2, quantity=1, units=1)
    (serial,) = floor["serials"]
    url = f"{API}/units/{serial}/record"
    assert_problem(await admin.get(f"{API}/units/NOPE-1/record"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/units/NOPE-1/record?format=pdf"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/batches/999/record"), 404, "not_found")
    assert_problem(await admin.get(f"{API}/batches/0/record"), 422, "validation_error")
    for bad in ("xml", "PDF", ""):
        assert_problem(await admin.get(url, params={"format": bad}), 422, "validation_error")
    assert_problem(await client.get(url), 401)
    assert_problem(await client.get(f"{API}/batches/1/record"), 401)
    # A unit not yet on its route: a record with nothing but its creation.
    doc = (await admin.get(url)).json()
    assert [h["type"] for h in doc["history"]] == ["created"]
    assert doc["stays"] == [] and doc["children"] == [] and doc["bom_revision"] is None
    # Text outside the PDF font's Latin-1 prints as "?" there; the page keeps it exactly.
    await create_issue_type(admin, blocking=False, code="NOTE")
    await open_issue(admin, type="NOTE", title="Prüfung Ω ✓", serial=serial)
    page = (await admin.get(url, params={"format": "html"})).text
    assert "Prüfung Ω ✓" in page
    r = await admin.get(url, params={"format": "pdf"})
    assert r.status_code == 200 and "(Pr\374fung ? ?)" in _pdf_text(r.content)


async def test_record_is_one_snapshot(
    app: FastAPI, admin: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A move committed while the record is being read (after its first section) is in none
    of its sections: the header and the history agree (REPEATABLE READ on PostgreSQL; a
    SQLite read transaction is a snapshot too)."""
    floor = await gated_floor(admin, steps=3, quantity=1, units=1)
    (serial,) = floor["serials"]
    await _ok(admin, "POST", f"/units/{serial}/move")
    real = unit_document._history
    moved: list[int] = []

    async def history_after_a_move(conn: Any, unit_id: int) -> Any:
        async with AsyncClient(
            transport=ASGITransport(app=app), base_url="http://takt", headers=admin.headers
        ) as other:
            r = await other.post(f"{API}/units/{serial}/move")
        moved.append(r.status_code)
        return await real(conn, unit_id)

    monkeypatch.setattr(unit_document, "_history", history_after_a_move)
    doc = (await admin.get(f"{API}/units/{serial}/record")).json()
    assert moved == [200]
    assert (await admin.get(f"{API}/units/{serial}")).json()["step"] == 2  # it did move
    assert doc["unit"]["step"] == 1
    assert [(h["type"], h["to_step"]) for h in doc["history"]] == [("created", 0), ("moved", 1)]
    assert [(s["step"], s["left_at"]) for s in doc["stays"]] == [(1, None)]


async def test_material_events_do_not_end_a_stay(app: FastAPI, admin: AsyncClient) -> None:
    """`consumed`, `installed`, `removed` happen at the unit's step: no stay ends with them,
    in the record or in GET /units/{serial}/steps."""
    floor = await gated_floor(admin, steps=2, quantity=1, units=1)
    (serial,) = floor["serials"]
    await _ok(admin, "POST", f"/units/{serial}/move")
    for event_type in ("consumed", "installed", "removed"):
        await seed_material_event(app, serial, event_type, 1)
    await _ok(admin, "POST", f"/units/{serial}/move")
    doc = (await admin.get(f"{API}/units/{serial}/record")).json()
    assert [h["type"] for h in doc["history"]] == [
        "created",
        "moved",
        "consumed",
        "installed",
        "removed",
        "moved",
    ]
    moved_at = [h["at"] for h in doc["history"] if h["type"] == "moved"]
    assert [(s["step"], s["entered_at"], s["left_at"]) for s in doc["stays"]] == [
        (1, moved_at[0], moved_at[1]),
        (2, moved_at[1], None),
    ]
    steps = (await admin.get(f"{API}/units/{serial}/steps")).json()
    assert [(s["step"], s["outcome"]) for s in steps] == [(1, "moved"), (2, None)]


async def test_a_record_is_a_few_queries_whatever_its_size(
    app: FastAPI, admin: AsyncClient
) -> None:
    """One query per section: a unit with sub-assemblies two levels deep, lots, issues and
    labour costs the same statements as any other (the tree is one recursive CTE)."""
    s = await _story(app, admin)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        r = await admin.get(f"{API}/units/{s['serial']}/record")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 200
    selects = [
        q
        for q in statements
        if q.lstrip().upper().startswith(("SELECT", "WITH"))
        and not re.search(r"\bFROM (users|user_lines|api_keys)\b", q)  # authentication
    ]
    # header, BOM items, history, measurements, quality events, labour, lots, the tree,
    # the tree's lots, issues
    assert len(selects) == 10, "\n\n".join(statements)
    assert sum("RECURSIVE" in q.upper() for q in selects) == 2


async def test_issues_at_the_places_the_unit_stayed(app: FastAPI, admin: AsyncClient) -> None:
    """A station's issue is the unit's when it was active while the unit stayed there (opened
    before it came is fine, resolved before it came is not); a line's issue (no workstation)
    while the unit stayed on that line."""
    floor = await gated_floor(admin, steps=2, quantity=1, units=1)
    (serial,) = floor["serials"]
    ws = floor["workstations"]
    await create_issue_type(admin, blocking=False, code="NOTE")
    gone = await open_issue(admin, type="NOTE", title="Over before", workstation_id=ws[1]["id"])
    r = await admin.post(f"{API}/issues/{gone['id']}/resolve", json={"resolution": "fixed"})
    assert r.status_code == 200, r.text
    await open_issue(admin, type="NOTE", title="Waiting at 2", workstation_id=ws[1]["id"])
    await _ok(admin, "POST", f"/units/{serial}/move")
    await open_issue(admin, type="NOTE", title="Line", line_id=floor["line"]["id"])
    await _ok(admin, "POST", f"/units/{serial}/move")
    doc = (await admin.get(f"{API}/units/{serial}/record")).json()
    assert [(i["title"], i["relation"], i["workstation"], i["line"]) for i in doc["issues"]] == [
        ("Waiting at 2", "workstation", ws[1]["code"], floor["line"]["code"]),
        ("Line", "line", None, floor["line"]["code"]),
    ]
