"""Automatic issues: a machine reporting `down` opens an issue of its workstation's
`auto_issue_type`; the machine running again resolves it.

A listener of machine-state changes (`app.equipment.hooks`, registered by `register` at
start-up), so it runs in the transaction that records the state — an MQTT batch, a dead
letter's replay or the silence checker — on that command's `Executor`. The MQTT batch runs
on the hot path (Core statements, no ORM session), so this module writes the issue with Core
statements; what it writes is what `app.issues.service` writes for a manual issue: the same
row, the same audit entries (`open`, `resolve`) and the same `issue` outbox event (the issue
as the API returns it, built by `service.issue_out`).

- The issue names the workstation (and so its line), no order: it blocks no order. Its
  `blocking` is the type's, so workstation blocking counts it like a manual one, and opening
  a blocking one takes the same table lock a manual one takes (PostgreSQL).
- At most one automatic issue is active (open or acknowledged) per workstation: the partial
  unique index `ux_issues_automatic_active`. A second `down` while one is active (another
  reason, `down` after `idle`) opens nothing; two consumers racing to open one hit the
  index, and the loser's batch is retried (the ingest's race handling) and then sees it.
- `running` resolves the active automatic issue (`resolved_by` the machine's actor,
  resolution "machine running again"); `idle`, `setup` or `off` leave it open. An issue
  someone resolved by hand stays resolved; the next `down` opens a new one.
- A workstation without `auto_issue_type`, or whose type no longer exists, gets none.
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, text, update

from app.audit.recorder import append, audit_row
from app.db.binding import bound
from app.db.executor import Executor
from app.equipment import hooks
from app.equipment.hooks import StateChange
from app.issues.events import ISSUE_EVENT
from app.issues.schemas import IssueOut
from app.issues.service import ENTITY, STAMPS, issue_out
from app.kit.time import utcnow
from app.models import Issue, IssueStatus, IssueType, MachineStateName, Workstation
from app.models.issues import ACTIVE_AUTOMATIC
from app.outbox import repository as outbox

log = logging.getLogger("takt.issues")

LISTENER = "issues.automatic"
RESOLUTION = "machine running again"

issues = cast(Table, Issue.__table__)
types = cast(Table, IssueType.__table__)
workstations = cast(Table, Workstation.__table__)

_COLUMNS = tuple(c.name for c in issues.columns)
_WRITTEN = (
    "type_id",
    "blocking",
    "automatic",
    "status",
    "title",
    "description",
    "line_id",
    "workstation_id",
    "opened_by",
    "opened_at",
)

_SETTING = (
    select(workstations.c.code, workstations.c.line_id, types.c.id, types.c.blocking)
    .select_from(workstations)
    .join(types, types.c.code == workstations.c.auto_issue_type)
    .where(workstations.c.id == bindparam("workstation_id"))
)
_ACTIVE = (
    select(issues.c.id, issues.c.status)
    .where(
        issues.c.workstation_id == bindparam("workstation_id"),
        # The partial index's predicate, as text: the hot path compiles statements once,
        # without expanding IN lists.
        text(ACTIVE_AUTOMATIC),
    )
    .with_for_update()
)
_LOCK_PRODUCTION = text("LOCK TABLE units, batches IN EXCLUSIVE MODE")
_INSERT = insert(issues).values(bound(issues, _WRITTEN)).returning(issues.c.id)
_RESOLVE = (
    update(issues)
    .where(issues.c.id == bindparam("b_id"))
    .values(
        status=IssueStatus.RESOLVED.value,
        resolved_by=bindparam("b_actor", type_=issues.c.resolved_by.type),
        resolved_at=bindparam("b_at", type_=issues.c.resolved_at.type),
        resolution=bindparam("b_resolution", type_=issues.c.resolution.type),
    )
)
_ROW = (
    select(*issues.columns, types.c.code)
    .join(types, types.c.id == issues.c.type_id)
    .where(issues.c.id == bindparam("issue_id"))
)


async def on_state_change(ex: Executor, change: StateChange) -> None:
    """The listener: `down` opens, `running` resolves."""
    if change.state == MachineStateName.DOWN.value:
        await _open(ex, change)
    elif change.state == MachineStateName.RUNNING.value:
        await _resolve(ex, change)


async def _active(ex: Executor, workstation_id: int) -> Any:
    return await ex.fetchrow(_ACTIVE, {"workstation_id": workstation_id})


async def _open(ex: Executor, change: StateChange) -> None:
    setting = await ex.fetchrow(_SETTING, {"workstation_id": change.workstation_id})
    if setting is None or await _active(ex, change.workstation_id) is not None:
        return
    code, line_id, type_id, blocking = setting
    if blocking and ex.postgres:
        # As for a manual issue (`service.open_issue`): unit and batch commands at the
        # workstation finish first, or wait and then see the issue — never half. The batch
        # may already hold unit rows a waiting move wants: PostgreSQL then reports a
        # deadlock, a transient failure the ingest retries.
        await ex.execute(_LOCK_PRODUCTION)
    description = f"reported by {change.actor}"
    if change.reason:
        description += f": {change.reason}"
    issue_id = int(
        await ex.fetchval(
            _INSERT,
            {
                "type_id": type_id,
                "blocking": bool(blocking),
                "automatic": True,
                "status": IssueStatus.OPEN.value,
                "title": f"{code} down",
                "description": description,
                "line_id": line_id,
                "workstation_id": change.workstation_id,
                "opened_by": change.actor,
                "opened_at": utcnow(),
            },
        )
    )
    out = await _issue(ex, issue_id)
    await _audit(
        ex, change.actor, issue_id, "open", None, out.model_dump(mode="json", exclude={"id"})
    )
    await _publish(ex, out)


async def _resolve(ex: Executor, change: StateChange) -> None:
    active = await _active(ex, change.workstation_id)
    if active is None:
        return
    issue_id, status = int(active[0]), active[1]
    now = utcnow()
    await ex.execute(
        _RESOLVE,
        {"b_id": issue_id, "b_actor": change.actor, "b_at": now, "b_resolution": RESOLUTION},
    )
    after: dict[str, Any] = {"status": IssueStatus.RESOLVED.value}
    after.update({f"{STAMPS['resolve']}_by": change.actor, f"{STAMPS['resolve']}_at": now})
    after["resolution"] = RESOLUTION
    await _audit(ex, change.actor, issue_id, "resolve", {"status": status}, after)
    await _publish(ex, await _issue(ex, issue_id))


async def _issue(ex: Executor, issue_id: int) -> IssueOut:
    row = await ex.fetchrow(_ROW, {"issue_id": issue_id})
    assert row is not None
    issue = SimpleNamespace(**dict(zip(_COLUMNS, row[: len(_COLUMNS)], strict=True)))
    return issue_out((issue, row[len(_COLUMNS)], None, None, None))


async def _audit(
    ex: Executor,
    actor: str,
    issue_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    row = audit_row(
        actor=actor,
        entity_type=ENTITY,
        entity_id=issue_id,
        action=action,
        before=before,
        after=after,
    )
    await append(ex, row)


async def _publish(ex: Executor, out: IssueOut) -> None:
    """The `issue` event, as `service._publish` emits it (the issue names no order: its own
    line)."""
    await outbox.append(
        ex, ISSUE_EVENT, payload=out.model_dump(mode="json"), line_id=out.line_id, at=utcnow()
    )


def register() -> None:
    """Listen to machine-state changes (idempotent)."""
    hooks.register(LISTENER, on_state_change)
