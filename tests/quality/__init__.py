"""Measurements, gates, alerts and analytics (app/quality)."""
