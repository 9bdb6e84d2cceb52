"""Campaign deliverables: influencers submit posts, the campaign's brand approves or rejects."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.errors import payload_errors
from api.permissions import IsBrand, IsInfluencer
from api.posts.types import Post, PostPayload
from commerce import deliverables, tag_links


@strawberry.type
class DeliverablesMutation:
    @strawberry.mutation(
        permission_classes=[IsInfluencer],
        description="Submit one of your posts as a deliverable of a campaign you are in (again "
        "after a rejection). Its product tags become links for the campaign.",
    )
    async def submit_deliverable(
        self, info: Info, post_id: strawberry.ID, campaign_id: strawberry.ID
    ) -> PostPayload:
        ctx = info.context
        user = ctx.require_user()
        doc, errors = await payload_errors(
            lambda: deliverables.submit(ctx.db, user, str(post_id), str(campaign_id))
        )
        if doc is not None:
            await tag_links.link_post_tags(ctx.db, ctx.state.redis, ctx.settings, user, doc)
        return PostPayload(post=Post.from_doc(doc) if doc else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Accept a published post as delivered. Under a FIXED_FEE rule the "
        "influencer is credited the fee (once, however often this is called).",
    )
    async def approve_deliverable(self, info: Info, post_id: strawberry.ID) -> PostPayload:
        ctx = info.context
        doc, errors = await payload_errors(
            lambda: deliverables.approve(ctx.db, ctx.require_user(), str(post_id))
        )
        return PostPayload(post=Post.from_doc(doc) if doc else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Send a submitted post back to its author with the reason.",
    )
    async def reject_deliverable(
        self, info: Info, post_id: strawberry.ID, reason: str
    ) -> PostPayload:
        ctx = info.context
        doc, errors = await payload_errors(
            lambda: deliverables.reject(ctx.db, ctx.require_user(), str(post_id), reason)
        )
        return PostPayload(post=Post.from_doc(doc) if doc else None, errors=errors)
