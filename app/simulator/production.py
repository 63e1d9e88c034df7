"""Simulated production: orders arrive, units and batches go through their routes.

Each workstation serves one job at a time, first come first served. A serialized unit is
released into its line (generated) while the line holds fewer than `wip_per_line` units,
enters its route with its first move, and at each step: consumes its BOM items, has an
operator clocked on where the step says so, takes a cycle time around the step's ideal, and
moves on. At a gate its tests are measured by the workstation's machine account (values
drawn around the test's mean, which drifts over the week); a failing value fails the gate
and the unit is reworked to the step before (at most twice) or scrapped. A batch goes step
by step likewise (start, consume, complete with good and scrap; samples measured at gates).

A step that installs sub-assemblies takes completed units of them (made by another route)
as it begins, and waits while there are none; a scrapped unit's are salvaged. Work that
would go into a workstation whose breakdown opened a blocking issue waits at its own
workstation until the repair. The lots consumed come from `app.simulator.materials`.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.auth.principal import Principal
from app.batches import pipeline as batch_pipeline
from app.batches import service as batch_service
from app.batches.measurements import record as record_batch_measurement
from app.batches.schemas import CreateBatch
from app.db.command import Command
from app.genealogy import service as genealogy
from app.genealogy.schemas import InstallChild, RemoveChild
from app.labour import service as labour
from app.labour.schemas import ClockOn
from app.materials import consumption
from app.models import Tracking
from app.orders import service as orders
from app.orders.schemas import OrderCreate, OrderUpdate
from app.quality.inspections import service as inspections
from app.quality.inspections.schemas import ObservationIn
from app.quality.measurements import service as measurements
from app.simulator.configure import RouteInfo
from app.simulator.materials import Stock
from app.simulator.plant import DemandSpec, StepSpec, TestSpec
from app.units import generation
from app.units import service as units
from app.units.schemas import GateDecision, MoveUnit, ReworkUnit, ScrapUnit

if TYPE_CHECKING:
    from app.simulator.engine import Station, World

MAX_REWORKS = 2
GATE_FAIL_WITHOUT_TESTS = 0.02  # a visual inspection's failure rate
OBSERVATION_RATE = 0.01  # an operator logs a quality observation on a unit at a plain step
BATCH_SCRAP = 0.01  # share of a batch's items a step scraps
RELEASE_CHUNK = 10
DRIFT_PERIOD_DAYS = 7  # processes are recalibrated weekly: drift starts over


@dataclass
class OrderRun:
    number: str
    route: RouteInfo
    demand: DemandSpec
    quantity: int
    priority: int  # 1 first: the line releases work by priority, then by arrival
    arrival: int
    released: int = 0  # started - scrapped (units) or quantity put into batches


@dataclass
class UnitJob:
    serial: str
    order: OrderRun
    step: int = 0  # the unit's current step (0: not entered)
    reworks: int = 0
    children: list[tuple[str, str]] = field(default_factory=list)  # (part, serial) installed
    fitted: set[int] = field(default_factory=set)  # the steps whose installs are done


@dataclass
class BatchJob:
    id: int
    order: OrderRun
    quantity: int  # what enters the current step
    step: int = 1


@dataclass
class LineRun:
    code: str
    orders: list[OrderRun] = field(default_factory=list)
    wip: int = 0  # units released and not finished
    batches: int = 0  # batches in progress


class Production:
    def __init__(self, world: World) -> None:
        self.w = world
        self.lines = {code: LineRun(code) for code in world.layout.lines}
        self.stock = Stock(world)
        # Sub-assemblies: completed units of the parts some step installs, not installed yet,
        # and the stations whose next unit waits for one.
        installed = {p for r in world.plant.routes for s in r.steps for p in s.install}
        self.ready: dict[str, deque[str]] = {part: deque() for part in installed}
        self.starved: dict[str, list[Station]] = {}

    # -- orders and releases --------------------------------------------------------------------

    async def new_orders(self, now: datetime) -> None:
        w = self.w
        for demand in w.plant.demand:
            route = w.layout.routes[demand.route]
            for _ in range(demand.per_shift):
                low, high = demand.quantity
                quantity = w.rng.randint(low, high)
                data = OrderCreate(
                    part_id=route.part_id,
                    quantity=quantity,
                    route_id=route.id,
                    line_id=route.line_id,
                    due_date=(now + timedelta(days=2)).date(),
                    priority=w.rng.randint(1, 3),
                    tracking=Tracking(demand.tracking),
                )
                view = await w.call(_create_order, w.layout.simulator, data)
                if view is None:
                    continue
                w.stats.orders += 1
                line = self.lines[route.spec.line]
                run = OrderRun(
                    view.order.number, route, demand, quantity, data.priority, w.stats.orders
                )
                line.orders.append(run)
                if w.rng.random() < w.plant.behaviour.expedite_share:
                    w.at(w.rng.uniform(600, 4 * 3600), functools.partial(self._expedite, run))
                await self.release(line)

    async def _expedite(self, order: OrderRun) -> None:
        """The customer needs it sooner: the planner makes it priority 1, due a day earlier,
        and the line releases its units first (only while some are still to release)."""
        w = self.w
        if order.released >= order.quantity:
            return
        due = (w.clock.plant(w.t) + timedelta(days=1)).date()
        change = OrderUpdate(priority=1, due_date=due)
        if await w.call(orders.update_order, w.layout.simulator, order.number, change) is None:
            return
        order.priority = 1
        w.stats.expedited += 1

    async def release(self, line: LineRun) -> None:
        """Put work into the line while it has room."""
        w = self.w
        room = w.plant.behaviour.wip_per_line - line.wip
        for order in sorted(line.orders, key=lambda o: (o.priority, o.arrival)):
            left = order.quantity - order.released
            if left <= 0:
                continue
            if order.demand.tracking == "batch":
                if line.batches >= 2:
                    continue
                await self._release_batch(line, order, min(left, order.demand.batch_size))
                continue
            if room <= 0:
                continue
            count = min(left, room, RELEASE_CHUNK)
            who = w.operator(line.code)
            made = await w.call(generation.generate_units, who, order.number, count)
            if made is None:
                continue
            order.released += count
            line.wip += count
            room -= count
            w.stats.units += count
            first = w.stations[order.route.steps[0].workstation]
            for unit in made:
                first.queue.append(UnitJob(unit.serial, order))
            await self.next_job(first)
        line.orders = [o for o in line.orders if o.quantity > o.released]

    async def _release_batch(self, line: LineRun, order: OrderRun, quantity: int) -> None:
        w = self.w
        who = w.operator(line.code)
        body = CreateBatch(quantity=quantity)
        batch = await w.call(batch_service.create_batch, who, order.number, body)
        if batch is None:
            return
        order.released += quantity
        line.batches += 1
        w.stats.batches += 1
        first = w.stations[order.route.steps[0].workstation]
        first.queue.append(BatchJob(batch.id, order, quantity))
        await self.next_job(first)

    # -- a workstation's next job ---------------------------------------------------------------

    async def next_job(self, station: Station) -> None:
        w = self.w
        if station.busy is not None or station.down or station.off or not station.queue:
            return
        missing = self._missing_child(station.queue[0])
        if missing is not None:  # starved: the unit waits for a sub-assembly
            waiting = self.starved.setdefault(missing, [])
            if station not in waiting:
                waiting.append(station)
            if station.idle_since is None:
                w.went_idle(station)
            return
        job = station.queue.popleft()
        station.busy = job
        station.idle_since = None
        await w.publish_state(station)
        if isinstance(job, UnitJob):
            cycle = await self._start_unit(station, job)
        else:
            cycle = await self._start_batch(station, job)
        w.at(cycle, lambda: self._finish(station, job))

    async def _finish(self, station: Station, job: UnitJob | BatchJob) -> None:
        if isinstance(job, UnitJob):
            done = await self._finish_unit(station, job)
        else:
            await self._finish_batch(station, job)
            done = True
        if done:
            await self._free(station)

    async def _free(self, station: Station) -> None:
        """The station's job has left it: the next one, or a breakdown that waited."""
        w = self.w
        station.busy = None
        if station.pending_down:
            await w.go_down(station)
            return
        if station.queue and not station.off:
            await self.next_job(station)
        else:
            if station.off:
                await w.publish_state(station)
            else:
                w.went_idle(station)

    async def _wait(
        self, station: Station, blocked: Station, resume: Callable[[], Awaitable[bool]]
    ) -> None:
        """The job done at `station` cannot go on into `blocked` (a breakdown's blocking
        issue): it stays at `station`, which idles, until `blocked` is repaired."""
        station.blocked = True
        self.w.stats.waits += 1
        await self.w.publish_state(station)

        async def go_on() -> None:
            station.blocked = False
            if await resume():
                await self._free(station)

        blocked.waiters.append(go_on)

    # -- units -----------------------------------------------------------------------------------

    def _step(self, job: UnitJob | BatchJob) -> StepSpec:
        return job.order.route.steps[job.step - 1]

    async def _start_unit(self, station: Station, job: UnitJob) -> float:
        w = self.w
        line = job.order.route.spec.line
        who = w.operator(line)
        if job.step == 0:
            moved = await w.call(units.move_unit, who, job.serial, MoveUnit())
            if moved is not None:
                job.step = 1
        step = self._step(job) if job.step else job.order.route.steps[0]
        if job.step and job.step not in job.fitted:
            job.fitted.add(job.step)
            for part in step.install:
                await self._install(job, part, who)
        for part_id, quantity in job.order.route.bom.get(job.step, []):
            lot = await self.stock.lot(part_id, quantity)
            if lot is not None:
                out = await w.call(consumption.consume_by_unit, who, job.serial, lot.id, quantity)
                if out is not None:
                    lot.remaining -= quantity
        if step.labour:
            body = ClockOn(serial=job.serial)
            await w.call(labour.clock_on, who, body)
        return w.duration(step.ideal_cycle_s)

    def _missing_child(self, job: UnitJob | BatchJob) -> str | None:
        """A part the job's next step installs of which no completed unit is there."""
        if not isinstance(job, UnitJob):
            return None
        seq = job.step or 1
        if seq in job.fitted:
            return None
        needed = job.order.route.steps[seq - 1].install
        short = (p for p in dict.fromkeys(needed) if len(self.ready[p]) < needed.count(p))
        return next(short, None)

    async def _install(self, job: UnitJob, part: str, who: Principal) -> None:
        child = self.ready[part].popleft()
        body = InstallChild(child_serial=child)
        if await self.w.call(genealogy.install, who, job.serial, body) is not None:
            job.children.append((part, child))
            self.w.stats.installed += 1

    async def _made(self, job: UnitJob) -> None:
        """A completed unit of a part that is installed elsewhere: ready to be."""
        part = job.order.route.spec.part
        if part in self.ready:
            await self._ready(part, job.serial)

    async def _ready(self, part: str, serial: str) -> None:
        self.ready[part].append(serial)
        for station in self.starved.pop(part, []):
            await self.next_job(station)

    async def _finish_unit(self, station: Station, job: UnitJob) -> bool:
        """The unit's work at `station`; False while it waits for a blocked workstation."""
        w = self.w
        step = self._step(job)
        who = w.operator(job.order.route.spec.line)
        defect = step.defect or (w.layout.defects[0] if w.layout.defects else None)
        if step.gate:
            failed = False
            for test in step.tests:
                value = self._value(test)
                account = station.info.account
                out = await w.call(
                    measurements.record_measurement,
                    actor=account.actor,
                    serial=job.serial,
                    test=test.name,
                    value=value,
                    values=None,
                    source="machine",
                    principal=account,
                )
                w.stats.measurements += 1
                if out is not None and out.result != "pass":
                    failed = True
                    break
            if not failed and not step.tests and w.rng.random() < GATE_FAIL_WITHOUT_TESTS:
                body = GateDecision(result="fail", defect_code=defect)
                await w.call(units.decide_gate, who, job.serial, body)
                failed = True
            if failed:
                station.reject += 1
                return await self._disposition(station, job, defect, who)
        elif w.rng.random() < OBSERVATION_RATE:
            seen = ObservationIn(
                notes="cosmetic mark noted, within limits",
                serial=job.serial,
                workstation_id=station.info.id,
                defect_code=w.layout.defects[0] if w.layout.defects else None,
            )
            if await w.call(inspections.record_observation, who, seen) is not None:
                w.stats.observations += 1
        return await self._leave(station, job, who)

    async def _leave(self, station: Station, job: UnitJob, who: Principal) -> bool:
        """The unit goes on (a gate passes it): to the next step's workstation, or done."""
        w = self.w
        steps = job.order.route.steps
        if job.step < len(steps):
            following = w.stations[steps[job.step].workstation]
            if w.blocks(following):
                await self._wait(station, following, lambda: self._leave(station, job, who))
                return False
        if self._step(job).gate:
            done = await w.call(units.decide_gate, who, job.serial, GateDecision(result="pass"))
        else:
            done = await w.call(units.move_unit, who, job.serial, MoveUnit())
        if done is None:
            return True
        station.good += 1
        if done.status == "completed":
            w.stats.completed += 1
            await self._made(job)
            await self._unit_left(job)
            return True
        job.step += 1
        following = w.stations[self._step(job).workstation]
        following.queue.append(job)
        await self.next_job(following)
        return True

    async def _disposition(
        self, station: Station, job: UnitJob, defect: str | None, who: Principal
    ) -> bool:
        w = self.w
        if job.reworks < MAX_REWORKS and w.rng.random() < w.plant.behaviour.rework_share:
            return await self._rework(station, job, defect, who)
        scrap = ScrapUnit(reason="failed its gate", defect_code=defect)
        out = await w.call(units.scrap_unit, who, job.serial, scrap)
        if out is None:
            return True
        w.stats.scrapped += 1
        for part, child in job.children:  # salvaged: good for another unit
            body = RemoveChild(child_serial=child, reason="salvaged from a scrapped unit")
            if await w.call(genealogy.remove, who, job.serial, body) is not None:
                w.stats.salvaged += 1
                await self._ready(part, child)
        job.order.released -= 1  # scrap may be replaced
        if job.order not in self.lines[job.order.route.spec.line].orders:
            self.lines[job.order.route.spec.line].orders.append(job.order)
        await self._unit_left(job)
        return True

    async def _rework(
        self, station: Station, job: UnitJob, defect: str | None, who: Principal
    ) -> bool:
        w = self.w
        to_step = max(1, job.step - 1)
        back = w.stations[job.order.route.steps[to_step - 1].workstation]
        if w.blocks(back):
            await self._wait(station, back, lambda: self._rework(station, job, defect, who))
            return False
        body = ReworkUnit(to_step=to_step, defect_code=defect)
        out = await w.call(units.rework_unit, who, job.serial, body)
        if out is None:
            return True
        job.reworks += 1
        job.step = to_step
        w.stats.reworked += 1
        back.queue.append(job)
        await self.next_job(back)
        return True

    async def _unit_left(self, job: UnitJob) -> None:
        line = self.lines[job.order.route.spec.line]
        line.wip -= 1
        await self.release(line)

    def _value(self, test: TestSpec) -> float:
        days = (self.w.clock.stamp(self.w.t) - self.w.epoch).total_seconds() / 86_400
        mean = test.mean + test.drift_per_day * (days % DRIFT_PERIOD_DAYS)
        return round(self.w.rng.gauss(mean, test.sd), 4)

    # -- batches ---------------------------------------------------------------------------------

    async def _start_batch(self, station: Station, job: BatchJob) -> float:
        w = self.w
        who = w.operator(job.order.route.spec.line)
        await w.call(batch_pipeline.start_step, who, job.id, job.step)
        for part_id, quantity in job.order.route.bom.get(job.step, []):
            needed = quantity * job.quantity
            lot = await self.stock.lot(part_id, needed)
            if lot is not None:
                out = await w.call(consumption.consume_by_batch, who, job.id, lot.id, needed)
                if out is not None:
                    lot.remaining -= needed
        step = self._step(job)
        if step.labour:
            body = ClockOn(batch_id=job.id)
            await w.call(labour.clock_on, who, body)
        # A batch step runs its items one after another, a little faster than singly.
        return w.duration(step.ideal_cycle_s) * job.quantity * 0.8

    async def _finish_batch(self, station: Station, job: BatchJob) -> None:
        w = self.w
        step = self._step(job)
        who = w.operator(job.order.route.spec.line)
        account = station.info.account
        for test in step.tests:
            for attempt in range(3):
                value = self._value(test) if attempt < 2 else test.mean
                out = await w.call(
                    record_batch_measurement,
                    account,
                    job.id,
                    test=test.name,
                    value=value,
                    values=None,
                    source="machine",
                    at=None,
                )
                w.stats.measurements += 1
                if out is None or out.result == "pass":
                    break
        scrap = sum(1 for _ in range(job.quantity) if w.rng.random() < BATCH_SCRAP)
        defect = step.defect or (w.layout.defects[0] if w.layout.defects else None)
        good = job.quantity - scrap
        done = await w.call(
            batch_pipeline.complete_step,
            who,
            job.id,
            job.step,
            good=good,
            scrap=scrap,
            defect_code=defect if scrap else None,
            notes=None,
        )
        if done is None:
            return
        station.good += good
        station.reject += scrap
        line = self.lines[job.order.route.spec.line]
        if job.step == len(job.order.route.steps) or good == 0:
            line.batches -= 1
            await self.release(line)
            return
        job.step += 1
        job.quantity = good
        following = w.stations[self._step(job).workstation]
        following.queue.append(job)
        await self.next_job(following)


async def _create_order(cmd: Command, principal: Principal, data: OrderCreate) -> orders.OrderView:
    return await orders.create_order(await cmd.session(), principal, data)
