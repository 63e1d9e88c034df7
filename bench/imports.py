"""CSV/XLSX imports on PostgreSQL: 10,000 order rows applied, and a 50 MB file streamed.

    python -m bench.imports [--rows 10000] [--skip-large]

Builds a fresh database (`takt_bench_imports`) with a line, 20 parts and their routes, then
generates 10,000 order rows (external_ref, part, quantity, priority, due_date) and imports
them through the import service (`app.imports.service.import_file`, the code behind
`POST /imports/orders` and `takt import`) in one transaction each:

- a dry run of the CSV (checks everything, writes nothing),
- the CSV (10,000 orders created), the same CSV again with other quantities (10,000
  updated), and an XLSX of 10,000 new rows (created).

Targets: 10,000 rows from CSV ≤ 5 s, from XLSX ≤ 10 s. Last, a 50 MB CSV is read and
streamed row by row (no database; the first rows also converted) under tracemalloc: the
peak Python memory shows the file is never held whole. (A full import of 1.3 million order
rows works the same way, chunk by chunk, but takes minutes: not a quick figure.)
"""

from __future__ import annotations

import argparse
import asyncio
import io
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.config import Settings
from app.db import migrate
from app.db.session import Database
from app.imports import service
from app.imports.command import CLI
from app.imports.fields import layout, read_row
from app.imports.reader import open_table
from app.imports.schemas import ImportTarget
from bench.harness import pg_url, recreate_database

DATABASE = "takt_bench_imports"
CSV_TARGET_S = 5.0
XLSX_TARGET_S = 10.0
PARTS = 20

CONFIGURATION = """
INSERT INTO lines (id, code, name) VALUES (1, 'L1', 'Line 1');
INSERT INTO workstations (id, code, name, line_id)
SELECT w, 'WS' || w, 'Workstation ' || w, 1 FROM generate_series(1, 3) AS w;
INSERT INTO parts (id, number, name, serial_prefix, serial_digits, serial_counter, kind)
SELECT p, 'PN-' || p, 'Part ' || p, 'P' || p, 6, 0, 'product' FROM generate_series(1, {parts}) AS p;
INSERT INTO routes (id, code, name, part_id, current_revision)
SELECT p, 'R' || p, 'Route ' || p, p, 1 FROM generate_series(1, {parts}) AS p;
INSERT INTO route_revisions (id, route_id, revision, created_by)
SELECT p, p, 1, 'bench' FROM generate_series(1, {parts}) AS p;
INSERT INTO route_steps (revision_id, seq, name, workstation_id, is_gate)
SELECT p, s, 'Step ' || s, s, false
FROM generate_series(1, {parts}) AS p, generate_series(1, 3) AS s;
"""

HEADER = ["external_ref", "part", "quantity", "priority", "due_date"]


def order_rows(prefix: str, count: int, bump: int = 0) -> list[list[Any]]:
    return [
        [
            f"{prefix}-{i:06d}",
            f"PN-{i % PARTS + 1}",
            10 + (i + bump) % 90,
            i % 5 + 1,
            f"2027-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
        ]
        for i in range(count)
    ]


def csv_file(rows: list[list[Any]]) -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def xlsx_file(rows: list[list[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def timed_import(
    db: Database, settings: Settings, content: bytes, filename: str, *, dry_run: bool = False
) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    async with db.command() as cmd:
        session = await cmd.session()
        outcome = await service.import_file(
            session,
            CLI,
            ImportTarget.ORDERS,
            io.BytesIO(content),
            filename=filename,
            zone=settings.zone,
            dry_run=dry_run,
        )
    return time.perf_counter() - start, outcome.as_dict()


def report(label: str, seconds: float, result: dict[str, Any], target: float | None) -> None:
    rows = result["rows"]
    ratio = f"  {seconds / target:5.2f} x target ({target:.0f} s)" if target else ""
    print(
        f"{label:<34} {rows:>7} rows {seconds:7.2f} s {rows / seconds:>9,.0f} rows/s"
        f"  created {result['created']:>6} updated {result['updated']:>6}{ratio}"
    )


async def run_imports(rows: int) -> None:
    await recreate_database(DATABASE)
    url = pg_url(DATABASE)
    settings = Settings(database_url=url, env="test", admin_password="bench-admin-password")
    await asyncio.to_thread(migrate.upgrade_database, settings)  # it runs its own loop
    db = Database(settings)
    try:
        async with db.command() as cmd:
            session = await cmd.session()
            from sqlalchemy import text

            for statement in CONFIGURATION.format(parts=PARTS).split(";"):
                if statement.strip():
                    await session.execute(text(statement))
        csv_rows = order_rows("CSV", rows)
        content = csv_file(csv_rows)
        print(f"CSV {len(content) / 1e6:.1f} MB, {rows} rows")
        seconds, result = await timed_import(db, settings, content, "orders.csv", dry_run=True)
        report("CSV dry run", seconds, result, CSV_TARGET_S)
        seconds, result = await timed_import(db, settings, content, "orders.csv")
        report("CSV, 10,000 orders created", seconds, result, CSV_TARGET_S)
        again = csv_file(order_rows("CSV", rows, bump=7))
        seconds, result = await timed_import(db, settings, again, "orders.csv")
        report("CSV again, every order updated", seconds, result, CSV_TARGET_S)
        workbook = xlsx_file(order_rows("XLSX", rows))
        print(f"XLSX {len(workbook) / 1e6:.1f} MB, {rows} rows")
        seconds, result = await timed_import(db, settings, workbook, "orders.xlsx")
        report("XLSX, 10,000 orders created", seconds, result, XLSX_TARGET_S)
    finally:
        await db.dispose()


def large_csv(path: Path, megabytes: int) -> int:
    """A CSV of about `megabytes` MB; its row count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        while out.tell() < megabytes * 1_000_000:
            chunk = order_rows(f"BIG{count}", 10_000)
            out.write("".join(",".join(str(c) for c in r) + "\r\n" for r in chunk))
            count += len(chunk)
    return count


def streamed_peak(path: Path, convert: int) -> tuple[int, float, int]:
    """(rows, seconds, peak bytes) of reading every row of `path` (the first `convert` of
    them also converted to field values, as an import does)."""
    from zoneinfo import ZoneInfo

    from app.imports.service import TARGETS

    tracemalloc.start()
    start = time.perf_counter()
    rows = 0
    with path.open("rb") as source:
        table = open_table(source, path.name)
        lay = layout(
            TARGETS["orders"].fields,
            table.header,
            columns=None,
            defaults=None,
            date_format=None,
            zone=ZoneInfo("UTC"),
        )
        for number, cells in table.rows:
            if rows < convert:
                read_row(lay, number, cells, [])
            rows += 1
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, seconds, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--large-mb", type=int, default=50, help="size of the streamed CSV")
    parser.add_argument("--skip-large", action="store_true", help="no streaming figure")
    args = parser.parse_args(argv)
    asyncio.run(run_imports(args.rows))
    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "large.csv"
            count = large_csv(path, args.large_mb)
            size = path.stat().st_size
            rows, seconds, peak = streamed_peak(path, args.rows)
            assert rows == count
            print(
                f"{size / 1e6:.0f} MB CSV streamed (read; the first {args.rows} rows also "
                f"converted): {rows} rows in {seconds:.2f} s, {rows / seconds:,.0f} rows/s; "
                f"peak Python memory {peak / 1e6:.1f} MB"
            )


if __name__ == "__main__":
    main()
