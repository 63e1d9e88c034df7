"""The event outbox: commands write events in their own transaction, a sequencer numbers them
after commit (gap-free, in commit order), and named consumers read them by number — in-process
ones (the WIP hub) told of each numbering, durable ones (webhook delivery) with a persisted
position. See `service.Outbox`."""
