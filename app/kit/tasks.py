"""A component's long-running task: started once, cancelled and awaited on stop.

Every background loop (WIP hub, sequencer, listener, pruner, MQTT consumer) owns one. The
loops catch and log their own failures and go on; an exception that escapes one anyway
ends the task, and is logged the moment it happens rather than lost until shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any


class BackgroundTask:
    """`run()` as a named asyncio task."""

    def __init__(
        self, run: Callable[[], Coroutine[Any, Any, None]], *, name: str, log: logging.Logger
    ) -> None:
        self._run = run
        self.name = name
        self._log = log
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        if self._task is not None:
            raise RuntimeError(f"{self.name} is already started")
        self._task = asyncio.create_task(self._guarded(), name=self.name)

    async def stop(self, *, grace: float | None = None) -> None:
        """Cancel the task and wait until it has ended. With `grace`, first give it that many
        seconds to end by itself (its owner has told it to finish)."""
        task, self._task = self._task, None
        if task is None:
            return
        if grace is not None:
            await asyncio.wait({task}, timeout=grace)
        task.cancel()
        await asyncio.wait({task})

    async def _guarded(self) -> None:
        try:
            await self._run()
        except Exception:
            self._log.exception("%s crashed and stopped", self.name)


async def wait_set(event: asyncio.Event, seconds: float) -> bool:
    """Wait until `event` is set (True) or `seconds` pass (False).

    Not `asyncio.wait_for`: on Python 3.11 it swallows a cancellation that arrives just as the
    wait ends (an event set right before a task is stopped), and the task's `stop` hangs."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
