"""Hooks: what other domains add to unit transitions, without the pipeline knowing them.

Batch step commands go through the same pipeline and hooks: their actions are
`Action.BATCH_START` and `Action.BATCH_COMPLETE`, a hook is then given a `BatchChange`, and
its `ReadScope` has `batch` instead of `unit`.

A domain that reacts to unit transitions (quality's gate checks and inspection log, labour;
material consumption and andon next) registers a `TransitionHook` for the actions it cares
about, from its own `hooks.py`, at start-up (`app.main.create_app`). A hook may:

- `read` columns with the unit: SQL expressions on the unit's row (`ReadScope`), added to the
  statement that reads (or locks) the unit, so they cost no round trip;
- `verify` the change against what it read, in plain Python, and refuse it by raising a
  domain error: the command then changes nothing;
- `check` the change with statements of its own, the unit locked (refusing it the same way);
- contribute `rows` that are written with the transition, in the same statement on
  PostgreSQL, guarded like the unit's own rows on the lock-free path;
- run `after` the transition is written, in its transaction (e.g. evaluate alert rules on
  what it recorded) — for every change, or only when `after_if(change, seen)` holds;
- `guard` the lock-free write: a SQL condition on the subject's row as the compare-and-set
  finds it (`units`, or `batches`), checked by the write statement itself. A change whose
  guard no longer holds is not written, and is read and judged again. It is how a hook's
  `read` stays true up to the write when what it read can change without touching the
  unit (an andon issue blocking a workstation: `app.issues.hooks`).

What a hook reads and verifies is judged on the unit as the write then finds it: on the
lock-free path the write is a compare-and-set on the unit row, so a change computed from a
stale read is never written. A `check`, an `after` without `after_if`, or `locked=True` take
the locked path for every command of the action; an `after_if` takes it only for the changes
that need it (the lock-free attempt reads, judges, and hands over to the locked path before
writing anything). A plain move has no hook that locks: registering one for `move` is a
decision about the hot path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from app.db.command import Command
from app.transitions.state import Action, AnyChange


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows to insert into `table` with a transition (every row has every column)."""

    table: Table
    columns: tuple[str, ...]
    rows: Sequence[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ReadScope:
    """What a hook's `read` may refer to in the statement that reads the unit."""

    action: Action
    # The unit row as read (or locked): a FROM clause (correlate to it) whose `.c` are the
    # unit's columns (id, step, rework_count, route_revision_id, workstation_id, …).
    # None for a batch action.
    unit: Any
    # The id of the defect code the command names, as a SQL expression (NULL without one).
    defect_code_id: Any
    # For a batch action (`BATCH_ACTIONS`), the batch row as read (or locked) joined to the
    # step the command names: a FROM clause whose `.c` has the batch's columns (id,
    # order_id, route_revision_id, quantity, good, …) and the step's as `seq`,
    # `workstation_id`, `is_gate`, `quantity_in`. None for a unit action.
    batch: Any = None


# What a hook read, by hook name: the values of its columns, in order.
Seen = Mapping[str, tuple[Any, ...]]
Read = Callable[[ReadScope], Sequence[Any]]
Verify = Callable[[AnyChange, tuple[Any, ...]], None]
Wants = Callable[[AnyChange, tuple[Any, ...]], bool]
Check = Callable[[Command, AnyChange], Awaitable[None]]
After = Callable[[Command, AnyChange], Awaitable[None]]
Contribute = Callable[[AnyChange], Rows | None]
# A condition on the row the compare-and-set writes (a SQL expression on `table`'s columns).
Guard = Callable[[Action, Table], Any]


@dataclass(frozen=True, slots=True)
class TransitionHook:
    """Behaviour a domain adds to the `actions` it names (see the module docstring)."""

    name: str
    actions: frozenset[Action]
    read: Read | None = None
    verify: Verify | None = None
    check: Check | None = None
    rows: Contribute | None = None
    after: After | None = None
    after_if: Wants | None = None
    guard: Guard | None = None
    locked: bool = False

    @property
    def needs_lock(self) -> bool:
        """Whether every change of its actions takes the locked path."""
        return (
            self.locked
            or self.check is not None
            or (self.after is not None and self.after_if is None)
        )


@dataclass(slots=True)
class HookSet:
    """The hooks of one action, split by stage (computed once per registration change)."""

    reads: tuple[tuple[str, Read], ...] = ()
    verifies: tuple[tuple[str, Verify], ...] = ()
    checks: tuple[Check, ...] = ()
    rows: tuple[Contribute, ...] = ()
    afters: tuple[tuple[str, After, Wants | None], ...] = ()
    guards: tuple[tuple[str, Guard], ...] = ()
    needs_lock: bool = False
    # The statements that read the unit for this action with these hooks (built on first
    # use by `app.transitions.reads`, dropped with the set when registrations change).
    statements: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def guard_clauses(
        self, action: Action, table: Table
    ) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        """The guards' names (a statement cache key) and conditions on `table`'s row."""
        key = ("guards", action, table.name)
        made = self.statements.get(key)
        if made is None:
            names = tuple(name for name, _ in self.guards)
            made = self.statements[key] = (names, tuple(g(action, table) for _, g in self.guards))
        return made

    def verify(self, change: AnyChange, seen: Seen) -> None:
        for name, verify in self.verifies:
            verify(change, seen.get(name, ()))

    async def run_checks(self, cmd: Command, change: AnyChange) -> None:
        for check in self.checks:
            await check(cmd, change)

    def contributed(self, change: AnyChange) -> list[Rows]:
        found = []
        for contribute in self.rows:
            rows = contribute(change)
            if rows is not None and rows.rows:
                found.append(rows)
        return found

    def wants_after(self, change: AnyChange, seen: Seen) -> bool:
        """Whether some `after` must run for this change (so it takes the locked path)."""
        return any(
            wants is None or wants(change, seen.get(name, ())) for name, _, wants in self.afters
        )

    async def run_afters(self, cmd: Command, change: AnyChange, seen: Seen) -> None:
        for name, after, wants in self.afters:
            if wants is None or wants(change, seen.get(name, ())):
                await after(cmd, change)


class TransitionHooks:
    """The registry. Registering a hook under a name already taken replaces it (so
    registering at every app start is idempotent)."""

    def __init__(self) -> None:
        self._hooks: dict[str, TransitionHook] = {}
        self._sets: dict[Action, HookSet] = {}

    def register(self, hook: TransitionHook) -> None:
        self._hooks[hook.name] = hook
        self._sets.clear()

    def unregister(self, name: str) -> None:
        self._hooks.pop(name, None)
        self._sets.clear()

    @contextmanager
    def registered(self, hook: TransitionHook) -> Iterator[None]:
        """`hook` for the duration of a block (tests)."""
        before = self._hooks.get(hook.name)
        self.register(hook)
        try:
            yield
        finally:
            self.unregister(hook.name)
            if before is not None:
                self.register(before)

    def names(self) -> list[str]:
        return sorted(self._hooks)

    def of(self, action: Action) -> HookSet:
        found = self._sets.get(action)
        if found is None:
            hooks = [h for h in self._hooks.values() if action in h.actions]
            found = HookSet(
                reads=tuple((h.name, h.read) for h in hooks if h.read is not None),
                verifies=tuple((h.name, h.verify) for h in hooks if h.verify is not None),
                checks=tuple(h.check for h in hooks if h.check is not None),
                rows=tuple(h.rows for h in hooks if h.rows is not None),
                afters=tuple((h.name, h.after, h.after_if) for h in hooks if h.after is not None),
                guards=tuple((h.name, h.guard) for h in hooks if h.guard is not None),
                needs_lock=any(h.needs_lock for h in hooks),
            )
            self._sets[action] = found
        return found


# The process's registry; domains register at start-up (see `app.main`).
hooks = TransitionHooks()
