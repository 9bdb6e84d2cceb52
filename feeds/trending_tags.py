"""A market's trending hashtags for the Explore page: the tags most authors used on the market's
looks of the last `WINDOW_DAYS` days, counted over at most `SCAN` of its newest looks (one index
range on `post_elements`, one read of those posts' tags) and kept in Redis for `TTL_SECONDS`,
so a busy Explore page costs one Redis read. A market with no looks in the window shows
the tags of its newest looks."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.asyncio import Redis as AsyncRedis

from core import clock
from core.mongo import AsyncDB
from core.redis import key
from core.settings import Settings
from feeds.elements_store import POST_ELEMENTS
from posts.lifecycle import PostStatus

WINDOW_DAYS = 7
SCAN = 500
TTL_SECONDS = 600
LIMIT = 12


@dataclass(frozen=True)
class TagCount:
    tag: str
    authors: int
    posts: int


def count_tags(posts: Iterable[Mapping[str, object]], limit: int = LIMIT) -> list[TagCount]:
    """Tags by distinct authors, then posts, then A to Z; a tag one person repeats is not a
    trend."""
    authors: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for post in posts:
        tags = post.get("hashtags") or ()
        for tag in tags if isinstance(tags, list | tuple) else ():
            authors[tag].add(str(post.get("author_id")))
            counts[tag] += 1
    ranked = sorted(counts, key=lambda tag: (-len(authors[tag]), -counts[tag], tag))
    return [TagCount(tag, len(authors[tag]), counts[tag]) for tag in ranked[:limit]]


async def _compute(db: AsyncDB, market: str, now: datetime) -> list[TagCount]:
    since = now - timedelta(days=WINDOW_DAYS)
    recent = (
        await db[POST_ELEMENTS]
        .find({"market": market}, {"published_at": 1})
        .sort([("published_at", -1)])
        .limit(SCAN)
        .to_list()
    )
    # A quiet market (nothing in the window) shows the tags of its newest looks instead.
    window = [doc for doc in recent if clock.as_utc(doc["published_at"]) >= since]
    ids = [doc["_id"] for doc in window or recent]
    posts = await db.posts.find(
        {"_id": {"$in": ids}, "status": PostStatus.PUBLISHED.value},
        {"hashtags": 1, "author_id": 1},
    ).to_list()
    return count_tags(posts)


async def trending_hashtags(
    db: AsyncDB, redis: AsyncRedis, settings: Settings, market: str, now: datetime
) -> list[TagCount]:
    cache_key = key(settings, "explore", "tags", market)
    cached = await redis.get(cache_key)
    if cached is not None:
        return [TagCount(**row) for row in json.loads(cached)]
    found = await _compute(db, market, now)
    rows = [{"tag": t.tag, "authors": t.authors, "posts": t.posts} for t in found]
    await redis.set(cache_key, json.dumps(rows), ex=TTL_SECONDS)
    return found
