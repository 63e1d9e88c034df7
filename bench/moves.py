"""Unit moves per second through the real server, against a raw-asyncpg reference.

    python -m bench.moves [--db postgresql|sqlite] [--seconds 20] [--connections 32]

Pre-creates 100,000 units (10 orders x 10,000 through the API), then drives
`POST /units/{serial}/move` from 32 keep-alive connections for a fixed time, and — in the
same run, on other units of the same database — the reference endpoint of
bench/reference_app.py doing the four core statements with raw asyncpg. Phases alternate
(reference, Takt, reference, Takt, …: 4 rounds of 10 s by default) to even out drift. Before
measuring, PostgreSQL is vacuumed, analysed and checkpointed, so neither side pays for the
setup's autovacuum or for the full-page writes after a checkpoint more than the other. Last
line: the ratio (target ≥ 0.65).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from bench.harness import (
    LoadResult,
    admin_client,
    asgi_server,
    build_floor,
    database_url,
    drive,
    merged,
    ok,
    pg_url,
    settle,
    takt_server,
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument(
        "--steps", type=int, default=20, help="route length (moves never complete units)"
    )
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1, help="server processes for both servers")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-"))
    url = database_url(args.db, "takt_bench_moves", tmp)
    with takt_server(url, workers=args.workers) as server:
        client = admin_client(server.base_url)
        floor = build_floor(client, args.steps)
        serials: list[str] = []
        per_order = 10_000
        print(f"creating {args.units} units …", flush=True)
        for _ in range(args.units // per_order):
            order = ok(
                client.post(
                    "/api/v1/orders", json={"part_id": floor["part"]["id"], "quantity": per_order}
                )
            )
            units = ok(
                client.post(f"/api/v1/orders/{order['number']}/units", json={"count": per_order})
            )
            serials += [u["serial"] for u in units["items"]]
        if args.db == "postgresql":
            asyncio.run(settle("takt_bench_moves"))
        takt_serials, ref_serials = serials[0::2], serials[1::2]
        auth = {"Authorization": client.headers["Authorization"]}
        takt_paths = [f"/api/v1/units/{s}/move" for s in takt_serials]
        ref_paths = [f"/ref/units/{s}/move" for s in ref_serials]

        takt_runs: list[LoadResult] = []
        ref_runs: list[LoadResult] = []
        reference = args.db == "postgresql"
        ref_env = {"REF_DSN": pg_url("takt_bench_moves", "postgresql")}
        with (
            asgi_server("bench.reference_app:app", ref_env, args.workers) if reference else _null()
        ) as ref:
            # warm both up (connection pools, prepared statements)
            drive(
                server.base_url, takt_paths, seconds=2, connections=args.connections, headers=auth
            )
            if ref is not None:
                drive(ref.base_url, ref_paths, seconds=2, connections=args.connections)
            for round_ in range(1, args.rounds + 1):
                if ref is not None:
                    r = drive(
                        ref.base_url, ref_paths, seconds=args.seconds, connections=args.connections
                    )
                    ref_runs.append(r)
                    print(f"round {round_} reference: {r.summary()}", flush=True)
                t = drive(
                    server.base_url,
                    takt_paths,
                    seconds=args.seconds,
                    connections=args.connections,
                    headers=auth,
                )
                takt_runs.append(t)
                print(f"round {round_} takt     : {t.summary()}", flush=True)

    takt = merged(takt_runs)
    print(
        f"\ndatabase {args.db}, {args.connections} connections, {args.workers} worker(s), "
        f"{args.units} units, {args.rounds}x{args.seconds:.0f} s per server"
    )
    print(f"takt moves     : {takt.summary()}")
    if ref_runs:
        ref_total = merged(ref_runs)
        print(f"reference moves: {ref_total.summary()}")
        print(f"p99 {takt.percentile(99):.1f} ms (target <= 50 ms)")
        print(f"ratio takt/reference = {takt.rate / ref_total.rate:.2f} (target >= 0.65)")
    else:
        print(f"moves/s {takt.rate:.0f} (SQLite target >= 500)")


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    main()
