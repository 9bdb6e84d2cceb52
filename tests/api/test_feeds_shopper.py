"""The shoppers' feed through GraphQL: it learns styles and authors from likes, its cursors
never repeat or skip a post, visitors get the market's popular feed, impressions are counted,
and a page costs the same round trips to the stores whatever its size."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from itertools import pairwise
from typing import Any

import httpx
import pytest
from celery.result import allow_join_result

from api.app import create_app
from api.state import AppState
from core import clock
from core.mongo import MongoHandles
from feeds import feed_store
from feeds.elements_store import POST_ELEMENTS
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.tasks import flush_impressions
from posts.lifecycle import PostStatus
from tests.api.helpers import make_account
from tests.api.test_posts_queries import CountingDB
from tests.conftest import GraphQL
from tests.feeds.feeds_world import insert_post, sync_db

FEED = """
query($first: Int!, $after: String, $market: Market) {
  feed(first: $first, after: $after, market: $market) {
    edges { cursor node {
      id caption market likeCount viewerHasLiked viewerHasSaved author { id displayName }
      images { url blurhash }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
STYLES = ("#y2k", "#gorpcore", "#coquette", "#boho", "#streetwear", "#preppy")


async def world(
    state: AppState, per_style: int = 8, authors: int = 12, market: str = "US"
) -> dict[str, list[str]]:
    """Posts in six styles by a dozen authors, each seen 500 times with 20 likes (so nothing
    is new enough to need exploring); the y2k ones a day older than the rest."""
    db = sync_db(state)
    taxonomy = current_taxonomy(state.settings)
    people = [await make_account(state, market=market) for _ in range(authors)]
    now = clock.now()
    by_style: dict[str, list[str]] = {}
    count = 0
    for style in STYLES:
        age = timedelta(hours=30 if style == "#y2k" else 3)
        for i in range(per_style):
            author = people[count % authors].user
            count += 1
            post = await insert_post(
                state, author, f"look {i} {style}", market=market, published_at=now - age
            )
            await state.db.posts.update_one({"_id": post["_id"]}, {"$set": {"like_count": 20}})
            extract_post(db, taxonomy, post["_id"])
            by_style.setdefault(style, []).append(post["_id"])
    await state.db[POST_ELEMENTS].update_many({}, {"$set": {"impressions": 500}})
    return by_style


async def page_ids(
    gql: GraphQL, token: str | None, first: int, after: str | None = None, **extra: Any
) -> tuple[list[str], dict[str, Any]]:
    body = await gql(FEED, {"first": first, "after": after, **extra}, token=token)
    feed = body["data"]["feed"]
    return [edge["node"]["id"] for edge in feed["edges"]], feed["pageInfo"]


async def test_a_shoppers_feed_follows_the_style_they_like(gql: GraphQL, state: AppState) -> None:
    by_style = await world(state, per_style=10)
    y2k = by_style["#y2k"]
    shopper = await make_account(state)

    before, _ = await page_ids(gql, shopper.token, 20)
    assert sum(post in y2k for post in before) <= 1  # older, so below the rest

    liked = y2k[:5]
    like = "mutation($id: ID!) { likePost(id: $id) { errors { code } } }"
    for post_id in liked:
        assert (await gql(like, {"id": post_id}, token=shopper.token))["data"]["likePost"][
            "errors"
        ] == []
    profile = await state.db[feed_store.PROFILES].find_one({"_id": shopper.user.id})
    assert profile is not None and profile["weights"]["style/y2k"] > 0.5

    after, _ = await page_ids(gql, shopper.token, 20)  # a new feed session
    assert sum(post in y2k for post in after) >= 6
    # Not just the five liked posts: the style itself rose.
    assert sum(post in y2k[5:] for post in after) >= 3
    # Diversity still holds: no author twice in a row.
    authors = [
        (await state.db.posts.find_one({"_id": post_id}) or {})["author_id"] for post_id in after
    ]
    assert all(a != b for a, b in pairwise(authors))


async def test_a_shoppers_feed_follows_the_authors_they_like(gql: GraphQL, state: AppState) -> None:
    """Likes teach authors too: an author from another market whose posts the shopper keeps
    liking comes into their feed ("for you"), though they follow nobody."""
    await world(state, per_style=4)
    db = sync_db(state)
    taxonomy = current_taxonomy(state.settings)
    favourite = await make_account(state, market="UK")
    theirs = []
    for i in range(4):
        post = await insert_post(
            state, favourite.user, f"rainy day {i}", market="UK", published_at=clock.now()
        )
        # As well liked as the rest: only the shopper's taste sets them apart.
        await state.db.posts.update_one({"_id": post["_id"]}, {"$set": {"like_count": 20}})
        extract_post(db, taxonomy, post["_id"])
        theirs.append(post["_id"])
    await state.db[POST_ELEMENTS].update_many({}, {"$set": {"impressions": 500}})
    shopper = await make_account(state)
    before, _ = await page_ids(gql, shopper.token, 30)
    assert not set(theirs) & set(before)  # another market, not followed

    like = "mutation($id: ID!) { likePost(id: $id) { errors { code } } }"
    for post_id in theirs[:2]:
        result = await gql(like, {"id": post_id}, token=shopper.token)
        assert result["data"]["likePost"]["errors"] == []
    profile = await state.db[feed_store.PROFILES].find_one({"_id": shopper.user.id})
    assert profile is not None and profile["authors"][favourite.user.id] > 0.1

    after, _ = await page_ids(gql, shopper.token, 30)
    assert set(theirs[2:]) <= set(after[:10])
    assert (await state.db.follows.count_documents({"follower_id": shopper.user.id})) == 0


async def test_cursors_never_repeat_or_skip_while_scores_move(
    gql: GraphQL, state: AppState
) -> None:
    by_style = await world(state, per_style=6)
    everything = {post for posts in by_style.values() for post in posts}
    shopper = await make_account(state)
    fan = await make_account(state)
    seen: list[str] = []
    ids, info = await page_ids(gql, shopper.token, 7)
    seen += ids
    late_author = await make_account(state)
    late = await insert_post(state, late_author.user, "brand new #y2k")
    extract_post(sync_db(state), current_taxonomy(state.settings), late["_id"])
    like = "mutation($id: ID!) { likePost(id: $id) { errors { code } } }"
    while info["hasNextPage"]:
        # Scores move under the shopper's thumb: the last post of each page gets liked.
        await gql(like, {"id": seen[-1]}, token=fan.token)
        ids, info = await page_ids(gql, shopper.token, 7, info["endCursor"])
        seen += ids
    assert len(seen) == len(set(seen)) == len(everything)
    assert set(seen) == everything  # the post published mid-scroll waits for the next session
    fresh, _ = await page_ids(gql, shopper.token, 50)
    assert late["_id"] in fresh

    first, info = await page_ids(gql, shopper.token, 5)
    cursor = info["endCursor"]
    stranger = await make_account(state)
    foreign = await gql(
        FEED, {"first": 5, "after": cursor}, token=stranger.token, expect_errors=True
    )
    assert foreign["errors"][0]["extensions"] == {"code": "SESSION_EXPIRED", "field": "after"}
    broken = await gql(
        FEED, {"first": 5, "after": "bm9wZQ"}, token=shopper.token, expect_errors=True
    )
    assert broken["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    async for name in state.redis.scan_iter(match=state.settings.redis_prefix + "app:feed:usr*"):
        await state.redis.delete(name)
    expired = await gql(
        FEED, {"first": 5, "after": cursor}, token=shopper.token, expect_errors=True
    )
    assert expired["errors"][0]["extensions"] == {"code": "SESSION_EXPIRED", "field": "after"}
    too_many = await gql(FEED, {"first": 1000}, token=shopper.token, expect_errors=True)
    assert too_many["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}
    assert first


async def test_visitors_get_the_markets_popular_feed(gql: GraphQL, state: AppState) -> None:
    await world(state, per_style=3, authors=6, market="UK")
    await world(state, per_style=2, authors=4, market="US")
    first, info = await page_ids(gql, None, 10, market="UK")
    again, _ = await page_ids(gql, None, 10, market="UK")
    assert first == again  # visitors share one ranking for a few minutes
    rest: list[str] = []
    while info["hasNextPage"]:
        ids, info = await page_ids(gql, None, 10, info["endCursor"])
        rest += ids
    everything = first + rest
    assert len(everything) == len(set(everything)) == 18
    markets = {
        (await state.db.posts.find_one({"_id": post_id}) or {})["market"] for post_id in everything
    }
    assert markets == {"UK"}


async def test_impressions_are_counted_once_per_post_served(gql: GraphQL, state: AppState) -> None:
    by_style = await world(state, per_style=2, authors=4)
    before = {d["_id"]: d["impressions"] for d in await state.db[POST_ELEMENTS].find().to_list()}
    shopper = await make_account(state)
    served: list[str] = []
    ids, info = await page_ids(gql, shopper.token, 5)
    served += ids
    ids, info = await page_ids(gql, shopper.token, 5, info["endCursor"])
    served += ids
    with allow_join_result():
        flush_impressions.delay().get(timeout=20)
    after = {d["_id"]: d["impressions"] for d in await state.db[POST_ELEMENTS].find().to_list()}
    pending = await state.redis.hgetall(feed_store.impressions_key(state.settings))
    gained = {p: after[p] - before[p] + int(pending.get(p, 0)) for p in after}
    assert gained == {p: served.count(p) for p in after}
    assert sum(gained.values()) == 10 and len(by_style) == len(STYLES)


class CountingRedis:
    """A real Redis client that counts round trips: a command, a pipeline, a script call."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.trips = 0

    def _counted(self, call: Any) -> Any:
        async def run(*args: Any, **kwargs: Any) -> Any:
            self.trips += 1
            return await call(*args, **kwargs)

        return run

    def pipeline(self, *args: Any, **kwargs: Any) -> Any:
        pipe = self._inner.pipeline(*args, **kwargs)
        pipe.execute = self._counted(pipe.execute)
        return pipe

    def register_script(self, script: str) -> Any:
        return self._counted(self._inner.register_script(script))

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        return self._counted(attr) if asyncio.iscoroutinefunction(attr) else attr


@pytest.mark.parametrize("signed_in", [True, False])
async def test_a_feed_page_costs_the_same_round_trips_whatever_its_size(
    state: AppState, signed_in: bool
) -> None:
    await world(state, per_style=8, authors=12)
    shopper = await make_account(state)
    counting = CountingDB(state.db)
    redis = CountingRedis(state.redis)
    counted_state = AppState(
        settings=state.settings,
        mongo=MongoHandles(db=counting, client=None),  # type: ignore[arg-type]
        redis=redis,  # type: ignore[arg-type]
        redis_url=state.redis_url,
    )
    app = create_app(state.settings, state=counted_state)
    token = shopper.token if signed_in else None
    costs: dict[tuple[str, int], tuple[dict[str, int], int]] = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        gql = GraphQL(http)
        for size in (2, 20):
            # Each size starts its own popular ranking, as a first visitor would.
            async for name in state.redis.scan_iter(match="*app:feed:popular*"):
                await state.redis.delete(name)
            counting.calls.clear()
            redis.trips = 0
            ids, info = await page_ids(gql, token, size, market="US")
            assert len(ids) == size
            costs[("first", size)] = (dict(counting.calls), redis.trips)
            counting.calls.clear()
            redis.trips = 0
            ids, _ = await page_ids(gql, token, size, info["endCursor"], market="US")
            assert len(ids) == size
            costs[("next", size)] = (dict(counting.calls), redis.trips)
    assert costs[("first", 2)] == costs[("first", 20)]
    assert costs[("next", 2)] == costs[("next", 20)]
    calls, trips = costs[("next", 20)]
    # Sign-in (when signed in), the page's posts, their authors, the viewer's likes and saves;
    # one Redis script call that cuts the page and counts its impressions, and one that takes
    # the query's cost from the client's budget.
    assert sum(calls.values()) == (5 if signed_in else 2), calls
    assert trips == 2


async def test_a_new_own_post_leads_its_authors_feed_and_hidden_posts_leave_it(
    gql: GraphQL, state: AppState
) -> None:
    await world(state, per_style=2, authors=3)
    shopper = await make_account(state)
    friend = await make_account(state)
    clock.install(clock.FrozenClock(clock.now() - timedelta(hours=25)))
    older = await insert_post(state, shopper.user, "my old #y2k fit")
    clock.reset()
    mine = await insert_post(state, shopper.user, "my own #y2k fit")
    coming = await insert_post(state, shopper.user, "still uploading", status=PostStatus.PROCESSING)
    for post in (older, mine):
        extract_post(sync_db(state), current_taxonomy(state.settings), post["_id"])

    ids, _ = await page_ids(gql, shopper.token, 50)
    # Newest first: the look still processing, then the one just published; a day-old one of
    # theirs stays out, as everyone else's feed keeps out what isn't theirs to see.
    assert ids[:2] == [coming["_id"], mine["_id"]]
    assert older["_id"] not in ids and len(ids) == 14
    theirs, _ = await page_ids(gql, friend.token, 50)
    assert coming["_id"] not in theirs and mine["_id"] in theirs

    hidden = ids[2]
    await state.db.posts.update_one({"_id": hidden}, {"$set": {"status": "HIDDEN"}})
    again, _ = await page_ids(gql, shopper.token, 50)
    assert hidden not in again and len(again) == 13


@pytest.mark.parametrize("signed_in", [True, False])
async def test_the_feed_goes_on_past_its_candidates_to_the_markets_older_looks(
    gql: GraphQL, state: AppState, signed_in: bool
) -> None:
    recent = await world(state, per_style=2, authors=3)
    shopper = await make_account(state)
    author = (await make_account(state)).user
    db, taxonomy = sync_db(state), current_taxonomy(state.settings)
    old_day = clock.now() - timedelta(days=state.settings.feed_candidate_days + 10)
    older = []
    for i in range(13):
        # Pairs published at the same instant: the tail's keyset must not drop either one.
        post = await insert_post(
            state, author, f"archive look {i}", published_at=old_day - timedelta(hours=i // 2)
        )
        extract_post(db, taxonomy, post["_id"])
        older.append(post["_id"])
    elsewhere = await insert_post(state, author, "not this market", market="BR")
    extract_post(db, taxonomy, elsewhere["_id"])

    token = shopper.token if signed_in else None
    seen, info = await page_ids(gql, token, 5)
    pages = 1
    while info["hasNextPage"]:
        more, info = await page_ids(gql, token, 5, info["endCursor"])
        seen += more
        pages += 1
    expected = {post for posts in recent.values() for post in posts} | set(older)
    assert len(seen) == len(set(seen)) == len(expected) == 25
    assert set(seen) == expected
    # The ranked looks first, then the older ones newest first (ties: the greater id first;
    # ids made in the same millisecond are not in the order they were made); every page full
    # but the last.
    published = {post: old_day - timedelta(hours=i // 2) for i, post in enumerate(older)}
    assert seen[12:] == sorted(older, key=lambda post: (published[post], post), reverse=True)
    assert pages == 5
