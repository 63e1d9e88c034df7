"""The keys a file has used so far, for `duplicate_in_file`, in bounded memory.

The first `EXACT` keys are kept as they are, with the row that used them (the message names
that row). Past them — a file of hundreds of thousands of rows — a key is kept as a 64-bit
digest, 8 bytes in sorted arrays merged like a binary counter (amortized n log n), so a
50 MB file of 1.9 million rows holds about 15 MB of keys, not 300 MB of Python objects. Two
different keys share a digest with a probability of about n² / 2⁶⁵ (10⁻⁷ for two million
keys); such a pair would be reported as a duplicate.
"""

from __future__ import annotations

import hashlib
import heapq
from array import array
from bisect import bisect_left
from collections.abc import Hashable

EXACT = 100_000
PENDING = 4096


class SeenKeys:
    def __init__(self, exact: int = EXACT) -> None:
        self._exact_limit = exact
        self._exact: dict[Hashable, int] = {}
        self._pending: set[int] = set()
        self._levels: list[array[int]] = []

    def claim(self, key: Hashable, row: int) -> int | None:
        """Record that `row` uses `key`. None if it is the first to; else the earlier row
        that used it (0 when that row is no longer known, only that there was one)."""
        first = self._exact.get(key)
        if first is not None:
            return first
        if len(self._exact) < self._exact_limit:
            self._exact[key] = row  # nothing is kept by digest before the exact keys are full
            return None
        digest = _digest(key)
        if digest in self._pending or any(_holds(level, digest) for level in self._levels):
            return 0
        self._pending.add(digest)
        if len(self._pending) >= PENDING:
            self._flush()
        return None

    def _flush(self) -> None:
        level = array("Q", sorted(self._pending))
        self._pending = set()
        while self._levels and len(self._levels[-1]) <= len(level):
            level = array("Q", heapq.merge(self._levels.pop(), level))
        self._levels.append(level)


def _digest(key: Hashable) -> int:
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "big")


def _holds(level: array[int], digest: int) -> bool:
    at = bisect_left(level, digest)
    return at < len(level) and level[at] == digest
