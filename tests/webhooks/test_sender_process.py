"""`takt webhooks`: a process of its own delivers what the API processes queue (PostgreSQL,
where several processes share one database), woken by NOTIFY rather than by its poll."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from datetime import datetime

import pytest

from app.config import Settings
from tests.conftest import as_user, make_settings, running_app
from tests.webhooks.conftest import FAST
from tests.webhooks.helpers import complete, create_hook, units_ready, wait_until
from tests.webhooks.receiver import receiving, verify

POLL_SECONDS = 30.0  # far longer than the test: only the notification can wake the sender


def _environment(settings: Settings) -> dict[str, str]:
    return os.environ | {
        "TAKT_DATABASE_URL": settings.database_url,
        "TAKT_SECRET_KEY": settings.secret_key or "",
        "TAKT_ADMIN_PASSWORD": "unused-by-the-sender-0123",
        "TAKT_WEBHOOKS_ENABLED": "true",
        "TAKT_WEBHOOKS_ALLOW_PRIVATE": "true",
        "TAKT_WEBHOOKS_POLL_SECONDS": str(POLL_SECONDS),
        "TAKT_LOG_LEVEL": "INFO",
    }


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_dedicated_sender_delivers_what_api_processes_queue(database_url: str) -> None:
    api = make_settings(database_url, **(FAST | {"webhooks_enabled": False}))
    count = 20
    async with receiving() as receiver, running_app(api) as app, as_user(app) as admin:
        serials = await units_ready(admin, count)
        hook = await create_hook(admin, receiver.url, ["unit.completed"])
        sender = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app.cli",
            "webhooks",
            env=_environment(api),
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            assert sender.stderr is not None
            async with asyncio.timeout(30):
                while b"webhook sender ready" not in await sender.stderr.readline():
                    pass
            for serial in serials:
                await complete(admin, serial)
            await receiver.wait_for(count, seconds=10)
            received_at = time.time()
            await wait_until(
                admin,
                hook["id"],
                lambda items: (
                    len(items) == count and all(d["status"] == "succeeded" for d in items)
                ),
            )
            # The API process sent nothing: its senders are off.
            assert app.state.webhooks.attempts == 0
            sender.send_signal(signal.SIGTERM)
            async with asyncio.timeout(15):
                assert await sender.wait() == 0
        finally:
            if sender.returncode is None:
                sender.kill()
                await sender.wait()
    accepted = [r.json["data"]["serial"] for r in receiver.accepted()]
    assert accepted == serials  # each once, in order
    assert all(verify(hook["secret"], r) for r in receiver.requests)
    # Woken at once by the fan-out's NOTIFY, not after a 30 s poll.
    last_event = max(
        datetime.fromisoformat(r.json["timestamp"].replace("Z", "+00:00")).timestamp()
        for r in receiver.accepted()
    )
    assert received_at - last_event < 5.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_sender_is_woken_by_deliveries_another_process_queued(database_url: str) -> None:
    """The sender's own fan-out is stopped, so every delivery is queued by the API process:
    only its NOTIFY can wake the sender before the 30 s poll."""
    api = make_settings(database_url, **(FAST | {"webhooks_enabled": False}))
    sending = make_settings(database_url, **(FAST | {"webhooks_poll_seconds": POLL_SECONDS}))
    count = 5
    async with (
        receiving() as receiver,
        running_app(api) as app,
        running_app(sending) as sender,
        as_user(app) as admin,
    ):
        await sender.state.outbox._durable["webhooks"].stop()
        serials = await units_ready(admin, count)
        await create_hook(admin, receiver.url, ["unit.completed"])
        await asyncio.sleep(0.5)  # the sender's start-up claim has found nothing
        started = time.monotonic()
        for serial in serials:
            await complete(admin, serial)
        await receiver.wait_for(count, seconds=10)
        assert time.monotonic() - started < 5.0
        assert app.state.webhooks.attempts == 0
        assert sender.state.webhooks.attempts == count
    assert [r.json["data"]["serial"] for r in receiver.accepted()] == serials


async def test_the_sender_refuses_to_run_with_webhooks_disabled(database_url: str) -> None:
    settings = make_settings(database_url)
    env = _environment(settings) | {"TAKT_WEBHOOKS_ENABLED": "false"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "webhooks",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"TAKT_WEBHOOKS_ENABLED=false" in err
