"""Listeners of machine-state changes: what other domains do when a workstation's current
state changes, without equipment knowing them.

A domain registers a listener at start-up (`app.main.register_hooks`, like transition
hooks). `record_state` calls every listener after it changed the current state — in the
same transaction and on the same `Executor` as the change, whether the change came from an
MQTT batch, a dead letter's replay or the silence checker — so what a listener writes
commits or rolls back with the state. A late state (inserted before the current one) does
not change the current state and notifies nobody. A listener raising refuses the change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from app.db.executor import Executor


@dataclass(frozen=True, slots=True)
class StateChange:
    """The current state of a workstation changed to `state` at `at`."""

    workstation_id: int
    line_id: int | None
    state: str
    previous: str | None
    reason: str | None
    reason_id: int | None
    at: datetime
    actor: str


StateListener = Callable[[Executor, StateChange], Awaitable[None]]

_listeners: dict[str, StateListener] = {}


def register(name: str, listener: StateListener) -> None:
    """Add (or replace: registering is idempotent) the listener called `name`."""
    _listeners[name] = listener


def unregister(name: str) -> None:
    _listeners.pop(name, None)


async def state_changed(ex: Executor, change: StateChange) -> None:
    for listener in tuple(_listeners.values()):
        await listener(ex, change)
