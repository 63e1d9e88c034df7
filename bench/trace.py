"""Traceability over 30 days of history, through the real server on PostgreSQL.

    python -m bench.trace [--units 100000] [--days 30] [--repeat 31] [--reuse] [--explain]

Builds a fresh database (`takt_bench_trace`, kept afterwards for EXPLAIN) and generates,
set-based in SQL (`generate`), `--units` units over `--days` days with their whole history
(the unit events, measurements and quality log of `bench/quality_history.py`'s stories), on
three lines: products, modules and boards (a route of four steps each, a gate at 4).

- 10 % of the products are built of sub-assemblies two levels deep: each holds two modules,
  each module two boards (7 units a tree; 100,000 units = 62,500 products, 6,250 of them
  with a tree, 12,500 modules, 25,000 boards), installed with their `installed` history.
- Every unit consumed 5 lots, one of each of 5 component parts; a lot is used by 2,000
  consecutive units (250 lots for 100,000 units).
- One order per part and day, each with an ERP `external_ref`.

Then starts `takt serve` and times `GET /units/{serial}/genealogy` (a product with a tree:
7 units, 35 lot entries; and one without) and `GET /lots/{id}/where-used` (a lot used by
2,000 boards: 3,500 units up the assemblies; and a lot used by 2,000 products), and the unit
record of the product with a tree as JSON and as PDF. Targets: p50 ≤ 100 ms each, the PDF
≤ 1 s. `--explain` prints the PostgreSQL plans (EXPLAIN ANALYZE) of both trace queries.

`generate` is the reusable part: other benches call it on their own database and time their
endpoints on the serials and lots it names (`TraceData`); `bench.records` times the record of
a unit with a longer history (measurements, labour, issues).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.dialects import postgresql

from app.db import migrate
from app.genealogy import queries
from bench import quality_history
from bench.harness import admin_client, ok, pg_url, recreate_database, takt_server

TARGET_MS = 100.0
PDF_TARGET_MS = 1000.0
DATABASE = "takt_bench_trace"
START = "2026-01-01 00:00:00+00"
LOT_SIZE = 2_000  # units per lot
COMPONENTS = 5  # lots consumed per unit, one of each component part

# Three lines of four workstations, three parts (product, module, board) each with its route
# (a gate at step 4) and the tests of `quality_history` (Gap at 2; Torque, Leak, Profile at
# the gate), and the five component parts the lots are of.
CONFIGURATION = """
INSERT INTO lines (id, code, name)
VALUES (1, 'LP', 'Products'), (2, 'LM', 'Modules'), (3, 'LB', 'Boards');
INSERT INTO workstations (id, code, name, line_id)
SELECT w, 'WS' || w, 'Workstation ' || w, (w - 1) / 4 + 1 FROM generate_series(1, 12) AS w;
INSERT INTO parts (id, number, name, serial_prefix, serial_digits, serial_counter, kind)
VALUES (1, 'PN-PRD', 'Product', 'PRD', 7, 0, 'product'),
       (2, 'PN-MOD', 'Module', 'MOD', 7, 0, 'component'),
       (3, 'PN-BRD', 'Board', 'BRD', 7, 0, 'component');
INSERT INTO parts (id, number, name, serial_prefix, serial_digits, serial_counter, kind, uom)
SELECT 3 + c, 'CMP-' || c, 'Component ' || c, 'C' || c, 7, 0, 'material',
       CASE WHEN c <= 3 THEN 'pcs' ELSE 'g' END
FROM generate_series(1, {components}) AS c;
INSERT INTO routes (id, code, name, part_id, current_revision)
SELECT r, 'R' || r, 'Route ' || r, r, 1 FROM generate_series(1, 3) AS r;
INSERT INTO route_revisions (id, route_id, revision, created_by)
SELECT r, r, 1, 'bench' FROM generate_series(1, 3) AS r;
INSERT INTO route_steps (revision_id, seq, name, workstation_id, is_gate, ideal_cycle_s)
SELECT r, s, 'Step ' || s, (r - 1) * 4 + s, s = 4, 30
FROM generate_series(1, 3) AS r, generate_series(1, 4) AS s;
INSERT INTO defect_codes (id, code, description, severity)
SELECT d, 'D' || d, 'Defect ' || d, 'minor' FROM generate_series(1, 6) AS d;
INSERT INTO test_definitions (id, route_id, step, name, unit, lower_limit, upper_limit, kind,
                              required)
SELECT (r - 1) * 4 + t.n, r, t.step, t.name, t.unit, t.lo, t.hi, t.kind, t.required
FROM generate_series(1, 3) AS r,
     (VALUES (1, 2, 'Gap', 'mm', 0.1, 0.3, 'scalar', true),
             (2, 4, 'Torque', 'Nm', 45.0, 55.0, 'scalar', true),
             (3, 4, 'Leak', 'mbar/s', NULL, 0.5, 'scalar', true),
             (4, 4, 'Profile', 'N', 0.0, 10.0, 'vector', false))
       AS t(n, step, name, unit, lo, hi, kind, required);
SELECT setval(pg_get_serial_sequence(t, 'id'), 100)
FROM unnest(ARRAY['lines', 'workstations', 'parts', 'routes', 'route_revisions',
                  'defect_codes', 'test_definitions']) AS t;
"""

# The plan of every unit (the `plan` table `quality_history.STORIES`/`HISTORY` read): ids
# 1..P products (route 1), then 2T modules (route 2), then 4T boards (route 3), T = units/16
# trees. Product 10(k+1) holds modules P+2k+1 and P+2k+2; module P+2k+m holds boards
# P+2T+4k+2(m-1)+1 and +2. A sub-assembly is made an hour (module) or two (board) before
# its product and is always finished well (no scrap, nothing left in progress).
UNITS = """
CREATE TEMP TABLE shape AS
SELECT {units} / 16 AS trees, {units} - 6 * ({units} / 16) AS products;

CREATE TEMP TABLE plan AS
WITH u AS (
    SELECT id, CASE WHEN id <= s.products THEN 1
                    WHEN id <= s.products + 2 * s.trees THEN 2 ELSE 3 END AS route,
           s.products, s.trees, (id * 2654435761) % 1000 AS h
    FROM generate_series(1, {units}) AS id, shape AS s
), placed AS (
    SELECT u.*,
           CASE route
               WHEN 1 THEN NULL
               WHEN 2 THEN 10 * ((id - products - 1) / 2 + 1)
               ELSE products + 2 * ((id - products - 2 * trees - 1) / 4)
                    + (id - products - 2 * trees - 1) % 4 / 2 + 1
           END AS parent_id,
           CASE route
               WHEN 1 THEN id
               WHEN 2 THEN 10 * ((id - products - 1) / 2 + 1)
               ELSE 10 * ((id - products - 2 * trees - 1) / 4 + 1)
           END AS product_id
    FROM u
)
SELECT id, route, parent_id, h,
       CASE WHEN route = 1 AND h < 10 THEN 'S' WHEN h < 60 THEN 'G' WHEN h < 80 THEN 'R'
            WHEN route = 1 AND h >= 985 THEN 'W' ELSE 'P' END AS story,
       timestamptz '{start}' + (product_id - 1) * (interval '1 day' * {days} / products)
           - (route - 1) * interval '1 hour' AS t0,
       (id * 7919) % 1000 AS noise
FROM placed;
ALTER TABLE plan ADD COLUMN order_id bigint;
UPDATE plan SET order_id = (route - 1) * ({days} + 2)
    + greatest(0, floor(extract(epoch FROM t0 - timestamptz '{start}') / 86400) + 1)::int + 1;
CREATE INDEX ON plan (id);
ANALYZE plan;

INSERT INTO orders (id, number, part_id, route_id, route_revision_id, quantity, priority,
                    line_id, status, started, completed, scrapped, started_at, external_ref)
SELECT order_id, 'PO-' || lpad(order_id::text, 4, '0'), route, route, route, count(*), 3,
       route, 'running', count(*), 0, 0, min(t0), 'SAP-45' || lpad(order_id::text, 5, '0')
FROM plan GROUP BY order_id, route;

INSERT INTO units (id, serial, order_id, part_id, route_revision_id, line_id, status, step,
                   workstation_id, awaiting, rework_count, created_at, updated_at,
                   step_entered_at, finished_at)
SELECT id, (ARRAY['PRD', 'MOD', 'BRD'])[route] || '-' || lpad(id::text, 7, '0'), order_id,
       route, route, route,
       CASE story WHEN 'S' THEN 'scrapped' WHEN 'W' THEN 'in_progress' ELSE 'completed' END,
       CASE story WHEN 'W' THEN 2 ELSE 4 END,
       CASE story WHEN 'W' THEN (route - 1) * 4 + 2 END,
       CASE story WHEN 'W' THEN 'move' END,
       CASE WHEN story IN ('G', 'R') THEN 1 ELSE 0 END,
       t0, t0 + interval '10 minutes', t0,
       CASE WHEN story <> 'W' THEN t0 + interval '10 minutes' END
FROM plan;

UPDATE orders SET completed = c.completed, scrapped = c.scrapped
FROM (SELECT order_id, count(*) FILTER (WHERE status = 'completed') AS completed,
             count(*) FILTER (WHERE status = 'scrapped') AS scrapped
      FROM units GROUP BY order_id) AS c
WHERE orders.id = c.order_id;
"""

# Lots, consumption (each unit one lot of every component part, at step 1) and assemblies
# (installed at the parent's step 2, with the `installed` history of both units).
MATERIALS = """
CREATE TEMP TABLE lot_plan AS
SELECT (c - 1) * l.lots + j + 1 AS id, c, j,
       CASE WHEN c <= 3 THEN 1.0 ELSE 0.25 END AS per_unit,
       least({lot_size}, {units} - j * {lot_size}) AS used
FROM generate_series(1, {components}) AS c,
     (SELECT ({units} + {lot_size} - 1) / {lot_size} AS lots) AS l,
     generate_series(0, ({units} + {lot_size} - 1) / {lot_size} - 1) AS j;

INSERT INTO lots (id, part_id, code, quantity, remaining, status, supplier, received_at,
                  received_by)
SELECT id, 3 + c, 'C' || c || '-' || lpad(j::text, 4, '0'), {lot_size} * per_unit,
       ({lot_size} - used) * per_unit,
       CASE WHEN used = {lot_size} THEN 'consumed' ELSE 'available' END,
       (ARRAY['Acme', 'Bolt & Co', 'Cyberdyne'])[1 + c % 3],
       timestamptz '{start}' - interval '7 days', 'bench'
FROM lot_plan;

INSERT INTO consumptions (lot_id, quantity, unit_id, order_id, step, workstation_id, actor,
                          at)
SELECT lp.id, lp.per_unit, p.id, p.order_id, 1, (p.route - 1) * 4 + 1, 'user:bench',
       p.t0 + interval '1 minute'
FROM plan AS p
JOIN lot_plan AS lp ON lp.j = (p.id - 1) / {lot_size}
ORDER BY p.t0, p.id, lp.c;

INSERT INTO assemblies (parent_unit_id, child_unit_id, step, installed_at, installed_by)
SELECT p.parent_id, p.id, 2, parent.t0 + interval '2 minutes', 'user:bench'
FROM plan AS p JOIN plan AS parent ON parent.id = p.parent_id
WHERE p.parent_id IS NOT NULL
ORDER BY parent.t0, p.id;

INSERT INTO unit_events (unit_id, order_id, type, from_step, to_step, notes, actor, at)
SELECT u.id, u.order_id, 'installed', e.step, e.step, e.notes, 'user:bench', a.installed_at
FROM assemblies AS a
JOIN units AS parent ON parent.id = a.parent_unit_id
JOIN units AS child ON child.id = a.child_unit_id
CROSS JOIN LATERAL (
    VALUES (parent.id, 2, 'installed ' || child.serial),
           (child.id, child.step, 'installed into ' || parent.serial)
) AS e(unit_id, step, notes)
JOIN units AS u ON u.id = e.unit_id
ORDER BY a.installed_at, a.id;

SELECT setval(pg_get_serial_sequence('lots', 'id'), (SELECT max(id) FROM lots) + 1);
"""


@dataclass(frozen=True)
class TraceData:
    """What `generate` made, and the records the benchmarks time."""

    units: int
    trees: int
    tree_product: str  # a product holding two modules of two boards each
    plain_product: str  # a product without sub-assemblies
    board: str  # a board deep in `tree_product`'s tree
    board_lot: int  # a lot used by 2,000 boards (3,500 units up the assemblies)
    product_lot: int  # a lot used by 2,000 products


def _script(script: str, units: int, days: int) -> str:
    return (
        script.replace("{units}", str(units))
        .replace("{days}", str(days))
        .replace("{start}", START)
        .replace("{lot_size}", str(LOT_SIZE))
        .replace("{components}", str(COMPONENTS))
    )


async def generate(
    conn: asyncpg.Connection, *, units: int = 100_000, days: int = 30, verbose: bool = True
) -> TraceData:
    """Generate the traceability history on a migrated, empty database (see the module
    docstring); `units` ≥ 16 x 2,000 for a board lot used by 2,000 boards."""
    if units < 16:
        raise ValueError("at least 16 units (one tree)")
    await conn.execute("SET session_replication_role = replica")
    steps = [
        ("configuration", CONFIGURATION),
        ("units", UNITS),
        ("stories", quality_history.STORIES),
        ("history", quality_history.HISTORY),
        ("materials", MATERIALS),
    ]
    for name, script in steps:
        started = time.perf_counter()
        await conn.execute(_script(script, units, days))
        if verbose:
            print(f"  {name:<14} {time.perf_counter() - started:6.1f} s", flush=True)
    await conn.execute("UPDATE parts SET serial_counter = 0 WHERE id > 3")
    await conn.execute("RESET session_replication_role")
    await conn.execute("VACUUM ANALYZE")
    return trace_data(units)


def trace_data(units: int) -> TraceData:
    """The records `generate` made for `units` units that the benchmarks time."""
    trees = units // 16
    products = units - 6 * trees
    tree_product = 10 * max(1, trees // 2)
    # The first lot wholly of boards (boards are the ids after products and modules).
    first_board = products + 2 * trees + 1
    board_lot = (first_board - 1 + LOT_SIZE - 1) // LOT_SIZE + 1
    board_id = first_board + 4 * (tree_product // 10 - 1)
    return TraceData(
        units=units,
        trees=trees,
        tree_product=f"PRD-{tree_product:07d}",
        plain_product=f"PRD-{tree_product + 1:07d}",
        board=f"BRD-{board_id:07d}",
        board_lot=min(board_lot, (units + LOT_SIZE - 1) // LOT_SIZE),
        product_lot=1,
    )


async def counts(conn: asyncpg.Connection) -> None:
    tables = ("units", "unit_events", "measurements", "lots", "consumptions", "assemblies")
    for table in tables:
        count = await conn.fetchval(f"SELECT count(*) FROM {table}")
        print(f"  {table:<14} {count:>10,} rows")


def _literal_sql(stmt: Any, **params: Any) -> str:
    """A statement of `app.genealogy.queries` with its parameters inlined (for EXPLAIN)."""
    bound = stmt.params(**params)
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    compiled = bound.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return str(compiled)


async def explain(conn: asyncpg.Connection, data: TraceData) -> None:
    cases = [
        ("genealogy", _literal_sql(queries._GENEALOGY, serial=data.tree_product)),
        ("where-used", _literal_sql(queries._WHERE_USED, lot_id=data.board_lot)),
    ]
    for label, sql in cases:
        async with conn.transaction():  # the settings the server reads where-used with
            await conn.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
            plan = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        print(f"\nEXPLAIN ANALYZE {label}:")
        for row in plan:
            print("  " + row[0])


def _time(client: Any, path: str, repeat: int) -> tuple[list[float], Any]:
    body = ok(client.get(path))  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        body = ok(client.get(path))
        times.append((time.perf_counter() - started) * 1000)
    return times, body


def _time_raw(client: Any, path: str, repeat: int) -> list[float]:
    """Times a response that is not JSON (the PDF)."""
    client.get(path).raise_for_status()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        response.raise_for_status()
        assert response.content.startswith(b"%PDF")
        times.append((time.perf_counter() - started) * 1000)
    return times


async def _connect(database: str) -> asyncpg.Connection:
    return await asyncpg.connect(pg_url(database, "postgresql"))


async def _generate(database: str, units: int, days: int, explain_plans: bool) -> TraceData:
    conn = await _connect(database)
    try:
        data = await generate(conn, units=units, days=days)
        await counts(conn)
        if explain_plans:
            await explain(conn, data)
        return data
    finally:
        await conn.close()


async def _reused(database: str, units: int, explain_plans: bool) -> TraceData:
    conn = await _connect(database)
    try:
        found = int(await conn.fetchval("SELECT count(*) FROM units"))
        if found != units:
            raise SystemExit(f"{database} holds {found:,} units, not {units:,}: pass --units")
        await conn.execute("VACUUM ANALYZE")
        data = trace_data(units)
        if explain_plans:
            await explain(conn, data)
        return data
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="time the existing database")
    parser.add_argument("--explain", action="store_true", help="print the queries' plans")
    args = parser.parse_args()

    url = pg_url(args.database)
    if args.reuse:
        migrate.upgrade(url)
        data = asyncio.run(_reused(args.database, args.units, args.explain))
    else:
        asyncio.run(recreate_database(args.database))
        migrate.upgrade(url)
        print(f"generating {args.units:,} units over {args.days} days …", flush=True)
        started = time.perf_counter()
        data = asyncio.run(_generate(args.database, args.units, args.days, args.explain))
        print(f"  generated in {time.perf_counter() - started:.0f} s")

    cases = [
        (f"genealogy {data.tree_product} (tree)", f"/units/{data.tree_product}/genealogy"),
        (f"genealogy {data.plain_product}", f"/units/{data.plain_product}/genealogy"),
        (f"where-used lot {data.board_lot} (boards)", f"/lots/{data.board_lot}/where-used"),
        (f"where-used lot {data.product_lot} (products)", f"/lots/{data.product_lot}/where-used"),
    ]
    worst = 0.0
    with takt_server(url, log_dir=Path(tempfile.mkdtemp())) as server:
        client = admin_client(server.base_url)
        print(f"\n{'request':<38}{'size':>7}{'p50':>9}{'p95':>9}{'best':>9}{'ratio':>7}")
        for label, path in cases:
            times, body = _time(client, f"/api/v1{path}", args.repeat)
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
            worst = max(worst, p50)
            size = len(body["items"]) if "items" in body else _tree_size(body)
            flag = "" if p50 <= TARGET_MS else "  over target"
            print(
                f"{label:<38}{size:>7}{p50:7.1f}ms{p95:7.1f}ms{min(times):7.1f}ms"
                f"{p50 / TARGET_MS:7.2f}{flag}",
                flush=True,
            )
        record = f"/api/v1/units/{data.tree_product}/record"
        times, body = _time(client, record, args.repeat)
        p50 = statistics.median(times)
        worst = max(worst, p50)
        print(
            f"{'record ' + data.tree_product + ' (JSON)':<38}{_tree_size(body):>7}"
            f"{p50:7.1f}ms{statistics.quantiles(times, n=20)[18]:7.1f}ms{min(times):7.1f}ms"
            f"{p50 / TARGET_MS:7.2f}",
            flush=True,
        )
        pdf = _time_raw(client, f"{record}?format=pdf", max(5, args.repeat // 3))
        pdf_p50 = statistics.median(pdf)
        print(
            f"{'record ' + data.tree_product + ' (PDF)':<38}{'':>7}{pdf_p50:7.1f}ms"
            f"{max(pdf):7.1f}ms{min(pdf):7.1f}ms{pdf_p50 / PDF_TARGET_MS:7.2f}"
            f"{'' if pdf_p50 <= PDF_TARGET_MS else '  over target'}",
            flush=True,
        )
    ratio = worst / TARGET_MS
    print(f"\nslowest p50: {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms, ratio {ratio:.2f})")
    print(f"PDF p50: {pdf_p50:.0f} ms (target ≤ {PDF_TARGET_MS:.0f} ms)")
    print("size: units in the genealogy tree (the record: with its children), or recall items")


def _tree_size(node: dict[str, Any]) -> int:
    return 1 + sum(_tree_size(child) for child in node.get("children", []))


if __name__ == "__main__":
    main()
