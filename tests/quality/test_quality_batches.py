"""The quality log and alert rules with quantity batches (SQLite and PostgreSQL): batch events
are listed with their batch and quantity, `defect_repeat` counts a batch's scrap by quantity,
`yield_below` counts the items of batch steps completed at the workstation."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.support import assert_problem, create_defect_code, create_order, shop_floor

API = "/api/v1"


async def _post(admin: AsyncClient, path: str, status: int = 200, **body: Any) -> dict[str, Any]:
    r = await admin.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


async def _batch_floor(admin: AsyncClient, quantity: int = 500) -> dict[str, Any]:
    """Three steps, step 3 a gate (no tests), a batch order and a serial order of its part."""
    floor = await shop_floor(admin, steps=3, gates=(3,))
    batch_order = await create_order(
        admin, floor["part"]["id"], quantity=quantity, tracking="batch"
    )
    floor["batch_order"] = batch_order["number"]
    floor["serial_order"] = (await create_order(admin, floor["part"]["id"], quantity=50))["number"]
    return floor


async def _batch(admin: AsyncClient, floor: dict[str, Any], quantity: int) -> int:
    body = await _post(admin, f"/orders/{floor['batch_order']}/batches", 201, quantity=quantity)
    return int(body["id"])


async def _step(
    admin: AsyncClient, batch: int, seq: int, good: int, scrap: int = 0, **kw: Any
) -> None:
    await _post(admin, f"/batches/{batch}/steps/{seq}/start")
    await _post(admin, f"/batches/{batch}/steps/{seq}/complete", good=good, scrap=scrap, **kw)


async def _units_at(admin: AsyncClient, floor: dict[str, Any], count: int, step: int) -> list[str]:
    body = await _post(admin, f"/orders/{floor['serial_order']}/units", 201, count=count)
    serials = [u["serial"] for u in body["items"]]
    for serial in serials:
        for _ in range(step):
            await _post(admin, f"/units/{serial}/move")
    return serials


async def _rule(admin: AsyncClient, **body: Any) -> dict[str, Any]:
    return await _post(admin, "/alert-rules", 201, **({"name": "rule"} | body))


async def _alerts(admin: AsyncClient) -> list[dict[str, Any]]:
    r = await admin.get(f"{API}/alerts")
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


async def test_quality_log_lists_batch_events_with_their_quantity(admin: AsyncClient) -> None:
    floor = await _batch_floor(admin)
    await create_defect_code(admin, code="CRACK")
    (serial,) = await _units_at(admin, floor, 1, 2)
    await _post(admin, f"/units/{serial}/scrap", reason="cracked", defect_code="CRACK")
    batch = await _batch(admin, floor, 40)
    await _step(admin, batch, 1, 40)
    await _step(admin, batch, 2, 40)
    await _step(admin, batch, 3, 32, 8, defect_code="CRACK")

    r = await admin.get(f"{API}/quality-events")
    assert r.status_code == 200, r.text
    got = [
        (e["type"], e["result"], e["serial"], e["batch_id"], e["quantity"], e["defect_code"])
        for e in r.json()["items"]
    ]
    # Newest first: the gate step's inspection pass of the good 32 and the scrap of 8 (the
    # order of the two follows the command), then the unit's scrap.
    assert sorted(got[:2]) == [
        ("inspection", "pass", None, batch, 32, None),
        ("scrap", None, None, batch, 8, "CRACK"),
    ]
    assert got[2] == ("scrap", None, serial, None, 1, "CRACK")
    for e in r.json()["items"][:2]:
        assert e["order"] == floor["batch_order"] and e["step"] == 3
        assert e["workstation_id"] == floor["workstations"][2]["id"]

    only = await admin.get(f"{API}/quality-events", params={"batch_id": batch})
    assert [e["batch_id"] for e in only.json()["items"]] == [batch, batch]
    scraps = await admin.get(f"{API}/quality-events", params={"batch_id": batch, "type": "scrap"})
    assert [e["quantity"] for e in scraps.json()["items"]] == [8]
    none = await admin.get(f"{API}/quality-events", params={"batch_id": batch + 1000})
    assert none.json()["items"] == []
    for bad in ("0", "x", str(2**70), "1.5"):
        r = await admin.get(f"{API}/quality-events", params={"batch_id": bad})
        assert_problem(r, 422, "validation_error")


async def test_defect_rule_counts_batch_scrap_by_quantity(admin: AsyncClient) -> None:
    floor = await _batch_floor(admin)
    await create_defect_code(admin, code="CRACK")
    await _rule(
        admin,
        name="Cracks",
        kind="defect_repeat",
        defect_code="CRACK",
        occurrences=10,
        window_minutes=60,
    )
    (serial,) = await _units_at(admin, floor, 1, 1)
    await _post(admin, f"/units/{serial}/scrap", reason="cracked", defect_code="CRACK")
    first, second = await _batch(admin, floor, 20), await _batch(admin, floor, 20)
    await _step(admin, first, 1, 12, 8, defect_code="CRACK")  # 1 + 8 = 9 items: not yet
    assert await _alerts(admin) == []
    await _step(admin, second, 1, 17, 3, defect_code="CRACK")  # 12 items
    (alert,) = await _alerts(admin)
    assert (alert["kind"], alert["defect_code"], alert["value"]) == ("defect_repeat", "CRACK", 12)
    assert "CRACK recorded 12 times in 60 min" in alert["message"]


async def test_yield_rule_counts_the_items_of_batch_steps(admin: AsyncClient) -> None:
    floor = await _batch_floor(admin)
    second = floor["workstations"][1]
    await _rule(
        admin,
        name="Step 2 yield",
        kind="yield_below",
        workstation_id=second["id"],
        threshold_pct=90,
        window_units=10,
    )
    batch = await _batch(admin, floor, 20)
    await _step(admin, batch, 1, 20)
    assert await _alerts(admin) == []
    # 15 of the 20 items that went through step 2 good: 75 % < 90 %. No unit was inspected
    # there: the batch's scrap alone must make the rule look.
    await _step(admin, batch, 2, 15, 5)
    (alert,) = await _alerts(admin)
    assert (alert["kind"], alert["workstation_id"], alert["value"]) == (
        "yield_below",
        second["id"],
        75.0,
    )
    assert alert["details"] == {
        "units": 20,
        "passed": 15,
        "batch_items": 20,
        "threshold_pct": 90.0,
    }
    assert "75.0% over the last 20 items (20 in batches)" in alert["message"]


async def test_yield_rule_mixes_units_and_batch_items_newest_first(admin: AsyncClient) -> None:
    floor = await _batch_floor(admin)
    gate = floor["workstations"][2]
    await _rule(
        admin,
        name="Gate yield",
        kind="yield_below",
        workstation_id=gate["id"],
        threshold_pct=80,
        window_units=5,
    )
    u1, u2, u3 = await _units_at(admin, floor, 3, 3)
    for serial in (u1, u2):
        await _post(admin, f"/units/{serial}/gate", result="pass")
    batch = await _batch(admin, floor, 3)
    await _step(admin, batch, 1, 3)
    await _step(admin, batch, 2, 3)
    # Newest first: the batch's 3 items (2 good), u2, u1: 4 of 5 good, 80 % — not below.
    await _step(admin, batch, 3, 2, 1)
    assert await _alerts(admin) == []
    # u3 fails: u3 (bad), the batch's 3 (2 good), u2 (good) make 5 items, 3 good: 60 %.
    await _post(admin, f"/units/{u3}/gate", result="fail")
    (alert,) = await _alerts(admin)
    assert alert["value"] == 60.0
    assert alert["details"] == {
        "units": 5,
        "passed": 3,
        "batch_items": 3,
        "threshold_pct": 80.0,
    }


async def test_yield_rule_over_units_only_is_unchanged_by_batches_elsewhere(
    admin: AsyncClient,
) -> None:
    floor = await _batch_floor(admin)
    gate = floor["workstations"][2]
    await _rule(
        admin,
        name="Gate yield",
        kind="yield_below",
        workstation_id=gate["id"],
        threshold_pct=50,
        window_units=2,
    )
    batch = await _batch(admin, floor, 10)
    await _step(admin, batch, 1, 5, 5)  # scrap at step 1: not the gate's yield
    u1, u2 = await _units_at(admin, floor, 2, 3)
    await _post(admin, f"/units/{u1}/gate", result="pass")
    await _post(admin, f"/units/{u2}/gate", result="fail")  # 1 of 2: 50 %, not below
    assert await _alerts(admin) == []


async def test_yield_rule_leaves_out_steps_closed_by_an_order_ending(admin: AsyncClient) -> None:
    """A step running when its order is cancelled is closed with nothing passed: that judged
    no item, so it does not drag the workstation's yield down."""
    floor = await _batch_floor(admin)
    second = floor["workstations"][1]
    await _rule(
        admin,
        name="Step 2 yield",
        kind="yield_below",
        workstation_id=second["id"],
        threshold_pct=90,
        window_units=30,
    )
    earlier = await _batch(admin, floor, 20)
    await _step(admin, earlier, 1, 20)
    await _step(admin, earlier, 2, 20)
    doomed = await create_order(admin, floor["part"]["id"], quantity=20, tracking="batch")
    body = await _post(admin, f"/orders/{doomed['number']}/batches", 201, quantity=20)
    await _step(admin, body["id"], 1, 20)
    await _post(admin, f"/batches/{body['id']}/steps/2/start")
    await _post(admin, f"/orders/{doomed['number']}/cancel", reason="customer")
    latest = await _batch(admin, floor, 20)
    await _step(admin, latest, 1, 20)
    # The latest 20 (19 good) and the earlier 20 (all good): 39 of 40, 97.5 %. Counting the
    # closed step's 20 as bad would have made it 19 of 40.
    await _step(admin, latest, 2, 19, 1)
    assert await _alerts(admin) == []
