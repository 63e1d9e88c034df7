"""Webhooks per the Standard Webhooks specification, delivered from the event outbox."""
