"""Machine measurements over MQTT, end to end: publish → broker → consumer → commit.

    python -m bench.mqtt_ingest [--messages 50000] [--workers 1] [--db postgresql|sqlite]

Starts its own Mosquitto on a free port (so the shared broker is never disturbed) configured
as a production broker for Takt must be: a QoS 1 in-flight window larger than a batch
(`max_inflight_messages`, default 20, would cap every transaction at 20 messages) and a queue
that never drops (`max_queued_messages 0`). Then a real `takt serve` with MQTT on a fresh
database, a line with a "Probe" test and 5,000 units, and a publisher process that sends
every measurement with QoS 1 as fast as the broker accepts them, each with a distinct value
and `msg_id`.

Figures: messages/s applied end to end (first publish → last commit), p50/p99 latency from
publish to commit (the commit time is the ledger's `handled_at`, stamped just before COMMIT),
and lost / duplicated counts from the measurements table (must both be 0). Target on
PostgreSQL on this 2-core machine: ≥ 2,000 messages/s.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from bench.harness import (
    PG_SERVER,
    admin_client,
    build_floor,
    database_url,
    free_port,
    ok,
    takt_server,
)

UNITS = 5_000
BROKER_CONFIG = """\
listener {port} 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages {inflight}
max_queued_messages 0
"""


def start_broker(tmp: Path, inflight: int) -> tuple[subprocess.Popen[bytes], int]:
    mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    config = tmp / "mosquitto.conf"
    config.write_text(BROKER_CONFIG.format(port=port, inflight=inflight))
    log = (tmp / "mosquitto.log").open("wb")
    process = subprocess.Popen([mosquitto, "-c", str(config)], stdout=log, stderr=log)
    for _ in range(100):
        try:
            import socket

            with socket.create_connection(("127.0.0.1", port), 0.2):
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("mosquitto did not start")


def _payloads(serials: list[str], count: int) -> list[bytes]:
    return [
        (
            f'{{"serial":"{serials[i % len(serials)]}","test":"Probe","value":{i},"msg_id":"b{i}"}}'
        ).encode()
        for i in range(count)
    ]


def publish_with_mosquitto_pub(
    port: int, topic: str, payloads: list[bytes], rate: float = 0
) -> list[float]:
    """mosquitto_pub (C) publishes one message per stdin line with QoS 1 and a window of
    1,000 in flight, and exits once all are acknowledged. The time of a message is when its
    line was written to the pipe: a little before it is published (conservative latency)."""
    process = subprocess.Popen(
        [
            shutil.which("mosquitto_pub") or "/usr/bin/mosquitto_pub",
            *("-h", "127.0.0.1", "-p", str(port), "-t", topic),
            *("-q", "1", "-M", "1000", "-V", "5", "-l"),
        ],
        stdin=subprocess.PIPE,
    )
    assert process.stdin is not None
    sent = [0.0] * len(payloads)
    chunk = 50
    began = time.time()
    for start in range(0, len(payloads), chunk):
        if rate > 0:  # paced: chunk k is due at k * chunk / rate
            time.sleep(max(0.0, began + start / rate - time.time()))
        now = time.time()
        for i in range(start, min(start + chunk, len(payloads))):
            sent[i] = now
        process.stdin.write(b"\n".join(payloads[start : start + chunk]) + b"\n")
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError(f"mosquitto_pub failed ({process.returncode})")
    return sent


async def _progress(dsn: str, count: int, limit_seconds: float) -> int:
    conn = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + limit_seconds
        done = 0
        while time.monotonic() < deadline:
            done = await conn.fetchval("SELECT count(*) FROM telemetry_messages")
            if done >= count:
                break
            await asyncio.sleep(0.25)
        return int(done)
    finally:
        await conn.close()


async def _figures(dsn: str) -> dict[str, Any]:
    conn = await asyncpg.connect(dsn)
    try:
        ledger = await conn.fetch(
            "SELECT msg_id, handled_at FROM telemetry_messages WHERE outcome = 'applied'"
        )
        row = await conn.fetchrow(
            "SELECT count(*), count(DISTINCT value) FROM measurements WHERE source = 'machine'"
        )
        dead = await conn.fetchval("SELECT count(*) FROM telemetry_dead_letters")
        return {"ledger": ledger, "measurements": row[0], "distinct": row[1], "dead": dead}
    finally:
        await conn.close()


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=1, help="server processes (shared sub)")
    parser.add_argument("--db", choices=["postgresql"], default="postgresql")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--batch-ms", type=float, default=20)
    parser.add_argument(
        "--rate", type=float, default=0, help="publish at this many msg/s (0: flat out)"
    )
    parser.add_argument("--lanes", type=int, default=4, help="parallel transactions")
    parser.add_argument("--inflight", type=int, default=1000, help="broker max_inflight_messages")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="takt-bench-mqtt-"))
    broker, port = start_broker(tmp, args.inflight)
    name = "takt_bench_mqtt"
    url = database_url(args.db, name, tmp)
    dsn = f"{PG_SERVER.rsplit('/', 1)[0]}/{name}"
    env = {
        "TAKT_MQTT_URL": f"mqtt://127.0.0.1:{port}",
        "TAKT_MQTT_BATCH_SIZE": str(args.batch_size),
        "TAKT_MQTT_BATCH_MS": str(args.batch_ms),
        "TAKT_MQTT_CLIENT_ID": "bench",
        "TAKT_MQTT_LANES": str(args.lanes),
    }
    try:
        with takt_server(url, workers=args.workers, env=env, log_dir=tmp) as server:
            client = admin_client(server.base_url)
            floor = build_floor(client, 1, tag="M")
            ok(
                client.post(
                    "/api/v1/test-definitions",
                    json={
                        "name": "Probe",
                        "route_id": floor["route"]["id"],
                        "step": 1,
                        "unit": "mm",
                        "lower_limit": -1,
                        "upper_limit": 1e12,
                    },
                )
            )
            order = ok(
                client.post(
                    "/api/v1/orders", json={"part_id": floor["part"]["id"], "quantity": UNITS}
                )
            )
            serials = [
                u["serial"]
                for u in ok(
                    client.post(f"/api/v1/orders/{order['number']}/units", json={"count": UNITS})
                )["items"]
            ]
            for _ in range(200):
                status = ok(client.get("/api/v1/telemetry/status"))
                if status["mqtt"] == "connected":
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError(f"consumer not connected: {status}")
            print(f"server pid {server.process.pid}", flush=True)
            topic = f"takt/{floor['line']['code']}/{floor['workstations'][0]['code']}/measurement"
            print(
                f"publishing {args.messages} measurements (QoS 1) to {topic} on a broker with "
                f"max_inflight_messages {args.inflight}; {args.workers} server process(es), "
                f"batches of {args.batch_size} / {args.batch_ms:g} ms in {args.lanes} lanes, "
                f"{f'paced at {args.rate:g} msg/s' if args.rate else 'flat out'} …",
                flush=True,
            )
            sent = publish_with_mosquitto_pub(
                port, topic, _payloads(serials, args.messages), args.rate
            )
            published = time.time()
            done = asyncio.run(_progress(dsn, args.messages, limit_seconds=600))
            figures = asyncio.run(_figures(dsn))
            status = ok(
                httpx.get(f"{server.base_url}/api/v1/telemetry/status", headers=client.headers)
            )
    finally:
        broker.terminate()
        broker.wait()

    first = min(sent)
    latencies = []
    last_commit = first
    for msg_id, handled_at in figures["ledger"]:
        i = int(msg_id[1:])
        committed = handled_at.timestamp() if isinstance(handled_at, datetime) else handled_at
        last_commit = max(last_commit, committed)
        latencies.append((committed - sent[i]) * 1000)
    seconds = last_commit - first
    lost = args.messages - figures["distinct"]
    duplicated = figures["measurements"] - figures["distinct"]
    p50, p99 = statistics.median(latencies), _percentile(latencies, 99)
    rate = args.messages / (published - first)
    print(f"publish rate       : {rate:8.0f} msg/s (QoS 1, acknowledged by the broker)")
    print(f"handled            : {done} of {args.messages}, dead letters {figures['dead']}")
    print(
        f"applied end to end : {len(latencies) / seconds:8.0f} msg/s "
        f"({len(latencies)} in {seconds:.1f} s, first publish to last commit)"
    )
    print(f"publish -> commit  : p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {max(latencies):.0f} ms")
    print(f"lost {lost}, duplicated {duplicated} (must be 0 and 0)")
    print(f"consumer: {status}")


if __name__ == "__main__":
    main()
