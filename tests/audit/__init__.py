"""The append-only audit log (app/audit)."""
