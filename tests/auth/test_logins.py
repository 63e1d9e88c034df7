"""Logins under attack (issue 11, item 2): the password check runs off the event loop, and
failed logins are throttled per (username, address), per username and per address, without
ever locking a user out for good."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient, Response

from app.auth import logins as logins_module
from app.auth.security import PasswordHashing
from app.config import Settings
from app.kit.time import utcnow
from app.main import create_app
from tests.conftest import ADMIN_PASSWORD, make_settings
from tests.support import assert_problem

TOKEN = "/api/v1/auth/token"
WRONG = "not-the-password"


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(logins_module, "utcnow", clock)
    yield clock


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(
        database_url,
        login_free_attempts=3,
        login_user_free_attempts=6,
        login_address_free_attempts=20,
        login_base_delay_seconds=1,
        login_max_delay_seconds=300,
        login_user_max_delay_seconds=60,
        login_forget_seconds=3600,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def _from(app: FastAPI, address: str) -> AsyncClient:
    transport = ASGITransport(app=app, client=(address, 40000))
    return AsyncClient(transport=transport, base_url="http://takt")


async def _login(c: AsyncClient, password: str, username: str = "admin") -> Response:
    return await c.post(TOKEN, data={"username": username, "password": password})


def _retry_after(r: Response) -> int:
    assert_problem(r, 429, "too_many_requests")
    return int(r.headers["retry-after"])


async def test_verification_does_not_stall_other_requests(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow password check (Argon2 at production cost) leaves the event loop free."""
    slow = PasswordHashing.verify
    started: list[float] = []
    running = threading.Event()

    def verify(self: PasswordHashing, password_hash: str | None, password: str) -> bool:
        started.append(time.perf_counter())
        running.set()
        time.sleep(0.6)
        return slow(self, password_hash, password)

    monkeypatch.setattr(PasswordHashing, "verify", verify)
    async with _from(app, "10.0.0.1") as c:
        login = asyncio.create_task(_login(c, WRONG))
        # In a thread, as the check is now; on the loop the check would block this too.
        await asyncio.to_thread(running.wait, 5)
        health = await c.get("/health")
        answered = time.perf_counter() - started[0]
        assert health.status_code == 200
        assert_problem(await login, 401, "invalid_credentials")
    assert answered < 0.4, f"/health waited {answered:.2f} s for a password check"


async def test_failures_make_logins_wait_longer_and_longer(app: FastAPI, clock: Clock) -> None:
    verified = 0
    passwords: PasswordHashing = app.state.passwords
    real_verify = passwords.verify

    def counting(password_hash: str | None, password: str) -> bool:
        nonlocal verified
        verified += 1
        return real_verify(password_hash, password)

    passwords.verify = counting  # type: ignore[method-assign]
    async with _from(app, "10.0.0.1") as c:
        for _ in range(4):  # three free, the fourth makes the next one wait
            assert_problem(await _login(c, WRONG), 401, "invalid_credentials")
        assert _retry_after(await _login(c, WRONG)) == 1
        # Refused before any check: not even the right password gets in meanwhile.
        before = verified
        assert _retry_after(await _login(c, ADMIN_PASSWORD)) == 1
        assert verified == before
        waits: list[int] = []
        for _ in range(9):
            clock.advance(waits[-1] if waits else 1)
            assert_problem(await _login(c, WRONG), 401, "invalid_credentials")
            waits.append(_retry_after(await _login(c, WRONG)))
        assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 300], waits  # capped at 300 s
        # It expires, and a success resets the counters: three free attempts again.
        clock.advance(300)
        assert (await _login(c, ADMIN_PASSWORD)).status_code == 200
        for _ in range(3):
            assert_problem(await _login(c, WRONG), 401)


async def test_an_attacker_cannot_lock_the_admin_out(app: FastAPI, clock: Clock) -> None:
    """Wrong passwords from one address make that address wait; the admin signs in from
    elsewhere at once. From many addresses the username waits too, but a minute at most."""
    async with _from(app, "10.6.6.6") as attacker, _from(app, "10.0.0.2") as office:
        for _ in range(5):
            r = await _login(attacker, WRONG)
            assert r.status_code in (401, 429)
        assert _retry_after(await _login(attacker, WRONG)) >= 1
        assert (await _login(office, ADMIN_PASSWORD)).status_code == 200

        # A botnet: every address stays under its own limit, the username does not.
        for i in range(40):
            async with _from(app, f"10.9.{i}.1") as bot:
                r = await _login(bot, WRONG)
                assert r.status_code in (401, 429)
        wait = _retry_after(await _login(office, ADMIN_PASSWORD))
        assert 1 <= wait <= 60
        clock.advance(wait)
        assert (await _login(office, ADMIN_PASSWORD)).status_code == 200


async def test_an_address_spraying_usernames_is_throttled(app: FastAPI, clock: Clock) -> None:
    async with _from(app, "10.7.7.7") as sprayer, _from(app, "10.0.0.3") as other:
        statuses = [(await _login(sprayer, WRONG, f"user{i}")).status_code for i in range(25)]
        assert statuses[:20] == [401] * 20 and 429 in statuses[20:], statuses
        assert (await _login(other, ADMIN_PASSWORD)).status_code == 200


async def test_forgotten_after_a_quiet_spell(app: FastAPI, clock: Clock) -> None:
    async with _from(app, "10.0.0.4") as c:
        for _ in range(3):
            assert_problem(await _login(c, WRONG), 401)
        clock.advance(3601)
        for _ in range(3):
            assert_problem(await _login(c, WRONG), 401)  # free again: no wait


def test_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAKT_LOGIN_FREE_ATTEMPTS", "7")
    monkeypatch.setenv("TAKT_LOGIN_USER_MAX_DELAY_SECONDS", "30")
    settings = Settings()
    assert settings.login_free_attempts == 7 and settings.login_user_max_delay_seconds == 30
    assert Settings.model_fields["login_max_delay_seconds"].default == 300
