"""Webhook delivery under load: 200 unit completions/s to 3 local receivers.

    python -m bench.webhooks [--db postgresql|sqlite] [--rate 200] [--seconds 60]
                             [--sender inline|process]

A real server (`takt serve`) on a fresh database; 3 receivers in a process of their own
(raw asyncio HTTP/1.1): two healthy, one answering 500 to a random half of the requests.
Each is a webhook subscribed to `unit.completed`. Units on a one-step route are first moved
onto their step; then, paced at `--rate` per second, each is moved again and completes
(one `unit.completed` event per move). A first phase paces the same moves with no webhook
(the baseline), then the webhooks are created and the second phase runs.

Printed: the moves' p50/p99 in both phases; per receiver the deliveries accepted, duplicate
and missing events, and delivery lag (the event's time to the receiver's 2xx) p50/p99/max;
how long the failing one took to catch up after the load stopped. `--sender process` runs
the server with `TAKT_WEBHOOKS_ENABLED=false` and deliveries from a `takt webhooks` process
beside it (PostgreSQL); `inline` (the default) sends from the server process. Targets: every event
accepted exactly once per webhook, lag p99 ≤ 1 s for the healthy ones.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    ROOT,
    LoadResult,
    admin_client,
    build_floor,
    database_url,
    drive,
    free_port,
    ok,
    paced,
    settle,
    takt_server,
)

RECEIVERS = ("healthy-1", "healthy-2", "failing")
PER_ORDER = 10_000


# -- receivers (their own process) -----------------------------------------------------------


def _receivers(ports: list[int], stop: Any, results: Any, ready: Any) -> None:
    asyncio.run(_serve(ports, stop, results, ready))


async def _serve(ports: list[int], stop: Any, results: Any, ready: Any) -> None:
    # (receiver index, webhook-id, event timestamp, receipt wall time, accepted)
    seen: list[tuple[int, str, str, float, bool]] = []
    flaky = random.Random(1)

    def handler(index: int) -> Any:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while True:
                    line = await reader.readline()
                    if not line:
                        return
                    length = 0
                    msg_id = ""
                    while True:
                        h = await reader.readline()
                        if h in (b"\r\n", b""):
                            break
                        name, _, value = h.decode().partition(":")
                        if name.lower() == "content-length":
                            length = int(value)
                        elif name.lower() == "webhook-id":
                            msg_id = value.strip()
                    body = await reader.readexactly(length)
                    accepted = index != 2 or flaky.random() >= 0.5
                    timestamp = json.loads(body)["timestamp"]
                    seen.append((index, msg_id, timestamp, time.time(), accepted))
                    status = b"200 OK" if accepted else b"500 Internal Server Error"
                    writer.write(b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\n\r\n")
            except (ConnectionError, asyncio.IncompleteReadError):
                return
            finally:
                writer.close()

        return handle

    servers = [
        await asyncio.start_server(handler(i), "127.0.0.1", port, backlog=512)
        for i, port in enumerate(ports)
    ]
    ready.set()
    while not stop.is_set():  # noqa: ASYNC110 (a multiprocessing event)
        await asyncio.sleep(0.1)
    for server in servers:
        server.close()
    results.put(seen)


@contextlib.contextmanager
def _sender(database: str, env: dict[str, str]) -> Iterator[None]:
    """`takt webhooks` beside the server, stopped (SIGTERM) on exit."""
    environment = os.environ | {"TAKT_DATABASE_URL": database, "TAKT_LOG_LEVEL": "WARNING"} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "webhooks"], cwd=ROOT, env=environment
    )
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()


def _moves(serials: list[str]) -> list[str]:
    return [f"/api/v1/units/{s}/move" for s in serials]


def _units(client: httpx.Client, part_id: int, count: int) -> list[str]:
    serials: list[str] = []
    while len(serials) < count:
        n = min(PER_ORDER, count - len(serials))
        order = ok(client.post("/api/v1/orders", json={"part_id": part_id, "quantity": n}))
        units = ok(client.post(f"/api/v1/orders/{order['number']}/units", json={"count": n}))
        serials += [u["serial"] for u in units["items"]]
    return serials


def _event_time(seen: tuple[int, str, str, float, bool]) -> float:
    return datetime.fromisoformat(seen[2].replace("Z", "+00:00")).timestamp()


def _cpu(result: LoadResult) -> str:
    return f"{result.client_cpu_s / result.seconds * 100:.0f} %"


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline-seconds", type=float, default=10)
    parser.add_argument("--drain-seconds", type=float, default=600)
    parser.add_argument(
        "--retry-base",
        type=float,
        default=0.001,
        help="TAKT_WEBHOOKS_RETRY_BASE_SECONDS: a receiver failing half of the time holds its "
        "later deliveries behind each retry, so its throughput is bounded by the backoff",
    )
    parser.add_argument("--retry-max", type=float, default=0.05)
    parser.add_argument(
        "--sender",
        choices=["inline", "process"],
        default="inline",
        help="send from the server process, or from a `takt webhooks` process beside it",
    )
    args = parser.parse_args()

    events = int(args.rate * args.seconds)
    baseline_moves = int(args.rate * args.baseline_seconds)
    ports = [free_port() for _ in RECEIVERS]
    context = mp.get_context("spawn")
    stop, ready, results = context.Event(), context.Event(), context.Queue()
    receivers = context.Process(target=_receivers, args=(ports, stop, results, ready))
    receivers.start()
    ready.wait(10)

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-"))
    url = database_url(args.db, "takt_bench_webhooks", tmp)
    env = {
        "TAKT_WEBHOOKS_ALLOW_PRIVATE": "true",
        "TAKT_WEBHOOKS_RETRY_BASE_SECONDS": str(args.retry_base),
        "TAKT_WEBHOOKS_RETRY_MAX_SECONDS": str(args.retry_max),
        "TAKT_WEBHOOKS_MAX_ATTEMPTS": "100",
        "TAKT_WEBHOOKS_MAX_CONSECUTIVE_FAILURES": "100000",
        "TAKT_WEBHOOKS_TIMEOUT_SECONDS": "5",
    }
    dedicated = args.sender == "process"
    server_env = env | {"TAKT_WEBHOOKS_ENABLED": "false"} if dedicated else env
    try:
        with (
            takt_server(url, env=server_env) as server,
            _sender(url, env) if dedicated else contextlib.nullcontext(),
        ):
            client = admin_client(server.base_url)
            floor = build_floor(client, 1)
            print(f"creating {events + baseline_moves} units …", flush=True)
            serials = _units(client, floor["part"]["id"], events + baseline_moves)
            auth = {"Authorization": client.headers["Authorization"]}
            entered = drive(
                server.base_url,
                [f"/api/v1/units/{s}/move" for s in serials],
                seconds=600,
                connections=16,
                headers=auth,
                once=True,
            )
            assert entered.errors == 0, entered.error_samples
            baseline_serials, serials = serials[:baseline_moves], serials[baseline_moves:]
            if args.db == "postgresql":
                asyncio.run(settle("takt_bench_webhooks"))

            print(f"baseline: {baseline_moves} completing moves at {args.rate:g}/s, no webhook")
            paths = _moves(baseline_serials)
            baseline = asyncio.run(paced(server.base_url, paths, args.rate, auth))
            print(f"  moves: {baseline.summary()}, load generator CPU {_cpu(baseline)}")

            hooks = [
                ok(
                    client.post(
                        "/api/v1/webhooks",
                        json={
                            "url": f"http://127.0.0.1:{port}/{name}",
                            "events": ["unit.completed"],
                            "description": name,
                        },
                    )
                )
                for name, port in zip(RECEIVERS, ports, strict=True)
            ]
            print(f"with webhooks: {events} completing moves at {args.rate:g}/s, 3 receivers")
            loaded = asyncio.run(paced(server.base_url, _moves(serials), args.rate, auth))
            load_end = time.time()
            print(f"  moves: {loaded.summary()}, load generator CPU {_cpu(loaded)}")
            drained_at: float | None = None
            time.sleep(1.0)  # the last events are fanned out
            deadline = time.monotonic() + args.drain_seconds
            while time.monotonic() < deadline:
                pending = sum(
                    len(
                        ok(
                            client.get(
                                f"/api/v1/webhooks/{h['id']}/deliveries",
                                params={"status": status, "limit": 1},
                            )
                        )["items"]
                    )
                    for h in hooks
                    for status in ("pending", "failed")
                )
                if not pending:
                    drained_at = time.time()
                    break
                time.sleep(0.5)
            dead = [
                len(
                    ok(
                        client.get(
                            f"/api/v1/webhooks/{h['id']}/deliveries",
                            params={"status": "dead", "limit": 500},
                        )
                    )["items"]
                )
                for h in hooks
            ]
            time.sleep(1.0)  # anything still in flight arrives
    finally:
        stop.set()
        seen: list[tuple[int, str, str, float, bool]] = results.get(timeout=30)
        receivers.join(10)

    print(
        f"drained {drained_at - load_end:.1f} s after the load stopped"
        if drained_at
        else f"NOT drained within {args.drain_seconds:g} s"
    )
    for index, name in enumerate(RECEIVERS):
        mine = [s for s in seen if s[0] == index]
        accepted = [s for s in mine if s[4]]
        ids = [s[1] for s in accepted]
        unique = set(ids)
        lags = [(s[3] - _event_time(s)) * 1000 for s in accepted]
        print(
            f"{name:10s} requests {len(mine):6d}  accepted {len(accepted):6d}"
            f"  duplicates {len(ids) - len(unique)}  missing {events - len(unique)}"
            f"  dead {dead[index]}  lag p50 {_pct(lags, 50):7.1f} ms  p99 {_pct(lags, 99):7.1f} ms"
            f"  max {max(lags, default=float('nan')):7.1f} ms"
        )
        if index < 2 and accepted:  # where in the run the healthy ones' lag came from
            start = min(_event_time(s) for s in accepted)
            windows: dict[int, list[float]] = {}
            for s, lag in zip(accepted, lags, strict=True):
                windows.setdefault(int((_event_time(s) - start) // 10), []).append(lag)
            print(
                "           lag p99 by 10 s of load: "
                + " ".join(f"{_pct(w, 99):.0f}" for _, w in sorted(windows.items()))
                + " ms"
            )
    print(
        f"moves p99: {baseline.percentile(99):.1f} ms without webhooks, "
        f"{loaded.percentile(99):.1f} ms with"
    )


if __name__ == "__main__":
    main()
