"""The outbox's after-commit topic: a command that wrote an outbox row adds it to its
executor's `topics` (or `touch`es it on a session), and the sequencer is kicked once the
command commits. Event names (`type`) live with their domain: `app.models.EventType` (unit
events), `app.quality.events`, `app.equipment.events`."""

from __future__ import annotations

OUTBOX_TOPIC = "outbox"
# The counter row holding the last sequence number given out (read by WIP snapshots).
SEQ_COUNTER = "outbox_seq"
