"""How much the pHash band index saves when looking for likely reposts, and that it misses none.

A library of random 64-bit hashes is indexed the way MongoDB's multikey index holds
`image_hashes.bands` (band key -> image ids). Each query is a hash planted at 0..7 bits from
one library entry. The indexed lookup (68 probed band keys, then Hamming on the candidates) is
timed against the reference: Hamming against every stored hash. Both must return exactly the
same matches within the repost distance.

Random hashes are the friendly case: real photo hashes cluster, so expect more candidates per
probe in production; the candidate share is the figure to watch.

    python bench/repost_index.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from posts.reposts import band_keys, probe_keys

MAX_DISTANCE = 6


def build(count: int, rng: random.Random) -> tuple[list[int], dict[str, list[int]]]:
    hashes = [rng.getrandbits(64) for _ in range(count)]
    index: dict[str, list[int]] = defaultdict(list)
    for position, value in enumerate(hashes):
        for key in band_keys(f"{value:016x}"):
            index[key].append(position)
    return hashes, index


def indexed(query: int, hashes: list[int], index: dict[str, list[int]]) -> tuple[set[int], int]:
    candidates: set[int] = set()
    for key in probe_keys(f"{query:016x}"):
        candidates.update(index.get(key, ()))
    found = {i for i in candidates if (hashes[i] ^ query).bit_count() <= MAX_DISTANCE}
    return found, len(candidates)


def scan(query: int, hashes: list[int]) -> set[int]:
    return {i for i, value in enumerate(hashes) if (value ^ query).bit_count() <= MAX_DISTANCE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller library, fewer queries")
    args = parser.parse_args()
    count, queries = (20_000, 100) if args.quick else (200_000, 300)
    rng = random.Random(7)
    started = time.perf_counter()
    hashes, index = build(count, rng)
    build_s = time.perf_counter() - started

    planted = []
    for _ in range(queries):
        target = rng.randrange(count)
        bits = rng.sample(range(64), rng.randint(0, 7))
        value = hashes[target]
        for bit in bits:
            value ^= 1 << bit
        planted.append(value)

    indexed_s = scan_s = 0.0
    candidates_total = agree = found_total = 0
    for query in planted:
        t0 = time.perf_counter()
        found, candidates = indexed(query, hashes, index)
        t1 = time.perf_counter()
        expected = scan(query, hashes)
        t2 = time.perf_counter()
        indexed_s += t1 - t0
        scan_s += t2 - t1
        candidates_total += candidates
        found_total += len(found)
        agree += found == expected

    per_query_indexed_ms = indexed_s / queries * 1000
    per_query_scan_ms = scan_s / queries * 1000
    candidate_share = candidates_total / queries / count
    figures = {
        "library": count,
        "queries": queries,
        "max_distance": MAX_DISTANCE,
        "index_build_s": round(build_s, 3),
        "indexed_ms_per_query": round(per_query_indexed_ms, 4),
        "scan_ms_per_query": round(per_query_scan_ms, 3),
        "speedup": round(per_query_scan_ms / per_query_indexed_ms, 1),
        "candidates_per_query": round(candidates_total / queries, 1),
        "candidate_share": round(candidate_share, 6),
        "matches_found": found_total,
        "recall_vs_scan": agree / queries,
    }
    # The scan grows with the library and the indexed lookup barely does, so the speedup
    # asked for grows with the library too.
    speedup_min = 5.0 if args.quick else 20.0
    targets = {"recall_vs_scan": 1.0, "speedup_min": speedup_min, "candidate_share_max": 0.01}
    meets = (
        figures["recall_vs_scan"] == 1.0
        and figures["speedup"] >= targets["speedup_min"]
        and candidate_share <= targets["candidate_share_max"]
    )
    print(f"library {count:,} random pHashes, {queries} planted queries at 0-7 bits")
    print(
        f"  indexed: {per_query_indexed_ms:8.3f} ms/query, {figures['candidates_per_query']} "
        f"candidates ({candidate_share:.4%} of the library)"
    )
    print(f"  scan   : {per_query_scan_ms:8.3f} ms/query (reference, same run)")
    print(f"  speedup {figures['speedup']}x, same matches as the scan in {agree}/{queries} queries")
    print(
        json.dumps(
            {"bench": "repost_index", "figures": figures, "targets": targets, "meets": meets}
        )
    )


if __name__ == "__main__":
    main()
