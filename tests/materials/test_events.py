"""`lot.consumed` on the WIP WebSocket: its own message type, never a WIP change."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from app.materials.events import LOT_CONSUMED
from app.realtime.messages import encode_row


def test_lot_consumed_is_a_material_message() -> None:
    payload = {"lot": {"id": 1, "code": "L-1"}, "quantity": 2.0, "serial": "SMX-00001"}
    at = datetime(2026, 1, 31, 8, 0, tzinfo=UTC)
    row: tuple[object, ...] = (
        7,
        LOT_CONSUMED,
        None,
        None,
        3,
        None,
        None,
        None,
        None,
        None,
        at,
        payload,
    )
    out = encode_row(row, {})
    assert json.loads(out.text) == {"type": "material", "seq": 7, "event": LOT_CONSUMED, **payload}
    assert out.lines == frozenset({3})
    row = (8, LOT_CONSUMED, None, None, None, None, None, None, None, None, at, payload)
    assert encode_row(row, {}).lines is None
