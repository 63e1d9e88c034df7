"""Does a wrong-password flood stall everybody else? `GET /auth/me` latency under a flood.

    python -m bench.login_flood [--db sqlite|postgresql] [--seconds 10] [--flooders 4]

A real `takt serve` on a fresh database with the production Argon2 cost. One client times
authenticated `GET /api/v1/auth/me` (one keep-alive connection, one request at a time) —
first alone, then while `--flooders` clients send wrong passwords for `admin` to
`POST /api/v1/auth/token` as fast as the server answers. Printed: p50/p99 of /auth/me in both
phases, and the logins per second of the flood with their statuses (401: verified and
refused; 429: refused by the login throttle without verifying).

`--no-throttle` raises the throttle's limits out of reach (`TAKT_LOGIN_*`), so the flood's
passwords are all verified: what the thread pool alone buys. The flooders and the timing
client run in one process of their own (raw asyncio streams, like `bench.harness.drive`).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.harness import LoadResult, admin_client, database_url, read_response, takt_server

WRONG = urlencode({"username": "admin", "password": "not-the-admin-password"}).encode()
NO_THROTTLE = {
    "TAKT_LOGIN_FREE_ATTEMPTS": "1000000000",
    "TAKT_LOGIN_USER_FREE_ATTEMPTS": "1000000000",
    "TAKT_LOGIN_ADDRESS_FREE_ATTEMPTS": "1000000000",
}


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes, result: LoadResult
) -> None:
    started = time.perf_counter()
    writer.write(head)
    status = await read_response(reader)
    result.requests += 1
    result.statuses[status] = result.statuses.get(status, 0) + 1
    result.errors += status >= 500
    result.latencies_ms.append((time.perf_counter() - started) * 1000)


async def _loop(host: str, port: int, head: bytes, stop_at: float, result: LoadResult) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop_at:
            await _request(reader, writer, head, result)
    finally:
        writer.close()


async def _phase(args: dict[str, Any], flooders: int) -> tuple[LoadResult, LoadResult]:
    host, port = args["host"], args["port"]
    me_head = (
        f"GET /api/v1/auth/me HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: Bearer {args['token']}\r\n\r\n"
    ).encode()
    login_head = (
        f"POST /api/v1/auth/token HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(WRONG)}\r\n\r\n"
    ).encode() + WRONG
    me, logins = LoadResult(), LoadResult()
    started = time.perf_counter()
    stop_at = started + args["seconds"]
    await asyncio.gather(
        _loop(host, port, me_head, stop_at, me),
        *(_loop(host, port, login_head, stop_at, logins) for _ in range(flooders)),
    )
    me.seconds = logins.seconds = time.perf_counter() - started
    return me, logins


def _load_process(args: dict[str, Any], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    results = []
    for flooders in (0, args["flooders"]):
        me, logins = asyncio.run(_phase(args, flooders))
        results.append(
            [(r.requests, r.errors, r.statuses, r.latencies_ms, r.seconds) for r in (me, logins)]
        )
    queue.put(results)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument(
        "--no-throttle", action="store_true", help="set the login throttle's limits out of reach"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-"))
    url = database_url(args.db, "takt_bench_login_flood", tmp)
    env = NO_THROTTLE if args.no_throttle else {}
    with takt_server(url, env=env) as server:
        client = admin_client(server.base_url)
        token = client.headers["Authorization"].removeprefix("Bearer ")
        host, port = server.base_url.split("://", 1)[1].split(":")
        queue: mp.Queue = mp.get_context("spawn").Queue()  # type: ignore[type-arg]
        process = mp.get_context("spawn").Process(
            target=_load_process,
            args=(
                {
                    "host": host,
                    "port": int(port),
                    "token": token,
                    "seconds": args.seconds,
                    "flooders": args.flooders,
                },
                queue,
            ),
        )
        process.start()
        phases = queue.get()
        process.join()

    print(
        f"database {args.db}, {args.seconds:.0f} s per phase, {args.flooders} flooders"
        + (", throttle out of reach" if args.no_throttle else "")
    )
    for name, (me_raw, logins_raw) in zip(("alone", "flood"), phases, strict=True):
        me, logins = LoadResult(*me_raw), LoadResult(*logins_raw)
        print(
            f"{name:5}: /auth/me p50 {me.percentile(50):7.1f} ms  p99 {me.percentile(99):7.1f} ms"
            f"  ({me.requests} requests)"
        )
        if logins.requests:
            print(
                f"       logins {logins.rate:7.1f}/s  p50 {logins.percentile(50):7.1f} ms"
                f"  statuses {dict(sorted(logins.statuses.items()))}"
            )


if __name__ == "__main__":
    main()
