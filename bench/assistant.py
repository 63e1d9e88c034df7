"""The assistant's cost: parsing alone, and a sentence end to end against the REST call it runs.

    python -m bench.assistant [--db sqlite|postgresql] [--rounds 200] [--parse-rounds 300]

1. Parse time alone (no I/O): every sentence of the table below x `--parse-rounds`, p50/p99.
2. Through a real `takt serve` (one worker): `POST /api/v1/assistant` for a read-only sentence
   ("How many units are at Station 2?") against `GET /api/v1/wip` (what it reads), and a move
   ("Move BSN-0000042 to the next step") against `POST /api/v1/units/{serial}/move`,
   interleaved, `--rounds` each. The target: a sentence understood and answered in ≤ 20 ms
   p99 *plus the command it runs*, i.e. the assistant's p99 minus the REST call's p99.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from app.assistant.parser import EXAMPLES, Understood, parse
from bench.harness import admin_client, build_floor, database_url, ok, takt_server

TARGET_MS = 20.0

SENTENCES = [
    *EXAMPLES.values(),
    "generate 5 units on PO-2",
    "make five units for PO-0003",
    "Generate 1,000 units for PO-0004",
    "move SMX-00042 on",
    "Advance SMX-42",
    "Move SMX-00042 from step 2",
    "SMX-00042 failed the gate, defect SOLDER",
    "fail SMX-00042 — cold solder joint",
    "torque 52 Nm on SMX-00038",
    "SMX-00038 torque = 52.5",
    "record thickness 1.2, 1.3, 1.25 mm for SMX-00038",
    "How many units are in progress at Station 2?",
    "how many units on line L1",
    "status of PO-1",
    "find SMX-42",
    "what happened to SMX-00042?",
    "which units failed today?",
    "raise a material shortage issue on PO-0001: no screws",
    "please junk SMX-15 - dropped on the floor",
    "send SMX-00015 back to step 2 - loose screw",
    "Generate 10 units",
    "Move SMX-00042 and SMX-00043",
    "mvoe SMX-00042",
    "fly to the moon",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(name: str, samples: list[float]) -> str:
    return (
        f"  {name:<44} p50 {statistics.median(samples):7.3f} ms   "
        f"p99 {percentile(samples, 0.99):7.3f} ms   (n={len(samples)})"
    )


def bench_parse(rounds: int) -> None:
    samples: list[float] = []
    understood = 0
    for _ in range(rounds):
        for sentence in SENTENCES:
            t0 = time.perf_counter_ns()
            parsed = parse(sentence)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
            understood += isinstance(parsed, Understood)
    print(f"parse alone: {len(SENTENCES)} sentences x {rounds}")
    print(line("parse", samples))
    print(f"  p99 / target: {percentile(samples, 0.99) / TARGET_MS:.4f} of {TARGET_MS:.0f} ms")


def timed(call: Callable[[], httpx.Response]) -> float:
    t0 = time.perf_counter()
    response = call()
    elapsed = (time.perf_counter() - t0) * 1000
    ok(response)
    return elapsed


def bench_http(kind: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(kind, "takt_bench_assistant", Path(tmp))
        with takt_server(url, log_dir=Path(tmp)) as server:
            c = admin_client(server.base_url)
            floor = build_floor(c, 3, tag="B")
            station = floor["workstations"][1]
            order = ok(
                c.post("/api/v1/orders", json={"part_id": floor["part"]["id"], "quantity": 10_000})
            )
            units = ok(
                c.post(f"/api/v1/orders/{order['number']}/units", json={"count": 2 * rounds})
            )
            serials = [u["serial"] for u in units["items"]]
            question = f"How many units are at {station['name']}?"

            def ask(text: str) -> httpx.Response:
                return c.post("/api/v1/assistant", json={"text": text})

            for _ in range(20):  # warm up both paths
                ok(ask(question))
                ok(c.get("/api/v1/wip"))
            read_sentence, read_rest, move_sentence, move_rest = [], [], [], []
            for i in range(rounds):
                read_sentence.append(timed(lambda: ask(question)))
                read_rest.append(timed(lambda: c.get("/api/v1/wip")))
                move = f"Move {serials[2 * i]} to the next step"
                move_sentence.append(timed(partial(ask, move)))
                move_rest.append(timed(partial(c.post, f"/api/v1/units/{serials[2 * i + 1]}/move")))
            c.close()

    print(f"\nend to end over HTTP ({kind}, one server process, sequential requests)")
    print(line(f"assistant: {question!r}", read_sentence))
    print(line("REST: GET /api/v1/wip", read_rest))
    print(line("assistant: 'Move … to the next step'", move_sentence))
    print(line("REST: POST /api/v1/units/{serial}/move", move_rest))
    for name, sentence, rest in (
        ("read", read_sentence, read_rest),
        ("move", move_sentence, move_rest),
    ):
        extra = percentile(sentence, 0.99) - percentile(rest, 0.99)
        ratio = statistics.median(sentence) / statistics.median(rest)
        print(
            f"  {name}: the sentence costs {ratio:.2f}x the REST call (p50); p99 above it "
            f"{extra:.2f} ms = {extra / TARGET_MS:.2f} of the {TARGET_MS:.0f} ms target"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--parse-rounds", type=int, default=300)
    args = parser.parse_args()
    bench_parse(args.parse_rounds)
    bench_http(args.db, args.rounds)


if __name__ == "__main__":
    main()
