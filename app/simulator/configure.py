"""Configure a plant from its description, through the configuration services the API's
endpoints call (never by writing tables): lines, workstations, parts, BOMs, routes, tests,
shifts, defect codes, issue types, downtime reasons, the plant's users, and the simulator's
own actors (`simulator`, `sim-<line>-<n>` operators, `sim-<workstation>` accounts)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth.principal import Principal
from app.auth.security import PasswordHashing
from app.auth.users import service as users
from app.auth.users.schemas import UserCreate
from app.config import Settings
from app.db.session import Database
from app.issues import types as issue_types
from app.issues.schemas import IssueTypeCreate
from app.masterdata import service as masterdata
from app.masterdata.schemas import DefectCodeCreate, LineCreate, PartCreate, WorkstationCreate
from app.materials import boms
from app.materials.schemas import BomItemIn, BomRevisionCreate
from app.models import AlertKind, Line, Order, Part, Role, Unit, User, UserKind
from app.quality.alerts import service as alert_rules
from app.quality.alerts.schemas import AlertRuleCreate
from app.quality.definitions import service as definitions
from app.quality.definitions.schemas import TestDefinitionCreate
from app.routes import service as routes
from app.routes.schemas import RouteCreate, StepIn
from app.shifts import service as shifts
from app.shifts.schemas import DowntimeReasonCreate, ShiftCreate
from app.simulator.plant import Plant, RouteSpec, StepSpec

SIMULATOR = "simulator"
T = TypeVar("T")


class NotEmpty(RuntimeError):
    """The database already has a plant (the demo configures an empty one only)."""


@dataclass
class StationInfo:
    id: int
    code: str
    line_id: int
    line_code: str
    account: Principal  # the workstation account its machine measures as


@dataclass
class RouteInfo:
    spec: RouteSpec
    id: int
    part_id: int
    line_id: int
    steps: list[StepSpec]
    # per step seq (1-based): [(component part id, quantity)]
    bom: dict[int, list[tuple[int, float]]] = field(default_factory=dict)


@dataclass
class Layout:
    """What the simulator needs to know of the configured plant."""

    simulator: Principal
    lines: dict[str, int]
    stations: dict[str, StationInfo]
    parts: dict[str, int]
    routes: dict[str, RouteInfo]
    operators: dict[str, list[Principal]]  # by line code
    reasons: dict[str, str]  # downtime category → first reason code
    issue_types: list[str]  # what operators open by hand (the non-blocking types)
    defects: list[str]


def manual_issue_types(plant: Plant) -> list[str]:
    return [t.code for t in plant.issue_types if not t.blocking]


async def database_is_empty(db: Database) -> bool:
    """No production data and no configuration but, at most, the bootstrap admin."""
    async with db.transaction(write=False) as session:
        for model in (Line, Part, Order, Unit):
            if await session.scalar(select(func.count()).select_from(model)):
                return False
        users_count = await session.scalar(select(func.count()).select_from(User)) or 0
        return users_count <= 1


class _Configurer:
    def __init__(self, db: Database, settings: Settings, at: datetime) -> None:
        self.db = db
        self.at = at
        self.passwords = PasswordHashing(
            settings.argon2_time_cost, settings.argon2_memory_kib, settings.login_verify_threads
        )
        self.principal = Principal(kind="user", id=0, name=SIMULATOR, role=Role.ADMIN)
        self.commands = 0

    async def run(self, call: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """One configuration command, as its endpoint runs it (one transaction)."""
        async with self.db.command(at=self.at) as cmd:
            result = await call(await cmd.session())
        self.commands += 1
        return result

    async def user(
        self,
        username: str,
        role: Role,
        *,
        password: str | None = None,
        line_ids: list[int] | None = None,
        workstation_id: int | None = None,
        full_name: str | None = None,
    ) -> Principal:
        data = UserCreate(
            username=username,
            password=password or secrets.token_urlsafe(24),
            role=role,
            kind=UserKind.WORKSTATION if workstation_id is not None else UserKind.PERSON,
            line_ids=line_ids or [],
            workstation_id=workstation_id,
            full_name=full_name,
        )
        view = await self.run(lambda s: users.create_user(s, self.principal, self.passwords, data))
        return Principal(
            kind="user",
            id=view.user.id,
            name=username,
            role=role,
            user_kind=data.kind,
            line_ids=frozenset(line_ids or []),
            workstation_id=workstation_id,
        )


async def configure(db: Database, settings: Settings, plant: Plant, at: datetime) -> Layout:
    """Configure `plant` at time `at`; returns its layout."""
    c = _Configurer(db, settings, at)
    try:
        return await _configure(c, plant)
    finally:
        c.passwords.close()


async def _configure(c: _Configurer, plant: Plant) -> Layout:
    simulator = await c.user(SIMULATOR, Role.ADMIN, full_name="Takt simulator")
    c.principal = simulator
    p = simulator
    for d in plant.defects:
        dc = DefectCodeCreate(code=d.code, description=d.description, severity=d.severity)
        await c.run(lambda s, dc=dc: masterdata.create_defect_code(s, p, dc))  # type: ignore[misc]
    for t in plant.issue_types:
        it = IssueTypeCreate(code=t.code, name=t.name, blocking=t.blocking, severity=t.severity)
        await c.run(lambda s, it=it: issue_types.create_type(s, p, it))  # type: ignore[misc]
    reasons: dict[str, str] = {}
    for r in plant.downtime_reasons:
        rc = DowntimeReasonCreate(code=r.code, name=r.name, category=r.category)  # type: ignore[arg-type]
        await c.run(lambda s, rc=rc: shifts.create_reason(s, p, rc))  # type: ignore[misc]
        reasons.setdefault(r.category, r.code)
    for sh in plant.shifts:
        sc = ShiftCreate(name=sh.name, start=sh.start, end=sh.end, days=sh.days)
        await c.run(lambda s, sc=sc: shifts.create_shift(s, p, sc))  # type: ignore[misc]

    lines: dict[str, int] = {}
    station_ids: dict[str, tuple[int, int, str]] = {}
    for line in plant.lines:
        lc = LineCreate(code=line.code, name=line.name)
        created = await c.run(lambda s, lc=lc: masterdata.create_line(s, p, lc))  # type: ignore[misc]
        lines[line.code] = created.id
        for w in line.workstations:
            wc = WorkstationCreate(
                code=w.code,
                name=w.name,
                line_id=created.id,
                ideal_cycle_s=w.ideal_cycle_s,
                auto_issue_type=w.auto_issue_type,
            )
            ws = await c.run(lambda s, wc=wc: masterdata.create_workstation(s, p, wc))  # type: ignore[misc]
            station_ids[w.code] = (ws.id, created.id, line.code)

    parts: dict[str, int] = {}
    for part in plant.parts:
        pc = PartCreate(
            number=part.number,
            name=part.name,
            serial_prefix=part.serial_prefix or part.number[:16],
            serial_digits=part.serial_digits,
            kind=part.kind,
            uom=part.uom,
        )
        created_part = await c.run(lambda s, pc=pc: masterdata.create_part(s, p, pc))  # type: ignore[misc]
        parts[part.number] = created_part.id
    for bom in plant.boms:
        items = [
            BomItemIn(component_part_id=parts[i.component], quantity=i.quantity, step=i.step)
            for i in bom.items
        ]
        body = BomRevisionCreate(items=items)
        part_id = parts[bom.part]
        await c.run(lambda s, body=body, pid=part_id: boms.revise_bom(s, p, pid, body))  # type: ignore[misc]

    route_infos: dict[str, RouteInfo] = {}
    for route in plant.routes:
        steps = [
            StepIn(
                name=step.name,
                workstation_id=station_ids[step.workstation][0],
                is_gate=step.gate,
                ideal_cycle_s=step.ideal_cycle_s,
            )
            for step in route.steps
        ]
        rc2 = RouteCreate(code=route.code, name=route.name, part_id=parts[route.part], steps=steps)
        view = await c.run(lambda s, rc2=rc2: routes.create_route(s, p, rc2))  # type: ignore[misc]
        info = RouteInfo(route, view.route.id, parts[route.part], lines[route.line], route.steps)
        for seq, step in enumerate(route.steps, start=1):
            for test in step.tests:
                td = TestDefinitionCreate(
                    name=test.name,
                    route_id=info.id,
                    step=seq,
                    unit=test.unit,
                    lower_limit=test.low,
                    upper_limit=test.high,
                )
                await c.run(lambda s, td=td: definitions.create(s, p, td))  # type: ignore[misc]
        for bom in plant.boms:
            if bom.part == route.part:
                for item in bom.items:
                    info.bom.setdefault(item.step, []).append(
                        (parts[item.component], item.quantity)
                    )
        route_infos[route.code] = info

    for rule in plant.alert_rules:
        ws_id = station_ids[rule.workstation][0] if rule.workstation else None
        ar = AlertRuleCreate(
            name=rule.name,
            kind=AlertKind(rule.kind),
            workstation_id=ws_id,
            defect_code=rule.defect,
            threshold_pct=rule.threshold_pct,
            window_units=rule.window_units,
            occurrences=rule.occurrences,
            window_minutes=rule.window_minutes,
        )
        await c.run(lambda s, ar=ar: alert_rules.create_rule(s, p, ar))  # type: ignore[misc]

    for u in plant.users:
        await c.user(
            u.username,
            Role(u.role),
            password=u.password,
            line_ids=[lines[code] for code in u.lines],
            full_name=u.full_name,
        )
    operators: dict[str, list[Principal]] = {}
    for line in plant.lines:
        operators[line.code] = [
            await c.user(
                f"sim-{line.code}-{n}".lower(),
                Role.OPERATOR,
                line_ids=[lines[line.code]],
                full_name=f"Simulated operator {n} of {line.code}",
            )
            for n in range(1, line.operators + 1)
        ]
    stations: dict[str, StationInfo] = {}
    for code, (ws_id, line_id, line_code) in station_ids.items():
        account = await c.user(
            f"sim-{code}".lower(),
            Role.OPERATOR,
            line_ids=[line_id],
            workstation_id=ws_id,
            full_name=f"Simulated machine at {code}",
        )
        stations[code] = StationInfo(ws_id, code, line_id, line_code, account)
    return Layout(
        simulator=simulator,
        lines=lines,
        stations=stations,
        parts=parts,
        routes=route_infos,
        operators=operators,
        reasons=reasons,
        issue_types=manual_issue_types(plant),
        defects=[d.code for d in plant.defects],
    )


def describe(layout: Layout) -> dict[str, Any]:
    return {
        "lines": len(layout.lines),
        "workstations": len(layout.stations),
        "routes": len(layout.routes),
    }
