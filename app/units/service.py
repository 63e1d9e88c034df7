"""Unit commands: move, gate, rework, scrap. One transaction (`Command`) each.

Moving, gating, reworking and scrapping a unit go through the transition pipeline
(`app.transitions.pipeline`: rules, hooks, one write); this module is their API in terms of
the REST schemas. Generating units: `app.units.generation`.
"""

from __future__ import annotations

from app.auth.principal import Principal
from app.db.command import Command
from app.models import Awaiting, UnitStatus
from app.transitions import pipeline
from app.transitions.state import Change
from app.units.schemas import GateDecision, MoveUnit, ReworkUnit, ScrapUnit, UnitOut


def unit_out(change: Change) -> UnitOut:
    """The unit as a change left it."""
    state, to = change.state, change.position
    return UnitOut(
        serial=state.serial,
        order=state.order_number,
        part=state.part_number,
        status=UnitStatus(to.status),
        step=to.step,
        workstation=to.workstation_code,
        workstation_id=to.workstation_id,
        awaiting=Awaiting(to.awaiting) if to.awaiting else None,
        rework_count=change.rework_count,
        created_at=state.created_at,
        updated_at=change.at,
    )


async def move_unit(cmd: Command, principal: Principal, serial: str, body: MoveUnit) -> UnitOut:
    """Finish the current step and enter the next; from the last step, complete the unit."""
    change = await pipeline.move(
        cmd, principal, serial, expected_step=body.expected_step, notes=body.notes
    )
    return unit_out(change)


async def decide_gate(
    cmd: Command, principal: Principal, serial: str, body: GateDecision
) -> UnitOut:
    """Record an inspection result at a gate step; a pass moves the unit on."""
    change = await pipeline.decide_gate(
        cmd,
        principal,
        serial,
        passed=body.result == "pass",
        defect_code=body.defect_code,
        notes=body.notes,
    )
    return unit_out(change)


async def rework_unit(cmd: Command, principal: Principal, serial: str, body: ReworkUnit) -> UnitOut:
    """Send the unit back to this or an earlier step."""
    change = await pipeline.rework(
        cmd, principal, serial, to_step=body.to_step, defect_code=body.defect_code, notes=body.notes
    )
    return unit_out(change)


async def scrap_unit(cmd: Command, principal: Principal, serial: str, body: ScrapUnit) -> UnitOut:
    """End the unit as scrapped."""
    change = await pipeline.scrap(
        cmd, principal, serial, reason=body.reason, defect_code=body.defect_code
    )
    return unit_out(change)
