"""Search (app/search)."""
