"""The social counters recounted: a post's likes, saves and comments and a person's followers are
corrected from the documents they count, only once two runs agree on the difference."""

from __future__ import annotations

import asyncio
from typing import Any

from celery.result import allow_join_result

from accounts.users import Role
from api.state import AppState
from core import clock
from core.ids import new_id
from core.mongo import SyncDB, sync_db
from core.reconcile import SETTLE
from core.reconcile_io import CounterFix
from feeds.tasks import recount_counters
from posts import counter_recount
from tests.api.helpers import make_account


def make_post(db: SyncDB, author_id: str, *, status: str = "PUBLISHED", **counts: int) -> str:
    post_id = new_id("post")
    db.posts.insert_one(
        {
            "_id": post_id,
            "author_id": author_id,
            "status": status,
            "like_count": counts.get("likes", 0),
            "save_count": counts.get("saves", 0),
            "comment_count": counts.get("comments", 0),
        }
    )
    return post_id


def mark(db: SyncDB, collection: str, post_id: str, user_id: str) -> None:
    db[collection].insert_one({"_id": f"{post_id}:{user_id}", "post_id": post_id})


def comment(db: SyncDB, post_id: str) -> None:
    db.comments.insert_one({"_id": new_id("cmt"), "post_id": post_id, "body": "Nice"})


def counters(db: SyncDB, post_id: str) -> tuple[int, int, int]:
    doc = db.posts.find_one({"_id": post_id})
    assert doc is not None
    return doc["like_count"], doc["save_count"], doc["comment_count"]


async def test_post_counters_that_drifted_are_corrected_on_the_second_run(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    # One like and one save really happened; the like was counted twice, and a comment made it
    # into the store without its count.
    drifted = make_post(db, "usr_a", likes=2, saves=1, comments=0)
    mark(db, "likes", drifted, "usr_b")
    mark(db, "saves", drifted, "usr_b")
    comment(db, drifted)
    healthy = make_post(db, "usr_a", likes=1)
    mark(db, "likes", healthy, "usr_c")
    gone = make_post(db, "usr_a", status="DELETED", likes=9)

    first = counter_recount.recount_posts(db, clock.now())
    assert (first.checked, first.differing, first.remembered, first.fixes) == (2, 1, 1, [])
    assert counters(db, drifted) == (2, 1, 0)

    frozen_clock.advance(SETTLE)
    second = counter_recount.recount_posts(db, clock.now())
    assert second.fixes == [
        CounterFix(
            "posts", drifted, None, (("like_count", -1), ("save_count", 0), ("comment_count", 1))
        )
    ]
    assert counters(db, drifted) == (1, 1, 1)
    assert counters(db, healthy) == (1, 0, 0)
    assert counters(db, gone) == (9, 0, 0)  # deleted posts are left as they were

    frozen_clock.advance(SETTLE)
    third = counter_recount.recount_posts(db, clock.now())
    assert (third.differing, third.fixes) == (0, [])


async def test_a_difference_that_does_not_last_is_never_corrected(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    post_id = make_post(db, "usr_a", likes=1)  # its like document is still being written
    first = counter_recount.recount_posts(db, clock.now())
    assert first.remembered == 1
    mark(db, "likes", post_id, "usr_b")

    frozen_clock.advance(SETTLE)
    second = counter_recount.recount_posts(db, clock.now())
    assert (second.differing, second.fixes) == (0, [])
    assert counters(db, post_id) == (1, 0, 0)


async def test_follower_counts_are_recounted_and_named(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    star = await make_account(state, Role.INFLUENCER, name="Lena Style")
    fans = [await make_account(state) for _ in range(2)]
    for fan in fans:
        db.follows.insert_one(
            {
                "_id": f"{fan.user.id}:{star.user.id}",
                "follower_id": fan.user.id,
                "followee_id": star.user.id,
            }
        )
        db.users.update_one({"_id": fan.user.id}, {"$inc": {"following_count": 1}})
    # Only one of the two follows reached the star's counter.
    db.users.update_one({"_id": star.user.id}, {"$inc": {"follower_count": 1}})

    counter_recount.recount_people(db, clock.now())
    frozen_clock.advance(SETTLE)
    fixed = counter_recount.recount_people(db, clock.now())
    assert fixed.fixes == [
        CounterFix(
            "people",
            star.user.id,
            "Lena Style",
            (("follower_count", 1), ("following_count", 0)),
        )
    ]
    doc = db.users.find_one({"_id": star.user.id})
    assert doc is not None and doc["follower_count"] == 2


def _run_task() -> dict[str, Any]:
    with allow_join_result():
        result: dict[str, Any] = recount_counters.delay().get(timeout=60)
    return result


async def test_the_celery_task_recounts_for_real(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    post_id = make_post(db, "usr_a", saves=3)
    first = await asyncio.to_thread(_run_task)
    assert (first["posts"]["remembered"], first["people"]["job"]) == (1, "people")
    frozen_clock.advance(SETTLE)
    second = await asyncio.to_thread(_run_task)
    assert [fix["subject"] for fix in second["posts"]["corrected"]] == [post_id]
    assert counters(db, post_id) == (0, 0, 0)
