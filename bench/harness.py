"""Benchmark plumbing: databases, real server processes, an HTTP load generator.

Benchmarks print figures; they are not tests. The load generator runs in its own process
with raw asyncio streams (HTTP/1.1 keep-alive) so it costs as little CPU as possible.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("TAKT_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_PASSWORD = "bench-admin-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pg_url(database: str, driver: str = "postgresql+asyncpg") -> str:
    base = PG_SERVER.rsplit("/", 1)[0].split("://", 1)[1]
    return f"{driver}://{base}/{database}"


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (head, and a body of `Content-Length`); its status."""
    status_line = await reader.readline()
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    if length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def recreate_database(name: str) -> None:
    conn = await asyncpg.connect(PG_SERVER)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


def database_url(kind: str, name: str, tmpdir: Path) -> str:
    """A fresh, empty database of `kind` (postgresql or sqlite)."""
    if kind == "sqlite":
        path = tmpdir / f"{name}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    asyncio.run(recreate_database(name))
    return pg_url(name)


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server exited ({process.returncode}):\n{log_path.read_text()[-3000:]}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code in (200, 404):
                return
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not become healthy:\n{log_path.read_text()[-3000:]}")


@contextlib.contextmanager
def takt_server(
    database: str,
    *,
    workers: int = 1,
    port: int | None = None,
    env: dict[str, str] | None = None,
    log_dir: Path | None = None,
) -> Iterator[Server]:
    """`takt serve` in a subprocess (migrations included), stopped on exit."""
    port = port or free_port()
    log_dir = log_dir or Path("/tmp")
    log_path = log_dir / f"takt-bench-{port}.log"
    environment = (
        os.environ
        | {
            "TAKT_DATABASE_URL": database,
            "TAKT_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "TAKT_SECRET_KEY": "bench-secret-key-0123456789-0123456789",
            "TAKT_LOG_LEVEL": "WARNING",
        }
        | (env or {})
    )
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-log",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_healthy(f"{server.base_url}/health", process, log_path)
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def asgi_server(app: str, env: dict[str, str], workers: int = 1) -> Iterator[Server]:
    """Any ASGI app under uvicorn with the same settings Takt uses."""
    port = free_port()
    log_path = Path(f"/tmp/asgi-bench-{port}.log")
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                app,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ | env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_healthy(f"{server.base_url}/health", process, log_path)
        yield server
    finally:
        server.stop()


def admin_client(base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    r = client.post("/api/v1/auth/token", data={"username": "admin", "password": ADMIN_PASSWORD})
    r.raise_for_status()
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


def ok(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url}: "
            f"{response.status_code} {response.text}"
        )
    return response.json() if response.content else None


def build_floor(
    client: httpx.Client, steps: int, *, gates: Sequence[int] = (), tag: str = "B"
) -> dict[str, Any]:
    """A line, `steps` workstations, a part and a route through them."""
    line = ok(client.post("/api/v1/lines", json={"code": f"{tag}L", "name": "Bench line"}))
    stations = [
        ok(
            client.post(
                "/api/v1/workstations",
                json={"code": f"{tag}W{i}", "name": f"WS {i}", "line_id": line["id"]},
            )
        )
        for i in range(1, steps + 1)
    ]
    part = ok(
        client.post(
            "/api/v1/parts",
            json={
                "number": f"{tag}-PART",
                "name": "Bench part",
                "serial_prefix": f"{tag}SN",
                "serial_digits": 7,
            },
        )
    )
    route = ok(
        client.post(
            "/api/v1/routes",
            json={
                "code": f"{tag}R",
                "name": "Bench route",
                "part_id": part["id"],
                "steps": [
                    {
                        "name": f"S{i}",
                        "workstation_id": w["id"],
                        "is_gate": i in gates,
                        "ideal_cycle_s": 30,
                    }
                    for i, w in enumerate(stations, start=1)
                ],
            },
        )
    )
    return {"line": line, "workstations": stations, "part": part, "route": route}


# -- load generator ----------------------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> str:
        return (
            f"{self.rate:8.0f} req/s  p50 {self.percentile(50):6.1f} ms"
            f"  p99 {self.percentile(99):6.1f} ms  ({self.requests} requests, {self.errors} errors,"
            f" statuses {dict(sorted(self.statuses.items()))})"
        )


async def _connection_loop(
    host: str,
    port: int,
    paths: list[str],
    headers: str,
    body: bytes,
    stop_at: float,
    result: LoadResult,
    seed: int,
) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    head = (
        f"Host: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{headers}\r\n"
    )
    try:
        while time.perf_counter() < stop_at:
            path = paths[rng.randrange(len(paths))]
            started = time.perf_counter()
            writer.write(f"POST {path} HTTP/1.1\r\n{head}".encode() + body)
            status = await read_response(reader)
            elapsed = (time.perf_counter() - started) * 1000
            result.requests += 1
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status >= 400:
                result.errors += 1
            result.latencies_ms.append(elapsed)
    finally:
        writer.close()


def _load_process(args: dict[str, Any], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    async def run() -> LoadResult:
        result = LoadResult()
        stop_at = time.perf_counter() + args["seconds"]
        started = time.perf_counter()
        chunks = [args["paths"][i :: args["connections"]] for i in range(args["connections"])]
        await asyncio.gather(
            *(
                _connection_loop(
                    args["host"],
                    args["port"],
                    chunk,
                    args["headers"],
                    args["body"],
                    stop_at,
                    result,
                    i,
                )
                for i, chunk in enumerate(chunks)
            )
        )
        result.seconds = time.perf_counter() - started
        return result

    r = asyncio.run(run())
    queue.put((r.requests, r.errors, r.statuses, r.latencies_ms, r.seconds))


def drive(
    base_url: str,
    paths: list[str],
    *,
    seconds: float,
    connections: int,
    headers: dict[str, str] | None = None,
    body: bytes = b"{}",
) -> LoadResult:
    """POST to random `paths` from `connections` keep-alive connections for `seconds`.
    Each connection owns a disjoint slice of `paths`, so no two requests race on one unit."""
    host_port = base_url.split("://", 1)[1]
    host, port = host_port.split(":")
    header_text = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    queue: mp.Queue = mp.get_context("spawn").Queue()  # type: ignore[type-arg]
    process = mp.get_context("spawn").Process(
        target=_load_process,
        args=(
            {
                "host": host,
                "port": int(port),
                "paths": paths,
                "headers": header_text,
                "body": body,
                "seconds": seconds,
                "connections": connections,
            },
            queue,
        ),
    )
    process.start()
    requests, errors, statuses, latencies, elapsed = queue.get()
    process.join()
    return LoadResult(requests, errors, statuses, latencies, elapsed)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=2, default=str)
