"""Applying a decoded message: the same commands the REST API runs, as the machine.

Also the classification of what can go wrong while applying: the message is refused (a
domain error, a bad value the database rejects: it becomes a dead letter), it raced another
transaction (retry), or the database is unavailable for now (retry later, never ack).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Literal

import asyncpg
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.db.executor import Executor
from app.db.integrity import translate
from app.equipment import service as equipment
from app.kit.errors import TaktError
from app.models import MeasurementSource, TelemetryKind
from app.quality import service as quality
from app.telemetry.decode import Decoded
from app.telemetry.payloads import (
    CountPayload,
    EventPayload,
    MeasurementPayload,
    PayloadError,
    StatePayload,
)
from app.units import service as units
from app.units.schemas import GateDecision, MoveUnit, ScrapUnit, UnitOut

log = logging.getLogger("takt.telemetry")

Failure = Literal["refused", "race", "transient"]
_TRANSIENT_SQLSTATES = ("40001", "40P01", "55P03", "57P01", "57P02", "57P03")


async def apply(ex: Executor, item: Decoded, received_at: datetime) -> dict[str, Any]:
    """Run the message's command in the executor's transaction; returns what it did."""
    payload = item.payload
    if item.kind == TelemetryKind.MEASUREMENT.value:
        assert isinstance(payload, MeasurementPayload)
        out = await quality.record_measurement(
            ex,
            actor=item.actor,
            serial=payload.serial,
            test=payload.test,
            value=payload.value,
            values=payload.values,
            source=MeasurementSource.MACHINE.value,
            at=payload.ts or received_at,
            principal=item.principal,
        )
        return {
            "measurement_id": out.id,
            "serial": out.serial,
            "test": out.test,
            "result": out.result,
            "failed_gate": out.failed_gate,
        }
    if item.kind == TelemetryKind.STATE.value:
        assert isinstance(payload, StatePayload) and item.station is not None
        return await equipment.record_state(
            ex,
            workstation_id=item.station.id,
            line_id=item.station.line_id,
            state=payload.state.value,
            reason=payload.reason,
            at=payload.ts or received_at,
            actor=item.actor,
        )
    if item.kind == TelemetryKind.COUNT.value:
        assert isinstance(payload, CountPayload) and item.station is not None
        return await equipment.record_count(
            ex,
            workstation_id=item.station.id,
            good=payload.good,
            reject=payload.reject,
            at=payload.ts or received_at,
            actor=item.actor,
        )
    assert isinstance(payload, EventPayload)
    return _unit(await _unit_command(ex, item, payload))


async def _unit_command(ex: Executor, item: Decoded, payload: EventPayload) -> UnitOut:
    principal, serial = item.principal, payload.serial
    if payload.action == "move":
        return await units.move_unit(ex, principal, serial, MoveUnit(notes=payload.reason))
    if payload.action == "scrap":
        body = ScrapUnit(
            reason=payload.reason or f"scrapped by {item.actor}"[:500],
            defect_code=payload.defect_code,
        )
        return await units.scrap_unit(ex, principal, serial, body)
    result: Literal["pass", "fail"] = "pass" if payload.action == "gate_pass" else "fail"
    decision = GateDecision(result=result, defect_code=payload.defect_code, notes=payload.reason)
    return await units.decide_gate(ex, principal, serial, decision)


def _unit(unit: UnitOut) -> dict[str, Any]:
    return {
        "serial": unit.serial,
        "status": unit.status.value,
        "step": unit.step,
        "awaiting": unit.awaiting.value if unit.awaiting else None,
    }


def _sqlstate(exc: BaseException) -> str | None:
    state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    return str(state) if state else None


def classify(exc: BaseException) -> tuple[Failure, str, str]:
    """(failure, error code, detail) of an exception raised while applying a message."""
    if isinstance(exc, TaktError):
        return "refused", exc.code, exc.detail
    if isinstance(exc, PayloadError):
        return "refused", exc.code, exc.detail
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        return "refused", "invalid_payload", problems
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    cause = getattr(original, "__cause__", None) or original
    if isinstance(exc, IntegrityError) or isinstance(
        original, asyncpg.IntegrityConstraintViolationError
    ):
        detail = translate(exc).detail
        if isinstance(cause, asyncpg.UniqueViolationError) or isinstance(
            original, asyncpg.UniqueViolationError
        ):
            return "race", "duplicate", detail
        if "unique" in str(original).lower():
            return "race", "duplicate", detail
        return "refused", "constraint_violation", detail
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated or "database is locked" in str(exc.orig).lower():
            return "transient", "database_unavailable", str(exc.orig)
        state = _sqlstate(cause) or _sqlstate(original)
        if state is not None and state.startswith(_TRANSIENT_SQLSTATES):
            return "transient", "database_busy", str(exc.orig)
        return "refused", "database_rejected", str(exc.orig)
    if isinstance(exc, asyncpg.PostgresError):
        state = _sqlstate(exc)
        if state is not None and state.startswith(_TRANSIENT_SQLSTATES):
            return "transient", "database_busy", str(exc)
        if isinstance(exc, asyncpg.PostgresConnectionError):
            return "transient", "database_unavailable", str(exc)
        return "refused", "database_rejected", str(exc)
    if isinstance(exc, asyncpg.InterfaceError | OSError | ConnectionError | TimeoutError):
        return "transient", "database_unavailable", f"{type(exc).__name__}: {exc}"
    log.exception("applying a machine message failed unexpectedly", exc_info=exc)
    return "refused", "internal_error", f"{type(exc).__name__}: {exc}"
