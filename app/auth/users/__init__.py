"""User accounts (admins only): person and workstation accounts, roles, lines."""
