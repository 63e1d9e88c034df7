"""The consumer's delivery guarantees against failures: a broker restart mid-stream, a
transaction that dies before COMMIT, a process stopped with messages unacknowledged, and two
processes sharing the stream. In each, every message published with QoS 1 is applied exactly
once: the broker keeps what the consumer has not acknowledged (it acknowledges only after the
commit) and the ledger turns a redelivery of something already committed into a duplicate."""

from __future__ import annotations

import asyncio
import contextvars
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiomqtt
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy import distinct, func, select

from app.config import Settings
from app.models import DeadLetter, Measurement, TelemetryMessage
from app.telemetry import consumer as consumer_module
from app.telemetry.decode import Inbound, Outcome
from tests.conftest import as_user, unavailable
from tests.telemetry.conftest import mqtt_settings
from tests.telemetry.support import (
    OwnBroker,
    add_test,
    encode,
    factory,
    publish,
    running,
    topic,
    units,
    until,
    wait_connected,
)

Batch = list[tuple[Inbound, Outcome]]


# -- helpers -----------------------------------------------------------------------------------


async def health(app: FastAPI) -> dict[str, Any]:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://takt") as client:
        r = await client.get("/health")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


async def tally(app: FastAPI) -> tuple[int, int, int, int]:
    """(machine measurements, distinct values among them, ledger rows, dead letters)."""
    async with app.state.db.transaction(write=False) as session:
        measurements, values = (
            await session.execute(
                select(func.count(), func.count(distinct(Measurement.value))).where(
                    Measurement.source == "machine"
                )
            )
        ).one()
        ledger = await session.scalar(select(func.count()).select_from(TelemetryMessage))
        dead = await session.scalar(select(func.count()).select_from(DeadLetter))
    return int(measurements), int(values), int(ledger or 0), int(dead or 0)


async def wait_measured(app: FastAPI, count: int) -> None:
    async def done() -> bool:
        return (await tally(app))[1] >= count

    await until(done, f"{count} distinct measurements")


async def stream_floor(admin: AsyncClient, root: str, count: int) -> list[tuple[str, bytes]]:
    """A line with a wide "Torque" test and 5 units; `count` measurements spread over the
    units, each with its own value and `msg_id`."""
    floor = await factory(admin, steps=1)
    await add_test(admin, floor, name="Torque", lower_limit=0, upper_limit=1e9)
    serials = await units(admin, floor, 5)
    where = topic(root, floor, "measurement")
    return [
        (
            where,
            encode({"serial": serials[i % 5], "test": "Torque", "value": i, "msg_id": f"s{i}"}),
        )
        for i in range(count)
    ]


def wrap_apply(
    app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
    around: Callable[[Callable[[Batch], Awaitable[None]], Batch], Awaitable[None]],
) -> None:
    """Route the consumer's `apply_batch` (apply + commit; the ack follows) through `around`."""
    ingestor = app.state.mqtt.ingestor
    real = ingestor.apply_batch
    monkeypatch.setattr(ingestor, "apply_batch", lambda batch: around(real, batch))


def msg_ids(batch: Batch) -> list[str]:
    return [o.msg_id for _, o in batch if o.msg_id is not None]


class Publisher:
    """Publishes messages in order with QoS 1, one at a time, the way a machine does: when
    the broker goes away it reconnects and sends again the message whose PUBACK it missed.
    It publishes only while `allowed` is set."""

    def __init__(self, port: int, messages: list[tuple[str, bytes]]) -> None:
        self.port = port
        self.messages = messages
        self.sent = 0
        self.reconnects = 0
        self.allowed = asyncio.Event()
        self.allowed.set()

    async def run(self) -> None:
        while self.sent < len(self.messages):
            try:
                async with aiomqtt.Client(
                    "127.0.0.1", self.port, protocol=aiomqtt.ProtocolVersion.V5, timeout=2
                ) as client:
                    while self.sent < len(self.messages):
                        await self.allowed.wait()
                        where, payload = self.messages[self.sent]
                        await client.publish(where, payload, qos=1, timeout=2)
                        self.sent += 1
                        await asyncio.sleep(0.005)  # a stream, not a burst
            except aiomqtt.MqttError:
                self.reconnects += 1
                await asyncio.sleep(0.05)


def _mosquitto_installed() -> bool:
    return bool(shutil.which("mosquitto") or Path("/usr/sbin/mosquitto").exists())


@pytest.fixture
async def own_broker(tmp_path: Path) -> AsyncIterator[OwnBroker]:
    """A Mosquitto of this test's own, with persistence (it may be stopped and started)."""
    if not _mosquitto_installed():
        unavailable("mosquitto is not installed", ".ci/run installs it")
    directory = tmp_path / "broker"
    directory.mkdir()
    broker = OwnBroker(directory)
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()


async def _true(value: bool) -> bool:
    return value


async def _at_least(publisher: Publisher, count: int) -> bool:
    return publisher.sent >= count


# -- a broker restart ----------------------------------------------------------------------------

STREAM = 150
STOP_AFTER = 60


async def test_broker_restart_loses_nothing(
    database_url: str, own_broker: OwnBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped mid-stream (SIGTERM: Mosquitto saves its sessions) and started again: the
    consumer's session kept what was queued for it and what it had not acknowledged, the
    consumer reconnects and resubscribes, the publisher reconnects and goes on.

    The publisher resumes only once the consumer has resubscribed: Mosquitto (2.0) restores
    a session's plain subscriptions from its persistence file but not its shared ones
    (`$share/...`), so until the consumer subscribes again a message published to the
    restarted broker has no subscriber and is dropped by the broker (see README)."""
    root = f"t{uuid.uuid4().hex[:12]}"
    settings = mqtt_settings(database_url, own_broker.url, root, mqtt_reconnect_max_seconds=1.0)
    async with running(settings) as app, as_user(app) as admin:
        consumer: consumer_module.MqttConsumer = app.state.mqtt
        messages = await stream_floor(admin, root, STREAM)

        # Until the broker is down, every batch the consumer commits is held before its
        # acknowledgement: the worst moment for the broker to go away.
        release = asyncio.Event()
        held: list[str] = []

        async def commit_then_hold(apply: Callable[[Batch], Awaitable[None]], batch: Batch) -> None:
            await apply(batch)
            if not release.is_set():
                held.extend(msg_ids(batch))
                await release.wait()

        wrap_apply(app, monkeypatch, commit_then_hold)
        publisher = Publisher(own_broker.port, messages)
        publishing = asyncio.create_task(publisher.run())
        try:
            # A first batch committed and held (the publisher waits for it, however slow the
            # first commit), then more of the stream, then the broker goes away.
            await until(lambda: _at_least(publisher, 10), "the stream to start")
            publisher.allowed.clear()
            await until(lambda: _true(bool(held)), "a committed, unacknowledged batch")
            publisher.allowed.set()
            await until(lambda: _at_least(publisher, STOP_AFTER), "the middle of the stream")
            # Committed, not acknowledged: held; received, not committed: in the lanes or in
            # the consumer's in-flight window; published, not delivered: queued in the session.
            await own_broker.stop()
            publisher.allowed.clear()
            stopped_at = publisher.sent
            assert len(held) < stopped_at < STREAM

            async def reconnecting() -> bool:
                return consumer.status == "connecting" and (await health(app))["mqtt"] == (
                    "connecting"
                )

            await until(reconnecting, "the consumer to report `connecting`")
            release.set()
            await own_broker.start()
            await wait_connected(app)
            publisher.allowed.set()
            await asyncio.wait_for(publishing, 30)
        finally:
            publishing.cancel()
            await asyncio.gather(publishing, return_exceptions=True)

        assert publisher.reconnects >= 1
        await wait_measured(app, STREAM)
        assert (await health(app))["mqtt"] == "connected"
        measurements, values, ledger, dead = await tally(app)
        assert (measurements, values, ledger, dead) == (STREAM, STREAM, STREAM, 0)
        # The held batches were committed but never acknowledged: the restarted broker sent
        # them again, and the ledger recognised them. (The counters move just after a commit
        # returns, which may be a moment after its rows are visible: waited for.)
        stats = consumer.ingestor.stats
        await until(lambda: _true(stats.duplicates >= len(held)), "the held batches again")
        assert consumer.last_error is not None and "mqtt" in consumer.last_error


# -- acknowledged only after the commit ---------------------------------------------------------


_batch: contextvars.ContextVar[list[str]] = contextvars.ContextVar("batch")


class _CommitDies:
    """The ingestor's database, except that the first COMMIT it is asked for does not happen:
    the transaction is rolled back and an error raised, as if the process died there."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self.died_with: list[str] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def executor(self, topics: set[str] | None = None) -> Any:
        ex = self._db.executor(topics)
        finish = ex.finish

        async def finish_or_die(*, commit: bool) -> None:
            if commit and self.died_with is None:
                self.died_with = _batch.get()  # the lane's batch (each lane is a task)
                await finish(commit=False)
                raise RuntimeError("died before COMMIT")
            await finish(commit=commit)

        ex.finish = finish_or_die
        return ex


MESSAGES = 40


async def test_a_batch_that_fails_to_commit_is_redelivered_and_applied_once(
    app: FastAPI, admin: AsyncClient, topic_root: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first COMMIT fails after its statements ran: rolled back, nothing acknowledged;
    the consumer reconnects, the broker redelivers, and every message applies once."""
    consumer = app.state.mqtt
    messages = await stream_floor(admin, topic_root, MESSAGES)
    applied_later: set[str] = set()
    dying = _CommitDies(consumer.ingestor.db)

    async def record(apply: Callable[[Batch], Awaitable[None]], batch: Batch) -> None:
        _batch.set(msg_ids(batch))
        if dying.died_with is not None:
            applied_later.update(msg_ids(batch))
        await apply(batch)

    wrap_apply(app, monkeypatch, record)
    monkeypatch.setattr(consumer.ingestor, "db", dying)

    await publish(messages)
    await wait_measured(app, MESSAGES)
    measurements, values, ledger, dead = await tally(app)
    assert (measurements, values, ledger, dead) == (MESSAGES, MESSAGES, MESSAGES, 0)
    assert consumer.last_error is not None and "died before COMMIT" in consumer.last_error
    # The lane failed, the consumer reconnected (its session resumed) and the broker sent
    # the unacknowledged messages again: those of the failed batch were applied later.
    assert dying.died_with and set(dying.died_with) <= applied_later
    await wait_connected(app)


async def test_messages_unacknowledged_at_shutdown_go_to_the_next_process(
    settings: Settings, topic_root: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process stopped while its batch had not committed (and so was not acknowledged);
    more messages arrive while no consumer runs. The next process claims the same client id,
    resumes the session and applies all of them, once."""
    # A short grace period: the stuck batch is abandoned at once instead of after 10 s.
    monkeypatch.setattr(consumer_module, "STOP_GRACE_SECONDS", 0.2)
    async with running(settings) as first:
        async with as_user(first) as admin:
            messages = await stream_floor(admin, topic_root, MESSAGES)
        received: list[str] = []

        async def never_commit(apply: Callable[[Batch], Awaitable[None]], batch: Batch) -> None:
            received.extend(msg_ids(batch))
            await asyncio.Event().wait()  # the process is stopped before COMMIT

        wrap_apply(first, monkeypatch, never_commit)
        await publish(messages[: MESSAGES // 2])

        async def got_some() -> bool:
            return bool(received)

        await until(got_some, "the first process to receive messages")
        client_id = first.state.mqtt.client_id
        assert (await tally(first))[0] == 0
    # No consumer now: these wait in the stopped process's session at the broker.
    await publish(messages[MESSAGES // 2 :])

    async with running(settings) as second:
        assert second.state.mqtt.client_id == client_id
        await wait_measured(second, MESSAGES)
        measurements, values, ledger, dead = await tally(second)
        assert (measurements, values, ledger, dead) == (MESSAGES, MESSAGES, MESSAGES, 0)
        assert second.state.mqtt.ingestor.stats.duplicates == 0


# -- two processes share the stream -------------------------------------------------------------

SHARED = 200


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_consumers_share_the_stream(settings: Settings, topic_root: str) -> None:
    """Two processes on one PostgreSQL database: two client ids, one shared subscription;
    each applies part of the stream, every message once."""
    async with running(settings) as one, running(settings) as two:
        consumers = [one.state.mqtt, two.state.mqtt]
        assert len({c.client_id for c in consumers}) == 2
        async with as_user(one) as admin:
            messages = await stream_floor(admin, topic_root, SHARED)
        await publish(messages)
        await wait_measured(one, SHARED)
        measurements, values, ledger, dead = await tally(one)
        assert (measurements, values, ledger, dead) == (SHARED, SHARED, SHARED, 0)
        stats = [c.ingestor.stats for c in consumers]
        # (The counters move just after a commit returns: waited for.)
        await until(lambda: _true(sum(s.applied for s in stats) == SHARED), "the counters")
        assert min(s.applied for s in stats) > 0, stats
        assert [s.duplicates for s in stats] == [0, 0]
