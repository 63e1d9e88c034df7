"""The background task every long-running loop runs in (no database)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from app.kit.tasks import BackgroundTask

log = logging.getLogger("takt.test")


async def test_stop_cancels_and_awaits_the_loop() -> None:
    ended = asyncio.Event()

    async def loop() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            ended.set()

    task = BackgroundTask(loop, name="forever", log=log)
    task.start()
    await asyncio.sleep(0)
    assert task.running
    with pytest.raises(RuntimeError):
        task.start()
    await task.stop()
    assert ended.is_set() and not task.running
    await task.stop()  # stopping twice, or before a start, is harmless


async def test_with_grace_the_loop_may_finish_by_itself() -> None:
    stopping, finished = asyncio.Event(), asyncio.Event()

    async def loop() -> None:
        await stopping.wait()
        await asyncio.sleep(0.01)  # the batch in hand
        finished.set()

    task = BackgroundTask(loop, name="graceful", log=log)
    task.start()
    stopping.set()
    await task.stop(grace=5)
    assert finished.is_set()


async def test_a_crash_is_logged_when_it_happens(caplog: pytest.LogCaptureFixture) -> None:
    async def loop() -> None:
        raise ValueError("boom")

    task = BackgroundTask(loop, name="crashing", log=log)
    with caplog.at_level(logging.ERROR, logger="takt.test"):
        task.start()
        for _ in range(3):
            await asyncio.sleep(0)
    assert not task.running
    [record] = [r for r in caplog.records if r.name == "takt.test"]
    assert "crashing crashed" in record.getMessage() and record.exc_info is not None
    await task.stop()  # the crash is not raised again at shutdown
