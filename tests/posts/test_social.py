"""Likes, saves, comments, follows, reports and moderation against the real store: idempotent,
counted once, and visible only to whom they should be."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from accounts.users import Role, User
from api.state import AppState
from core import clock
from core.errors import UserError
from core.ids import new_id
from core.mongo import Document
from feeds import feed_store
from posts import lifecycle as posts
from posts import social
from posts.lifecycle import PostDraft, PostStatus, new_post_doc
from posts.social import Decision, ReportReason
from tests.api.helpers import make_account


async def _post(
    state: AppState, author: User, status: PostStatus = PostStatus.PUBLISHED
) -> Document:
    """A post document in a given state; the image pipeline is not what these tests are about."""
    doc = new_post_doc(new_id("post"), author, PostDraft("fit #ootd", ["ootd"], [], "US"), [])
    doc["status"] = status.value
    await state.db.posts.insert_one(doc)
    return doc


async def _user(state: AppState, role: Role = Role.SHOPPER) -> User:
    return (await make_account(state, role)).user


async def test_like_and_save_are_idempotent(state: AppState) -> None:
    author, fan = await _user(state), await _user(state)
    post = await _post(state, author)
    for _ in range(2):
        liked = await social.like(state.db, fan, post["_id"], engagement=feed_store)
    assert liked.like_count == 1
    assert await state.db.likes.count_documents({"post_id": post["_id"]}) == 1
    # Concurrent double taps still count one like.
    await asyncio.gather(
        *(social.save(state.db, fan, post["_id"], engagement=feed_store) for _ in range(5))
    )
    saved = await state.db.posts.find_one({"_id": post["_id"]})
    assert saved is not None and saved["save_count"] == 1
    for _ in range(2):
        unliked = await social.unlike(state.db, fan, post["_id"], engagement=feed_store)
    assert unliked.like_count == 0
    for _ in range(2):
        unsaved = await social.unsave(state.db, fan, post["_id"], engagement=feed_store)
        assert unsaved.save_count == 0


async def test_only_published_visible_posts_take_likes(state: AppState) -> None:
    author, fan = await _user(state), await _user(state)
    processing = await _post(state, author, PostStatus.PROCESSING)
    hidden = await _post(state, author, PostStatus.HIDDEN)
    with pytest.raises(UserError) as not_found:
        await social.like(state.db, fan, hidden["_id"], engagement=feed_store)
    assert not_found.value.code == "NOT_FOUND"  # others can't tell a hidden post exists
    with pytest.raises(UserError) as own_processing:
        await social.like(state.db, author, processing["_id"], engagement=feed_store)
    assert own_processing.value.code == "INVALID_STATE"


async def test_comments_count_and_validate(state: AppState) -> None:
    author, fan = await _user(state), await _user(state)
    post = await _post(state, author)
    comment, updated = await social.comment(
        state.db, fan, post["_id"], "  love the jacket  ", engagement=feed_store
    )
    assert comment.body == "love the jacket" and updated.comment_count == 1
    for body, code in (("   ", "REQUIRED"), ("x" * 1001, "TOO_LONG")):
        with pytest.raises(UserError) as refused:
            await social.comment(state.db, fan, post["_id"], body, engagement=feed_store)
        assert (refused.value.field, refused.value.code) == ("body", code)
    with pytest.raises(UserError) as bad_id:
        await social.comment(state.db, fan, "nope", "hi", engagement=feed_store)
    assert (bad_id.value.field, bad_id.value.code) == ("postId", "INVALID_ID")


async def test_follow_is_idempotent_and_counted(state: AppState) -> None:
    fan, star = await _user(state), await _user(state)
    for _ in range(2):
        followed = await social.set_following(state.db, fan, star.id, True)
    assert followed.following and followed.follower_count == 1
    me = await state.db.users.find_one({"_id": fan.id})
    assert me is not None and me["following_count"] == 1
    for _ in range(2):
        unfollowed = await social.set_following(state.db, fan, star.id, False)
    assert not unfollowed.following and unfollowed.follower_count == 0
    with pytest.raises(UserError) as self_follow:
        await social.set_following(state.db, fan, fan.id, True)
    assert self_follow.value.field == "userId"
    with pytest.raises(UserError) as missing:
        await social.set_following(state.db, fan, new_id("usr"), True)
    assert missing.value.code == "NOT_FOUND"


async def _with_standing(state: AppState, frozen: clock.FrozenClock) -> list[User]:
    """Shoppers with standing: each posted and liked, and their accounts are 45 days old."""
    others = [await _post(state, await _user(state)) for _ in range(12)]
    reporters = []
    for _ in range(state.settings.report_hide_threshold):
        reporter = await _user(state)
        for _ in range(4):
            await _post(state, reporter)
        for other in others:
            await social.like(state.db, reporter, other["_id"], engagement=feed_store)
        reporters.append(reporter)
    frozen.advance(timedelta(days=45))
    return reporters


async def test_reporters_with_standing_hide_a_post_until_an_admin_decides(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    author, admin = await _user(state), await _user(state, Role.ADMIN)
    reporters = await _with_standing(state, frozen_clock)
    networks = iter(["198.51.100.7", "192.0.2.7", "2001:db8:9::7", "203.0.113.7"])
    post = await _post(state, author)

    async def report(reporter: User, reason: ReportReason = ReportReason.SPAM) -> bool:
        return await social.report(
            state.db, state.settings, reporter, post["_id"], reason, client_ip=next(networks)
        )

    with pytest.raises(UserError):
        await social.report(state.db, state.settings, author, post["_id"], ReportReason.SPAM)
    first = reporters[0]
    assert await report(first)
    # The same person again does not count twice.
    assert not await report(first)
    queued = await state.db.posts.find_one({"_id": post["_id"]})
    assert queued is not None and queued["needs_review"] and queued["open_report_count"] == 1
    assert queued["status"] == "PUBLISHED"
    filed = await state.db.post_reports.find_one({"reporter_id": first.id})
    assert filed is not None and filed["network"] == "198.51.100.0/24" and filed["weight"] > 0.7

    for reporter in reporters[1:]:
        await report(reporter, ReportReason.NUDITY)
    hidden = await state.db.posts.find_one({"_id": post["_id"]})
    assert hidden is not None and hidden["status"] == "HIDDEN"
    assert await posts.find_visible(state.db, reporters[0], post["_id"]) is None
    assert (await posts.find_visible(state.db, author, post["_id"])) is not None

    approved = await social.moderate(state.db, admin, post["_id"], Decision.APPROVE, "fine")
    assert approved.status is PostStatus.PUBLISHED and not approved.needs_review
    assert approved.open_report_count == 0
    logged = await state.db.posts.find_one({"_id": post["_id"]})
    assert logged is not None and logged["moderation_log"][-1]["decision"] == "APPROVE"
    assert await state.db.post_reports.count_documents({"status": "OPEN"}) == 0
    # Each reporter's report was rejected, once.
    rejected = await state.db.users.count_documents({"report_rejected_count": 1})
    assert rejected == len(reporters)
    # The reports already judged cannot hide it again.
    for reporter in reporters:
        await social.report(state.db, state.settings, reporter, post["_id"], ReportReason.SPAM)
    still = await state.db.posts.find_one({"_id": post["_id"]})
    assert still is not None and still["status"] == "PUBLISHED"

    removed = await social.moderate(state.db, admin, post["_id"], Decision.REMOVE)
    assert removed.status is PostStatus.REMOVED
    with pytest.raises(UserError):
        await social.moderate(state.db, author, post["_id"], Decision.APPROVE)


async def test_fresh_reporters_only_queue_a_post(state: AppState) -> None:
    author = await _user(state)
    post = await _post(state, author)
    for n in range(state.settings.report_hide_threshold + 2):
        reporter = await _user(state)
        assert await social.report(
            state.db,
            state.settings,
            reporter,
            post["_id"],
            ReportReason.SPAM,
            client_ip=f"198.51.{n}.1",
        )
    queued = await state.db.posts.find_one({"_id": post["_id"]})
    assert queued is not None and queued["status"] == "PUBLISHED" and queued["needs_review"]
    assert queued["open_report_weight"] == 0.0


async def test_moderation_refuses_posts_with_nothing_to_moderate(state: AppState) -> None:
    author, admin = await _user(state), await _user(state, Role.ADMIN)
    for status in (PostStatus.PROCESSING, PostStatus.REJECTED, PostStatus.DELETED):
        post = await _post(state, author, status)
        with pytest.raises(UserError) as refused:
            await social.moderate(state.db, admin, post["_id"], Decision.HIDE)
        assert refused.value.code == "INVALID_STATE"
