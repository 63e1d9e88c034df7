"""The production report over 30 days of history, through the real server on PostgreSQL.

    python -m bench.reports [--units 20000] [--batches 1500] [--days 30] [--repeat 21]

Builds a fresh database (`takt_bench_reports`), generates the unit history set-based in SQL
(bench/quality_history.py: ~5 unit events per unit, so 20,000 units are ~100,000 unit
events) and `--batches` quantity batches of 50 on the same two lines (four steps each, a
little scrap per step, created and completed spread over the window: their `batch_created`
and `batch_step_completed` history), runs VACUUM ANALYZE, starts `takt serve` in
`Europe/Berlin` and times `GET /reports/production` over the whole window with
`group_by=day` (the target: median ≤ 200 ms), `week`, `line`, `part` and as CSV.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from app.db import migrate
from bench import quality_history
from bench.harness import admin_client, ok, pg_url, recreate_database, takt_server

TARGET_MS = 200.0
DATABASE = "takt_bench_reports"

# Batches of 50 on order 1 (line 1, route 1) and order 2 (line 2, route 2), alternating,
# spread evenly over the window; each step takes an hour and scraps one item in 25.
BATCHES = """
INSERT INTO batches (id, order_id, part_id, route_revision_id, line_id, quantity, status,
                     step, good, scrap, created_by, created_at, updated_at, finished_at)
SELECT b, 1 + b % 2, 1 + b % 2, 1 + b % 2, 1 + b % 2, 50, 'completed', 4,
       50 - (CASE WHEN b % 25 = 0 THEN 4 ELSE 0 END), CASE WHEN b % 25 = 0 THEN 4 ELSE 0 END,
       'bench', t0, t0 + interval '4 hours', t0 + interval '4 hours'
FROM (SELECT b, timestamptz '2026-01-01 00:00:00+00'
                + (b - 1) * (interval '1 day' * {days} / {batches}) AS t0
      FROM generate_series(1, {batches}) AS b) AS s;
INSERT INTO batch_events (batch_id, order_id, type, step, workstation_id, quantity, good, scrap,
                          actor, at)
SELECT id, order_id, 'batch_created', NULL, NULL, quantity, NULL, NULL, 'bench', created_at
FROM batches
UNION ALL
SELECT id, order_id, 'batch_step_completed', s, (line_id - 1) * 4 + s, NULL,
       CASE WHEN scrap > 0 THEN 50 - s ELSE 50 END, CASE WHEN scrap > 0 THEN 1 ELSE 0 END,
       'bench', created_at + s * interval '1 hour'
FROM batches, generate_series(1, 4) AS s;
"""


async def _generate(database: str, units: int, batches: int, days: int) -> None:
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        await conn.execute("SET session_replication_role = replica")
        names = ("CONFIGURATION", "UNITS", "STORIES", "HISTORY")
        scripts = [*(getattr(quality_history, n) for n in names), BATCHES]
        for script in scripts:
            await conn.execute(
                script.replace("{units}", str(units))
                .replace("{days}", str(days))
                .replace("{batches}", str(batches))
            )
        await conn.execute("RESET session_replication_role")
        await conn.execute("VACUUM ANALYZE")
        for table in ("units", "unit_events", "batches", "batch_events"):
            count = await conn.fetchval(f"SELECT count(*) FROM {table}")
            print(f"  {table:<14} {count:>9,} rows")
    finally:
        await conn.close()


def _time(client: Any, params: dict[str, Any], repeat: int) -> tuple[list[float], Any]:
    path = "/api/v1/reports/production"
    response = client.get(path, params=params)  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, params=params)
        times.append((time.perf_counter() - started) * 1000)
    if response.status_code != 200:
        ok(response)
    return times, response


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--batches", type=int, default=1_500)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    url = pg_url(DATABASE)
    asyncio.run(recreate_database(DATABASE))
    migrate.upgrade(url)
    print(f"generating {args.units:,} units and {args.batches:,} batches over {args.days} days …")
    asyncio.run(_generate(DATABASE, args.units, args.batches, args.days))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    window = {"from": start.isoformat(), "to": (start + timedelta(days=args.days)).isoformat()}
    cases: list[tuple[str, dict[str, Any]]] = [
        ("day", window | {"group_by": "day"}),
        ("week", window | {"group_by": "week"}),
        ("line", window | {"group_by": "line"}),
        ("part", window | {"group_by": "part"}),
        ("day, line 1", window | {"group_by": "day", "line_id": 1}),
        ("day, csv", window | {"group_by": "day", "format": "csv"}),
    ]
    env = {"TAKT_TIMEZONE": "Europe/Berlin"}
    with takt_server(url, env=env, log_dir=Path(tempfile.mkdtemp())) as server:
        client = admin_client(server.base_url)
        print(f"\n{'group_by':<16}{'p50':>9}{'p99':>9}{'best':>9}")
        for label, params in cases:
            times, response = _time(client, params, args.repeat)
            p50 = statistics.median(times)
            p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
            flag = "" if p50 <= TARGET_MS else "  over target"
            print(f"{label:<16}{p50:7.1f}ms{p99:7.1f}ms{min(times):7.1f}ms{flag}", flush=True)
            if label == "line":
                for row in response.json()["rows"]:
                    print(
                        f"    {row['key']}: started {row['started']:,} completed "
                        f"{row['completed']:,} scrapped {row['scrapped']:,} "
                        f"FPY {row['first_pass_yield']:.4f}"
                    )


if __name__ == "__main__":
    main()
