"""The assistant's tools: one layer shared by `POST /assistant` and the MCP server at `/mcp`.

Each tool names its arguments (`app.assistant.arguments`: validation and the MCP input
schema), its reply sentence (`app.assistant.replies`), the access rule of the
endpoint it stands for (the same `Allow` object, so roles and API key scopes agree), and runs
the same service function as that endpoint, as the caller: operators stay on their lines.

A tool runs in two phases: `resolve` turns names into references on a read session
("Station 2" to a workstation id, a defect description to its code), then
`execute` runs the command in ONE transaction (`db.command()`), or the query on a read session.
A destructive tool (scrap, rework, cancel) only runs after a confirmation
(`app.assistant.confirmations`), which stores the resolved arguments: the exact action.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from app.assistant import replies, resolve
from app.assistant.arguments import (
    Args,
    CancelArgs,
    FailuresArgs,
    GateArgs,
    GenerateArgs,
    IssueArgs,
    MeasureArgs,
    MoveArgs,
    OrderArgs,
    ReworkArgs,
    ScrapArgs,
    SerialArgs,
    WipArgs,
)
from app.assistant.replies import Result
from app.auth.principal import Allow, OrderPlanner, Principal, QualityRecorder, Reader, UnitExecutor
from app.config import Settings
from app.db.command import Command
from app.db.session import Database
from app.issues import service as issues
from app.issues.endpoints import IssueOpener
from app.issues.schemas import IssueCreate
from app.kit.errors import Forbidden
from app.kit.pagination import PageParams
from app.kit.time import utcnow
from app.models import MeasurementSource, QualityEventType
from app.orders import service as orders
from app.orders.lifecycle import OrderAction
from app.orders.schemas import OrderOut
from app.quality.inspections.queries import quality_events
from app.quality.measurements import service as measurements
from app.records import service as records
from app.reports.service import local_day
from app.transitions.errors import UnitFinished
from app.units import generation, queries
from app.units import service as units
from app.units.schemas import GateDecision, MoveUnit, ReworkUnit, ScrapUnit
from app.wip import service as wip


def _rule(alias: Any) -> Allow:
    """The `Allow` rule inside an endpoint's principal alias (e.g. `UnitExecutor`)."""
    rule = get_args(alias)[1].dependency
    assert isinstance(rule, Allow)
    return rule


@dataclass(frozen=True)
class ToolContext:
    db: Database
    settings: Settings
    principal: Principal


Resolver = Callable[[ToolContext, AsyncSession, Any], Awaitable[Result]]
Executor = Callable[[ToolContext, Command, Result], Awaitable[Result]]
Query = Callable[[ToolContext, AsyncSession, Result], Awaitable[Result]]
Sayer = Callable[[Result, Result], str]


@dataclass(frozen=True)
class Tool:
    name: str
    title: str
    description: str
    args: type[Args]
    rule: Allow
    resolve: Resolver
    say: Sayer
    query: Query | None = None  # a read
    execute: Executor | None = None  # a command
    destructive: bool = False
    summary: Callable[[Result], str] | None = None  # what a confirmation asks about

    def allowed(self, principal: Principal) -> None:
        """Forbidden unless the caller may call the endpoint this tool stands for."""
        rule = self.rule
        if principal.may(rule.roles, rule.scope):
            return
        if principal.kind == "api_key":
            raise Forbidden(f"this API key lacks the '{rule.scope}' scope needed to {self.title}")
        allowed = ", ".join(sorted(r.value for r in rule.roles))
        raise Forbidden(f"role '{principal.role}' may not {self.title} (allowed: {allowed})")


# -- resolvers -------------------------------------------------------------------------------


async def _plain(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    return dict(args.model_dump(exclude_none=True))


async def _with_defect(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    resolved = await _plain(ctx, session, args)
    code = await resolve.defect(
        session, resolved.pop("defect_code", None), resolved.pop("defect", None)
    )
    if code is not None:
        resolved["defect_code"] = code
    return resolved


async def _existing_unit(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    """A destructive unit action's arguments, on a unit that exists (asked before a token)."""
    resolved = await _with_defect(ctx, session, args)
    unit = await queries.get_unit(session, resolved["serial"])
    if unit.status != "in_progress":  # no token for what cannot be done
        raise UnitFinished(f"unit {unit.serial} is already {unit.status}", unit_status=unit.status)
    resolved["unit"] = unit.model_dump(mode="json")
    return resolved


async def _existing_order(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    resolved = await _plain(ctx, session, args)
    view = await orders.get_order(session, resolved["order"])
    resolved["current"] = OrderOut.model_validate(view.as_dict()).model_dump(mode="json")
    return resolved


async def _measure_args(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    resolved = await _plain(ctx, session, args)
    resolved["test"] = await resolve.test(session, resolved["test"], resolved.get("unit"))
    return resolved


async def _wip_args(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    resolved: Result = {}
    if args.workstation:  # matched against the snapshot's workstations: no query here
        resolved["workstation"] = args.workstation
    if args.line:
        resolved["line_id"] = (await resolve.line(session, args.line)).id
    return resolved


async def _issue_args(ctx: ToolContext, session: AsyncSession, args: Any) -> Result:
    resolved = await _plain(ctx, session, args)
    resolved["type"] = await resolve.issue_type(session, args.type)
    if name := resolved.pop("workstation", None):
        resolved["workstation_id"] = (await resolve.workstation(session, name))["id"]
    if name := resolved.pop("line", None):
        resolved["line_id"] = (await resolve.line(session, name)).id
    return resolved


# -- reads -----------------------------------------------------------------------------------


async def _find_unit(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    return (await queries.get_unit(session, a["serial"])).model_dump(mode="json")


async def _history(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    items, cursor = await queries.history(session, a["serial"], PageParams(limit=200, cursor=None))
    return {
        "serial": a["serial"],
        "items": [i.model_dump(mode="json") for i in items],
        "more": cursor is not None,
    }


async def _record(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    document = await records.unit_document(session, ctx.principal, a["serial"])
    return document.model_dump(mode="json")


async def _wip(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    # A session of its own: the snapshot sets its isolation level before its first query.
    async with ctx.db.transaction(write=False) as fresh:
        snapshot = (await wip.snapshot(fresh, a.get("line_id"))).model_dump(mode="json")
    if "workstation" in a:
        station = resolve.match_workstation(a["workstation"], snapshot["workstations"])
        return {"workstation": station, "seq": snapshot["seq"]}
    return dict(snapshot)


async def _order(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    view = await orders.get_order(session, a["order"])
    return OrderOut.model_validate(view.as_dict()).model_dump(mode="json")


async def _failures(ctx: ToolContext, session: AsyncSession, a: Result) -> Result:
    now = utcnow()
    start, end = local_day(
        now - timedelta(days=1) if a["day"] == "yesterday" else now, ctx.settings.zone
    )
    items, _ = await quality_events(
        session, PageParams(limit=500, cursor=None), since=start, until=end
    )
    failed = [
        e.model_dump(mode="json")
        for e in items
        if e.result == "fail" or e.type == QualityEventType.SCRAP
    ]
    units = list(dict.fromkeys(e["serial"] for e in failed if e["serial"]))
    return {
        "day": a["day"],
        "from": start.isoformat(),
        "to": end.isoformat(),
        "units": units,  # each failed or scrapped unit once, newest first
        "items": failed,
    }


# -- commands --------------------------------------------------------------------------------


async def _generate(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    made = await generation.generate_units(cmd, ctx.principal, a["order"], a["count"])
    serials = [u.serial for u in made]
    return {"order": a["order"], "count": len(serials), "serials": serials[:100]}


async def _move(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    body = MoveUnit(expected_step=a.get("expected_step"))
    return (await units.move_unit(cmd, ctx.principal, a["serial"], body)).model_dump(mode="json")


async def _gate(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    body = GateDecision(result=a["result"], defect_code=a.get("defect_code"), notes=a.get("notes"))
    return (await units.decide_gate(cmd, ctx.principal, a["serial"], body)).model_dump(mode="json")


async def _measure(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    principal = ctx.principal
    source = MeasurementSource.OPERATOR if principal.kind == "user" else MeasurementSource.MACHINE
    out = await measurements.record_measurement(
        cmd,
        actor=principal.actor,
        serial=a["serial"],
        test=a["test"],
        value=a.get("value"),
        values=a.get("values"),
        source=source.value,
        principal=principal,
    )
    return out.model_dump(mode="json")


async def _issue(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    body = IssueCreate.model_validate({k: v for k, v in a.items() if k != "workstation"})
    return (await issues.open_issue(cmd, ctx.principal, body)).model_dump(mode="json")


async def _scrap(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    body = ScrapUnit(reason=a["reason"], defect_code=a.get("defect_code"))
    return (await units.scrap_unit(cmd, ctx.principal, a["serial"], body)).model_dump(mode="json")


async def _rework(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    body = ReworkUnit(to_step=a["to_step"], defect_code=a.get("defect_code"), notes=a.get("notes"))
    return (await units.rework_unit(cmd, ctx.principal, a["serial"], body)).model_dump(mode="json")


async def _cancel(ctx: ToolContext, cmd: Command, a: Result) -> Result:
    view = await orders.apply_action(
        cmd, ctx.principal, a["order"], OrderAction.CANCEL, a.get("reason")
    )
    return OrderOut.model_validate(view.as_dict()).model_dump(mode="json")


_READ, _EXEC, _QUAL = _rule(Reader), _rule(UnitExecutor), _rule(QualityRecorder)

TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool(
            "find_unit",
            "look up a unit",
            "Find a unit by serial: its order, status, current "
            "step and workstation, and what it awaits (move, gate decision, disposition).",
            SerialArgs,
            _READ,
            _plain,
            lambda a, r: replies.unit_sentence(r),
            query=_find_unit,
        ),
        Tool(
            "unit_history",
            "read a unit's history",
            "Every event of a unit, oldest first "
            "(created, moved, gate passed/failed, measured, reworked, scrapped, completed).",
            SerialArgs,
            _READ,
            _plain,
            replies.say_history,
            query=_history,
        ),
        Tool(
            "unit_record",
            "read a unit record",
            "The unit record (device history record): "
            "order, part, route, stays at steps, measurements with limits, quality events, "
            "labour, lots, installed children, issues.",
            SerialArgs,
            _READ,
            _plain,
            replies.say_record,
            query=_record,
        ),
        Tool(
            "wip",
            "read the WIP",
            "Work in progress: units per workstation and totals "
            "(not started, in progress, completed, scrapped); one workstation's count, or "
            "one line.",
            WipArgs,
            _READ,
            _wip_args,
            replies.say_wip,
            query=_wip,
        ),
        Tool(
            "order_status",
            "read an order",
            "A production order's status and counters (quantity, started, completed, scrapped).",
            OrderArgs,
            _READ,
            _plain,
            replies.say_order,
            query=_order,
        ),
        Tool(
            "quality_failures",
            "read the quality log",
            "Failed inspections and scrapped units of the plant-local day (today or yesterday).",
            FailuresArgs,
            _READ,
            _plain,
            replies.say_failures,
            query=_failures,
        ),
        Tool(
            "generate_units",
            "generate units",
            "Create serialized units for an order "
            "(starts a new or scheduled order; capped by the order's quantity).",
            GenerateArgs,
            _EXEC,
            _plain,
            replies.say_generate,
            execute=_generate,
        ),
        Tool(
            "move_unit",
            "move units",
            "Complete a unit's current step and enter the next "
            "(step 0 → 1); from the last step the unit completes. Refused at an undecided gate.",
            MoveArgs,
            _EXEC,
            _plain,
            replies.say_move,
            execute=_move,
        ),
        Tool(
            "gate_decision",
            "decide gates",
            "Record a gate inspection at the unit's current "
            "(gate) step: pass moves it on (its required tests must have passed); fail leaves "
            "it awaiting rework or scrap.",
            GateArgs,
            _EXEC,
            _with_defect,
            replies.say_gate,
            execute=_gate,
        ),
        Tool(
            "record_measurement",
            "record measurements",
            "Record a measurement of a unit for "
            "a test on its route (by name), judged against the test's limits.",
            MeasureArgs,
            _QUAL,
            _measure_args,
            replies.say_measure,
            execute=_measure,
        ),
        Tool(
            "open_issue",
            "open issues",
            "Open an andon issue of a type (code or name) with "
            "a title, at a workstation or line, on an order or unit. A blocking type blocks "
            "the order or the workstation.",
            IssueArgs,
            _rule(IssueOpener),
            _issue_args,
            replies.say_issue,
            execute=_issue,
        ),
        Tool(
            "scrap_unit",
            "scrap units",
            "Scrap a unit with a reason (and a defect code, by "
            "code or description). Destructive: the first call returns a confirmation token; "
            "call again with `confirmation_token` to do it.",
            ScrapArgs,
            _EXEC,
            _existing_unit,
            replies.say_scrap,
            execute=_scrap,
            destructive=True,
            summary=replies.ask_scrap,
        ),
        Tool(
            "rework_unit",
            "rework units",
            "Send a unit back to this or an earlier step. "
            "Destructive: the first call returns a confirmation token; call again with "
            "`confirmation_token` to do it.",
            ReworkArgs,
            _EXEC,
            _existing_unit,
            replies.say_rework,
            execute=_rework,
            destructive=True,
            summary=replies.ask_rework,
        ),
        Tool(
            "cancel_order",
            "cancel orders",
            "Cancel a production order; its units in "
            "progress are scrapped. Destructive: the first call returns a confirmation token; "
            "call again with `confirmation_token` to do it.",
            CancelArgs,
            _rule(OrderPlanner),
            _existing_order,
            replies.say_cancel,
            execute=_cancel,
            destructive=True,
            summary=replies.ask_cancel,
        ),
    )
}
