"""Dead letters (list, replay, discard) and the message ledger.

Replay runs in the request's transaction: the message is decoded again with the current
rules and workstations and applied exactly as the consumer would; if it still fails, the
request is 409 `replay_failed` and nothing changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.recorder import record
from app.auth.principal import Principal
from app.db.command import Command
from app.kit import crud
from app.kit.errors import Conflict
from app.kit.pagination import PageParams, keyset, page_of
from app.kit.time import utcnow
from app.models import (
    DeadLetter,
    DeadLetterStatus,
    MessageOutcome,
    TelemetryMessage,
)
from app.telemetry import repository as repo
from app.telemetry.apply import apply, classify
from app.telemetry.decode import Ignored, Inbound, Rejected, decode
from app.telemetry.ingest import ledger_row, load_rules, load_stations
from app.telemetry.schemas import DeadLetterOut, ReplayOut

DEAD_LETTER = "telemetry_dead_letter"


class ReplayFailed(Conflict):
    code = "replay_failed"
    title = "The message still cannot be applied"


class AlreadyResolved(Conflict):
    code = "dead_letter_resolved"
    title = "Dead letter already resolved"


# -- dead letters --------------------------------------------------------------------------------


async def list_dead_letters(
    session: AsyncSession,
    params: PageParams,
    *,
    status: str | None,
    topic: str | None,
    error_code: str | None,
) -> tuple[list[DeadLetterOut], str | None]:
    """Newest first."""
    stmt = select(DeadLetter)
    if status is not None:
        stmt = stmt.where(DeadLetter.status == status)
    if topic is not None:
        stmt = stmt.where(DeadLetter.topic == topic)
    if error_code is not None:
        stmt = stmt.where(DeadLetter.error_code == error_code)
    rows = (await session.scalars(keyset(stmt, DeadLetter.id, params, descending=True))).all()
    items, cursor = page_of(rows, params, lambda row: row.id)
    return [DeadLetterOut.of(row) for row in items], cursor


async def _dead_letter(session: AsyncSession, dead_letter_id: int, *, lock: bool) -> DeadLetter:
    if lock:
        found = await session.scalar(
            select(DeadLetter).where(DeadLetter.id == dead_letter_id).with_for_update()
        )
        if found is not None:
            return found
    return await crud.get_or_404(session, DeadLetter, dead_letter_id, "dead letter")


async def get_dead_letter(session: AsyncSession, dead_letter_id: int) -> DeadLetterOut:
    return DeadLetterOut.of(await _dead_letter(session, dead_letter_id, lock=False))


def _require_open(row: DeadLetter) -> None:
    if row.status != DeadLetterStatus.OPEN.value:
        raise AlreadyResolved(
            f"dead letter {row.id} was already {row.status} by {row.resolved_by}",
            status=row.status,
        )


async def replay_dead_letter(
    cmd: Command, principal: Principal, dead_letter_id: int, *, topic_root: str
) -> ReplayOut:
    """Apply the dead letter's message now (after its cause was fixed), in this command."""
    session = await cmd.session()
    row = await _dead_letter(session, dead_letter_id, lock=True)
    _require_open(row)
    conn = await session.connection()
    message = Inbound(row.topic, bytes(row.payload), row.received_at)
    outcome = decode(
        message,
        root=topic_root,
        rules=await load_rules(conn),
        stations=await load_stations(conn),
    )
    if isinstance(outcome, Rejected):
        raise ReplayFailed(f"{outcome.code}: {outcome.detail}", error_code=outcome.code)
    if isinstance(outcome, Ignored):
        result: dict[str, Any] = {"ignored": outcome.reason}
    else:
        try:
            result = await apply(cmd, outcome, row.received_at)
        except Exception as exc:
            failure, code, detail = classify(exc)
            if failure != "refused":
                raise
            raise ReplayFailed(f"{code}: {detail}", error_code=code) from exc
    now = utcnow()
    before = {"status": row.status}
    row.status = DeadLetterStatus.REPLAYED.value
    row.resolved_at = now
    row.resolved_by = principal.actor
    await crud.flush(session)
    # The ledger now says the message was applied (a late redelivery stays a duplicate).
    ex = cmd.ex
    applied = MessageOutcome.APPLIED.value
    if not await repo.resolve_ledger(ex, row.dedup_key, applied, result):
        entry = ledger_row(message, outcome, result, now)
        await repo.insert_ledger(ex, [entry | {"dedup_key": row.dedup_key}])
    await record(
        session,
        actor=principal.actor,
        entity_type=DEAD_LETTER,
        entity_id=row.id,
        action="replay",
        before=before,
        after={"status": row.status, "result": result},
    )
    return ReplayOut(dead_letter=DeadLetterOut.of(row), result=result)


async def discard_dead_letter(
    session: AsyncSession, principal: Principal, dead_letter_id: int
) -> DeadLetterOut:
    """Mark a dead letter as dealt with, without applying it."""
    row = await _dead_letter(session, dead_letter_id, lock=True)
    _require_open(row)
    row.status = DeadLetterStatus.DISCARDED.value
    row.resolved_at = utcnow()
    row.resolved_by = principal.actor
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type=DEAD_LETTER,
        entity_id=row.id,
        action="discard",
        before={"status": DeadLetterStatus.OPEN.value},
        after={"status": row.status},
    )
    return DeadLetterOut.of(row)


# -- ledger ----------------------------------------------------------------------------------------


async def list_messages(
    session: AsyncSession,
    params: PageParams,
    *,
    topic: str | None,
    outcome: str | None,
    msg_id: str | None,
) -> tuple[list[TelemetryMessage], str | None]:
    """Newest first, within the de-duplication window."""
    stmt = select(TelemetryMessage)
    if topic is not None:
        stmt = stmt.where(TelemetryMessage.topic == topic)
    if outcome is not None:
        stmt = stmt.where(TelemetryMessage.outcome == outcome)
    if msg_id is not None:
        stmt = stmt.where(TelemetryMessage.msg_id == msg_id)
    rows = (await session.scalars(keyset(stmt, TelemetryMessage.id, params, descending=True))).all()
    return page_of(rows, params, lambda row: row.id)
