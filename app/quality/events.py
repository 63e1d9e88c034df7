"""The events quality publishes on the outbox (`app.outbox`): their `type` names."""

from __future__ import annotations

# A quality alert fired (`app.quality.alerts.rules`): no unit fields, the alert as `payload`,
# its line in `line_id`. Sent to WIP sockets as `{"type": "alert", …}`.
ALERT_EVENT = "alert"
