"""Sign-in, bearer tokens, API keys and users (app/auth)."""
