"""Realtime WIP: the event outbox, the sequencer that numbers it, and the delivery hub."""
