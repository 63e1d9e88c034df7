"""The events genealogy publishes on the outbox (`app.outbox`): their `type` names.

Both carry the assembly record as the API returns it as `payload` and the parent's line in
`line_id`; no unit columns (a sub-assembly changes no WIP count).
"""

from __future__ import annotations

UNIT_INSTALLED = "unit.installed"
UNIT_REMOVED = "unit.removed"
