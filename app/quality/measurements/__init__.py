"""Measurements: recording one (the hot path), a unit's measurements, the SPC series."""
