"""A configured plant for the assistant's end-to-end tests, built through the REST API."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

API = "/api/v1"
OPERATOR_PASSWORD = "operator-password-42"


async def _post(client: AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await client.post(f"{API}{path}", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def build_plant(admin: AsyncClient, *, units: int = 6, quantity: int = 20) -> dict[str, Any]:
    """Line L1 with Station 1..3 (step 3 a gate needing Torque 45-55 Nm), line L2 with
    Station 9; part SMX (SMX-00001…); defect codes SOLDER and SCRATCH; issue type MAT; order
    PO-0001 (`quantity`) with `units` units generated; operators `op-l1` (on L1) and `op-l2`
    (on L2); an API key that may only read."""
    l1 = await _post(admin, "/lines", {"code": "L1", "name": "Line 1"})
    l2 = await _post(admin, "/lines", {"code": "L2", "name": "Line 2"})
    stations = [
        await _post(
            admin, "/workstations", {"code": f"ST{i}", "name": f"Station {i}", "line_id": l1["id"]}
        )
        for i in (1, 2, 3)
    ]
    await _post(admin, "/workstations", {"code": "ST9", "name": "Station 9", "line_id": l2["id"]})
    part = await _post(
        admin,
        "/parts",
        {"number": "SMX-100", "name": "Smart meter", "serial_prefix": "SMX", "serial_digits": 5},
    )
    route = await _post(
        admin,
        "/routes",
        {
            "code": "SMX",
            "name": "Smart meter route",
            "part_id": part["id"],
            "steps": [
                {"name": "Assemble", "workstation_id": stations[0]["id"]},
                {"name": "Solder", "workstation_id": stations[1]["id"]},
                {"name": "Final test", "workstation_id": stations[2]["id"], "is_gate": True},
            ],
        },
    )
    await _post(
        admin,
        "/test-definitions",
        {
            "name": "Torque",
            "route_id": route["id"],
            "step": 3,
            "unit": "Nm",
            "lower_limit": 45,
            "upper_limit": 55,
        },
    )
    await _post(
        admin,
        "/defect-codes",
        {"code": "SOLDER", "description": "Cold or cracked solder joint", "severity": "major"},
    )
    await _post(
        admin,
        "/defect-codes",
        {"code": "SCRATCH", "description": "Scratched housing", "severity": "minor"},
    )
    await _post(
        admin,
        "/issue-types",
        {"code": "MAT", "name": "Material shortage", "blocking": False, "severity": "medium"},
    )
    order = await _post(admin, "/orders", {"part_id": part["id"], "quantity": quantity})
    if units:
        await _post(admin, f"/orders/{order['number']}/units", {"count": units})
    for name, line in (("op-l1", l1), ("op-l2", l2)):
        await _post(
            admin,
            "/users",
            {
                "username": name,
                "password": OPERATOR_PASSWORD,
                "role": "operator",
                "kind": "person",
                "line_ids": [line["id"]],
            },
        )
    reader = await _post(admin, "/api-keys", {"name": "reader", "scopes": ["read"]})
    return {
        "lines": [l1, l2],
        "stations": stations,
        "part": part,
        "route": route,
        "order": order["number"],
        "reader_key": reader["key"],
    }
