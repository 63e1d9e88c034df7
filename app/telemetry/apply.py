"""Applying a decoded message: the same commands the REST API runs, as the machine.

Also the classification of what can go wrong while applying: the message is refused (a
domain error, a bad value the database rejects: it becomes a dead letter), it raced another
transaction (retry), or the database is unavailable for now (retry later, never ack).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError

from app.db import errors as db_errors
from app.db.command import Command
from app.db.integrity import translate
from app.equipment import presence
from app.equipment import service as equipment
from app.kit.errors import TaktError
from app.models import MeasurementSource, TelemetryKind
from app.quality.measurements import service as quality
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


async def apply(cmd: Command, item: Decoded, received_at: datetime) -> dict[str, Any]:
    """Run the message's command in `cmd` (a batch, or a replay's request); returns what it
    did."""
    payload = item.payload
    if item.kind == TelemetryKind.MEASUREMENT.value:
        assert isinstance(payload, MeasurementPayload)
        out = await quality.record_measurement(
            cmd,
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
        at = payload.ts or received_at
        await presence.heard(
            cmd.ex,
            workstation_id=item.station.id,
            line_id=item.station.line_id,
            received_at=received_at,
            state_at=at,
            actor=item.actor,
        )
        return await equipment.record_state(
            cmd.ex,
            workstation_id=item.station.id,
            line_id=item.station.line_id,
            state=payload.state.value,
            reason=payload.reason,
            reason_id=await equipment.reason_for(cmd.ex, payload.reason_code),
            at=at,
            actor=item.actor,
        )
    if item.kind == TelemetryKind.COUNT.value:
        assert isinstance(payload, CountPayload) and item.station is not None
        await presence.heard(
            cmd.ex,
            workstation_id=item.station.id,
            line_id=item.station.line_id,
            received_at=received_at,
            state_at=None,
            actor=item.actor,
        )
        return await equipment.record_count(
            cmd.ex,
            workstation_id=item.station.id,
            good=payload.good,
            reject=payload.reject,
            at=payload.ts or received_at,
            actor=item.actor,
        )
    assert isinstance(payload, EventPayload)
    return _unit(await _unit_command(cmd, item, payload))


async def _unit_command(cmd: Command, item: Decoded, payload: EventPayload) -> UnitOut:
    principal, serial = item.principal, payload.serial
    if payload.action == "move":
        return await units.move_unit(cmd, principal, serial, MoveUnit(notes=payload.reason))
    if payload.action == "scrap":
        body = ScrapUnit(
            reason=payload.reason or f"scrapped by {item.actor}"[:500],
            defect_code=payload.defect_code,
        )
        return await units.scrap_unit(cmd, principal, serial, body)
    result: Literal["pass", "fail"] = "pass" if payload.action == "gate_pass" else "fail"
    decision = GateDecision(result=result, defect_code=payload.defect_code, notes=payload.reason)
    return await units.decide_gate(cmd, principal, serial, decision)


def _unit(unit: UnitOut) -> dict[str, Any]:
    return {
        "serial": unit.serial,
        "status": unit.status.value,
        "step": unit.step,
        "awaiting": unit.awaiting.value if unit.awaiting else None,
    }


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
    if isinstance(exc, db_errors.DATABASE_ERRORS):
        error = db_errors.classify(exc)
        if isinstance(error, db_errors.IntegrityViolation):
            detail = translate(error).detail
            if error.rule == "unique":  # another message (or consumer) got there first
                return "race", "duplicate", detail
            return "refused", "constraint_violation", detail
        if error.kind == "transient":
            return "transient", "database_busy", str(error)
        if error.kind == "unavailable":
            return "transient", "database_unavailable", str(error)
        return "refused", "database_rejected", str(error)
    log.exception("applying a machine message failed unexpectedly", exc_info=exc)
    return "refused", "internal_error", f"{type(exc).__name__}: {exc}"
