"""Durable outbox consumers: every event's effect exactly once, in `seq` order, across a
restart and a failing batch; retention holds events back for a consumer that lags."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import AsyncIterator, Callable, Sequence

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from app.audit.recorder import audit_row
from app.config import Settings
from app.db.command import Command
from app.main import create_app
from app.models import AuditEntry, OutboxEvent
from app.outbox.consumers import DurableConsumer
from app.outbox.repository import Event
from app.outbox.service import Outbox
from tests.conftest import make_settings

CONSUMER = "test-consumer"
ACTOR = "outbox-test"
TEST_EVENT = "test_event"


class Recorder:
    """The test consumer. Its effect, written in the delivery's transaction, is one audit entry
    per event; `seen` is what the handler was handed (at least once). It fails once, after
    writing part of the batch, when it first meets `fail_at`."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.seen: list[int] = []
        self.fail_at = fail_at

    async def __call__(self, cmd: Command, events: Sequence[Event]) -> None:
        for event in events:
            self.seen.append(event.seq)
            if event.seq == self.fail_at:
                self.fail_at = None
                raise RuntimeError("the handler failed mid-batch")
            assert event.type == TEST_EVENT and event.payload is not None
            await cmd.audit(
                audit_row(
                    actor=ACTOR,
                    entity_type="outbox_event",
                    entity_id=event.seq,
                    action="consumed",
                    after=event.payload,
                ),
            )


@contextlib.asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[FastAPI]:
    """One server process's lifetime (the app's lifespan)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


async def emit(app: FastAPI, count: int, *, at_once: bool = False) -> None:
    """`count` events, in one command or in commands of one to three events each."""
    done = 0
    while done < count:
        async with app.state.db.command() as cmd:
            for _ in range(count if at_once else min(count - done, 1 + done % 3)):
                await cmd.emit(TEST_EVENT, payload={"n": done})
                done += 1


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 15
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.02)


async def caught_up(app: FastAPI, consumer: DurableConsumer) -> int:
    """Number everything committed; wait until the consumer has handled it all."""
    last: int = await app.state.sequencer.catch_up()
    await until(lambda: consumer.position >= last, f"{consumer.name} to reach seq {last}")
    return last


async def others_caught_up(app: FastAPI, last: int) -> None:
    """The app's own durable consumers (webhook fan-out) hold retention back too: wait
    until they have handled everything up to `last`."""
    consumers: dict[str, DurableConsumer] = app.state.outbox.durable
    for name, consumer in consumers.items():
        if name != CONSUMER:
            await until(functools.partial(_reached, consumer, last), f"{name} at {last}")


def _reached(consumer: DurableConsumer, last: int) -> bool:
    return consumer.position >= last


async def effects(app: FastAPI) -> list[int]:
    async with app.state.db.transaction(write=False) as session:
        ids = await session.scalars(
            select(AuditEntry.entity_id).where(AuditEntry.actor == ACTOR).order_by(AuditEntry.id)
        )
        return [int(i) for i in ids]


async def kept(app: FastAPI) -> list[int]:
    async with app.state.db.transaction(write=False) as session:
        seqs = await session.scalars(
            select(OutboxEvent.seq).where(OutboxEvent.seq.is_not(None)).order_by(OutboxEvent.seq)
        )
        return [int(s) for s in seqs if s is not None]


async def test_every_event_exactly_once_in_order_across_a_restart(settings: Settings) -> None:
    first, second = Recorder(fail_at=9), Recorder()
    async with running(settings) as app:
        outbox: Outbox = app.state.outbox
        consumer = await outbox.register_consumer(CONSUMER, first, batch=7)
        await emit(app, 20, at_once=True)  # numbered at once: batches 1-7, 8-14, 15-20
        assert await caught_up(app, consumer) == 20
        assert await effects(app) == list(range(1, 21))
        # Seq 9 failed its batch (8-14) after writing seq 8's effect: rolled back, handed again.
        assert first.seen[:9] == list(range(1, 10)) and first.seen[9:] == list(range(8, 21))
        await emit(app, 10)  # the process stops with some of these handled, maybe none
    async with running(settings) as app:  # a process without the consumer
        await emit(app, 15)
        assert await app.state.sequencer.catch_up() == 45
    async with running(settings) as app:
        handled = len(await effects(app))  # by the first run: its position
        assert 20 <= handled <= 30
        consumer = await app.state.outbox.register_consumer(CONSUMER, second, batch=7)
        assert await caught_up(app, consumer) == 45
        assert await effects(app) == list(range(1, 46))  # each once, in seq order
        # From where the first run's persisted position says, in order.
        assert second.seen == list(range(handled + 1, 46))


async def test_a_new_consumer_starts_after_the_last_numbered_event(settings: Settings) -> None:
    recorder = Recorder()
    async with running(settings) as app:
        await emit(app, 5)
        await app.state.sequencer.catch_up()
        consumer = await app.state.outbox.register_consumer(CONSUMER, recorder)
        assert consumer.position == 5
        await emit(app, 3)
        await caught_up(app, consumer)
        assert recorder.seen == [6, 7, 8]
        with pytest.raises(ValueError, match="registered already"):
            await app.state.outbox.register_consumer(CONSUMER, recorder)


async def test_retention_holds_back_for_a_lagging_durable_consumer(database_url: str) -> None:
    settings = make_settings(database_url, wip_retention_events=0, wip_retention_hours=0)
    async with running(settings) as app:
        outbox: Outbox = app.state.outbox
        consumer = await outbox.register_consumer(CONSUMER, Recorder())
        await emit(app, 5)
        await caught_up(app, consumer)
        await consumer.stop()  # it lags from here on
        await emit(app, 5)
        assert await app.state.sequencer.catch_up() == 10
        await others_caught_up(app, 10)
        assert await outbox.pruner.prune() == 5  # only what the consumer has handled
        assert await kept(app) == [6, 7, 8, 9, 10]
        await consumer.start()  # it catches up: everything it had not handled was kept
        await caught_up(app, consumer)
        assert await effects(app) == list(range(1, 11))
        assert await outbox.pruner.prune() == 5
        await emit(app, 2)
        await others_caught_up(app, await app.state.sequencer.catch_up())
        await consumer.stop()
        assert await outbox.drop_consumer(CONSUMER)  # retired: nothing is held for it
        assert await outbox.pruner.prune() == 2
        assert await kept(app) == []
