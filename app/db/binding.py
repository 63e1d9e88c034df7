"""Typed bound parameters for Core statements written once at import time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam


def bound(table: Table, columns: Sequence[str], prefix: str = "") -> dict[str, Any]:
    """`column: bindparam(prefix + column)` for an explicit-values INSERT or UPDATE, typed
    like the column (so asyncpg gets the casts and JSON/UTC types their processors)."""
    return {c: bindparam(f"{prefix}{c}", type_=table.c[c].type) for c in columns}
