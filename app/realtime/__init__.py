"""Realtime WIP: the hub (the outbox's in-process consumer "wip") and the WebSocket streams."""
