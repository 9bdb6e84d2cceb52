"""The feed's candidate read returns exactly the posts its sources name, tagged with every source
they match, as a brute-force pass over every entry finds them, also after entries change."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.state import AppState
from core import clock
from feeds import feed_store
from feeds.elements_store import POST_ELEMENTS
from feeds.feed_store import FeedLimits, gather_candidates
from feeds.ranking import CandidateSource
from tests.api.test_feeds_shopper import world
from tests.feeds.feeds_world import sync_db

LIMITS = FeedLimits(per_source=500, days=14, fresh_days=3)


def brute_force(
    entries: list[dict[str, Any]],
    now: datetime,
    market: str,
    followed: set[str],
    trending: set[str],
    liked: set[str],
) -> dict[str, frozenset[CandidateSource]]:
    """Every active entry of the last `days`, with the sources it matches (none: left out)."""
    fresh_since = now - timedelta(days=LIMITS.fresh_days)
    out: dict[str, frozenset[CandidateSource]] = {}
    for entry in entries:
        published = clock.as_utc(entry["published_at"])
        if not entry.get("active") or published < now - timedelta(days=LIMITS.days):
            continue
        elements = set(entry.get("element_ids") or ())
        here = entry.get("market") == market
        sources = set()
        if entry["author_id"] in followed:
            sources.add(CandidateSource.FOLLOWED)
        if here and elements & trending:
            sources.add(CandidateSource.TRENDING)
        if here and elements & liked:
            sources.add(CandidateSource.AFFINITY)
        if here and published >= fresh_since:
            sources.add(CandidateSource.FRESH)
        if sources:
            out[entry["_id"]] = frozenset(sources)
    return out


async def test_candidates_are_what_a_pass_over_every_entry_finds(state: AppState) -> None:
    await world(state, per_style=6)
    await world(state, per_style=2, market="UK")
    db = sync_db(state)
    entries = list(db[POST_ELEMENTS].find({}))
    by_author: dict[str, int] = {}
    for entry in entries:
        by_author[entry["author_id"]] = by_author.get(entry["author_id"], 0) + 1
    followed = sorted(by_author)[:3]
    elements = sorted({e for entry in entries for e in entry.get("element_ids") or ()})
    liked = {elements[0]: 0.8, elements[1]: 0.4}
    # Some entries moved out of the fresh window, one out of the whole window, one hidden.
    now = clock.now()
    ids = sorted(entry["_id"] for entry in entries)
    await state.db[POST_ELEMENTS].update_many(
        {"_id": {"$in": ids[:10]}}, {"$set": {"published_at": now - timedelta(days=6)}}
    )
    await state.db[POST_ELEMENTS].update_one(
        {"_id": ids[10]}, {"$set": {"published_at": now - timedelta(days=30)}}
    )
    await state.db[POST_ELEMENTS].update_one({"_id": ids[11]}, {"$set": {"active": False}})
    await state.db[POST_ELEMENTS].delete_one({"_id": ids[12]})

    async def check() -> None:
        trending = set(await feed_store.trending_elements(state.db, "US"))
        found = await gather_candidates(
            state.db, LIMITS, "US", now, followed=followed, affinity=liked
        )
        expected = brute_force(
            list(db[POST_ELEMENTS].find({})), now, "US", set(followed), trending, set(liked)
        )
        assert {c.post_id: c.sources for c in found} == expected
        times = [c.created_at for c in found]
        assert times == sorted(times, reverse=True)

    await check()
    # A post moves market and another gains a liked element: the next read follows.
    await state.db[POST_ELEMENTS].update_one({"_id": ids[13]}, {"$set": {"market": "UK"}})
    await state.db[POST_ELEMENTS].update_one(
        {"_id": ids[14]}, {"$addToSet": {"element_ids": elements[1]}}
    )
    await check()


async def test_a_followed_author_in_another_market_is_a_candidate(state: AppState) -> None:
    await world(state, per_style=1, market="UK")
    db = sync_db(state)
    entry = db[POST_ELEMENTS].find_one({})
    assert entry is not None
    found = await gather_candidates(
        state.db, LIMITS, "US", clock.now(), followed=[entry["author_id"]]
    )
    assert [(c.post_id, c.sources) for c in found if c.post_id == entry["_id"]] == [
        (entry["_id"], frozenset({CandidateSource.FOLLOWED}))
    ]
    assert {c.author_id for c in found} == {entry["author_id"]}
