"""Batched ingest: many messages per transaction, each handled exactly once.

A batch is decoded without touching the database, then applied in one transaction that also
writes every message's ledger row (its de-duplication key and what it did) and the dead
letters. Only after that commit may the consumer acknowledge the batch to the broker.

A message its command refuses must not poison the rest of the batch. Savepoints per message
would do it, but on PostgreSQL every savepoint that writes allocates a subtransaction id, and
more than 64 of them in one transaction overflow the per-backend subtransaction cache, which
slows every other session's snapshots. So instead: when message k is refused, the
transaction is rolled back, messages 0..k-1 are applied again together with k's dead letter
and committed, and the rest continues in a new transaction. Every message runs at most twice,
whatever the number of refusals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from app.db.command import Command
from app.db.session import Database
from app.kit.time import utcnow
from app.models import DeadLetterStatus, MessageOutcome
from app.telemetry import repository as repo
from app.telemetry.apply import apply, classify
from app.telemetry.decode import (
    Decoded,
    Ignored,
    Inbound,
    Outcome,
    Rejected,
    Station,
    Stations,
    decode,
    dedup_key,
)
from app.telemetry.rules import RuleSet

log = logging.getLogger("takt.telemetry")

RULES_POLL_SECONDS = 2.0
# Workstation codes are cached; a code the cache lacks reloads it (once per batch), so a new
# workstation is known at once and a renamed one within the TTL.
STATIONS_TTL_SECONDS = 30.0
RACE_RETRIES = 5
LEDGER_RACE_RETRIES = 20


@dataclass
class IngestStats:
    applied: int = 0
    dead_letters: int = 0
    duplicates: int = 0
    batches: int = 0

    @property
    def handled(self) -> int:
        return self.applied + self.dead_letters + self.duplicates


@dataclass
class _Item:
    message: Inbound
    outcome: Outcome
    races: int = 0


@dataclass
class _Done:
    """What a committed part did (added to the stats only after commit)."""

    applied: int = 0
    dead_letters: int = 0
    duplicates: int = 0


class _Refused(Exception):
    def __init__(self, index: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.index, self.code, self.detail = index, code, detail


class _Raced(Exception):
    def __init__(self, index: int | None, detail: str) -> None:
        super().__init__(detail)
        self.index, self.detail = index, detail


class _Unavailable(Exception):
    pass


async def load_rules(conn: AsyncConnection) -> RuleSet:
    version = int((await conn.execute(repo._RULES_VERSION)).scalar() or 0)
    rows = (await conn.execute(repo.ENABLED_RULES)).mappings().all()
    return RuleSet.build([dict(r) for r in rows], version)


async def load_stations(conn: AsyncConnection) -> Stations:
    stations = Stations()
    for ws_id, ws_code, line_id, line_code in (await conn.execute(repo.STATIONS)).all():
        station = Station(int(ws_id), int(line_id))
        stations.by_codes[(line_code, ws_code)] = station
        stations.by_id[station.id] = station
    return stations


def dead_letter_row(item: Inbound, rejected: Rejected) -> dict[str, Any]:
    return {
        "topic": item.topic,
        "payload": item.payload,
        "error_code": rejected.code[:64],
        "error": rejected.detail[:4000],
        "rule_id": rejected.rule_id,
        "dedup_key": rejected.dedup_key,
        "msg_id": rejected.msg_id,
        "status": DeadLetterStatus.OPEN.value,
        "received_at": item.received_at,
    }


def ledger_row(
    item: Inbound, outcome: Outcome, result: dict[str, Any], handled_at: Any
) -> dict[str, Any]:
    kind = outcome.kind if isinstance(outcome, Decoded | Rejected) else None
    return {
        "dedup_key": outcome.dedup_key,
        "topic": item.topic,
        "msg_id": outcome.msg_id,
        "rule_id": outcome.rule_id,
        "kind": kind,
        "outcome": (
            MessageOutcome.DEAD_LETTER.value
            if isinstance(outcome, Rejected)
            else MessageOutcome.APPLIED.value
        ),
        "result": result,
        "received_at": item.received_at,
        "handled_at": handled_at,
    }


class Ingestor:
    """Applies batches of machine messages; keeps the caches decoding needs."""

    def __init__(self, db: Database, *, topic_root: str, lanes: int = 1) -> None:
        self.db = db
        self.topic_root = topic_root
        # SQLite has one writer at a time: parallel transactions would only queue.
        self.lanes = 1 if db.is_sqlite else max(1, lanes)
        self.rules = RuleSet()
        self.stations = Stations()
        self.stats = IngestStats()
        self.last_error: str | None = None
        self._rules_checked = 0.0
        self._rules_dirty = True
        self._stations_loaded = 0.0
        self._stations_version: tuple[object, ...] = ()

    def invalidate_rules(self) -> None:
        """Mapping rules changed in this process: reload before the next batch."""
        self._rules_dirty = True

    async def refresh(self) -> bool:
        """Reload rules if they changed (returns True when they did) and stale stations."""
        now = time.monotonic()
        changed = False
        if self._rules_dirty or now - self._rules_checked > RULES_POLL_SECONDS:
            async with self.db.transaction(write=False) as session:
                conn = await session.connection()
                version = int((await conn.execute(repo._RULES_VERSION)).scalar() or 0)
                if self._rules_dirty or version != self.rules.version:
                    self._rules_dirty = False
                    rules = await load_rules(conn)
                    changed = rules.filters != self.rules.filters
                    self.rules = rules
            self._rules_checked = now
        if now - self._stations_loaded > STATIONS_TTL_SECONDS:
            await self._reload_stations()
        return changed

    async def _reload_stations(self) -> None:
        async with self.db.transaction(write=False) as session:
            conn = await session.connection()
            self._stations_version = tuple((await conn.execute(repo.STATIONS_VERSION)).one())
            self.stations = await load_stations(conn)
        self._stations_loaded = time.monotonic()

    async def _stations_changed(self) -> bool:
        async with self.db.transaction(write=False) as session:
            conn = await session.connection()
            return tuple((await conn.execute(repo.STATIONS_VERSION)).one()) != (
                self._stations_version
            )

    def decode(self, message: Inbound) -> Outcome:
        return decode(message, root=self.topic_root, rules=self.rules, stations=self.stations)

    async def resolve(self, message: Inbound) -> Outcome:
        """Decode; a workstation the cache does not know yet reloads it (if workstations or
        lines changed since it was loaded) before the message is judged."""
        outcome = self.decode(message)
        if (
            isinstance(outcome, Rejected)
            and outcome.code == "unknown_workstation"
            and await self._stations_changed()
        ):
            await self._reload_stations()
            outcome = self.decode(message)
        return outcome

    def failed(self, message: Inbound, exc: Exception) -> Rejected:
        """A message whose decoding raised (a bug): kept as a dead letter, never lost."""
        key = dedup_key(message.topic, None, None, message.payload)
        return Rejected("internal_error", f"{type(exc).__name__}: {exc}", None, key, None)

    def lane_of(self, message: Inbound, outcome: Outcome) -> int:
        """Messages about the same unit, or the same workstation's machine, share a lane and
        so apply in the order they arrived; lanes commit in parallel."""
        if self.lanes == 1:
            return 0
        key = message.topic
        if isinstance(outcome, Decoded):
            serial = getattr(outcome.payload, "serial", None)
            if serial is not None:
                key = f"unit:{serial}"
            elif outcome.station is not None:
                key = f"workstation:{outcome.station.id}"
        return zlib.crc32(key.encode()) % self.lanes

    async def ingest(self, batch: list[Inbound]) -> None:
        """Apply `batch` in its lanes (committed when this returns). The consumer feeds lanes
        continuously instead; this is the same work for one batch at a time."""
        await self.refresh()
        lanes: list[list[tuple[Inbound, Outcome]]] = [[] for _ in range(self.lanes)]
        for message in batch:
            outcome = await self.resolve(message)
            lanes[self.lane_of(message, outcome)].append((message, outcome))
        async with asyncio.TaskGroup() as group:
            for lane in lanes:
                if lane:
                    group.create_task(self.apply_batch(lane))

    async def apply_batch(self, batch: list[tuple[Inbound, Outcome]]) -> None:
        """Apply one lane's batch, in order (committed when this returns; then acknowledge
        it). A repeated message within the batch counts as a duplicate."""
        items: list[_Item] = []
        keys: set[str] = set()
        duplicates = 0
        for message, outcome in batch:
            if outcome.dedup_key in keys:
                duplicates += 1
                continue
            keys.add(outcome.dedup_key)
            items.append(_Item(message, outcome))
        start = 0
        while start < len(items):
            start = await self._commit_part(items, start)
        self.stats.duplicates += duplicates
        self.stats.batches += 1

    async def _commit_part(self, items: list[_Item], start: int) -> int:
        """Apply items[start:] (or a prefix of them) in one transaction; returns where the
        next transaction starts."""
        limit = len(items)
        failures = 0
        ledger_races = 0
        while True:
            cmd = Command(self.db)
            try:
                done = await self._run(cmd, items, start, limit)
                await cmd.finish(commit=True)
            except _Refused as refused:
                await _rollback(cmd)
                item = items[refused.index]
                item.outcome = _rejected(item.outcome, refused.code, refused.detail)
                limit = refused.index + 1
                continue
            except _Raced as raced:
                await _rollback(cmd)
                if raced.index is None:
                    ledger_races += 1
                    if ledger_races > LEDGER_RACE_RETRIES:
                        raise RuntimeError(f"ledger keeps racing: {raced.detail}") from raced
                    continue
                item = items[raced.index]
                item.races += 1
                if item.races > RACE_RETRIES:
                    item.outcome = _rejected(item.outcome, "duplicate", raced.detail)
                    limit = raced.index + 1
                continue
            except _Unavailable as exc:
                await _rollback(cmd)
                failures += 1
                self.last_error = f"database: {exc}"
                await asyncio.sleep(_backoff(failures))
                continue
            except BaseException as exc:
                await _rollback(cmd)
                kind, _, detail = classify(exc) if isinstance(exc, Exception) else ("", "", "")
                if kind == "transient":
                    failures += 1
                    self.last_error = f"database: {detail}"
                    await asyncio.sleep(_backoff(failures))
                    continue
                raise
            self.stats.applied += done.applied
            self.stats.dead_letters += done.dead_letters
            self.stats.duplicates += done.duplicates
            if failures:
                self.last_error = None
            return limit

    async def _run(self, cmd: Command, items: list[_Item], start: int, limit: int) -> _Done:
        done = _Done()
        ex = cmd.ex
        part = items[start:limit]
        seen = await _guarded(repo.seen_keys(ex, [i.outcome.dedup_key for i in part]))
        rows: list[dict[str, Any]] = []
        for index in range(start, limit):
            item = items[index]
            message, outcome = item.message, item.outcome
            if outcome.dedup_key in seen:
                done.duplicates += 1
                continue
            if isinstance(outcome, Rejected):
                row = dead_letter_row(message, outcome)
                dead_id = await _guarded(repo.insert_dead_letter(ex, row))
                result = {"dead_letter_id": dead_id, "error_code": outcome.code}
                done.dead_letters += 1
            elif isinstance(outcome, Ignored):
                result = {"ignored": outcome.reason}
                done.applied += 1
            else:
                try:
                    result = await apply(cmd, outcome, message.received_at)
                except Exception as exc:
                    kind, code, detail = classify(exc)
                    if kind == "refused":
                        raise _Refused(index, code, detail) from exc
                    if kind == "race":
                        raise _Raced(index, detail) from exc
                    raise _Unavailable(detail) from exc
                done.applied += 1
            rows.append(ledger_row(message, outcome, result, None))
        # Stamped last: `handled_at` is the commit time, give or take the ledger insert.
        handled_at = utcnow()
        for row in rows:
            row["handled_at"] = handled_at
        await _guarded(repo.insert_ledger(ex, rows))
        return done


async def _guarded(call: Any) -> Any:
    """Await a batch-level statement; a race on the ledger (another consumer recorded the same
    message first) retries the part, which then sees the key."""
    try:
        return await call
    except Exception as exc:
        kind, _, detail = classify(exc)
        if kind == "race":
            raise _Raced(None, detail) from exc
        if kind == "transient":
            raise _Unavailable(detail) from exc
        raise


def _rejected(outcome: Outcome, code: str, detail: str) -> Rejected:
    kind = outcome.kind if isinstance(outcome, Decoded | Rejected) else None
    return Rejected(code, detail, outcome.rule_id, outcome.dedup_key, outcome.msg_id, kind)


async def _rollback(cmd: Command) -> None:
    with contextlib.suppress(Exception):  # a broken connection is discarded by the executor
        await cmd.finish(commit=False)


def _backoff(failures: int) -> float:
    return min(30.0, 0.2 * (1 << min(failures, 8))) * random.uniform(0.5, 1.0)


async def prune(db: Database, before: Any, batch: int = 10_000) -> int:
    """Delete ledger rows handled before `before` (outside the de-duplication window)."""
    total = 0
    while True:
        async with db.command() as cmd:
            deleted = await repo.prune_ledger(cmd.ex, before, batch)
        total += deleted
        if deleted < batch:
            return total
