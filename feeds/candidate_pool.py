"""The part of a feed's candidates that is the same for every shopper in a market.

A new feed session reads its candidates as two queries of `post_elements`: the market's fresh
and trending posts (the same for everyone in the market) and the shopper's own sources
(followed and favourite authors, the elements they like). On the embedded store, the market's
part is kept between writes: `core.mongo.collection_version` moves with every write to
`post_elements`, so a kept pool always equals what a new read would return. Twenty shoppers
opening their feeds at once read it once. On MongoDB nothing is kept; the database serves both
queries from its indexes.

Rows are the candidate fields of each entry, read once and shared (read-only) by every session
that uses them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from core import clock
from core.mongo import AsyncDB, Document, collection_version, to_list_off_loop
from feeds.elements_store import POST_ELEMENTS

# Projections are passed as copies: the embedded store adds `_id` to the dict it is given.
_FIELDS = {
    "author_id": 1,
    "market": 1,
    "element_ids": 1,
    "published_at": 1,
    "counted.likes": 1,
    "counted.saves": 1,
    "counted.comments": 1,
    "impressions": 1,
}
_KEPT_MARKETS = 64


@dataclass(frozen=True)
class Row:
    post_id: str
    author_id: str
    market: str | None
    element_ids: tuple[str, ...]
    elements: frozenset[str]
    published_at: datetime
    impressions: int
    likes: int
    saves: int
    comments: int


def row(doc: Document) -> Row:
    counted = doc.get("counted") or {}
    elements = tuple(doc.get("element_ids") or ())
    return Row(
        post_id=doc["_id"],
        author_id=doc["author_id"],
        market=doc.get("market"),
        element_ids=elements,
        elements=frozenset(elements),
        published_at=clock.as_utc(doc["published_at"]),
        impressions=int(doc.get("impressions", 0)),
        likes=max(0, int(counted.get("likes", 0))),
        saves=max(0, int(counted.get("saves", 0))),
        comments=max(0, int(counted.get("comments", 0))),
    )


@dataclass(frozen=True)
class Window:
    """Which posts a session may draw from at `now`."""

    now: datetime
    since: datetime  # the oldest a candidate may be
    fresh_since: datetime  # the oldest a FRESH candidate may be

    @classmethod
    def at(cls, now: datetime, days: int, fresh_days: int) -> Window:
        return cls(now, now - timedelta(days=days), now - timedelta(days=fresh_days))


async def read_rows(db: AsyncDB, query: dict[str, Any], limit: int) -> list[Row]:
    """Entries matching `query`, newest first, at most `limit` (a first page in a busy market
    visits hundreds, so the embedded store reads them off the event loop)."""
    cursor = db[POST_ELEMENTS].find(query, dict(_FIELDS)).sort([("published_at", -1)]).limit(limit)
    return [row(doc) for doc in await to_list_off_loop(cursor)]


def _market_query(market: str, window: Window, trending: Sequence[str]) -> dict[str, Any]:
    clauses: list[dict[str, Any]] = [
        {"market": market, "published_at": {"$gte": window.fresh_since}}
    ]
    if trending:
        clauses.append({"market": market, "element_ids": {"$in": list(trending)}})
    return {"active": True, "published_at": {"$gte": window.since}, "$or": clauses}


def in_market_part(entry: Row, market: str, window: Window, trending: frozenset[str]) -> bool:
    """Whether `entry` answers the market's clauses at `window` (fresh, or trending)."""
    if entry.market != market or entry.published_at < window.since:
        return False
    return entry.published_at >= window.fresh_since or bool(entry.elements & trending)


@dataclass(frozen=True)
class _Pool:
    version: tuple[str, int, int]
    market: str
    trending: tuple[str, ...]
    window: Window
    limit: int
    rows: list[Row]


_pools: dict[tuple[str, str], _Pool] = {}
_pools_lock = threading.Lock()


def _reusable(
    pool: _Pool | None,
    version: tuple[str, int, int],
    trending: tuple[str, ...],
    window: Window,
    limit: int,
) -> list[Row] | None:
    """The kept pool's rows as a read at `window` would return them, or None when it cannot
    stand in for one (anything written since, another trend list, an earlier clock, a smaller
    limit, or a full read whose oldest rows have since left the window)."""
    if (
        pool is None
        or pool.version != version
        or pool.trending != trending
        or window.now < pool.window.now
        or limit > pool.limit
    ):
        return None
    rising = frozenset(trending)
    rows = [r for r in pool.rows if in_market_part(r, pool.market, window, rising)]
    if len(pool.rows) == pool.limit and len(rows) < len(pool.rows):
        return None  # the read was cut at its limit: older rows it left out may now belong
    return rows[:limit]


async def market_rows(
    db: AsyncDB, market: str, window: Window, trending: Sequence[str], limit: int
) -> list[Row]:
    """The market's fresh and trending entries at `window`, newest first, at most `limit`."""
    version = collection_version(db, POST_ELEMENTS)
    key = (getattr(db, "name", ""), market)
    ordered = tuple(trending)
    if version is not None:
        with _pools_lock:
            kept = _pools.get(key)
        rows = _reusable(kept, version, ordered, window, limit)
        if rows is not None:
            return rows
    rows = await read_rows(db, _market_query(market, window, ordered), limit)
    if version is not None:
        with _pools_lock:
            if len(_pools) >= _KEPT_MARKETS and key not in _pools:
                _pools.clear()
            _pools[key] = _Pool(version, market, ordered, window, limit, rows)
    return rows


def merged(parts: Iterable[list[Row]], limit: int) -> list[Row]:
    """The union of newest-first row lists, newest first (ties: the older id first, as they
    were stored), at most `limit`."""
    by_id: dict[str, Row] = {}
    for part in parts:
        for entry in part:
            by_id.setdefault(entry.post_id, entry)
    ordered = sorted(by_id.values(), key=attrgetter("post_id"))
    ordered.sort(key=attrgetter("published_at"), reverse=True)
    return ordered[:limit]
