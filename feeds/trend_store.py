"""Trend snapshots: the designers' ranked element lists, computed from the store and cached.

Why cached: ranking itself is fast (`bench/trends.py`: a million occurrences in well under a
second), but reading the rows out of MongoDB is not free, and every designer opening the
dashboard would read the same rows. So `feeds.refresh_trends` (every `TREND_REFRESH_MINUTES`)
reads the history once, ranks every list someone asked for in the last day plus the default
ones, and stores each ranked list as one document in `trend_snapshots`. The request path reads
that one document. A list nobody asked for yet is computed on the request that first asks for
it (reading only its own market's rows) and stored for the next reader.

Rows read: one per active post extracted with the current taxonomy version, published in the
`history_days` before the list's day; the occurrences frame of `feeds.trends` is built from them
(one row per post and element, with the post's engagement, attributed orders and mean comment
sentiment). A list's day (`as_of`) is the market's last complete day, so a half-finished today
never reads as a decline.

A snapshot stores every ranked element (an element's page shows its figures whatever its
state); `designers_view` cuts it to what the designers' list shows: no STEADY filler and
nothing with fewer than `TREND_MIN_AUTHORS` distinct authors in the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
from redis.asyncio import Redis as AsyncRedis

from core import clock, pools
from core.errors import UserError
from core.mongo import AsyncDB, Document, SyncDB
from core.redis import key
from core.settings import Settings
from feeds.elements_store import (
    POST_ELEMENTS,
    TREND_DOC_FIELDS,
    market_yesterday,
    trend_docs_query,
)
from feeds.error_codes import TrendErrorCode
from feeds.taxonomy import Kind
from feeds.trends import (
    ForecastPoint,
    TrendParams,
    TrendRow,
    TrendState,
    designers_list,
    rank_trending,
)
from feeds.trends import history_days as window_history_days

SNAPSHOTS = "trend_snapshots"
WINDOWS = (7, 14, 28)
DEFAULT_WINDOW = 7
PARAMS = TrendParams()


def history_days(params: TrendParams = PARAMS) -> int:
    """Days of rows the longest window needs (the detector's own plan, for 28 days)."""
    return max(window_history_days(window, params) for window in WINDOWS)


@dataclass(frozen=True)
class ListKey:
    market: str | None
    kind: Kind | None
    window: int

    @property
    def id(self) -> str:
        return f"{self.market or '*'}|{self.kind.value if self.kind else '*'}|{self.window}"

    @classmethod
    def parse(cls, value: str) -> ListKey:
        market, kind, window = value.split("|")
        return cls(
            market=None if market == "*" else market,
            kind=None if kind == "*" else Kind(kind),
            window=int(window),
        )


@dataclass(frozen=True)
class Snapshot:
    key: ListKey
    as_of: date
    computed_at: datetime
    taxonomy_version: str
    rows: tuple[TrendRow, ...]


def designers_view(snapshot: Snapshot, min_authors: int) -> Snapshot:
    """The snapshot as the designers' list shows it: only the listed rows, ranked 1..n
    (`feeds.trends.designers_list`). The stored snapshot keeps every row for element pages."""
    listed, _ = designers_list(snapshot.rows, min_authors)
    return replace(snapshot, rows=tuple(listed))


# --- reading rows ----------------------------------------------------------------------------


def _start(as_of: date) -> date:
    return as_of - timedelta(days=history_days() - 1)


def rows_query(version: str, as_of: date, market: str | None) -> dict[str, Any]:
    # A day of slack before the window: market days and the pooled UTC day can differ by one.
    query = trend_docs_query(_start(as_of) - timedelta(days=1), version)
    if market is not None:
        query["market"] = market
    return query


_SCHEMA = {
    "element_id": pl.String,
    "market": pl.String,
    "day": pl.String,
    "author_id": pl.String,
    "post_id": pl.String,
    "engagement": pl.Int64,
    "orders": pl.Int64,
    "sentiment": pl.Float64,
    "confidence": pl.Float64,
}


def frame_from_docs(docs: Iterable[Document]) -> pl.DataFrame:
    """The detector's occurrences frame: one row per (post, element)."""
    columns: dict[str, list[Any]] = {name: [] for name in _SCHEMA}
    for doc in docs:
        counted = doc.get("counted") or {}
        engagement = (
            int(counted.get("likes", 0))
            + int(counted.get("saves", 0))
            + int(counted.get("comments", 0))
        )
        scored = counted.get("sentiment_n", 0)
        sentiment = counted.get("sentiment_sum", 0.0) / scored if scored else None
        for occurrence in doc.get("occurrences") or []:
            columns["element_id"].append(occurrence["element_id"])
            columns["market"].append(doc["market"])
            columns["day"].append(doc["day"])
            columns["author_id"].append(doc["author_id"])
            columns["post_id"].append(doc["_id"])
            columns["engagement"].append(engagement)
            columns["orders"].append(int(counted.get("orders", 0)))
            columns["sentiment"].append(sentiment)
            columns["confidence"].append(float(occurrence.get("confidence", 1.0)))
    frame = pl.DataFrame(columns, schema=_SCHEMA)
    return frame.with_columns(pl.col("day").str.to_date("%Y-%m-%d"))


def load_frame_sync(
    db: SyncDB, version: str, as_of: date, market: str | None = None
) -> pl.DataFrame:
    docs = db[POST_ELEMENTS].find(rows_query(version, as_of, market), dict(TREND_DOC_FIELDS))
    return frame_from_docs(docs)


async def load_frame(
    db: AsyncDB, version: str, as_of: date, market: str | None = None
) -> pl.DataFrame:
    docs = (
        await db[POST_ELEMENTS]
        .find(rows_query(version, as_of, market), dict(TREND_DOC_FIELDS))
        .to_list()
    )
    return await pools.run("cpu", frame_from_docs, docs)


# --- computing ----------------------------------------------------------------------------


def compute(frame: pl.DataFrame, key: ListKey, as_of: date, version: str) -> Snapshot:
    rows = rank_trending(
        frame, market=key.market, kind=key.kind, window_days=key.window, as_of=as_of, params=PARAMS
    )
    return Snapshot(
        key=key,
        as_of=as_of,
        computed_at=clock.now(),
        taxonomy_version=version,
        rows=tuple(rows),
    )


def list_day(key: ListKey, now: datetime) -> date:
    return market_yesterday(key.market, now)


# --- storing --------------------------------------------------------------------------------


def _row_doc(row: TrendRow) -> Document:
    return {
        "element_id": row.element_id,
        "rank": row.rank,
        "score": row.score,
        "state": row.state.value,
        "growth_pct": row.growth_pct,
        "raw_growth_pct": row.raw_growth_pct,
        "significance": row.significance,
        "p_increase": row.p_increase,
        "acceleration": row.acceleration,
        "momentum": row.momentum,
        "authors": row.authors,
        "baseline_authors": row.baseline_authors,
        "distinct_authors": row.distinct_authors,
        "posts": row.posts,
        "engagement_lift": row.engagement_lift,
        "conversion_lift": row.conversion_lift,
        "sentiment": row.sentiment,
        "sparkline_start": row.sparkline_start.isoformat(),
        "sparkline": list(row.sparkline),
        "sparkline_posts": list(row.sparkline_posts),
        "forecast": [[p.day.isoformat(), p.expected, p.low, p.high] for p in row.forecast],
        "examples": [str(post_id) for post_id in row.example_post_ids],
    }


def _row(doc: Document, market: str | None) -> TrendRow:
    return TrendRow(
        element_id=doc["element_id"],
        kind=doc["element_id"].split("/", 1)[0],
        market=market,
        rank=doc["rank"],
        score=doc["score"],
        state=TrendState(doc["state"]),
        growth_pct=doc["growth_pct"],
        raw_growth_pct=doc["raw_growth_pct"],
        significance=doc["significance"],
        p_increase=doc["p_increase"],
        acceleration=doc["acceleration"],
        momentum=doc["momentum"],
        authors=doc["authors"],
        baseline_authors=doc["baseline_authors"],
        distinct_authors=doc["distinct_authors"],
        posts=doc["posts"],
        engagement_lift=doc["engagement_lift"],
        conversion_lift=doc["conversion_lift"],
        sentiment=doc["sentiment"],
        sparkline_start=date.fromisoformat(doc["sparkline_start"]),
        sparkline=tuple(doc["sparkline"]),
        sparkline_posts=tuple(doc["sparkline_posts"]),
        forecast=tuple(
            ForecastPoint(day=date.fromisoformat(d), expected=e, low=lo, high=hi)
            for d, e, lo, hi in doc["forecast"]
        ),
        example_post_ids=tuple(doc["examples"]),
    )


def snapshot_doc(snapshot: Snapshot) -> Document:
    return {
        "_id": snapshot.key.id,
        "market": snapshot.key.market,
        "kind": snapshot.key.kind.value if snapshot.key.kind else None,
        "window": snapshot.key.window,
        "as_of": snapshot.as_of.isoformat(),
        "computed_at": snapshot.computed_at,
        "taxonomy_version": snapshot.taxonomy_version,
        "rows": [_row_doc(row) for row in snapshot.rows],
    }


def snapshot_from_doc(doc: Document) -> Snapshot:
    key = ListKey.parse(doc["_id"])
    return Snapshot(
        key=key,
        as_of=date.fromisoformat(doc["as_of"]),
        computed_at=clock.as_utc(doc["computed_at"]),
        taxonomy_version=doc["taxonomy_version"],
        rows=tuple(_row(row, key.market) for row in doc["rows"]),
    )


def save_sync(db: SyncDB, snapshot: Snapshot) -> None:
    doc = snapshot_doc(snapshot)
    db[SNAPSHOTS].replace_one({"_id": doc["_id"]}, doc, upsert=True)


async def save(db: AsyncDB, snapshot: Snapshot) -> None:
    doc = snapshot_doc(snapshot)
    await db[SNAPSHOTS].replace_one({"_id": doc["_id"]}, doc, upsert=True)


async def load(db: AsyncDB, key: ListKey) -> Snapshot | None:
    doc = await db[SNAPSHOTS].find_one({"_id": key.id})
    # A list of a few hundred elements with their series takes tens of ms to rebuild: off the loop.
    return await pools.run("cpu", snapshot_from_doc, doc) if doc is not None else None


def refresh_sync(
    db: SyncDB, keys: Sequence[ListKey], version: str, now: datetime
) -> list[Snapshot]:
    """Rank every list in `keys` from one read of the rows."""
    if not keys:
        return []
    days = {list_key: list_day(list_key, now) for list_key in keys}
    frame = load_frame_sync(db, version, min(days.values()))
    snapshots = []
    for list_key in keys:
        snapshot = compute(frame, list_key, days[list_key], version)
        save_sync(db, snapshot)
        snapshots.append(snapshot)
    return snapshots


def forget_all_sync(db: SyncDB) -> int:
    """Drop every snapshot (after a re-extraction they describe another taxonomy)."""
    return db[SNAPSHOTS].delete_many({}).deleted_count


# --- the request path -----------------------------------------------------------------------


def requested_key(settings: Settings) -> str:
    return key(settings, "trends", "requested")


async def _mixed_history(db: AsyncDB, version: str) -> bool:
    other = await db[POST_ELEMENTS].find_one({"taxonomy_version": {"$ne": version}}, {"_id": 1})
    return other is not None


async def current_list(
    db: AsyncDB, client: AsyncRedis, settings: Settings, list_key: ListKey, version: str
) -> Snapshot:
    """The stored list, or one computed now when there is none (or the stored one is older
    than a day and the periodic refresh has stopped). While the history is being re-extracted
    the last list is served as it is; with no list at all the caller is told to wait."""
    now = clock.now()
    await client.zadd(requested_key(settings), {list_key.id: now.timestamp()})
    snapshot = await load(db, list_key)
    if snapshot is not None and snapshot.taxonomy_version == version:
        overdue = now - snapshot.computed_at > timedelta(minutes=2 * settings.trend_refresh_minutes)
        if snapshot.as_of >= list_day(list_key, now) or not overdue:
            return snapshot
    if await _mixed_history(db, version):
        if snapshot is not None:
            return snapshot
        raise UserError(
            TrendErrorCode.REEXTRACTING,
            "Elements are being re-extracted after a taxonomy change; "
            "this list is back when that finishes.",
            None,
        )
    as_of = list_day(list_key, now)
    frame = await load_frame(db, version, as_of, list_key.market)
    snapshot = await pools.run("cpu", compute, frame, list_key, as_of, version)
    await save(db, snapshot)
    return snapshot
