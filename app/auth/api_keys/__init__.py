"""API keys (admins only): scoped secrets shown once, stored as hashes."""
