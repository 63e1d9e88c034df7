"""A workstation's work queue with 100,000 units in progress, through the real server.

    python -m bench.queue [--units 100000] [--orders 8] [--batches 300] [--done-batches 3000]
                          [--requests 1000] [--reuse]

Builds a fresh PostgreSQL database (`takt_bench_queue`, kept afterwards for EXPLAIN): through
the API a line with six workstations and a route through them (step 4 a gate), `--orders`
serial orders with mixed priorities and due dates, started, and one batch order; then in SQL,
set-based, the units in progress spread over steps 0-6 of the serial orders (at the gate ~10 %
await a disposition, the rest a gate decision) with waiting times spread over three days,
`--batches` batches of 50 in progress (each at a step, ready or started) and `--done-batches`
finished ones. The units' history is not generated: the queue never reads it.

After VACUUM ANALYZE a real `takt serve` process answers `GET /workstations/{id}/queue` on one
keep-alive connection, `--requests` times per case, the cases interleaved: the gate's queue
(units at the gate and those arriving from step 3), its first page and a page 30 pages in;
the first workstation's (arrivals from step 0); a 500-item page; the gate's queue filtered on
disposition, and on batches; and, for scale, `GET /units?limit=50` on the same server (a plain
keyset page: what any list costs over HTTP on this machine). Prints p50 / p99 / max per case
(target: p99 <= 20 ms for a page of 50), the first page's statement alone (SQLAlchemy and
asyncpg, no HTTP) and the machine's load averages. `--reuse` measures the database of an
earlier run again (migrated to head and analysed, not rebuilt).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import create_async_engine

from app.db import migrate
from app.workqueue.repository import (
    BEFORE_ALL,
    UNIT_AWAITING,
    Sources,
    page_params,
    page_statement,
)
from bench.harness import (
    LoadResult,
    admin_client,
    build_floor,
    ok,
    pg_url,
    recreate_database,
    takt_server,
)

DATABASE = "takt_bench_queue"
TARGET_MS = 20.0
STEPS = 6
GATE = 4
BATCH_SIZE = 50
# (priority, due date in days from today or None) of the serial orders, in creation order;
# repeated when --orders asks for more.
ORDER_PLAN: tuple[tuple[int, int | None], ...] = (
    (3, 10),
    (1, None),
    (2, 5),
    (3, None),
    (5, 2),
    (1, 7),
    (4, None),
    (3, 10),
)

# Units in progress, set-based: `per` units per serial order, their step from a hash of the
# unit number (0 = not yet entered the route), waiting since a spread over three days.
UNITS_SQL = """
WITH o AS (
    SELECT id, part_id, route_revision_id, line_id,
           row_number() OVER (ORDER BY id) - 1 AS k
    FROM orders WHERE tracking = 'serial' AND status = 'running'
),
plan AS (
    SELECT o.*, n, (n * 7919 + o.k * 31) % 7 AS step,
           now() - interval '3 days' + (n * 104729 % 259200) * interval '1 second'
               + (n % 1000) * interval '1 microsecond' AS since
    FROM o, generate_series(1, $1::int) AS n
)
INSERT INTO units (serial, order_id, part_id, route_revision_id, line_id, status, step,
                   workstation_id, awaiting, rework_count, created_at, updated_at,
                   step_entered_at)
SELECT 'QSN-' || lpad((plan.k * $1 + plan.n)::text, 8, '0'), plan.id, plan.part_id,
       plan.route_revision_id, $2::bigint, 'in_progress', plan.step, rs.workstation_id,
       CASE WHEN rs.is_gate AND plan.n % 10 = 0 THEN 'disposition'
            WHEN rs.is_gate THEN 'gate_decision'
            ELSE 'move' END,
       0, now() - interval '4 days', plan.since,
       CASE WHEN plan.step > 0 THEN plan.since END
FROM plan
LEFT JOIN route_steps rs ON rs.revision_id = plan.route_revision_id AND rs.seq = plan.step
ORDER BY plan.k, plan.n
"""

# Batches of the batch order: batch i at step 1 + i % 6, that step in progress for odd i and
# ready for even i; the steps before it done, those after it pending.
BATCHES_SQL = """
WITH o AS (SELECT id, part_id, route_revision_id, line_id FROM orders WHERE number = $1),
new AS (
    INSERT INTO batches (order_id, part_id, route_revision_id, line_id, quantity, status, step,
                         good, scrap, created_by, created_at, updated_at)
    SELECT o.id, o.part_id, o.route_revision_id, o.line_id, $3::int, 'in_progress',
           1 + i % 6, $3::int, 0, 'bench', now() - interval '2 days' + i * interval '1 minute',
           now() - interval '2 days' + i * interval '1 minute'
    FROM o, generate_series(0, $2::int - 1) AS i
    RETURNING id, step, created_at
)
INSERT INTO batch_steps (batch_id, seq, name, workstation_id, is_gate, ideal_cycle_s, status,
                         quantity_in, good, scrap, started_at, started_by, completed_at,
                         completed_by, seconds)
SELECT new.id, rs.seq, rs.name, rs.workstation_id, rs.is_gate, rs.ideal_cycle_s,
       CASE WHEN rs.seq < new.step THEN 'done'
            WHEN rs.seq = new.step AND new.id % 2 = 1 THEN 'in_progress'
            ELSE 'pending' END,
       CASE WHEN rs.seq <= new.step THEN $3::int END,
       CASE WHEN rs.seq < new.step THEN $3::int END,
       CASE WHEN rs.seq < new.step THEN 0 END,
       CASE WHEN rs.seq < new.step OR (rs.seq = new.step AND new.id % 2 = 1)
            THEN new.created_at + rs.seq * interval '1 hour' END,
       CASE WHEN rs.seq < new.step OR (rs.seq = new.step AND new.id % 2 = 1)
            THEN 'user:bench' END,
       CASE WHEN rs.seq < new.step THEN new.created_at + rs.seq * interval '1 hour'
                                        + interval '30 minutes' END,
       CASE WHEN rs.seq < new.step THEN 'user:bench' END,
       CASE WHEN rs.seq < new.step THEN 1800 END
FROM new
JOIN orders ON orders.number = $1
JOIN route_steps rs ON rs.revision_id = orders.route_revision_id
"""

# Finished batches of the batch order (history: every step done), so that the batches table
# is not all work in progress.
DONE_BATCHES_SQL = """
WITH o AS (SELECT id, part_id, route_revision_id, line_id FROM orders WHERE number = $1),
new AS (
    INSERT INTO batches (order_id, part_id, route_revision_id, line_id, quantity, status, step,
                         good, scrap, created_by, created_at, updated_at, finished_at)
    SELECT o.id, o.part_id, o.route_revision_id, o.line_id, $3::int, 'completed', 6, $3::int, 0,
           'bench', now() - interval '30 days' + i * interval '5 minutes',
           now() - interval '29 days' + i * interval '5 minutes',
           now() - interval '29 days' + i * interval '5 minutes'
    FROM o, generate_series(1, $2::int) AS i
    RETURNING id, created_at
)
INSERT INTO batch_steps (batch_id, seq, name, workstation_id, is_gate, ideal_cycle_s, status,
                         quantity_in, good, scrap, started_at, started_by, completed_at,
                         completed_by, seconds)
SELECT new.id, rs.seq, rs.name, rs.workstation_id, rs.is_gate, rs.ideal_cycle_s, 'done',
       $3::int, $3::int, 0, new.created_at + rs.seq * interval '1 hour', 'user:bench',
       new.created_at + rs.seq * interval '1 hour' + interval '30 minutes', 'user:bench', 1800
FROM new
JOIN orders ON orders.number = $1
JOIN route_steps rs ON rs.revision_id = orders.route_revision_id
"""


async def _generate(
    database: str, per_order: int, batch_order: str, batches: int, done_batches: int
) -> None:
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        line_id = await conn.fetchval("SELECT min(id) FROM lines")
        started = time.perf_counter()
        await conn.execute(UNITS_SQL, per_order, line_id)
        await conn.execute(
            "UPDATE orders SET started = $1 WHERE tracking = 'serial' AND status = 'running'",
            per_order,
        )
        await conn.execute(
            "UPDATE parts SET serial_counter = (SELECT count(*) FROM units) WHERE id = "
            "(SELECT part_id FROM units LIMIT 1)"
        )
        await conn.execute(DONE_BATCHES_SQL, batch_order, done_batches, BATCH_SIZE)
        await conn.execute(BATCHES_SQL, batch_order, batches, BATCH_SIZE)
        await conn.execute(
            "UPDATE orders SET started = $2, completed = $3 WHERE number = $1",
            batch_order,
            (batches + done_batches) * BATCH_SIZE,
            done_batches * BATCH_SIZE,
        )
        print(f"  units and batches {time.perf_counter() - started:6.1f} s", flush=True)
        started = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        print(f"  vacuum analyze    {time.perf_counter() - started:6.1f} s", flush=True)
        units = await conn.fetchval("SELECT count(*) FROM units WHERE status = 'in_progress'")
        open_batches = await conn.fetchval(
            "SELECT count(*) FROM batches WHERE status = 'in_progress'"
        )
        print(f"  {units:,} units in progress, {open_batches:,} batches in progress")
    finally:
        await conn.close()


async def _settle(database: str) -> None:
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


def _build(client: httpx.Client, args: argparse.Namespace) -> None:
    """Configuration and orders through the API, units and batches in SQL."""
    floor = build_floor(client, STEPS, gates=(GATE,), tag="Q")
    part_id = floor["part"]["id"]
    per_order = args.units // args.orders
    today = date.today()
    for i in range(args.orders):
        priority, due = ORDER_PLAN[i % len(ORDER_PLAN)]
        body: dict[str, Any] = {"part_id": part_id, "quantity": per_order, "priority": priority}
        if due is not None:
            body["due_date"] = (today + timedelta(days=due)).isoformat()
        order = ok(client.post("/api/v1/orders", json=body))
        ok(client.post(f"/api/v1/orders/{order['number']}/start"))
    batch_quantity = (args.batches + args.done_batches) * BATCH_SIZE
    batch_order = ok(
        client.post(
            "/api/v1/orders",
            json={
                "part_id": part_id,
                "quantity": batch_quantity,
                "priority": 2,
                "due_date": (today + timedelta(days=3)).isoformat(),
                "tracking": "batch",
            },
        )
    )
    ok(client.post(f"/api/v1/orders/{batch_order['number']}/start"))
    print(
        f"generating {per_order * args.orders:,} units, {args.batches} batches in progress "
        f"and {args.done_batches:,} finished …"
    )
    asyncio.run(
        _generate(args.database, per_order, batch_order["number"], args.batches, args.done_batches)
    )


def _cursor_after(client: httpx.Client, path: str, pages: int, limit: int) -> str:
    """The cursor of page `pages + 1` of a queue."""
    cursor: str | None = None
    for _ in range(pages):
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        cursor = ok(client.get(path, params=params))["next_cursor"]
        assert cursor, f"{path} has fewer than {pages + 1} pages of {limit}"
    assert cursor is not None
    return cursor


def _measure(
    client: httpx.Client, cases: list[tuple[str, str, dict[str, Any]]], n: int
) -> list[LoadResult]:
    """`n` requests per case, the cases interleaved (so drift in what else the machine does
    is shared by all), after a warm-up that checks each answers a non-empty page."""
    for _, path, params in cases:
        for _ in range(20):
            body = ok(client.get(path, params=params))
        assert body["items"], f"{path} {params}: an empty page"
    results = [LoadResult() for _ in cases]
    started = time.perf_counter()
    for _ in range(n):
        for (_, path, params), result in zip(cases, results, strict=True):
            t0 = time.perf_counter()
            response = client.get(path, params=params)
            elapsed = (time.perf_counter() - t0) * 1000
            result.record(response.status_code, elapsed, path, response.content)
    for result in results:
        result.seconds = time.perf_counter() - started
    return results


async def _sql_alone(database: str, workstation_id: int, n: int) -> LoadResult:
    """The first page's statement alone (SQLAlchemy and asyncpg on one connection, no HTTP):
    what the database and the driver take of a request."""
    engine = create_async_engine(pg_url(database))
    sources = Sources(tuple(sorted(UNIT_AWAITING)), True, ("complete", "start"))
    stmt = page_statement(sources, lateral=True)
    assert stmt is not None
    params = page_params(workstation_id, BEFORE_ALL, 50)
    result = LoadResult()
    try:
        async with engine.connect() as conn:
            for _ in range(50):
                rows = (await conn.execute(stmt, params)).all()
            assert len(rows) == 51
            started = time.perf_counter()
            for _ in range(n):
                t0 = time.perf_counter()
                (await conn.execute(stmt, params)).all()
                result.record(200, (time.perf_counter() - t0) * 1000, "sql", b"")
            result.seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    return result


def _load() -> str:
    """The machine's load averages (it may be shared)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=8)
    parser.add_argument("--batches", type=int, default=300)
    parser.add_argument("--done-batches", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the existing database, do not rebuild"
    )
    args = parser.parse_args()

    url = pg_url(args.database)
    if args.reuse:
        migrate.upgrade(url)
        asyncio.run(_settle(args.database))
    else:
        asyncio.run(recreate_database(args.database))
    with takt_server(url, log_dir=Path(tempfile.mkdtemp())) as server:
        client = admin_client(server.base_url)
        if not args.reuse:
            _build(client, args)
        stations = ok(client.get("/api/v1/workstations", params={"limit": 500}))["items"]
        ids = {w["code"]: w["id"] for w in stations}
        gate = f"/api/v1/workstations/{ids[f'QW{GATE}']}/queue"
        first = f"/api/v1/workstations/{ids['QW1']}/queue"
        later = _cursor_after(client, gate, 30, 50)
        cases: list[tuple[str, str, dict[str, Any]]] = [
            ("gate, first page (50)", gate, {}),
            ("gate, page 31 (50)", gate, {"cursor": later}),
            ("first station, first page", first, {}),
            ("gate, first page (500)", gate, {"limit": 500}),
            ("gate, disposition only", gate, {"awaiting": "disposition"}),
            ("gate, batches only", gate, {"kind": "batch"}),
            # What any list costs over HTTP here: a plain keyset page of 50 units.
            ("reference: GET /units (50)", "/api/v1/units", {"limit": 50}),
        ]
        load_before = _load()
        results = _measure(client, cases, args.requests)
        load_after = _load()
        sql = asyncio.run(_sql_alone(args.database, ids[f"QW{GATE}"], args.requests))
    print(f"\n{'case':<30}{'p50':>9}{'p99':>9}{'max':>9}   requests")
    worst = 0.0
    for (label, path, params), r in zip(cases, results, strict=True):
        p99 = r.percentile(99)
        judged = path.endswith("/queue") and params.get("limit") != 500  # pages of 50
        if judged:
            worst = max(worst, p99)
        flag = "  over target" if judged and p99 > TARGET_MS else ""
        print(
            f"{label:<30}{r.percentile(50):7.2f}ms{p99:7.2f}ms"
            f"{max(r.latencies_ms):7.2f}ms   {r.requests} ({r.errors} errors){flag}"
        )
    print(
        f"{'the gate first page, SQL only':<30}{sql.percentile(50):7.2f}ms"
        f"{sql.percentile(99):7.2f}ms{max(sql.latencies_ms):7.2f}ms   {sql.requests}"
    )
    print(f"\nworst p99 of the 50-item queue pages: {worst:.2f} ms (target <= {TARGET_MS:.0f} ms)")
    print(f"load average before / after: {load_before} / {load_after} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
