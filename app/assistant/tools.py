"""The assistant's tools: one layer shared by `POST /assistant` and the MCP server at `/mcp`.

Each tool names its arguments (a Pydantic model: the MCP input schema), the access rule of the
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
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy.ext.asyncio import AsyncSession

from app.assistant import resolve
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


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


SerialText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=64),
    Field(
        description="unit serial, e.g. `SMX-00042`; fewer digits are padded to the part's "
        "serial scheme (`SMX-42`)",
        examples=["SMX-00042"],
    ),
]
OrderText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^PO-\d{4,}$"),
    Field(description="production order number", examples=["PO-0001"]),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SerialArgs(Args):
    serial: SerialText


class WipArgs(Args):
    workstation: Name | None = Field(
        None, description='a workstation\'s code or name ("Station 2"): its count only'
    )
    line: Name | None = Field(None, description="a line's code, name or id: that line only")


class OrderArgs(Args):
    order: OrderText


class FailuresArgs(Args):
    day: Literal["today", "yesterday"] = Field(
        "today", description="the plant-local day (TAKT_TIMEZONE)"
    )


class GenerateArgs(Args):
    order: OrderText
    count: int = Field(ge=1, le=10_000, description="how many serialized units to create")


class MoveArgs(Args):
    serial: SerialText
    expected_step: int | None = Field(
        None, ge=0, le=10_000, description="the step the unit should be at (409 otherwise)"
    )


class GateArgs(Args):
    serial: SerialText
    result: Literal["pass", "fail"] = Field(description="the gate inspection's result")
    defect_code: Name | None = Field(None, description="a configured defect code")
    defect: Text | None = Field(
        None, description="a defect in words, matched to a defect code by its description"
    )
    notes: Text | None = Field(None, description="free text for the history")


class MeasureArgs(Args):
    serial: SerialText
    test: Name = Field(description="the test definition's name (any case), e.g. `Torque`")
    value: float | None = Field(None, description="the value of a scalar test")
    values: list[float] | None = Field(None, description="the values of a vector test")
    unit: Name | None = Field(None, description="the unit said with the value; checked")


class IssueArgs(Args):
    type: Name | None = Field(None, description="the issue type's code or name, e.g. `MAT`")
    title: Name = Field(description="short summary")
    order: OrderText | None = None
    serial: SerialText | None = None
    workstation: Name | None = Field(None, description="a workstation's code or name")
    line: Name | None = Field(None, description="a line's code, name or id")


class ScrapArgs(Args):
    serial: SerialText
    reason: Text = Field(description="why the unit is scrapped")
    defect_code: Name | None = Field(None, description="a configured defect code")
    defect: Text | None = Field(
        None, description="a defect in words, matched to a defect code by its description"
    )


class ReworkArgs(Args):
    serial: SerialText
    to_step: int = Field(ge=1, le=10_000, description="the step to redo (this or an earlier one)")
    defect_code: Name | None = Field(None, description="a configured defect code")
    notes: Text | None = Field(None, description="free text for the history")


class CancelArgs(Args):
    order: OrderText
    reason: Text | None = Field(None, description="why the order is cancelled")


Result = dict[str, Any]
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


# -- what the replies say --------------------------------------------------------------------

_AWAITING = {
    "move": "ready to move on",
    "gate_decision": "waiting for a gate decision",
    "disposition": "failed its gate: rework or scrap it",
}


def unit_sentence(u: Result) -> str:
    serial, order = u["serial"], u["order"]
    if u["status"] != "in_progress":
        return f"{serial} (order {order}) is {u['status']}."
    if u["step"] == 0:
        return f"{serial} (order {order}) has not entered its route yet: move it to start step 1."
    awaiting = _AWAITING.get(u["awaiting"] or "", "in progress")
    return f"{serial} (order {order}) is at step {u['step']} ({u['workstation']}), {awaiting}."


def _say_move(a: Result, r: Result) -> str:
    if r["status"] == "completed":
        return f"{r['serial']} completed its route."
    return f"Moved {r['serial']} to step {r['step']} ({r['workstation']})."


def _say_gate(a: Result, r: Result) -> str:
    if a["result"] == "fail":
        defect = f" (defect {a['defect_code']})" if a.get("defect_code") else ""
        return f"{r['serial']} failed the gate{defect}: rework or scrap it."
    if r["status"] == "completed":
        return f"{r['serial']} passed the gate and completed its route."
    return f"{r['serial']} passed the gate and moved to step {r['step']} ({r['workstation']})."


def _say_measure(a: Result, r: Result) -> str:
    shown = a.get("value") if a.get("value") is not None else a.get("values")
    unit = f" {a['unit']}" if a.get("unit") else ""
    low, high = r.get("lower_limit"), r.get("upper_limit")
    limits = f" (limits {'' if low is None else low}…{'' if high is None else high})"
    failed = " — it failed the gate" if r.get("failed_gate") else ""
    return f"Recorded {a['test']} {shown}{unit} for {r['serial']}: {r['result']}{limits}{failed}."


def _say_wip(a: Result, r: Result) -> str:
    if "workstation" in r:
        w = r["workstation"]
        unit = "unit is" if w["count"] == 1 else "units are"
        return f"{w['count']} {unit} at {w['name']} ({w['code']})."
    return (
        f"{r['in_progress']} units in progress ({r['not_started']} not started yet), "
        f"{r['completed']} completed, {r['scrapped']} scrapped."
    )


def _say_order(a: Result, r: Result) -> str:
    return (
        f"{r['number']} is {r['status']}: {r['completed']} of {r['quantity']} completed, "
        f"{r['started']} started, {r['scrapped']} scrapped."
    )


def _say_failures(a: Result, r: Result) -> str:
    items = r["items"]
    if not items:
        return f"Nothing failed {a['day']}."
    scrapped = {e["serial"] for e in items if e["type"] == "scrap"}
    units = r["units"]
    named = ", ".join(units[:8]) + (", …" if len(units) > 8 else "")
    batches = len({e["batch_id"] for e in items if e["batch_id"] is not None})
    also = f" and {batches} batches" if batches else ""
    return (
        f"{a['day'].capitalize()}: {len(units)} units{also} failed an inspection or were "
        f"scrapped ({len(scrapped)} scrapped): {named}."
    )


def _say_history(a: Result, r: Result) -> str:
    items = r["items"]
    if not items:
        return f"{a['serial']} has no history yet."
    last = items[-1]
    return (
        f"{a['serial']} has {len(items)}{'+' if r['more'] else ''} events; the last: {last['type']}"
        f" at step {last['step']} by {last['actor']}."
    )


def _say_record(a: Result, r: Result) -> str:
    return (
        f"The record of {a['serial']}: {len(r['stays'])} stays at steps, "
        f"{len(r['measurements'])} measurements, {len(r['quality_events'])} quality events, "
        f"{len(r['issues'])} issues."
    )


def _say_generate(a: Result, r: Result) -> str:
    serials = r["serials"]
    span = f"{serials[0]} … {serials[-1]}" if len(serials) > 1 else serials[0]
    return f"Generated {r['count']} units for {r['order']}: {span}."


def _say_issue(a: Result, r: Result) -> str:
    blocking = ", blocking" if r["blocking"] else ""
    return f"Opened issue #{r['id']} ({r['type']}{blocking}): {r['title']}."


def _say_scrap(a: Result, r: Result) -> str:
    defect = f", defect {a['defect_code']}" if a.get("defect_code") else ""
    return f"Scrapped {r['serial']} ({a['reason']}{defect})."


def _say_rework(a: Result, r: Result) -> str:
    return f"Sent {r['serial']} back to step {r['step']} ({r['workstation']}) for rework."


def _say_cancel(a: Result, r: Result) -> str:
    return f"Cancelled {r['number']}; {r['scrapped']} units are scrapped in all."


def _brief(u: Result) -> str:
    where = f" at {u['workstation']}" if u.get("workstation") else ""
    return f"order {u['order']}, {u['status'].replace('_', ' ')}, step {u['step']}{where}"


def _ask_scrap(a: Result) -> str:
    defect = f", defect {a['defect_code']}" if a.get("defect_code") else ""
    return f"Scrap {a['serial']} ({_brief(a['unit'])}) — reason: {a['reason']}{defect}?"


def _ask_rework(a: Result) -> str:
    return f"Send {a['serial']} ({_brief(a['unit'])}) back to step {a['to_step']} for rework?"


def _ask_cancel(a: Result) -> str:
    o = a["current"]
    reason = f" — reason: {a['reason']}" if a.get("reason") else ""
    return (
        f"Cancel {o['number']} ({o['status']}, {o['completed']} of {o['quantity']} completed)? "
        f"Its units still in progress are scrapped{reason}."
    )


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
            lambda a, r: unit_sentence(r),
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
            _say_history,
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
            _say_record,
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
            _say_wip,
            query=_wip,
        ),
        Tool(
            "order_status",
            "read an order",
            "A production order's status and counters (quantity, started, completed, scrapped).",
            OrderArgs,
            _READ,
            _plain,
            _say_order,
            query=_order,
        ),
        Tool(
            "quality_failures",
            "read the quality log",
            "Failed inspections and scrapped units of the plant-local day (today or yesterday).",
            FailuresArgs,
            _READ,
            _plain,
            _say_failures,
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
            _say_generate,
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
            _say_move,
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
            _say_gate,
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
            _say_measure,
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
            _say_issue,
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
            _say_scrap,
            execute=_scrap,
            destructive=True,
            summary=_ask_scrap,
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
            _say_rework,
            execute=_rework,
            destructive=True,
            summary=_ask_rework,
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
            _say_cancel,
            execute=_cancel,
            destructive=True,
            summary=_ask_cancel,
        ),
    )
}
