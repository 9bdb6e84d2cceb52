"""A feed session's candidates: the market's fresh and trending posts, and the shopper's own
sources (followed and favourite authors, the elements they like), newest first.

On MongoDB each part is one query of `post_elements`, served by its indexes. On the embedded
store, every active entry of the candidate window is kept in memory as a `Row`, by market and
by author, and both parts are answered from it without a query. The kept rows follow the
store: `core.mongo.collection_version` says whether anything was written to `post_elements`
since they were read, and `core.mongo.collection_changes` which entries, so only those are read
again (a like re-reads one entry, not the window). What cannot be followed that way (a drop, an
index change, a clock moved back past the kept window, thousands of writes) reads the window
again. Either way the answer is what a new query would return.

Rows are read-only and shared by every session that uses them.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from core import clock
from core.mongo import (
    AsyncDB,
    Document,
    collection_changes,
    collection_version,
    to_list_off_loop,
)
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
_KEPT_STORES = 16


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


def _shopper_query(
    market: str,
    window: Window,
    liked: Sequence[str],
    followed: Sequence[str],
    favourites: Sequence[str],
) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if liked:
        clauses.append({"market": market, "element_ids": {"$in": list(liked)}})
    for authors in (followed, favourites):
        if authors:
            clauses.append({"author_id": {"$in": list(authors)}})
    if not clauses:
        return None
    return {"active": True, "published_at": {"$gte": window.since}, "$or": clauses}


def in_market_part(entry: Row, market: str, window: Window, trending: frozenset[str]) -> bool:
    """Whether `entry` answers the market's clauses at `window` (fresh, or trending)."""
    if entry.market != market or entry.published_at < window.since:
        return False
    return entry.published_at >= window.fresh_since or bool(entry.elements & trending)


# --- the kept window (embedded store) -------------------------------------------------------

# Kept rows reach this far before the window's start, so a clock moved back a little (tests
# freeze and move it) does not read the window again; rows older than twice that are let go.
_SLACK = timedelta(days=2)
# Past this many changed entries, one read of the window costs less than reading each again.
_CATCH_UP_MAX = 2000
_ACTIVE_FIELDS = {**_FIELDS, "active": 1}


@dataclass
class _Kept:
    """Every active entry published at or after `floor`, as the store held them at `version`,
    by id, by market and by author."""

    version: tuple[str, int, int]
    floor: datetime
    rows: dict[str, Row]
    by_market: dict[str | None, dict[str, Row]]
    by_author: dict[str, dict[str, Row]]

    @classmethod
    def of(cls, version: tuple[str, int, int], floor: datetime, rows: Iterable[Row]) -> _Kept:
        kept = cls(version, floor, {}, {}, {})
        for entry in rows:
            kept.put(entry)
        return kept

    def put(self, entry: Row) -> None:
        self.remove(entry.post_id)
        self.rows[entry.post_id] = entry
        self.by_market.setdefault(entry.market, {})[entry.post_id] = entry
        self.by_author.setdefault(entry.author_id, {})[entry.post_id] = entry

    def remove(self, post_id: str) -> None:
        entry = self.rows.pop(post_id, None)
        if entry is None:
            return
        _leave(self.by_market, entry.market, post_id)
        _leave(self.by_author, entry.author_id, post_id)

    def forget_before(self, floor: datetime) -> None:
        for entry in [e for e in self.rows.values() if e.published_at < floor]:
            self.remove(entry.post_id)
        self.floor = floor


def _leave(group: dict[Any, dict[str, Row]], name: Any, post_id: str) -> None:
    members = group[name]
    del members[post_id]
    if not members:
        del group[name]


_kept: dict[str, _Kept] = {}
_kept_lock = threading.Lock()


async def _window(db: AsyncDB, since: datetime) -> _Kept | None:
    """The kept entries, brought up to date, holding every active entry published at or after
    `since`; None on MongoDB."""
    if collection_version(db, POST_ELEMENTS) is None:
        return None
    key = getattr(db, "name", "")
    kept = await _caught_up(db, key, since)
    if kept is not None:
        return kept
    # Sessions opened together wait for one read of the window rather than each making one.
    async with _reading(key):
        kept = await _caught_up(db, key, since)
        if kept is not None:
            return kept
        version = collection_version(db, POST_ELEMENTS)
        assert version is not None
        floor = since - _SLACK
        cursor = db[POST_ELEMENTS].find(
            {"active": True, "published_at": {"$gte": floor}}, dict(_FIELDS)
        )
        fresh = _Kept.of(version, floor, (row(doc) for doc in await to_list_off_loop(cursor)))
        with _kept_lock:
            if len(_kept) >= _KEPT_STORES and key not in _kept:
                _kept.clear()
            _kept[key] = fresh
        return fresh


async def _caught_up(db: AsyncDB, key: str, since: datetime) -> _Kept | None:
    """The kept entries brought up to date by reading again those written since they were
    read; None when they must be read whole (none kept, or not far back enough, or the store
    cannot say what was written)."""
    version = collection_version(db, POST_ELEMENTS)
    with _kept_lock:
        kept = _kept.get(key)
    if version is None or kept is None or kept.floor > since:
        return None
    if kept.version == version:
        return kept
    changed = collection_changes(db, POST_ELEMENTS, kept.version)
    if changed is None or len(changed) > _CATCH_UP_MAX:
        return None
    # `version` was read before these entries: a write landing in between is read again next
    # time, which changes nothing it has not already changed.
    documents = (
        await db[POST_ELEMENTS]
        .find({"_id": {"$in": sorted(changed)}}, dict(_ACTIVE_FIELDS))
        .to_list()
    )
    current = {doc["_id"]: doc for doc in documents}
    with _kept_lock:
        for post_id in changed:
            doc = current.get(post_id)
            if doc is not None and doc.get("active") is True:
                entry = row(doc)
                if entry.published_at >= kept.floor:
                    kept.put(entry)
                    continue
            kept.remove(post_id)
        kept.version = version
        if kept.floor < since - 2 * _SLACK:
            kept.forget_before(since - _SLACK)
    return kept


_readers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _reading(key: str) -> asyncio.Lock:
    """The lock that one read of the window at a time holds, per event loop."""
    loop = asyncio.get_running_loop()
    with _kept_lock:
        return _readers.setdefault(loop, {}).setdefault(key, asyncio.Lock())


def _newest(rows: list[Row], limit: int) -> list[Row]:
    """Newest first (ties: the older id first, as they were stored), at most `limit`."""
    rows.sort(key=attrgetter("post_id"))
    rows.sort(key=attrgetter("published_at"), reverse=True)
    return rows[:limit]


async def market_rows(
    db: AsyncDB, market: str, window: Window, trending: Sequence[str], limit: int
) -> list[Row]:
    """The market's fresh and trending entries at `window`, newest first, at most `limit`."""
    kept = await _window(db, window.since)
    if kept is None:
        return await read_rows(db, _market_query(market, window, trending), limit)
    rising = frozenset(trending)
    with _kept_lock:
        found = [
            entry
            for entry in kept.by_market.get(market, {}).values()
            if in_market_part(entry, market, window, rising)
        ]
    return _newest(found, limit)


async def shopper_rows(
    db: AsyncDB,
    market: str,
    window: Window,
    limit: int,
    *,
    liked: Sequence[str] = (),
    followed: Sequence[str] = (),
    favourites: Sequence[str] = (),
) -> list[Row]:
    """Entries at `window` in `market` with an element the shopper likes, and by the authors
    they follow or favour in any market: newest first, at most `limit`."""
    query = _shopper_query(market, window, liked, followed, favourites)
    if query is None:
        return []
    kept = await _window(db, window.since)
    if kept is None:
        return await read_rows(db, query, limit)
    since, liking = window.since, set(liked)
    found: dict[str, Row] = {}
    with _kept_lock:
        if liking:
            for entry in kept.by_market.get(market, {}).values():
                if entry.published_at >= since and not liking.isdisjoint(entry.elements):
                    found[entry.post_id] = entry
        for author in (*followed, *favourites):
            for entry in kept.by_author.get(author, {}).values():
                if entry.published_at >= since:
                    found[entry.post_id] = entry
    return _newest(list(found.values()), limit)


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
