"""Outbox event names: `type` names an event across every domain (consumers filter on it)."""

from __future__ import annotations

from app.equipment.events import MACHINE_STATE_EVENT
from app.models import BatchEventType, EventType, OutboxEvent
from app.quality.events import ALERT_EVENT


def test_event_names_are_unique_across_domains_and_fit_the_column() -> None:
    unit_events = [e.value for e in EventType if e is not EventType.MEASURED]
    # The batch events on the WIP stream (the others stay in the batch's history).
    batch_events = [BatchEventType.STEP_STARTED.value, BatchEventType.STEP_COMPLETED.value]
    names = [*unit_events, *batch_events, ALERT_EVENT, MACHINE_STATE_EVENT]
    assert len(set(names)) == len(names)
    width = OutboxEvent.__table__.c.type.type.length  # type: ignore[attr-defined]
    assert all(len(name) <= width for name in names)
