"""Logging a manual quality observation (a quality event that changes no unit state)."""

from __future__ import annotations

from app.audit.recorder import audit_row
from app.auth.principal import Principal
from app.db.command import Command
from app.kit.errors import UnknownReference
from app.kit.time import utcnow
from app.masterdata import repository as masterdata
from app.models import QualityEventType, UnitStatus
from app.quality.alerts import rules
from app.quality.inspections import repository as repo
from app.quality.inspections.schemas import ObservationIn, QualityEventOut
from app.transitions import reads as transition_reads
from app.transitions import rules as transition_rules

_IN_PROGRESS = UnitStatus.IN_PROGRESS.value


async def record_observation(
    cmd: Command, principal: Principal, body: ObservationIn
) -> QualityEventOut:
    """Log a manual quality observation (changes no unit state; may fire defect rules)."""
    ex = cmd.ex
    unit = None
    if body.serial is not None:
        unit = await transition_reads.read_unit(ex, body.serial)
        if unit is None:
            raise UnknownReference(f"unit {body.serial} does not exist", field="serial")
    workstation_id = unit.workstation_id if unit else None
    if unit is not None:
        # Where the unit is (before step 1: its first step; once finished: its line), never
        # where the caller says.
        if unit.status == _IN_PROGRESS:
            transition_rules.require_station(principal, unit)
        else:
            principal.require_station(None, unit.line_id)
    if body.workstation_id is not None:
        line_id = await repo.workstation_line(ex, body.workstation_id)
        if line_id is None:
            raise UnknownReference(
                f"workstation {body.workstation_id} does not exist", field="workstation_id"
            )
        principal.require_station(body.workstation_id, line_id)
        workstation_id = body.workstation_id
    defect_code_id = None
    if body.defect_code is not None:
        defect_code_id = await masterdata.defect_code_id(ex, body.defect_code)
        if defect_code_id is None:
            raise UnknownReference(
                f"defect code {body.defect_code!r} does not exist", field="defect_code"
            )
    event = repo.inspection_event(
        type_=QualityEventType.OBSERVATION.value,
        result=None,
        unit_id=unit.id if unit else None,
        order_id=unit.order_id if unit else None,
        step=unit.step if unit else None,
        workstation_id=workstation_id,
        defect_code_id=defect_code_id,
        notes=body.notes,
        actor=principal.actor,
        at=utcnow(),
    )
    event_id = await repo.insert_event(ex, event)
    await cmd.audit(
        audit_row(
            actor=principal.actor,
            entity_type="quality_event",
            entity_id=event_id,
            action="observe",
            after={
                "type": QualityEventType.OBSERVATION.value,
                "serial": unit.serial if unit else None,
                "workstation_id": workstation_id,
                "defect_code": body.defect_code,
                "notes": body.notes,
            },
        )
    )
    await rules.evaluate(ex, event)
    return QualityEventOut(
        id=event_id,
        type=QualityEventType.OBSERVATION,
        result=None,
        serial=unit.serial if unit else None,
        batch_id=None,
        quantity=1,
        order=unit.order_number if unit else None,
        step=event["step"],
        workstation_id=workstation_id,
        defect_code=body.defect_code,
        measurement_id=None,
        notes=body.notes,
        actor=principal.actor,
        at=event["at"],
    )
