"""Delivery to real local receivers: order, signatures, retries, faults, deactivation,
redelivery, pings, restarts."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import FastAPI
from httpx import AsyncClient

from app.config import Settings
from tests.conftest import as_user, running_app
from tests.webhooks.helpers import (
    API,
    complete,
    create_hook,
    deliveries,
    move,
    units_ready,
    wait_until,
)
from tests.webhooks.receiver import HANG, RESET, Request, receiving, verify


def _all_succeeded(count: int) -> Any:
    return lambda items: len(items) == count and all(d["status"] == "succeeded" for d in items)


async def test_units_completed_delivered_in_order_and_signed(admin: AsyncClient) -> None:
    serials = await units_ready(admin, 5)
    async with receiving() as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        for serial in serials:
            await complete(admin, serial)
        await receiver.wait_for(5)
        log = await wait_until(admin, hook["id"], _all_succeeded(5))
    bodies = [r.json for r in receiver.requests]
    assert [b["data"]["serial"] for b in bodies] == serials  # event order
    assert all(b["type"] == "unit.completed" for b in bodies)
    assert all(verify(hook["secret"], r) for r in receiver.requests)
    assert len({r.headers["webhook-id"] for r in receiver.requests}) == 5
    assert all(r.method == "POST" and r.path == "/hook" for r in receiver.requests)
    # The log, newest first, says what happened.
    assert [d["payload"]["data"]["serial"] for d in log] == serials[::-1]
    assert all(d["attempts"] == 1 and d["last_status_code"] == 200 for d in log)
    assert [d["seq"] for d in log] == sorted((d["seq"] for d in log), reverse=True)


async def test_subscriptions_and_order_events(admin: AsyncClient) -> None:
    async with receiving() as everything, receiving() as orders_only:
        all_hook = await create_hook(admin, everything.url, ["*"])
        order_hook = await create_hook(admin, orders_only.url, ["order.completed"])
        serials = await units_ready(admin, 1)  # the order starts
        await complete(admin, serials[0])  # the last unit: the order completes
        await orders_only.wait_for(1)
        await everything.wait_for(4)
        await wait_until(admin, all_hook["id"], _all_succeeded(4))
        await wait_until(admin, order_hook["id"], _all_succeeded(1))
    types = [r.json["type"] for r in everything.requests]
    assert types[0] == "order.status_changed"  # new → running
    assert sorted(types[1:]) == ["order.completed", "order.status_changed", "unit.completed"]
    completed = orders_only.requests[0].json
    assert completed["type"] == "order.completed"
    assert completed["data"]["from"] == "running" and completed["data"]["to"] == "complete"
    assert completed["data"]["action"] == "auto_complete"


async def test_order_actions_are_events(admin: AsyncClient) -> None:
    async with receiving() as receiver:
        hook = await create_hook(admin, receiver.url, ["order.status_changed"])
        serials = await units_ready(admin, 2)  # generating units starts the order
        unit = (await admin.get(f"{API}/units/{serials[0]}")).json()
        for action in ("pause", "resume", "cancel"):
            r = await admin.post(f"{API}/orders/{unit['order']}/{action}", json={})
            assert r.status_code == 200, r.text
        await receiver.wait_for(4)
        await wait_until(admin, hook["id"], _all_succeeded(4))
    changes = [
        (r.json["data"]["from"], r.json["data"]["to"], r.json["data"]["action"])
        for r in receiver.requests
    ]
    assert changes == [
        ("new", "running", "start"),
        ("running", "paused", "pause"),
        ("paused", "running", "resume"),
        ("running", "cancelled", "cancel"),
    ]
    assert all(r.json["data"]["order"] == unit["order"] for r in receiver.requests)


async def test_500_then_200_is_retried_and_delivered_once(admin: AsyncClient) -> None:
    serials = await units_ready(admin, 2)
    async with receiving(lambda n, r: 500 if n < 2 else 200) as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        for serial in serials:
            await complete(admin, serial)
        await receiver.wait_for(2)
        log = await wait_until(admin, hook["id"], _all_succeeded(2))
    accepted = [r.json["data"]["serial"] for r in receiver.accepted()]
    assert accepted == serials  # each once, in order: the second waited behind the first
    assert [r.json["data"]["serial"] for r in receiver.requests[:3]] == [serials[0]] * 3
    first = next(d for d in log if d["payload"]["data"]["serial"] == serials[0])
    assert first["attempts"] == 3
    ids = [r.headers["webhook-id"] for r in receiver.requests[:3]]
    assert len(set(ids)) == 1  # the same message id on every retry
    assert (await admin.get(f"{API}/webhooks/{hook['id']}")).json()["consecutive_failures"] == 0


async def test_hanging_receiver_does_not_slow_commands(admin: AsyncClient) -> None:
    """The receiver never answers its first requests: each attempt times out (0.5 s) and is
    retried; meanwhile unit moves take no longer than usual."""
    serials = await units_ready(admin, 6, steps=3)
    async with receiving(lambda n, r: HANG if n < 2 else 200) as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        await complete(admin, serials[0])
        await receiver.wait_for(1, accepted=False)  # the first attempt hangs now
        latencies = []
        for serial in serials[1:]:
            status = ""
            while status != "completed":
                started = time.perf_counter()
                status = (await move(admin, serial))["status"]
                latencies.append(time.perf_counter() - started)
        assert max(latencies) < 0.4, latencies  # well under the receiver's 0.5 s timeout
        await receiver.wait_for(6, seconds=20)
        log = await wait_until(admin, hook["id"], _all_succeeded(6))
    assert [r.json["data"]["serial"] for r in receiver.accepted()] == serials
    first = next(d for d in log if d["payload"]["data"]["serial"] == serials[0])
    assert first["attempts"] == 3


async def test_reset_and_redirect_are_failures(admin: AsyncClient) -> None:
    serials = await units_ready(admin, 1)
    answers = [RESET, (302, {"location": "http://127.0.0.1:9/elsewhere"}), 200]

    def behave(n: int, request: Request) -> Any:
        return answers[n] if n < len(answers) else 200

    async with receiving(behave) as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        await complete(admin, serials[0])
        await receiver.wait_for(1)
        log = await wait_until(admin, hook["id"], _all_succeeded(1))
    assert len(receiver.requests) == 3  # the redirect was not followed
    assert log[0]["attempts"] == 3 and log[0]["last_status_code"] == 200


async def test_410_deactivates_at_once(admin: AsyncClient) -> None:
    serials = await units_ready(admin, 2)
    async with receiving(lambda n, r: 410) as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        for serial in serials:
            await complete(admin, serial)
        log = await wait_until(
            admin, hook["id"], lambda items: any(d["status"] == "dead" for d in items)
        )
        await asyncio.sleep(0.3)
        assert len(receiver.requests) == 1  # nothing more goes to it
    found = (await admin.get(f"{API}/webhooks/{hook['id']}")).json()
    assert found["active"] is False and "410" in found["deactivated_reason"]
    dead = [d for d in log if d["status"] == "dead"]
    assert len(dead) == 1 and dead[0]["last_status_code"] == 410
    # The second completion's delivery stays pending if it was queued before the 410 came
    # back; after it, an inactive webhook gets nothing queued (the timing decides which).
    statuses = [d["status"] for d in await deliveries(admin, hook["id"])]
    assert statuses.count("dead") == 1 and set(statuses) <= {"dead", "pending"}


async def test_consecutive_failures_deactivate(database_url: str) -> None:
    from tests.conftest import make_settings
    from tests.webhooks.conftest import FAST

    settings: Settings = make_settings(
        database_url,
        **(FAST | {"webhooks_max_consecutive_failures": 3, "webhooks_max_attempts": 2}),
    )
    async with running_app(settings) as application, as_user(application) as admin:
        serials = await units_ready(admin, 3)
        async with receiving(lambda n, r: 503) as receiver:
            hook = await create_hook(admin, receiver.url, ["unit.completed"])
            for serial in serials:
                await complete(admin, serial)
            await wait_until(
                admin,
                hook["id"],
                lambda items: len(items) == 3 and sum(d["status"] == "dead" for d in items) == 1,
            )
            async with asyncio.timeout(5):
                while (await admin.get(f"{API}/webhooks/{hook['id']}")).json()["active"]:  # noqa: ASYNC110
                    await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)
            assert len(receiver.requests) == 3  # 2 attempts of the first, 1 of the second
        found = (await admin.get(f"{API}/webhooks/{hook['id']}")).json()
        assert found["consecutive_failures"] == 3 and "3 consecutive" in found["deactivated_reason"]
        # Reactivated against a healthy receiver: what waited is delivered, in order.
        async with receiving() as healthy:
            r = await admin.patch(
                f"{API}/webhooks/{hook['id']}", json={"url": healthy.url, "active": True}
            )
            assert r.status_code == 200 and r.json()["consecutive_failures"] == 0
            await healthy.wait_for(2)
        assert [q.json["data"]["serial"] for q in healthy.requests] == serials[1:]


async def test_redeliver_and_ping(admin: AsyncClient) -> None:
    serials = await units_ready(admin, 1)
    async with receiving() as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        await complete(admin, serials[0])
        log = await wait_until(admin, hook["id"], _all_succeeded(1))
        r = await admin.post(f"{API}/webhooks/{hook['id']}/deliveries/{log[0]['id']}/redeliver")
        assert r.status_code == 202, r.text
        assert r.json()["redelivery_of"] == log[0]["id"] and r.json()["status"] == "pending"
        r = await admin.post(f"{API}/webhooks/{hook['id']}/test")
        assert r.status_code == 202, r.text
        ping_id = r.json()["id"]
        await receiver.wait_for(3)
        await wait_until(admin, hook["id"], _all_succeeded(3))
    first, again, ping = receiver.requests
    assert again.body == first.body and again.headers["webhook-id"] == first.headers["webhook-id"]
    assert ping.json["type"] == "webhook.test" and ping.json["data"]["webhook_id"] == hook["id"]
    assert verify(hook["secret"], ping)
    assert (await deliveries(admin, hook["id"], event_type="webhook.test"))[0]["id"] == ping_id
    # An inactive webhook is neither pinged nor redelivered to.
    await admin.patch(f"{API}/webhooks/{hook['id']}", json={"active": False})
    r = await admin.post(f"{API}/webhooks/{hook['id']}/test")
    assert r.status_code == 409 and r.json()["code"] == "webhook_inactive"


async def test_rotated_secret_signs_beside_the_old_one(admin: AsyncClient) -> None:
    async with receiving() as receiver:
        hook = await create_hook(admin, receiver.url, ["*"])
        rotated = (await admin.post(f"{API}/webhooks/{hook['id']}/rotate-secret")).json()
        await admin.post(f"{API}/webhooks/{hook['id']}/test")
        await receiver.wait_for(1)
    ping = receiver.requests[0]
    assert verify(rotated["secret"], ping) and verify(hook["secret"], ping)


async def test_restart_mid_retry_loses_nothing(database_url: str, settings: Settings) -> None:
    """The receiver fails while the server stops; the delivery waits in the database and the
    next server delivers it."""
    healthy = asyncio.Event()

    def behave(n: int, request: Request) -> Any:
        return 200 if healthy.is_set() else 500

    async with receiving(behave) as receiver:
        async with running_app(settings) as application, as_user(application) as admin:
            serials = await units_ready(admin, 2)
            hook = await create_hook(admin, receiver.url, ["unit.completed"])
            for serial in serials:
                await complete(admin, serial)
            await receiver.wait_for(2, accepted=False)  # failing, retried
        failed_before = len(receiver.requests)
        healthy.set()
        async with running_app(settings) as application, as_user(application) as admin:
            await receiver.wait_for(2)
            await wait_until(admin, hook["id"], _all_succeeded(2))
    assert [r.json["data"]["serial"] for r in receiver.accepted()] == serials
    assert failed_before >= 2


async def test_delivery_runs_outside_commands(app: FastAPI, admin: AsyncClient) -> None:
    """A delivery's result is written by the worker, never by the command that emitted."""
    serials = await units_ready(admin, 1)
    async with receiving(lambda n, r: HANG) as receiver:
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        started = time.perf_counter()
        await complete(admin, serials[0])
        assert time.perf_counter() - started < 0.4
        await receiver.wait_for(1, accepted=False)
        log = await deliveries(admin, hook["id"])
        assert len(log) == 1 and log[0]["status"] == "pending"


async def test_a_process_that_does_not_send_still_queues(database_url: str) -> None:
    """TAKT_WEBHOOKS_ENABLED=false: events are queued (the fan-out runs everywhere) but this
    process sends nothing; a process that sends delivers them."""
    from tests.conftest import make_settings
    from tests.webhooks.conftest import FAST

    quiet = make_settings(database_url, **(FAST | {"webhooks_enabled": False}))
    async with receiving() as receiver:
        async with running_app(quiet) as application, as_user(application) as admin:
            serials = await units_ready(admin, 2)
            hook = await create_hook(admin, receiver.url, ["unit.completed"])
            for serial in serials:
                await complete(admin, serial)
            await wait_until(
                admin,
                hook["id"],
                lambda items: len(items) == 2 and all(d["status"] == "pending" for d in items),
            )
            await asyncio.sleep(0.3)
            assert receiver.requests == []
        sending = make_settings(database_url, **FAST)
        async with running_app(sending) as application, as_user(application) as admin:
            await receiver.wait_for(2)
            await wait_until(admin, hook["id"], _all_succeeded(2))
    assert [r.json["data"]["serial"] for r in receiver.accepted()] == serials
