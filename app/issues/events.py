"""The events issues publish on the outbox (`app.outbox`): their `type` names."""

from __future__ import annotations

# An issue was opened or changed status: the issue as the API returns it as `payload`, the
# line it is on (its own, else its order's planned line) in `line_id`. Sent to WIP sockets
# as `{"type": "issue", "seq", "issue": {…}}`.
ISSUE_EVENT = "issue"
