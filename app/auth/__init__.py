"""Authentication and authorization: users, roles, bearer tokens, API keys."""
