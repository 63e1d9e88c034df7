"""CPU per request of every unit command through the real server, against a raw-asyncpg
reference doing the same writes.

    python -m bench.commands [--seconds 8] [--connections 8] [--workers 2] [--rounds 2]
                             [--move-units 5000] [--gate-units 3000]

PostgreSQL only (`TAKT_BENCH_POSTGRES`, database `takt_bench_commands`). `takt serve` with
`--workers` processes, and bench/reference_commands.py under uvicorn with as many, on the same
database; the load generator runs in a process of its own (bench.harness.drive), from
`--connections` keep-alive connections.

Setup, through Takt's API as admin: route A of 40 plain steps (moves never complete a unit)
and route B of one gate step with a required scalar test (limits 0..10), a defect code,
running orders of large quantities, and the units every phase needs, generated in bulk (the
reference's on orders of their own). Then `VACUUM ANALYZE` and `CHECKPOINT`; the units of
the move phase are moved once to step 1 (unmeasured: it also warms both servers up).

Phases, each measured separately, `--rounds` times per server, the reference and Takt
alternating:

 1. move            — POST /units/{s}/move between intermediate steps of route A, for
                      `--seconds`: the figure every target is relative to.
 2. generate 1      — POST /orders/{n}/units {"count": 1}, every connection on ONE order.
 3. generate 100    — the same with count 100 (400 requests at most): per request and per unit.
 4. move into gate  — route B's units at step 0 moved into the gate (each unit once,
                      `--gate-units` per round).
 5. measurement     — POST /units/{s}/measurements, a passing value, on those units.
 6. gate pass       — half of them: {"result": "pass"}; it completes the unit and counts it on
                      its order.
 7. gate fail       — the other half: {"result": "fail", "defect_code"}.
 8. rework          — the failed units: {"to_step": 1, "defect_code"}.
 9. scrap           — the reworked units (in progress): {"reason", "defect_code"}.
10. peer flow       — per unit, one after the other on each connection: generate 1, move into
                      the gate, measure, gate pass (completing), for `--seconds`; counted per
                      finished unit.

Phases 4-9 walk their units once and stop when done (or after `--seconds`); each takes the
units the phase before answered 2xx for. Every answer must be 2xx: errors are printed loudly.

CPU per request, from /proc (utime + stime): server = the process trees of both servers
(each `serve` parent with its workers; the idle one costs next to nothing, and Takt's outbox
sequencer numbers the reference's outbox rows too, so that is charged where it belongs),
PostgreSQL = every process named `postgres` (backends and background processes; the part
spent by backends of other databases is shown, since the machine may be shared), load
generator = its own process (process_time), kept out of both; and how many cores the rest of
the machine kept busy meanwhile (/proc/stat), since other work on a shared machine makes every
request dearer. A window runs from the start of the load until every outbox row it wrote is
numbered. The tables at the end, then the issue's targets: every command's server +
PostgreSQL CPU per request <= 1.5 x the move's (generate 100: per unit); generate 1 at
>= 0.8 x the move's rate with p99 <= 50 ms; the peer flow <= 4.5 x a move's CPU per finished
unit and <= 4 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import asyncpg
import httpx

from bench.harness import (
    LoadResult,
    Server,
    admin_client,
    asgi_server,
    build_floor,
    cpu_snapshot,
    cpu_used,
    drive,
    drive_chains,
    merged,
    ok,
    pg_url,
    recreate_database,
    takt_server,
)

DATABASE = "takt_bench_commands"
ROUTE_A_STEPS = 40
TEST = "V"
DEFECT = "BENCH"
BIG_ORDER = 1_000_000
GENERATE_AT_ONCE = 10_000  # the API's largest generation
GENERATE_MANY = 100
GENERATE_MANY_REQUESTS = 400  # per round and server: 40,000 units
DRAIN_TIMEOUT = 15.0

MOVE_BODY = b"{}"
GENERATE_ONE = json.dumps({"count": 1}).encode()
GENERATE_MANY_BODY = json.dumps({"count": GENERATE_MANY}).encode()
MEASURE = json.dumps({"test": TEST, "value": 5.0}).encode()
GATE_PASS = json.dumps({"result": "pass"}).encode()
GATE_FAIL = json.dumps({"result": "fail", "defect_code": DEFECT}).encode()
REWORK = json.dumps({"to_step": 1, "defect_code": DEFECT}).encode()
SCRAP = json.dumps({"reason": "bench", "defect_code": DEFECT}).encode()


@dataclass
class Side:
    """One of the two servers, and the units and orders of its own."""

    name: str
    prefix: str  # "/api/v1" or "/ref"
    headers: dict[str, str]
    server: Server | None = None
    move_serials: list[str] = field(default_factory=list)
    gate_serials: list[list[str]] = field(default_factory=list)  # per round
    orders: dict[str, str] = field(default_factory=dict)  # purpose → order number

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return self.server.base_url

    def unit_paths(self, serials: list[str], command: str) -> list[str]:
        return [f"{self.prefix}/units/{s}/{command}" for s in serials]

    def order_path(self, purpose: str) -> str:
        return f"{self.prefix}/orders/{self.orders[purpose]}/units"


def serials_of(paths: list[str]) -> list[str]:
    return [path.rsplit("/", 2)[-2] for path in paths]


@dataclass
class Window:
    """One measured run: its load and the CPU seconds it cost."""

    load: LoadResult
    takt_s: float
    reference_s: float
    postgres_s: float
    postgres_other_s: float
    machine_s: float  # all CPUs busy, whatever ran
    seconds: float  # the window's wall clock

    @property
    def others_cores(self) -> float:
        """How many cores the rest of the machine kept busy meanwhile, on average."""
        ours = self.takt_s + self.reference_s + self.postgres_s + self.load.client_cpu_s
        return max(0.0, self.machine_s - ours) / self.seconds if self.seconds else 0.0


@dataclass
class Figures:
    """All windows of one phase on one server. Figures are per request; with `per_unit`
    per unit generated (`units_per_request` each); with `chains` (the peer flow) per
    finished unit."""

    windows: list[Window] = field(default_factory=list)
    units_per_request: int = 1
    chains: bool = False

    @property
    def load(self) -> LoadResult:
        return merged([w.load for w in self.windows])

    def count(self, per_unit: bool = False) -> int:
        load = self.load
        if self.chains:
            return load.chains
        return load.requests * (self.units_per_request if per_unit else 1)

    def ms(self, seconds: float, per_unit: bool = False) -> float:
        n = self.count(per_unit)
        return seconds * 1000 / n if n else float("nan")

    def server_ms(self, per_unit: bool = False) -> float:
        return self.ms(sum(w.takt_s + w.reference_s for w in self.windows), per_unit)

    def postgres_ms(self, per_unit: bool = False) -> float:
        return self.ms(sum(w.postgres_s for w in self.windows), per_unit)

    def total_ms(self, per_unit: bool = False) -> float:
        return self.server_ms(per_unit) + self.postgres_ms(per_unit)

    def client_ms(self, per_unit: bool = False) -> float:
        return self.ms(self.load.client_cpu_s, per_unit)

    def other_ms(self, per_unit: bool = False) -> float:
        return self.ms(sum(w.postgres_other_s for w in self.windows), per_unit)

    def each_round(self, per_unit: bool = False) -> str:
        """Each window's total CPU per request: how far apart the rounds were."""
        return ", ".join(
            f"{Figures([w], self.units_per_request, self.chains).total_ms(per_unit):.2f}"
            for w in self.windows
        )

    def others_cores(self) -> float:
        seconds = sum(w.seconds for w in self.windows)
        busy = sum(w.others_cores * w.seconds for w in self.windows)
        return busy / seconds if seconds else 0.0

    def rate(self, per_unit: bool = False) -> float:
        load = self.load
        return self.count(per_unit) / load.seconds if load.seconds else 0.0


class Bench:
    def __init__(self, args: argparse.Namespace, takt: Side, reference: Side) -> None:
        self.args = args
        self.takt = takt
        self.reference = reference
        self.sides = (reference, takt)  # the reference first in every round, like bench.moves
        self.figures: dict[tuple[str, str], Figures] = {}
        self.errors: list[str] = []
        self._runner = asyncio.Runner()
        self._conn: asyncpg.Connection = self._runner.run(
            asyncpg.connect(pg_url(DATABASE, "postgresql"))
        )

    def close(self) -> None:
        self._runner.run(self._conn.close())
        self._runner.close()

    def settle(self) -> None:
        """Vacuum and analyse what the setup (or the phases so far) wrote, then checkpoint:
        neither side pays for it, nor for the full-page writes after a checkpoint, more than
        the other."""
        self.drain()
        self._runner.run(self._conn.execute("VACUUM ANALYZE"))
        self._runner.run(self._conn.execute("CHECKPOINT"))

    def drain(self) -> None:
        """Wait until every outbox row is numbered (the sequencer's work, part of the cost)."""
        deadline = time.monotonic() + DRAIN_TIMEOUT
        pending = "SELECT EXISTS (SELECT 1 FROM outbox_events WHERE seq IS NULL)"
        while self._runner.run(self._conn.fetchval(pending)):
            if time.monotonic() > deadline:
                print("!!! outbox rows still unnumbered after the drain timeout", flush=True)
                return
            time.sleep(0.05)

    def measure(
        self,
        phase: str,
        side: Side,
        run: Callable[[], LoadResult],
        round_: int,
        *,
        units_per_request: int = 1,
        chains: bool = False,
    ) -> LoadResult:
        assert self.takt.server is not None and self.reference.server is not None
        trees = {
            "takt": self.takt.server.process.pid,
            "reference": self.reference.server.process.pid,
        }
        before = cpu_snapshot()
        load = run()
        self.drain()
        after = cpu_snapshot()
        use = cpu_used(before, after, trees, DATABASE)
        window = Window(
            load,
            use.trees["takt"],
            use.trees["reference"],
            use.postgres,
            use.postgres_other,
            use.machine,
            use.seconds,
        )
        figures = self.figures.setdefault(
            (phase, side.name), Figures(units_per_request=units_per_request, chains=chains)
        )
        figures.windows.append(window)
        one = Figures([window], units_per_request, chains)
        what = "unit" if chains else "req"
        print(
            f"[{phase}] round {round_} {side.name:9}: {load.summary()}"
            + (f"  {load.chains} finished units ({one.rate():.0f}/s)" if chains else ""),
            flush=True,
        )
        print(
            f"    CPU ms/{what}: server {one.server_ms():.3f}"
            f" (takt {one.ms(window.takt_s):.3f} + reference {one.ms(window.reference_s):.3f})"
            f"  PG {one.postgres_ms():.3f} (of which other DBs' backends {one.other_ms():.3f})"
            f"  total {one.total_ms():.3f}  | load generator {one.client_ms():.3f}"
            f"  | rest of the machine: {window.others_cores:.2f} cores busy",
            flush=True,
        )
        bad = {s: n for s, n in load.statuses.items() if not 200 <= s < 300}
        if bad:
            message = f"[{phase}] {side.name}: {sum(bad.values())} NON-2xx answers {bad}"
            self.errors.append(message)
            print(f"!!!!! {message}", flush=True)
            for sample in load.error_samples:
                print(f"!!!!!   {sample}", flush=True)
        return load

    def driven(
        self, side: Side, paths: list[str], body: bytes, *, once: bool
    ) -> Callable[[], LoadResult]:
        return lambda: drive(
            side.base_url,
            paths,
            seconds=self.args.seconds,
            connections=self.args.connections,
            headers=side.headers,
            body=body,
            once=once,
        )

    # -- the phases --------------------------------------------------------------------

    def run(self) -> None:
        rounds = range(1, self.args.rounds + 1)
        for round_ in rounds:
            for side in self.sides:
                paths = side.unit_paths(side.move_serials, "move")
                self.measure("move", side, self.driven(side, paths, MOVE_BODY, once=False), round_)
        for round_ in rounds:
            for side in self.sides:
                paths = [side.order_path("generate 1")] * self.args.connections
                run = self.driven(side, paths, GENERATE_ONE, once=False)
                self.measure("generate 1", side, run, round_)
        for round_ in rounds:
            for side in self.sides:
                paths = [side.order_path("generate 100")] * GENERATE_MANY_REQUESTS
                run = self.driven(side, paths, GENERATE_MANY_BODY, once=True)
                self.measure("generate 100", side, run, round_, units_per_request=GENERATE_MANY)
        print("vacuum, analyse, checkpoint …", flush=True)
        self.settle()
        # Phases 4-9: each round's units go through them in turn.
        chain: dict[tuple[str, int], list[str]] = {}
        for round_ in rounds:
            for side in self.sides:
                chain[side.name, round_] = side.gate_serials[round_ - 1]
        steps: list[tuple[str, str, bytes, Callable[[list[str]], list[str]]]] = [
            ("move into gate", "move", MOVE_BODY, lambda s: s),
            ("measurement", "measurements", MEASURE, lambda s: s),
            ("gate pass", "gate", GATE_PASS, lambda s: s[: len(s) // 2]),
            ("gate fail", "gate", GATE_FAIL, lambda s: s[len(s) // 2 :]),
            ("rework", "rework", REWORK, lambda s: s),
            ("scrap", "scrap", SCRAP, lambda s: s),
        ]
        measured_units: dict[tuple[str, int], list[str]] = {}
        for phase, command, body, take in steps:
            for round_ in rounds:
                for side in self.sides:
                    key = (side.name, round_)
                    source = measured_units[key] if phase == "gate fail" else chain[key]
                    units = take(source)
                    paths = side.unit_paths(units, command)
                    load = self.measure(
                        phase, side, self.driven(side, paths, body, once=True), round_
                    )
                    done = serials_of(load.succeeded)
                    if phase == "measurement":
                        measured_units[key] = done
                    if phase != "gate pass":  # the gate fail takes the other half
                        chain[key] = done
        for round_ in rounds:
            for side in self.sides:
                p = side.prefix
                flow = [
                    (f"{p}/units/{{serial}}/move", MOVE_BODY),
                    (f"{p}/units/{{serial}}/measurements", MEASURE),
                    (f"{p}/units/{{serial}}/gate", GATE_PASS),
                ]

                def run(side: Side = side, flow: list[tuple[str, bytes]] = flow) -> LoadResult:
                    return drive_chains(
                        side.base_url,
                        (side.order_path("peer flow"), GENERATE_ONE),
                        flow,
                        seconds=self.args.seconds,
                        connections=self.args.connections,
                        headers=side.headers,
                    )

                self.measure("peer flow", side, run, round_, chains=True)

    # -- the report --------------------------------------------------------------------

    def report(self) -> None:
        move = self.figures["move", "takt"]
        ref_move = self.figures["move", "reference"]
        rows = [
            ("move", False),
            ("generate 1", False),
            ("generate 100", False),
            ("generate 100", True),
            ("move into gate", False),
            ("measurement", False),
            ("gate pass", False),
            ("gate fail", False),
            ("rework", False),
            ("scrap", False),
            ("peer flow", False),
        ]

        def label(phase: str, per_unit: bool) -> str:
            if phase == "peer flow":
                return "peer flow (per finished unit)"
            return f"{phase} (per unit)" if per_unit else phase

        header = (
            f"{'command':30} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'server ms/req':>13}"
            f" | {'PG ms/req':>9} | {'total ms/req':>12} | {'total ÷ move':>12}"
            " | each round's total"
        )

        def line(phase: str, per_unit: bool, figures: Figures, base: Figures) -> str:
            load = figures.load
            return (
                f"{label(phase, per_unit):30} | {figures.rate(per_unit):7.0f}"
                f" | {load.percentile(50):7.1f} | {load.percentile(99):7.1f}"
                f" | {figures.server_ms(per_unit):13.3f} | {figures.postgres_ms(per_unit):9.3f}"
                f" | {figures.total_ms(per_unit):12.3f}"
                f" | {figures.total_ms(per_unit) / base.total_ms():12.2f}"
                f" | {figures.each_round(per_unit)}"
            )

        a = self.args
        print(
            f"\nPostgreSQL, {a.connections} connections, {a.workers} worker(s) per server,"
            f" {a.rounds} round(s) per phase and server, {a.seconds:.0f} s at most per round"
        )
        print("(peer flow: req/s = finished units/s, CPU per finished unit; p50/p99 per request)")
        for side in ("takt", "reference"):
            base = move if side == "takt" else ref_move
            print(f"\n{side}:\n{header}")
            for phase, per_unit in rows:
                print(line(phase, per_unit, self.figures[phase, side], base))

        print(
            f"\n{'command':30} | {'takt ÷ ref CPU':>14} | {'takt ÷ ref rate':>15}"
            f" | {'load gen ms/req takt, ref':>25} | {'other DBs PG ms/req takt, ref':>29}"
            f" | {'rest of machine, cores':>22}"
        )
        for phase, per_unit in rows:
            t, r = self.figures[phase, "takt"], self.figures[phase, "reference"]
            print(
                f"{label(phase, per_unit):30} | {t.total_ms(per_unit) / r.total_ms(per_unit):14.2f}"
                f" | {t.rate(per_unit) / r.rate(per_unit):15.2f}"
                f" | {t.client_ms(per_unit):11.3f}, {r.client_ms(per_unit):11.3f}"
                f" | {t.other_ms(per_unit):13.3f}, {r.other_ms(per_unit):13.3f}"
                f" | {t.others_cores():10.2f}, {r.others_cores():9.2f}"
            )

        print("\ntargets (Takt, this run):")
        move_ms = move.total_ms()

        def check(text: str, met: bool) -> None:
            print(f"  {'met   ' if met else 'MISSED'}  {text}")

        for phase, per_unit in rows[1:-1]:
            if phase == "generate 100" and not per_unit:
                continue  # a hundred units: judged per unit
            total = self.figures[phase, "takt"].total_ms(per_unit)
            check(
                f"{label(phase, per_unit)}: {total:.3f} ms = {total / move_ms:.2f} x the move's"
                f" {move_ms:.3f} ms (target <= 1.5 x)",
                total <= 1.5 * move_ms,
            )
        one = self.figures["generate 1", "takt"]
        check(
            f"generate 1 rate: {one.rate():.0f} req/s = {one.rate() / move.rate():.2f} x the"
            f" move's {move.rate():.0f} req/s (target >= 0.8 x)",
            one.rate() >= 0.8 * move.rate(),
        )
        p99 = one.load.percentile(99)
        check(f"generate 1 p99: {p99:.1f} ms (target <= 50 ms)", p99 <= 50)
        flow = self.figures["peer flow", "takt"].total_ms()
        check(
            f"peer flow: {flow:.3f} ms per finished unit = {flow / move_ms:.2f} x the move's"
            " (target <= 4.5 x)",
            flow <= 4.5 * move_ms,
        )
        check(f"peer flow: {flow:.3f} ms per finished unit (target <= 4 ms)", flow <= 4)
        into_gate = self.figures["move into gate", "takt"].total_ms()
        print(
            f"  (peer flow ÷ the move into a gate, {into_gate:.3f} ms: {flow / into_gate:.2f} x;"
            " the issue's 'today 6.2 x' was relative to that move)"
        )
        if self.errors:
            print("\n!!!!! NOT EVERY ANSWER WAS 2xx:")
            for message in self.errors:
                print(f"!!!!!   {message}")
        else:
            print("\nevery answer was 2xx")


# -- setup -----------------------------------------------------------------------------------


def _order(client: httpx.Client, part_id: int, quantity: int) -> str:
    """A running order of `quantity` units of the part."""
    order = ok(client.post("/api/v1/orders", json={"part_id": part_id, "quantity": quantity}))
    ok(client.post(f"/api/v1/orders/{order['number']}/start"))
    return str(order["number"])


def _generate(client: httpx.Client, number: str, count: int) -> list[str]:
    serials: list[str] = []
    while len(serials) < count:
        n = min(GENERATE_AT_ONCE, count - len(serials))
        units = ok(client.post(f"/api/v1/orders/{number}/units", json={"count": n}))
        serials += [u["serial"] for u in units["items"]]
    return serials


def setup(client: httpx.Client, sides: tuple[Side, Side], args: argparse.Namespace) -> None:
    route_a = build_floor(client, ROUTE_A_STEPS, tag="A")
    route_b = build_floor(client, 1, gates=(1,), tag="B")
    ok(
        client.post(
            "/api/v1/test-definitions",
            json={
                "name": TEST,
                "route_id": route_b["route"]["id"],
                "step": 1,
                "unit": "V",
                "lower_limit": 0.0,
                "upper_limit": 10.0,
                "kind": "scalar",
            },
        )
    )
    ok(
        client.post(
            "/api/v1/defect-codes",
            json={"code": DEFECT, "description": "bench defect", "severity": "minor"},
        )
    )
    part_a, part_b = route_a["part"]["id"], route_b["part"]["id"]
    for side in sides:
        print(f"creating the {side.name}'s orders and units …", flush=True)
        number = _order(client, part_a, args.move_units)
        side.move_serials = _generate(client, number, args.move_units)
        side.orders["generate 1"] = _order(client, part_a, BIG_ORDER)
        side.orders["generate 100"] = _order(client, part_a, BIG_ORDER)
        number = _order(client, part_b, BIG_ORDER)
        serials = _generate(client, number, args.gate_units * args.rounds)
        side.gate_serials = [
            serials[i * args.gate_units : (i + 1) * args.gate_units] for i in range(args.rounds)
        ]
        side.orders["peer flow"] = _order(client, part_b, BIG_ORDER)


@contextlib.contextmanager
def _servers(args: argparse.Namespace, url: str) -> Iterator[tuple[Server, Server]]:
    env = {"REF_DSN": pg_url(DATABASE, "postgresql")}
    with (
        takt_server(url, workers=args.workers) as takt,
        asgi_server("bench.reference_commands:app", env, args.workers) as reference,
    ):
        yield takt, reference


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=8, help="longest round of a phase")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="processes of each server")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per phase and server")
    parser.add_argument(
        "--move-units", type=int, default=5000, help="units of the move phase, per server"
    )
    parser.add_argument(
        "--gate-units", type=int, default=3000, help="units of phases 4-9, per round and server"
    )
    args = parser.parse_args()
    started = time.monotonic()

    asyncio.run(recreate_database(DATABASE))
    url = pg_url(DATABASE)
    with _servers(args, url) as (takt_srv, reference_srv):
        client = admin_client(takt_srv.base_url)
        takt = Side("takt", "/api/v1", {"Authorization": client.headers["Authorization"]})
        reference = Side("reference", "/ref", {})
        takt.server, reference.server = takt_srv, reference_srv
        setup(client, (takt, reference), args)
        bench = Bench(args, takt, reference)
        try:
            print("vacuum, analyse, checkpoint …", flush=True)
            bench.settle()
            print("moving the move phase's units to step 1 (warm-up, not measured) …", flush=True)
            for side in bench.sides:
                paths = side.unit_paths(side.move_serials, "move")
                warm = drive(
                    side.base_url,
                    paths,
                    seconds=120,
                    connections=args.connections,
                    headers=side.headers,
                    once=True,
                )
                if warm.errors:
                    raise RuntimeError(f"warm-up of {side.name}: {warm.error_samples}")
            bench.settle()
            bench.run()
            bench.report()
        finally:
            bench.close()
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
