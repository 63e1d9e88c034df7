"""Hooks: what other domains add to unit transitions, without the pipeline knowing them.

A domain that reacts to unit transitions (quality's gate checks and inspection log today;
labour, material consumption and andon next) registers a `TransitionHook` for the actions it
cares about, from its own `hooks.py`, at start-up (`app.main.create_app`). Within the
transition's transaction a hook may:

- `check` the change before it is written (the unit is locked) and refuse it by raising a
  domain error: the command then changes nothing;
- contribute `rows` that are written with the transition, in the same statement on
  PostgreSQL (they cost no round trip), guarded like the unit's own rows on the lock-free
  path;
- run `after` the transition is written (e.g. evaluate alert rules on what it recorded).

`check` and `after` run statements, so an action with such a hook always takes the locked
path; `locked=True` asks for it explicitly. A plain move with no such hook keeps its lock-free
compare-and-set path: registering a hook for `move` is a decision about the hot path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from app.db.command import Command
from app.transitions.state import Action, Change


@dataclass(frozen=True, slots=True)
class Rows:
    """Rows to insert into `table` with a transition (every row has every column)."""

    table: Table
    columns: tuple[str, ...]
    rows: Sequence[dict[str, Any]]


Check = Callable[[Command, Change], Awaitable[None]]
After = Callable[[Command, Change], Awaitable[None]]
Contribute = Callable[[Change], Rows | None]


@dataclass(frozen=True, slots=True)
class TransitionHook:
    """Behaviour a domain adds to the `actions` it names (see the module docstring)."""

    name: str
    actions: frozenset[Action]
    check: Check | None = None
    rows: Contribute | None = None
    after: After | None = None
    locked: bool = False

    @property
    def needs_lock(self) -> bool:
        return self.locked or self.check is not None or self.after is not None


@dataclass(frozen=True, slots=True)
class HookSet:
    """The hooks of one action, split by stage (computed once per registration change)."""

    checks: tuple[Check, ...] = ()
    rows: tuple[Contribute, ...] = ()
    afters: tuple[After, ...] = ()
    needs_lock: bool = False

    async def run_checks(self, cmd: Command, change: Change) -> None:
        for check in self.checks:
            await check(cmd, change)

    def contributed(self, change: Change) -> list[Rows]:
        found = []
        for contribute in self.rows:
            rows = contribute(change)
            if rows is not None and rows.rows:
                found.append(rows)
        return found

    async def run_afters(self, cmd: Command, change: Change) -> None:
        for after in self.afters:
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
                checks=tuple(h.check for h in hooks if h.check is not None),
                rows=tuple(h.rows for h in hooks if h.rows is not None),
                afters=tuple(h.after for h in hooks if h.after is not None),
                needs_lock=any(h.needs_lock for h in hooks),
            )
            self._sets[action] = found
        return found


# The process's registry; domains register at start-up (see `app.main`).
hooks = TransitionHooks()
