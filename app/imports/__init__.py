"""CSV/XLSX imports of orders, parts and lots: one pipeline (read, map, validate, apply)."""
