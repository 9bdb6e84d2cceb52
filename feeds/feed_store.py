"""The shoppers' feed against the stores: candidates, frozen feed sessions, impressions, affinity.

A feed session starts on a first page: candidates are read from `post_elements` (posts by
followed authors, posts carrying the market's trending elements, posts carrying the elements the
shopper engages with, fresh posts in the market), ranked once by `feeds.ranking.rank_feed` with
the session's seed, and the ranked ids are written to a Redis list
`feed:<shopper>:<session>` that lives `FEED_SESSION_TTL_SECONDS` after the last page served.
Later pages are cut from that list by position (`feeds.cursor`), so scrolling never repeats or
skips a post while scores move. Visitors who are not signed in share one popular ranking per
market, rebuilt every `POPULAR_FEED_TTL_SECONDS`.

Serving a later page is one Redis round trip: a small Lua script checks the cursor against the
list, returns the page's ids, refreshes the list's lifetime and counts an impression for each
post in a Redis hash. `feeds.flush_impressions` moves those counts into `post_elements` every
few seconds, where the ranking reads them.

Taste: a like, save or comment moves the shopper's element and author weights, a purchase
through a link on a post (`feeds.tasks.count_orders`) their element, author and product weights
(`feeds.taste`), stored in one `shopper_profiles` document per shopper (`weights` for elements,
`authors`, `products`) and updated with a compare-and-set so two quick likes both count. A new
feed session reads the profile faded to now: its elements and authors add candidates (the
AFFINITY and FOR_YOU sources) and all three weight the ranking.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import redis
from pymongo import UpdateOne
from redis.asyncio import Redis as AsyncRedis

from core import clock
from core.errors import UserError
from core.mongo import AsyncDB, Document, SyncDB, is_duplicate
from core.redis import key
from core.settings import Settings
from feeds import candidate_pool, elements_store, feed_tail
from feeds.cursor import (
    CursorError,
    FeedCursor,
    FeedPage,
    PageItem,
    decode_cursor,
    encode_cursor,
    page_feed,
    session_seed,
)
from feeds.elements_store import POST_ELEMENTS
from feeds.error_codes import TrendErrorCode
from feeds.ranking import Candidate, CandidateSource, ShopperProfile, rank_feed
from feeds.sentiment import counters as sentiment_counters
from feeds.sentiment import score_comment
from feeds.taste import Signal, Taste, TasteEvent, faded, learn, strongest
from feeds.trend_store import SNAPSHOTS, ListKey
from posts.lifecycle import Post, published_by_ids, recent_own_post_ids

PROFILES = "shopper_profiles"
UP_STATES = ("EMERGING", "RISING", "PEAKING")
TRENDING_ELEMENTS = 10
AFFINITY_ELEMENTS = 20
# Candidate sources: fresh, trending, affinity, followed, for you.
MAX_SOURCES = 5
FOR_YOU_AUTHORS = 20
MAX_FOLLOWED = 1000
# How long a shopper's new post leads their own feed.
OWN_POSTS_LEAD = timedelta(hours=24)
_CAS_ATTEMPTS = 10
TASTE_PRODUCTS = 20
_MARK_KINDS = {"likes": Signal.LIKE, "saves": Signal.SAVE}
_COUNTERS = {"likes": "likes", "saves": "saves"}

# Returns -2 when the session list is gone, -1 when the cursor does not match it, else the
# list's length followed by the page's ids (impressions counted, lifetime refreshed).
_PAGE_SCRIPT = """
local size = redis.call('LLEN', KEYS[1])
if size == 0 then return {-2} end
local start = tonumber(ARGV[1])
if ARGV[4] ~= '' and redis.call('LINDEX', KEYS[1], start - 1) ~= ARGV[4] then return {-1} end
local ids = redis.call('LRANGE', KEYS[1], start, start + tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
for _, id in ipairs(ids) do redis.call('HINCRBY', KEYS[2], id, 1) end
local out = {size}
for _, id in ipairs(ids) do table.insert(out, id) end
return out
"""


# A new session: KEYS list, tail, impressions[, popular pointer]; ARGV ttl, how many ids the
# first page shows, the ids separated by spaces, the pointer's value and ttl ('' for none),
# then the tail's fields and values. RPUSH in chunks: Lua's unpack has a stack limit.
_STORE_SCRIPT = """
local ttl = tonumber(ARGV[1])
local shown = tonumber(ARGV[2])
redis.call('DEL', KEYS[1])
local batch, count = {}, 0
for id in string.gmatch(ARGV[3], '%S+') do
  count = count + 1
  batch[#batch + 1] = id
  if count <= shown then redis.call('HINCRBY', KEYS[3], id, 1) end
  if #batch == 1000 then
    redis.call('RPUSH', KEYS[1], unpack(batch))
    batch = {}
  end
end
if #batch > 0 then redis.call('RPUSH', KEYS[1], unpack(batch)) end
if count > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  local fields = {}
  for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[2], unpack(fields))
  redis.call('EXPIRE', KEYS[2], ttl)
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[4], ARGV[4], 'EX', tonumber(ARGV[5])) end
return count
"""


def impressions_key(settings: Settings) -> str:
    return key(settings, "feed", "impressions")


def _flushing_key(settings: Settings) -> str:
    return key(settings, "feed", "impressions-flushing")


def session_key(settings: Settings, owner: str, session_id: str) -> str:
    return key(settings, "feed", owner, session_id)


def _popular_pointer(settings: Settings, market: str) -> str:
    return key(settings, "feed", "popular", market)


# --- taste ----------------------------------------------------------------------------------


def _taste(doc: Document | None) -> Taste:
    if doc is None:
        return Taste()
    updated = doc.get("updated_at")
    return Taste(
        elements=dict(doc.get("weights") or {}),
        authors=dict(doc.get("authors") or {}),
        products=dict(doc.get("products") or {}),
        updated_at=clock.as_utc(updated) if updated else None,
    )


def _fields(taste: Taste) -> Document:
    return {
        "weights": dict(taste.elements),
        "authors": dict(taste.authors),
        "products": dict(taste.products),
        "updated_at": taste.updated_at,
    }


async def learn_taste(db: AsyncDB, shopper_id: str, events: Sequence[TasteEvent]) -> Taste:
    """Move a shopper's taste after what they did (compare-and-set on `rev`)."""
    for _ in range(_CAS_ATTEMPTS):
        doc = await db[PROFILES].find_one({"_id": shopper_id})
        taste = learn(_taste(doc), events)
        if doc is None:
            try:
                await db[PROFILES].insert_one({"_id": shopper_id, **_fields(taste), "rev": 1})
                return taste
            except Exception as exc:
                if not is_duplicate(exc):
                    raise
                continue
        swapped = await db[PROFILES].update_one(
            {"_id": shopper_id, "rev": doc["rev"]}, {"$set": _fields(taste), "$inc": {"rev": 1}}
        )
        if swapped.matched_count:
            return taste
    raise RuntimeError(f"the profile of {shopper_id} kept changing")


def learn_taste_sync(db: SyncDB, shopper_id: str, events: Sequence[TasteEvent]) -> Taste:
    """`learn_taste` for the Celery tasks (PyMongo's synchronous client)."""
    for _ in range(_CAS_ATTEMPTS):
        doc = db[PROFILES].find_one({"_id": shopper_id})
        taste = learn(_taste(doc), events)
        if doc is None:
            try:
                db[PROFILES].insert_one({"_id": shopper_id, **_fields(taste), "rev": 1})
                return taste
            except Exception as exc:
                if not is_duplicate(exc):
                    raise
                continue
        swapped = db[PROFILES].update_one(
            {"_id": shopper_id, "rev": doc["rev"]}, {"$set": _fields(taste), "$inc": {"rev": 1}}
        )
        if swapped.matched_count:
            return taste
    raise RuntimeError(f"the profile of {shopper_id} kept changing")


def current_taste(doc: Document | None, now: datetime) -> Taste:
    """The stored taste faded to `now`, as the next event would see it."""
    return faded(_taste(doc), now)


def _post_event(kind: Signal, entry: Document | None) -> TasteEvent | None:
    if entry is None or not (entry.get("element_ids") or entry.get("author_id")):
        return None
    return TasteEvent(
        kind=kind,
        at=clock.now(),
        element_ids=tuple(entry.get("element_ids") or ()),
        author_id=entry.get("author_id"),
    )


async def record_mark(db: AsyncDB, user_id: str, post_id: str, collection: str, step: int) -> None:
    """A like or save was added (+1) or taken back (-1): count it on the post's elements, and
    learn from it when added."""
    entry = await elements_store.add_engagement(db, post_id, {_COUNTERS[collection]: step})
    event = _post_event(_MARK_KINDS[collection], entry) if step > 0 else None
    if event is not None:
        await learn_taste(db, user_id, [event])


async def record_comment(db: AsyncDB, user_id: str, post_id: str, body: str, step: int = 1) -> None:
    """A comment was added (+1) or deleted (-1): count it, with its sentiment and language
    (or as skipped), on the post's elements, and learn from it when added."""
    changes: dict[str, float] = {"comments": step}
    # The post's market tells which language a short, ambiguous comment is most likely in.
    # No entry yet: nothing is counted now, and extraction counts the comments when it
    # records the post.
    known = await db[POST_ELEMENTS].find_one({"_id": post_id}, {"market": 1})
    market = known.get("market") if known is not None else None
    changes.update(sentiment_counters(score_comment(body, market), step))
    entry = await elements_store.add_engagement(db, post_id, changes)
    event = _post_event(Signal.COMMENT, entry) if step > 0 else None
    if event is not None:
        await learn_taste(db, user_id, [event])


def learn_purchase(db: SyncDB, order: Document, post_id: str) -> str | None:
    """An order credited to a post, bought by a shopper the shop named by email: the post's
    elements and author and the order's products join their taste. Returns the shopper's id
    (None when the buyer is not a known account)."""
    hashed = order.get("email_hash")
    if not hashed:
        return None
    buyer = db.users.find_one({"email_hash": hashed}, {"_id": 1})
    if buyer is None:
        return None
    entry = db[POST_ELEMENTS].find_one({"_id": post_id}, {"element_ids": 1, "author_id": 1})
    if entry is not None and entry.get("author_id") == buyer["_id"]:
        return None  # buying through one's own post says nothing about taste
    products = tuple(
        dict.fromkeys(
            line["product_id"] for line in order.get("lines") or () if "product_id" in line
        )
    )
    event = TasteEvent(
        kind=Signal.PURCHASE,
        at=clock.as_utc(order["at"]),
        element_ids=tuple((entry or {}).get("element_ids") or ()),
        author_id=(entry or {}).get("author_id"),
        product_ids=products,
    )
    learn_taste_sync(db, buyer["_id"], [event])
    return str(buyer["_id"])


# --- candidates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedLimits:
    per_source: int
    days: int
    fresh_days: int

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedLimits:
        return cls(
            per_source=settings.feed_candidates_per_source,
            days=settings.feed_candidate_days,
            fresh_days=max(1, settings.feed_candidate_days // 4),
        )


def _candidate(entry: candidate_pool.Row, sources: frozenset[CandidateSource]) -> Candidate:
    return Candidate(
        post_id=entry.post_id,
        author_id=entry.author_id,
        element_ids=entry.element_ids,
        created_at=entry.published_at,
        impressions=entry.impressions,
        likes=entry.likes,
        saves=entry.saves,
        comments=entry.comments,
        sources=sources,
    )


async def trending_elements(db: AsyncDB, market: str) -> list[str]:
    """The market's rising elements from its 7-day trend list (none before one is computed)."""
    doc = await db[SNAPSHOTS].find_one(
        {"_id": ListKey(market, None, 7).id}, {"rows.element_id": 1, "rows.state": 1}
    )
    rows = (doc or {}).get("rows") or []
    return [row["element_id"] for row in rows if row["state"] in UP_STATES][:TRENDING_ELEMENTS]


async def gather_candidates(
    db: AsyncDB,
    limits: FeedLimits,
    market: str,
    now: datetime,
    *,
    followed: Sequence[str] = (),
    affinity: dict[str, float] | None = None,
    authors: Sequence[str] = (),
    exclude_author: str | None = None,
) -> list[Candidate]:
    """The market's fresh and trending posts and the shopper's own sources (liked elements,
    followed and favourite authors), newest first, each post tagged with every source it
    matches.

    On MongoDB two reads of `post_elements`, each clause served by its own index
    (`core.indexes`: market and time; market, element and time; author and time), so no read
    visits the whole collection; on the embedded store both parts come from the entries it
    keeps in memory (`feeds.candidate_pool`). All sources share one limit: in a busy market the
    newest posts fill it and older trending or affinity posts wait for a quieter moment."""
    window = candidate_pool.Window.at(now, limits.days, limits.fresh_days)
    trending = await trending_elements(db, market)
    liked = sorted((affinity or {}).items(), key=lambda item: (-item[1], item[0]))
    top = [element for element, weight in liked[:AFFINITY_ELEMENTS] if weight > 0]
    following, rising, liking = set(followed), frozenset(trending), set(top)
    favourites = [author for author in authors if author not in following]
    # One limit for all sources together, as one query of every clause would have: in a busy
    # market the newest posts fill it. The market's part is the same for every shopper.
    limit = limits.per_source * (1 + bool(trending) + bool(top) + bool(followed) + bool(favourites))
    parts = [
        await candidate_pool.market_rows(
            db, market, window, trending, limits.per_source * MAX_SOURCES
        ),
        await candidate_pool.shopper_rows(
            db, market, window, limit, liked=top, followed=list(followed), favourites=favourites
        ),
    ]
    for_you = set(favourites)
    found: list[Candidate] = []
    for entry in candidate_pool.merged(parts, limit):
        if entry.author_id == exclude_author:
            continue
        sources = set()
        if entry.author_id in following:
            sources.add(CandidateSource.FOLLOWED)
        if entry.author_id in for_you:
            sources.add(CandidateSource.FOR_YOU)
        if entry.market == market:
            if entry.elements & rising:
                sources.add(CandidateSource.TRENDING)
            if entry.elements & liking:
                sources.add(CandidateSource.AFFINITY)
            if entry.published_at >= window.fresh_since:
                sources.add(CandidateSource.FRESH)
        found.append(_candidate(entry, frozenset(sources)))
    return found


async def shopper_ranking(
    db: AsyncDB, settings: Settings, shopper_id: str, market: str, session_id: str
) -> list[str]:
    """A signed-in shopper's ranked post ids for a new feed session."""
    ranked, _ = await _shopper_ranked(db, settings, shopper_id, market, session_id, clock.now())
    return ranked


async def _shopper_ranked(
    db: AsyncDB, settings: Settings, shopper_id: str, market: str, session_id: str, now: datetime
) -> tuple[list[str], datetime | None]:
    """The ranked ids and the oldest candidate's time (where the session's tail starts)."""
    follows = (
        await db.follows.find({"follower_id": shopper_id}, {"followee_id": 1})
        .limit(MAX_FOLLOWED)
        .to_list()
    )
    followed = [doc["followee_id"] for doc in follows]
    taste = current_taste(await db[PROFILES].find_one({"_id": shopper_id}), now)
    candidates = await gather_candidates(
        db,
        FeedLimits.from_settings(settings),
        market,
        now,
        followed=followed,
        affinity=dict(taste.elements),
        authors=strongest(taste.authors, FOR_YOU_AUTHORS),
        exclude_author=shopper_id,
    )
    if taste.products:
        candidates = await _with_products(db, candidates, strongest(taste.products, TASTE_PRODUCTS))
    profile = ShopperProfile(
        affinity=taste.elements,
        followed_authors=frozenset(followed),
        authors=taste.authors,
        products=taste.products,
    )
    ranked = rank_feed(candidates, profile, now, seed=session_seed(session_id))
    return [post.post_id for post in ranked], _oldest(candidates)


def _oldest(candidates: Sequence[Candidate]) -> datetime | None:
    return min((post.created_at for post in candidates), default=None)


async def _with_products(
    db: AsyncDB, candidates: list[Candidate], products: Sequence[str]
) -> list[Candidate]:
    """The candidates with the shopper's favourite products they tag: one read of the posts."""
    ids = [c.post_id for c in candidates]
    tagged = await db.posts.find(
        {"_id": {"$in": ids}, "product_tags.product_id": {"$in": list(products)}},
        {"product_tags.product_id": 1},
    ).to_list()
    found = {
        doc["_id"]: tuple(dict.fromkeys(tag["product_id"] for tag in doc.get("product_tags") or ()))
        for doc in tagged
    }
    return [
        dataclasses.replace(c, product_ids=found[c.post_id]) if c.post_id in found else c
        for c in candidates
    ]


async def popular_ranking(
    db: AsyncDB, settings: Settings, market: str, session_id: str
) -> list[str]:
    return (await _popular_ranked(db, settings, market, session_id))[0]


async def _popular_ranked(
    db: AsyncDB, settings: Settings, market: str, session_id: str
) -> tuple[list[str], datetime | None]:
    now = clock.now()
    candidates = await gather_candidates(db, FeedLimits.from_settings(settings), market, now)
    ranked = rank_feed(candidates, ShopperProfile(), now, seed=session_seed(session_id))
    return [post.post_id for post in ranked], _oldest(candidates)


async def _with_tail(
    db: AsyncDB,
    ids: list[str],
    oldest: datetime | None,
    market: str,
    shopper_id: str | None,
    first: int,
) -> tuple[list[str], feed_tail.TailState]:
    """The session's ids and where its tail starts; a pool too small for one page is
    topped up at once, so the first page is never short while the market has more."""
    tail = feed_tail.start_state(market, shopper_id, oldest)
    if len(ids) <= first:
        more, tail = await feed_tail.next_looks(db, tail, set(ids))
        ids = ids + more
    return ids, tail


# --- sessions and pages ---------------------------------------------------------------------


def _cursor_error(exc: CursorError) -> UserError:
    messages = {
        "SESSION_EXPIRED": "This feed has expired; start again from the top.",
        "CURSOR_MISMATCH": "That cursor does not belong to this feed; start again from the top.",
        "INVALID_FIRST": str(exc),
    }
    return UserError(
        TrendErrorCode(exc.code), messages.get(exc.code, "That cursor is not valid."), "after"
    )


async def _store_session(
    client: AsyncRedis,
    settings: Settings,
    list_key: str,
    ids: Sequence[str],
    page: FeedPage,
    ttl: int,
    tail: feed_tail.TailState,
    pointer: str | None = None,
) -> None:
    """Write a new session's list and count its first page's impressions: one script call.
    The ids go as one string that Redis splits, not as hundreds of arguments this process
    would encode one by one."""
    shown = len(page.post_ids)
    if list(page.post_ids) != list(ids[:shown]):
        raise ValueError("a first page is the head of its session's list")
    keys = [list_key, feed_tail.tail_key(list_key), impressions_key(settings)]
    pointed: list[str | int] = ["", 0]
    if pointer is not None:
        keys.append(pointer)
        pointed = [list_key.rsplit(":", 1)[-1], settings.popular_feed_ttl_seconds]
    fields = [str(part) for pair in tail.fields().items() for part in pair]
    script = client.register_script(_STORE_SCRIPT)
    await script(keys=keys, args=[ttl, shown, " ".join(ids), *pointed, *fields])


async def _later_page(
    client: AsyncRedis,
    settings: Settings,
    list_key: str,
    session_id: str,
    first: int,
    position: int,
    post_id: str,
) -> FeedPage:
    """A page after `position`, cut from the stored list by the page script."""
    script = client.register_script(_PAGE_SCRIPT)
    result = cast(
        list[Any],
        await script(
            keys=[list_key, impressions_key(settings)],
            args=[position + 1, first, settings.feed_session_ttl_seconds, post_id],
        ),
    )
    if int(result[0]) == -2:
        raise CursorError("SESSION_EXPIRED", "feed session expired")
    if int(result[0]) == -1:
        raise CursorError("CURSOR_MISMATCH", "cursor does not match this feed session")
    size = int(result[0])
    return _page_from([str(value) for value in result[1:]], session_id, position + 1, size)


def _page_from(ids: Sequence[str], session_id: str, start: int, size: int) -> FeedPage:
    """The same page `feeds.cursor.page_feed` cuts, from the slice the script returned."""
    items = tuple(
        PageItem(post_id=post_id, cursor=encode_cursor(FeedCursor(session_id, start + i, post_id)))
        for i, post_id in enumerate(ids)
    )
    return FeedPage(
        items=items,
        has_next_page=start + len(ids) < size,
        has_previous_page=start > 0,
        start_cursor=items[0].cursor if items else None,
        end_cursor=items[-1].cursor if items else None,
    )


async def feed_page(
    db: AsyncDB,
    client: AsyncRedis,
    settings: Settings,
    *,
    shopper_id: str | None,
    market: str,
    first: int,
    after: str | None,
) -> FeedPage:
    """One page of a shopper's feed (or the market's popular feed for a visitor)."""
    max_first = settings.graphql_page_max
    if first < 1 or first > max_first:
        raise UserError(
            TrendErrorCode.INVALID, f"Ask for between 1 and {max_first} items.", "first"
        )
    owner = shopper_id or "visitor"
    try:
        if after is not None:
            cursor = decode_cursor(after)
            list_key = session_key(settings, owner, cursor.session_id)
            page = await _later_page(
                client,
                settings,
                list_key,
                cursor.session_id,
                first,
                cursor.position,
                cursor.post_id,
            )
            return await _going_on(db, client, settings, list_key, cursor.session_id, first, page)
        if shopper_id is not None:
            return await _shopper_first_page(db, client, settings, shopper_id, market, first)
        return await _popular_first_page(db, client, settings, market, first)
    except CursorError as exc:
        raise _cursor_error(exc) from exc


async def _going_on(
    db: AsyncDB,
    client: AsyncRedis,
    settings: Settings,
    list_key: str,
    session_id: str,
    first: int,
    page: FeedPage,
) -> FeedPage:
    """A page that reached the end of its session's list, completed from the list extended
    with the market's next looks (`feeds.feed_tail`): the feed goes on while the market has
    more, and a page is short only at the very end."""
    if page.has_next_page or not page.items:
        return page
    if not await feed_tail.extend(db, client, list_key, settings.feed_session_ttl_seconds):
        return page
    last = decode_cursor(page.items[-1].cursor)
    rest = (
        await _later_page(
            client,
            settings,
            list_key,
            session_id,
            first - len(page.items),
            last.position,
            last.post_id,
        )
        if len(page.items) < first
        else None
    )
    if rest is None:
        return dataclasses.replace(page, has_next_page=True)
    return FeedPage(
        items=page.items + rest.items,
        has_next_page=rest.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=page.start_cursor,
        end_cursor=rest.end_cursor or page.end_cursor,
    )


async def _shopper_first_page(
    db: AsyncDB, client: AsyncRedis, settings: Settings, shopper_id: str, market: str, first: int
) -> FeedPage:
    now = clock.now()
    session_id = secrets.token_urlsafe(12)
    ranked, oldest = await _shopper_ranked(db, settings, shopper_id, market, session_id, now)
    own = await recent_own_post_ids(db, shopper_id, now - OWN_POSTS_LEAD)
    ids, tail = await _with_tail(db, own + ranked, oldest, market, shopper_id, first)
    page = page_feed(ids, session_id, first, max_first=settings.graphql_page_max)
    ttl = settings.feed_session_ttl_seconds
    list_key = session_key(settings, shopper_id, session_id)
    await _store_session(client, settings, list_key, ids, page, ttl, tail)
    return page


async def _popular_first_page(
    db: AsyncDB, client: AsyncRedis, settings: Settings, market: str, first: int
) -> FeedPage:
    pointer = _popular_pointer(settings, market)
    current = cast(str | None, await client.get(pointer))
    if current:
        try:
            list_key = session_key(settings, "visitor", current)
            page = await _later_page(client, settings, list_key, current, first, -1, "")
            return await _going_on(db, client, settings, list_key, current, first, page)
        except CursorError:
            pass  # the list expired just now: rank again
    session_id = f"{market}.{secrets.token_urlsafe(9)}"
    ranked, oldest = await _popular_ranked(db, settings, market, session_id)
    ids, tail = await _with_tail(db, ranked, oldest, market, None, first)
    page = page_feed(ids, session_id, first, max_first=settings.graphql_page_max)
    ttl = settings.popular_feed_ttl_seconds + settings.feed_session_ttl_seconds
    list_key = session_key(settings, "visitor", session_id)
    await _store_session(client, settings, list_key, ids, page, ttl, tail, pointer=pointer)
    return page


async def load_page_posts(
    db: AsyncDB, post_ids: Sequence[str], viewer_id: str | None = None
) -> list[Post]:
    """The page's posts in feed order; any that left the public since the ranking drop out.
    The viewer's own posts still processing stay (their placeholder leads their feed)."""
    if not post_ids:
        return []
    by_id = await published_by_ids(db, post_ids, viewer_id)
    return [by_id[post_id] for post_id in post_ids if post_id in by_id]


# --- impressions ------------------------------------------------------------------------------


def flush_impressions(db: SyncDB, client: redis.Redis, settings: Settings) -> int:
    """Move counted impressions into `post_elements`; returns how many posts moved."""
    flushing = _flushing_key(settings)
    if not client.exists(flushing):
        try:
            client.rename(impressions_key(settings), flushing)
        except redis.ResponseError:
            return 0  # nothing counted since the last flush
    counts = cast(dict[str, str], client.hgetall(flushing))
    ops = [
        UpdateOne({"_id": post_id}, {"$inc": {"impressions": int(value)}})
        for post_id, value in counts.items()
        if int(value)
    ]
    if ops:
        db[POST_ELEMENTS].bulk_write(ops, ordered=False)
    client.delete(flushing)
    return len(ops)
