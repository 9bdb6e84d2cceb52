"""The durable embedded store: write throughput against the in-memory store, and replay time.

Writes: single-document writes (insert_one of a small post-like document, then update_one by
`_id` with `$inc`) from C concurrent clients through the async API the server uses, in the same
run on

* durable: `core.mongo.open_async` on a fresh DATA_DIR (journal, fsync on: each write returns
  once its record is on disk; concurrent writes share an fsync);
* in-memory: the same writes on a bare mongomock client behind the same kind of async adapter
  (the embedded store as it was before it was journaled).

Also shown, not targeted: one client writing sequentially, fsync on and off.

Both run as `trendloop serve` runs them: on uvloop (uvicorn's loop when it is installed, as
it is with `uvicorn[standard]`), with the interpreter set as the server sets it
(`core.pools.share_interpreter`: threads hand over the interpreter lock after 1 ms instead of
Python's 5), so the journal's flusher thread shares it with the event loop as it does there.

Replay: a store the size of the small demo world (D documents over the demo's collections,
written as journal records, then compacted into a snapshot plus a journal tail), closed and
opened again: the seconds start-up spends replaying it.

    .venv/bin/python bench/durability.py [--quick] [--clients C] [--writes N] [--documents D]
                                         [--rounds R]

Targets: durable throughput ≥ 0.5 x in-memory (the median of `--rounds` alternating rounds);
replay ≤ 5 s. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import mongomock
import uvloop

from core import embedded_speedups, mongo, pools
from core.settings import Settings

TARGET_RATIO = 0.5
TARGET_REPLAY_S = 5.0
# Roughly the small demo world's mix (documents per collection, per 100).
WORLD_MIX = {
    "users": 2,
    "posts": 8,
    "likes": 30,
    "follows": 8,
    "comments": 6,
    "clicks": 30,
    "orders": 4,
    "ledger": 6,
    "element_days": 6,
}


def _document(index: int, now: datetime) -> dict[str, Any]:
    return {
        "_id": f"pst_{index:026d}",
        "author_id": f"usr_{index % 500:026d}",
        "caption": "Linen for Sunday #ootd",
        "hashtags": ["ootd", "linen"],
        "market": "UK",
        "likes": 0,
        "created_at": now,
    }


class _MemoryCollection:
    """The async adapter the in-memory store had: call mongomock, await nothing."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def insert_one(self, document: dict[str, Any]) -> Any:
        return self._inner.insert_one(document)

    async def update_one(self, filter: Any, update: Any) -> Any:
        return self._inner.update_one(filter, update)


async def _drive(collection: Any, clients: int, writes: int) -> float:
    now = datetime.now(UTC)
    per_client = writes // clients // 2

    async def client(number: int) -> None:
        for step in range(per_client):
            index = number * per_client + step
            await collection.insert_one(_document(index, now))
            await collection.update_one({"_id": f"pst_{index:026d}"}, {"$inc": {"likes": 1}})

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return per_client * clients * 2 / (time.perf_counter() - started)


def _settings(data_dir: Path, fsync: bool = True, compact_bytes: int = 64 << 20) -> Settings:
    return Settings(
        data_dir=data_dir,
        mongodb_db="trendloop_bench_durability",
        seed_demo="never",
        embedded_fsync=fsync,
        embedded_compact_bytes=compact_bytes,
    )


def durable_rate(clients: int, writes: int, fsync: bool = True) -> float:
    data_dir = Path(tempfile.mkdtemp(prefix="trendloop-bench-durable-"))
    settings = _settings(data_dir, fsync)
    try:
        handles = mongo.open_async(settings)
        return uvloop.run(_drive(handles.db.posts, clients, writes))
    finally:
        mongo.close_embedded(settings)
        shutil.rmtree(data_dir, ignore_errors=True)


def memory_rate(clients: int, writes: int) -> float:
    embedded_speedups.apply()
    client: Any = mongomock.MongoClient(tz_aware=True)
    collection = _MemoryCollection(client.trendloop_bench_durability.posts)
    return uvloop.run(_drive(collection, clients, writes))


def replay_seconds(documents: int) -> tuple[float, int, int]:
    """Seconds to reopen a store of `documents` documents (snapshot + journal tail)."""
    data_dir = Path(tempfile.mkdtemp(prefix="trendloop-bench-replay-"))
    settings = _settings(data_dir, fsync=False)
    rng = random.Random(7)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    try:
        db = mongo.sync_db(settings)
        weights = sum(WORLD_MIX.values())
        written = 0
        for name, share in WORLD_MIX.items():
            count = documents * share // weights
            batch = []
            for index in range(count):
                batch.append(
                    {
                        "_id": f"{name[:3]}_{index:026d}",
                        "user_id": f"usr_{rng.randrange(500):026d}",
                        "post_id": f"pst_{rng.randrange(documents // 10 + 1):026d}",
                        "text": "Linen for Sunday #ootd " * rng.randrange(1, 4),
                        "tags": ["ootd", "linen", "pattern/gingham"][: rng.randrange(1, 4)],
                        "amount_minor": rng.randrange(1000, 20000),
                        "at": start + timedelta(minutes=index),
                    }
                )
                if len(batch) == 500:
                    db[name].insert_many(batch)
                    batch = []
            if batch:
                db[name].insert_many(batch)
            written += count
        mongo.embedded_store(settings).compact()
        # The tail after the snapshot: single-document writes, as a running server makes them.
        tail = 0
        for index in range(min(20_000, documents // 5)):
            db.posts.update_one({"_id": f"pos_{index:026d}"}, {"$inc": {"likes": 1}})
            tail += 1
        mongo.close_embedded(settings)
        started = time.perf_counter()
        store = mongo.embedded_store(settings)
        seconds = time.perf_counter() - started
        assert store.client.trendloop_bench_durability.users.count_documents({}) > 0
        return seconds, written, tail
    finally:
        mongo.close_embedded(settings)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer writes and documents")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--writes", type=int, default=None)
    parser.add_argument("--documents", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=5, help="write rounds (median is kept)")
    args = parser.parse_args()
    writes = args.writes or (4_000 if args.quick else 20_000)
    documents = args.documents or (20_000 if args.quick else 100_000)
    served = Settings()
    pools.share_interpreter(served)  # as `trendloop serve` runs

    # Rounds alternate the two stores, so a slow moment of the machine or its disk falls on
    # both; the median round is the figure.
    rounds = []
    for _ in range(args.rounds):
        memory = memory_rate(args.clients, writes)
        durable = durable_rate(args.clients, writes)
        rounds.append((durable / memory, durable, memory))
        print(
            f"round {len(rounds)}: in-memory {memory:>9,.0f} writes/s, durable {durable:>9,.0f} "
            f"writes/s ({args.clients} clients, fsync on): ratio {durable / memory:.2f}"
        )
    ratio, durable, memory = sorted(rounds)[len(rounds) // 2]
    print(f"median ratio      {ratio:>9.2f}")
    single_fsync = durable_rate(1, writes // 4)
    single_nofsync = durable_rate(1, writes // 4, fsync=False)
    print(f"one client        {single_fsync:>9,.0f} writes/s fsync on, {single_nofsync:,.0f} off")

    seconds, written, tail = replay_seconds(documents)
    print(
        f"replay            {seconds:>9.2f} s  ({written:,} documents + {tail:,} journal records)"
    )

    figures = {
        "durable_writes_per_s": round(durable),
        "memory_writes_per_s": round(memory),
        "ratio": round(ratio, 3),
        "round_ratios": [round(r, 3) for r, _, _ in rounds],
        "single_client_fsync_writes_per_s": round(single_fsync),
        "single_client_no_fsync_writes_per_s": round(single_nofsync),
        "replay_s": round(seconds, 3),
        "replay_documents": written,
        "replay_journal_records": tail,
        "clients": args.clients,
        "interpreter_switch_ms": served.interpreter_switch_ms,
    }
    targets = {"ratio": TARGET_RATIO, "replay_s": TARGET_REPLAY_S}
    meets = ratio >= TARGET_RATIO and seconds <= TARGET_REPLAY_S
    print(
        json.dumps({"bench": "durability", "figures": figures, "targets": targets, "meets": meets})
    )


if __name__ == "__main__":
    main()
