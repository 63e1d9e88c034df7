"""Production reports, the plant overview and the schedule (docs/reports.md)."""
