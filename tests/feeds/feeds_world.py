"""Builders for the feeds I/O tests: published posts straight into the store, synthetic post
streams recorded through `feeds.elements_store`, and an independent recount of the aggregates."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from typing import Any

import numpy as np
import polars as pl

from accounts.users import User
from api.state import AppState
from core import mongo
from core.ids import new_id
from core.mongo import Document, SyncDB
from feeds.elements_store import (
    ELEMENT_DAYS,
    MARKET_ZONES,
    POST_ELEMENTS,
    PostFacts,
    bulk_record,
    entry_for,
)
from feeds.extract import Extraction, Occurrence, Source
from feeds.synthetic import SyntheticStream, caption_for, posts_from_occurrences
from feeds.taxonomy import default_taxonomy
from posts.lifecycle import PostDraft, PostStatus, new_post_doc


def sync_db(state: AppState) -> SyncDB:
    return mongo.sync_db(state.settings)


async def insert_post(
    state: AppState,
    author: User,
    caption: str,
    *,
    market: str = "US",
    published_at: datetime | None = None,
    status: PostStatus = PostStatus.PUBLISHED,
) -> Document:
    """A post document as the image task leaves it (no photos: extraction reads the text)."""
    from posts.post_input import clean_caption

    text, hashtags, errors = clean_caption(caption)
    assert not errors
    doc = new_post_doc(new_id("post"), author, PostDraft(text, hashtags, [], market), [])
    doc["status"] = status.value
    doc["published_at"] = published_at or doc["created_at"]
    doc["next_stage_queued_at"] = doc["created_at"]  # handed over, as the image task does
    await state.db.posts.insert_one(doc)
    return doc


async def wait_until(
    probe: Callable[[], Awaitable[Any]], timeout: float = 20.0, interval: float = 0.05
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s")
        await asyncio.sleep(interval)


def recount(db: SyncDB) -> dict[str, dict[str, float]]:
    """The aggregates as they should be, summed from scratch over every post's entry."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for entry in db[POST_ELEMENTS].find({"active": True}):
        counted = entry["counted"]
        for element_id in entry["element_ids"]:
            slot = totals[f"{element_id}|{entry['market']}|{entry['day']}"]
            slot["posts"] += 1
            slot[f"by_author.{entry['author_id']}"] += 1
            for name in ("likes", "saves", "comments", "orders", "sentiment_n"):
                slot[name] += counted.get(name, 0)
            slot["sentiment_sum"] += counted.get("sentiment_sum", 0.0)
    return {key: {k: v for k, v in slot.items() if v} for key, slot in totals.items()}


def stored(db: SyncDB) -> dict[str, dict[str, float]]:
    """The aggregates as stored, in the same shape as `recount`."""
    found: dict[str, dict[str, float]] = {}
    for doc in db[ELEMENT_DAYS].find({}):
        values: dict[str, float] = {}
        for name in ("posts", "likes", "saves", "comments", "orders", "sentiment_n"):
            if doc.get(name):
                values[name] = doc[name]
        if doc.get("sentiment_sum"):
            values["sentiment_sum"] = doc["sentiment_sum"]
        for author, count in (doc.get("by_author") or {}).items():
            if count:
                values[f"by_author.{author}"] = count
        if values:
            found[doc["_id"]] = values
    return found


def assert_exact(db: SyncDB) -> None:
    expected, actual = recount(db), stored(db)
    assert set(expected) == set(actual)
    for key, values in expected.items():
        got = actual[key]
        assert set(got) == set(values), (key, got, values)
        for name, value in values.items():
            assert abs(got[name] - value) < 1e-6, (key, name, got[name], value)


def local_noon(market: str, day: date) -> datetime:
    zone = MARKET_ZONES[market]
    return datetime.combine(day, day_time(12), tzinfo=zone).astimezone(UTC)


def record_stream(db: SyncDB, stream: SyntheticStream, *, with_posts: bool = False) -> int:
    """Every post of a synthetic stream recorded through the store (bulk), with its synthetic
    author and post ids turned into platform-shaped ids; optionally the post documents too."""
    taxonomy = default_taxonomy()
    posts = posts_from_occurrences(stream.frame)
    rng = np.random.default_rng(5)
    entries: list[tuple[str, Document]] = []
    documents: list[Document] = []
    for row in posts.iter_rows(named=True):
        post_id = f"post_syn{int(row['post_id']):022d}"
        author_id = f"usr_syn{int(row['author_id']):023d}"
        published = local_noon(row["market"], row["day"])
        engagement = int(row["engagement"])
        facts = PostFacts(
            post_id=post_id,
            author_id=author_id,
            market=row["market"],
            published_at=published,
            active=True,
            likes=engagement,
            orders=int(row["orders"]),
        )
        extraction = Extraction(
            taxonomy.version,
            tuple(
                Occurrence(element_id, Source.HASHTAG, 0.9, frozenset({Source.HASHTAG}))
                for element_id in row["element_ids"]
            ),
        )
        entries.append((post_id, entry_for(facts, extraction)))
        if with_posts:
            caption, hashtags = caption_for(row["element_ids"], rng, taxonomy)
            documents.append(
                {
                    "_id": post_id,
                    "author_id": author_id,
                    "caption": caption,
                    "hashtags": [tag.lstrip("#") for tag in hashtags],
                    "product_tags": [],
                    "market": row["market"],
                    "status": "PUBLISHED",
                    "originals": [],
                    "images": [],
                    "like_count": engagement,
                    "save_count": 0,
                    "comment_count": 0,
                    "created_at": published,
                    "updated_at": published,
                    "published_at": published,
                    "next_stage_queued_at": published,
                }
            )
    if documents:
        db.posts.insert_many(documents)
    return bulk_record(db, entries)


def frame_days(frame: pl.DataFrame) -> tuple[date, date]:
    first, last = frame["day"].min(), frame["day"].max()
    assert isinstance(first, date) and isinstance(last, date)
    return first, last


def days_ago(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
