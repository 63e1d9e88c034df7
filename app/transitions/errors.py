"""Domain errors of unit transitions (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict


class OrderNotRunnable(Conflict):
    code = "order_not_runnable"
    title = "Order not runnable"


class UnitFinished(Conflict):
    code = "unit_finished"
    title = "Unit already finished"


class StepMismatch(Conflict):
    code = "step_mismatch"
    title = "Unit is at another step"


class GateDecisionRequired(Conflict):
    code = "gate_decision_required"
    title = "Gate decision required"


class DispositionRequired(Conflict):
    code = "disposition_required"
    title = "Disposition required"


class NotAGate(Conflict):
    code = "not_a_gate"
    title = "Not a gate step"


class NotStarted(Conflict):
    code = "unit_not_started"
    title = "Unit has not entered the route"


class ReworkForward(Conflict):
    code = "rework_forward"
    title = "Rework must go back"
