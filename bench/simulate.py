"""The simulator's back-fill: 30 days of the demo plant, through the command functions.

    python -m bench.simulate [--db postgresql|sqlite|both] [--days 30] [--seed 1]

For each database: migrates a fresh one, configures the demo plant, back-fills `--days`
in this process (as `takt simulate` does: one transaction per command, PostgreSQL with
`synchronous_commit = off`), and prints the units and commands it made, commands per second,
wall time and peak memory (the process's peak RSS, Linux `ru_maxrss`). Target on
PostgreSQL: >= 2,000 commands/s.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from app.config import Settings
from app.db import migrate
from app.db.session import Database
from app.main import register_hooks
from app.simulator.plant import load_plant
from app.simulator.runner import backfill, prepare
from bench.harness import database_url

START = datetime(2026, 1, 5, tzinfo=UTC)


async def _run(url: str, days: float, seed: int) -> None:
    settings = Settings(database_url=url, argon2_time_cost=1, argon2_memory_kib=8)
    register_hooks()
    db = Database(settings, relaxed_commits=True)
    try:
        plant = load_plant()
        began = time.perf_counter()
        layout = await prepare(db, settings, plant, START)
        configured = time.perf_counter() - began
        cpu = time.process_time()
        _, outcome = await backfill(db, settings, plant, layout, start=START, days=days, seed=seed)
        cpu = time.process_time() - cpu
    finally:
        await db.dispose()
    s = outcome.stats
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  configure      : {configured:.1f} s")
    print(
        f"  made           : {s['units']} units ({s['completed']} completed, "
        f"{s['scrapped']} scrapped, {s['reworked']} reworks), {s['batches']} batches, "
        f"{s['orders']} orders ({s['expedited']} expedited), {s['measurements']} measurements, "
        f"{s['installed']} sub-assemblies installed ({s['salvaged']} salvaged), "
        f"{s['issues']} issues, "
        f"{s['breakdowns']} breakdowns ({s['waits']} jobs waited for a blocked workstation), "
        f"{s['lots']} lots ({s['lot_holds']} held, {s['lots_expired']} expired), "
        f"{s['alerts']} alerts acknowledged, {s['telemetry']} machine messages"
    )
    print(f"  commands       : {s['commands']} ({s['refused']} refused)")
    print(f"  wall time      : {outcome.seconds:.1f} s")
    print(f"  commands/s     : {outcome.rate:.0f}")
    print(
        f"  this process   : {cpu:.1f} s CPU ({100 * cpu / outcome.seconds:.0f} % of the wall "
        f"time; the rest is waiting for the database), "
        f"{1000 * outcome.seconds / max(1, s['commands']):.2f} ms a command"
    )
    print(f"  peak memory    : {peak_mib:.0f} MiB (process RSS)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--days", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    kinds = ["postgresql", "sqlite"] if args.db == "both" else [args.db]
    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-sim-"))
    for kind in kinds:
        url = database_url(kind, "takt_bench_simulate", tmp)
        migrate.upgrade_database(Settings(database_url=url))
        print(f"{kind}: {args.days:g} days of the demo plant")
        asyncio.run(_run(url, args.days, args.seed))


if __name__ == "__main__":
    main()
