"""Takt: an async, API-first Manufacturing Execution System."""

__version__ = "0.1.0"
