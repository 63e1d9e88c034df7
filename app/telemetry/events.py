"""Telemetry's after-commit topics (`app.db.session.touch`, `Database.on_commit`)."""

from __future__ import annotations

# `touch`ed by mapping changes: every MQTT consumer reloads its rules and resubscribes.
RULES_TOPIC = "telemetry_rules"
