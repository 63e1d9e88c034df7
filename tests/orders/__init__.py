"""Production orders and their lifecycle (app/orders)."""
