"""Running the simulator: configure (or find) the plant, back-fill days of history, run live.

`backfill` and `live` are what `takt simulate` and `takt demo` call. Both stop cleanly when
`World.stop` is set (the CLI sets it on SIGINT/SIGTERM): between two commands, so nothing is
half-written (each command is one transaction).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import select

from app.auth.principal import Principal
from app.config import Settings
from app.db.session import Database
from app.models import Line, Part, Route, User, Workstation
from app.simulator.clock import BackfillClock, LiveClock
from app.simulator.configure import (
    SIMULATOR,
    Layout,
    RouteInfo,
    StationInfo,
    configure,
    manual_issue_types,
)
from app.simulator.engine import World
from app.simulator.plant import Plant
from app.simulator.telemetry import Ingested, Published, Telemetry
from app.telemetry.ingest import Ingestor

log = logging.getLogger("takt.simulator")


@dataclass
class Outcome:
    stats: dict[str, int]
    seconds: float

    @property
    def rate(self) -> float:
        return self.stats["commands"] / self.seconds if self.seconds else 0.0


async def prepare(db: Database, settings: Settings, plant: Plant, at: datetime) -> Layout:
    """The plant's layout: configured now (at `at`) unless its lines exist already."""
    found = await find_layout(db, plant)
    if found is not None:
        return found
    return await configure(db, settings, plant, at)


class PlantMismatch(RuntimeError):
    """The database holds another plant than the file describes."""


async def find_layout(db: Database, plant: Plant) -> Layout | None:
    """The layout of a plant configured before (read, nothing written); None if its first
    line does not exist; PlantMismatch when the database lacks some of the file's plant."""
    try:
        return await _find_layout(db, plant)
    except KeyError as exc:
        raise PlantMismatch(
            f"the database has line {plant.lines[0].code} but not {exc} of the plant file "
            f"{plant.name!r}: configured from another plant file? Use an empty database."
        ) from exc


async def _find_layout(db: Database, plant: Plant) -> Layout | None:
    async with db.transaction(write=False) as session:
        line_rows = (await session.execute(select(Line.code, Line.id))).all()
        lines: dict[str, int] = {code: id_ for code, id_ in line_rows}  # noqa: C416
        if plant.lines[0].code not in lines:
            return None
        ws = {
            r.code: r
            for r in (await session.execute(select(Workstation))).scalars()
            if r.code in {w.code for line in plant.lines for w in line.workstations}
        }
        parts = {
            r.number: r.id
            for r in (await session.execute(select(Part))).scalars()
            if r.number in {p.number for p in plant.parts}
        }
        route_ids = {r.code: r.id for r in (await session.execute(select(Route))).scalars()}
        users = {u.username: u for u in (await session.execute(select(User))).scalars()}

    def principal(name: str, line_ids: list[int], workstation_id: int | None = None) -> Principal:
        from app.models import Role, UserKind

        user = users[name]
        return Principal(
            kind="user",
            id=user.id,
            name=name,
            role=Role(user.role),
            user_kind=UserKind(user.kind),
            line_ids=frozenset(line_ids),
            workstation_id=workstation_id,
        )

    codes = {w.code: line.code for line in plant.lines for w in line.workstations}
    for wanted, found in ((codes, ws), ({p.number for p in plant.parts}, parts)):
        for code in sorted(set(wanted) - set(found)):
            raise KeyError(code)
    stations = {
        code: StationInfo(
            row.id,
            code,
            row.line_id,
            codes[code],
            principal(f"sim-{code}".lower(), [row.line_id], row.id),
        )
        for code, row in ws.items()
    }
    routes: dict[str, RouteInfo] = {}
    for spec in plant.routes:
        info = RouteInfo(spec, route_ids[spec.code], parts[spec.part], lines[spec.line], spec.steps)
        for bom in plant.boms:
            if bom.part == spec.part:
                for item in bom.items:
                    info.bom.setdefault(item.step, []).append(
                        (parts[item.component], item.quantity)
                    )
        routes[spec.code] = info
    reasons: dict[str, str] = {}
    for r in plant.downtime_reasons:
        reasons.setdefault(r.category, r.code)
    return Layout(
        simulator=principal(SIMULATOR, []),
        lines={line.code: lines[line.code] for line in plant.lines},
        stations=stations,
        parts=parts,
        routes=routes,
        operators={
            line.code: [
                principal(f"sim-{line.code}-{n}".lower(), [lines[line.code]])
                for n in range(1, line.operators + 1)
            ]
            for line in plant.lines
        },
        reasons=reasons,
        issue_types=manual_issue_types(plant),
        defects=[d.code for d in plant.defects],
    )


def ingested(db: Database, settings: Settings) -> Telemetry:
    return Ingested(Ingestor(db, topic_root=settings.mqtt_topic_root))


async def backfill(
    db: Database,
    settings: Settings,
    plant: Plant,
    layout: Layout,
    *,
    start: datetime,
    days: float,
    seed: int,
    progress: Any = None,
    strict: bool = False,
    stop: asyncio.Event | None = None,
) -> tuple[World, Outcome]:
    """Simulate `days` of the plant from `start` (history written at the simulated times)."""
    clock = BackfillClock(start, settings.zone)
    world = World(db, plant, layout, clock, ingested(db, settings), seed=seed, strict=strict)
    if stop is not None:
        world.stop = stop
    began = time.perf_counter()
    await world.run(until=days * 86_400, progress=progress)
    return world, Outcome(world.stats.as_dict(), time.perf_counter() - began)


@contextlib.asynccontextmanager
async def mqtt_telemetry(settings: Settings) -> AsyncIterator[Telemetry]:
    """Machine messages published to the broker of `TAKT_MQTT_URL` (mqtt://host:port)."""
    import aiomqtt

    url = settings.mqtt_url or "mqtt://127.0.0.1:1883"
    host, _, port = url.split("://", 1)[1].partition(":")
    async with aiomqtt.Client(
        host,
        int(port or 1883),
        username=settings.mqtt_username,
        password=settings.mqtt_password,
        identifier=f"takt-simulator-{time.monotonic_ns()}",
    ) as client:
        yield Published(client, settings.mqtt_topic_root)


async def live(
    db: Database,
    plant: Plant,
    layout: Layout,
    telemetry: Telemetry,
    *,
    speed: float,
    seed: int,
    stop: asyncio.Event | None = None,
    world: World | None = None,
    until: float | None = None,
    strict: bool = False,
    zone: tzinfo = UTC,
) -> World:
    """Run the plant in real time (`speed` times faster) until `stop` is set (or plant time
    `until`). A world that back-filled goes on with its orders and units, from now."""
    clock = LiveClock(speed, zone=zone)
    if world is None:
        world = World(db, plant, layout, clock, telemetry, seed=seed, strict=strict)
    else:
        world.go_live(clock, telemetry, db)
    if stop is not None:
        world.stop = stop
    await world.run(until=until)
    return world
