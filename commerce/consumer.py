"""Drains the click stream into Mongo: a consumer group, batches, idempotent by click id.

Each batch is written with one unordered `insert_many` keyed by the click id, so a batch
written twice (a consumer that died after writing but before acknowledging, whose entries
another consumer then claimed) inserts nothing the second time: the duplicates are refused by
the `_id` index and skipped. Per-link click counters are raised only for clicks this write
actually inserted, so they are not doubled either (a consumer dying between the insert and the
raise leaves them short; `commerce.reconcile` recounts them). Entries are acknowledged (and
deleted, to keep the stream short) only after the write. The clicks a write inserted are handed
to `on_written`: the caller's next step (the click drain task passes the reports' marking, so a
click that an already processed order names makes that brand's reports stale).

A consumer that dies leaves its entries pending; `drain` first claims entries that have been
pending longer than `click_claim_idle_ms` (XAUTOCLAIM) and processes them as its own.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import redis
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from commerce.clicks import FLAG_BURST, FLAG_DUPLICATE, stream_key
from core.mongo import Document, SyncDB
from core.settings import Settings

log = logging.getLogger(__name__)

GROUP = "click-writers"
Entry = tuple[str, dict[str, str] | None]


@dataclass
class DrainStats:
    read: int = 0
    inserted: int = 0
    duplicates: int = 0
    claimed: int = 0
    malformed: int = 0
    batches: int = 0

    def add(self, other: DrainStats) -> None:
        for name in ("read", "inserted", "duplicates", "claimed", "malformed", "batches"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def ensure_group(client: redis.Redis, stream: str, group: str = GROUP) -> None:
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def click_document(fields: dict[str, str]) -> dict[str, Any]:
    """The stored click: the stream entry's link and click merged, flags as a list."""
    link = orjson.loads(fields["l"])
    click = orjson.loads(fields["c"])
    flags: list[str] = list(click.get("f", ()))
    if fields.get("d") == "1":
        flags.append(FLAG_DUPLICATE)
    if fields.get("b") == "1":
        flags.append(FLAG_BURST)
    doc: dict[str, Any] = {
        "_id": click["id"],
        "link_id": link["id"],
        "influencer_id": link["inf"],
        "product_id": link.get("prd"),
        "at": datetime.fromtimestamp(click["t"] / 1000, UTC),
        "visitor": click["v"],
        "ua": click["u"],
        "counted": not flags,
    }
    if "cmp" in link:
        doc["campaign_id"] = link["cmp"]
    if "post" in link:
        doc["post_id"] = link["post"]
    if flags:
        doc["flags"] = flags
    if "co" in click:
        doc["country"] = click["co"]
    if "r" in click:
        doc["referrer"] = click["r"]
    return doc


# What happens to the clicks a write inserted, after their counters are raised.
OnWritten = Callable[[SyncDB, Sequence[Document]], object]


def write_clicks(
    db: SyncDB, docs: Sequence[dict[str, Any]], on_written: OnWritten
) -> tuple[int, int]:
    """Insert clicks not stored yet and raise their links' counters; (inserted, duplicates)."""
    if not docs:
        return 0, 0
    refused: set[int] = set()
    try:
        db.clicks.insert_many(list(docs), ordered=False)
    except BulkWriteError as exc:
        for error in exc.details.get("writeErrors", []):
            if error.get("code") != 11000:
                raise
            refused.add(error["index"])
    inserted = [doc for index, doc in enumerate(docs) if index not in refused]
    totals: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for doc in inserted:
        totals[doc["link_id"]] += 1
        if doc["counted"]:
            counted[doc["link_id"]] += 1
    if totals:
        db.links.bulk_write(
            [
                UpdateOne(
                    {"_id": link_id},
                    {"$inc": {"clicks_total": total, "clicks_counted": counted[link_id]}},
                )
                for link_id, total in totals.items()
            ],
            ordered=False,
        )
    on_written(db, inserted)
    return len(inserted), len(refused)


def process(
    db: SyncDB,
    client: redis.Redis,
    stream: str,
    group: str,
    entries: Sequence[Entry],
    on_written: OnWritten,
) -> DrainStats:
    stats = DrainStats(read=len(entries), batches=1)
    docs = []
    for entry_id, fields in entries:
        if not fields:  # trimmed from the stream while pending: nothing left to write
            continue
        try:
            docs.append(click_document(fields))
        except (KeyError, TypeError, ValueError, orjson.JSONDecodeError):
            stats.malformed += 1
            log.warning("malformed click entry dropped", extra={"entry": entry_id})
    stats.inserted, stats.duplicates = write_clicks(db, docs, on_written)
    ids = [entry_id for entry_id, _ in entries]
    if ids:
        pipe = client.pipeline(transaction=False)
        pipe.xack(stream, group, *ids)
        pipe.xdel(stream, *ids)
        pipe.execute()
    return stats


def _claim(
    client: redis.Redis, stream: str, group: str, consumer: str, min_idle_ms: int, count: int
) -> list[Entry]:
    claimed: list[Entry] = []
    start = "0-0"
    while True:
        reply = client.xautoclaim(
            stream, group, consumer, min_idle_time=min_idle_ms, start_id=start, count=count
        )
        start, entries = reply[0], reply[1]
        claimed.extend(entries)
        if start in ("0-0", b"0-0") or len(claimed) >= count:
            return claimed


def drain(
    db: SyncDB,
    client: redis.Redis,
    settings: Settings,
    *,
    consumer: str,
    on_written: OnWritten,
    stream: str | None = None,
    group: str = GROUP,
    batch: int | None = None,
    max_batches: int = 1000,
    min_idle_ms: int | None = None,
) -> DrainStats:
    """Claim abandoned entries, then read new ones until the stream is empty (or max_batches)."""
    stream = stream or stream_key(settings)
    batch = batch or settings.click_drain_batch
    idle = settings.click_claim_idle_ms if min_idle_ms is None else min_idle_ms
    ensure_group(client, stream, group)
    stats = DrainStats()
    for _ in range(max_batches):
        claimed = _claim(client, stream, group, consumer, idle, batch)
        if not claimed:
            break
        part = process(db, client, stream, group, claimed, on_written)
        part.claimed = len(claimed)
        stats.add(part)
    for _ in range(max_batches):
        reply: Any = client.xreadgroup(group, consumer, {stream: ">"}, count=batch)
        entries: list[Entry] = reply[0][1] if reply else []
        if not entries:
            break
        stats.add(process(db, client, stream, group, entries, on_written))
    return stats
