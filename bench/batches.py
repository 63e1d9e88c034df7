"""Batch step commands per second through the real server, beside unit moves in the same run.

    python -m bench.batches [--seconds 10] [--connections 32] [--rounds 3] [--steps 10]
                            [--workers 1] [--no-reference]

PostgreSQL only (database `takt_bench_batches`). Setup through the API as admin: a serial
route of 20 steps with 20,000 units moved once (so moves never complete a unit), and a batch
route of `--steps` steps with enough batches of 10 for every round. Then `VACUUM ANALYZE`
and `CHECKPOINT`.

Phases alternate per round, each for `--seconds` from `--connections` keep-alive
connections: bench.moves' raw-asyncpg reference (bench/reference_app.py, unless
`--no-reference`), Takt's unit moves (random units), and Takt's batch step commands — each
connection works its own batches, step after step: start, complete {"good": 10}, start the
next step, … (a pair = one start and one completion).

Last lines: pairs per second and p99, the move's rate and p99, the CPU per command (the
server's process tree and PostgreSQL's backends of this database, from /proc) and the cost
of a step command relative to a move, both by CPU per command and by throughput (move
rate / step-command rate); target <= 1.2.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.harness import (
    CpuUse,
    LoadResult,
    admin_client,
    asgi_server,
    build_floor,
    cpu_snapshot,
    cpu_used,
    database_url,
    drive,
    merged,
    ok,
    pg_url,
    settle,
    takt_server,
)

DB = "takt_bench_batches"
BATCH_QUANTITY = 10
GOOD = json.dumps({"good": BATCH_QUANTITY}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10, help="steps of the batch route")
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument(
        "--pairs-per-second",
        type=float,
        default=3000,
        help="the most pairs/s a round could need (sizes the batches created)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-"))
    url = database_url("postgresql", DB, tmp)
    with takt_server(url, workers=args.workers) as server:
        client = admin_client(server.base_url)
        serial_floor = build_floor(client, 20, tag="M")
        batch_floor = build_floor(client, args.steps, tag="Q")
        print(f"creating {args.units} units …", flush=True)
        serials: list[str] = []
        per_order = 10_000
        for _ in range(max(1, args.units // per_order)):
            order = ok(
                client.post(
                    "/api/v1/orders",
                    json={"part_id": serial_floor["part"]["id"], "quantity": per_order},
                )
            )
            units = ok(
                client.post(f"/api/v1/orders/{order['number']}/units", json={"count": per_order})
            )
            serials += [u["serial"] for u in units["items"]]
        # Enough batches for every round (and the warm-up), each worked from its first step.
        pairs = args.pairs_per_second * max(args.seconds, 2)
        per_connection = max(1, int(pairs / args.steps / args.connections) + 1)
        count = per_connection * args.connections * (args.rounds + 1)
        print(f"creating {count} batches of {args.steps} steps …", flush=True)
        order = ok(
            client.post(
                "/api/v1/orders",
                json={
                    "part_id": batch_floor["part"]["id"],
                    "quantity": count * BATCH_QUANTITY,
                    "tracking": "batch",
                },
            )
        )
        batch_ids = [
            ok(
                client.post(
                    f"/api/v1/orders/{order['number']}/batches",
                    json={"quantity": BATCH_QUANTITY},
                )
            )["id"]
            for _ in range(count)
        ]
        auth = {"Authorization": client.headers["Authorization"]}
        move_paths = [f"/api/v1/units/{s}/move" for s in serials]
        # Moved once now: every later move is between intermediate steps.
        drive(
            server.base_url,
            move_paths,
            seconds=600,
            connections=args.connections,
            headers=auth,
            once=True,
        )
        asyncio.run(settle(DB))
        # Each round (and the warm-up) works batches of its own: connection i works its
        # round's batches i, i + C, i + 2C, … step after step; `drive` deals path k to
        # connection k mod C, so the connections' walks are interleaved.
        per_round = per_connection * args.connections
        rounds_done = 0

        def batch_round(seconds: float) -> LoadResult:
            nonlocal rounds_done
            mine = batch_ids[rounds_done * per_round : (rounds_done + 1) * per_round]
            rounds_done += 1
            walks = [
                [
                    f"/api/v1/batches/{b}/steps/{seq}/{what}"
                    for b in mine[i :: args.connections]
                    for seq in range(1, args.steps + 1)
                    for what in ("start", "complete")
                ]
                for i in range(args.connections)
            ]
            paths = [walk[k] for k in range(len(walks[0])) for walk in walks]
            return drive(
                server.base_url,
                paths,
                seconds=seconds,
                connections=args.connections,
                headers=auth,
                body=GOOD,
                once=True,
            )

        trees = {"takt": server.process.pid}
        cpu: dict[str, list[tuple[CpuUse, int]]] = {"moves": [], "batches": []}

        def measured(kind: str, run: Callable[[], LoadResult]) -> LoadResult:
            before = cpu_snapshot()
            result = run()
            cpu[kind].append((cpu_used(before, cpu_snapshot(), trees, DB), result.requests))
            return result

        ref_env = {"REF_DSN": pg_url(DB, "postgresql")}
        reference = not args.no_reference
        ref_runs: list[LoadResult] = []
        move_runs: list[LoadResult] = []
        batch_runs: list[LoadResult] = []
        with (
            asgi_server("bench.reference_app:app", ref_env, args.workers)
            if reference
            else _null() as ref
        ):
            drive(
                server.base_url, move_paths, seconds=2, connections=args.connections, headers=auth
            )
            batch_round(2)
            ref_paths = move_paths[1::2]
            for round_ in range(1, args.rounds + 1):
                if ref is not None:
                    r = drive(
                        ref.base_url,
                        [p.replace("/api/v1/", "/ref/") for p in ref_paths],
                        seconds=args.seconds,
                        connections=args.connections,
                    )
                    ref_runs.append(r)
                    print(f"round {round_} reference moves: {r.summary()}", flush=True)
                m = measured(
                    "moves",
                    lambda: drive(
                        server.base_url,
                        move_paths[0::2],
                        seconds=args.seconds,
                        connections=args.connections,
                        headers=auth,
                    ),
                )
                move_runs.append(m)
                print(f"round {round_} takt moves     : {m.summary()}", flush=True)
                b = measured("batches", lambda: batch_round(args.seconds))
                batch_runs.append(b)
                print(f"round {round_} batch commands : {b.summary()}", flush=True)
                for sample in b.error_samples[:3]:
                    print(f"    {sample}")

    moves, steps = merged(move_runs), merged(batch_runs)
    print(
        f"\nPostgreSQL, {args.connections} connections, {args.workers} worker(s), "
        f"{args.rounds}x{args.seconds:.0f} s per phase, batch route of {args.steps} steps"
    )
    print(
        f"batch step pairs: {steps.rate / 2:8.0f} pairs/s  p99 {steps.percentile(99):.1f} ms "
        f"per command"
    )
    print(f"batch commands  : {steps.summary()}")
    print(f"takt unit moves : {moves.summary()}")
    if ref_runs:
        ref_total = merged(ref_runs)
        print(f"reference moves : {ref_total.summary()}")
        print(f"moves / reference = {moves.rate / ref_total.rate:.2f}")
    per = {kind: _cpu_ms(runs) for kind, runs in cpu.items()}
    for kind, (server_ms, pg_ms) in per.items():
        name = "batch step" if kind == "batches" else "unit move"
        print(
            f"CPU per {name} command: server {server_ms:.2f} ms + PostgreSQL {pg_ms:.2f} ms "
            f"= {server_ms + pg_ms:.2f} ms"
        )
    move_ms, step_ms = sum(per["moves"]), sum(per["batches"])
    print(
        f"cost of a step command / a unit move: CPU {step_ms / move_ms:.2f}, "
        f"throughput {moves.rate / steps.rate:.2f} (target <= 1.2)"
    )


def _cpu_ms(runs: list[tuple[CpuUse, int]]) -> tuple[float, float]:
    """Server and PostgreSQL CPU per request (ms) over the runs."""
    requests = sum(n for _, n in runs) or 1
    server = sum(use.trees["takt"] for use, _ in runs)
    postgres = sum(use.postgres - use.postgres_other for use, _ in runs)
    return server * 1000 / requests, postgres * 1000 / requests


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    main()
