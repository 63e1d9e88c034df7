"""Unit execution: generate serialized units, move them, gates, rework, scrap, history."""
