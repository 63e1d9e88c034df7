"""Quality analytics against hand-computed figures on a small fixed history (SQLite and
PostgreSQL)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from httpx import AsyncClient

from app.kit.time import utcnow
from tests.support import assert_problem, create_defect_code, create_order, shop_floor

API = "/api/v1"


async def _define(admin: AsyncClient, route_id: int, **body: Any) -> dict[str, Any]:
    r = await admin.post(f"{API}/test-definitions", json={"route_id": route_id} | body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def _do(admin: AsyncClient, serial: str, command: str, **body: Any) -> None:
    r = await admin.post(f"{API}/units/{serial}/{command}", json=body)
    assert r.status_code == 200, r.text


async def _moves(admin: AsyncClient, serial: str, count: int) -> None:
    for _ in range(count):
        await _do(admin, serial, "move")


async def _measure(admin: AsyncClient, serial: str, test: str, **body: Any) -> None:
    r = await admin.post(f"{API}/units/{serial}/measurements", json={"test": test} | body)
    assert r.status_code == 201, r.text


async def _history(admin: AsyncClient) -> dict[str, Any]:
    """Seven units on a three-step route whose step 3 is a gate with Torque (45-55 Nm):

    A passes everything.                     B fails Torque at the gate, is reworked to 2,
    C is reworked at step 1 (same step),     then passes.
      then passes.                           D is scrapped at step 2 (DENT).
    E waits at step 2, F never started,      G waits at the gate.
    """
    floor = await shop_floor(admin, steps=3, gates=(3,))
    route_id = floor["route"]["id"]
    await _define(admin, route_id, name="Torque", step=3, unit="Nm", lower_limit=45, upper_limit=55)
    await _define(
        admin,
        route_id,
        name="Profile",
        step=2,
        unit="N",
        lower_limit=0,
        upper_limit=10,
        kind="vector",
        required=False,
    )
    await create_defect_code(admin, code="BURR")
    await create_defect_code(admin, code="DENT")
    order = await create_order(admin, floor["part"]["id"], quantity=7)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 7})
    a, b, c, d, e, f, g = (u["serial"] for u in r.json()["items"])

    await _moves(admin, a, 3)
    await _measure(admin, a, "Torque", value=50)
    await _do(admin, a, "gate", result="pass")

    await _moves(admin, b, 3)
    await _measure(admin, b, "Torque", value=56)  # fails the gate
    await _do(admin, b, "rework", to_step=2)
    await _moves(admin, b, 1)
    await _measure(admin, b, "Torque", value=52)
    await _do(admin, b, "gate", result="pass")

    await _moves(admin, c, 1)
    await _do(admin, c, "rework", to_step=1, defect_code="BURR")
    await _moves(admin, c, 2)
    await _measure(admin, c, "Torque", value=51)
    await _do(admin, c, "gate", result="pass")

    await _moves(admin, d, 2)
    await _do(admin, d, "scrap", reason="dented", defect_code="DENT")

    await _moves(admin, e, 2)
    await _measure(admin, e, "Profile", values=[1, 2, 3])
    await _moves(admin, g, 3)
    await _measure(admin, g, "Profile", values=[5, 7])
    r = await admin.post(f"{API}/quality-events", json={"notes": "burr", "defect_code": "BURR"})
    assert r.status_code == 201
    floor["serials"] = (a, b, c, d, e, f, g)
    return floor


async def _get(admin: AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    r = await admin.get(f"{API}/analytics/{path}", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_yields_match_hand_computed_figures(admin: AsyncClient) -> None:
    floor = await _history(admin)
    report = await _get(admin, "first-pass-yield")
    steps = {s["step"]: (s["attempted"], s["first_pass"]) for s in report["steps"]}
    # Step 1: A B D E G pass, C reworked from it. Step 2: A B C G pass (C's first attempt
    # there came after its rework), D scrapped there, E still there. Step 3: A C pass, B
    # failed the gate first (its pass after rework does not count), G undecided.
    assert steps == {1: (6, 5), 2: (5, 4), 3: (3, 2)}
    assert [s["fpy"] for s in report["steps"]] == pytest.approx([5 / 6, 4 / 5, 2 / 3])
    assert {s["workstation_id"] for s in report["steps"]} == {
        w["id"] for w in floor["workstations"]
    }
    (route,) = report["routes"]
    # Finished: A, B, C completed and D scrapped; only A without rework or a failed gate.
    assert (route["route_id"], route["revision"], route["finished"], route["first_pass"]) == (
        floor["route"]["id"],
        1,
        4,
        1,
    )
    assert route["fpy"] == pytest.approx(0.25)
    assert route["rty"] == pytest.approx(5 / 6 * 4 / 5 * 2 / 3)

    rty = await _get(admin, "rolled-throughput-yield")
    (route_rty,) = rty["routes"]
    assert route_rty["rty"] == pytest.approx(4 / 9)
    assert [(x["step"], x["fpy"]) for x in route_rty["factors"]] == [
        (1, pytest.approx(5 / 6)),
        (2, pytest.approx(4 / 5)),
        (3, pytest.approx(2 / 3)),
    ]

    ratios = await _get(admin, "scrap-rework")
    assert (ratios["produced"], ratios["good"], ratios["scrapped"], ratios["reworked"]) == (
        4,
        3,
        1,
        2,
    )
    assert (ratios["scrap_ratio"], ratios["rework_ratio"], ratios["quality_ratio"]) == (
        0.25,
        0.5,
        0.75,
    )

    gate = floor["workstations"][2]["id"]
    only_gate = await _get(admin, "first-pass-yield", workstation_id=gate)
    assert [(s["step"], s["attempted"], s["first_pass"]) for s in only_gate["steps"]] == [(3, 3, 2)]
    at_gate = await _get(admin, "scrap-rework", workstation_id=gate)
    # B was sent back from the gate; D was scrapped at step 2, not at the gate.
    assert (at_gate["produced"], at_gate["scrapped"], at_gate["reworked"]) == (4, 0, 1)
    at_first = await _get(admin, "scrap-rework", workstation_id=floor["workstations"][0]["id"])
    assert (at_first["scrapped"], at_first["reworked"]) == (0, 1)  # C, reworked at step 1


async def test_pareto_and_test_statistics(admin: AsyncClient) -> None:
    floor = await _history(admin)
    pareto = await _get(admin, "defect-pareto")
    # BURR: C's rework and an observation; DENT: D's scrap.
    assert pareto["total"] == 3
    assert [(i["defect_code"], i["count"]) for i in pareto["items"]] == [("BURR", 2), ("DENT", 1)]
    assert [i["share"] for i in pareto["items"]] == pytest.approx([2 / 3, 1 / 3])
    assert [i["cumulative_share"] for i in pareto["items"]] == pytest.approx([2 / 3, 1.0])
    scrap_only = await _get(admin, "defect-pareto", type="scrap")
    assert [(i["defect_code"], i["count"]) for i in scrap_only["items"]] == [("DENT", 1)]

    stats = {s["test"]: s for s in (await _get(admin, "test-statistics"))["items"]}
    torque, profile = stats["Torque"], stats["Profile"]
    values = [50, 56, 52, 51]
    mean = sum(values) / 4
    stdev = math.sqrt(sum((v - mean) ** 2 for v in values) / 3)
    assert (torque["count"], torque["passed"], torque["points"]) == (4, 3, 4)
    assert torque["pass_rate"] == 0.75
    assert torque["mean"] == pytest.approx(52.25)
    assert torque["stdev"] == pytest.approx(stdev)
    assert (torque["min"], torque["max"]) == (50, 56)
    assert torque["cpk"] == pytest.approx(min(55 - mean, mean - 45) / (3 * stdev))
    # Vector: statistics over every point (1, 2, 3, 5, 7).
    points = [1, 2, 3, 5, 7]
    pmean = sum(points) / 5
    pstdev = math.sqrt(sum((v - pmean) ** 2 for v in points) / 4)
    assert (profile["count"], profile["passed"], profile["points"]) == (2, 2, 5)
    assert profile["mean"] == pytest.approx(pmean)
    assert profile["stdev"] == pytest.approx(pstdev)
    assert profile["cpk"] == pytest.approx(min(10 - pmean, pmean) / (3 * pstdev))
    one = await _get(admin, "test-statistics", test_id=torque["test_id"])
    assert [s["test"] for s in one["items"]] == ["Torque"]
    at_gate = await _get(admin, "test-statistics", workstation_id=floor["workstations"][2]["id"])
    assert [s["test"] for s in at_gate["items"]] == ["Torque"]


async def test_filters_by_part_and_line(admin: AsyncClient) -> None:
    floor = await _history(admin)
    other = await shop_floor(admin, steps=1)
    order = await create_order(admin, other["part"]["id"], quantity=1)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    (serial,) = (u["serial"] for u in r.json()["items"])
    await _moves(admin, serial, 2)  # completes: one more route

    everything = await _get(admin, "first-pass-yield")
    assert len(everything["routes"]) == 2
    mine = await _get(admin, "first-pass-yield", part_id=floor["part"]["id"])
    assert [r["route_id"] for r in mine["routes"]] == [floor["route"]["id"]]
    assert {s["step"] for s in mine["steps"]} == {1, 2, 3}
    theirs = await _get(admin, "first-pass-yield", line_id=other["line"]["id"])
    assert [(s["route_id"], s["attempted"]) for s in theirs["steps"]] == [(other["route"]["id"], 1)]
    assert [r["first_pass"] for r in theirs["routes"]] == [1]
    ratios = await _get(admin, "scrap-rework", part_id=other["part"]["id"])
    assert (ratios["produced"], ratios["scrap_ratio"]) == (1, 0)
    empty = await _get(admin, "test-statistics", part_id=other["part"]["id"])
    assert empty["items"] == []
    nothing = await _get(admin, "defect-pareto", line_id=other["line"]["id"])
    assert (nothing["total"], nothing["items"]) == (0, [])


async def test_window_edges(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2)
    order = await create_order(admin, floor["part"]["id"], quantity=2)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    (early,) = (u["serial"] for u in r.json()["items"])
    start = utcnow()
    await _moves(admin, early, 2)  # left step 1 before `middle` ...
    middle = utcnow()
    await _moves(admin, early, 1)  # ... and step 2 after it
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    (late,) = (u["serial"] for u in r.json()["items"])
    await _moves(admin, late, 3)
    end = utcnow()

    def steps(report: dict[str, Any]) -> dict[int, int]:
        return {s["step"]: s["attempted"] for s in report["steps"]}

    window = {"from": start.isoformat(), "to": middle.isoformat()}
    assert steps(await _get(admin, "first-pass-yield", **window)) == {1: 1}
    window = {"from": middle.isoformat(), "to": end.isoformat()}
    after = await _get(admin, "first-pass-yield", **window)
    assert steps(after) == {1: 1, 2: 2}
    assert [(r["finished"], r["first_pass"]) for r in after["routes"]] == [(2, 2)]
    before = await _get(
        admin, "scrap-rework", **{"from": start.isoformat(), "to": middle.isoformat()}
    )
    assert before["produced"] == 0 and before["scrap_ratio"] is None


async def test_bad_queries(admin: AsyncClient, client: AsyncClient) -> None:
    for path in (
        "first-pass-yield",
        "rolled-throughput-yield",
        "scrap-rework",
        "defect-pareto",
        "test-statistics",
    ):
        assert_problem(await client.get(f"{API}/analytics/{path}"), 401)
        for params in (
            {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
            {"from": "2026-02-01T00:00:00"},
            {"to": "yesterday"},
            {"line_id": 0},
            {"workstation_id": 2**70},
            {"part_id": "x"},
        ):
            r = await admin.get(f"{API}/analytics/{path}", params=params)
            assert_problem(r, 422, "validation_error")
        empty = await _get(admin, path, to="0001-01-03T00:00:00Z")
        assert empty["from"] == "0001-01-01T00:00:00Z"
    assert_problem(await admin.get(f"{API}/analytics/defect-pareto", params={"type": "nope"}), 422)
