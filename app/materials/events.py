"""Outbox event types of materials (webhooks subscribe to them by name)."""

from __future__ import annotations

# A lot consumed by a unit or batch; payload: consumption id, lot, part, quantity, remaining,
# serial or batch id, order, step, workstation, actor, at.
LOT_CONSUMED = "lot.consumed"
