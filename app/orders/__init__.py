"""Production orders: numbering, lifecycle, pinned route revisions, counters."""
