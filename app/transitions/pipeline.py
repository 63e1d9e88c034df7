"""The unit transition pipeline: read (or lock) the unit, apply the rules, run the hooks,
write everything in one statement, in the command's transaction.

Every unit command of every way in (REST, MQTT, a failing measurement at a gate) goes through
here. The rules are pure (`app.transitions.rules`); other domains add behaviour with hooks
(`app.transitions.hooks`), so this package imports none of them. A plain move whose hooks
need no lock takes the lock-free path when its command allows a single-statement
transaction (`Command.single_statement()`): it reads the unit, checks the rules, and writes
everything as one compare-and-set statement that commits by itself.
"""

from __future__ import annotations

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.db.command import Command
from app.kit.errors import Invalid, NotFound, UnknownReference
from app.kit.time import utcnow
from app.masterdata import repository as masterdata
from app.outbox.events import OUTBOX_TOPIC
from app.transitions import repository as repo
from app.transitions import rules
from app.transitions.hooks import HookSet, hooks
from app.transitions.repository import TransitionWrite
from app.transitions.state import Action, Change, UnitState

# Compare-and-set attempts of a move before it falls back to locking the unit.
OPTIMISTIC_MOVE_TRIES = 3


async def _lock(cmd: Command, serial: str) -> UnitState:
    state = await repo.lock_unit(cmd.ex, serial)
    if state is None:
        raise NotFound(f"unit {serial} does not exist")
    return state


async def _defect_id(cmd: Command, code: str | None) -> int | None:
    if code is None:
        return None
    defect_id = await masterdata.defect_code_id(cmd.ex, code)
    if defect_id is None:
        raise UnknownReference(f"defect code {code!r} does not exist", field="defect_code")
    return defect_id


def _write(change: Change, found: HookSet) -> TransitionWrite:
    before, after = change.audit_values()
    return TransitionWrite(
        unit_id=change.state.id,
        unit_values=change.unit_values(),
        history=change.history,
        outbox=change.outbox,
        audit=audit_row(
            actor=change.actor,
            entity_type="unit",
            entity_id=change.state.serial,
            action=change.action.value,
            before=before,
            after=after,
        ),
        finish=change.finish(),
        extra=found.contributed(change),
    )


async def _commit(cmd: Command, change: Change) -> Change:
    """Check, write and follow up a change of a locked unit."""
    found = hooks.of(change.action)
    await found.run_checks(cmd, change)
    await repo.write_transition(cmd.ex, _write(change, found))
    # After the unit's own rows, so dashboards see its change before anything a hook adds.
    await found.run_afters(cmd, change)
    cmd.touch(OUTBOX_TOPIC)
    return change


async def move(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    expected_step: int | None = None,
    notes: str | None = None,
) -> Change:
    """Finish the current step and enter the next; from the last step, complete the unit."""
    found = hooks.of(Action.MOVE)
    single = None if found.needs_lock else cmd.single_statement()
    if single is not None:
        # Losing a race re-reads; the rules are always judged on the state the write
        # replaces. A completing unit's statement also counts it on its order, so the order
        # row stays locked only while that statement commits. A unit that keeps losing races
        # takes the locked path.
        for _ in range(OPTIMISTIC_MOVE_TRIES):
            state = await repo.read_unit_alone(single, serial)
            if state is None:
                raise NotFound(f"unit {serial} does not exist")
            change = rules.move(
                state, principal, utcnow(), expected_step=expected_step, notes=notes
            )
            if await repo.write_transition_if_unchanged(single, _write(change, found), state):
                cmd.touch(OUTBOX_TOPIC)
                return change
    state = await _lock(cmd, serial)
    change = rules.move(state, principal, utcnow(), expected_step=expected_step, notes=notes)
    return await _commit(cmd, change)


async def decide_gate(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    passed: bool,
    defect_code: str | None = None,
    notes: str | None = None,
) -> Change:
    """Record an inspection result at a gate step; a pass moves the unit on (if the hooks'
    checks — quality's required tests — allow it)."""
    state = await _lock(cmd, serial)
    rules.check_gate_decision(state, principal)
    defect_id = await _defect_id(cmd, defect_code)
    decide = rules.gate_pass if passed else rules.gate_fail
    change = decide(state, principal.actor, utcnow(), defect_code_id=defect_id, notes=notes)
    return await _commit(cmd, change)


async def fail_gate_at(cmd: Command, serial: str, step: int, actor: str, notes: str) -> bool:
    """Fail the gate at `step` if the unit, now locked, still waits for its decision there
    (a failing measurement of the gate's test); False when a concurrent command decided."""
    state = await repo.lock_unit(cmd.ex, serial)
    if state is None or not rules.fails_gate_at(state, step):
        return False
    await _commit(cmd, rules.gate_fail(state, actor, utcnow(), notes=notes))
    return True


async def rework(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    to_step: int,
    defect_code: str | None = None,
    notes: str | None = None,
) -> Change:
    """Send the unit back to this or an earlier step."""
    state = await _lock(cmd, serial)
    rules.check_rework(state, principal)
    target = await repo.route_step(cmd.ex, state.route_revision_id, to_step)
    if target is None:
        raise Invalid(f"the route has no step {to_step}", code="unknown_step")
    rules.check_rework_target(state, target)
    defect_id = await _defect_id(cmd, defect_code)
    change = rules.rework(state, principal, utcnow(), target, defect_code_id=defect_id, notes=notes)
    return await _commit(cmd, change)


async def scrap(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    reason: str,
    defect_code: str | None = None,
) -> Change:
    """End the unit as scrapped."""
    state = await _lock(cmd, serial)
    rules.check_scrap(state, principal)
    defect_id = await _defect_id(cmd, defect_code)
    change = rules.scrap(state, principal.actor, utcnow(), defect_code_id=defect_id, reason=reason)
    return await _commit(cmd, change)
