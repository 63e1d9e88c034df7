"""The labour report (`GET /analytics/labour`): hours, output and efficiency per group, in one
set-based statement over the window.

Definitions (also in the endpoint's description and docs/labour.md):

- **hours**: Σ `seconds` of the entries *closed* in the window (`ended_at` in [from, to)),
  each in full; open entries count once they close. A person on two jobs at once books both.
- **units**: the jobs that finished their step in the window while the group was clocked on
  to them — a unit leaving the entry's step forward (its `moved` or `completed` event from
  that step, at a time within the entry), a batch step completing (its `good` quantity,
  completed within the entry). Entries are closed by that very command (`labour.close`), so
  its time is the entry's end: output and hours fall in the same window. Each finishing
  counts once per group, however many of the group's people were on it (in the `user`
  grouping every person on it is credited). Someone who clocked off before the job finished
  is not credited with it.
- **standard_hours**: `Σ ideal_cycle_s * units / 3600` over the route steps (a step without an
  ideal cycle time adds nothing); **efficiency** = standard_hours / hours, null without
  hours.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.analytics.sql import SINCE, UNTIL, prepare
from app.analytics.window import ClosedWindow
from app.labour.repository import batch_steps, batches, labour, orders, units, users, workstations
from app.labour.schemas import LabourGroup, LabourReport, LabourRow
from app.models import BatchStepStatus, EventType, Route, RouteRevision, RouteStep, UnitEvent

unit_events = cast(Table, UnitEvent.__table__)
route_steps = cast(Table, RouteStep.__table__)
route_revisions = cast(Table, RouteRevision.__table__)
routes = cast(Table, Route.__table__)

_FINISHING = (EventType.MOVED.value, EventType.COMPLETED.value)


def _entries() -> Any:
    """Entries closed in the window, each with the finishing of its job's step it was on
    (its time, or NULL) and the quantity that finishing produced."""
    le = labour
    ev = unit_events
    unit_finished = (
        select(func.max(ev.c.at))
        .where(
            ev.c.unit_id == le.c.unit_id,
            ev.c.from_step == le.c.step,
            ev.c.type.in_(_FINISHING),
            ev.c.at >= le.c.started_at,
            ev.c.at <= le.c.ended_at,
            ev.c.at >= SINCE,
            ev.c.at < UNTIL,
        )
        .scalar_subquery()
    )
    done = batch_steps.c.completed_at
    batch_finished = case(
        (
            and_(
                batch_steps.c.status == BatchStepStatus.DONE.value,
                done >= le.c.started_at,
                done <= le.c.ended_at,
                done >= SINCE,
                done < UNTIL,
            ),
            done,
        )
    )
    is_unit = le.c.unit_id.is_not(None)
    return (
        select(
            le.c.id,
            le.c.user_id,
            le.c.order_id,
            le.c.workstation_id,
            le.c.unit_id,
            le.c.batch_id,
            le.c.step,
            le.c.seconds,
            func.coalesce(units.c.route_revision_id, batches.c.route_revision_id).label(
                "revision_id"
            ),
            case((is_unit, unit_finished), else_=batch_finished).label("finished_at"),
            case((is_unit, literal(1)), else_=batch_steps.c.good).label("quantity"),
        )
        .select_from(le)
        .outerjoin(units, units.c.id == le.c.unit_id)
        .outerjoin(batches, batches.c.id == le.c.batch_id)
        .outerjoin(
            batch_steps,
            and_(batch_steps.c.batch_id == le.c.batch_id, batch_steps.c.seq == le.c.step),
        )
        # `started_at < to` holds for every entry closed before `to`: it lets the index on
        # `started_at` bound the scan.
        .where(le.c.ended_at >= SINCE, le.c.ended_at < UNTIL, le.c.started_at < UNTIL)
        .cte("e")
    )


def _report(group: LabourGroup) -> Any:
    """The statement of one grouping: per group, entries, seconds, units, standard seconds."""
    e = _entries()
    rs = route_steps
    joined: Any = e.outerjoin(rs, and_(rs.c.revision_id == e.c.revision_id, rs.c.seq == e.c.step))
    keys: list[Any]
    if group is LabourGroup.USER:
        joined = joined.join(users, users.c.id == e.c.user_id)
        keys = [e.c.user_id, users.c.username]
    elif group is LabourGroup.ORDER:
        joined = joined.join(orders, orders.c.id == e.c.order_id)
        keys = [orders.c.number]
    elif group is LabourGroup.STEP:
        joined = joined.outerjoin(
            route_revisions, route_revisions.c.id == rs.c.revision_id
        ).outerjoin(routes, routes.c.id == route_revisions.c.route_id)
        keys = [routes.c.id, routes.c.code, rs.c.seq, rs.c.name]
    else:
        joined = joined.outerjoin(workstations, workstations.c.id == e.c.workstation_id)
        keys = [e.c.workstation_id, workstations.c.code]
    labelled = [k.label(f"k{i}") for i, k in enumerate(keys)]
    # The first entry of the group on each finishing carries it: counted once per group.
    first = func.row_number().over(
        partition_by=[*keys, e.c.unit_id, e.c.batch_id, e.c.step, e.c.finished_at],
        order_by=e.c.id,
    )
    rows = (
        select(
            *labelled,
            e.c.seconds,
            e.c.quantity,
            e.c.finished_at,
            rs.c.ideal_cycle_s,
            first.label("first"),
        )
        .select_from(joined)
        .subquery("r")
    )
    counted = and_(rows.c.finished_at.is_not(None), rows.c.first == 1)
    produced = case((counted, rows.c.quantity), else_=0)
    standard = case(
        (counted, rows.c.quantity * func.coalesce(rows.c.ideal_cycle_s, 0.0)), else_=0.0
    )
    key_columns = [rows.c[f"k{i}"] for i in range(len(keys))]
    return (
        select(
            *key_columns,
            func.count(),
            func.coalesce(func.sum(rows.c.seconds), 0.0),
            func.coalesce(func.sum(produced), 0),
            func.coalesce(func.sum(standard), 0.0),
        )
        .group_by(*key_columns)
        .order_by(*key_columns)
    )


_REPORTS = {group: _report(group) for group in LabourGroup}


def _row(group: LabourGroup, values: Any) -> LabourRow:
    *key, entries, seconds, produced, standard_seconds = values
    hours = float(seconds) / 3600
    standard_hours = float(standard_seconds) / 3600
    fields: dict[str, Any] = {}
    if group is LabourGroup.USER:
        fields = {"user_id": key[0], "key": key[1]}
    elif group is LabourGroup.ORDER:
        fields = {"order": key[0], "key": key[0]}
    elif group is LabourGroup.STEP:
        route_id, route, seq, name = key
        label = f"{route}/{seq} {name}" if route is not None else "?"
        fields = {"route_id": route_id, "route": route, "step": seq, "step_name": name}
        fields["key"] = label
    else:
        fields = {"workstation_id": key[0], "workstation": key[1], "key": key[1] or "-"}
    return LabourRow(
        **fields,
        entries=int(entries),
        hours=hours,
        units=int(produced),
        standard_hours=standard_hours,
        efficiency=standard_hours / hours if hours > 0 else None,
    )


async def labour_report(
    session: AsyncSession, window: ClosedWindow, group: LabourGroup
) -> LabourReport:
    """Hours, units, standard hours and efficiency per group (see the module docstring)."""
    await prepare(session)
    found = await session.execute(_REPORTS[group], {"since": window.since, "until": window.until})
    return LabourReport(
        from_=window.since,
        to=window.until,
        group_by=group,
        rows=[_row(group, row) for row in found.all()],
    )
