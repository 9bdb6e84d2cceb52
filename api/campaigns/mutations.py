"""Mutations of the campaigns area, their inputs and payloads: campaigns (draft, change, start,
end), memberships (apply, invite, decide, respond) and deliverables (submit, approve, reject)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry

from api.campaigns.types import Campaign, CampaignError, CampaignMembership
from api.context import Info
from api.core.enums import Market
from api.core.errors import payload_errors_as
from api.core.scalars import MinorUnits
from api.permissions import IsBrand, IsInfluencer
from api.posts.mutations import PostPayload
from api.posts.types import Post, PostError
from commerce import campaigns, deliverables, tag_links
from commerce.campaigns import Campaign as CoreCampaign
from commerce.campaigns import Membership
from commerce.commission import RuleKind


@strawberry.input
class CreateCampaignInput:
    name: str
    markets: list[Market]
    starts_at: datetime
    ends_at: datetime
    budget_minor: MinorUnits
    currency: str
    rule_kind: RuleKind
    rule_basis_points: int | None = None
    rule_amount_minor: MinorUnits | None = None
    brief: str = ""
    product_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    attribution_window_days: int | None = None
    return_window_days: int | None = None
    attribution_model: str | None = None


@strawberry.input
class UpdateCampaignInput:
    id: strawberry.ID
    name: str | None = None
    brief: str | None = None
    markets: list[Market] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_minor: MinorUnits | None = None
    currency: str | None = None
    rule_kind: RuleKind | None = None
    rule_basis_points: int | None = None
    rule_amount_minor: MinorUnits | None = None
    product_ids: list[strawberry.ID] | None = None
    attribution_window_days: int | None = None
    return_window_days: int | None = None
    attribution_model: str | None = None


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None = None
    errors: list[CampaignError] = strawberry.field(default_factory=list)


@strawberry.type
class MembershipPayload:
    membership: CampaignMembership | None = None
    errors: list[CampaignError] = strawberry.field(default_factory=list)


def _campaign_fields(data: CreateCampaignInput | UpdateCampaignInput) -> dict[str, Any]:
    fields = {
        name: getattr(data, name)
        for name in (
            "name",
            "brief",
            "starts_at",
            "ends_at",
            "budget_minor",
            "currency",
            "rule_basis_points",
            "rule_amount_minor",
            "attribution_window_days",
            "return_window_days",
            "attribution_model",
        )
    }
    fields["markets"] = [m.value for m in data.markets] if data.markets is not None else None
    fields["rule_kind"] = data.rule_kind.value if data.rule_kind is not None else None
    fields["product_ids"] = (
        [str(p) for p in data.product_ids] if data.product_ids is not None else None
    )
    return fields


async def _campaign_payload(action: Callable[[], Awaitable[CoreCampaign]]) -> CampaignPayload:
    campaign, errors = await payload_errors_as(action, CampaignError.from_core)
    return CampaignPayload(
        campaign=Campaign.from_core(campaign) if campaign else None, errors=errors
    )


async def _membership_payload(action: Callable[[], Awaitable[Membership]]) -> MembershipPayload:
    membership, errors = await payload_errors_as(action, CampaignError.from_core)
    return MembershipPayload(
        membership=CampaignMembership.from_core(membership) if membership else None,
        errors=errors,
    )


@strawberry.type
class CampaignsMutation:
    @strawberry.mutation(permission_classes=[IsBrand], description="Draft a campaign.")
    async def create_campaign(self, info: Info, input: CreateCampaignInput) -> CampaignPayload:
        ctx = info.context
        return await _campaign_payload(
            lambda: campaigns.create_campaign(ctx.db, ctx.require_user(), _campaign_fields(input))
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Change a campaign.")
    async def update_campaign(self, info: Info, input: UpdateCampaignInput) -> CampaignPayload:
        ctx = info.context
        return await _campaign_payload(
            lambda: campaigns.update_campaign(
                ctx.db, ctx.require_user(), str(input.id), _campaign_fields(input)
            )
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Start a drafted campaign.")
    async def activate_campaign(self, info: Info, id: strawberry.ID) -> CampaignPayload:
        ctx = info.context
        return await _campaign_payload(
            lambda: campaigns.activate_campaign(ctx.db, ctx.require_user(), str(id))
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="End a running campaign.")
    async def end_campaign(self, info: Info, id: strawberry.ID) -> CampaignPayload:
        ctx = info.context
        return await _campaign_payload(
            lambda: campaigns.end_campaign(ctx.db, ctx.require_user(), str(id))
        )

    @strawberry.mutation(permission_classes=[IsInfluencer], description="Apply to a campaign.")
    async def apply_to_campaign(
        self, info: Info, campaign_id: strawberry.ID, pitch: str = ""
    ) -> MembershipPayload:
        ctx = info.context
        return await _membership_payload(
            lambda: campaigns.apply_to_campaign(ctx.db, ctx.require_user(), str(campaign_id), pitch)
        )

    @strawberry.mutation(
        permission_classes=[IsInfluencer], description="Accept or decline an invitation."
    )
    async def respond_to_invitation(
        self, info: Info, membership_id: strawberry.ID, accept: bool
    ) -> MembershipPayload:
        ctx = info.context
        return await _membership_payload(
            lambda: campaigns.respond_to_invitation(
                ctx.db, ctx.require_user(), str(membership_id), accept
            )
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Invite an influencer.")
    async def invite_to_campaign(
        self, info: Info, campaign_id: strawberry.ID, influencer_id: strawberry.ID
    ) -> MembershipPayload:
        ctx = info.context
        return await _membership_payload(
            lambda: campaigns.invite_to_campaign(
                ctx.db, ctx.require_user(), str(campaign_id), str(influencer_id)
            )
        )

    @strawberry.mutation(
        permission_classes=[IsBrand], description="Approve or decline an application."
    )
    async def decide_application(
        self, info: Info, membership_id: strawberry.ID, approve: bool
    ) -> MembershipPayload:
        ctx = info.context
        return await _membership_payload(
            lambda: campaigns.decide_application(
                ctx.db, ctx.require_user(), str(membership_id), approve
            )
        )

    # --- deliverables: influencers submit posts, the campaign's brand approves or rejects ---

    @strawberry.mutation(
        permission_classes=[IsInfluencer],
        description="Submit one of your posts as a deliverable of a campaign you are in (again "
        "after a rejection). Its product tags become links for the campaign. Submitting a "
        "sent-back post with nothing changed is refused (UNCHANGED) unless allowUnchanged.",
    )
    async def submit_deliverable(
        self,
        info: Info,
        post_id: strawberry.ID,
        campaign_id: strawberry.ID,
        allow_unchanged: bool = False,
    ) -> PostPayload:
        ctx = info.context
        user = ctx.require_user()
        post, errors = await payload_errors_as(
            lambda: deliverables.submit(
                ctx.db, user, str(post_id), str(campaign_id), allow_unchanged=allow_unchanged
            ),
            PostError.from_core,
        )
        if post is not None:
            post = await tag_links.link_post_tags(ctx.db, ctx.state.redis, ctx.settings, user, post)
        return PostPayload(post=Post.from_core(post) if post else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Accept a published post as delivered. Under a FIXED_FEE rule the "
        "influencer is credited the fee (once, however often this is called).",
    )
    async def approve_deliverable(self, info: Info, post_id: strawberry.ID) -> PostPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: deliverables.approve(ctx.db, ctx.require_user(), str(post_id)),
            PostError.from_core,
        )
        return PostPayload(post=Post.from_core(post) if post else None, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Send a submitted post back to its author with the reason.",
    )
    async def reject_deliverable(
        self, info: Info, post_id: strawberry.ID, reason: str
    ) -> PostPayload:
        ctx = info.context
        post, errors = await payload_errors_as(
            lambda: deliverables.reject(ctx.db, ctx.require_user(), str(post_id), reason),
            PostError.from_core,
        )
        return PostPayload(post=Post.from_core(post) if post else None, errors=errors)
