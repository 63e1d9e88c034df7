"""Quality analytics on 100,000 units of history, through the real server on PostgreSQL.

    python -m bench.analytics [--units 100000] [--days 30] [--repeat 7] [--reuse]

Builds a fresh database (`takt_bench_analytics`, kept afterwards for EXPLAIN), generates
the history set-based in SQL (bench/quality_history.py: unit events, measurements and
quality events as the commands write them; ~5 % of units fail a gate and are reworked, 2 %
reworked at a non-gate step, 1 % scrapped), runs VACUUM ANALYZE, starts `takt serve`, then
times every analytics endpoint over HTTP — the whole history, one day, and filtered by line
and by workstation. Prints median / best / worst per query (target: median < 200 ms) and a
few of the figures, for a sanity check. `--reuse` times the database of an earlier run again
(migrated to head and analysed, not regenerated: pass the same `--units` and `--days`);
`--database` names another one.
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
from bench.harness import PG_SERVER, admin_client, ok, pg_url, recreate_database, takt_server

TARGET_MS = 200.0
DATABASE = "takt_bench_analytics"
ENDPOINTS = (
    "first-pass-yield",
    "rolled-throughput-yield",
    "scrap-rework",
    "defect-pareto",
    "test-statistics",
)


async def _generate(database: str, units: int, days: int) -> None:
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        # A bulk load: skip the foreign-key triggers (the generator keeps references valid).
        await conn.execute("SET session_replication_role = replica")
        for name in ("CONFIGURATION", "UNITS", "STORIES", "HISTORY"):
            script = getattr(quality_history, name)
            started = time.perf_counter()
            await conn.execute(script.replace("{units}", str(units)).replace("{days}", str(days)))
            print(f"  {name.lower():<14} {time.perf_counter() - started:6.1f} s", flush=True)
        await conn.execute("RESET session_replication_role")
        started = time.perf_counter()
        await conn.execute("VACUUM ANALYZE")
        print(f"  {'vacuum analyze':<14} {time.perf_counter() - started:6.1f} s")
        for table in ("units", "unit_events", "measurements", "quality_events"):
            count = await conn.fetchval(f"SELECT count(*) FROM {table}")
            print(f"  {table:<14} {count:>9,} rows")
    finally:
        await conn.close()


async def _analyze(database: str) -> None:
    """Statistics for indexes a migration may just have added."""
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def _exists(database: str) -> bool:
    conn = await asyncpg.connect(PG_SERVER)
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database))
    finally:
        await conn.close()


def _time(client: Any, path: str, params: dict[str, Any], repeat: int) -> tuple[list[float], Any]:
    body = ok(client.get(f"/api/v1/analytics/{path}", params=params))  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        body = ok(client.get(f"/api/v1/analytics/{path}", params=params))
        times.append((time.perf_counter() - started) * 1000)
    return times, body


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument(
        "--reuse", action="store_true", help="time the existing database, do not regenerate"
    )
    args = parser.parse_args()

    url = pg_url(args.database)
    if args.reuse:
        if not asyncio.run(_exists(args.database)):
            raise SystemExit(
                f"database {args.database!r} does not exist: run once without --reuse to build it"
            )
        migrate.upgrade(url)
        asyncio.run(_analyze(args.database))
    else:
        asyncio.run(recreate_database(args.database))
        migrate.upgrade(url)
        print(f"generating {args.units:,} units over {args.days} days …", flush=True)
        asyncio.run(_generate(args.database, args.units, args.days))

    # The history starts 2026-01-01; its last units finish minutes after `days` days.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    whole = {"from": start.isoformat(), "to": (start + timedelta(days=args.days + 1)).isoformat()}
    middle = start + timedelta(days=args.days // 2)
    day = {"from": middle.isoformat(), "to": (middle + timedelta(days=1)).isoformat()}
    cases: list[tuple[str, dict[str, Any]]] = [
        ("whole history", whole),
        ("one day", day),
        ("whole, line 1", whole | {"line_id": 1}),
        ("whole, ws 4", whole | {"workstation_id": 4}),
    ]
    worst = 0.0
    with takt_server(url, log_dir=Path(tempfile.mkdtemp())) as server:
        client = admin_client(server.base_url)
        print(f"\n{'query':<26}{'window':<16}{'median':>9}{'best':>9}{'worst':>9}")
        samples: dict[str, Any] = {}
        for path in ENDPOINTS:
            for label, params in cases:
                times, body = _time(client, path, params, args.repeat)
                median = statistics.median(times)
                worst = max(worst, median)
                flag = "" if median < TARGET_MS else "  over target"
                print(
                    f"{path:<26}{label:<16}{median:7.1f}ms{min(times):7.1f}ms"
                    f"{max(times):7.1f}ms{flag}",
                    flush=True,
                )
                if label == "whole history":
                    samples[path] = body
    print(f"\nslowest median: {worst:.1f} ms (target < {TARGET_MS:.0f} ms)")
    fpy = samples["first-pass-yield"]
    for step in fpy["steps"][:4]:
        print(
            f"  FPY {step['route']} step {step['step']}: {step['first_pass']:,} / "
            f"{step['attempted']:,} = {step['fpy']:.4f}"
        )
    for route in fpy["routes"]:
        print(f"  route {route['route']}: FPY {route['fpy']:.4f}  RTY {route['rty']:.4f}")
    ratios = samples["scrap-rework"]
    print(
        f"  scrap ratio {ratios['scrap_ratio']:.4f}  rework ratio {ratios['rework_ratio']:.4f}"
        f"  (PQ {ratios['produced']:,})"
    )
    top = samples["defect-pareto"]["items"][:3]
    print("  Pareto: " + ", ".join(f"{i['defect_code']} {i['count']}" for i in top))
    torque = next(t for t in samples["test-statistics"]["items"] if t["test"] == "Torque")
    print(
        f"  Torque: n {torque['count']:,}  mean {torque['mean']:.3f}  "
        f"stdev {torque['stdev']:.3f}  Cpk {torque['cpk']:.3f}"
    )


if __name__ == "__main__":
    main()
