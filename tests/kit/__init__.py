"""Shared HTTP machinery: problem documents, idempotency (app/kit)."""
