"""The production report against hand-computed figures: units and batches mixed, in a plant
whose local day is not the UTC day (America/New_York, UTC-5 in January), on SQLite and
PostgreSQL. Definitions: docs/reports.md."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, update

from app.config import Settings
from app.models import BatchEvent, BatchEventType, Order, Unit, UnitEvent
from tests.conftest import login, make_settings
from tests.support import assert_problem, create_order, create_user, shop_floor

API = "/api/v1"
REPORT = f"{API}/reports/production"
# Local Monday 5 January 2026 00:00 to Wednesday 7 January 00:00 in New York.
FROM, TO = "2026-01-05T05:00:00Z", "2026-01-07T05:00:00Z"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, timezone="America/New_York")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def _post(admin: AsyncClient, path: str, status: int = 200, **body: Any) -> Any:
    r = await admin.post(f"{API}{path}", json=body or None)
    assert r.status_code == status, r.text
    return r.json()


async def _history(admin: AsyncClient, app: FastAPI) -> dict[str, Any]:
    """A two-step line; the times are then set by hand (UTC → New York local):

    Serial order, 3 units: U1 and U2 created 12:00Z Jan 5 (07:00 local), U3 03:00Z Jan 6
    (22:00 local Jan 5: the UTC day is the 6th, the plant's the 5th). U1 completed 04:30Z
    Jan 6 (23:30 local Jan 5); U2 scrapped 06:00Z Jan 6 (01:00 local Jan 6); U3 in progress.
    Batch order (100): one batch created 15:00Z Jan 5; step 1 90 good + 10 scrap at 20:00Z
    Jan 5; step 2 (last) 85 good + 5 scrap at 14:00Z Jan 6; the order completed then.
    """
    floor = await shop_floor(admin, steps=2)
    line_id, part_id = floor["line"]["id"], floor["part"]["id"]
    serial = await create_order(admin, part_id, quantity=3, line_id=line_id)
    made = await _post(admin, f"/orders/{serial['number']}/units", 201, count=3)
    u1, u2, u3 = [u["serial"] for u in made["items"]]
    for _ in range(3):
        await _post(admin, f"/units/{u1}/move")
    await _post(admin, f"/units/{u2}/move")
    await _post(admin, f"/units/{u2}/scrap", reason="dented")
    batch_order = await create_order(
        admin, part_id, quantity=100, line_id=line_id, tracking="batch"
    )
    batch = (await _post(admin, f"/orders/{batch_order['number']}/batches", 201, quantity=100))[
        "id"
    ]
    for seq, good, scrap in ((1, 90, 10), (2, 85, 5)):
        await _post(admin, f"/batches/{batch}/steps/{seq}/start")
        await _post(admin, f"/batches/{batch}/steps/{seq}/complete", good=good, scrap=scrap)
    done = await _post(admin, f"/orders/{batch_order['number']}/complete")
    assert done["status"] == "complete"
    async with app.state.db.transaction() as session:
        for s, created, finished in (
            (u1, "2026-01-05 12:00", "2026-01-06 04:30"),
            (u2, "2026-01-05 12:00", "2026-01-06 06:00"),
            (u3, "2026-01-06 03:00", None),
        ):
            values: dict[str, Any] = {"created_at": _at(created)}
            if finished:
                values["finished_at"] = _at(finished)
            await session.execute(update(Unit).where(Unit.serial == s).values(**values))
            unit_id = select(Unit.id).where(Unit.serial == s).scalar_subquery()
            await session.execute(
                update(UnitEvent)
                .where(UnitEvent.unit_id == unit_id, UnitEvent.type == "created")
                .values(at=_at(created))
            )
        for kind, step, at in (
            (BatchEventType.CREATED, None, "2026-01-05 15:00"),
            (BatchEventType.STEP_COMPLETED, 1, "2026-01-05 20:00"),
            (BatchEventType.STEP_COMPLETED, 2, "2026-01-06 14:00"),
        ):
            stmt = update(BatchEvent).where(
                BatchEvent.batch_id == batch, BatchEvent.type == kind.value
            )
            if step is not None:
                stmt = stmt.where(BatchEvent.step == step)
            await session.execute(stmt.values(at=_at(at)))
        await session.execute(
            update(Order)
            .where(Order.number == batch_order["number"])
            .values(finished_at=_at("2026-01-06 14:00"))
        )
    return floor


def _row(
    key: str | None, orders: int, started: int, completed: int, scrapped: int, fp: int, hours: float
) -> dict[str, Any]:
    finished = completed + scrapped
    return {
        "key": key,
        "orders_completed": orders,
        "started": started,
        "completed": completed,
        "scrapped": scrapped,
        "first_pass_yield": pytest.approx(fp / finished) if finished else None,
        "throughput_per_hour": pytest.approx(completed / hours) if hours else None,
    }


# Local Jan 5: started 3 units + 100; completed U1; scrapped 10 (batch step 1); first pass U1.
# Local Jan 6: completed 85 (batch's last step); scrapped U2 + 5; first pass 85; the order.
JAN5 = ("2026-01-05", 0, 103, 1, 10, 1, 24)
JAN6 = ("2026-01-06", 1, 0, 85, 6, 85, 24)


async def _report(admin: AsyncClient, **params: Any) -> dict[str, Any]:
    r = await admin.get(REPORT, params={"from": FROM, "to": TO} | params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def test_days_weeks_months_lines_parts(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _history(admin, app)
    body = await _report(admin, group_by="day")
    assert body["timezone"] == "America/New_York"
    assert body["from"].startswith("2026-01-05T05:00:00") and body["group_by"] == "day"
    assert body["rows"] == [_row(*JAN5), _row(*JAN6)]
    both = (0, 1, 103, 86, 16, 86, 48)
    assert (await _report(admin, group_by="week"))["rows"] == [_row("2026-W02", *both[1:])]
    assert (await _report(admin, group_by="month"))["rows"] == [_row("2026-01", *both[1:])]
    line = (await _report(admin, group_by="line"))["rows"]
    assert line == [_row(floor["line"]["code"], *both[1:])]
    part = (await _report(admin, group_by="part", line_id=floor["line"]["id"]))["rows"]
    assert part == [_row(floor["part"]["number"], *both[1:])]
    # Filters: another part has nothing (days still listed, with zeros).
    other = await shop_floor(admin, steps=1)
    empty = await _report(admin, part_id=other["part"]["id"])
    assert empty["rows"] == [
        _row("2026-01-05", 0, 0, 0, 0, 0, 24),
        _row("2026-01-06", 0, 0, 0, 0, 0, 24),
    ]
    # A window starting at 18:00 local on Jan 5: that day is clipped to 6 hours.
    r = await _report(admin, **{"from": "2026-01-05T23:00:00Z", "to": "2026-01-06T05:00:00Z"})
    # Within it: U3 created (22:00 local) and U1 completed (23:30 local); nothing else.
    assert r["rows"] == [_row("2026-01-05", 0, 1, 1, 0, 1, 6)]


async def test_shifts(admin: AsyncClient, app: FastAPI) -> None:
    floor = await _history(admin, app)
    shift = {
        "name": "Day",
        "start": "06:00",
        "end": "18:00",
        "days": [1, 2, 3, 4, 5, 6, 7],
        "breaks": [{"start": "12:00", "end": "12:30"}],
    }
    await _post(admin, "/shifts", 201, **shift)
    rows = (await _report(admin, group_by="shift"))["rows"]
    # Day shift Jan 5 (06:00-18:00 local): U1, U2 created 07:00, batch created 10:00, batch
    # step 1 at 15:00 (10 scrap). Jan 6: batch step 2 at 09:00 (85 good, 5 scrap), the order.
    # U1 completed 23:30, U2 scrapped 01:00 and U3 created 22:00 are outside every shift.
    assert rows == [
        _row("2026-01-05 Day", 0, 102, 0, 10, 0, 11.5),
        _row("2026-01-06 Day", 1, 0, 85, 5, 85, 11.5),
    ]
    # A night shift of this line (18:00-06:00): the Jan 5 night has U3 created (22:00), U1
    # completed (23:30) and U2 scrapped (01:00); the nights at the window's edges are
    # clipped to 6 hours. Another line's shifts are left out with `line_id` of another line.
    night = shift | {"name": "Night", "start": "18:00", "end": "06:00", "breaks": []}
    await _post(admin, "/shifts", 201, **night, line_id=floor["line"]["id"])
    rows = (await _report(admin, group_by="shift"))["rows"]
    assert rows == [
        _row("2026-01-04 Night", 0, 0, 0, 0, 0, 6),
        _row("2026-01-05 Day", 0, 102, 0, 10, 0, 11.5),
        _row("2026-01-05 Night", 0, 1, 1, 1, 1, 12),
        _row("2026-01-06 Day", 1, 0, 85, 5, 85, 11.5),
        _row("2026-01-06 Night", 0, 0, 0, 0, 0, 6),
    ]
    other = await shop_floor(admin, steps=1)
    rows = (await _report(admin, group_by="shift", line_id=other["line"]["id"]))["rows"]
    assert [r["key"] for r in rows] == ["2026-01-05 Day", "2026-01-06 Day"]
    assert [r["started"] for r in rows] == [0, 0]


async def test_csv_is_the_same_rows(admin: AsyncClient, app: FastAPI) -> None:
    await _history(admin, app)
    r = await admin.get(REPORT, params={"from": FROM, "to": TO, "format": "csv"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == [
        "key",
        "orders_completed",
        "started",
        "completed",
        "scrapped",
        "first_pass_yield",
        "throughput_per_hour",
    ]
    parsed = [
        {
            "key": row["key"],
            "orders_completed": int(row["orders_completed"]),
            "started": int(row["started"]),
            "completed": int(row["completed"]),
            "scrapped": int(row["scrapped"]),
            "first_pass_yield": float(row["first_pass_yield"]) if row["first_pass_yield"] else None,
            "throughput_per_hour": float(row["throughput_per_hour"]),
        }
        for row in rows
    ]
    assert parsed == [_row(*JAN5), _row(*JAN6)]


@pytest.mark.parametrize(
    "params",
    [
        {"group_by": "hour"},
        {"format": "xml"},
        {"line_id": "0"},
        {"part_id": "x"},
        {"from": "2026-01-07T00:00:00Z", "to": "2026-01-05T00:00:00Z"},
        {"from": "2024-01-01T00:00:00Z", "to": "2026-01-05T00:00:00Z"},
        {"from": "yesterday"},
        {"from": "2026-01-05T00:00:00"},
        {"from": "9999-12-31T00:00:00Z", "to": "9999-12-31T12:00:00Z", "group_by": "month"},
        {"from": "0001-01-01T00:00:00Z", "to": "0001-01-01T01:00:00Z"},
        {"to": "0001-01-01T01:00:00Z", "group_by": "shift"},
    ],
)
async def test_bad_input_is_422(admin: AsyncClient, params: dict[str, str]) -> None:
    assert_problem(await admin.get(REPORT, params=params), 422)


async def test_who_may_read(admin: AsyncClient, app: FastAPI) -> None:
    assert_problem(await admin.get(REPORT, params={"line_id": 999999}), 404)
    password = "operator-password-1"
    operator = await create_user(admin, "operator", password=password)
    supervisor = await create_user(admin, "supervisor", password=password)
    as_operator = await login(app, operator["username"], password)
    as_supervisor = await login(app, supervisor["username"], password)
    assert_problem(await as_operator.get(REPORT), 403)
    assert_problem(await as_operator.get(f"{API}/reports/overview"), 403)
    assert (await as_supervisor.get(REPORT)).status_code == 200
    assert (await as_operator.get(f"{API}/schedule")).status_code == 200
