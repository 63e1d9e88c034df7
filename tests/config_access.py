"""Helpers for the configuration tests: callers with other roles or scopes, DB snapshots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import func, select

from app.auth.security import hash_api_key, new_api_key
from app.models import (
    ApiKey,
    AuditEntry,
    DefectCode,
    Line,
    Order,
    Part,
    Route,
    RouteRevision,
    RouteStep,
    Unit,
    UnitEvent,
    User,
    Workstation,
)
from tests.conftest import login
from tests.support import unique

CONFIG_TABLES = (Line, Workstation, Part, DefectCode, Route, RouteRevision, RouteStep, AuditEntry)


@asynccontextmanager
async def as_role(app: FastAPI, role: str) -> AsyncIterator[AsyncClient]:
    """A client logged in as a new user with `role` (inserted directly, not via /users)."""
    username, password = unique(role), "role-password-for-tests"
    async with app.state.db.transaction() as session:
        session.add(
            User(
                username=username,
                password_hash=app.state.passwords.hash(password),
                role=role,
                kind="person",
            )
        )
    client = await login(app, username, password)
    try:
        yield client
    finally:
        await client.aclose()


@asynccontextmanager
async def with_api_key(app: FastAPI, *scopes: str) -> AsyncIterator[AsyncClient]:
    """A client sending a new API key with `scopes` (inserted directly)."""
    key = new_api_key()
    async with app.state.db.transaction() as session:
        session.add(
            ApiKey(
                name=unique("key"),
                prefix=key[:12],
                key_hash=hash_api_key(key),
                scopes=list(scopes),
                created_by="test",
            )
        )
    async with AsyncClient(
        transport=ASGITransport(app=app), base_url="http://takt", headers={"X-API-Key": key}
    ) as client:
        yield client


async def row_counts(app: FastAPI) -> dict[str, int]:
    """Rows per configuration table (and the audit log): equal before and after = no change."""
    async with app.state.db.transaction(write=False) as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in CONFIG_TABLES
        }


async def audit_entries(
    app: FastAPI, entity_type: str, entity_id: int | None = None
) -> list[AuditEntry]:
    stmt = select(AuditEntry).where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        stmt = stmt.where(AuditEntry.entity_id == str(entity_id))
    async with app.state.db.transaction(write=False) as session:
        return list((await session.scalars(stmt.order_by(AuditEntry.id))).all())


async def walk(client: AsyncClient, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following `next_cursor`, pages of `limit`."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query: dict[str, Any] = {"limit": limit, **params}
        if cursor:
            query["cursor"] = cursor
        r = await client.get(path, params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def pin_order(app: FastAPI, route_id: int, revision: int = 1) -> int:
    """Insert an order pinning `revision` of the route (directly: the orders API is not what
    these tests are about) and return its id."""
    async with app.state.db.transaction() as session:
        pinned = (
            await session.execute(
                select(RouteRevision.id, Route.part_id)
                .join(Route, Route.id == RouteRevision.route_id)
                .where(RouteRevision.route_id == route_id, RouteRevision.revision == revision)
            )
        ).one()
        order = Order(
            number=unique("PO-T"),
            part_id=pinned.part_id,
            route_id=route_id,
            route_revision_id=pinned.id,
            quantity=1,
        )
        session.add(order)
        await session.flush()
        return order.id


async def add_unit_event(app: FastAPI, order_id: int, **fields: Any) -> None:
    """Insert a unit of the order with one history event carrying `fields`."""
    async with app.state.db.transaction() as session:
        order = await session.get(Order, order_id)
        assert order is not None
        unit = Unit(
            serial=unique("SER-"),
            order_id=order.id,
            part_id=order.part_id,
            route_revision_id=order.route_revision_id,
            awaiting="move",
        )
        session.add(unit)
        await session.flush()
        session.add(UnitEvent(unit_id=unit.id, order_id=order.id, actor="user:test", **fields))
