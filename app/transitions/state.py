"""What a transition reads and what it records: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from app.models import EventType, UnitStatus
from app.orders.completion import Finish

IN_PROGRESS = UnitStatus.IN_PROGRESS.value


class Action(StrEnum):
    """The unit commands; hooks register for the actions they care about."""

    MOVE = "move"
    GATE_PASS = "gate_pass"
    GATE_FAIL = "gate_fail"
    REWORK = "rework"
    SCRAP = "scrap"
    # Batch step commands (quantity batches go through the same pipeline and hooks).
    BATCH_START = "batch_start"
    BATCH_COMPLETE = "batch_complete"


BATCH_ACTIONS = frozenset({Action.BATCH_START, Action.BATCH_COMPLETE})


@dataclass(frozen=True, slots=True)
class UnitState:
    """A unit with the context its commands need (read, or locked, in one statement)."""

    id: int
    serial: str
    order_id: int
    order_number: str
    order_status: str
    part_number: str
    route_revision_id: int
    line_id: int | None
    status: str
    step: int
    awaiting: str | None
    workstation_id: int | None
    workstation_code: str | None
    workstation_line_id: int | None
    is_gate: bool
    rework_count: int
    created_at: datetime
    updated_at: datetime
    step_entered_at: datetime | None
    next_step: int | None
    next_workstation_id: int | None
    next_workstation_code: str | None
    next_workstation_line_id: int | None
    next_is_gate: bool


@dataclass(frozen=True, slots=True)
class StepInfo:
    """A step of a route revision, with its workstation."""

    seq: int
    workstation_id: int
    workstation_code: str
    line_id: int
    is_gate: bool


@dataclass(frozen=True, slots=True)
class Position:
    """Where a unit is after an event."""

    step: int
    workstation_id: int | None
    workstation_code: str | None
    status: str
    awaiting: str | None


@dataclass
class Change:
    """The events of one command applied to a unit: its history rows and outbox rows, in
    order, and where the unit ends up."""

    action: Action
    state: UnitState
    actor: str
    at: datetime
    position: Position
    rework: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        event: EventType,
        to: Position,
        *,
        result: str | None = None,
        defect_code_id: int | None = None,
        notes: str | None = None,
    ) -> None:
        origin = self.position
        self.history.append(
            {
                "unit_id": self.state.id,
                "order_id": self.state.order_id,
                "type": event.value,
                "from_step": origin.step,
                "to_step": to.step,
                "from_workstation_id": origin.workstation_id,
                "to_workstation_id": to.workstation_id,
                "result": result,
                "defect_code_id": defect_code_id,
                "notes": notes,
                "actor": self.actor,
                "at": self.at,
            }
        )
        self.outbox.append(
            {
                "type": event.value,
                "unit_id": self.state.id,
                "serial": self.state.serial,
                "order_number": self.state.order_number,
                "line_id": self.state.line_id,
                "from_step": origin.step,
                "to_step": to.step,
                "from_workstation_id": origin.workstation_id,
                "to_workstation_id": to.workstation_id,
                "status": to.status,
                "at": self.at,
            }
        )
        self.position = to

    @property
    def rework_count(self) -> int:
        return self.state.rework_count + (1 if self.rework else 0)

    def unit_values(self) -> dict[str, Any]:
        """The unit row's new values."""
        state, to, at = self.state, self.position, self.at
        step_changed = to.step != state.step or to.workstation_id != state.workstation_id
        return {
            "step": to.step,
            "workstation_id": to.workstation_id,
            "status": to.status,
            "awaiting": to.awaiting,
            "rework_count": self.rework_count,
            "updated_at": at,
            "step_entered_at": at if step_changed else state.step_entered_at,
            "finished_at": at if to.status != IN_PROGRESS else None,
        }

    def audit_values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The audit entry's (before, after)."""
        state, to = self.state, self.position
        return (
            {"step": state.step, "status": state.status, "awaiting": state.awaiting},
            {"step": to.step, "status": to.status, "awaiting": to.awaiting},
        )

    def finish(self) -> Finish | None:
        """How a change that ends the unit counts on its order (None while in progress)."""
        to = self.position
        if to.status == IN_PROGRESS:
            return None
        scrapped = to.status == UnitStatus.SCRAPPED.value
        return Finish(
            self.state.order_id,
            completed=0 if scrapped else 1,
            scrapped=1 if scrapped else 0,
            actor=self.actor,
            at=self.at,
            order_status=self.state.order_status,
        )


@dataclass(frozen=True, slots=True)
class BatchState:
    """A batch at the step a command names, with the context its commands need (read, or
    locked, in one statement: `app.batches.reads`)."""

    id: int
    order_id: int
    order_number: str
    order_status: str
    route_revision_id: int
    line_id: int | None
    quantity: int
    status: str
    step: int
    good: int
    scrap: int
    updated_at: datetime
    # The step the command names.
    step_id: int
    seq: int
    step_name: str
    step_status: str
    workstation_id: int
    workstation_code: str
    workstation_line_id: int
    is_gate: bool
    ideal_cycle_s: float | None
    quantity_in: int | None
    started_at: datetime | None
    # The route's last step (from the batch's steps, read with it).
    last_seq: int


@dataclass
class BatchChange:
    """One batch step command applied: the batch's and its steps' new values, the history
    and outbox rows, and how it counts on its order."""

    action: Action
    state: BatchState
    actor: str
    at: datetime
    # A completion's quantities (a start passes nothing).
    good: int | None = None
    scrap: int = 0
    defect_code_id: int | None = None
    notes: str | None = None
    # The batch's status after the command.
    status: str = IN_PROGRESS
    history: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    finish: Finish | None = None


# What a hook is given: a unit's change or a batch's.
AnyChange = Change | BatchChange
