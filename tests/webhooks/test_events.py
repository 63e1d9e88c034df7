"""The one table of outbox events → webhook events (pure)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.outbox.repository import Event
from app.webhooks.events import EVENT_NAMES, envelope, subscribed, webhook_events

AT = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def _event(type_: str, *, payload: Any = None, **fields: Any) -> Event:
    values: dict[str, Any] = {
        "seq": 7,
        "type": type_,
        "at": AT,
        "line_id": 3,
        "payload": payload,
        "unit_id": None,
        "serial": None,
        "order_number": None,
        "from_step": None,
        "to_step": None,
        "from_workstation_id": None,
        "to_workstation_id": None,
        "status": None,
    }
    return Event(**(values | fields))


def test_unit_completed() -> None:
    found = webhook_events(
        _event(
            "completed",
            serial="SMX-1",
            order_number="PO-1",
            from_step=3,
            to_step=3,
            from_workstation_id=9,
            status="completed",
        )
    )
    assert found == [
        (
            "unit.completed",
            {
                "serial": "SMX-1",
                "order": "PO-1",
                "line_id": 3,
                "step": 3,
                "workstation_id": 9,
                "completed_at": "2026-12-02T08:00:00Z",
            },
        )
    ]
    assert webhook_events(_event("moved", serial="SMX-1")) == []
    assert webhook_events(_event("machine_state", payload={})) == []


def test_order_events() -> None:
    change = {"order": "PO-1", "from": "running", "to": "paused", "action": "pause", "at": "x"}
    assert webhook_events(_event("order_status", payload=change)) == [
        ("order.status_changed", change)
    ]
    done = change | {"to": "complete", "action": "auto_complete"}
    # JSONB may arrive as text from some drivers.
    assert [
        n for n, _ in webhook_events(_event("order_status", payload=str(done).replace("'", '"')))
    ] == [
        "order.status_changed",
        "order.completed",
    ]


def test_issue_alert_batch_lot() -> None:
    issue = {"id": 1, "status": "open"}
    assert webhook_events(_event("issue", payload=issue)) == [("issue.opened", issue)]
    assert webhook_events(_event("issue", payload=issue | {"status": "resolved"})) == []
    alert = {"id": 2, "rule": "EOL yield"}
    assert webhook_events(_event("alert", payload=alert)) == [("alert.fired", alert)]
    step = {"batch": 4, "step": 2, "quantity": 60, "good": 55, "scrap": 5}
    assert webhook_events(_event("batch_step_completed", payload=step, status="in_progress")) == []
    ((name, data),) = webhook_events(
        _event("batch_step_completed", payload=step, status="completed", order_number="PO-2")
    )
    assert name == "batch.completed" and data["good"] == 55 and data["order"] == "PO-2"
    lot = {"lot": "L-1", "part": "4711", "quantity": 2}
    assert webhook_events(_event("lot.consumed", payload=lot)) == [("lot.consumed", lot)]


def test_subscriptions_and_envelope() -> None:
    assert subscribed(["*"], "unit.completed") and subscribed(["unit.completed"], "unit.completed")
    assert not subscribed(["order.completed"], "unit.completed")
    assert set(EVENT_NAMES) == {
        "unit.completed",
        "order.completed",
        "order.status_changed",
        "issue.opened",
        "alert.fired",
        "batch.completed",
        "lot.consumed",
    }
    assert envelope("unit.completed", "t", {"a": 1}) == {
        "type": "unit.completed",
        "timestamp": "t",
        "data": {"a": 1},
    }
