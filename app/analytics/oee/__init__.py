"""OEE (ISO 22400-2): planned busy time, actual production time, losses, quantities."""
