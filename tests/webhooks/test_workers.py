"""Several server processes (two app instances on one PostgreSQL database): each event is
delivered exactly once per webhook, in order, even while retries interleave."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from app.config import Settings
from tests.conftest import as_user, running_app
from tests.webhooks.helpers import complete, create_hook, deliveries, units_ready, wait_until
from tests.webhooks.receiver import Request, receiving, verify


async def test_two_workers_deliver_each_event_once_in_order(
    backend: str, settings: Settings
) -> None:
    if backend != "postgresql":
        pytest.skip("several server processes need PostgreSQL (SQLite serves one)")
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
    by_seq = sorted(log, key=lambda d: d["seq"])
    expected = [d["payload"]["data"]["serial"] for d in by_seq]
    assert sorted(expected) == sorted(serials)
    for receiver, h in ((healthy, hook), (failing, flaky_hook)):
        accepted = [r.json["data"]["serial"] for r in receiver.accepted()]
        assert accepted == expected  # each once, in event order
        assert all(verify(h["secret"], r) for r in receiver.requests)
    assert len(failing.requests) > count  # there were retries
