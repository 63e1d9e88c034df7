"""Issues: opened on the shop floor, acknowledged, resolved and closed.

Every command writes the issue's audit entry and an `issue` outbox event in its
transaction; a blocking issue naming an order blocks and releases it (`app.issues.blocking`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import record
from app.auth.errors import NotYourStation
from app.auth.principal import Principal
from app.db.command import Command
from app.db.dialect import is_postgres
from app.issues import blocking
from app.issues import repository as repo
from app.issues.errors import PlaceMismatch
from app.issues.events import ISSUE_EVENT
from app.issues.schemas import IssueCreate, IssueOut
from app.kit import crud
from app.kit.errors import IllegalTransition, NotFound, UnknownReference
from app.kit.pagination import PageParams, keyset, page_of
from app.kit.time import utcnow
from app.models import Issue, IssueStatus, IssueType, Line, Order, Unit, Workstation

ENTITY = "issue"
I = IssueStatus  # noqa: E741

# action -> (statuses it may be taken from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], IssueStatus]] = {
    "acknowledge": ((I.OPEN.value,), I.ACKNOWLEDGED),
    "resolve": ((I.OPEN.value, I.ACKNOWLEDGED.value), I.RESOLVED),
    "close": ((I.RESOLVED.value,), I.CLOSED),
}
# The column prefix each action stamps (`acknowledged_by`, `acknowledged_at`, …).
STAMPS = {"acknowledge": "acknowledged", "resolve": "resolved", "close": "closed"}


def issue_out(row: Any) -> IssueOut:
    issue, type_code, order_number, _, serial = row
    return IssueOut(
        id=issue.id,
        type=type_code,
        blocking=issue.blocking,
        status=IssueStatus(issue.status),
        title=issue.title,
        description=issue.description,
        order=order_number,
        line_id=issue.line_id,
        workstation_id=issue.workstation_id,
        serial=serial,
        opened_by=issue.opened_by,
        opened_at=issue.opened_at,
        acknowledged_by=issue.acknowledged_by,
        acknowledged_at=issue.acknowledged_at,
        resolved_by=issue.resolved_by,
        resolved_at=issue.resolved_at,
        resolution=issue.resolution,
        closed_by=issue.closed_by,
        closed_at=issue.closed_at,
    )


async def _issue_type(session: AsyncSession, ref: int | str) -> IssueType:
    found = (
        await session.get(IssueType, ref)
        if isinstance(ref, int)
        else await repo.type_by_code(session, ref)
    )
    if found is None:
        raise UnknownReference(f"issue type {ref!r} does not exist", field="type")
    return found


class _Place:
    """Where an issue is and what it concerns, checked against each other."""

    def __init__(self) -> None:
        self.line_id: int | None = None
        self.workstation_id: int | None = None
        self.order: Order | None = None
        self.unit: Unit | None = None

    @property
    def authority_line(self) -> int | None:
        """The line an operator must be assigned to: the issue's line (named, or its
        workstation's), else the unit's line, else the order's planned line."""
        if self.line_id is not None:
            return self.line_id
        if self.unit is not None and self.unit.line_id is not None:
            return self.unit.line_id
        return self.order.line_id if self.order is not None else None


async def _place(session: AsyncSession, data: IssueCreate) -> _Place:
    place = _Place()
    if data.line_id is not None:
        await crud.require_reference(session, Line, data.line_id, "line_id")
        place.line_id = data.line_id
    if data.workstation_id is not None:
        station = await crud.require_reference(
            session, Workstation, data.workstation_id, "workstation_id"
        )
        if place.line_id is not None and station.line_id != place.line_id:
            raise PlaceMismatch(
                f"workstation {station.code} is not on line {place.line_id}",
                field="workstation_id",
            )
        place.workstation_id = station.id
        place.line_id = station.line_id
    if data.serial is not None:
        place.unit = await repo.unit_by_serial(session, data.serial)
        if place.unit is None:
            raise UnknownReference(f"unit {data.serial!r} does not exist", field="serial")
    if data.order is not None:
        place.order = await repo.order_by_number(session, data.order)
        if place.order is None:
            raise UnknownReference(f"order {data.order!r} does not exist", field="order")
        if place.unit is not None and place.unit.order_id != place.order.id:
            raise PlaceMismatch(f"unit {data.serial} is not of order {data.order}", field="serial")
    elif place.unit is not None:
        place.order = await session.get(Order, place.unit.order_id)
    return place


def _authorize(principal: Principal, place: _Place) -> None:
    """Operators open issues on their lines only; a workstation account at its station."""
    if principal.kind != "user":
        return
    if principal.workstation_id is not None and place.workstation_id != principal.workstation_id:
        raise NotYourStation(
            "a workstation account opens issues at its own workstation: name it in workstation_id"
        )
    if principal.is_restricted_operator and place.authority_line not in principal.line_ids:
        raise NotYourStation(
            "this issue is not on one of your lines (its line, its workstation's line, its "
            "unit's line or its order's planned line)"
        )


async def _publish(cmd: Command, row: Any) -> IssueOut:
    """The event every issue change emits: the issue as the API returns it."""
    out = issue_out(row)
    issue, _, _, order_line, _ = row
    line_id = issue.line_id if issue.line_id is not None else order_line
    await cmd.emit(ISSUE_EVENT, payload=out.model_dump(mode="json"), line_id=line_id)
    return out


async def open_issue(cmd: Command, principal: Principal, data: IssueCreate) -> IssueOut:
    """Open an issue; a blocking one naming an order (or a unit of it) blocks the order."""
    session = await cmd.session()
    issue_type = await _issue_type(session, data.type)
    place = await _place(session, data)
    _authorize(principal, place)
    order = place.order
    if issue_type.blocking and (place.workstation_id or place.line_id) and is_postgres(session):
        # Blocks the unit and batch commands at a workstation: they finish first, or wait
        # and then see it (`app.issues.hooks`). Before the order's lock: unit commands take
        # the units' locks before their order's.
        await session.execute(text("LOCK TABLE units, batches IN EXCLUSIVE MODE"))
    blocks = issue_type.blocking and order is not None
    if blocks:
        assert order is not None
        order = await repo.lock_order(session, order.id)  # before the issue is written
    issue = Issue(
        type_id=issue_type.id,
        blocking=issue_type.blocking,
        status=IssueStatus.OPEN.value,
        title=data.title,
        description=data.description,
        order_id=order.id if order is not None else None,
        line_id=place.line_id,
        workstation_id=place.workstation_id,
        unit_id=place.unit.id if place.unit is not None else None,
        opened_by=principal.actor,
        opened_at=utcnow(),
    )
    session.add(issue)
    await crud.flush(session)
    if blocks:
        assert order is not None
        await blocking.block(session, principal.actor, order, issue.id)
    row = await repo.issue_row(session, issue.id)
    out = issue_out(row)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=issue.id,
        action="open",
        after=out.model_dump(mode="json", exclude={"id"}),
    )
    return await _publish(cmd, row)


async def transition(
    cmd: Command, principal: Principal, issue_id: int, action: str, resolution: str | None = None
) -> IssueOut:
    """Take one lifecycle step (compare-and-set on the status); an illegal one is 409
    `illegal_transition` and changes nothing. Resolving the last active blocking issue of
    an order releases the order."""
    session = await cmd.session()
    row = await repo.issue_row(session, issue_id)
    if row is None:
        raise NotFound(f"issue {issue_id} does not exist")
    allowed, target = TRANSITIONS[action]
    # Resolving ends what a blocking issue blocks: its order's lock first (what an issue
    # blocks and names never changes, so it is read before the locks).
    order_id: int | None = row[0].order_id if row[0].blocking else None
    order = None
    if order_id is not None and target == I.RESOLVED:
        order = await repo.lock_order(session, order_id)
    issue = await repo.lock_issue(session, issue_id)
    if issue.status not in allowed:
        raise IllegalTransition(
            f"cannot {action} issue {issue_id}: it is {issue.status}", issue_status=issue.status
        )
    before = {"status": issue.status}
    now = utcnow()
    values: dict[str, Any] = {"status": target.value}
    values.update(repo.stamp(STAMPS[action], principal.actor, now))
    if resolution is not None:
        values["resolution"] = resolution
    for name, value in values.items():
        setattr(issue, name, value)
    await crud.flush(session)
    if order is not None:
        await blocking.release(session, principal.actor, order, issue_id)
    row = await repo.issue_row(session, issue_id)
    await record(
        session,
        actor=principal.actor,
        entity_type=ENTITY,
        entity_id=issue_id,
        action=action,
        before=before,
        after=values,
    )
    return await _publish(cmd, row)


async def get_issue(session: AsyncSession, issue_id: int) -> IssueOut:
    row = await repo.issue_row(session, issue_id)
    if row is None:
        raise NotFound(f"issue {issue_id} does not exist")
    return issue_out(row)


async def list_issues(
    session: AsyncSession,
    params: PageParams,
    *,
    status: IssueStatus | None = None,
    type_: str | None = None,
    order: str | None = None,
    line_id: int | None = None,
    workstation_id: int | None = None,
    blocking: bool | None = None,
) -> tuple[list[IssueOut], str | None]:
    """Issues, newest first."""
    stmt = repo.filtered(
        repo.issues(),
        status=status.value if status is not None else None,
        type_=type_,
        order=order,
        line_id=line_id,
        workstation_id=workstation_id,
        blocking=blocking,
    )
    rows = (await session.execute(keyset(stmt, Issue.id, params, descending=True))).all()
    items, cursor = page_of(rows, params, lambda row: row[0].id)
    return [issue_out(r) for r in items], cursor
