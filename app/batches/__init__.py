"""Quantity batches: non-serialized production, step by step (API.md part 2)."""
