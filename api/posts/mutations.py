"""Posts mutations: create from a multipart upload, edit, delete; likes, saves, comments,
follows, reports and moderation. Each hands off to `posts.lifecycle` or `posts.social`, then
runs its post-save steps (queueing the photos, the element trends, the shoppable links)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import strawberry

from accounts import mentions, social_notices
from accounts.social_notices import SocialKind
from accounts.users import User as CoreUser
from accounts.users import get_user
from api.accounts.types import User
from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsAdmin, IsAuthenticated
from api.posts.types import (
    Comment,
    CreatePostInput,
    EditPostInput,
    ModerationDecision,
    Post,
    PostError,
    PostStatus,
    ReportReason,
)
from commerce import deliverables, tag_links
from core.mongo import AsyncDB
from feeds import feed_store
from media.backends import limits_for, storage_for
from posts import collections, social
from posts import lifecycle as posts
from posts.lifecycle import Post as CorePost
from posts.media_tasks import enqueue_processing
from posts.social import Engagement

log = logging.getLogger(__name__)


def _post_or_none(post: CorePost | None) -> Post | None:
    return Post.from_core(post) if post is not None else None


@strawberry.type
class PostPayload:
    post: Post | None = None
    errors: list[PostError] = strawberry.field(default_factory=list)


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    post: Post | None = None
    errors: list[PostError] = strawberry.field(default_factory=list)


@strawberry.type
class FollowPayload:
    user: User | None = None
    following: bool = False
    follower_count: int = 0
    errors: list[PostError] = strawberry.field(default_factory=list)


@strawberry.type
class ReportPostPayload:
    reported: bool = strawberry.field(
        default=False, description="True once the report is on file (also when filed before)."
    )
    errors: list[PostError] = strawberry.field(default_factory=list)


async def _enqueue(post_id: str) -> None:
    """Post-save step. If the broker is down the post stays PROCESSING and the periodic
    `media.sweep` queues it again, so the shopper still gets an answer now."""
    try:
        await asyncio.to_thread(enqueue_processing, post_id)
    except Exception:
        log.exception("could not queue media.process_post for %s", post_id)


async def _recount_elements(post_id: str) -> None:
    """Post-save step: a post that leaves the public (or comes back) stops (or starts again)
    counting in the element trends. If the broker is down it keeps its old standing until the
    post's next extraction; the action itself has succeeded either way."""
    try:
        await asyncio.to_thread(posts.queue_element_extraction, post_id)
    except Exception:
        log.exception("could not queue feeds.extract_post for %s", post_id)


async def _link_tags(info: Info, post: CorePost) -> CorePost:
    """Post-save step: an influencer's tagged products become their shoppable links (the post
    comes back carrying them). A failure leaves plain product tags; the post itself is saved
    either way."""
    ctx = info.context
    try:
        return await tag_links.link_post_tags(
            ctx.db, ctx.state.redis, ctx.settings, ctx.require_user(), post
        )
    except Exception:
        log.exception("could not link the product tags of %s", post.id)
        return post


def _payload(post: CorePost | None, errors: list[PostError]) -> PostPayload:
    return PostPayload(post=_post_or_none(post), errors=errors)


Mark = Callable[..., Awaitable[CorePost]]


async def _mark(info: Info, mark: Mark, post_id: str) -> PostPayload:
    """Like, unlike, save or unsave: the feeds learn from it (`feed_store`)."""
    ctx = info.context
    post, errors = await payload_errors_as(
        lambda: mark(ctx.db, ctx.require_user(), post_id, engagement=feed_store),
        PostError.from_core,
    )
    return _payload(post, errors)


async def _unsave_everywhere(
    db: AsyncDB, user: CoreUser, post_id: str, *, engagement: Engagement
) -> CorePost:
    post = await social.unsave(db, user, post_id, engagement=engagement)
    await collections.take_out_of_collections(db, user.id, post_id)
    return post


async def _tell(
    info: Info,
    recipient_id: str,
    kind: SocialKind,
    *,
    post_id: str | None = None,
    comment_id: str | None = None,
) -> None:
    """Put the viewer's action in the recipient's inbox. The action already stands: a notice
    that cannot be written is logged, not turned into an error for the one who acted."""
    ctx = info.context
    actor = ctx.require_user()
    try:
        await social_notices.notify(
            ctx.db,
            recipient_id=recipient_id,
            actor_id=actor.id,
            actor_name=actor.display_name,
            kind=kind,
            post_id=post_id,
            comment_id=comment_id,
        )
    except Exception:
        log.warning("could not store a %s notice for %s", kind.value, recipient_id, exc_info=True)


async def _tell_mentioned(
    info: Info, text: str, post: CorePost, comment_id: str | None = None
) -> None:
    """Tell the people `text` mentions; the post's author already hears of a comment."""
    ctx = info.context
    actor = ctx.require_user()
    try:
        await mentions.notify_mentions(
            ctx.db,
            text,
            actor_id=actor.id,
            actor_name=actor.display_name,
            post_id=post.id,
            comment_id=comment_id,
            skip=frozenset({post.author_id}) if comment_id else frozenset(),
        )
    except Exception:
        log.warning("could not store mention notices for %s", post.id, exc_info=True)


@strawberry.type
class PostsMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Post an outfit. Returns at once with the post PROCESSING; it becomes "
        "PUBLISHED or REJECTED when its photos are processed.",
    )
    async def create_post(self, info: Info, input: CreatePostInput) -> PostPayload:
        ctx = info.context
        author = ctx.require_user()

        async def create() -> CorePost:
            campaign = (
                await deliverables.check_can_submit(ctx.db, author, str(input.campaign_id))
                if input.campaign_id
                else None
            )
            return await posts.create_post(
                ctx.db,
                storage_for(ctx.settings),
                limits_for(ctx.settings),
                author,
                images=list(input.images),
                caption=input.caption,
                product_tags=[tag.to_core() for tag in input.product_tags or []],
                market=input.market.value if input.market else None,
                extra=deliverables.submission(campaign) if campaign else None,
            )

        post, errors = await payload_errors_as(create, PostError.from_core)
        if post is not None:
            post = await _link_tags(info, post)
            await _enqueue(post.id)
            # Told now, while the photos process (about a second): by the time a notice is
            # opened the look is published, and its own id keeps an edit from telling twice.
            await _tell_mentioned(info, post.caption, post)
        return _payload(post, errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Change caption or tags (author only)."
    )
    async def edit_post(self, info: Info, input: EditPostInput) -> PostPayload:
        ctx = info.context
        tags = (
            [tag.to_core() for tag in input.product_tags]
            if input.product_tags is not None
            else None
        )
        post, errors = await payload_errors_as(
            lambda: posts.edit_post(
                ctx.db, ctx.require_user(), str(input.id), caption=input.caption, product_tags=tags
            ),
            PostError.from_core,
        )
        if post is not None and input.product_tags is not None:
            post = await _link_tags(info, post)
        changed = input.caption is not None or input.product_tags is not None
        if post is not None and changed and post.status is PostStatus.PUBLISHED:
            # Elements come from the caption and tags too: extract them again.
            await asyncio.to_thread(posts.queue_element_extraction, post.id)
        if post is not None and input.caption is not None:
            await _tell_mentioned(info, post.caption, post)  # only people newly named hear
        return _payload(post, errors)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Soft delete (author or admin): the post and its media stop being served.",
    )
    async def delete_post(self, info: Info, id: strawberry.ID) -> PostPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: posts.delete_post(ctx.db, ctx.require_user(), str(id)), PostError.from_core
        )
        if post is not None:
            await _recount_elements(post.id)
        return _payload(post, errors)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Idempotent.")
    async def like_post(self, info: Info, id: strawberry.ID) -> PostPayload:
        payload = await _mark(info, social.like, str(id))
        if payload.post is not None:
            author_id = payload.post._core.author_id
            await _tell(info, author_id, SocialKind.LIKE, post_id=payload.post._core.id)
        return payload

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Idempotent.")
    async def unlike_post(self, info: Info, id: strawberry.ID) -> PostPayload:
        return await _mark(info, social.unlike, str(id))

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Idempotent.")
    async def save_post(self, info: Info, id: strawberry.ID) -> PostPayload:
        return await _mark(info, social.save, str(id))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Out of Saved and out of every one of the viewer's collections. Idempotent.",
    )
    async def unsave_post(self, info: Info, id: strawberry.ID) -> PostPayload:
        return await _mark(info, _unsave_everywhere, str(id))

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def comment_on_post(
        self, info: Info, post_id: strawberry.ID, body: str
    ) -> CommentPayload:
        ctx = info.context
        result, errors = await payload_errors_as(
            lambda: social.comment(
                ctx.db, ctx.require_user(), str(post_id), body, engagement=feed_store
            ),
            PostError.from_core,
        )
        if result is None:
            return CommentPayload(errors=errors)
        comment, post = result
        await _tell(
            info, post.author_id, SocialKind.COMMENT, post_id=post.id, comment_id=comment.id
        )
        await _tell_mentioned(info, comment.body, post, comment.id)
        return CommentPayload(comment=Comment.from_core(comment), post=Post.from_core(post))

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Delete a comment: its author, the post's author or an admin.",
    )
    async def delete_comment(self, info: Info, id: strawberry.ID) -> CommentPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: social.delete_comment(
                ctx.db, ctx.require_user(), str(id), engagement=feed_store
            ),
            PostError.from_core,
        )
        visible = post is not None and posts.can_view(post, ctx.user)
        return CommentPayload(post=_post_or_none(post if visible else None), errors=errors)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Idempotent.")
    async def follow(self, info: Info, user_id: strawberry.ID) -> FollowPayload:
        return await _set_following(info, str(user_id), True)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Idempotent.")
    async def unfollow(self, info: Info, user_id: strawberry.ID) -> FollowPayload:
        return await _set_following(info, str(user_id), False)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Flag a post for an admin. Reports weigh by the reporter's standing; "
        "enough weight from enough reporters on distinct networks hides it until reviewed.",
    )
    async def report_post(
        self, info: Info, id: strawberry.ID, reason: ReportReason, details: str | None = None
    ) -> ReportPostPayload:
        ctx = info.context
        _, errors = await payload_errors_as(
            lambda: social.report(
                ctx.db,
                ctx.settings,
                ctx.require_user(),
                str(id),
                reason,
                details,
                client_ip=ctx.client_ip,
            ),
            PostError.from_core,
        )
        if not errors:
            await _recount_elements(str(id))  # enough weighty reports hide the post
        return ReportPostPayload(reported=not errors, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Approve (publish again), hide, or remove a post (admin). Approving "
        "rejects its open reports, hiding or removing upholds them: each reporter's next "
        "report weighs accordingly.",
    )
    async def moderate_post(
        self,
        info: Info,
        id: strawberry.ID,
        decision: ModerationDecision,
        note: str | None = None,
    ) -> PostPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: social.moderate(ctx.db, ctx.require_user(), str(id), decision, note),
            PostError.from_core,
        )
        if post is not None:
            await _recount_elements(post.id)
        return _payload(post, errors)


async def _set_following(info: Info, user_id: str, on: bool) -> FollowPayload:
    ctx = info.context
    state, errors = await payload_errors_as(
        lambda: social.set_following(ctx.db, ctx.require_user(), user_id, on), PostError.from_core
    )
    if state is None:
        return FollowPayload(errors=errors)
    if state.following:
        await _tell(info, state.user_id, SocialKind.FOLLOW)
    target = await get_user(ctx.db, state.user_id)
    return FollowPayload(
        user=User.from_core(target) if target else None,
        following=state.following,
        follower_count=state.follower_count,
    )
