"""Domain errors of batch commands (codes are part of the API contract)."""

from __future__ import annotations

from app.kit.errors import Conflict, Invalid


class StepNotReady(Conflict):
    """Only the next pending step (the previous one done) may start."""

    code = "step_not_ready"
    title = "Step not ready"


class StepNotStarted(Conflict):
    """A step is completed only once started."""

    code = "step_not_started"
    title = "Step not started"


class StepDone(Conflict):
    """The step was already completed."""

    code = "step_done"
    title = "Step already completed"


class BatchFinished(Conflict):
    code = "batch_finished"
    title = "Batch already finished"


class QuantityMismatch(Invalid):
    """`good + scrap` must be what entered the step."""

    code = "quantity_mismatch"
    title = "Quantities do not add up"
