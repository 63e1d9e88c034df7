"""The health endpoint and the served docs (app/health)."""
