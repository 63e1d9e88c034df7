"""The WIP WebSocket's messages (API.md, WIP): snapshot, event (of a unit or a batch step;
`app.wip.events`), alert, issue, machine (a workstation's current machine state), order
(a status change), material (a lot consumed, a sub-assembly installed or removed), ping, error.

Each numbered outbox row is encoded to JSON, and framed, once per process and the same bytes
go to every socket that wants them; `Outgoing.lines` says which line filters it passes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.equipment.events import MACHINE_STATE_EVENT
from app.genealogy.events import UNIT_INSTALLED, UNIT_REMOVED
from app.issues.events import ISSUE_EVENT
from app.materials.events import LOT_CONSUMED
from app.orders.events import ORDER_STATUS_EVENT
from app.quality.events import ALERT_EVENT
from app.server.frames import text_frame
from app.wip.events import BATCH_EVENTS, payload_of, wip_event
from app.wip.schemas import WipSnapshot

# Material events: a lot consumed, a sub-assembly installed or removed.
MATERIAL_EVENTS = frozenset((LOT_CONSUMED, UNIT_INSTALLED, UNIT_REMOVED))

_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
PING = _ENCODE({"type": "ping"})
# The `machine` message's fields, in this order (an event written before a field existed
# has it null).
MACHINE_KEYS = (
    "workstation_id",
    "workstation_code",
    "line_id",
    "state",
    "previous_state",
    "reason",
    "reason_id",
    "reason_code",
    "reason_name",
    "reason_category",
    "since",
)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One numbered event, encoded (as text, and framed for sockets without compression),
    with the lines it concerns (None: every line)."""

    seq: int
    text: str
    lines: frozenset[int] | None
    stations: tuple[int, ...] = ()  # the workstations the event names
    frame: bytes = field(init=False, compare=False, repr=False)  # `text`, framed

    def __post_init__(self) -> None:
        object.__setattr__(self, "frame", text_frame(self.text))

    def concerns(self, line_id: int | None) -> bool:
        return line_id is None or self.lines is None or line_id in self.lines


def iso(at: datetime) -> str:
    """ISO 8601 in UTC with a `Z`, as the REST API writes timestamps."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def encode_row(row: Sequence[Any], station_lines: Mapping[int, int]) -> Outgoing:
    """An outbox row (`repository.EVENT_COLUMNS`) as its WebSocket message.

    A line-filtered socket gets an event when the unit (the batch) belongs to the line or
    the event touches one of the line's workstations — exactly the events that can change
    that line's snapshot (see `app/wip/counters.py`).
    """
    (
        seq,
        type_,
        serial,
        order,
        line_id,
        from_step,
        to_step,
        from_ws,
        to_ws,
        status,
        at,
        payload,
    ) = row
    if type_ == ORDER_STATUS_EVENT:
        text = _ENCODE({"type": "order", "seq": seq, "order": payload_of(payload)})
        return Outgoing(seq, text, None if line_id is None else frozenset((line_id,)))
    if type_ == ALERT_EVENT:
        text = _ENCODE({"type": "alert", "seq": seq, "alert": payload_of(payload)})
        return Outgoing(seq, text, None if line_id is None else frozenset((line_id,)))
    if type_ == ISSUE_EVENT:
        text = _ENCODE({"type": "issue", "seq": seq, "issue": payload_of(payload)})
        return Outgoing(seq, text, None if line_id is None else frozenset((line_id,)))
    if type_ in MATERIAL_EVENTS:  # not WIP changes: their own message type
        text = _ENCODE({"type": "material", "seq": seq, "event": type_, **payload_of(payload)})
        return Outgoing(seq, text, None if line_id is None else frozenset((line_id,)))
    if type_ == MACHINE_STATE_EVENT:
        body = payload_of(payload)
        machine = {key: body.get(key) for key in MACHINE_KEYS}
        text = _ENCODE({"type": "machine", "seq": seq, "machine": machine})
        return Outgoing(seq, text, None if line_id is None else frozenset((line_id,)))
    event = wip_event(
        type_, serial, order, line_id, from_step, to_step, from_ws, to_ws, status, payload
    )
    text = _ENCODE({"type": "event", "seq": seq, **event, "at": iso(at)})
    lines = {line_id} if line_id is not None else set()
    if type_ in BATCH_EVENTS:
        named = event["workstation_id"]
        stations: tuple[int, ...] = (named,) if isinstance(named, int) else ()
    else:
        stations = tuple(w for w in (from_ws, to_ws) if w is not None)
    for workstation_id in stations:
        if workstation_id in station_lines:
            lines.add(station_lines[workstation_id])
    return Outgoing(seq, text, frozenset(lines), stations)


def snapshot_message(snapshot: WipSnapshot) -> str:
    return _ENCODE(
        {"type": "snapshot", "seq": snapshot.seq, "wip": snapshot.model_dump(mode="json")}
    )


def error_message(code: str, detail: str) -> str:
    """A problem with something the client sent; the stream goes on."""
    return _ENCODE({"type": "error", "code": code, "detail": detail})
