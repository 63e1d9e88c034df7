"""The simulated world: a discrete-event loop over the plant, acting through Takt's commands.

Events sit in a heap ordered by (plant time, sequence number); each handler runs the commands
a person or a machine would (`app.simulator.production` for units and batches, below for
machines, andon and shifts), each command in its own transaction at the event's time. The
only randomness is one seeded `random.Random`, drawn in event order: the same seed and plant
give the same commands in the same order, so the same history (serials, measurements,
timestamps). Stopping (`stop`) happens between events, never inside a command.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
import itertools
import logging
import math
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar

from app.auth.principal import Principal
from app.db.command import Command
from app.db.session import Database
from app.issues import service as issues
from app.issues.schemas import IssueCreate
from app.kit.errors import TaktError
from app.kit.pagination import PageParams
from app.models import IssueStatus
from app.quality.alerts import service as alerts
from app.quality.alerts.schemas import AlertOut
from app.simulator.clock import Clock, in_shift, midnight, next_day, shifts_on
from app.simulator.configure import Layout, StationInfo
from app.simulator.plant import Plant, WorkstationSpec
from app.simulator.telemetry import Telemetry

log = logging.getLogger("takt.simulator")
T = TypeVar("T")

ISSUE_TITLES = (
    "Material running low",
    "Fixture needs adjustment",
    "Label printer jammed",
    "Question about the work instruction",
    "Tool calibration due",
)


class Refused(RuntimeError):
    """A simulated command was refused (a simulator bug when `strict`)."""


@dataclass
class Station:
    info: StationInfo
    spec: WorkstationSpec
    queue: deque[Any] = field(default_factory=deque)
    busy: Any = None
    down: bool = False
    off: bool = False
    pending_down: bool = False
    blocked: bool = False  # done with its job, which waits for a blocked workstation
    waiters: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    breakdown_issue: int | None = None  # the automatic issue of the current breakdown
    published: str | None = None
    idle_since: float | None = None
    good: int = 0
    reject: int = 0
    counted: tuple[int, int] = (-1, -1)


@dataclass
class Stats:
    commands: int = 0
    refused: int = 0
    events: int = 0
    units: int = 0
    completed: int = 0
    scrapped: int = 0
    reworked: int = 0
    batches: int = 0
    orders: int = 0
    expedited: int = 0  # orders the planner made priority 1 after they arrived
    measurements: int = 0
    observations: int = 0
    installed: int = 0  # sub-assemblies installed
    salvaged: int = 0  # and taken out of scrapped units
    alerts: int = 0  # quality alerts fired and acknowledged
    issues: int = 0
    breakdowns: int = 0
    waits: int = 0  # jobs that waited for a workstation a breakdown blocked
    lots: int = 0
    lot_holds: int = 0
    lots_expired: int = 0  # lots that expired before they were used up
    telemetry: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class World:
    """The plant in motion (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        plant: Plant,
        layout: Layout,
        clock: Clock,
        telemetry: Telemetry,
        *,
        seed: int,
        strict: bool = False,
    ) -> None:
        from app.simulator.production import Production

        self.db = db
        self.plant = plant
        self.layout = layout
        self.clock = clock
        self.telemetry = telemetry
        self.rng = random.Random(seed)
        self.strict = strict
        self.stats = Stats()
        self.stop = asyncio.Event()
        self.t = 0.0
        self.epoch = clock.origin  # drift is measured from here
        self._heap: list[tuple[float, int, Callable[[], Awaitable[None]]]] = []
        self._seq = itertools.count()
        specs = {w.code: w for line in plant.lines for w in line.workstations}
        self.blocking_types = {t.code for t in plant.issue_types if t.blocking}
        self.stations = {code: Station(info, specs[code]) for code, info in layout.stations.items()}
        self.production = Production(self)
        self._seen_alerts: set[int] = set()
        self._started = False

    # -- the loop -------------------------------------------------------------------------------

    def go_live(self, clock: Clock, telemetry: Telemetry, db: Database) -> None:
        """Go on in real time (on `db`): pending events keep their delays from now."""
        self.db = db
        self._heap = [(t - self.t, seq, handler) for t, seq, handler in self._heap]
        heapq.heapify(self._heap)
        self.t = 0.0
        self.clock = clock
        self.telemetry = telemetry

    def at(self, delay: float, handler: Callable[[], Awaitable[None]]) -> None:
        """Run `handler` `delay` plant seconds from now."""
        heapq.heappush(self._heap, (self.t + max(0.0, delay), next(self._seq), handler))

    async def run(self, until: float | None = None, progress: Any = None) -> None:
        """Run events up to plant time `until` (forever when None) or until `stop` is set."""
        if not self._started:
            self._started = True
            self._start()
        shown = self.t
        while self._heap and not self.stop.is_set():
            t = self._heap[0][0]
            if until is not None and t > until:
                break
            await self.clock.wait(t)
            if self.stop.is_set():
                break
            _, _, handler = heapq.heappop(self._heap)
            self.t = t
            self.stats.events += 1
            await handler()
            if progress is not None and self.t - shown >= 600:
                progress.update((self.t - shown) / 3600)
                progress.set_postfix(commands=self.stats.commands, refresh=False)
                shown = self.t
        if until is not None and not self.stop.is_set():
            self.t = max(self.t, until)
        if progress is not None and self.t > shown:
            progress.update((self.t - shown) / 3600)
        await self.telemetry.flush(self)

    def _start(self) -> None:
        for station in self.stations.values():
            station.off = not in_shift(self.clock.plant(0), self.plant.shifts, self.clock.zone)
            self.at(0, functools.partial(self.publish_state, station))
            self.at(self._time_to_failure(station), functools.partial(self._break, station))
        self.at(0, self._day)
        # Shifts that began before the origin and are still on: their orders arrive now.
        zone = self.clock.zone
        day = midnight(self.clock.plant(0), zone)
        for shift in shifts_on(next_day(day, zone, -1), self.plant.shifts, zone) + shifts_on(
            day, self.plant.shifts, zone
        ):
            if shift.start < self.clock.plant(0) < shift.end:
                self.at(0, functools.partial(self._shift_start, shift.end))
        every = self.plant.behaviour.count_every_min * 60
        self.at(every, self._counts)

    # -- commands -------------------------------------------------------------------------------

    async def command(self, call: Callable[[Command], Awaitable[T]]) -> T | None:
        """One command in its own transaction at the current plant time; a refusal is
        counted (and raised when `strict`)."""
        try:
            async with self.db.command(whole=True, at=self.clock.command_at(self.t)) as cmd:
                result = await call(cmd)
        except TaktError as exc:
            self.stats.refused += 1
            if self.strict:
                raise Refused(f"{type(exc).__name__}: {exc}") from exc
            log.info("simulated command refused: %s: %s", type(exc).__name__, exc)
            return None
        self.stats.commands += 1
        return result

    async def call(self, fn: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T | None:
        """`fn(cmd, *args, **kwargs)` as one command (see `command`)."""
        return await self.command(lambda cmd: fn(cmd, *args, **kwargs))

    def operator(self, line_code: str) -> Principal:
        return self.rng.choice(self.layout.operators[line_code])

    def duration(self, ideal: float) -> float:
        """A cycle time around `ideal` (lognormal, never below 60 % of it)."""
        spread = self.plant.behaviour.cycle_spread
        sample = ideal * math.exp(self.rng.gauss(0.0, spread) - spread * spread / 2)
        return max(0.6 * ideal, sample)

    # -- shifts, orders, andon ----------------------------------------------------------------

    async def _day(self) -> None:
        """At each midnight: schedule the day's shifts."""
        now = self.clock.plant(self.t)
        zone = self.clock.zone
        day = midnight(now, zone)
        for shift in shifts_on(day, self.plant.shifts, zone):
            if shift.start >= now:
                start = (shift.start - now).total_seconds()
                self.at(start, functools.partial(self._shift_start, shift.end))
                self.at((shift.end - now).total_seconds(), self._shift_end)
        self.at((next_day(day, zone) - now).total_seconds(), self._day)

    async def _shift_start(self, end: Any) -> None:
        for station in self.stations.values():
            if station.off:
                station.off = False
                await self.publish_state(station)
        await self.production.new_orders(self.clock.plant(self.t))
        length = (end - self.clock.plant(self.t)).total_seconds()
        rate = self.plant.behaviour.issues_per_shift
        if self.layout.issue_types and rate > 0:
            for line_code in self.layout.lines:
                for _ in range(self._poisson(rate)):
                    self.at(
                        self.rng.uniform(0, length), functools.partial(self._open_issue, line_code)
                    )
        for station in self.stations.values():
            await self.production.next_job(station)

    async def _shift_end(self) -> None:
        later = self.clock.plant(self.t) + timedelta(seconds=1)
        if in_shift(later, self.plant.shifts, self.clock.zone):
            return
        for station in self.stations.values():
            station.off = True
            if station.busy is None:
                await self.publish_state(station)

    def _poisson(self, mean: float) -> int:
        limit, k, p = math.exp(-mean), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    async def _open_issue(self, line_code: str) -> None:
        stations = [s for s in self.stations.values() if s.info.line_code == line_code]
        station = self.rng.choice(stations)
        data = IssueCreate(
            type=self.rng.choice(self.layout.issue_types),
            title=self.rng.choice(ISSUE_TITLES),
            workstation_id=station.info.id,
        )
        who = self.operator(line_code)
        issue = await self.call(issues.open_issue, who, data)
        if issue is None:
            return
        self.stats.issues += 1
        sim = self.layout.simulator
        ack = self.rng.expovariate(1 / 300)
        fix = ack + self.rng.expovariate(1 / 1200)

        async def step(action: str, resolution: str | None = None) -> None:
            await self.call(issues.transition, sim, issue.id, action, resolution)

        self.at(ack, lambda: step("acknowledge"))
        self.at(fix, lambda: step("resolve", "fixed on the spot"))
        self.at(fix + 300, lambda: step("close"))

    # -- machines -----------------------------------------------------------------------------

    def state_of(self, station: Station) -> str:
        if station.down:
            return "down"
        if station.off:
            return "off"
        if station.busy is not None and not station.blocked:
            return "running"
        return "idle"

    def blocks(self, station: Station) -> bool:
        """Work cannot go into `station`: it is down and its breakdown opened a blocking
        issue (commands there are refused, 409 `workstation_blocked`, until it is resolved)."""
        return station.down and station.spec.auto_issue_type in self.blocking_types

    async def publish_state(self, station: Station, since: float | None = None) -> None:
        state = self.state_of(station)
        if state == station.published:
            return
        station.published = state
        payload: dict[str, Any] = {"state": state}
        if state == "down":
            code = self.layout.reasons.get("equipment_failure")
            if code is not None:
                payload["reason_code"] = code
        # A breakdown that opens an issue is applied at once: the issue is there from then on.
        urgent = state == "down" and station.spec.auto_issue_type is not None
        await self.telemetry.send(self, station.info, "state", payload, since, urgent=urgent)

    def went_idle(self, station: Station) -> None:
        """A machine that stays starved for two minutes reports idle from when it stopped."""
        station.idle_since = self.t

        async def check() -> None:
            if station.busy is None and station.idle_since == since and not station.down:
                await self.publish_state(station, since)

        since = self.t
        self.at(120, check)

    def _time_to_failure(self, station: Station) -> float:
        return self.rng.expovariate(1 / (station.spec.mtbf_min * 60))

    async def _break(self, station: Station) -> None:
        if station.off:
            self.at(self._time_to_failure(station), lambda: self._break(station))
            return
        if station.busy is not None:
            station.pending_down = True
            return
        await self.go_down(station)

    async def go_down(self, station: Station) -> None:
        station.pending_down = False
        station.down = True
        self.stats.breakdowns += 1
        await self.publish_state(station)
        repair = self.rng.expovariate(1 / (station.spec.mttr_min * 60))
        if station.spec.auto_issue_type is not None:
            # Maintenance answers the automatic issue the breakdown opened.
            station.breakdown_issue = await self._active_issue(station)
            if station.breakdown_issue is not None:
                ack = min(self.rng.expovariate(1 / 120), repair / 2)
                self.at(
                    ack, functools.partial(self._issue_step, station.breakdown_issue, "acknowledge")
                )
        self.at(repair, lambda: self._repaired(station))

    async def _repaired(self, station: Station) -> None:
        issue = station.breakdown_issue
        if issue is None and station.spec.auto_issue_type is not None:
            issue = await self._active_issue(station)  # (a broker's consumer may lag)
        if issue is not None:
            station.breakdown_issue = None
            await self._issue_step(issue, "resolve", "repaired by maintenance")
            self.at(300, functools.partial(self._issue_step, issue, "close"))
        station.down = False
        await self.publish_state(station)
        waiting, station.waiters = station.waiters, []
        for resume in waiting:
            await resume()
        self.at(self._time_to_failure(station), lambda: self._break(station))
        await self.production.next_job(station)

    async def _active_issue(self, station: Station) -> int | None:
        """The automatic issue open at `station` (a read, not a command)."""
        async with self.db.transaction(write=False) as session:
            found, _ = await issues.list_issues(
                session,
                PageParams(limit=1, cursor=None),
                status=IssueStatus.OPEN,
                workstation_id=station.info.id,
                type_=station.spec.auto_issue_type,
            )
        return found[0].id if found else None

    async def _issue_step(self, issue_id: int, action: str, resolution: str | None = None) -> None:
        await self.call(issues.transition, self.layout.simulator, issue_id, action, resolution)

    async def _counts(self) -> None:
        for station in self.stations.values():
            reading = (station.good, station.reject)
            if reading != station.counted:
                station.counted = reading
                payload = {"good": station.good, "reject": station.reject}
                await self.telemetry.send(self, station.info, "count", payload, None)
        if self.plant.alert_rules:
            await self._look_at_alerts()
        self.at(self.plant.behaviour.count_every_min * 60, self._counts)

    # -- quality alerts -------------------------------------------------------------------------

    async def _look_at_alerts(self) -> None:
        """The quality engineer looks at the open alerts now and then (a read), and
        acknowledges each new one a while later."""
        async with self.db.transaction(write=False) as session:
            found, _ = await alerts.list_alerts(
                session, PageParams(limit=100, cursor=None), open_only=True
            )
        for alert in sorted(found, key=lambda a: a.id):
            if alert.id not in self._seen_alerts:
                self._seen_alerts.add(alert.id)
                delay = self.rng.expovariate(1 / 900)
                self.at(delay, functools.partial(self._acknowledge_alert, alert.id))

    async def _acknowledge_alert(self, alert_id: int) -> None:
        done = await self.call(_acknowledge, self.layout.simulator, alert_id)
        if done is not None:
            self.stats.alerts += 1


async def _acknowledge(cmd: Command, principal: Principal, alert_id: int) -> AlertOut:
    return await alerts.acknowledge(await cmd.session(), principal, alert_id)
