"""Serialized unit generation through the real server.

    python -m bench.generate [--db postgresql|sqlite] [--repeat 3]

1. One request generating 10,000 units (target <= 1 s on PostgreSQL), repeated on fresh
   orders; prints each time and the best.
2. 8 parallel requests of 1,000 units for one part: prints the number of duplicate serials
   (must be 0) and whether the serial numbers form one gap-free range.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import tempfile
import time
from pathlib import Path

from bench.harness import admin_client, build_floor, database_url, ok, takt_server


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()

    url = database_url(args.db, "takt_bench_generate", Path(tempfile.mkdtemp()))
    with takt_server(url) as server:
        client = admin_client(server.base_url)
        floor = build_floor(client, 10)
        part_id = floor["part"]["id"]

        times = []
        for i in range(1, args.repeat + 1):
            order = ok(
                client.post("/api/v1/orders", json={"part_id": part_id, "quantity": args.count})
            )
            started = time.perf_counter()
            units = ok(
                client.post(f"/api/v1/orders/{order['number']}/units", json={"count": args.count})
            )
            elapsed = time.perf_counter() - started
            assert len(units["items"]) == args.count
            times.append(elapsed)
            print(
                f"run {i}: {args.count} units in one request: {elapsed * 1000:.0f} ms", flush=True
            )

        order = ok(client.post("/api/v1/orders", json={"part_id": part_id, "quantity": 8000}))
        url_units = f"{server.base_url}/api/v1/orders/{order['number']}/units"
        headers = {"Authorization": client.headers["Authorization"]}

        def generate_thousand() -> list[str]:
            import httpx

            r = httpx.post(url_units, json={"count": 1000}, headers=headers, timeout=120)
            return [u["serial"] for u in ok(r)["items"]]

        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            batches = list(pool.map(lambda _: generate_thousand(), range(8)))
        parallel_elapsed = time.perf_counter() - started
        serials = [s for batch in batches for s in batch]
        numbers = sorted(int(s.rsplit("-", 1)[1]) for s in serials)
        duplicates = len(serials) - len(set(serials))
        gap_free = numbers == list(range(numbers[0], numbers[0] + len(numbers)))

    print(f"\ndatabase {args.db}")
    print(
        f"generate {args.count} units: best {min(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms (target <= 1000 ms)"
    )
    print(
        f"8 parallel x 1,000: {parallel_elapsed * 1000:.0f} ms, {len(serials)} serials, "
        f"{duplicates} duplicates, gap-free range: {gap_free}"
    )
    print(f"ratio best/target = {min(times):.2f}")


if __name__ == "__main__":
    main()
