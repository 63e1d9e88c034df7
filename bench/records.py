"""The unit record on a big database, through the real server on PostgreSQL.

    python -m bench.records [--units 100000] [--days 30] [--repeat 21] [--reuse]

Builds `takt_bench_records`: the quality history of bench/quality_history.py (unit events,
measurements, quality events; reworks and scrap), plus materials as the material commands
write them — 5 components, 500 lots, 5 consumptions per unit (each with its `consumed`
history event), one labour entry per unit, 10 % of units with sub-assemblies two levels deep
and 1,000 issues at workstations and on orders. One unit (`SN00050000`) gets 35 more
measurements so its history has ~50 events. Then times `GET /units/{serial}/record` as JSON,
HTML and PDF over HTTP (targets: median ≤ 100 ms for the JSON, ≤ 1 s for the PDF).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx

from app.db import migrate
from bench import quality_history
from bench.harness import PG_SERVER, admin_client, pg_url, recreate_database, takt_server

DATABASE = "takt_bench_records"
SERIAL = "SN00050000"
TARGET_MS = {"json": 100.0, "html": 100.0, "pdf": 1000.0}

MATERIALS = """
INSERT INTO parts (id, number, name, serial_prefix, serial_digits, serial_counter, kind, uom)
SELECT 10 + c, 'CMP-' || c, 'Component ' || c, 'CMP' || c, 7, 0, 'component', 'pcs'
FROM generate_series(1, 5) AS c;
INSERT INTO lots (id, part_id, code, quantity, remaining, status, received_by, received_at)
SELECT l, 10 + (l - 1) % 5 + 1, 'LOT-' || l, 1e9, 1e9, 'available', 'bench',
       timestamptz '2026-01-01 00:00:00+00'
FROM generate_series(1, 500) AS l;

-- Each unit consumes one lot of each component at step 1; lots change every 1,000 units.
INSERT INTO consumptions (lot_id, quantity, unit_id, order_id, step, workstation_id, actor, at)
SELECT ((p.id - 1) / 1000 * 5 + c - 1) % 500 + 1, 1, p.id, p.order_id, 1,
       (p.route - 1) * 4 + 1, 'user:bench', p.t0 + interval '90 seconds'
FROM plan AS p CROSS JOIN generate_series(1, 5) AS c
ORDER BY p.id, c;
INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step, notes, actor, at)
SELECT unit_id, order_id, 'consumed', 1, 1, 'lot ' || lot_id, actor, at
FROM consumptions ORDER BY id;

INSERT INTO labour_entries (user_id, username, unit_id, order_id, step, workstation_id,
                            started_at, ended_at, seconds, started_by, ended_by)
SELECT 1, 'admin', p.id, p.order_id, 1, (p.route - 1) * 4 + 1, p.t0 + interval '1 minute',
       p.t0 + interval '2 minutes', 60, 'user:admin', 'user:admin'
FROM plan AS p ORDER BY p.id;

-- Every tenth unit has a sub-assembly (the next unit), which has one of its own.
INSERT INTO assemblies (parent_unit_id, child_unit_id, step, installed_at, installed_by)
SELECT p.id + k - 1, p.id + k, 2, p.t0 + interval '3 minutes', 'user:bench'
FROM plan AS p CROSS JOIN generate_series(1, 2) AS k
WHERE p.id % 10 = 0 AND p.id + 2 <= {units}
ORDER BY p.id, k;

INSERT INTO issue_types (id, code, name, blocking, severity)
VALUES (1, 'NOTE', 'Note', false, 'low');
INSERT INTO issues (type_id, blocking, status, title, order_id, line_id, workstation_id,
                    opened_by, opened_at, resolved_by, resolved_at, resolution)
SELECT 1, false, 'resolved', 'Issue ' || i,
       CASE WHEN i % 50 = 0 THEN (i / 50 - 1) % ({units} / 5000) + 1 END,
       CASE WHEN i % 50 <> 0 THEN (i % 8) / 4 + 1 END,
       CASE WHEN i % 50 <> 0 THEN i % 8 + 1 END,
       'user:bench', t, 'user:bench', t + interval '1 hour', 'done'
FROM (SELECT i, timestamptz '2026-01-01 00:00:00+00'
                + (i - 1) * (interval '1 day' * {days} / 1000) AS t
      FROM generate_series(1, 1000) AS i) AS x;

-- The unit the record is timed on: 35 more Torque readings at its gate.
INSERT INTO measurements (unit_id, order_id, test_definition_id, step, workstation_id,
                          rework_count, value, points, mean, m2, min_value, max_value,
                          lower_limit, upper_limit, result, source, actor, at)
SELECT u.id, u.order_id, d.id, 4, d.route_id * 4, u.rework_count, 50 + k / 10.0, 1,
       50 + k / 10.0, 0, 50 + k / 10.0, 50 + k / 10.0, d.lower_limit, d.upper_limit, 'pass',
       'machine', 'mqtt:bench', u.created_at + k * interval '1 second'
FROM units AS u
JOIN test_definitions AS d ON d.route_id = u.route_revision_id AND d.name = 'Torque'
CROSS JOIN generate_series(1, 35) AS k
WHERE u.serial = '{serial}';
INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step, from_workstation_id,
                         to_workstation_id, result, notes, actor, at)
SELECT unit_id, order_id, 'measured', 4, 4, workstation_id, workstation_id, result,
       'Torque: ' || value || ' Nm', actor, at
FROM measurements
WHERE unit_id = (SELECT id FROM units WHERE serial = '{serial}') AND source = 'machine'
ORDER BY id;

SELECT setval(pg_get_serial_sequence(t, 'id'), 10000)
FROM unnest(ARRAY['parts', 'lots', 'issue_types']) AS t;
"""


def _script(text: str, units: int, days: int) -> str:
    return (
        text.replace("{units}", str(units)).replace("{days}", str(days)).replace("{serial}", SERIAL)
    )


async def _generate(database: str, units: int, days: int) -> None:
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        await conn.execute("SET session_replication_role = replica")
        steps = [(n, getattr(quality_history, n)) for n in ("CONFIGURATION", "UNITS", "STORIES")]
        steps += [("HISTORY", quality_history.HISTORY), ("MATERIALS", MATERIALS)]
        for name, script in steps:
            started = time.perf_counter()
            await conn.execute(_script(script, units, days))
            print(f"  {name.lower():<14} {time.perf_counter() - started:6.1f} s", flush=True)
        await conn.execute("RESET session_replication_role")
        await conn.execute("VACUUM ANALYZE")
        for table in (
            "units",
            "unit_events",
            "measurements",
            "quality_events",
            "consumptions",
            "labour_entries",
            "assemblies",
            "issues",
        ):
            count = await conn.fetchval(f"SELECT count(*) FROM {table}")
            print(f"  {table:<15} {count:>10,} rows")
    finally:
        await conn.close()


async def _exists(database: str) -> bool:
    conn = await asyncpg.connect(PG_SERVER)
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database))
    finally:
        await conn.close()


def _time(client: httpx.Client, url: str, fmt: str, repeat: int) -> tuple[list[float], int]:
    params = {"format": fmt}
    client.get(url, params=params).raise_for_status()  # warm-up
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        r = client.get(url, params=params)
        times.append((time.perf_counter() - started) * 1000)
        r.raise_for_status()
        size = len(r.content)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="time the existing database")
    args = parser.parse_args()
    if args.units < 50_000:
        raise SystemExit("--units must be at least 50000 (the record's unit is SN00050000)")

    url = pg_url(args.database)
    if args.reuse:
        if not asyncio.run(_exists(args.database)):
            raise SystemExit(f"database {args.database!r} does not exist: run without --reuse")
        migrate.upgrade(url)
    else:
        asyncio.run(recreate_database(args.database))
        migrate.upgrade(url)
        print(f"generating {args.units:,} units over {args.days} days …", flush=True)
        asyncio.run(_generate(args.database, args.units, args.days))

    with takt_server(url, log_dir=Path(tempfile.mkdtemp())) as server:
        client = admin_client(server.base_url)
        record_url = f"/api/v1/units/{SERIAL}/record"
        doc = client.get(record_url).json()
        print(
            f"\n{SERIAL}: {len(doc['history'])} events, {len(doc['stays'])} stays, "
            f"{len(doc['measurements'])} measurements, {len(doc['lots'])} lots, "
            f"{len(doc['children'])} child(ren), {len(doc['issues'])} issue(s)"
        )
        print(f"\n{'format':<8}{'median':>10}{'best':>10}{'worst':>10}{'size':>11}")
        for fmt in ("json", "html", "pdf"):
            times, size = _time(client, record_url, fmt, args.repeat)
            median = statistics.median(times)
            flag = "" if median <= TARGET_MS[fmt] else "  over target"
            print(
                f"{fmt:<8}{median:8.1f}ms{min(times):8.1f}ms{max(times):8.1f}ms"
                f"{size / 1024:9.1f}kB{flag}",
                flush=True,
            )
    print("\ntargets: JSON median ≤ 100 ms, PDF ≤ 1 s")


if __name__ == "__main__":
    main()
