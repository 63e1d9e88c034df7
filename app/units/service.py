"""Unit commands: generate, move, gate, rework, scrap. One transaction (`Command`) each.

Moving, gating, reworking and scrapping a unit go through the transition pipeline
(`app.transitions.pipeline`: rules, hooks, one write); this module is their API in terms of
the REST schemas. Generation creates units set-based, counted on their order in the same
transaction.
"""

from __future__ import annotations

from app.audit.recorder import record
from app.auth.principal import Principal
from app.db.command import Command
from app.kit import crud
from app.kit.time import utcnow
from app.models import Awaiting, OrderStatus, UnitStatus
from app.orders import service as orders
from app.orders.errors import QuantityExceeded
from app.orders.lifecycle import GENERATABLE
from app.outbox.events import OUTBOX_TOPIC
from app.transitions import pipeline
from app.transitions import repository as transitions_repo
from app.transitions.errors import OrderNotRunnable
from app.transitions.state import Change
from app.units import repository as repo
from app.units.schemas import GateDecision, MoveUnit, ReworkUnit, ScrapUnit, UnitOut

RUNNING = OrderStatus.RUNNING.value
IN_PROGRESS = UnitStatus.IN_PROGRESS.value


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


async def generate_units(
    cmd: Command, principal: Principal, number: str, count: int
) -> list[UnitOut]:
    """Create `count` serialized units at step 0; starts a new or scheduled order. Never
    over-produces: `started - scrapped + count` may not exceed the order's quantity
    (QuantityExceeded, 409), so scrapped units may be replaced one for one."""
    session = await cmd.session()
    view = await orders.get_order(session, number, lock=True)
    order = view.order
    if OrderStatus(order.status) not in GENERATABLE:
        raise OrderNotRunnable(
            f"order {number} is {order.status}; units can be generated only for new, "
            "scheduled or running orders",
            order_status=order.status,
        )
    # Under the order's row lock, so parallel generations cannot together exceed it.
    open_or_done = order.started - order.scrapped
    if open_or_done + count > order.quantity:
        raise QuantityExceeded(
            f"order {number} is for {order.quantity} units and has {open_or_done} "
            f"(started {order.started}, scrapped {order.scrapped}): {count} more would "
            f"exceed it; at most {max(order.quantity - open_or_done, 0)} may be generated",
            quantity=order.quantity,
            started=order.started,
            scrapped=order.scrapped,
        )
    ex = cmd.ex
    first = await transitions_repo.route_step(ex, order.route_revision_id, 1)
    assert first is not None, f"route revision {order.route_revision_id} has no steps"
    principal.require_station(first.workstation_id, first.line_id)
    if order.status != RUNNING:
        await orders.set_status(session, principal.actor, order, OrderStatus.RUNNING, "start")
    last, prefix, digits = await repo.advance_serial_counter(ex, order.part_id, count)
    serials = [f"{prefix}-{n:0{digits}d}" for n in range(last - count + 1, last + 1)]
    at = utcnow()
    line_id = order.line_id or first.line_id
    if ex.postgres:
        await repo.generate_units_pg(
            ex,
            prefix=prefix,
            digits=digits,
            first=last - count + 1,
            last=last,
            order_id=order.id,
            order_number=order.number,
            part_id=order.part_id,
            route_revision_id=order.route_revision_id,
            line_id=line_id,
            actor=principal.actor,
            at=at,
        )
    else:  # SQLite: in-process, so row-at-a-time inserts cost no round trips
        after_id = await repo.max_unit_id(ex, order.id)
        await repo.insert_units(
            ex,
            [
                {
                    "serial": serial,
                    "order_id": order.id,
                    "part_id": order.part_id,
                    "route_revision_id": order.route_revision_id,
                    "line_id": line_id,
                    "status": IN_PROGRESS,
                    "step": 0,
                    "workstation_id": None,
                    "awaiting": Awaiting.MOVE.value,
                    "rework_count": 0,
                    "created_at": at,
                    "updated_at": at,
                }
                for serial in serials
            ],
        )
        await repo.insert_created_events(
            ex,
            order_id=order.id,
            order_number=order.number,
            after_unit_id=after_id,
            actor=principal.actor,
            at=at,
        )
    order.started = order.started + count
    await crud.flush(session)
    await record(
        session,
        actor=principal.actor,
        entity_type="order",
        entity_id=order.number,
        action="generate_units",
        after={"count": count, "first_serial": serials[0], "last_serial": serials[-1]},
    )
    cmd.touch(OUTBOX_TOPIC)
    part_number = await repo.part_number(ex, order.part_id)
    return [
        UnitOut(
            serial=serial,
            order=order.number,
            part=part_number,
            status=UnitStatus.IN_PROGRESS,
            step=0,
            workstation=None,
            workstation_id=None,
            awaiting=Awaiting.MOVE,
            rework_count=0,
            created_at=at,
            updated_at=at,
        )
        for serial in serials
    ]
