"""Quality analytics with units and quantity batches mixed, against hand-computed figures
(SQLite and PostgreSQL). How batches count: docs/analytics-batches.md."""

from __future__ import annotations

from typing import Any

import pytest
from httpx import AsyncClient

from app.kit.time import utcnow
from tests.support import create_defect_code, create_order, shop_floor

API = "/api/v1"


async def _post(admin: AsyncClient, path: str, status: int = 200, **body: Any) -> dict[str, Any]:
    r = await admin.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


async def _get(admin: AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    r = await admin.get(f"{API}/analytics/{path}", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def _units(admin: AsyncClient, part_id: int, count: int) -> list[str]:
    order = await create_order(admin, part_id, quantity=count)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": count})
    assert r.status_code == 201, r.text
    return [u["serial"] for u in r.json()["items"]]


async def _batch(admin: AsyncClient, number: str, quantity: int) -> int:
    return int((await _post(admin, f"/orders/{number}/batches", 201, quantity=quantity))["id"])


async def _step(
    admin: AsyncClient, batch: int, seq: int, good: int, scrap: int = 0, **kw: Any
) -> None:
    await _post(admin, f"/batches/{batch}/steps/{seq}/start")
    await _post(admin, f"/batches/{batch}/steps/{seq}/complete", good=good, scrap=scrap, **kw)


async def _history(admin: AsyncClient) -> dict[str, Any]:
    """A three-step route (step 3 a gate), three units and three batches of one part:

    U1 passes everything.              U2 is scrapped at step 2 (DENT).
    U3 fails the gate (BURR), is reworked to step 2, then passes.
    Batch A (100): step 1 95 good + 5 DENT, step 2 95, step 3 90 + 5 BURR: completed, 90.
    Batch B (50): step 1 50, step 2 0 good + 50 CRACK: scrapped.
    Batch C (20): step 1 20, step 2 started (in progress).
    """
    floor = await shop_floor(admin, steps=3, gates=(3,))
    for code in ("BURR", "CRACK", "DENT"):
        await create_defect_code(admin, code=code)
    u1, u2, u3 = await _units(admin, floor["part"]["id"], 3)
    for _ in range(3):
        await _post(admin, f"/units/{u1}/move")
    await _post(admin, f"/units/{u1}/gate", result="pass")
    await _post(admin, f"/units/{u2}/move")
    await _post(admin, f"/units/{u2}/move")
    await _post(admin, f"/units/{u2}/scrap", reason="dented", defect_code="DENT")
    for _ in range(3):
        await _post(admin, f"/units/{u3}/move")
    await _post(admin, f"/units/{u3}/gate", result="fail", defect_code="BURR")
    await _post(admin, f"/units/{u3}/rework", to_step=2)
    await _post(admin, f"/units/{u3}/move")
    await _post(admin, f"/units/{u3}/gate", result="pass")

    order = await create_order(admin, floor["part"]["id"], quantity=170, tracking="batch")
    number = order["number"]
    a, b, c = [await _batch(admin, number, q) for q in (100, 50, 20)]
    await _step(admin, a, 1, 95, 5, defect_code="DENT")
    await _step(admin, a, 2, 95)
    await _step(admin, a, 3, 90, 5, defect_code="BURR")
    await _step(admin, b, 1, 50)
    await _step(admin, b, 2, 0, 50, defect_code="CRACK")
    await _step(admin, c, 1, 20)
    await _post(admin, f"/batches/{c}/steps/2/start")
    statuses = [(await admin.get(f"{API}/batches/{i}")).json()["status"] for i in (a, b, c)]
    assert statuses == ["completed", "scrapped", "in_progress"]
    floor["order"] = number
    return floor


# Step by step (units + batch items):
#   step 1: units 3 attempted, 3 passed; batches 100+50+20 in, 95+50+20 good -> (173, 168)
#   step 2: units U1 U2 U3, U2 scrapped -> (3, 2); A 95/95, B 50/0 (C still there) -> (148, 97)
#   step 3: units U1 pass, U3 failed first -> (2, 1); A 95/90 -> (97, 91)
STEPS = {1: (173, 168), 2: (148, 97), 3: (97, 91)}
# Finished: units U1, U2, U3 (first pass U1); items of A: 5 + 5 scrap + 90 good, of B: 50
# scrap -> 3 + 150 finished, 1 + 90 first pass.
FINISHED, FIRST_PASS = 153, 91


async def test_yields_add_batch_quantities(admin: AsyncClient) -> None:
    floor = await _history(admin)
    report = await _get(admin, "first-pass-yield")
    assert {s["step"]: (s["attempted"], s["first_pass"]) for s in report["steps"]} == STEPS
    assert [s["fpy"] for s in report["steps"]] == pytest.approx([168 / 173, 97 / 148, 91 / 97])
    (route,) = report["routes"]
    assert (route["finished"], route["first_pass"]) == (FINISHED, FIRST_PASS)
    assert route["fpy"] == pytest.approx(91 / 153)
    rty = 168 / 173 * 97 / 148 * 91 / 97
    assert route["rty"] == pytest.approx(rty)
    (rolled,) = (await _get(admin, "rolled-throughput-yield"))["routes"]
    assert rolled["rty"] == pytest.approx(rty)
    assert [f["fpy"] for f in rolled["factors"]] == pytest.approx([168 / 173, 97 / 148, 91 / 97])

    second = floor["workstations"][1]["id"]
    only = await _get(admin, "first-pass-yield", workstation_id=second)
    assert [(s["step"], s["attempted"], s["first_pass"]) for s in only["steps"]] == [(2, 148, 97)]
    assert [(r["finished"], r["first_pass"]) for r in only["routes"]] == [(153, 91)]
    mine = await _get(admin, "first-pass-yield", part_id=floor["part"]["id"])
    assert {s["step"]: (s["attempted"], s["first_pass"]) for s in mine["steps"]} == STEPS
    line = await _get(admin, "first-pass-yield", line_id=floor["line"]["id"])
    assert [(r["finished"], r["first_pass"]) for r in line["routes"]] == [(153, 91)]


async def test_scrap_and_rework_count_batch_items(admin: AsyncClient) -> None:
    floor = await _history(admin)
    ratios = await _get(admin, "scrap-rework")
    # PQ: 3 units + 150 items; GQ: U1, U3 + A's 90; SQ: U2 + 5 + 5 + 50; RQ: U3.
    assert (ratios["produced"], ratios["good"], ratios["scrapped"], ratios["reworked"]) == (
        153,
        92,
        61,
        1,
    )
    assert ratios["scrap_ratio"] == pytest.approx(61 / 153)
    assert ratios["rework_ratio"] == pytest.approx(1 / 153)
    assert ratios["quality_ratio"] == pytest.approx(92 / 153)
    ws1, ws2, ws3 = (w["id"] for w in floor["workstations"])
    # At step 2: U2 and B's 50 scrapped there; U3 was sent back from the gate, not from it.
    at_2 = await _get(admin, "scrap-rework", workstation_id=ws2)
    assert (at_2["produced"], at_2["good"], at_2["scrapped"], at_2["reworked"]) == (153, 92, 51, 0)
    at_3 = await _get(admin, "scrap-rework", workstation_id=ws3)
    assert (at_3["scrapped"], at_3["reworked"]) == (5, 1)
    at_1 = await _get(admin, "scrap-rework", workstation_id=ws1)
    assert (at_1["scrapped"], at_1["reworked"]) == (5, 0)
    by_part = await _get(admin, "scrap-rework", part_id=floor["part"]["id"])
    assert (by_part["produced"], by_part["scrapped"]) == (153, 61)


async def test_pareto_counts_batch_scrap_by_quantity(admin: AsyncClient) -> None:
    floor = await _history(admin)
    pareto = await _get(admin, "defect-pareto")
    # CRACK: B's 50; BURR: U3's failed gate + A's 5 at the gate; DENT: U2 + A's 5 at step 1.
    assert [(i["defect_code"], i["count"]) for i in pareto["items"]] == [
        ("CRACK", 50),
        ("BURR", 6),
        ("DENT", 6),
    ]
    assert pareto["total"] == 62
    assert [i["share"] for i in pareto["items"]] == pytest.approx([50 / 62, 6 / 62, 6 / 62])
    assert pareto["items"][-1]["cumulative_share"] == pytest.approx(1.0)
    scrap = await _get(admin, "defect-pareto", type="scrap")
    assert [(i["defect_code"], i["count"]) for i in scrap["items"]] == [
        ("CRACK", 50),
        ("DENT", 6),
        ("BURR", 5),
    ]
    # The part filter finds the batches' events too (the part of the unit or of the batch).
    by_part = await _get(admin, "defect-pareto", part_id=floor["part"]["id"])
    assert by_part["total"] == 62
    gate = await _get(admin, "defect-pareto", workstation_id=floor["workstations"][2]["id"])
    assert [(i["defect_code"], i["count"]) for i in gate["items"]] == [("BURR", 6)]
    line = await _get(admin, "defect-pareto", line_id=floor["line"]["id"])
    assert line["total"] == 62


async def test_filters_keep_other_lines_and_parts_apart(admin: AsyncClient) -> None:
    floor = await _history(admin)
    other = await shop_floor(admin, steps=1)
    order = await create_order(admin, other["part"]["id"], quantity=10, tracking="batch")
    batch = await _batch(admin, order["number"], 10)
    await _step(admin, batch, 1, 7, 3, defect_code="DENT")

    theirs = await _get(admin, "first-pass-yield", line_id=other["line"]["id"])
    assert [(s["step"], s["attempted"], s["first_pass"]) for s in theirs["steps"]] == [(1, 10, 7)]
    assert [(r["finished"], r["first_pass"]) for r in theirs["routes"]] == [(10, 7)]
    by_part = await _get(admin, "first-pass-yield", part_id=other["part"]["id"])
    assert [(r["route_id"], r["finished"]) for r in by_part["routes"]] == [
        (other["route"]["id"], 10)
    ]
    mine = await _get(admin, "first-pass-yield", part_id=floor["part"]["id"])
    assert {s["step"]: (s["attempted"], s["first_pass"]) for s in mine["steps"]} == STEPS
    ratios = await _get(admin, "scrap-rework", line_id=other["line"]["id"])
    assert (ratios["produced"], ratios["good"], ratios["scrapped"]) == (10, 7, 3)
    ratios = await _get(admin, "scrap-rework", line_id=floor["line"]["id"])
    assert (ratios["produced"], ratios["scrapped"]) == (153, 61)
    pareto = await _get(admin, "defect-pareto", part_id=other["part"]["id"])
    assert [(i["defect_code"], i["count"]) for i in pareto["items"]] == [("DENT", 3)]
    everything = await _get(admin, "defect-pareto")
    assert everything["total"] == 65


async def test_batch_steps_count_in_the_window_they_completed(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=40, tracking="batch")
    batch = await _batch(admin, order["number"], 40)
    start = utcnow()
    await _step(admin, batch, 1, 36, 4)
    middle = utcnow()
    await _step(admin, batch, 2, 30, 6)
    end = utcnow()

    def steps(report: dict[str, Any]) -> dict[int, tuple[int, int]]:
        return {s["step"]: (s["attempted"], s["first_pass"]) for s in report["steps"]}

    first = {"from": start.isoformat(), "to": middle.isoformat()}
    second = {"from": middle.isoformat(), "to": end.isoformat()}
    assert steps(await _get(admin, "first-pass-yield", **first)) == {1: (40, 36)}
    early = await _get(admin, "scrap-rework", **first)
    assert (early["produced"], early["good"], early["scrapped"]) == (4, 0, 4)
    late = await _get(admin, "first-pass-yield", **second)
    assert steps(late) == {2: (36, 30)}
    assert [(r["finished"], r["first_pass"]) for r in late["routes"]] == [(36, 30)]
    ratios = await _get(admin, "scrap-rework", **second)
    assert (ratios["produced"], ratios["good"], ratios["scrapped"]) == (36, 30, 6)
    before = await _get(admin, "scrap-rework", to=start.isoformat())
    assert before["produced"] == 0


async def test_batch_sample_measurements_in_statistics_and_spc(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    r = await admin.post(
        f"{API}/test-definitions",
        json={
            "route_id": floor["route"]["id"],
            "name": "Weight",
            "step": 1,
            "unit": "g",
            "lower_limit": 10,
            "upper_limit": 20,
            "required": False,
        },
    )
    assert r.status_code == 201, r.text
    test = r.json()
    (serial,) = await _units(admin, floor["part"]["id"], 1)
    await _post(admin, f"/units/{serial}/move")
    await _post(admin, f"/units/{serial}/measurements", 201, test="Weight", value=12)
    order = await create_order(admin, floor["part"]["id"], quantity=5, tracking="batch")
    batch = await _batch(admin, order["number"], 5)
    # Two sample measurements of the batch: rows with unit_id NULL.
    for value in (14.0, 22.0):
        await _post(admin, f"/batches/{batch}/measurements", 201, test="Weight", value=value)
    stats = (await _get(admin, "test-statistics"))["items"]
    assert [(s["test"], s["count"], s["passed"], s["points"]) for s in stats] == [
        ("Weight", 3, 2, 3)
    ]
    assert stats[0]["mean"] == pytest.approx(16.0)
    by_part = (await _get(admin, "test-statistics", part_id=floor["part"]["id"]))["items"]
    assert [s["count"] for s in by_part] == [3]

    r = await admin.get(f"{API}/measurements", params={"test": test["id"]})
    assert r.status_code == 200, r.text
    series = r.json()["items"]
    assert [(p["serial"], p["batch_id"], p["value"], p["result"]) for p in series] == [
        (serial, None, 12.0, "pass"),
        (None, batch, 14.0, "pass"),
        (None, batch, 22.0, "fail"),
    ]
    r = await admin.get(f"{API}/units/{serial}/measurements")
    assert [m["value"] for m in r.json()["items"]] == [12.0]


async def test_batches_scrapped_with_their_order_finish_without_an_attempt(
    admin: AsyncClient,
) -> None:
    """Cancelling an order scraps its open batches, as it scraps its open units: the items
    finish scrapped where they are, but no step judged them (no attempt, no failure)."""
    floor = await shop_floor(admin, steps=3)
    ws1, ws2, _ = (w["id"] for w in floor["workstations"])
    order = await create_order(admin, floor["part"]["id"], quantity=100, tracking="batch")
    running = await _batch(admin, order["number"], 40)
    waiting = await _batch(admin, order["number"], 30)
    await _step(admin, running, 1, 38, 2)
    await _post(admin, f"/batches/{running}/steps/2/start")  # 38 in step 2 when cancelled
    await _step(admin, waiting, 1, 30)  # 30 waiting for step 2
    r = await admin.post(f"{API}/orders/{order['number']}/cancel", json={"reason": "customer"})
    assert r.status_code == 200, r.text

    report = await _get(admin, "first-pass-yield")
    # Step 1: 70 in, 68 good. Step 2: the running step closed by the cancel is no attempt.
    assert {s["step"]: (s["attempted"], s["first_pass"]) for s in report["steps"]} == {1: (70, 68)}
    # Finished: 2 scrapped at step 1, then 38 + 30 scrapped with the order; none completed.
    assert [(r["finished"], r["first_pass"]) for r in report["routes"]] == [(70, 0)]
    ratios = await _get(admin, "scrap-rework")
    assert (ratios["produced"], ratios["good"], ratios["scrapped"]) == (70, 0, 70)
    # Scrapped where they were: both batches at step 2.
    at_2 = await _get(admin, "scrap-rework", workstation_id=ws2)
    assert (at_2["produced"], at_2["scrapped"]) == (70, 68)
    at_1 = await _get(admin, "scrap-rework", workstation_id=ws1)
    assert at_1["scrapped"] == 2
    # No defect was recorded by the cancel.
    assert (await _get(admin, "defect-pareto"))["total"] == 0
