"""The unit transition pipeline: read (or lock) the unit, apply the rules, run the hooks,
write everything in one statement, in the command's transaction.

Every unit command of every way in (REST, MQTT, a failing measurement at a gate) goes through
`run`, and so does every batch step command (`app.batches.pipeline`: the same engine and
hooks on another `Subject`). The rules are pure (`app.transitions.rules`); other domains add
behaviour with hooks (`app.transitions.hooks`), so this package imports none of them.

Two paths, one set of rules:

- lock-free, when the command may commit by itself (`Command.single_statement()`) and no hook
  of the action needs the lock: one statement reads the unit with everything the rules and
  hooks need (`app.transitions.reads`), the rules and the hooks' verifications judge it in
  Python, and one compare-and-set statement writes it all — only if the unit (and its order's
  status) is still as read. Two round trips; nothing stays locked between them. Losing a race
  re-reads and judges the new state; a unit that keeps losing takes the locked path.
- locked: `BEGIN`, the same read `FOR UPDATE`, the rules, hooks' checks, the write, hooks'
  follow-ups, `COMMIT` (or the caller's transaction, e.g. an MQTT batch).

A change that ends a unit also counts it on its order in the write statement, so the order
row is locked only while that statement commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.db.command import Command, SingleStatementExecutor
from app.db.executor import Executor
from app.kit.errors import Invalid, NotFound, UnknownReference
from app.kit.time import utcnow
from app.outbox.events import OUTBOX_TOPIC
from app.transitions import reads, rules
from app.transitions import repository as repo
from app.transitions.hooks import HookSet, Seen, hooks
from app.transitions.reads import UnitRead
from app.transitions.repository import TransitionWrite
from app.transitions.state import Action, BatchChange, Change

# Compare-and-set attempts of a command before it falls back to locking the unit.
OPTIMISTIC_TRIES = 3

ReadT = TypeVar("ReadT", bound="SubjectRead")
ChangeT = TypeVar("ChangeT", Change, BatchChange)


class SubjectRead(Protocol):
    """What reading a subject gives the engine: at least what its hooks read."""

    @property
    def seen(self) -> Seen: ...


@dataclass(frozen=True, slots=True)
class Subject(Generic[ReadT, ChangeT]):
    """What the pipeline runs a command on — units, or batches (`app.batches.pipeline`): how
    to read one (with its hooks' columns; alone, or locked) and how to write a change (in
    the command's transaction, or as a compare-and-set that commits by itself)."""

    name: str
    read: Callable[[Executor, Action, HookSet, Mapping[str, Any]], Awaitable[ReadT | None]]
    read_alone: Callable[
        [SingleStatementExecutor, Action, HookSet, Mapping[str, Any]], Awaitable[ReadT | None]
    ]
    write: Callable[[Executor, ChangeT, HookSet], Awaitable[None]]
    write_if_unchanged: Callable[
        [SingleStatementExecutor, ChangeT, HookSet, ReadT], Awaitable[bool]
    ]


async def run(
    cmd: Command,
    subject: Subject[ReadT, ChangeT],
    action: Action,
    params: Mapping[str, Any],
    decide: Callable[[ReadT], ChangeT],
    missing: str,
) -> ChangeT:
    """Run one command of `action` on the subject `params` name (NotFound(`missing`) when
    there is none): read, `decide`, the hooks, the write — lock-free when it can, else
    locked (see the module docstring)."""
    found = hooks.of(action)
    single = None if found.needs_lock else cmd.single_statement()
    if single is not None:
        for _ in range(OPTIMISTIC_TRIES):
            read = await subject.read_alone(single, action, found, params)
            if read is None:
                raise NotFound(missing)
            change = decide(read)
            found.verify(change, read.seen)
            if found.wants_after(change, read.seen):
                break  # a follow-up runs statements in the transaction: lock instead
            if await subject.write_if_unchanged(single, change, found, read):
                cmd.touch(OUTBOX_TOPIC)
                return change
    read = await subject.read(cmd.ex, action, found, params)
    if read is None:
        raise NotFound(missing)
    change = decide(read)
    found.verify(change, read.seen)
    await found.run_checks(cmd, change)
    await subject.write(cmd.ex, change, found)
    # After the subject's own rows, so dashboards see its change before anything a hook adds.
    await found.run_afters(cmd, change, read.seen)
    cmd.touch(OUTBOX_TOPIC)
    return change


# Judges a unit as read: returns the change to write, or raises the error a client acts on.
Decide = Callable[[UnitRead], Change]


def _write(change: Change, found: HookSet) -> TransitionWrite:
    before, after = change.audit_values()
    guard_names, guards = found.guard_clauses(change.action, repo.units)
    return TransitionWrite(
        guards=guards,
        guard_names=guard_names,
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


async def _read_locked(
    ex: Executor, action: Action, found: HookSet, params: Mapping[str, Any]
) -> UnitRead | None:
    return await reads.read(ex, action, found, params, lock=True)


async def _write_locked(ex: Executor, change: Change, found: HookSet) -> None:
    await repo.write_transition(ex, _write(change, found))


async def _write_if_unchanged(
    single: SingleStatementExecutor, change: Change, found: HookSet, read: UnitRead
) -> bool:
    return await repo.write_transition_if_unchanged(single, _write(change, found), read.state)


UNITS: Subject[UnitRead, Change] = Subject(
    "unit", _read_locked, reads.read_alone, _write_locked, _write_if_unchanged
)


async def _transition(
    cmd: Command, action: Action, serial: str, params: dict[str, object], decide: Decide
) -> Change:
    return await run(cmd, UNITS, action, params, decide, f"unit {serial} does not exist")


def _defect(read: UnitRead, code: str | None) -> int | None:
    """The id of the defect code the command named (UnknownReference if there is none)."""
    if code is not None and read.defect_code_id is None:
        raise UnknownReference(f"defect code {code!r} does not exist", field="defect_code")
    return read.defect_code_id


async def move(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    expected_step: int | None = None,
    notes: str | None = None,
) -> Change:
    """Finish the current step and enter the next; from the last step, complete the unit."""

    def decide(read: UnitRead) -> Change:
        return rules.move(read.state, principal, utcnow(), expected_step=expected_step, notes=notes)

    return await _transition(cmd, Action.MOVE, serial, reads.params(serial), decide)


async def decide_gate(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    passed: bool,
    defect_code: str | None = None,
    notes: str | None = None,
) -> Change:
    """Record an inspection result at a gate step; a pass moves the unit on (if the hooks —
    quality's required tests — allow it)."""

    def decide(read: UnitRead) -> Change:
        rules.check_gate_decision(read.state, principal)
        defect_id = _defect(read, defect_code)
        judge = rules.gate_pass if passed else rules.gate_fail
        return judge(read.state, principal.actor, utcnow(), defect_code_id=defect_id, notes=notes)

    action = Action.GATE_PASS if passed else Action.GATE_FAIL
    return await _transition(cmd, action, serial, reads.params(serial, defect_code), decide)


class _Decided(Exception):
    """A concurrent command decided the gate first (internal to `fail_gate_at`)."""


async def fail_gate_at(cmd: Command, serial: str, step: int, actor: str, notes: str) -> bool:
    """Fail the gate at `step` if the unit still waits for its decision there (a failing
    measurement of the gate's test); False when a concurrent command decided."""

    def decide(read: UnitRead) -> Change:
        if not rules.fails_gate_at(read.state, step):
            raise _Decided
        return rules.gate_fail(read.state, actor, utcnow(), notes=notes)

    try:
        await _transition(cmd, Action.GATE_FAIL, serial, reads.params(serial), decide)
    except (_Decided, NotFound):
        return False
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

    def decide(read: UnitRead) -> Change:
        state = read.state
        rules.check_rework(state, principal)
        if read.target is None:
            raise Invalid(f"the route has no step {to_step}", code="unknown_step")
        rules.check_rework_target(state, read.target)
        defect_id = _defect(read, defect_code)
        return rules.rework(
            state, principal, utcnow(), read.target, defect_code_id=defect_id, notes=notes
        )

    values = reads.params(serial, defect_code, to_step)
    return await _transition(cmd, Action.REWORK, serial, values, decide)


async def scrap(
    cmd: Command,
    principal: Principal,
    serial: str,
    *,
    reason: str,
    defect_code: str | None = None,
) -> Change:
    """End the unit as scrapped."""

    def decide(read: UnitRead) -> Change:
        rules.check_scrap(read.state, principal)
        defect_id = _defect(read, defect_code)
        return rules.scrap(
            read.state, principal.actor, utcnow(), defect_code_id=defect_id, reason=reason
        )

    return await _transition(cmd, Action.SCRAP, serial, reads.params(serial, defect_code), decide)
