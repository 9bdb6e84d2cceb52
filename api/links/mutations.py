"""Mutations of the links area, their inputs and payloads."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.errors import payload_errors_as
from api.links.types import LinkError, ShoppableLink
from api.permissions import IsInfluencer
from commerce import linkstore


@strawberry.input
class CreateShoppableLinkInput:
    product_id: strawberry.ID
    post_id: strawberry.ID | None = None
    campaign_id: strawberry.ID | None = None


@strawberry.type
class ShoppableLinkPayload:
    link: ShoppableLink | None = None
    errors: list[LinkError] = strawberry.field(default_factory=list)


@strawberry.type
class LinksMutation:
    @strawberry.mutation(
        permission_classes=[IsInfluencer],
        description="Your link to a product (for a post and a campaign); the same input "
        "returns the same link.",
    )
    async def create_shoppable_link(
        self, info: Info, input: CreateShoppableLinkInput
    ) -> ShoppableLinkPayload:
        ctx = info.context
        link, errors = await payload_errors_as(
            lambda: linkstore.create_link(
                ctx.db,
                ctx.state.redis,
                ctx.settings,
                ctx.require_user(),
                str(input.product_id),
                post_id=str(input.post_id) if input.post_id else None,
                campaign_id=str(input.campaign_id) if input.campaign_id else None,
            ),
            LinkError.from_core,
        )
        if link is None:
            return ShoppableLinkPayload(errors=errors)
        return ShoppableLinkPayload(link=ShoppableLink.from_core(link, link.url(ctx.settings)))
