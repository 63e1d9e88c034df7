"""Several server processes (two app instances on one PostgreSQL database): each event is
delivered exactly once per webhook, in order, even while retries interleave."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from sqlalchemy import update

from app.config import Settings
from app.models import WebhookDelivery
from app.webhooks.worker import WebhookWorker
from tests.conftest import as_user, make_settings, running_app
from tests.webhooks.conftest import FAST
from tests.webhooks.helpers import complete, create_hook, deliveries, units_ready, wait_until
from tests.webhooks.receiver import Request, receiving, verify


# Several server processes need PostgreSQL (SQLite serves one process).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_workers_deliver_each_event_once_in_order(database_url: str) -> None:
    # Runs of one delivery: each is claimed anew, so the processes compete for every one.
    settings: Settings = make_settings(database_url, **(FAST | {"webhooks_batch": 1}))
    flaky = random.Random(7)

    def half(n: int, request: Request) -> Any:
        return 500 if flaky.random() < 0.5 else 200

    count = 30
    async with (
        receiving() as healthy,
        receiving(half) as failing,
        running_app(settings) as one,
        running_app(settings) as two,
        as_user(one) as a,
        as_user(two) as b,
    ):
        assert one is not two and one.state.webhooks is not two.state.webhooks
        serials = await units_ready(a, count)
        hook = await create_hook(a, healthy.url, ["unit.completed"])
        flaky_hook = await create_hook(b, failing.url, ["unit.completed"])
        # Units completed through both processes at once.
        await asyncio.gather(*(complete(a if i % 2 else b, s) for i, s in enumerate(serials)))
        await healthy.wait_for(count, seconds=30)
        await failing.wait_for(count, seconds=60)
        for h in (hook, flaky_hook):
            await wait_until(
                a,
                h["id"],
                lambda items: (
                    len(items) == count and all(d["status"] == "succeeded" for d in items)
                ),
                seconds=30,
            )
        await asyncio.sleep(0.5)  # nothing more arrives
        log = await deliveries(a, hook["id"])
        shares = (one.state.webhooks.attempts, two.state.webhooks.attempts)
    # Every request was sent by one of them (which one depends on who woke first: the
    # process that fans an event out wakes its own sender; `test_claims_never_overlap`
    # makes them compete).
    assert sum(shares) == len(healthy.requests) + len(failing.requests), shares
    by_seq = sorted(log, key=lambda d: d["seq"])
    expected = [d["payload"]["data"]["serial"] for d in by_seq]
    assert sorted(expected) == sorted(serials)
    for receiver, h in ((healthy, hook), (failing, flaky_hook)):
        accepted = [r.json["data"]["serial"] for r in receiver.accepted()]
        assert accepted == expected  # each once, in event order
        assert all(verify(h["secret"], r) for r in receiver.requests)
    assert len(failing.requests) > count  # there were retries


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_claims_never_overlap(database_url: str) -> None:
    """Claims from two processes at once, many in flight: every due delivery is claimed by
    exactly one of them (PostgreSQL: SQLite serves one process)."""
    # Senders off: the test claims by hand; events are still fanned out into deliveries.
    quiet = make_settings(database_url, **(FAST | {"webhooks_enabled": False, "webhooks_batch": 3}))
    async with (
        running_app(quiet) as one,
        running_app(quiet) as two,
        as_user(one) as admin,
    ):
        serials = await units_ready(admin, 12)
        hooks = [await create_hook(admin, f"http://127.0.0.1:9/{n}", ["*"]) for n in range(5)]
        for serial in serials:
            await complete(admin, serial)
        for h in hooks:  # 12 units and the order's completion (2 messages) each
            await wait_until(admin, h["id"], lambda items: len(items) == 14)
        workers: list[WebhookWorker] = [one.state.webhooks, two.state.webhooks]
        claimed: list[int] = []
        for _ in range(5):  # each webhook's 14 deliveries in runs of 3, 3, 3, 3, 2
            rounds = await asyncio.gather(*(w._claim() for w in workers * 4))
            ids = [d.id for claims in rounds for c in claims for d in c.deliveries]
            assert len(ids) == len(set(ids)), "a delivery claimed twice at once"
            by_hook = [c.webhook_id for claims in rounds for c in claims]
            assert len(by_hook) == len(set(by_hook)), "a webhook claimed twice at once"
            assert sorted(by_hook) == sorted(h["id"] for h in hooks)
            claimed += ids
            # As if sent: the run succeeded (the next run of each webhook is due now).
            async with one.state.db.command() as cmd:
                conn = await (await cmd.session()).connection()
                await conn.execute(
                    update(WebhookDelivery)
                    .where(WebhookDelivery.id.in_(ids))
                    .values(status="succeeded")
                )
        assert len(claimed) == len(set(claimed)) == 5 * 14
        assert not any(await asyncio.gather(*(w._claim() for w in workers)))  # all done
        log = [d for h in hooks for d in await deliveries(admin, h["id"])]
        assert {d["id"] for d in log if d["status"] == "succeeded"} == set(claimed)
