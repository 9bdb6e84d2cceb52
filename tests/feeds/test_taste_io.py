"""The taste profile against the stores: likes, saves and comments teach elements and authors,
an order credited to a post teaches its buyer once, and a new feed session ranks with all of
it."""

from __future__ import annotations

import asyncio

from celery.result import allow_join_result

from accounts.users import email_hash
from api.state import AppState
from core import clock
from feeds import feed_store
from feeds.elements_store import POST_ELEMENTS
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.feed_store import PROFILES
from feeds.tasks import count_orders
from posts import social
from tests.api.helpers import make_account
from tests.feeds.feeds_world import insert_post, sync_db


async def test_likes_saves_and_comments_teach_elements_and_authors(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    other = await make_account(state)
    fan = await make_account(state)
    post = await insert_post(state, author.user, "#balletcore pink satin")
    extract_post(db, current_taxonomy(state.settings), post["_id"])
    await social.like(state.db, fan.user, post["_id"], engagement=feed_store)
    liked = await state.db[PROFILES].find_one({"_id": fan.user.id})
    assert liked is not None
    assert liked["weights"]["style/balletcore"] > 0.1
    assert liked["authors"] == {author.user.id: liked["authors"][author.user.id]}
    await social.save(state.db, fan.user, post["_id"], engagement=feed_store)
    await social.comment(state.db, fan.user, post["_id"], "Love it", engagement=feed_store)
    more = await state.db[PROFILES].find_one({"_id": fan.user.id})
    assert more is not None
    assert more["authors"][author.user.id] > liked["authors"][author.user.id]
    assert more["weights"]["style/balletcore"] > liked["weights"]["style/balletcore"]
    assert more["rev"] == 3 and more["products"] == {}
    # Taking a like back teaches nothing; another author stays unknown.
    await social.unlike(state.db, fan.user, post["_id"], engagement=feed_store)
    after = await state.db[PROFILES].find_one({"_id": fan.user.id})
    assert after is not None and after["rev"] == 3 and other.user.id not in after["authors"]


async def test_quick_likes_from_one_shopper_all_count(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    fan = await make_account(state)
    posts = [await insert_post(state, author.user, f"#y2k look {i}") for i in range(6)]
    for post in posts:
        extract_post(db, current_taxonomy(state.settings), post["_id"])
    await asyncio.gather(
        *(social.like(state.db, fan.user, p["_id"], engagement=feed_store) for p in posts)
    )
    profile = await state.db[PROFILES].find_one({"_id": fan.user.id})
    assert profile is not None and profile["rev"] == 6


async def test_an_order_credited_to_a_post_teaches_its_buyer_once(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    buyer = await make_account(state)
    post = await insert_post(state, author.user, "cargo pants and a corset top")
    extract_post(db, current_taxonomy(state.settings), post["_id"])
    now = clock.now()

    def order(key: str, email: str | None) -> dict[str, object]:
        return {
            "_id": key,
            "at": now,
            "processed_at": now,
            "email_hash": email_hash(email) if email else None,
            "lines": [{"sku": "S1", "product_id": "prd_cargo", "quantity": 1}],
            "attribution": {"influencer_id": author.user.id, "post_id": post["_id"]},
        }

    await state.db.orders.insert_many(
        [
            order("ord_1", buyer.user.email),
            order("ord_stranger", "someone@example.org"),
            order("ord_anonymous", None),
            # The author buying through their own post teaches nothing about taste.
            order("ord_self", author.user.email),
        ]
    )
    with allow_join_result():
        first = count_orders.delay().get(timeout=20)
        second = count_orders.delay().get(timeout=20)
    assert first["counted"] == 4 and second["counted"] == 0
    profiles = await state.db[PROFILES].find({}).to_list()
    assert [p["_id"] for p in profiles] == [buyer.user.id]
    taste = profiles[0]
    assert taste["rev"] == 1  # learned once, though the order was seen twice
    assert taste["products"] == {"prd_cargo": 0.5}
    assert taste["authors"] == {author.user.id: 0.25}
    assert taste["weights"]["item/cargo-pants"] == 0.5


async def test_a_new_session_ranks_with_authors_and_products(state: AppState) -> None:
    db = sync_db(state)
    taxonomy = current_taxonomy(state.settings)
    authors = [await make_account(state) for _ in range(6)]
    favourite = await make_account(state, market="UK")
    shopper = await make_account(state)
    ids = []
    for i in range(18):
        post = await insert_post(state, authors[i % 6].user, f"#boho look {i}")
        extract_post(db, taxonomy, post["_id"])
        ids.append(post["_id"])
    # Another market: not a candidate for a US shopper until they favour its author.
    away = await insert_post(state, favourite.user, "#boho in London", market="UK")
    extract_post(db, taxonomy, away["_id"])
    # Everything seen enough not to be new (no exploration), the tagged post the oldest.
    await state.db[POST_ELEMENTS].update_many({}, {"$set": {"impressions": 500}})
    tagged = ids[0]
    await state.db.posts.update_one(
        {"_id": tagged}, {"$set": {"product_tags": [{"product_id": "prd_hat", "x": 0.5}]}}
    )
    settings = state.settings
    plain = await feed_store.shopper_ranking(
        state.db, settings, shopper.user.id, "US", session_id="s1"
    )
    assert away["_id"] not in plain
    now = clock.now()
    await state.db[PROFILES].insert_one(
        {
            "_id": shopper.user.id,
            "weights": {},
            "authors": {favourite.user.id: 0.6},
            "products": {"prd_hat": 0.8},
            "updated_at": now,
            "rev": 1,
        }
    )
    ranked = await feed_store.shopper_ranking(
        state.db, settings, shopper.user.id, "US", session_id="s1"
    )
    assert away["_id"] in ranked  # the FOR_YOU source
    assert plain.index(tagged) >= 10
    assert ranked.index(tagged) <= 1
