"""Shared building blocks: errors, pagination, schema bits."""
