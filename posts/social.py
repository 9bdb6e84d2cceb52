"""What people do around a post: likes, saves, comments, follows, reports, and moderation.

Idempotent without transactions: a like, save, follow or report is one document whose `_id` is
"<thing>:<who>", so doing it twice hits the unique `_id` and changes nothing; the counter on the
post (or user) moves with `$inc` only when that insert (or delete) really happened. A crash
between the two can leave a counter one off, never a duplicate like.

Reports queue a post for an admin, each weighted by its reporter's standing (`posts.report_trust`):
only when the open reports meet the hiding rule (weighted sum, reporters with standing, distinct
networks) is the post HIDDEN until an admin decides, so a brigade of fresh accounts only queues
it. An admin's decision upholds or rejects the reports, and the reporters' records follow.
Someone who reported a post before an admin approved it cannot report it again, so approval is
not undone by the same reports.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from pymongo import ReturnDocument

from accounts import records
from accounts.users import User
from core import clock, text_policy
from core.errors import Forbidden, NotFound, UserError
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page
from core.settings import Settings
from posts.error_codes import PostErrorCode
from posts.lifecycle import Post, PostStatus, check_post_id, get_visible, is_staff
from posts.report_trust import (
    ReporterRecord,
    Tally,
    TrustRules,
    WeighedReport,
    network_of,
    reporter_weight,
    tally,
)

COMMENT_MAX = 1000
REPORT_DETAILS_MAX = 500


class ReportReason(StrEnum):
    SPAM = "SPAM"
    NUDITY = "NUDITY"
    HARASSMENT = "HARASSMENT"
    VIOLENCE = "VIOLENCE"
    INTELLECTUAL_PROPERTY = "INTELLECTUAL_PROPERTY"
    FAKE_PRODUCT = "FAKE_PRODUCT"
    OTHER = "OTHER"


class Decision(StrEnum):
    APPROVE = "APPROVE"
    HIDE = "HIDE"
    REMOVE = "REMOVE"


_DECIDED_STATUS = {
    Decision.APPROVE: PostStatus.PUBLISHED,
    Decision.HIDE: PostStatus.HIDDEN,
    Decision.REMOVE: PostStatus.REMOVED,
}
_MODERATABLE = (PostStatus.PUBLISHED, PostStatus.HIDDEN, PostStatus.REMOVED)


class Engagement(Protocol):
    """Where a like, save or comment counts beyond the post itself: `feeds.feed_store` counts
    it on the post's elements and learns the shopper's taste from it. Handed in by the caller
    because the feeds sit above posts."""

    async def record_mark(
        self, db: AsyncDB, user_id: str, post_id: str, collection: str, step: int
    ) -> None: ...

    async def record_comment(
        self, db: AsyncDB, user_id: str, post_id: str, body: str, step: int = 1
    ) -> None: ...


async def _published(db: AsyncDB, user: User, post_id: str) -> Post:
    post = await get_visible(db, user, post_id)
    if post.status is not PostStatus.PUBLISHED:
        raise UserError(
            PostErrorCode.INVALID_STATE,
            f"This post is {post.status.lower()}; it can't take that.",
            "id",
        )
    return post


async def _mark(
    db: AsyncDB,
    collection: str,
    counter: str,
    user: User,
    post_id: str,
    on: bool,
    engagement: Engagement,
) -> Post:
    """Like/unlike and save/unsave: one keyed document, a counter moved only on a real change."""
    if on:
        await _published(db, user, post_id)
    else:
        await get_visible(db, user, post_id)
    key = f"{post_id}:{user.id}"
    changed = False
    if on:
        try:
            await db[collection].insert_one(
                {"_id": key, "post_id": post_id, "user_id": user.id, "created_at": clock.now()}
            )
            changed = True
        except Exception as exc:
            if not is_duplicate(exc):
                raise
    else:
        changed = (await db[collection].delete_one({"_id": key})).deleted_count == 1
    if not changed:
        return await get_visible(db, user, post_id)
    doc = await db.posts.find_one_and_update(
        {"_id": post_id},
        {"$inc": {counter: 1 if on else -1}},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("Post")
    # The post's elements count it too, and a like or save teaches the shopper's feed.
    await engagement.record_mark(db, user.id, post_id, collection, 1 if on else -1)
    return Post.from_doc(doc)


async def like(db: AsyncDB, user: User, post_id: str, *, engagement: Engagement) -> Post:
    return await _mark(db, "likes", "like_count", user, post_id, True, engagement)


async def unlike(db: AsyncDB, user: User, post_id: str, *, engagement: Engagement) -> Post:
    return await _mark(db, "likes", "like_count", user, post_id, False, engagement)


async def save(db: AsyncDB, user: User, post_id: str, *, engagement: Engagement) -> Post:
    return await _mark(db, "saves", "save_count", user, post_id, True, engagement)


async def unsave(db: AsyncDB, user: User, post_id: str, *, engagement: Engagement) -> Post:
    return await _mark(db, "saves", "save_count", user, post_id, False, engagement)


# --- comments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    id: str
    post_id: str
    author_id: str
    body: str
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Comment:
        return cls(
            id=doc["_id"],
            post_id=doc["post_id"],
            author_id=doc["author_id"],
            body=doc["body"],
            created_at=clock.as_utc(doc["created_at"]),
        )


async def list_comments(
    db: AsyncDB, post_id: str, *, first: int, after: str | None, maximum: int
) -> Page[Comment]:
    """A post's comments, oldest first."""
    return await keyset_page(
        db.comments,
        {"post_id": post_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=Comment.from_doc,
        descending=False,
    )


async def comment(
    db: AsyncDB, user: User, post_id: str, body: str, *, engagement: Engagement
) -> tuple[Comment, Post]:
    """A new comment and the post with its count moved on."""
    check_post_id(post_id, "postId")
    text, refused = text_policy.clean(
        body, "The comment", code=PostErrorCode.INVISIBLE_CHARACTERS, field="body", multiline=True
    )
    if not text:
        raise UserError(PostErrorCode.REQUIRED, "Write something first.", "body")
    if refused is not None:
        raise refused
    if len(text) > COMMENT_MAX:
        raise UserError(
            PostErrorCode.TOO_LONG, f"Keep comments to {COMMENT_MAX:,} characters.", "body"
        )
    try:
        await _published(db, user, post_id)
    except UserError as exc:
        exc.field = "postId" if exc.field == "id" else exc.field
        raise
    doc = {
        "_id": new_id("cmt"),
        "post_id": post_id,
        "author_id": user.id,
        "body": text,
        "created_at": clock.now(),
    }
    await db.comments.insert_one(doc)
    post = await db.posts.find_one_and_update(
        {"_id": post_id}, {"$inc": {"comment_count": 1}}, return_document=ReturnDocument.AFTER
    )
    if post is None:
        raise NotFound("Post", "postId")
    await engagement.record_comment(db, user.id, post_id, text)
    return Comment.from_doc(doc), Post.from_doc(post)


async def delete_comment(
    db: AsyncDB, user: User, comment_id: str, *, engagement: Engagement
) -> Post | None:
    """Delete a comment (its author, the post's author or an admin); the post after, or None
    when the post itself is gone. Deleting twice is a NotFound, and counts down once."""
    comment = (
        await db.comments.find_one({"_id": comment_id}) if is_valid_id(comment_id, "cmt") else None
    )
    if comment is None:
        raise NotFound("Comment")
    post = await db.posts.find_one({"_id": comment["post_id"]}, {"author_id": 1})
    allowed = {comment["author_id"], post["author_id"] if post else None}
    if user.id not in allowed and not is_staff(user):
        raise Forbidden("Only its author, the post's author or an admin can delete a comment.")
    if (await db.comments.delete_one({"_id": comment_id})).deleted_count != 1:
        raise NotFound("Comment")  # a concurrent delete got there first and counted it
    updated = await db.posts.find_one_and_update(
        {"_id": comment["post_id"]},
        {"$inc": {"comment_count": -1}},
        return_document=ReturnDocument.AFTER,
    )
    await engagement.record_comment(
        db, comment["author_id"], comment["post_id"], comment["body"], step=-1
    )
    return Post.from_doc(updated) if updated is not None else None


# --- follows -------------------------------------------------------------------------------


async def _present(db: AsyncDB, collection: str, keys: Sequence[str]) -> set[str]:
    docs = await db[collection].find({"_id": {"$in": sorted(set(keys))}}, {"_id": 1}).to_list()
    return {doc["_id"] for doc in docs}


async def liked_among(db: AsyncDB, viewer_id: str, post_ids: Sequence[str]) -> set[str]:
    """The posts among `post_ids` the viewer likes."""
    found = await _present(db, "likes", [f"{p}:{viewer_id}" for p in post_ids])
    return {p for p in post_ids if f"{p}:{viewer_id}" in found}


async def saved_among(db: AsyncDB, viewer_id: str, post_ids: Sequence[str]) -> set[str]:
    """The posts among `post_ids` the viewer has saved."""
    found = await _present(db, "saves", [f"{p}:{viewer_id}" for p in post_ids])
    return {p for p in post_ids if f"{p}:{viewer_id}" in found}


async def followed_among(db: AsyncDB, viewer_id: str, user_ids: Sequence[str]) -> set[str]:
    """The people among `user_ids` the viewer follows."""
    found = await _present(db, "follows", [f"{viewer_id}:{u}" for u in user_ids])
    return {u for u in user_ids if f"{viewer_id}:{u}" in found}


@dataclass(frozen=True)
class FollowState:
    user_id: str
    following: bool
    follower_count: int


async def set_following(db: AsyncDB, user: User, target_id: str, on: bool) -> FollowState:
    if not is_valid_id(target_id, "usr"):
        raise UserError(PostErrorCode.INVALID_ID, "That is not a user id.", "userId")
    if target_id == user.id:
        raise UserError(PostErrorCode.INVALID, "You can't follow yourself.", "userId")
    if await db.users.find_one({"_id": target_id}, {"_id": 1}) is None:
        raise NotFound("User", "userId")
    key = f"{user.id}:{target_id}"
    changed = False
    if on:
        try:
            await db.follows.insert_one(
                {
                    "_id": key,
                    "follower_id": user.id,
                    "followee_id": target_id,
                    "created_at": clock.now(),
                }
            )
            changed = True
        except Exception as exc:
            if not is_duplicate(exc):
                raise
    else:
        changed = (await db.follows.delete_one({"_id": key})).deleted_count == 1
    step = 1 if on else -1
    if changed:
        count = await records.move_follow_counts(db, user.id, target_id, step)
    else:
        count = await records.follower_count(db, target_id)
    return FollowState(user_id=target_id, following=on, follower_count=count)


async def followers_page(
    db: AsyncDB, user_id: str, *, first: int, after: str | None, maximum: int
) -> Page[str]:
    """The ids of the people who follow `user_id`, the latest follow first."""
    return await keyset_page(
        db.follows,
        {"followee_id": user_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=lambda doc: str(doc["follower_id"]),
        sort_field="created_at",
    )


async def following_page(
    db: AsyncDB, user_id: str, *, first: int, after: str | None, maximum: int
) -> Page[str]:
    """The ids of the people `user_id` follows, the latest follow first."""
    return await keyset_page(
        db.follows,
        {"follower_id": user_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=lambda doc: str(doc["followee_id"]),
        sort_field="created_at",
    )


async def published_counts(db: AsyncDB, author_ids: Sequence[str]) -> dict[str, int]:
    """How many published posts each of `author_ids` has (what anyone may see on a profile),
    in one query for them all; authors with none are left out."""
    rows = await (
        await db.posts.aggregate(
            [
                {
                    "$match": {
                        "author_id": {"$in": sorted(set(author_ids))},
                        "status": PostStatus.PUBLISHED.value,
                    }
                },
                {"$group": {"_id": "$author_id", "n": {"$sum": 1}}},
            ]
        )
    ).to_list()
    return {str(row["_id"]): int(row["n"]) for row in rows}


# --- reports and moderation ----------------------------------------------------------------

# Activity past this many posts or likes hardly moves a weight; counting stops there.
ACTIVITY_COUNT_CAP = 200


@dataclass(frozen=True)
class OpenReport:
    """A report waiting for a moderator, with the weight and network it was filed with."""

    post_id: str
    reporter_id: str
    reason: ReportReason
    details: str
    weight: float
    network: str | None
    staff: bool
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> OpenReport:
        return cls(
            post_id=doc["post_id"],
            reporter_id=doc["reporter_id"],
            reason=ReportReason(doc["reason"]),
            details=doc.get("details") or "",
            # Reports filed before weights were kept count for nothing towards hiding.
            weight=float(doc.get("weight") or 0.0),
            network=doc.get("network"),
            staff=bool(doc.get("staff")),
            created_at=clock.as_utc(doc["created_at"]),
        )

    def weighed(self) -> WeighedReport:
        return WeighedReport(self.reporter_id, self.weight, self.network, self.staff)


async def open_reports(db: AsyncDB, post_ids: Sequence[str]) -> dict[str, list[OpenReport]]:
    """The open reports on each of `post_ids`, heaviest first (one query for them all)."""
    found: dict[str, list[OpenReport]] = {post_id: [] for post_id in post_ids}
    docs = await db.post_reports.find(
        {"post_id": {"$in": sorted(set(post_ids))}, "status": "OPEN"}
    ).to_list()
    for doc in docs:
        found.setdefault(doc["post_id"], []).append(OpenReport.from_doc(doc))
    for reports in found.values():
        reports.sort(key=lambda r: (-r.weight, r.created_at, r.reporter_id))
    return found


def report_tally(settings: Settings, reports: Sequence[OpenReport]) -> Tally:
    """A post's open reports against the hiding rule of `settings`."""
    return tally([r.weighed() for r in reports], TrustRules.from_settings(settings))


async def _reporter_record(db: AsyncDB, user: User) -> ReporterRecord:
    """What the reporter's weight is made of, read now: counters kept on the account, and the
    activity counted from indexed collections (capped, so a busy account costs no more)."""
    account, posts_count, likes_count = await asyncio.gather(
        db.users.find_one({"_id": user.id}, {"report_upheld_count": 1, "report_rejected_count": 1}),
        db.posts.count_documents(
            {"author_id": user.id, "status": PostStatus.PUBLISHED.value},
            limit=ACTIVITY_COUNT_CAP,
        ),
        db.likes.count_documents({"user_id": user.id}, limit=ACTIVITY_COUNT_CAP),
    )
    return ReporterRecord(
        created_at=user.created_at,
        published_posts=posts_count,
        likes_given=likes_count,
        reports_upheld=int((account or {}).get("report_upheld_count", 0)),
        reports_rejected=int((account or {}).get("report_rejected_count", 0)),
    )


async def report(
    db: AsyncDB,
    settings: Settings,
    user: User,
    post_id: str,
    reason: ReportReason,
    details: str | None = None,
    *,
    client_ip: str | None = None,
) -> bool:
    """File a report; True when it is new (a second report by the same person is a no-op).

    The report keeps the reporter's weight and network as they are now (`posts.report_trust`);
    the post is hidden only when its open reports meet the hiding rule, else it waits in the
    moderation queue. `client_ip` is the address the request came from (None: unknown, and the
    report then counts towards no network)."""
    text = (details or "").strip()
    if len(text) > REPORT_DETAILS_MAX:
        raise UserError(
            PostErrorCode.TOO_LONG,
            f"Keep the details to {REPORT_DETAILS_MAX} characters.",
            "details",
        )
    post = await _published(db, user, post_id)
    if post.author_id == user.id:
        raise UserError(PostErrorCode.INVALID, "You can't report your own post.", "id")
    now = clock.now()
    weight = reporter_weight(
        await _reporter_record(db, user), now, TrustRules.from_settings(settings)
    )
    try:
        await db.post_reports.insert_one(
            {
                "_id": f"{post_id}:{user.id}",
                "post_id": post_id,
                "reporter_id": user.id,
                "reason": reason.value,
                "details": text,
                "status": "OPEN",
                "weight": weight,
                "network": network_of(client_ip),
                "staff": is_staff(user),
                "created_at": now,
            }
        )
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    await db.posts.update_one(
        {"_id": post_id},
        {
            "$inc": {"open_report_count": 1, "open_report_weight": weight},
            "$set": {"needs_review": True},
            "$addToSet": {"review_reasons": "REPORTED"},
        },
    )
    # Decided from the stored reports, not from counters, so concurrent reports agree.
    current = report_tally(settings, (await open_reports(db, [post_id]))[post_id])
    if current.hides:
        await db.posts.update_one(
            {"_id": post_id, "status": PostStatus.PUBLISHED.value},
            {
                "$set": {
                    "status": PostStatus.HIDDEN.value,
                    "hidden_by": "REPORTS",
                    "hidden_at": now,
                }
            },
        )
    return True


async def moderate(
    db: AsyncDB, admin: User, post_id: str, decision: Decision, note: str | None = None
) -> Post:
    """Decide a post. Its open reports are closed by the decision: APPROVE rejects them, HIDE
    and REMOVE uphold them, and each reporter's count of upheld or rejected reports moves once
    (the weight of their next report follows it)."""
    if not is_staff(admin):
        raise Forbidden("Only an admin can moderate posts.")
    check_post_id(post_id)
    post = await db.posts.find_one({"_id": post_id})
    if post is None:
        raise NotFound("Post")
    if post["status"] not in _MODERATABLE:
        raise UserError(
            PostErrorCode.INVALID_STATE,
            f"A {post['status'].lower()} post has nothing to moderate.",
            "id",
        )
    now = clock.now()
    decision_id = new_id("mod")
    entry: dict[str, Any] = {
        "id": decision_id,
        "decision": decision.value,
        "admin_id": admin.id,
        "note": (note or "").strip()[:REPORT_DETAILS_MAX],
        "at": now,
        "from_status": post["status"],
    }
    updated = await db.posts.find_one_and_update(
        {"_id": post_id, "status": post["status"]},
        {
            "$set": {
                "status": _DECIDED_STATUS[decision].value,
                "needs_review": False,
                "review_reasons": [],
                "open_report_count": 0,
                "open_report_weight": 0.0,
                "hidden_by": "MODERATOR" if decision is Decision.HIDE else None,
                "moderated_at": now,
                "updated_at": now,
            },
            "$push": {"moderation_log": entry},
        },
        return_document=ReturnDocument.AFTER,
    )
    if updated is None:
        raise UserError(
            PostErrorCode.CONFLICT, "The post changed meanwhile; reload it and decide again.", "id"
        )
    upheld = decision is not Decision.APPROVE
    await db.post_reports.update_many(
        {"post_id": post_id, "status": "OPEN"},
        {
            "$set": {
                "status": "RESOLVED",
                "resolution": decision.value,
                "upheld": upheld,
                "decision_id": decision_id,
                "resolved_at": now,
            }
        },
    )
    # Only the reports this decision closed: a concurrent decision counts its own.
    closed = await db.post_reports.find(
        {"post_id": post_id, "decision_id": decision_id}, {"reporter_id": 1}
    ).to_list()
    await records.count_report_outcomes(db, [d["reporter_id"] for d in closed], upheld)
    return Post.from_doc(updated)
