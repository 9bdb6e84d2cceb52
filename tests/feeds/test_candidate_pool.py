"""The candidates kept on the embedded store always equal a new read of the same query, for the
market's part and a shopper's: through inserts, counter updates, deactivations, deletes,
entries changing market, author or time, a dropped collection, a new trend list, the clock
moving both ways and a limit that cuts the read. Kept rows are shared until something is
written, and a write is caught up by reading only what it touched."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

from api.state import AppState
from core import clock
from core.mongo import collection_version
from core.settings import Settings
from feeds import candidate_pool
from feeds.candidate_pool import Window
from feeds.elements_store import POST_ELEMENTS

START = datetime(2026, 5, 1, 12, tzinfo=UTC)
ELEMENTS = ["colour/red", "pattern/gingham", "silhouette/a-line", "fabric/linen"]


def _entry(rng: random.Random, number: int, now: datetime) -> dict[str, object]:
    return {
        "_id": f"post_{number:04d}",
        "author_id": f"usr_{rng.randrange(6)}",
        "market": rng.choice(["US", "US", "UK"]),
        "active": True,
        "published_at": now - timedelta(hours=rng.randrange(0, 20 * 24)),
        "element_ids": rng.sample(ELEMENTS, rng.randrange(0, 3)),
        "counted": {"likes": rng.randrange(5)},
        "impressions": rng.randrange(50),
    }


def _shopper_read_query(
    window: Window, liked: list[str], followed: list[str], favourites: list[str]
) -> dict[str, object] | None:
    clauses: list[dict[str, object]] = []
    if liked:
        clauses.append({"market": "US", "element_ids": {"$in": liked}})
    for authors in (followed, favourites):
        if authors:
            clauses.append({"author_id": {"$in": authors}})
    if not clauses:
        return None
    return {"active": True, "published_at": {"$gte": window.since}, "$or": clauses}


def _fresh_read_query(window: Window, trending: list[str]) -> dict[str, object]:
    clauses: list[dict[str, object]] = [
        {"market": "US", "published_at": {"$gte": window.fresh_since}}
    ]
    if trending:
        clauses.append({"market": "US", "element_ids": {"$in": trending}})
    return {"active": True, "published_at": {"$gte": window.since}, "$or": clauses}


async def test_a_kept_pool_is_what_a_new_read_returns(state: AppState, settings: Settings) -> None:
    rng = random.Random(11)
    db = state.db
    now = START
    clock.install(clock.FrozenClock(now))
    for number in range(30):
        await db[POST_ELEMENTS].insert_one(_entry(rng, number, now))
    trending: list[str] = []
    checked = reused = 0
    limit = 500
    next_id = 1000
    for step in range(300):
        if step % 15 == 0:
            limit = rng.choice([4, 10, 500])
        action = rng.randrange(11)
        known = [d["_id"] for d in await db[POST_ELEMENTS].find({}, {"_id": 1}).to_list()]
        some = rng.choice(known) if known else "post_none"
        if action == 0:
            await db[POST_ELEMENTS].insert_one(_entry(rng, 100 + step, now))
        elif action == 1:
            await db[POST_ELEMENTS].update_one({"_id": some}, {"$inc": {"counted.likes": 1}})
        elif action == 2:
            await db[POST_ELEMENTS].update_one({"_id": some}, {"$set": {"active": False}})
        elif action == 3:
            now += timedelta(hours=rng.choice([1, 7, 30, 72]))
            clock.install(clock.FrozenClock(now))
        elif action == 4:
            trending = rng.sample(ELEMENTS, rng.randrange(0, 3))
        elif action == 5:  # tests move a frozen clock back too
            now -= timedelta(hours=rng.choice([2, 30, 24 * 5]))
            clock.install(clock.FrozenClock(now))
        elif action == 6:
            await db[POST_ELEMENTS].delete_one({"_id": some})
        elif action == 7:
            moved = _entry(rng, 0, now)
            change = rng.choice(["market", "author_id", "published_at", "element_ids", "active"])
            value = True if change == "active" else moved[change]
            await db[POST_ELEMENTS].update_one({"_id": some}, {"$set": {change: value}})
        elif action == 8 and step % 50 == 0:
            await db[POST_ELEMENTS].drop()
            for _ in range(10):
                next_id += 1
                await db[POST_ELEMENTS].insert_one(_entry(rng, next_id, now))
        window = Window.at(now, 14, 3)
        first = await candidate_pool.market_rows(db, "US", window, trending, limit)
        again = await candidate_pool.market_rows(db, "US", window, trending, limit)
        expected = await candidate_pool.read_rows(db, _fresh_read_query(window, trending), limit)
        assert first == again == expected, (step, action, limit)
        liked = rng.sample(ELEMENTS, rng.randrange(0, 3))
        followed = [f"usr_{n}" for n in rng.sample(range(6), rng.randrange(0, 3))]
        favourites = [f"usr_{n}" for n in rng.sample(range(6), rng.randrange(0, 2))]
        theirs = await candidate_pool.shopper_rows(
            db, "US", window, limit, liked=liked, followed=followed, favourites=favourites
        )
        query = _shopper_read_query(window, liked, followed, favourites)
        assert theirs == (await candidate_pool.read_rows(db, query, limit) if query else []), (
            step,
            action,
            limit,
        )
        checked += 1
        reused += all(a is b for a, b in zip(first, again, strict=True)) and bool(first)
    print(f"\n{checked} pools checked against a new read; {reused} repeats shared its rows")
    assert reused > checked // 2


async def test_a_write_to_the_entries_moves_the_pool_on(state: AppState) -> None:
    db = state.db
    now = datetime.now(UTC)
    for name in ("post_a", "post_b"):
        await db[POST_ELEMENTS].insert_one(
            {
                "_id": name,
                "author_id": "usr_1",
                "market": "US",
                "active": True,
                "published_at": now - timedelta(hours=1 if name == "post_a" else 2),
                "element_ids": [],
            }
        )
    window = Window.at(now, 14, 3)
    before_a, before_b = await candidate_pool.market_rows(db, "US", window, [], 100)
    await db[POST_ELEMENTS].update_one({"_id": "post_a"}, {"$set": {"impressions": 9}})
    after_a, after_b = await candidate_pool.market_rows(db, "US", window, [], 100)
    assert (before_a.impressions, after_a.impressions) == (0, 9)
    if collection_version(db, POST_ELEMENTS) is not None:
        # The embedded store read again only the entry that was written.
        assert after_b is before_b


async def test_sessions_opened_together_share_one_read_of_the_window(state: AppState) -> None:
    db = state.db
    now = datetime.now(UTC)
    await db[POST_ELEMENTS].insert_many(
        [
            {
                "_id": f"post_{n}",
                "author_id": f"usr_{n % 3}",
                "market": "US",
                "active": True,
                "published_at": now - timedelta(hours=n),
                "element_ids": [],
            }
            for n in range(12)
        ]
    )
    window = Window.at(now, 14, 3)
    answers = await asyncio.gather(
        *(candidate_pool.market_rows(db, "US", window, [], 100) for _ in range(10))
    )
    assert all(
        [r.post_id for r in answer] == [f"post_{n}" for n in range(12)] for answer in answers
    )
    if collection_version(db, POST_ELEMENTS) is not None:
        # One read made these rows; every session got the same ones.
        assert all(
            a is b for answer in answers[1:] for a, b in zip(answers[0], answer, strict=True)
        )
