"""Batch step commands through the transition pipeline: the same engine
(`app.transitions.pipeline.run`), the same hooks, on the batch `Subject`.

Starting and completing a batch step read the batch at that step with everything the rules
(`app.batches.rules`) and the hooks need (`app.batches.reads`), judge it in Python, and write
everything in one statement (`app.batches.repository`): lock-free as a compare-and-set where
the command may commit by itself and no hook needs the lock, else under the batch's lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.batches import reads, rules, views
from app.batches import repository as repo
from app.batches.reads import BatchRead
from app.batches.repository import BatchWrite
from app.batches.schemas import BatchOut
from app.db.command import Command, SingleStatementExecutor
from app.db.executor import Executor
from app.kit.errors import UnknownReference
from app.kit.time import utcnow
from app.transitions.hooks import HookSet
from app.transitions.pipeline import Subject, run
from app.transitions.state import Action, BatchChange


def _write(change: BatchChange, found: HookSet) -> BatchWrite:
    before, after = rules.audit_values(change)
    state = change.state
    passes_on = (
        change.action is Action.BATCH_COMPLETE
        and change.status == rules.IN_PROGRESS
        and state.seq < state.last_seq
    )
    guard_names, guards = found.guard_clauses(change.action, repo.batches)
    return BatchWrite(
        guards=guards,
        guard_names=guard_names,
        batch_id=state.id,
        batch_values=rules.batch_values(change),
        step_id=state.step_id,
        step_values=rules.step_values(change),
        history=change.history,
        outbox=change.outbox,
        audit=audit_row(
            actor=change.actor,
            entity_type="batch",
            entity_id=state.id,
            action=change.action.value,
            before=before,
            after=after,
        )
        | {"at": change.at},
        next_seq=state.seq + 1 if passes_on else None,
        next_quantity_in=change.good if passes_on else None,
        finish=change.finish,
        extra=found.contributed(change),
    )


async def _read_locked(
    ex: Executor, action: Action, found: HookSet, params: Mapping[str, Any]
) -> BatchRead | None:
    return await reads.read_locked(ex, action, found, params)


async def _write_locked(ex: Executor, change: BatchChange, found: HookSet) -> None:
    await repo.write_batch(ex, _write(change, found))


async def _write_if_unchanged(
    single: SingleStatementExecutor, change: BatchChange, found: HookSet, read: BatchRead
) -> bool:
    return await repo.write_batch_if_unchanged(single, _write(change, found), read.state)


BATCHES: Subject[BatchRead, BatchChange] = Subject(
    "batch", _read_locked, reads.read_alone, _write_locked, _write_if_unchanged
)


async def _command(
    cmd: Command, action: Action, batch_id: int, seq: int, defect_code: str | None, decide: Any
) -> BatchOut:
    taken: list[BatchRead] = []

    def judged(read: BatchRead) -> BatchChange:
        taken.append(read)
        return decide(read)  # type: ignore[no-any-return]

    missing = f"batch {batch_id} does not exist or has no step {seq}"
    change = await run(
        cmd, BATCHES, action, reads.params(batch_id, seq, defect_code), judged, missing
    )
    read = taken[-1]
    return views.after_change(
        change,
        read.steps,
        created_at=read.created_at,
        created_by=read.created_by,
        notes=read.notes,
        defect_code=defect_code,
    )


async def start_step(cmd: Command, principal: Principal, batch_id: int, seq: int) -> BatchOut:
    """Start step `seq` of the batch: its next step, ready (409 `step_not_ready` otherwise)."""

    def decide(read: BatchRead) -> BatchChange:
        return rules.start(read.state, principal, utcnow())

    return await _command(cmd, Action.BATCH_START, batch_id, seq, None, decide)


async def complete_step(
    cmd: Command,
    principal: Principal,
    batch_id: int,
    seq: int,
    *,
    good: int,
    scrap: int,
    defect_code: str | None = None,
    notes: str | None = None,
) -> BatchOut:
    """Complete step `seq` with its good and scrapped quantities (see `rules.complete`)."""

    def decide(read: BatchRead) -> BatchChange:
        if defect_code is not None and read.defect_code_id is None:
            raise UnknownReference(
                f"defect code {defect_code!r} does not exist", field="defect_code"
            )
        return rules.complete(
            read.state,
            principal,
            utcnow(),
            good=good,
            scrap=scrap,
            defect_code_id=read.defect_code_id,
            notes=notes,
        )

    return await _command(cmd, Action.BATCH_COMPLETE, batch_id, seq, defect_code, decide)
