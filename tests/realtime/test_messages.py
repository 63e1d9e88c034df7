"""`encode_row` for `machine_state` outbox rows: the `machine` message and its line filter
(no server needed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from app.equipment.events import MACHINE_STATE_EVENT
from app.realtime.messages import MACHINE_KEYS, encode_row


def row(seq: int, line_id: int | None, payload: Any) -> tuple[Any, ...]:
    at = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    unit_columns = (None,) * 2, (None,) * 5  # serial, order; steps, workstations, status
    return (seq, MACHINE_STATE_EVENT, *unit_columns[0], line_id, *unit_columns[1], at, payload)


def test_a_machine_message_goes_to_its_line_only() -> None:
    payload = dict[str, Any].fromkeys(MACHINE_KEYS) | {
        "workstation_id": 7,
        "workstation_code": "PRESS-1",
        "line_id": 2,
        "state": "down",
        "previous_state": "running",
        "reason_code": "TOOL",
        "since": "2026-12-02T14:05:00Z",
    }
    out = encode_row(row(812, 2, json.dumps(payload)), {7: 2})
    assert json.loads(out.text) == {"type": "machine", "seq": 812, "machine": payload}
    assert list(json.loads(out.text)["machine"]) == list(MACHINE_KEYS)
    assert (out.concerns(2), out.concerns(3), out.concerns(None)) == (True, False, True)
    assert out.stations == ()  # not a WIP count change: no snapshot for unknown stations


def test_an_event_written_before_the_names_existed_has_them_null() -> None:
    old = {
        "workstation_id": 7,
        "line_id": 2,
        "state": "idle",
        "reason": None,
        "reason_id": None,
        "previous_state": "down",
        "since": "2026-12-02T14:05:00+00:00",
    }
    machine = json.loads(encode_row(row(5, 2, old), {}).text)["machine"]
    assert set(machine) == set(MACHINE_KEYS)
    assert machine["state"] == "idle" and machine["workstation_code"] is None
    assert machine["reason_name"] is None and machine["reason_category"] is None
