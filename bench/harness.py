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
import queue as queue_module
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
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


async def read_response_body(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """Read one HTTP/1.1 response (head, and a body of `Content-Length`); its status and body."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    body = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response; its status (the body is read and dropped)."""
    return (await read_response_body(reader))[0]


async def recreate_database(name: str) -> None:
    conn = await asyncpg.connect(PG_SERVER)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def settle(database: str) -> None:
    """A PostgreSQL database's setup vacuumed and analysed now rather than by autovacuum in
    the middle of a measurement; then a checkpoint, so full-page writes restart for every
    phase alike."""
    conn = await asyncpg.connect(pg_url(database, "postgresql"))
    try:
        await conn.execute("VACUUM ANALYZE")
        await conn.execute("CHECKPOINT")
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

ERROR_SAMPLES = 5  # error response bodies kept per run, to say what went wrong


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    # The load generator's own CPU time (user + system of its process, while it drove).
    client_cpu_s: float = 0.0
    # `drive(once=True)`: the paths answered 2xx; `drive_chains`: the chains finished.
    succeeded: list[str] = field(default_factory=list)
    chains: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def record(self, status: int, elapsed_ms: float, path: str, body: bytes) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies_ms.append(elapsed_ms)
        if status >= 400:
            self.errors += 1
            if len(self.error_samples) < ERROR_SAMPLES:
                self.error_samples.append(f"{status} {path}: {body[:300].decode(errors='replace')}")

    def summary(self) -> str:
        return (
            f"{self.rate:8.0f} req/s  p50 {self.percentile(50):6.1f} ms"
            f"  p99 {self.percentile(99):6.1f} ms  ({self.requests} requests, {self.errors} errors,"
            f" statuses {dict(sorted(self.statuses.items()))})"
        )


def merged(results: Sequence[LoadResult]) -> LoadResult:
    """Several runs as one (their times added: the rate is over all of them)."""
    out = LoadResult()
    for r in results:
        out.requests += r.requests
        out.errors += r.errors
        out.seconds += r.seconds
        out.latencies_ms += r.latencies_ms
        out.client_cpu_s += r.client_cpu_s
        out.succeeded += r.succeeded
        out.chains += r.chains
        out.error_samples += r.error_samples[: max(0, ERROR_SAMPLES - len(out.error_samples))]
        for k, v in r.statuses.items():
            out.statuses[k] = out.statuses.get(k, 0) + v
    return out


def _head(host: str, port: int, path: str, headers: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{headers}\r\n"
    ).encode() + body


async def _post(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    request: bytes,
    path: str,
    result: LoadResult,
) -> tuple[int, bytes]:
    started = time.perf_counter()
    writer.write(request)
    status, answer = await read_response_body(reader)
    result.record(status, (time.perf_counter() - started) * 1000, path, answer)
    return status, answer


async def _connection_loop(
    host: str,
    port: int,
    paths: list[str],
    headers: str,
    body: bytes,
    stop_at: float,
    result: LoadResult,
    seed: int,
    once: bool,
) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection(host, port)
    try:
        if once:  # each path once, in order, until done or out of time
            for path in paths:
                if time.perf_counter() >= stop_at:
                    break
                request = _head(host, port, path, headers, body)
                status, _ = await _post(reader, writer, request, path, result)
                if status < 300:
                    result.succeeded.append(path)
            return
        requests = [_head(host, port, path, headers, body) for path in paths]
        while time.perf_counter() < stop_at:
            i = rng.randrange(len(paths))
            await _post(reader, writer, requests[i], paths[i], result)
    finally:
        writer.close()


async def _chain_loop(
    host: str,
    port: int,
    first: tuple[str, bytes],
    then: list[tuple[str, bytes]],
    headers: str,
    stop_at: float,
    result: LoadResult,
) -> None:
    """Chains one after the other until time is up (a chain started is finished): the first
    request names a unit (`items[0].serial` of its answer), the others act on it in turn."""
    reader, writer = await asyncio.open_connection(host, port)
    first_request = _head(host, port, first[0], headers, first[1])
    try:
        while time.perf_counter() < stop_at:
            status, answer = await _post(reader, writer, first_request, first[0], result)
            if status >= 300:
                continue
            serial = json.loads(answer)["items"][0]["serial"]
            for template, body in then:
                path = template.replace("{serial}", serial)
                status, _ = await _post(
                    reader, writer, _head(host, port, path, headers, body), path, result
                )
                if status >= 300:
                    break
            else:
                result.chains += 1
    finally:
        writer.close()


KEEPALIVE_SECONDS = 2.0


async def paced(
    base_url: str, paths: Sequence[str], rate: float, headers: dict[str, str] | None = None
) -> LoadResult:
    """POST to each path in turn, `rate` per second whatever the answers' latency (an open
    loop: a slow server meets more concurrent requests, not fewer), over raw keep-alive
    connections opened as needed. Cheap on the client's CPU (no HTTP library), so the load
    generator is not what a benchmark measures on a small machine."""
    host, port_text = base_url.split("://", 1)[1].split(":")
    port = int(port_text)
    header_text = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    result = LoadResult()
    # (reader, writer, when it was last used): a connection idle for KEEPALIVE_SECONDS is
    # not reused, before the server's keep-alive timeout (5 s) can close it under a request.
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
    opened: list[asyncio.StreamWriter] = []

    async def one(path: str) -> None:
        started = time.perf_counter()
        try:
            while idle and idle[-1][2] < time.monotonic() - KEEPALIVE_SECONDS:
                idle.pop()[1].close()  # the one to reuse has been idle too long
            if idle:
                reader, writer, _ = idle.pop()
            else:
                reader, writer = await asyncio.open_connection(host, port)
                opened.append(writer)
            writer.write(_head(host, port, path, header_text, b""))
            status, answer = await read_response_body(reader)
        except (OSError, asyncio.IncompleteReadError) as exc:  # counted, not fatal
            result.record(599, (time.perf_counter() - started) * 1000, path, repr(exc).encode())
            return
        result.record(status, (time.perf_counter() - started) * 1000, path, answer)
        idle.append((reader, writer, time.monotonic()))

    loop = asyncio.get_running_loop()
    cpu_started = time.process_time()
    t0 = loop.time()
    tasks = []
    for i, path in enumerate(paths):
        delay = t0 + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(path)))
    await asyncio.gather(*tasks)
    result.seconds = loop.time() - t0
    result.client_cpu_s = time.process_time() - cpu_started
    for writer in opened:
        writer.close()
    return result


def _load_process(args: dict[str, Any], queue: mp.Queue) -> None:  # type: ignore[type-arg]
    async def run() -> LoadResult:
        result = LoadResult()
        cpu_started = time.process_time()
        started = time.perf_counter()
        stop_at = started + args["seconds"]
        host, port, headers = args["host"], args["port"], args["headers"]
        connections = args["connections"]
        if args["chain"] is not None:
            first, then = args["chain"]
            loops = [
                _chain_loop(host, port, first, then, headers, stop_at, result)
                for _ in range(connections)
            ]
        else:
            chunks = [args["paths"][i::connections] for i in range(connections)]
            loops = [
                _connection_loop(
                    host, port, chunk, headers, args["body"], stop_at, result, i, args["once"]
                )
                for i, chunk in enumerate(chunks)
                if chunk
            ]
        await asyncio.gather(*loops)
        result.seconds = time.perf_counter() - started
        result.client_cpu_s = time.process_time() - cpu_started
        return result

    queue.put(asyncio.run(run()))


def _drive(base_url: str, headers: dict[str, str] | None, **args: Any) -> LoadResult:
    host, port = base_url.split("://", 1)[1].split(":")
    header_text = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    context = mp.get_context("spawn")
    queue: mp.Queue = context.Queue()  # type: ignore[type-arg]
    process = context.Process(
        target=_load_process,
        args=({"host": host, "port": int(port), "headers": header_text, **args}, queue),
    )
    process.start()
    while True:  # a load process that died (an exception) must not hang the benchmark
        try:
            result: LoadResult = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"the load process died (exit code {process.exitcode}); see its traceback"
                ) from None
    process.join()
    return result


def drive(
    base_url: str,
    paths: list[str],
    *,
    seconds: float,
    connections: int,
    headers: dict[str, str] | None = None,
    body: bytes = b"{}",
    once: bool = False,
) -> LoadResult:
    """POST to random `paths` from `connections` keep-alive connections for `seconds`.
    Each connection owns a disjoint slice of `paths`, so no two requests race on one unit.
    With `once`, each connection walks its slice once, in order, and stops when done or when
    time is up; `succeeded` lists the paths answered 2xx.

    The load generator runs in a process of its own; `client_cpu_s` is its CPU time."""
    return _drive(
        base_url,
        headers,
        paths=paths,
        body=body,
        seconds=seconds,
        connections=connections,
        once=once,
        chain=None,
    )


def drive_chains(
    base_url: str,
    first: tuple[str, bytes],
    then: Sequence[tuple[str, bytes]],
    *,
    seconds: float,
    connections: int,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Each of `connections` keep-alive connections runs chains of requests, one after the
    other, for `seconds`: POST `first` (path, body), whose JSON answer names a unit in
    `items[0].serial`, then each of `then` (path templates with `{serial}`, bodies) in
    turn. `chains` counts the chains whose every answer was 2xx."""
    return _drive(
        base_url,
        headers,
        paths=[],
        body=b"",
        seconds=seconds,
        connections=connections,
        once=False,
        chain=(first, list(then)),
    )


# -- CPU time from /proc ---------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSnapshot:
    """utime + stime (clock ticks) of every process, with its parent and command name, and
    for PostgreSQL backends the database they serve (None: a background process); and the
    machine's busy time (all CPUs, from /proc/stat) with the wall clock."""

    ticks: dict[int, int]
    parent: dict[int, int]
    comm: dict[int, str]
    pg_database: dict[int, str | None]
    machine_busy: int
    wall: float


def _pg_database(pid: int) -> str | None:
    """The database of a PostgreSQL backend, from its process title
    (`postgres: [cluster: ]user database host(port) state`); None for other processes."""
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    words = title.split()
    for i, word in enumerate(words):
        if i >= 2 and ((word.endswith(")") and "(" in word) or word == "[local]"):
            return words[i - 1]
    return None


def _machine_busy() -> int:
    """Clock ticks all CPUs spent on anything but idling and waiting for I/O."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq + steal


def cpu_snapshot() -> CpuSnapshot:
    wall = time.monotonic()
    busy = _machine_busy()
    ticks: dict[int, int] = {}
    parent: dict[int, int] = {}
    comm: dict[int, str] = {}
    pg_database: dict[int, str | None] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # fields[0] is field 3 of proc(5): ppid is field 4, utime 14, stime 15
        parent[pid] = int(fields[1])
        ticks[pid] = int(fields[11]) + int(fields[12])
        comm[pid] = name
        if name == "postgres":
            pg_database[pid] = _pg_database(pid)
    return CpuSnapshot(ticks, parent, comm, pg_database, busy, wall)


def process_tree(snapshot: CpuSnapshot, root: int) -> set[int]:
    """`root` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, ppid in snapshot.parent.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in snapshot.ticks and pid not in tree:
            tree.add(pid)
            todo += children.get(pid, [])
    return tree


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used between two snapshots."""

    trees: dict[str, float]  # per named process tree (a server: its parent and children)
    postgres: float  # every process named `postgres`: backends and background processes
    postgres_other: float  # of which: backends of other databases than the bench's
    machine: float  # all CPUs busy, whatever ran (the machine may be shared)
    seconds: float  # wall clock


def cpu_used(
    before: CpuSnapshot, after: CpuSnapshot, trees: dict[str, int], database: str
) -> CpuUse:
    """CPU used from `before` to `after` by the process trees of `trees` (name → root pid)
    and by PostgreSQL. A process that exited in between is not counted; one that started
    counts whole."""

    def used(pids: Iterable[int]) -> float:
        ticks = sum(after.ticks[p] - before.ticks.get(p, 0) for p in pids if p in after.ticks)
        return ticks / CLOCK_TICKS

    postgres = [p for p, name in after.comm.items() if name == "postgres"]
    other = [p for p in postgres if after.pg_database.get(p) not in (None, database)]
    return CpuUse(
        {name: used(process_tree(after, root)) for name, root in trees.items()},
        used(postgres),
        used(other),
        (after.machine_busy - before.machine_busy) / CLOCK_TICKS,
        after.wall - before.wall,
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=2, default=str)
