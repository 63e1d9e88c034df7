"""WIP push latency: unit moves at a steady rate, 200 WebSocket subscribers on 2 processes.

    python -m bench.wip_push [--subscribers 200] [--rate 500] [--seconds 20] [--workers 2]
                             [--layout servers|workers]

PostgreSQL only (the point is that events cross server processes through LISTEN/NOTIFY).
On a fresh database it starts `--workers` server processes: by default as that many
single-worker `takt serve` instances on the one database (`--layout servers`: subscriber k
and move connection k go to process k mod N, so the spread is exact and every subscriber
gets about half its events from moves made in the other process), or as one
`takt serve --workers N` (`--layout workers`: the processes share one listening socket and
the kernel spreads the connections; the spread is read from /proc and printed).

It builds a route of `--steps` non-gate steps and enough units that the moves never run out,
warms the servers up with `--warmup` seconds of moves on other units, connects the
subscribers to `WS /api/v1/wip/ws` (no compression offered) and waits for every snapshot.
Then it drives `POST /units/{serial}/move` (with `expected_step`) on a paced schedule (move i
is due at start + i / rate) from `--connections` keep-alive connections, for `--seconds`.
Afterwards it reads the final `seq` of `GET /api/v1/wip` and waits (bounded) until every
subscriber has reached it.

What the latency is: for each (subscriber, event caused by a measured move), the time the
bench read the event's bytes from that subscriber's socket minus the time it had read the
move's complete HTTP response. The event is identified by (serial, from_step), which is
unique because units only move forward. It covers the server's commit-to-response tail, the
sequencer numbering the committed event, NOTIFY, each process's hub reading the event from
the table, the fan-out to the sockets and the kernel; it does not include the move's own
request time (that is printed apart). It can be negative (the event reached a subscriber
before the HTTP response reached the bench); negatives are counted and kept as they are.

What else it includes, honestly: everything runs on this machine (2 cores): the servers,
PostgreSQL and this bench. The load generator and all the sockets share one event loop
(uvloop when installed) in this process; both time stamps are taken in that loop, so when it
is busy both are late (a late subscriber stamp makes a latency larger, a late response stamp
makes it smaller). To keep its cost low a subscriber is a plain asyncio protocol: websockets'
sans-I/O `ClientProtocol` does the handshake, pings and closing, while whole text frames are
cut from the stream by the bench itself (see `Subscriber`); one time stamp per socket read;
each distinct message text is decoded once for all subscribers. The CPU used by the bench,
the servers and PostgreSQL during the measured run is printed so the figures can be judged.

Missing: a `seq` after the subscriber's first snapshot and up to the final seq that it never
received. Duplicated: a `seq` it received more than once. Both must be 0.
Target: p99 <= 50 ms at 500 moves/s; the last line says OK only when the p99 is within it,
nothing is missing or duplicated, every move succeeded and >= 95 % of `--rate` was achieved.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import json
import math
import os
import tempfile
import time
from array import array
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import httpx
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.uri import parse_uri

from bench.harness import (
    Server,
    admin_client,
    build_floor,
    database_url,
    free_port,
    ok,
    takt_server,
)

API = "/api/v1"
DATABASE = "takt_bench_wip_push"
TARGET_P99_MS = 50.0
RATE_KEPT = 0.95  # the run counts as "at the rate" when it achieved this share of --rate
UNITS_PER_ORDER = 10_000
REQUEST_TIMEOUT = 30.0  # one move request
CONNECT_TIMEOUT = 30.0  # one subscriber: TCP connect, handshake and snapshot
CONNECT_AT_ONCE = 20  # subscribers connecting concurrently
DRAIN_TIMEOUT = 60.0  # after the last move: until every subscriber reached the final seq

clock = time.perf_counter
T = TypeVar("T")

PING = -1  # decoded message kinds that carry no seq
SNAPSHOT = -2
OTHER = -3


# -- WIP messages --------------------------------------------------------------------------------


class Messages:
    """Every subscriber receives the same texts: each distinct one is decoded only once."""

    def __init__(self) -> None:
        self.kind: dict[bytes, int] = {}  # text -> seq, or PING / OTHER
        self.key_of_seq: dict[int, tuple[str, int]] = {}  # event seq -> (serial, from_step)
        self.events_by_type: dict[str, int] = {}
        self.others: list[str] = []  # texts of unexpected messages (errors, unknown types)

    def decode(self, data: bytes, subscriber: Subscriber) -> int:
        message = json.loads(data)
        kind = message.get("type")
        if kind == "snapshot":  # per subscriber; not cached
            subscriber.on_snapshot(int(message["seq"]))
            return SNAPSHOT
        if kind == "event":
            seq = int(message["seq"])
            if message.get("serial") is not None and message.get("from_step") is not None:
                # A unit's move (batch step and machine events have no serial)
                self.key_of_seq[seq] = (message["serial"], int(message["from_step"]))
            name = str(message["event"])
            self.events_by_type[name] = self.events_by_type.get(name, 0) + 1
        elif kind == "alert":
            seq = int(message["seq"])
        elif kind == "ping":
            seq = PING
        else:
            seq = OTHER
            if len(self.others) < 5:
                self.others.append(data.decode(errors="replace")[:300])
        self.kind[data] = seq
        return seq


class Subscriber(asyncio.Protocol):
    """One WIP WebSocket on a plain asyncio transport, recording the seq and the receive time
    of every event.

    websockets' sans-I/O `ClientProtocol` does the opening handshake and handles every frame
    except a complete, unfragmented text frame: pings (it queues the pong), the close
    handshake, fragmented messages, protocol errors. The bench cuts the stream into frames
    itself (server frames are unmasked: two to ten header bytes) and reads a complete text
    frame directly, because websockets' pure-Python frame parser was most of the bench's CPU
    (about 10 us per message). websockets is only ever fed whole frames, so its parser stays
    at frame boundaries."""

    def __init__(self, index: int, server: int, uri: str, messages: Messages) -> None:
        self.index = index
        self.server = server  # index of the server URL it is connected to
        self.ws = ClientProtocol(parse_uri(uri), max_size=None)  # no extensions: no deflate
        self.messages = messages
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.snapshot_seq: int | None = None
        self.snapshots = 0
        self.pings = 0
        self.last_seq = 0
        self.seqs = array("q")  # seq of every event and alert, in arrival order
        self.times = array("d")  # clock() at the socket read that delivered it
        self.lost: str | None = None  # why the connection ended before the bench closed it
        self._open = False  # handshake done: frames follow
        self._closing = False
        self._rest = b""  # an incomplete frame (or response head) from the last read
        self._parts: list[bytes] = []

    # asyncio callbacks

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # (uvloop's is not a subclass)
        self.ws.send_request(self.ws.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        now = clock()
        if self._rest:
            data = self._rest + data
            self._rest = b""
        if not self._open:
            data = self._handshake(data)
        pos, size = 0, len(data)
        while size - pos >= 2:
            head, length = data[pos], data[pos + 1]
            start = pos + 2
            if length & 0x80:  # masked (a server must not): websockets will refuse it
                start += 4
                length &= 0x7F
            if length == 126:
                length = int.from_bytes(data[pos + 2 : pos + 4], "big")
                start += 2
            elif length == 127:
                length = int.from_bytes(data[pos + 2 : pos + 10], "big")
                start += 8
            end = start + length
            if end > size:
                break
            if head == 0x81:  # FIN + text: one whole message
                self._message(data[start:end], now)
            else:
                self._to_websockets(data[pos:end], now)
            pos = end
        if pos < size:
            self._rest = data[pos:]
        self._flush()

    def eof_received(self) -> bool | None:
        self.ws.receive_eof()
        self._flush()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        close = self.ws.close_rcvd
        reason = f"closed by the server ({close})" if close else f"connection lost ({exc!r})"
        if not self._closing:
            self.lost = self.lost or reason
        self._fail(reason)

    # internals

    def _handshake(self, data: bytes) -> bytes:
        """Give websockets the HTTP response; return what follows it (frames)."""
        end = data.find(b"\r\n\r\n")
        if end < 0:
            self._rest = data
            return b""
        head, data = data[: end + 4], data[end + 4 :]
        if not head.startswith(b"HTTP/1.1 101 "):
            status = head.split(b"\r\n", 1)[0].decode(errors="replace")
            self._fail(f"handshake refused: {status}")
            if self.transport is not None:
                self.transport.close()
            return b""
        self.ws.receive_data(head)
        self.ws.events_received()  # the Response
        if self.ws.handshake_exc is not None:
            self._fail(f"handshake refused: {self.ws.handshake_exc}")
            if self.transport is not None:
                self.transport.close()
            return b""
        self._open = True
        return data

    def _to_websockets(self, frame_bytes: bytes, now: float) -> None:
        ws = self.ws
        ws.receive_data(frame_bytes)
        for event in ws.events_received():
            if isinstance(event, Frame):
                self._frame(event, now)

    def _flush(self) -> None:
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        for chunk in self.ws.data_to_send():  # handshake, pongs, the close frame
            if chunk:
                transport.write(chunk)
            elif transport.can_write_eof():
                transport.write_eof()

    def _fail(self, reason: str) -> None:
        if not self.ready.done():
            self.ready.set_exception(ConnectionError(f"subscriber {self.index}: {reason}"))

    def _frame(self, frame: Frame, now: float) -> None:
        """A frame websockets parsed (all but whole text frames): fragments are joined."""
        if frame.opcode is Opcode.TEXT or frame.opcode is Opcode.CONT:
            self._parts.append(bytes(frame.data))
            if frame.fin:
                data = b"".join(self._parts)
                self._parts.clear()
                self._message(data, now)

    def _message(self, data: bytes, now: float) -> None:
        seq = self.messages.kind.get(data)
        if seq is None:
            seq = self.messages.decode(data, self)
        if seq >= 0:
            self.seqs.append(seq)
            self.times.append(now)
            if seq > self.last_seq:
                self.last_seq = seq
        elif seq == PING:
            self.pings += 1

    def on_snapshot(self, seq: int) -> None:
        self.snapshots += 1
        if self.snapshot_seq is None:
            self.snapshot_seq = seq
            self.last_seq = max(self.last_seq, seq)
            if not self.ready.done():
                self.ready.set_result(None)

    def close(self) -> None:
        self._closing = True
        transport = self.transport
        if transport is not None and not transport.is_closing():
            with contextlib.suppress(Exception):
                self.ws.send_close(1000, "bench done")
                self._flush()
            transport.close()


async def connect_subscribers(
    ws_urls: Sequence[str], count: int, token: str, messages: Messages
) -> list[Subscriber]:
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def one(index: int) -> Subscriber:
        uri = f"{ws_urls[index % len(ws_urls)]}{API}/wip/ws?token={token}"
        ws_uri = parse_uri(uri)
        async with gate:
            _, subscriber = await asyncio.wait_for(
                loop.create_connection(
                    lambda: Subscriber(index, index % len(ws_urls), uri, messages),
                    ws_uri.host,
                    ws_uri.port,
                ),
                CONNECT_TIMEOUT,
            )
            await asyncio.wait_for(subscriber.ready, CONNECT_TIMEOUT)
            return subscriber

    return list(await asyncio.gather(*(one(i) for i in range(count))))


# -- moves ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    serial: str
    from_step: int


def plan_moves(serials: Sequence[str], steps: int, count: int) -> list[Move]:
    """`count` moves, round-robin over the units: move i takes unit i mod U from step
    i div U (the last move of a unit completes it), so two moves of one unit are U apart."""
    units = len(serials)
    if count > units * (steps + 1):
        raise ValueError(f"{units} units of {steps} steps allow only {units * (steps + 1)} moves")
    return [Move(serials[i % units], i // units) for i in range(count)]


def units_needed(moves: int, steps: int, rate: float) -> int:
    # At least one second's worth, so one unit's moves are >= 1 s apart in the schedule.
    return max(math.ceil(moves / (steps + 1)), math.ceil(rate), 1)


@dataclass
class MoveLog:
    responded: dict[tuple[str, int], float] = field(default_factory=dict)  # 200s: key -> time
    via: dict[tuple[str, int], int] = field(default_factory=dict)  # key -> server URL index
    statuses: dict[int, int] = field(default_factory=dict)
    broken: int = 0  # requests without a response (connection failed or timed out)
    failures: list[str] = field(default_factory=list)
    http_ms: array[float] = field(default_factory=lambda: array("d"))
    lag_ms: array[float] = field(default_factory=lambda: array("d"))  # send time - due time
    started: float = 0.0
    finished: float = 0.0

    @property
    def ok(self) -> int:
        return len(self.responded)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 200) + self.broken

    def fail(self, text: str) -> None:
        if len(self.failures) < 20:
            self.failures.append(text)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("the server closed the connection")
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            raise ConnectionError("unexpected chunked response")
    body = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), body


async def drive_moves(
    base_urls: Sequence[str],
    token: str,
    moves: Sequence[Move],
    *,
    rate: float,
    connections: int,
) -> MoveLog:
    """POST every move at its due time (start + i / rate) from `connections` keep-alive
    connections (connection c talks to server c mod N). A connection takes the next due move
    when it is free, so the schedule is kept while fewer than `connections` are in flight;
    beyond that, moves go out late (the lag is recorded) and the achieved rate drops."""
    log = MoveLog()
    next_index = 0
    log.started = start = clock() + 0.05

    async def connection(c: int) -> None:
        nonlocal next_index
        server = c % len(base_urls)
        host, port = base_urls[server].split("://", 1)[1].split(":")
        head = (
            f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\n"
        )
        streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while next_index < len(moves):
                i = next_index
                next_index += 1
                due = start + i / rate
                delay = due - clock()
                if delay > 0:
                    await asyncio.sleep(delay)
                if streams is None:
                    streams = await asyncio.open_connection(host, int(port))
                reader, writer = streams
                move = moves[i]
                body = b'{"expected_step":%d}' % move.from_step
                sent = clock()
                log.lag_ms.append((sent - due) * 1000)
                writer.write(
                    f"POST {API}/units/{move.serial}/move HTTP/1.1\r\n{head}"
                    f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                try:
                    status, payload = await asyncio.wait_for(
                        _read_response(reader), REQUEST_TIMEOUT
                    )
                except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                    log.broken += 1
                    log.fail(f"connection {c}, move {move}: {exc!r}")
                    writer.close()
                    streams = None
                    continue
                now = clock()
                log.statuses[status] = log.statuses.get(status, 0) + 1
                if status == 200:
                    log.responded[(move.serial, move.from_step)] = now
                    log.via[(move.serial, move.from_step)] = server
                    log.http_ms.append((now - sent) * 1000)
                    log.finished = max(log.finished, now)
                else:
                    log.fail(f"{move}: {status} {payload[:300].decode(errors='replace')}")
        finally:
            if streams is not None:
                streams[1].close()

    await asyncio.gather(*(connection(c) for c in range(connections)))
    return log


# -- CPU accounting from /proc (read only) -------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def _all_pids() -> Iterator[int]:
    for name in os.listdir("/proc"):
        if name.isdigit():
            yield int(name)


def process_tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for pid in _all_pids():
        with contextlib.suppress(OSError, IndexError):
            parents[pid] = int(_stat_fields(pid)[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def pids_named(name: str) -> list[int]:
    found = []
    for pid in _all_pids():
        with contextlib.suppress(OSError), open(f"/proc/{pid}/comm") as f:
            if f.read().strip() == name:
                found.append(pid)
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = _stat_fields(pid)
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def machine_busy_seconds() -> float:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / TICKS


class CpuMeter:
    """CPU used during a window by this process, the Takt servers, PostgreSQL, the machine."""

    def __init__(self, servers: Sequence[Server]) -> None:
        self.server_pids = [pid for s in servers for pid in process_tree(s.process.pid)]
        self.postgres_pids = pids_named("postgres")

    def sample(self) -> tuple[float, float, float, float, float]:
        times = os.times()
        return (
            clock(),
            times.user + times.system,
            cpu_seconds(self.server_pids),
            cpu_seconds(self.postgres_pids),
            machine_busy_seconds(),
        )

    def report(self, before: tuple[float, ...], after: tuple[float, ...]) -> str:
        wall = after[0] - before[0]
        bench, servers, postgres, machine = (
            (after[i] - before[i]) / wall * 100 for i in range(1, 5)
        )
        return (
            f"bench {bench:.0f}%, takt servers {servers:.0f}%, postgres {postgres:.0f}%, "
            f"whole machine {machine:.0f}% of {100 * (os.cpu_count() or 1)}%"
        )


def connections_per_process(port: int, pids: Sequence[int]) -> dict[int, int]:
    """Established TCP connections on local `port` held by each of `pids` (from /proc)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                if parts[3] == "01" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(parts[9])
    counts: dict[int, int] = {}
    for pid in pids:
        n = 0
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    target = os.readlink(f"/proc/{pid}/fd/{fd}")
                    if target.startswith("socket:[") and target[8:-1] in inodes:
                        n += 1
        if n:
            counts[pid] = n
    return counts


# -- figures -------------------------------------------------------------------------------------


def percentile(ordered: Sequence[float], p: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@dataclass
class Delivery:
    latencies_ms: list[float]  # sorted, as are the next two
    same_ms: list[float]  # the move went through the subscriber's own server URL
    cross_ms: list[float]  # the move went through another one
    unmatched: int  # (subscriber, event) pairs whose event is not a measured move
    missing: int
    duplicated: int
    out_of_order: int
    unexpected: int  # seqs outside (snapshot seq, final seq]
    received: list[int]  # per subscriber
    worst: list[str]  # a few subscribers with problems


def delivery(
    subscribers: Sequence[Subscriber], final_seq: int, moves: MoveLog, messages: Messages
) -> Delivery:
    time_of_seq: dict[int, tuple[float, int]] = {}
    for seq, key in messages.key_of_seq.items():
        responded = moves.responded.get(key)
        if responded is not None:
            time_of_seq[seq] = (responded, moves.via[key])
    latencies: list[float] = []
    same: list[float] = []
    cross: list[float] = []
    result = Delivery(latencies, same, cross, 0, 0, 0, 0, 0, [], [])
    for sub in subscribers:
        seqs, times = sub.seqs, sub.times
        result.received.append(len(seqs))
        first = (sub.snapshot_seq or 0) + 1
        missing = duplicated = out_of_order = unexpected = 0
        if seqs != array("q", range(first, final_seq + 1)):  # else: exactly every seq, once
            seen = set(seqs)
            duplicated = len(seqs) - len(seen)
            missing = sum(1 for s in range(first, final_seq + 1) if s not in seen)
            unexpected = sum(1 for s in seen if not first <= s <= final_seq)
            out_of_order = sum(1 for a, b in itertools.pairwise(seqs) if b <= a)
        result.missing += missing
        result.duplicated += duplicated
        result.out_of_order += out_of_order
        result.unexpected += unexpected
        troubled = missing or duplicated or out_of_order or unexpected or sub.lost
        if (troubled or sub.snapshots != 1) and len(result.worst) < 5:
            result.worst.append(
                f"subscriber {sub.index}: snapshot seq {sub.snapshot_seq}, "
                f"{sub.snapshots} snapshot(s), {len(seqs)} received, last {sub.last_seq}, "
                f"missing {missing}, duplicated {duplicated}, out of order {out_of_order}, "
                f"unexpected {unexpected}, lost: {sub.lost}"
            )
        get, own = time_of_seq.get, sub.server
        for seq, at in zip(seqs, times, strict=True):
            move = get(seq)
            if move is None:
                result.unmatched += 1
                continue
            latency = (at - move[0]) * 1000
            latencies.append(latency)
            (same if move[1] == own else cross).append(latency)
    for values in (latencies, same, cross):
        values.sort()
    return result


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Setup:
    servers: list[Server]
    http_urls: list[str]  # one per server process the clients should spread over
    token: str
    warmup: list[Move]
    measured: list[Move]
    admin: httpx.Client


async def run(args: argparse.Namespace, setup: Setup) -> None:
    token = setup.token
    ws_urls = [u.replace("http://", "ws://", 1) for u in setup.http_urls]
    if setup.warmup:
        print(f"warm-up: {len(setup.warmup)} moves at {args.rate:g}/s …", flush=True)
        warm = await drive_moves(
            setup.http_urls, token, setup.warmup, rate=args.rate, connections=args.connections
        )
        if warm.errors:
            print(f"  warm-up statuses {warm.statuses}, failures {warm.failures[:3]}")

    messages = Messages()
    await _to_thread(lambda: ok(setup.admin.get(f"{API}/wip")))  # number everything so far
    print(f"connecting {args.subscribers} subscribers …", flush=True)
    began = clock()
    subscribers = await connect_subscribers(ws_urls, args.subscribers, token, messages)
    print(
        f"  {len(subscribers)} subscribers have their snapshot "
        f"(seq {min(s.snapshot_seq or 0 for s in subscribers)}) after {clock() - began:.1f} s",
        flush=True,
    )
    _print_spread(args, setup)
    meter = CpuMeter(setup.servers)
    # The receive log grows to millions of objects: a full garbage collection of it would
    # stall this loop (and so the figures) for up to seconds. Nothing here makes cycles.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        print(
            f"driving {len(setup.measured)} moves at {args.rate:g}/s from "
            f"{args.connections} connections …",
            flush=True,
        )
        cpu_before = meter.sample()
        moves = await drive_moves(
            setup.http_urls, token, setup.measured, rate=args.rate, connections=args.connections
        )
        cpu_after = meter.sample()
        final = await _to_thread(lambda: ok(setup.admin.get(f"{API}/wip")))
        final_seq = int(final["seq"])
        for _ in range(int(DRAIN_TIMEOUT / 0.05)):
            if all(s.last_seq >= final_seq or s.lost is not None for s in subscribers):
                break
            await asyncio.sleep(0.05)
        drained = clock() - moves.finished
    finally:
        gc.enable()
        for subscriber in subscribers:
            subscriber.close()
        await asyncio.sleep(0.2)  # let the close frames go out

    result = delivery(subscribers, final_seq, moves, messages)
    _print_figures(args, moves, messages, subscribers, result, final_seq, drained)
    print(f"cpu during the moves: {meter.report(cpu_before, cpu_after)}")
    problems = server_log_problems(setup.servers)
    print(f"server log problems: {len(problems)}")
    for line in problems[:10]:
        print(f"  {line}")
    lat = result.latencies_ms
    p99 = percentile(lat, 99)
    achieved = moves.ok / _span(moves)
    rate_kept = achieved >= RATE_KEPT * args.rate and moves.ok == len(setup.measured)
    met = p99 <= TARGET_P99_MS and rate_kept and not (result.missing or result.duplicated)
    print(
        f"p99 {p99:.1f} ms (target <= {TARGET_P99_MS:.0f} ms) at {achieved:.0f} moves/s "
        f"({'as scheduled' if rate_kept else f'{args.rate:g}/s NOT reached'}), "
        f"missing {result.missing}, duplicated {result.duplicated}: {'OK' if met else 'NOT MET'}"
    )


def _span(moves: MoveLog) -> float:
    return max(moves.finished - moves.started, 1e-9)


def _print_spread(args: argparse.Namespace, setup: Setup) -> None:
    if args.layout == "servers":
        for i, url in enumerate(setup.http_urls):
            n = len(range(i, args.subscribers, len(setup.http_urls)))
            print(f"  server process {i + 1} ({url}): {n} subscribers")
        return
    server = setup.servers[0]
    port = int(server.base_url.rsplit(":", 1)[1])
    counts = connections_per_process(port, process_tree(server.process.pid))
    spread = ", ".join(f"pid {pid}: {n}" for pid, n in sorted(counts.items()))
    print(f"  server-side connections per worker process (from /proc): {spread or 'unknown'}")


def _print_figures(
    args: argparse.Namespace,
    moves: MoveLog,
    messages: Messages,
    subscribers: Sequence[Subscriber],
    result: Delivery,
    final_seq: int,
    drained: float,
) -> None:
    lat = result.latencies_ms
    http = sorted(moves.http_ms)
    lag = sorted(moves.lag_ms)
    received = result.received
    negatives = sum(1 for v in lat if v < 0)
    lost = [s for s in subscribers if s.lost]
    print()
    print(
        f"PostgreSQL, {args.workers} server processes ({args.layout}), "
        f"{len(subscribers)} subscribers, {args.connections} move connections, "
        f"{args.steps}-step route"
    )
    print(
        f"moves              : {moves.ok} ok of {len(moves.lag_ms)} sent in {_span(moves):.1f} s "
        f"= {moves.ok / _span(moves):.0f} moves/s achieved (target rate {args.rate:g}/s); "
        f"statuses {dict(sorted(moves.statuses.items()))}"
    )
    print(
        f"move HTTP time     : p50 {percentile(http, 50):.1f} ms, p99 {percentile(http, 99):.1f} "
        f"ms, max {(http[-1] if http else float('nan')):.1f} ms; send lag behind schedule "
        f"p50 {percentile(lag, 50):.1f} ms, p99 {percentile(lag, 99):.1f} ms, "
        f"max {(lag[-1] if lag else float('nan')):.1f} ms"
    )
    for failure in moves.failures[:5]:
        print(f"  move failure: {failure}")
    print(
        f"events per sub     : min {min(received)}, mean {sum(received) / len(received):.0f}, "
        f"max {max(received)} (final seq {final_seq}; event types "
        f"{dict(sorted(messages.events_by_type.items()))}); reached the final seq "
        f"{drained:.2f} s after the last move response"
    )
    print(
        f"push latency       : p50 {percentile(lat, 50):.1f} ms, p99 {percentile(lat, 99):.1f} "
        f"ms, max {(lat[-1] if lat else float('nan')):.1f} ms over {len(lat)} "
        f"(subscriber, event) pairs; {negatives} negative (event before the HTTP response), "
        f"min {(lat[0] if lat else float('nan')):.1f} ms"
    )
    print(
        f"delivery           : missing {result.missing}, duplicated {result.duplicated} "
        f"(must be 0 and 0); out of order {result.out_of_order}, outside the range "
        f"{result.unexpected}, not from a measured move {result.unmatched}, "
        f"extra snapshots {sum(s.snapshots - 1 for s in subscribers)}, "
        f"sockets lost {len(lost)}, app pings {sum(s.pings for s in subscribers)}"
    )
    if args.layout == "servers" and args.workers > 1:
        for name, values in (("same", result.same_ms), ("cross", result.cross_ms)):
            print(
                f"  {name:5} process  : p50 {percentile(values, 50):.1f} ms, "
                f"p99 {percentile(values, 99):.1f} ms, "
                f"max {(values[-1] if values else float('nan')):.1f} ms over {len(values)} pairs"
                + ("  (move and subscriber on one server)" if name == "same" else "")
            )
    for line in result.worst:
        print(f"  {line}")
    for text in messages.others:
        print(f"  unexpected message: {text}")


async def _to_thread(call: Callable[[], T]) -> T:
    return await asyncio.to_thread(call)


def _run(coro: Coroutine[Any, Any, None]) -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(coro)
    else:
        uvloop.run(coro)


def create_units(client: httpx.Client, part_id: int, count: int) -> list[str]:
    serials: list[str] = []
    while len(serials) < count:
        n = min(UNITS_PER_ORDER, count - len(serials))
        order = ok(client.post(f"{API}/orders", json={"part_id": part_id, "quantity": n}))
        units = ok(client.post(f"{API}/orders/{order['number']}/units", json={"count": n}))
        serials += [u["serial"] for u in units["items"]]
    return serials


def server_log_problems(servers: Sequence[Server]) -> list[str]:
    lines = []
    for server in servers:
        with contextlib.suppress(OSError):
            for line in server.log_path.read_text(errors="replace").splitlines():
                if any(word in line for word in ("ERROR", "Traceback", "CRITICAL")):
                    lines.append(f"{server.log_path.name}: {line[:200]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--rate", type=float, default=500, help="moves per second")
    parser.add_argument("--seconds", type=float, default=20, help="measured duration")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--layout",
        choices=["servers", "workers"],
        default="servers",
        help="N single-worker `takt serve` on one database (exact spread), or one "
        "`takt serve --workers N` (the kernel spreads connections)",
    )
    parser.add_argument("--connections", type=int, default=32, help="move connections")
    parser.add_argument("--steps", type=int, default=5, help="route steps (none is a gate)")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of moves before")
    args = parser.parse_args()
    if args.rate <= 0 or args.seconds <= 0 or args.subscribers < 1 or args.workers < 1:
        parser.error("--rate, --seconds, --subscribers and --workers must be positive")

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-wip-"))
    url = database_url("postgresql", DATABASE, tmp)
    with contextlib.ExitStack() as stack:
        if args.layout == "servers":
            servers = [
                stack.enter_context(takt_server(url, port=free_port(), log_dir=tmp))
                for _ in range(args.workers)
            ]
            http_urls = [s.base_url for s in servers]
        else:
            servers = [stack.enter_context(takt_server(url, workers=args.workers, log_dir=tmp))]
            http_urls = [servers[0].base_url]
        print(f"{len(servers)} server(s) up; logs in {tmp}", flush=True)
        admin = admin_client(http_urls[0])
        stack.callback(admin.close)
        floor = build_floor(admin, args.steps, tag="P")
        part_id = floor["part"]["id"]
        warm_count = math.ceil(args.rate * args.warmup)
        measured_count = math.ceil(args.rate * args.seconds)
        warm_units = units_needed(warm_count, args.steps, args.rate) if warm_count else 0
        measured_units = units_needed(measured_count, args.steps, args.rate)
        print(f"creating {warm_units + measured_units} units …", flush=True)
        serials = create_units(admin, part_id, warm_units + measured_units)
        setup = Setup(
            servers=servers,
            http_urls=http_urls,
            token=str(admin.headers["Authorization"]).removeprefix("Bearer "),
            warmup=plan_moves(serials[:warm_units], args.steps, warm_count) if warm_count else [],
            measured=plan_moves(serials[warm_units:], args.steps, measured_count),
            admin=admin,
        )
        _run(run(args, setup))


if __name__ == "__main__":
    main()
