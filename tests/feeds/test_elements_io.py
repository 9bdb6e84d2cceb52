"""Element extraction against the real stores: it runs when a post is published, and the
per (element, market, day) aggregates stay exact under redelivery, edits, engagement, orders,
taxonomy changes and half-finished runs."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from celery.result import allow_join_result

from accounts.users import Role
from api.state import AppState
from core import clock
from core.ids import new_id
from feeds import elements_store, feed_store
from feeds.elements_store import ELEMENT_DAYS, POST_ELEMENTS, PostFacts
from feeds.extract import Extraction, Occurrence, Source
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.tasks import catch_up, count_orders, extract_post_task, reextract_task
from feeds.taxonomy import DEFAULT_PATH
from posts import social
from posts.lifecycle import PostStatus
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.feeds.feeds_world import assert_exact, insert_post, sync_db, wait_until

pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")


async def test_extraction_runs_when_a_post_is_published(
    client: httpx.AsyncClient, state: AppState
) -> None:
    author = await make_account(state, market="UK")
    doc = await published_post(
        client, state, author.token, seed=3, caption="Sunday: gingham wide leg jeans #y2k"
    )

    async def entry() -> dict[str, object] | None:
        # The entry is stored with its aggregate change pending, then the change is applied:
        # wait for both, as the worker may be between the two.
        found = await state.db[POST_ELEMENTS].find_one({"_id": doc["_id"]})
        return found if found is not None and not found.get("pending") else None

    found = await wait_until(entry)
    ids = set(found["element_ids"])
    assert {"pattern/gingham", "silhouette/wide-leg", "item/jeans", "style/y2k"} <= ids
    assert "material/denim" in ids  # jeans imply denim
    assert found["taxonomy_version"] == current_taxonomy(state.settings).version
    assert found["market"] == "UK" and found["active"] is True
    by_id = {o["element_id"]: o for o in found["occurrences"]}
    assert by_id["style/y2k"]["source"] == "HASHTAG"
    assert by_id["pattern/gingham"]["source"] == "CAPTION"
    day = elements_store.market_day("UK", doc["published_at"]).isoformat()
    gingham = await state.db[ELEMENT_DAYS].find_one({"_id": f"pattern/gingham|UK|{day}"})
    assert gingham is not None
    assert gingham["posts"] == 1 and gingham["by_author"] == {author.user.id: 1}
    assert_exact(sync_db(state))


async def test_redelivery_edits_and_engagement_keep_the_aggregates_exact(state: AppState) -> None:
    db = sync_db(state)
    taxonomy = current_taxonomy(state.settings)
    author = await make_account(state)
    fans = [await make_account(state) for _ in range(3)]
    post = await insert_post(state, author.user, "Leopard midi skirt, so good #leopard")
    other = await insert_post(state, author.user, "leopard again")

    first = extract_post(db, taxonomy, post["_id"])
    assert first.status == "RECORDED" and "pattern/leopard" in first.elements
    assert extract_post(db, taxonomy, post["_id"]).status == "UNCHANGED"  # a redelivery
    extract_post(db, taxonomy, other["_id"])
    assert_exact(db)

    for fan in fans:
        await social.like(state.db, fan.user, post["_id"], engagement=feed_store)
        await social.like(
            state.db, fan.user, post["_id"], engagement=feed_store
        )  # a double tap counts once
    await social.save(state.db, fans[0].user, post["_id"], engagement=feed_store)
    await social.comment(
        state.db, fans[1].user, post["_id"], "Love this, gorgeous!", engagement=feed_store
    )
    await social.unlike(state.db, fans[2].user, post["_id"], engagement=feed_store)
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None
    assert entry["counted"]["likes"] == 2 and entry["counted"]["saves"] == 1
    assert entry["counted"]["comments"] == 1 and entry["counted"]["sentiment_sum"] > 0.5
    assert_exact(db)

    # An edit that swaps the pattern moves the post, and everything it gathered, across.
    await state.db.posts.update_one(
        {"_id": post["_id"]},
        {"$set": {"caption": "Gingham midi skirt", "hashtags": ["gingham"]}},
    )
    with allow_join_result():
        result = extract_post_task.delay(post["_id"]).get(timeout=20)
    assert result["status"] == "RECORDED"
    assert "pattern/gingham" in result["elements"] and "pattern/leopard" not in result["elements"]
    day = elements_store.market_day("US", post["published_at"]).isoformat()
    leopard = await state.db[ELEMENT_DAYS].find_one({"_id": f"pattern/leopard|US|{day}"})
    gingham = await state.db[ELEMENT_DAYS].find_one({"_id": f"pattern/gingham|US|{day}"})
    assert leopard is not None and gingham is not None
    assert leopard["posts"] == 1 and leopard.get("likes", 0) == 0  # only `other` is left
    assert gingham["posts"] == 1 and gingham["likes"] == 2 and gingham["comments"] == 1
    assert_exact(db)

    # Deleting the post takes it out of every aggregate.
    await state.db.posts.update_one(
        {"_id": post["_id"]}, {"$set": {"status": PostStatus.DELETED.value}}
    )
    assert extract_post(db, taxonomy, post["_id"]).status == "RECORDED"
    gingham = await state.db[ELEMENT_DAYS].find_one({"_id": f"pattern/gingham|US|{day}"})
    assert gingham is not None and gingham["posts"] == 0 and gingham["likes"] == 0
    assert_exact(db)


async def test_a_difference_left_half_applied_is_finished_exactly_once(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    published = clock.now()
    facts = PostFacts(new_id("post"), author.user.id, "FR", published, True, likes=4)
    extraction = Extraction(
        "tx-test",
        tuple(
            Occurrence(e, Source.CAPTION, 0.7, frozenset({Source.CAPTION}))
            for e in ("pattern/stripes", "colour/navy", "item/blazer")
        ),
    )
    entry = elements_store.entry_for(facts, extraction)
    ops = elements_store.difference({}, elements_store.contributions(entry))
    # A run that stored its difference and died after applying part of it.
    pending = {"id": f"{facts.post_id}:1", "ops": ops, "at": published - timedelta(minutes=5)}
    db[POST_ELEMENTS].insert_one({"_id": facts.post_id, **entry, "rev": 1, "pending": pending})
    elements_store.apply_difference(db, pending["id"], ops[:1])
    # Its redelivery and the sweep both finish it; nothing is counted twice.
    assert elements_store.record_extraction(db, facts, extraction).changed is False
    assert elements_store.sweep_pending(db, timedelta(seconds=30)) == 0
    elements_store.apply_difference(db, pending["id"], ops)
    assert_exact(db)
    stripes = db[ELEMENT_DAYS].find_one({"element_id": "pattern/stripes"})
    assert stripes is not None and stripes["posts"] == 1 and stripes["likes"] == 4


async def test_orders_attributed_to_a_post_count_once_on_its_elements(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    post = await insert_post(state, author.user, "cargo pants and a corset top")
    extract_post(db, current_taxonomy(state.settings), post["_id"])
    now = clock.now()
    orders = [
        {
            "_id": f"ord_{i}",
            "at": now,
            "processed_at": now,
            "attribution": {"influencer_id": author.user.id, "post_id": post["_id"]},
        }
        for i in range(3)
    ]
    orders.append({"_id": "ord_x", "at": now, "processed_at": now, "attribution": None})
    await state.db.orders.insert_many(orders)
    with allow_join_result():
        first = count_orders.delay().get(timeout=20)
        second = count_orders.delay().get(timeout=20)
    assert first["counted"] == 3 and second["counted"] == 0
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None and entry["counted"]["orders"] == 3
    cargo = await state.db[ELEMENT_DAYS].find_one({"element_id": "item/cargo-pants"})
    assert cargo is not None and cargo["orders"] == 3
    assert_exact(db)


async def test_a_taxonomy_change_is_re_extracted_over_history(
    state: AppState, tmp_path: Path
) -> None:
    db = sync_db(state)
    author = await make_account(state)
    fan = await make_account(state, Role.SHOPPER)
    old = current_taxonomy(state.settings)
    posts = [
        await insert_post(state, author.user, caption)
        for caption in (
            "moonwalk core and a denim jacket",
            "plain tee",
            "another moonwalk core fit",
        )
    ]
    for post in posts:
        extract_post(db, old, post["_id"])
    await social.like(state.db, fan.user, posts[0]["_id"], engagement=feed_store)
    assert await state.db[ELEMENT_DAYS].find_one({"element_id": "style/moonwalk-core"}) is None

    edited = tmp_path / "taxonomy.toml"
    shutil.copy(DEFAULT_PATH, edited)
    with edited.open("a") as file:
        file.write(
            '\n[style.moonwalk-core]\nname = "Moonwalk core"\nen = ["moonwalk core"]\n'
            'zh = ["月球漫步风"]\n'
        )
    state.settings.taxonomy_file = edited
    try:
        new = current_taxonomy(state.settings)
        assert new.version != old.version
        with allow_join_result():
            reextract_task.delay().get(timeout=20)

        async def finished() -> bool:
            progress = await feed_store_progress(state)
            return progress is not None and progress.state == "DONE"

        await wait_until(finished, timeout=30)
        entries = await state.db[POST_ELEMENTS].find({}).to_list()
        assert {e["taxonomy_version"] for e in entries} == {new.version}
        moonwalk = await state.db[ELEMENT_DAYS].find_one({"element_id": "style/moonwalk-core"})
        assert moonwalk is not None and moonwalk["posts"] == 2 and moonwalk["likes"] == 1
        assert_exact(db)
    finally:
        state.settings.taxonomy_file = None


async def feed_store_progress(state: AppState) -> object:
    from feeds import reextract

    return await reextract.progress(state.redis, state.settings)


async def test_comment_sentiment_and_affinity_follow_engagement(state: AppState) -> None:
    db = sync_db(state)
    author = await make_account(state)
    fan = await make_account(state)
    post = await insert_post(state, author.user, "#balletcore pink satin")
    extract_post(db, current_taxonomy(state.settings), post["_id"])
    await social.like(state.db, fan.user, post["_id"], engagement=feed_store)
    await social.comment(
        state.db, fan.user, post["_id"], "This is awful and ugly.", engagement=feed_store
    )
    profile = await state.db[feed_store.PROFILES].find_one({"_id": fan.user.id})
    assert profile is not None
    assert profile["weights"]["style/balletcore"] > 0.2
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None and entry["counted"]["sentiment_sum"] < -0.3
    assert_exact(db)


async def test_posts_published_without_a_hand_over_are_caught_up(state: AppState) -> None:
    author = await make_account(state)
    post = await insert_post(state, author.user, "#cottagecore picnic")
    # Published by another path (a bulk import, a seeding script): never handed over.
    await state.db.posts.update_one({"_id": post["_id"]}, {"$unset": {"next_stage_queued_at": 1}})
    with allow_join_result():
        catch_up.delay().get(timeout=30)  # (or the periodic run got there first)
        again = catch_up.delay().get(timeout=30)
    assert again == 0
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None and "style/cottagecore" in entry["element_ids"]
    marked = await state.db.posts.find_one({"_id": post["_id"]})
    assert marked is not None and marked["next_stage_queued_at"] is not None
