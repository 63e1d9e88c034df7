"""Installing a child unit into a parent unit, and removing it.

Install: the parent in progress at a route step (step ≥ 1) of a running order, the caller
allowed there (operators on their lines, a workstation account at its station, as for moves);
the child `completed`, installed nowhere (no open assembly row) and not the parent nor a unit
the parent is installed in (no loops). Every refusal of the units' states is 409
`not_installable` with a `reason`. "Installed nowhere else" holds under concurrency by the
partial unique index (`app.genealogy.repository`).

Remove: the child installed (open row) in this parent, whatever the parent's status (a
scrapped parent's parts are salvaged); the caller allowed at the parent's current step
(operators: only while the parent is at a step of their lines).

Both write `installed` / `removed` history on both units (the other unit's serial, and the
reason, in `notes`), an audit entry (`assembly`) and an outbox event.
"""

from __future__ import annotations

from typing import Any

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.db.command import Command
from app.genealogy import repository as repo
from app.genealogy.errors import NotInstallable, NotInstalled
from app.genealogy.events import UNIT_INSTALLED, UNIT_REMOVED
from app.genealogy.repository import UnitState
from app.genealogy.schemas import AssemblyOut, InstallChild, RemoveChild
from app.kit.errors import Conflict, NotFound, UnknownReference
from app.kit.time import utcnow
from app.models import EventType, OrderStatus, UnitStatus
from app.transitions.errors import OrderNotRunnable

ENTITY = "assembly"
# Install attempts while the parent keeps moving on between the read and the write.
ATTEMPTS = 3
_IN_PROGRESS = UnitStatus.IN_PROGRESS.value
_COMPLETED = UnitStatus.COMPLETED.value


async def _units(cmd: Command, serial: str, child_serial: str) -> tuple[UnitState, UnitState]:
    parent = await repo.unit_state(cmd.ex, serial)
    if parent is None:
        raise NotFound(f"unit {serial} does not exist")
    child = await repo.unit_state(cmd.ex, child_serial)
    if child is None:
        raise UnknownReference(f"unit {child_serial} does not exist", field="child_serial")
    return parent, child


def _refuse(reason: str, detail: str) -> NotInstallable:
    return NotInstallable(detail, reason=reason)


def _check_parent(parent: UnitState, principal: Principal) -> None:
    if parent.status != _IN_PROGRESS:
        raise _refuse("parent_finished", f"parent unit {parent.serial} is {parent.status}")
    if parent.step < 1:
        raise _refuse(
            "parent_not_started",
            f"parent unit {parent.serial} has not entered its route: move it first",
        )
    if parent.order_status != OrderStatus.RUNNING.value:
        raise OrderNotRunnable(
            f"order {parent.order_number} is {parent.order_status}; its units cannot be worked on",
            order_status=parent.order_status,
        )
    principal.require_station(parent.workstation_id, parent.line_id)


async def _check_child(cmd: Command, parent: UnitState, child: UnitState) -> None:
    if child.status != _COMPLETED:
        raise _refuse(
            "child_not_completed",
            f"unit {child.serial} is {child.status}: only a completed unit is installed",
        )
    where = await repo.installed_in(cmd.ex, child.id)
    if where is not None:
        raise _refuse(
            "child_installed",
            f"unit {child.serial} is already installed in {where}; remove it there first",
        )
    if await repo.is_ancestor(cmd.ex, child.id, parent.id):
        raise _refuse(
            "cycle",
            f"unit {parent.serial} is installed (indirectly) in {child.serial}: installing "
            f"{child.serial} into it would make a loop",
        )


def _out(
    parent: UnitState,
    child: UnitState,
    assembly_id: int,
    step: int,
    installed: tuple[Any, str],
    removed: tuple[Any, str, str] | None = None,
) -> AssemblyOut:
    return AssemblyOut(
        id=assembly_id,
        parent=parent.serial,
        child=child.serial,
        child_part=child.part,
        step=step,
        installed_at=installed[0],
        installed_by=installed[1],
        removed_at=removed[0] if removed else None,
        removed_by=removed[1] if removed else None,
        removed_reason=removed[2] if removed else None,
    )


async def _publish(cmd: Command, type_: str, out: AssemblyOut, parent: UnitState) -> None:
    await cmd.emit(type_, payload=out.model_dump(mode="json"), line_id=parent.line_id)


async def install(
    cmd: Command, principal: Principal, serial: str, body: InstallChild
) -> AssemblyOut:
    """Install `body.child_serial` into unit `serial` (see the module docstring).

    404 unknown parent; 422 `unknown_reference` unknown child; 403 `not_your_station`;
    409 `not_installable` (with `reason`), `order_not_runnable`."""
    for _ in range(ATTEMPTS):
        parent, child = await _units(cmd, serial, body.child_serial)
        if parent.id == child.id:
            raise _refuse("same_unit", f"unit {serial} cannot be installed into itself")
        _check_parent(parent, principal)
        await _check_child(cmd, parent, child)
        at = utcnow()
        if await repo.touch_parent(cmd.ex, parent, at):
            break
    else:
        raise Conflict(
            "the parent kept moving on while installing; retry", code="concurrent_update"
        )
    assembly_id = await repo.insert_assembly(cmd.ex, parent, child, at, principal.actor)
    if assembly_id is None:  # another parent took it since the read (the transaction is
        # aborted on PostgreSQL: nothing more to ask)
        raise _refuse("child_installed", f"unit {child.serial} was just installed in another unit")
    await repo.write_history(
        cmd.ex,
        EventType.INSTALLED.value,
        [(parent, f"installed {child.serial}"), (child, f"installed into {parent.serial}")],
        principal.actor,
        at,
    )
    out = _out(parent, child, assembly_id, parent.step, (at, principal.actor))
    await cmd.audit(
        audit_row(
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=assembly_id,
            action="install",
            after={"parent": parent.serial, "child": child.serial, "step": parent.step},
        )
    )
    await _publish(cmd, UNIT_INSTALLED, out, parent)
    return out


async def remove(cmd: Command, principal: Principal, serial: str, body: RemoveChild) -> AssemblyOut:
    """Take `body.child_serial` out of unit `serial` (see the module docstring).

    404 unknown parent; 422 `unknown_reference` unknown child; 403 `not_your_station`;
    409 `not_installed` when the child is not installed in this parent."""
    parent, child = await _units(cmd, serial, body.child_serial)
    principal.require_station(parent.workstation_id, parent.line_id)
    at = utcnow()
    closed = await repo.close_assembly(
        cmd.ex, parent.id, child.id, at, principal.actor, body.reason
    )
    if closed is None:
        raise NotInstalled(f"unit {child.serial} is not installed in {parent.serial}")
    assembly_id, step, installed_at, installed_by = closed
    await repo.write_history(
        cmd.ex,
        EventType.REMOVED.value,
        [
            (parent, f"removed {child.serial}: {body.reason}"),
            (child, f"removed from {parent.serial}: {body.reason}"),
        ],
        principal.actor,
        at,
    )
    out = _out(
        parent,
        child,
        assembly_id,
        step,
        (installed_at, installed_by),
        (at, principal.actor, body.reason),
    )
    await cmd.audit(
        audit_row(
            actor=principal.actor,
            entity_type=ENTITY,
            entity_id=assembly_id,
            action="remove",
            before={"removed_at": None},
            after={"removed_at": at, "removed_by": principal.actor, "reason": body.reason},
        )
    )
    await _publish(cmd, UNIT_REMOVED, out, parent)
    return out
