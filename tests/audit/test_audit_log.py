from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.audit.schemas import AuditFilters
from app.audit.service import export_csv
from tests.conftest import login
from tests.support import assert_problem, create_line, create_user

AUDIT = "/api/v1/audit-log"
ENTRY_KEYS_ORDER = ("id", "at", "actor", "entity_type", "entity_id", "action", "before", "after")
ENTRY_KEYS = set(ENTRY_KEYS_ORDER)


async def _entries(c: AsyncClient, **params: Any) -> list[dict[str, Any]]:
    """Every entry the filters select, walking all pages."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = dict(params, limit=params.get("limit", 500))
        if cursor:
            query["cursor"] = cursor
        r = await c.get(AUDIT, params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def _history(admin: AsyncClient) -> dict[str, Any]:
    """Some audited changes by two actors: lines created, renamed and deleted, a user."""
    l1 = await create_line(admin, code="AL1", name="one")
    l2 = await create_line(admin, code="AL2", name="two")
    await admin.patch(f"/api/v1/lines/{l1['id']}", json={"name": "uno"})
    await admin.delete(f"/api/v1/lines/{l2['id']}")
    boss = await create_user(admin, role="admin", username="boss", password="boss-password")
    return {"l1": l1, "l2": l2, "boss": boss}


def _parse(at: str) -> datetime:
    return datetime.fromisoformat(at)


async def test_entries_newest_first_with_before_and_after(admin: AsyncClient) -> None:
    made = await _history(admin)
    entries = await _entries(admin)
    assert all(set(e) == ENTRY_KEYS for e in entries)
    ids = [e["id"] for e in entries]
    assert ids == sorted(ids, reverse=True)
    assert [_parse(e["at"]) for e in entries] == sorted(
        (_parse(e["at"]) for e in entries), reverse=True
    )
    assert all(_parse(e["at"]).utcoffset() == timedelta(0) for e in entries)
    newest = [(e["entity_type"], e["action"]) for e in entries[:5]]
    assert newest == [
        ("user", "create"),
        ("line", "delete"),
        ("line", "update"),
        ("line", "create"),
        ("line", "create"),
    ]
    # The bootstrap admin is the oldest entry, written by the system.
    assert (entries[-1]["actor"], entries[-1]["entity_type"]) == ("system", "user")
    update = entries[2]
    assert update["entity_id"] == str(made["l1"]["id"]) and update["actor"] == "user:admin"
    assert update["before"] == {"name": "one"} and update["after"] == {"name": "uno"}
    delete = entries[1]
    assert delete["after"] is None and delete["before"]["code"] == "AL2"

    one = (await admin.get(f"{AUDIT}/{update['id']}")).json()
    assert one == update


async def test_filters(admin: AsyncClient, app: FastAPI) -> None:
    made = await _history(admin)
    c = await login(app, "boss", "boss-password")
    try:
        await c.patch(f"/api/v1/lines/{made['l1']['id']}", json={"name": "eins"})
    finally:
        await c.aclose()
    everything = await _entries(admin)

    async def ids(**params: Any) -> list[int]:
        return [e["id"] for e in await _entries(admin, **params)]

    def expect(keep: Any) -> list[int]:
        return [e["id"] for e in everything if keep(e)]

    line_id = str(made["l1"]["id"])
    assert await ids(entity_type="line") == expect(lambda e: e["entity_type"] == "line")
    assert await ids(entity_type="line", entity_id=line_id) == expect(
        lambda e: e["entity_type"] == "line" and e["entity_id"] == line_id
    )
    assert len(await ids(entity_type="line", entity_id=line_id)) == 3
    assert await ids(actor="user:boss") == expect(lambda e: e["actor"] == "user:boss")
    assert len(await ids(actor="user:boss")) == 1
    assert await ids(action="delete") == expect(lambda e: e["action"] == "delete")
    assert await ids(entity_type="order") == []
    assert await ids(actor="user:nobody") == []
    admin_id = (await admin.get("/api/v1/auth/me")).json()["id"]
    bootstrap = await _entries(admin, entity_type="user", entity_id=str(admin_id))
    assert [e["actor"] for e in bootstrap] == ["system"]
    assert bootstrap[0]["after"]["username"] == "admin"


async def test_time_window(admin: AsyncClient) -> None:
    await _history(admin)
    everything = await _entries(admin)
    times = sorted({_parse(e["at"]) for e in everything})
    assert len(times) >= 3
    start, end = times[1], times[-1]
    plus5 = timezone(timedelta(hours=5))
    minus7 = timezone(timedelta(hours=-7, minutes=-30))

    got = await _entries(
        admin, **{"from": start.astimezone(plus5).isoformat(), "to": end.isoformat()}
    )
    assert [e["id"] for e in got] == [e["id"] for e in everything if start <= _parse(e["at"]) < end]
    got = await _entries(admin, **{"from": start.astimezone(minus7).isoformat()})
    assert [e["id"] for e in got] == [e["id"] for e in everything if _parse(e["at"]) >= start]
    got = await _entries(admin, to=start.isoformat().replace("+00:00", "Z"))
    assert [e["id"] for e in got] == [e["id"] for e in everything if _parse(e["at"]) < start]
    later = (times[-1] + timedelta(days=1)).isoformat()
    assert await _entries(admin, **{"from": later}) == []
    assert await _entries(admin, **{"from": start.isoformat(), "to": start.isoformat()}) == []


async def test_pagination_walks_every_entry_once(admin: AsyncClient) -> None:
    for _ in range(6):
        await create_line(admin)
    everything = await _entries(admin)
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await admin.get(AUDIT, params=params)).json()
        assert len(page["items"]) <= 2
        seen += [e["id"] for e in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["id"] for e in everything] and len(seen) == 7 and pages == 4
    # Pages of a filtered list walk the filtered rows.
    page = (await admin.get(AUDIT, params={"entity_type": "line", "limit": 5})).json()
    assert len(page["items"]) == 5 and page["next_cursor"]
    rest = (
        await admin.get(
            AUDIT, params={"entity_type": "line", "limit": 5, "cursor": page["next_cursor"]}
        )
    ).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None


async def test_csv_export_has_the_same_rows(admin: AsyncClient) -> None:
    made = await _history(admin)
    for params in ({}, {"entity_type": "line"}, {"actor": "system"}, {"entity_type": "order"}):
        r = await admin.get(f"{AUDIT}/export", params=params)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("text/csv")
        assert "attachment" in r.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == list(ENTRY_KEYS_ORDER)
        listed = await _entries(admin, **params)
        assert len(rows) == len(listed) + 1
        for row, entry in zip(rows[1:], listed, strict=True):
            record = dict(zip(rows[0], row, strict=True))
            assert int(record["id"]) == entry["id"]
            assert _parse(record["at"]) == _parse(entry["at"])
            for field in ("actor", "entity_type", "entity_id", "action"):
                assert record[field] == entry[field]
            for field in ("before", "after"):
                value = json.loads(record[field]) if record[field] else None
                assert value == entry[field]
    r = await admin.get(f"{AUDIT}/export", params={"entity_id": str(made["l1"]["id"])})
    assert '"{""name"":""uno""}"' in r.text  # compact JSON text, CSV-quoted


async def test_csv_export_streams_in_batches(admin: AsyncClient, app: FastAPI) -> None:
    for _ in range(7):
        await create_line(admin)
    listed = await _entries(admin)
    chunks = [chunk async for chunk in export_csv(app.state.db, AuditFilters(), batch_size=3)]
    # 8 entries (the bootstrap admin and 7 lines): the header with 3 rows, 3 rows, 2 rows.
    assert len(chunks) == 3
    rows = list(csv.reader(io.StringIO("".join(chunks))))
    assert [int(r[0]) for r in rows[1:]] == [e["id"] for e in listed]
    chunks = [c async for c in export_csv(app.state.db, AuditFilters(entity_type="none"))]
    assert "".join(chunks).splitlines() == [",".join(ENTRY_KEYS_ORDER)]


async def test_entries_cannot_be_changed_through_the_api(admin: AsyncClient) -> None:
    await create_line(admin)
    entry = (await _entries(admin))[0]
    for path in (AUDIT, f"{AUDIT}/{entry['id']}", f"{AUDIT}/export"):
        for method in ("PUT", "PATCH", "DELETE"):
            r = await admin.request(method, path, json={"actor": "someone else"})
            assert_problem(r, 405, "method_not_allowed")
    assert_problem(await admin.post(AUDIT, json={"action": "forged"}), 405, "method_not_allowed")
    assert (await admin.get(f"{AUDIT}/{entry['id']}")).json() == entry


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'forged' WHERE id = :id",
        "UPDATE audit_log SET after = NULL",
        "DELETE FROM audit_log WHERE id = :id",
        "DELETE FROM audit_log",
    ],
)
async def test_database_refuses_update_and_delete(
    admin: AsyncClient, app: FastAPI, backend: str, statement: str
) -> None:
    await create_line(admin)
    before = await _entries(admin)
    with pytest.raises(DBAPIError, match="append-only"):
        async with app.state.db.transaction() as session:
            await session.execute(text(statement), {"id": before[0]["id"]})
    assert await _entries(admin) == before


async def test_bad_input_is_rejected(admin: AsyncClient) -> None:
    await create_line(admin)
    before = await _entries(admin)
    bad: list[dict[str, Any]] = [
        {"from": "2026-01-01T00:00:00"},  # naive
        {"to": "2026-01-01T00:00:00"},
        {"from": "2026-01-01"},
        {"from": "yesterday"},
        {"from": "2026-13-01T00:00:00Z"},
        {"from": "2026-01-01T00:00:00 05:00"},  # an unencoded '+' arrives as a space
        {"from": "0001-01-01T00:00:00+05:00"},  # no UTC equivalent
        {"to": "9999-12-31T23:59:59-05:00"},
        {"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
        {"entity_type": "x" * 33},
        {"entity_id": "x" * 65},
        {"actor": "x" * 101},
        {"actor": "nul\x00"},
        {"entity_id": "tab\t"},
        {"limit": 0},
        {"limit": 501},
        {"limit": 2**70},
    ]
    for params in bad:
        for path in (AUDIT, f"{AUDIT}/export"):
            if path.endswith("export") and "limit" in params:
                continue
            problem = assert_problem(await admin.get(path, params=params), 422, "validation_error")
            assert problem["errors"], params
    assert_problem(await admin.get(AUDIT, params={"cursor": "@@"}), 400, "invalid_cursor")
    for path in ("abc", "0", str(2**70)):
        assert_problem(await admin.get(f"{AUDIT}/{path}"), 422, "validation_error")
    assert_problem(await admin.get(f"{AUDIT}/99999999"), 404, "not_found")
    assert (await admin.get(AUDIT, params={"entity_id": str(2**70)})).json()["items"] == []
    assert await _entries(admin) == before


async def test_only_admins_and_audit_keys_read_the_log(admin: AsyncClient, app: FastAPI) -> None:
    paths = (AUDIT, f"{AUDIT}/export", f"{AUDIT}/1")
    for role in ("operator", "supervisor"):
        user = await create_user(admin, role=role, password="password-1-long")
        c = await login(app, user["username"], "password-1-long")
        try:
            for path in paths:
                assert_problem(await c.get(path), 403, "forbidden")
        finally:
            await c.aclose()

    async def key_client(*scopes: str) -> AsyncClient:
        r = await admin.post("/api/v1/api-keys", json={"name": "k", "scopes": list(scopes)})
        assert r.status_code == 201, r.text
        return AsyncClient(
            transport=ASGITransport(app=app),
            base_url="http://takt",
            headers={"X-API-Key": r.json()["key"]},
        )

    async with await key_client("read") as c:
        for path in paths:
            assert_problem(await c.get(path), 403, "forbidden")
    async with await key_client("audit:read") as c:
        assert (await c.get(AUDIT)).status_code == 200
        assert (await c.get(f"{AUDIT}/export")).status_code == 200
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as c:
        for path in paths:
            assert_problem(await c.get(path), 401, "not_authenticated")
