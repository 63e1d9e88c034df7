"""The webhook worker of one server process (started and stopped by the app lifespan).

* **Fan-out**: the durable outbox consumer `webhooks` turns each batch of new events into
  `webhook_deliveries` rows (one per matching active webhook) in the transaction that
  advances its position: once per event, whatever the number of processes (the position
  row is locked per batch, and (webhook, seq, type) is unique).
* **Senders**: a loop claims due deliveries (`repository.claim`: the webhooks' rows
  `FOR UPDATE SKIP LOCKED` on PostgreSQL; one process on SQLite), one run per webhook, and
  sends each run in order, concurrently across webhooks, outside any command's transaction.
  Results are written back in short transactions: success; failure with the next attempt
  scheduled by exponential backoff with full jitter; `dead` after the last attempt; 410 or
  too many consecutive failures deactivate the webhook. A run stops at its first failure:
  the later deliveries of that webhook wait behind it (order per webhook).

Everything is in the database, so a restart loses nothing: a failed delivery is retried when
due, a run cut short by a crash is claimed again once its lease has run out (at-least-once:
receivers deduplicate by `webhook-id`).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

import aiohttp

from app.config import Settings
from app.db.command import Command
from app.db.session import Database
from app.kit.tasks import BackgroundTask, wait_set
from app.kit.time import utcnow
from app.outbox.listener import PgListener
from app.outbox.repository import Event, reading
from app.outbox.service import Outbox
from app.realtime.messages import iso
from app.webhooks import delivery, urls
from app.webhooks import repository as repo
from app.webhooks.events import envelope, subscribed, webhook_events
from app.webhooks.repository import Attempt, Claim

log = logging.getLogger("takt.webhooks")

CONSUMER = "webhooks"
FLUSH_SECONDS = 1.0  # results are written back at least this often during a run
LEASE_MARGIN_SECONDS = 10.0
MAX_WEBHOOKS_PER_CLAIM = 50
STOP_GRACE_SECONDS = 2.0
GONE = "the receiver answered 410 Gone"


def backoff(settings: Settings, attempts: int) -> float:
    """Seconds before the next attempt after `attempts` failed ones: full jitter over an
    exponentially growing bound."""
    bound = min(
        settings.webhooks_retry_max_seconds,
        settings.webhooks_retry_base_seconds * 2 ** min(attempts - 1, 40),
    )
    return random.uniform(0, bound)


def message_id(seq: int, n: int) -> str:
    """`webhook-id` of the n-th webhook event of outbox event `seq` (stable on retries)."""
    return f"msg_{seq}" if n == 0 else f"msg_{seq}_{n}"


class WebhookWorker:
    """Fan-out and senders of this process (see the module docstring)."""

    def __init__(self, db: Database, settings: Settings, outbox: Outbox) -> None:
        self._db = db
        self._settings = settings
        self._outbox = outbox
        self._wake = asyncio.Event()
        self._task = BackgroundTask(self._run, name="takt-webhooks", log=log)
        self._runs: dict[int, asyncio.Task[None]] = {}
        self._client: aiohttp.ClientSession | None = None
        self._listener: PgListener | None = None
        self._stopping = False
        self.attempts = 0  # delivery attempts made by this process (for operators, tests)

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._client = delivery.new_client(self._settings.webhooks_timeout_seconds)
        # The fan-out runs in every process whatever the setting: a consumer that stopped
        # for good would hold the outbox's retention back.
        await self._outbox.register_consumer(CONSUMER, self.fan_out)
        if self._settings.webhooks_enabled:
            if not self._db.is_sqlite:
                # Deliveries fanned out by another process (e.g. an API process while this
                # one is a dedicated sender, `takt webhooks`) wake this one at once.
                self._listener = PgListener(
                    self._settings.database_url,
                    lambda _seq: self.wake(),
                    self.wake,
                    channel=repo.QUEUED_CHANNEL,
                    application_name="takt-webhooks-listener",
                )
                self._listener.start()
            self._wake.set()
            self._task.start()

    async def stop(self) -> None:
        """Stop claiming; runs in flight stop after the delivery in hand (what they sent is
        recorded, the rest released to be claimed again at once). Loops are told to end and
        given time to, rather than cancelled inside a database call; a delivery still
        waiting for its receiver after STOP_GRACE_SECONDS is cancelled."""
        self._stopping = True
        self._wake.set()
        if self._listener is not None:
            await self._listener.stop()
        await self._task.stop(grace=STOP_GRACE_SECONDS)
        runs = list(self._runs.values())
        if runs:
            await asyncio.wait(runs, timeout=STOP_GRACE_SECONDS)
        for task in runs:
            task.cancel()
        if runs:
            await asyncio.wait(runs)
        if self._client is not None:
            await self._client.close()
            self._client = None

    # -- fan-out --------------------------------------------------------------------------

    async def fan_out(self, cmd: Command, events: Sequence[Event]) -> None:
        """The `webhooks` outbox consumer: queue a delivery per event per subscribed webhook."""
        conversions = [(e, webhook_events(e)) for e in events]
        if not any(found for _, found in conversions):
            return
        conn = await (await cmd.session()).connection()
        hooks = await repo.active_webhooks(conn)
        if not hooks:
            return
        now = utcnow()
        rows = []
        for event, found in conversions:
            for n, (name, data) in enumerate(found):
                body = envelope(name, iso(event.at), data)
                for webhook_id, names, since in hooks:
                    # Events from before a webhook existed are not its business.
                    if event.at >= since and subscribed(names, name):
                        rows.append(
                            {
                                "webhook_id": webhook_id,
                                "seq": event.seq,
                                "message_id": message_id(event.seq, n),
                                "event_type": name,
                                "payload": body,
                                "status": repo.D.PENDING.value,
                                "attempts": 0,
                                "next_attempt_at": now,
                                "created_at": now,
                            }
                        )
        if rows:
            await repo.fan_out(conn, rows)
            cmd.after_commit(self.wake)

    # -- senders --------------------------------------------------------------------------

    async def _run(self) -> None:
        while not self._stopping:
            await wait_set(self._wake, self._settings.webhooks_poll_seconds)
            self._wake.clear()
            if self._stopping:
                return
            try:
                claims = await self._claim()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("claiming webhook deliveries failed; retrying")
                await asyncio.sleep(1.0)
                continue
            for claim in claims:
                task = asyncio.create_task(
                    self._send(claim), name=f"takt-webhook-{claim.webhook_id}"
                )
                self._runs[claim.webhook_id] = task

    async def _claim(self) -> list[Claim]:
        s = self._settings
        now = utcnow()
        until = now + timedelta(
            seconds=s.webhooks_timeout_seconds + FLUSH_SECONDS + LEASE_MARGIN_SECONDS
        )
        async with reading(self._db) as conn:
            if not await repo.anything_due(conn, now, exclude=list(self._runs)):
                return []
        async with self._db.command() as cmd:
            conn = await (await cmd.session()).connection()
            return await repo.claim(
                conn,
                now,
                until,
                exclude=list(self._runs),
                webhooks_=MAX_WEBHOOKS_PER_CLAIM,
                run=s.webhooks_batch,
            )

    async def _send(self, claim: Claim) -> None:
        """Send a run in order, writing results back as it goes. A failure whose retry is
        due soon is retried within the run (the run keeps its lease); otherwise the run ends
        there and the rest waits behind the failed delivery."""
        assert self._client is not None
        s = self._settings
        loop = asyncio.get_running_loop()
        done: list[Attempt] = []
        unsent = list(claim.deliveries)
        last_flush = loop.time()
        try:
            if not s.webhooks_allow_private:
                await urls.check(claim.url, allow_private=False)
            while unsent and not self._stopping:
                # The head stays in `unsent` until its outcome is recorded: a run cut short
                # releases everything in `unsent` (see `stop`).
                head = unsent[0]
                result = await delivery.attempt(
                    self._client, claim.url, claim.secrets, head, s.webhooks_timeout_seconds
                )
                self.attempts += 1
                if result.ok:
                    done.append(result)
                    unsent.pop(0)
                    if loop.time() - last_flush >= FLUSH_SECONDS and unsent:
                        await self._flush(claim, done, unsent)
                        done = []
                        last_flush = loop.time()
                    continue
                retry_in = await self._finish(claim, done, result, unsent[1:], keep=True)
                done = []
                if retry_in is None:  # the run ends: what is left was released
                    unsent = []
                    break
                head.attempts += 1
                await asyncio.sleep(retry_in)
                last_flush = loop.time()
            if done or unsent:  # (unsent: stopping) release what is left
                await self._finish(claim, done, None, unsent)
                done, unsent = [], []
        except asyncio.CancelledError:
            await asyncio.shield(self._finish(claim, done, None, unsent))
            raise
        except Exception as exc:  # e.g. the URL no longer resolves to an allowed address
            log.warning("webhook %d: %s", claim.webhook_id, exc)
            if unsent:
                failed = Attempt(unsent[0], False, None, str(exc)[:500], 0.0, utcnow())
                try:
                    await self._finish(claim, done, failed, unsent[1:])
                except Exception:  # the database: the lease runs out and the run is retried
                    log.exception("webhook %d: recording the run failed", claim.webhook_id)
        finally:
            self._runs.pop(claim.webhook_id, None)
            self._wake.set()  # the webhook may have more

    async def _flush(self, claim: Claim, done: list[Attempt], unsent: list[repo.Pending]) -> None:
        """Record successes so far and extend the lease of the rest of the run."""
        s = self._settings
        until = utcnow() + timedelta(
            seconds=s.webhooks_timeout_seconds + FLUSH_SECONDS + LEASE_MARGIN_SECONDS
        )
        async with self._db.command() as cmd:
            conn = await (await cmd.session()).connection()
            if done:
                await repo.record_successes(conn, claim.webhook_id, done)
            await repo.release(conn, [d.id for d in unsent], until)

    def _lease(self) -> datetime:
        s = self._settings
        return utcnow() + timedelta(
            seconds=s.webhooks_timeout_seconds + FLUSH_SECONDS + LEASE_MARGIN_SECONDS
        )

    async def _finish(
        self,
        claim: Claim,
        done: list[Attempt],
        failed: Attempt | None,
        unsent: list[repo.Pending],
        *,
        keep: bool = False,
    ) -> float | None:
        """Record a run's successes and its failure (with its consequences). With `keep`,
        a failure to retry within FLUSH_SECONDS stays in the run: it and `unsent` stay
        leased, and the seconds to wait are returned. Otherwise `unsent` is released (due
        now, behind the failed one) and None returned."""
        s = self._settings
        now = utcnow()
        retry_in: float | None = None
        keeping = False
        async with self._db.command() as cmd:
            conn = await (await cmd.session()).connection()
            if done:
                await repo.record_successes(conn, claim.webhook_id, done)
            if failed is not None:
                attempts = failed.delivery.attempts + 1
                dead = failed.gone or attempts >= s.webhooks_max_attempts
                retry_in = None if dead else backoff(s, attempts)
                keeping = keep and retry_in is not None and retry_in <= FLUSH_SECONDS
                lease = self._lease()
                next_at = lease if keeping else now + timedelta(seconds=retry_in or 0)
                failures = await repo.record_failure(
                    conn, claim.webhook_id, failed, dead=dead, next_at=next_at
                )
                reason = None
                if failed.gone:
                    reason = GONE
                elif failures >= s.webhooks_max_consecutive_failures:
                    reason = f"{failures} consecutive failed deliveries"
                if reason is not None:
                    keeping = False
                    await repo.deactivate(conn, claim.webhook_id, reason, now)
                    log.warning("webhook %d deactivated: %s", claim.webhook_id, reason)
                    if not dead:  # due whenever it is reactivated
                        await repo.release(conn, [failed.delivery.id], now)
            await repo.release(conn, [d.id for d in unsent], self._lease() if keeping else now)
        if keeping:
            return retry_in
        if retry_in is not None:
            asyncio.get_running_loop().call_later(retry_in, self._wake.set)
        return None
