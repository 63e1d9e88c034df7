"""Realtime WIP over real servers and real WebSocket clients."""
