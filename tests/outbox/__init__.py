"""Tests of app/outbox."""
