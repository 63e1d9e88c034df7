"""Shifts (the plant calendar) and downtime reasons."""
