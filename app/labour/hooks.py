"""What labour adds to transitions, registered with the pipeline at start-up.

`labour.close`: a unit leaving its step (move, gate pass, rework, scrap — a gate fail keeps
it there) or a batch step completing closes the open labour entries on that step, at the
command's time and by its actor, in its transaction.

The unit's (batch's) read says whether anything may be open — so a move with nobody clocked
on stays on the lock-free path, and only one with an open entry takes the locked path to
close it. The column is true when an entry on the job's step is open, or when the job's row
read (locked) is newer than the same row in the statement's snapshot: on PostgreSQL a read
that waited for the row lock of a concurrent clock-on (which writes the job's row:
`app.labour.repository`) returns the row as that clock-on committed it, while the EXISTS
still sees the snapshot from before it — the entry it opened would be missed. Without a wait
(the lock-free read, SQLite) both are the same row and the term is false.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, exists, or_, select

from app.db.command import Command
from app.labour import repository as repo
from app.transitions.hooks import ReadScope, TransitionHook, TransitionHooks
from app.transitions.state import Action, AnyChange, Change

labour = repo.labour


def _changed_while_waiting(row: Any, table: Table) -> Any:
    """The job's row as read differs from the same row in the statement's snapshot."""
    snapshot = select(table.c.updated_at).where(table.c.id == row.c.id).scalar_subquery()
    return row.c.updated_at != snapshot


def may_have_open_entries(scope: ReadScope) -> list[Any]:
    """One column: some entry may be open on the job's step (see the module docstring)."""
    open_ = labour.c.ended_at.is_(None)
    if scope.unit is not None:
        unit = scope.unit
        on_step = exists().where(labour.c.unit_id == unit.c.id, labour.c.step == unit.c.step, open_)
        return [or_(on_step, _changed_while_waiting(unit, repo.units))]
    batch = scope.batch
    on_step = exists().where(labour.c.batch_id == batch.c.id, labour.c.step == batch.c.seq, open_)
    return [or_(on_step, _changed_while_waiting(batch, repo.batches))]


def _wanted(change: AnyChange, seen: tuple[Any, ...]) -> bool:
    return bool(seen[0])


async def close_entries(cmd: Command, change: AnyChange) -> None:
    """Close the open entries on the step the unit leaves (the batch step completed)."""
    if isinstance(change, Change):
        await repo.close_job(
            cmd.ex,
            unit_id=change.state.id,
            step=change.state.step,
            at=change.at,
            actor=change.actor,
        )
    else:
        await repo.close_job(
            cmd.ex,
            batch_id=change.state.id,
            step=change.state.seq,
            at=change.at,
            actor=change.actor,
        )


CLOSE = TransitionHook(
    "labour.close",
    frozenset({Action.MOVE, Action.GATE_PASS, Action.REWORK, Action.SCRAP, Action.BATCH_COMPLETE}),
    read=may_have_open_entries,
    after=close_entries,
    after_if=_wanted,
)


def register(registry: TransitionHooks) -> None:
    """Register labour's transition hook (idempotent)."""
    registry.register(CLOSE)
