"""`duplicate_in_file` in bounded memory: exact keys with their rows first, then digests."""

from __future__ import annotations

from app.imports import keys
from app.imports.keys import SeenKeys


def test_keys_are_claimed_once_exactly_then_by_digest() -> None:
    seen = SeenKeys(exact=3)
    assert [seen.claim(("A",), 2), seen.claim(("B",), 3), seen.claim(("C",), 4)] == [None] * 3
    assert seen.claim(("B",), 5) == 3  # an exact key names its row
    for row in range(6, 6 + 3 * keys.PENDING + 17):  # several merged levels and a pending set
        assert seen.claim((f"K{row}",), row) is None
    assert seen.claim(("A",), 99_999) == 2
    assert seen.claim(("K6",), 100_000) == 0  # a digest only knows there was one
    assert seen.claim((f"K{6 + 3 * keys.PENDING + 16}",), 100_001) == 0  # still pending
    assert seen.claim(("K-new",), 100_002) is None
    assert seen.claim(("K-new",), 100_003) == 0
    assert sum(len(level) for level in seen._levels) + len(seen._pending) == 3 * keys.PENDING + 18
