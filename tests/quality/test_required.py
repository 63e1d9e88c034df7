"""`required` means "a gate at this step needs this test" (issue 11, item 13). Enforcing it
on plain moves would put a check on the move hot path, so the flag is refused (422) where
the step is not a gate in the route's current revision; left out, it defaults to whether
the step is a gate. Revisions: a test belongs to a route step number across revisions, and
each order's pinned revision decides whether that step is a gate for its units."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.support import assert_problem, create_order, shop_floor

API = "/api/v1"


async def _define(admin: AsyncClient, route_id: int, step: int, **extra: Any) -> Any:
    body = {
        "name": f"T{step}{len(extra)}",
        "route_id": route_id,
        "step": step,
        "unit": "Nm",
        "lower_limit": 45,
        "upper_limit": 55,
    } | extra
    return await admin.post(f"{API}/test-definitions", json=body)


async def _unit_at(admin: AsyncClient, part_id: int, route_id: int, step: int) -> str:
    order = await create_order(admin, part_id, quantity=1, route_id=route_id)
    r = await admin.post(f"{API}/orders/{order['number']}/units", json={"count": 1})
    assert r.status_code == 201, r.text
    serial: str = r.json()["items"][0]["serial"]
    for _ in range(step):
        r = await admin.post(f"{API}/units/{serial}/move")
        assert r.status_code == 200, r.text
    return serial


async def test_required_only_where_a_gate_enforces_it(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=3, gates=(2,))
    route = floor["route"]
    before = (await admin.get(f"{API}/test-definitions")).json()["items"]
    r = await _define(admin, route["id"], 1, required=True)
    body = assert_problem(r, 422, "validation_error")
    assert [e["loc"] for e in body["errors"]] == [["body", "required"]]
    assert (await admin.get(f"{API}/test-definitions")).json()["items"] == before

    plain = await _define(admin, route["id"], 1)  # left out: not required off a gate
    assert plain.status_code == 201 and plain.json()["required"] is False, plain.text
    optional = await _define(admin, route["id"], 3, required=False)
    assert optional.status_code == 201, optional.text
    gated = await _define(admin, route["id"], 2)  # left out: required at a gate
    assert gated.status_code == 201 and gated.json()["required"] is True, gated.text

    url = f"{API}/test-definitions/{plain.json()['id']}"
    assert_problem(await admin.patch(url, json={"required": True}), 422, "validation_error")
    assert (await admin.get(url)).json()["required"] is False
    r = await admin.patch(f"{API}/test-definitions/{gated.json()['id']}", json={"required": False})
    assert r.status_code == 200 and r.json()["required"] is False, r.text

    # A failing measurement at a non-gate step is recorded and holds nothing back (there is
    # no gate): the flag that would have promised otherwise is refused above.
    serial = await _unit_at(admin, floor["part"]["id"], route["id"], 1)
    r = await admin.post(
        f"{API}/units/{serial}/measurements", json={"test": plain.json()["name"], "value": 99}
    )
    assert r.status_code == 201 and r.json()["result"] == "fail", r.text


async def test_revisions_decide_where_the_gate_is(admin: AsyncClient) -> None:
    floor = await shop_floor(admin, steps=2, gates=(2,))
    route, stations = floor["route"], floor["workstations"]
    gated = (await _define(admin, route["id"], 2)).json()
    assert gated["required"] is True
    old_unit = await _unit_at(admin, floor["part"]["id"], route["id"], 2)

    # Revision 2 moves the gate to step 1.
    steps = [
        {"name": "Step 1", "workstation_id": stations[0]["id"], "is_gate": True},
        {"name": "Step 2", "workstation_id": stations[1]["id"], "is_gate": False},
    ]
    r = await admin.post(f"{API}/routes/{route['id']}/revisions", json={"steps": steps})
    assert r.status_code in (200, 201), r.text
    # Step 1 is a gate now: a required test may be defined there.
    first = await _define(admin, route["id"], 1, required=True)
    assert first.status_code == 201, first.text
    # Step 2 is no gate in the current revision: `required` cannot be set there any more...
    url = f"{API}/test-definitions/{gated['id']}"
    r = await admin.patch(url, json={"required": False})
    assert r.status_code == 200, r.text
    assert_problem(await admin.patch(url, json={"required": True}), 422, "validation_error")
    # ...while orders pinned to revision 1 keep their gate at step 2, with its tests.
    r = await admin.post(f"{API}/units/{old_unit}/gate", json={"result": "pass"})
    assert r.status_code == 200, r.text  # Torque no longer required there
    new_unit = await _unit_at(admin, floor["part"]["id"], route["id"], 1)
    assert_problem(
        await admin.post(f"{API}/units/{new_unit}/gate", json={"result": "pass"}),
        409,
        "tests_incomplete",
    )
