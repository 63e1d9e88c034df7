"""Applying WIP events to counters — the rule every WIP client follows.

A unit event moves one unit from (`from_step`, `from_workstation_id`, in progress) to
(`to_step`, `to_workstation_id`, `status`). `created` has no origin. A batch step event
puts the step's `quantity` at its `workstation_id` (`batch_step_started`) or takes it away
(`batch_step_completed`); the totals count units only, so batch events leave them alone.
Applying an event backwards undoes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.wip.events import BATCH_EVENTS, BATCH_STEP_STARTED


@dataclass
class WipCounters:
    workstations: dict[int, int] = field(default_factory=dict)
    not_started: int = 0
    in_progress: int = 0
    completed: int = 0
    scrapped: int = 0
    # With a line filter: only these workstations and units of this line count.
    line_id: int | None = None

    def _place(self, step: int, workstation_id: int | None, sign: int, totals: bool) -> None:
        if workstation_id is not None and workstation_id in self.workstations:
            self.workstations[workstation_id] += sign
        if totals:
            if step == 0:
                self.not_started += sign
            else:
                self.in_progress += sign

    def apply(self, event: Mapping[str, Any], sign: int = 1) -> None:
        """Apply (`sign=1`) or undo (`sign=-1`) one event."""
        if event.get("event") in BATCH_EVENTS:
            self._apply_batch(event, sign)
            return
        totals = self.line_id is None or event.get("line_id") == self.line_id
        if event.get("from_step") is not None:
            self._place(event["from_step"], event.get("from_workstation_id"), -sign, totals)
        status = event.get("status")
        if status == "in_progress":
            self._place(event["to_step"], event.get("to_workstation_id"), sign, totals)
        elif totals and status == "completed":
            self.completed += sign
        elif totals and status == "scrapped":
            self.scrapped += sign

    def _apply_batch(self, event: Mapping[str, Any], sign: int) -> None:
        workstation_id = event.get("workstation_id")
        if workstation_id in self.workstations:
            quantity = int(event.get("quantity") or 0)
            started = event["event"] == BATCH_STEP_STARTED
            self.workstations[workstation_id] += sign * (quantity if started else -quantity)
