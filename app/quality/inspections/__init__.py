"""The quality log: inspections, rework and scrap from unit commands, manual observations."""
