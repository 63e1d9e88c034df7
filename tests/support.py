"""Assertions and factories shared by the tests (plain async functions over the API)."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select

from app.models import AuditEntry

_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_counter)}"


def assert_problem(response: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and code)."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    for field in ("type", "title", "status", "detail", "code"):
        assert field in body, f"problem without {field}: {body}"
    assert body["status"] == status
    if code is not None:
        assert body["code"] == code, body
    return body


async def create_line(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": unique("L"), "name": "Line"} | fields
    r = await client.post("/api/v1/lines", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_workstation(client: AsyncClient, line_id: int, **fields: Any) -> dict[str, Any]:
    body = {"code": unique("WS"), "name": "Workstation", "line_id": line_id} | fields
    r = await client.post("/api/v1/workstations", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_part(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    n = unique("")
    body = {
        "number": f"PN-{n}",
        "name": "Part",
        "serial_prefix": f"SX{n}",
        "serial_digits": 5,
    } | fields
    r = await client.post("/api/v1/parts", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_defect_code(client: AsyncClient, **fields: Any) -> dict[str, Any]:
    body = {"code": unique("D"), "description": "Defect", "severity": "minor"} | fields
    r = await client.post("/api/v1/defect-codes", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_route(
    client: AsyncClient,
    part_id: int,
    workstation_ids: list[int],
    *,
    gates: tuple[int, ...] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A route with one step per workstation; `gates` are the 1-based seqs that are gates."""
    steps = [
        {"name": f"Step {i}", "workstation_id": ws, "is_gate": i in gates, "ideal_cycle_s": 30.0}
        for i, ws in enumerate(workstation_ids, start=1)
    ]
    body = {"code": unique("R"), "name": "Route", "part_id": part_id, "steps": steps} | fields
    r = await client.post("/api/v1/routes", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_order(client: AsyncClient, part_id: int, **fields: Any) -> dict[str, Any]:
    body = {"part_id": part_id, "quantity": 10} | fields
    r = await client.post("/api/v1/orders", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def create_user(
    client: AsyncClient, role: str = "operator", password: str = "secret-password", **fields: Any
) -> dict[str, Any]:
    body = {
        "username": unique("user"),
        "password": password,
        "role": role,
        "kind": "person",
        "line_ids": [],
    } | fields
    r = await client.post("/api/v1/users", json=body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def shop_floor(
    client: AsyncClient, steps: int = 3, gates: tuple[int, ...] = ()
) -> dict[str, Any]:
    """A line with `steps` workstations, a part and a route through them (admin client)."""
    line = await create_line(client)
    stations = [await create_workstation(client, line["id"]) for _ in range(steps)]
    part = await create_part(client)
    route = await create_route(client, part["id"], [w["id"] for w in stations], gates=gates)
    return {"line": line, "workstations": stations, "part": part, "route": route}


async def gated_floor(
    client: AsyncClient, *, steps: int = 2, quantity: int | None = None, units: int = 0
) -> dict[str, Any]:
    """`shop_floor` with `steps` steps (two unless said), step 2 a gate whose `Torque` test is
    45-55 Nm; with `quantity` also an order (`floor["order"]`), with `units` that many
    generated units (`floor["serials"]`)."""
    floor = await shop_floor(client, steps=steps, gates=(2,))
    r = await client.post(
        "/api/v1/test-definitions",
        json={
            "name": "Torque",
            "route_id": floor["route"]["id"],
            "step": 2,
            "unit": "Nm",
            "lower_limit": 45,
            "upper_limit": 55,
        },
    )
    assert r.status_code == 201, r.text
    floor["torque"] = r.json()
    if quantity is None and units:
        quantity = units
    if quantity is not None:
        order = await create_order(client, floor["part"]["id"], quantity=quantity)
        floor["order"] = order["number"]
        if units:
            r = await client.post(f"/api/v1/orders/{order['number']}/units", json={"count": units})
            assert r.status_code == 201, r.text
            floor["serials"] = [u["serial"] for u in r.json()["items"]]
    return floor


async def order_audit_actions(app: FastAPI, number: str) -> list[str]:
    """The audit log's actions on order `number`, oldest first."""
    async with app.state.db.transaction(write=False) as session:
        found = await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.entity_type == "order", AuditEntry.entity_id == number)
            .order_by(AuditEntry.id)
        )
        return list(found.all())
