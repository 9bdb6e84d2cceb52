"""Element occurrences per post, and the per (element, market, day) aggregates built from them.

Two collections:

`post_elements`, one document per extracted post (`_id` = post id): the taxonomy version it was
extracted with, its occurrences (element, source, confidence; the most confident first), the
post's author, market and publication day, whether it counts (`active`: the post is published),
its engagement as counted into the aggregates (likes, saves, comments, attributed orders, comment
sentiment) and its feed impressions. `rev` moves on every change.

`element_days`, one document per (element, market, day) (`_id` = "element|market|day", the
day in the market's own time zone): posts, likes, saves, comments, orders, sentiment sum and
count, and `by_author` (posts per author), whose positive entries are the day's distinct
authors — an author counts once per element and day however much they post, and the trend
detector caps them further per period.

How the aggregates stay exact without transactions:
- What a post adds to each aggregate is a pure function of its `post_elements` document
  (`contributions`). Recording an extraction computes the difference between the old and the
  new document's contributions, swaps the document in with a compare-and-set on `rev` and
  stores the difference on it as `pending`, then applies it. Each aggregate update is one
  atomic upsert that also pushes the difference's id onto the aggregate's `applied` list and
  only matches while the id is absent, so applying a difference twice (a redelivered task, a
  sweep racing the task) changes nothing the second time. Then `pending` is cleared.
- A re-run with the same taxonomy version and the same occurrences is a no-op; a re-run with
  other occurrences moves the post's whole contribution (its engagement included) from the
  elements it loses to the ones it gains.
- Likes, saves, comments and orders are one `$inc` on the post's document (which returns its
  current elements) and one `$inc` per element aggregate. Whichever order they interleave with
  an extraction, the extraction's compare-and-set sees the new `rev` and starts again, so every
  increment lands on the elements the post had when it was counted. A crash between the two
  writes can leave an aggregate one like short, the same promise as the post's own counters.

Sync functions serve Celery tasks; the `async` ones the API.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pymongo import ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError

from core import clock
from core.mongo import AsyncDB, Document, SyncDB, chunks, is_duplicate
from feeds.extract import Extraction

log = logging.getLogger(__name__)

POST_ELEMENTS = "post_elements"
ELEMENT_DAYS = "element_days"
ORDER_CREDITS = "post_order_credits"

# The market's own calendar decides which day a post belongs to.
MARKET_ZONES: Mapping[str, ZoneInfo] = {
    "US": ZoneInfo("America/New_York"),
    "UK": ZoneInfo("Europe/London"),
    "DE": ZoneInfo("Europe/Berlin"),
    "FR": ZoneInfo("Europe/Paris"),
    "BR": ZoneInfo("America/Sao_Paulo"),
    "MX": ZoneInfo("America/Mexico_City"),
    "SA": ZoneInfo("Asia/Riyadh"),
}
COUNTERS = (
    "likes",
    "saves",
    "comments",
    "orders",
    "sentiment_sum",
    "sentiment_n",
    "sentiment_skipped",
)
# Scored comments per language, a sub-document `{language: count}` beside the counters; its
# entries count into the aggregates as `sentiment_langs.<language>`.
LANGUAGE_COUNTS = "sentiment_langs"
# How many recent difference ids an aggregate remembers. A difference is applied within
# milliseconds of being stored, or by the pending sweep within a minute after a crash.
APPLIED_KEEP = 64
_CAS_ATTEMPTS = 20


def market_day(market: str, at: datetime) -> date:
    zone = MARKET_ZONES.get(market)
    moment = clock.as_utc(at)
    return moment.astimezone(zone).date() if zone is not None else moment.date()


def market_yesterday(market: str | None, now: datetime) -> date:
    """The last complete day of a market (UTC for all markets pooled)."""
    today = market_day(market, now) if market is not None else clock.as_utc(now).date()
    return today - timedelta(days=1)


def aggregate_id(element_id: str, market: str, day: str) -> str:
    return f"{element_id}|{market}|{day}"


@dataclass(frozen=True)
class PostFacts:
    """What the store needs to know about a post besides its elements."""

    post_id: str
    author_id: str
    market: str
    published_at: datetime
    active: bool  # published: its elements count
    likes: int = 0
    saves: int = 0
    comments: int = 0
    orders: int = 0
    sentiment_sum: float = 0.0
    sentiment_n: int = 0
    sentiment_skipped: int = 0  # comments in no language we score
    sentiment_langs: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def from_post(
        cls,
        post: Document,
        orders: int = 0,
        sentiment_sum: float = 0.0,
        sentiment_n: int = 0,
        sentiment_skipped: int = 0,
        sentiment_langs: Mapping[str, int] | None = None,
    ) -> PostFacts:
        published = post.get("published_at") or post["created_at"]
        return cls(
            post_id=post["_id"],
            author_id=post["author_id"],
            market=post["market"],
            published_at=clock.as_utc(published),
            active=post["status"] == "PUBLISHED",
            likes=int(post.get("like_count", 0)),
            saves=int(post.get("save_count", 0)),
            comments=int(post.get("comment_count", 0)),
            orders=orders,
            sentiment_sum=sentiment_sum,
            sentiment_n=sentiment_n,
            sentiment_skipped=sentiment_skipped,
            sentiment_langs=dict(sentiment_langs or {}),
        )


@dataclass(frozen=True)
class Outcome:
    changed: bool
    elements: tuple[str, ...] = field(default_factory=tuple)


def _occurrence_docs(extraction: Extraction) -> list[Document]:
    ordered = sorted(extraction.occurrences, key=lambda o: (-o.confidence, o.element_id))
    return [
        {
            "element_id": o.element_id,
            "source": o.source.value,
            "confidence": o.confidence,
            "sources": sorted(s.value for s in o.sources),
        }
        for o in ordered
    ]


def entry_for(
    facts: PostFacts, extraction: Extraction, current: Document | None = None
) -> Document:
    """The post's `post_elements` fields (without rev and pending). A post recorded before
    keeps the engagement counted for it; a new one starts from `facts`."""
    occurrences = _occurrence_docs(extraction)
    counted: dict[str, Any]
    if current is not None:
        counted = {name: current["counted"].get(name, 0) for name in COUNTERS}
        languages = current["counted"].get(LANGUAGE_COUNTS) or {}
    else:
        counted = {name: getattr(facts, name) for name in COUNTERS}
        languages = facts.sentiment_langs
    counted[LANGUAGE_COUNTS] = {code: n for code, n in sorted(languages.items()) if n}
    return {
        "author_id": facts.author_id,
        "market": facts.market,
        "day": market_day(facts.market, facts.published_at).isoformat(),
        "published_at": facts.published_at,
        "active": facts.active,
        "taxonomy_version": extraction.taxonomy_version,
        "occurrences": occurrences,
        "element_ids": [o["element_id"] for o in occurrences],
        "counted": counted,
    }


_IDENTITY = ("author_id", "market", "day", "active", "taxonomy_version", "occurrences")


def _same(current: Document, entry: Document) -> bool:
    return all(current.get(name) == entry[name] for name in _IDENTITY)


def contributions(entry: Document | None) -> dict[str, dict[str, float]]:
    """What a post adds to each aggregate it touches: `_id` -> field -> amount."""
    if entry is None or not entry.get("active"):
        return {}
    counted = entry["counted"]
    base: dict[str, float] = {"posts": 1, f"by_author.{entry['author_id']}": 1}
    for name in COUNTERS:
        if counted.get(name):
            base[name] = counted[name]
    for code, n in (counted.get(LANGUAGE_COUNTS) or {}).items():
        if n:
            base[f"{LANGUAGE_COUNTS}.{code}"] = n
    return {
        aggregate_id(element_id, entry["market"], entry["day"]): dict(base)
        for element_id in entry["element_ids"]
    }


def difference(
    old: Mapping[str, Mapping[str, float]], new: Mapping[str, Mapping[str, float]]
) -> list[Document]:
    """Operations turning `old` contributions into `new` ones; keys with nothing to do drop."""
    ops: list[Document] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key, {}), new.get(key, {})
        inc = []
        for name in sorted(set(before) | set(after)):
            delta = after.get(name, 0) - before.get(name, 0)
            if delta:
                inc.append([name, delta])
        if inc:
            ops.append({"_id": key, "inc": inc})
    return ops


def _key_fields(key: str) -> dict[str, str]:
    element_id, market, day = key.split("|")
    return {
        "element_id": element_id,
        "kind": element_id.split("/", 1)[0],
        "market": market,
        "day": day,
    }


def _once(diff_id: str, op: Document) -> UpdateOne:
    return UpdateOne(
        {"_id": op["_id"], "applied": {"$ne": diff_id}},
        {
            "$inc": {name: value for name, value in op["inc"]},
            "$push": {"applied": {"$each": [diff_id], "$slice": -APPLIED_KEEP}},
            "$setOnInsert": _key_fields(op["_id"]),
        },
        upsert=True,
    )


def _plain(key: str, inc: Mapping[str, float]) -> UpdateOne:
    return UpdateOne(
        {"_id": key}, {"$inc": dict(inc), "$setOnInsert": _key_fields(key)}, upsert=True
    )


def _only_duplicates(exc: BulkWriteError) -> bool:
    return all(error.get("code") == 11000 for error in exc.details.get("writeErrors", []))


def apply_difference(db: SyncDB, diff_id: str, ops: Sequence[Document]) -> None:
    """Apply once: an aggregate that already holds `diff_id` refuses it (a duplicate key)."""
    if not ops:
        return
    try:
        db[ELEMENT_DAYS].bulk_write([_once(diff_id, op) for op in ops], ordered=False)
    except BulkWriteError as exc:
        if not _only_duplicates(exc):
            raise


def finish_pending(db: SyncDB, post_id: str) -> None:
    doc = db[POST_ELEMENTS].find_one({"_id": post_id}, {"pending": 1})
    pending = (doc or {}).get("pending")
    if not pending:
        return
    apply_difference(db, pending["id"], pending["ops"])
    db[POST_ELEMENTS].update_one(
        {"_id": post_id, "pending.id": pending["id"]}, {"$set": {"pending": None}}
    )


def sweep_pending(db: SyncDB, older_than: timedelta, limit: int = 500) -> int:
    """Finish the differences whose task died between storing and applying them."""
    cutoff = clock.now() - older_than
    finished = 0
    for doc in db[POST_ELEMENTS].find({"pending.at": {"$lt": cutoff}}, {"_id": 1}).limit(limit):
        finish_pending(db, doc["_id"])
        finished += 1
    return finished


def record_extraction(db: SyncDB, facts: PostFacts, extraction: Extraction) -> Outcome:
    """Store a post's extraction and move the aggregates by the difference, exactly once."""
    collection = db[POST_ELEMENTS]
    for _ in range(_CAS_ATTEMPTS):
        current = collection.find_one({"_id": facts.post_id})
        if current is not None and current.get("pending"):
            finish_pending(db, facts.post_id)
            continue
        entry = entry_for(facts, extraction, current)
        if current is not None and _same(current, entry):
            return Outcome(False, tuple(entry["element_ids"]))
        ops = difference(contributions(current), contributions(entry))
        rev = (current or {}).get("rev", 0) + 1
        diff_id = f"{facts.post_id}:{rev}"
        pending = {"id": diff_id, "ops": ops, "at": clock.now()} if ops else None
        fields = {**entry, "extracted_at": clock.now(), "pending": pending}
        if current is None:
            try:
                collection.insert_one(
                    {"_id": facts.post_id, **fields, "rev": rev, "impressions": 0}
                )
            except Exception as exc:
                if not is_duplicate(exc):
                    raise
                continue
        else:
            swapped = collection.update_one(
                {"_id": facts.post_id, "rev": current["rev"]}, {"$set": {**fields, "rev": rev}}
            )
            if swapped.matched_count == 0:
                continue  # a like, an order or another run got in first: start again
        if pending is not None:
            apply_difference(db, diff_id, ops)
            collection.update_one(
                {"_id": facts.post_id, "pending.id": diff_id}, {"$set": {"pending": None}}
            )
        return Outcome(True, tuple(entry["element_ids"]))
    raise RuntimeError(f"post {facts.post_id} kept changing while its elements were recorded")


def retire(db: SyncDB, post_id: str, version: str) -> None:
    """Stop counting an entry whose post is gone, keeping what is known about it."""
    entry = db[POST_ELEMENTS].find_one({"_id": post_id})
    if entry is None:
        return
    facts = PostFacts(
        post_id=post_id,
        author_id=entry["author_id"],
        market=entry["market"],
        published_at=clock.as_utc(entry["published_at"]),
        active=False,
    )
    record_extraction(db, facts, Extraction(version, ()))


# --- engagement, comments, orders ------------------------------------------------------------


# Projections are passed as copies: the embedded store adds `_id` to the dict it is given.
_ENTRY_FIELDS = {"element_ids": 1, "market": 1, "day": 1, "active": 1, "author_id": 1}


def _counter_update(changes: Mapping[str, float]) -> dict[str, Any]:
    return {"$inc": {**{f"counted.{k}": v for k, v in changes.items()}, "rev": 1}}


def _aggregate_ops(entry: Document | None, changes: Mapping[str, float]) -> list[UpdateOne]:
    if entry is None or not entry.get("active"):
        return []
    return [
        _plain(aggregate_id(element_id, entry["market"], entry["day"]), changes)
        for element_id in entry["element_ids"]
    ]


async def add_engagement(
    db: AsyncDB, post_id: str, changes: Mapping[str, float]
) -> Document | None:
    """Count likes/saves/comments/sentiment for a post and its elements' aggregates.

    Returns the post's entry (its element ids, most confident first), or None when the post
    has not been extracted yet — extraction then starts from the post's own counters."""
    changes = {k: v for k, v in changes.items() if v}
    if not changes:
        return await db[POST_ELEMENTS].find_one({"_id": post_id}, dict(_ENTRY_FIELDS))
    entry = await db[POST_ELEMENTS].find_one_and_update(
        {"_id": post_id},
        _counter_update(changes),
        projection=dict(_ENTRY_FIELDS),
        return_document=ReturnDocument.AFTER,
    )
    ops = _aggregate_ops(entry, changes)
    if ops:
        await db[ELEMENT_DAYS].bulk_write(ops, ordered=False)
    return entry


def credit_order(db: SyncDB, order_id: str, post_id: str, at: datetime) -> bool:
    """Count an order attributed to a post, once (keyed by the order id)."""
    try:
        db[ORDER_CREDITS].insert_one({"_id": order_id, "post_id": post_id, "at": at})
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    entry = db[POST_ELEMENTS].find_one_and_update(
        {"_id": post_id},
        _counter_update({"orders": 1}),
        projection=dict(_ENTRY_FIELDS),
        return_document=ReturnDocument.AFTER,
    )
    ops = _aggregate_ops(entry, {"orders": 1})
    if ops:
        db[ELEMENT_DAYS].bulk_write(ops, ordered=False)
    return True


def orders_credited(db: SyncDB, post_id: str) -> int:
    return db[ORDER_CREDITS].count_documents({"post_id": post_id})


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPoint:
    day: date
    posts: int
    authors: int
    likes: int
    saves: int
    comments: int
    orders: int
    sentiment: float | None
    sentiment_langs: Mapping[str, int] = field(default_factory=dict)  # scored, per language
    sentiment_skipped: int = 0  # comments in no language we score

    @property
    def engagement(self) -> int:
        return self.likes + self.saves + self.comments


def day_point(doc: Document) -> DayPoint:
    n = doc.get("sentiment_n", 0)
    return DayPoint(
        day=date.fromisoformat(doc["day"]),
        posts=int(doc.get("posts", 0)),
        authors=sum(1 for count in (doc.get("by_author") or {}).values() if count > 0),
        likes=int(doc.get("likes", 0)),
        saves=int(doc.get("saves", 0)),
        comments=int(doc.get("comments", 0)),
        orders=int(doc.get("orders", 0)),
        sentiment=round(doc.get("sentiment_sum", 0.0) / n, 4) if n else None,
        sentiment_langs={
            code: int(count)
            for code, count in sorted((doc.get(LANGUAGE_COUNTS) or {}).items())
            if count > 0
        },
        sentiment_skipped=int(doc.get("sentiment_skipped", 0)),
    )


async def element_history(
    db: AsyncDB, element_id: str, market: str | None = None, since: date | None = None
) -> dict[str, list[DayPoint]]:
    """Daily points per market, oldest first (days without posts are absent)."""
    query: dict[str, Any] = {"element_id": element_id}
    if market is not None:
        query["market"] = market
    if since is not None:
        query["day"] = {"$gte": since.isoformat()}
    docs = await db[ELEMENT_DAYS].find(query, {"applied": 0}).sort([("day", 1)]).to_list()
    series: dict[str, list[DayPoint]] = defaultdict(list)
    for doc in docs:
        point = day_point(doc)
        if point.posts > 0 or point.orders > 0:
            series[doc["market"]].append(point)
    return dict(sorted(series.items()))


def trend_docs_query(start: date, version: str) -> dict[str, Any]:
    return {"active": True, "day": {"$gte": start.isoformat()}, "taxonomy_version": version}


TREND_DOC_FIELDS = {
    "author_id": 1,
    "market": 1,
    "day": 1,
    "occurrences.element_id": 1,
    "occurrences.confidence": 1,
    "counted": 1,
    "taxonomy_version": 1,
}


# --- bulk loading ------------------------------------------------------------------------------


def bulk_record(db: SyncDB, entries: Iterable[tuple[str, Document]], batch: int = 2000) -> int:
    """Record many new posts at once (demo data, imports): the same documents and the same
    aggregates as recording them one by one, in a few bulk writes. Posts already recorded are
    left alone."""
    written = 0
    for group in chunks(entries, batch):
        ids = [post_id for post_id, _ in group]
        known = {d["_id"] for d in db[POST_ELEMENTS].find({"_id": {"$in": ids}}, {"_id": 1})}
        fresh = [(post_id, entry) for post_id, entry in group if post_id not in known]
        if not fresh:
            continue
        now = clock.now()
        totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for _, entry in fresh:
            for key, inc in contributions(entry).items():
                for name, value in inc.items():
                    totals[key][name] += value
        try:
            db[POST_ELEMENTS].insert_many(
                [
                    {
                        "_id": post_id,
                        **entry,
                        "extracted_at": now,
                        "pending": None,
                        "rev": 1,
                        "impressions": 0,
                    }
                    for post_id, entry in fresh
                ],
                ordered=False,
            )
        except BulkWriteError as exc:  # pragma: no cover - a concurrent loader of the same posts
            if not _only_duplicates(exc):
                raise
        ops = [_plain(key, _integral(inc)) for key, inc in totals.items()]
        for part in chunks(ops, batch):
            db[ELEMENT_DAYS].bulk_write(part, ordered=False)
        written += len(fresh)
    return written


def _integral(inc: Mapping[str, float]) -> dict[str, float]:
    return {
        k: (int(v) if float(v).is_integer() and k != "sentiment_sum" else v) for k, v in inc.items()
    }


async def recent_posts(
    db: AsyncDB, element_id: str, market: str | None, first: int, scan: int = 60
) -> list[str]:
    """Ids of the most engaged of an element's `scan` latest posts."""
    query: dict[str, Any] = {"active": True, "element_ids": element_id}
    if market is not None:
        query["market"] = market
    docs = (
        await db[POST_ELEMENTS]
        .find(query, {"counted": 1, "published_at": 1})
        .sort([("published_at", -1)])
        .limit(scan)
        .to_list()
    )

    def engagement(doc: Document) -> int:
        counted = doc.get("counted") or {}
        return int(counted.get("likes", 0) + counted.get("saves", 0) + counted.get("comments", 0))

    docs.sort(key=lambda doc: (-engagement(doc), doc["_id"]))
    return [doc["_id"] for doc in docs[:first]]
