"""Recounting the social counters: a post's likes, saves and comments, a person's followers.

Each counter moves with `$inc` right after the like, save, comment or follow document it counts
is written (`posts.social`); a process dying between the two leaves it one off. These jobs count
the documents themselves and correct what two runs agree on (`core.reconcile_io`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from core.mongo import SyncDB
from core.reconcile_io import Advance, RunSummary, reconcile_counters
from posts.lifecycle import PostStatus

POST_COUNTERS = ("like_count", "save_count", "comment_count")
PEOPLE_COUNTERS = ("follower_count", "following_count")


def _group_counts(db: SyncDB, collection: str, key: str) -> dict[str, int]:
    rows = db[collection].aggregate([{"$group": {"_id": f"${key}", "n": {"$sum": 1}}}])
    return {r["_id"]: int(r["n"]) for r in rows if r["_id"] is not None}


def count_post_marks(db: SyncDB) -> dict[str, tuple[int, int, int]]:
    """(likes, saves, comments) per post id, from the documents themselves."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for position, collection in enumerate(("likes", "saves", "comments")):
        for post_id, n in _group_counts(db, collection, "post_id").items():
            counts[post_id][position] = n
    return {post_id: (c[0], c[1], c[2]) for post_id, c in counts.items()}


def count_follows(db: SyncDB) -> dict[str, tuple[int, int]]:
    """(followers, following) per user id, from the follow documents."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for user_id, n in _group_counts(db, "follows", "followee_id").items():
        counts[user_id][0] = n
    for user_id, n in _group_counts(db, "follows", "follower_id").items():
        counts[user_id][1] = n
    return {user_id: (c[0], c[1]) for user_id, c in counts.items()}


def recount_posts(db: SyncDB, now: datetime, advance: Advance | None = None) -> RunSummary:
    """Every live post's like, save and comment counters against its documents."""
    return reconcile_counters(
        db,
        "posts",
        "posts",
        POST_COUNTERS,
        lambda: count_post_marks(db),
        now,
        advance,
        query={"status": {"$ne": PostStatus.DELETED.value}},
    )


def recount_people(db: SyncDB, now: datetime, advance: Advance | None = None) -> RunSummary:
    """Every account's follower and following counters against the follow documents."""
    return reconcile_counters(
        db,
        "people",
        "users",
        PEOPLE_COUNTERS,
        lambda: count_follows(db),
        now,
        advance,
        label_field="display_name",
    )
