"""The events equipment publishes on the outbox (`app.outbox`): their `type` names."""

from __future__ import annotations

# A workstation's current machine state changed: the change as `payload`, its line in
# `line_id`.
MACHINE_STATE_EVENT = "machine_state"
