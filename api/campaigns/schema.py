"""The campaigns area's fields: campaigns and memberships (its mutations: `mutations`).

Ownership (a brand's own campaign) is decided in `commerce.campaigns`, roles here by
permission classes."""

from __future__ import annotations

import strawberry

from api.campaigns.creator_types import CreatorStats, load_stats, stats_scope
from api.campaigns.permissions import IsBrandOrInfluencer
from api.campaigns.types import Campaign, CampaignMembership
from api.context import Info
from api.core.enums import Market
from api.core.pagination import Connection, connection
from api.permissions import IsAuthenticated, IsBrand, IsInfluencer
from commerce import campaigns
from commerce.campaigns import CampaignStatus, MembershipStatus
from core.errors import Forbidden


@strawberry.type
class CampaignsQuery:
    @strawberry.field(
        permission_classes=[IsInfluencer],
        description="Running campaigns in a market (yours by default).",
    )
    async def campaigns(
        self, info: Info, market: Market | None = None, first: int = 20, after: str | None = None
    ) -> Connection[Campaign]:
        ctx = info.context
        user = ctx.require_user()
        page = await campaigns.running_campaigns(
            ctx.db,
            market.value if market else user.home_market,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, Campaign.from_core)

    @strawberry.field(permission_classes=[IsBrand], description="Your brand's campaigns.")
    async def my_campaigns(
        self,
        info: Info,
        status: CampaignStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Campaign]:
        ctx = info.context
        page = await campaigns.brand_campaigns(
            ctx.db,
            ctx.require_user().id,
            status,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, Campaign.from_core)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def campaign(self, info: Info, id: strawberry.ID) -> Campaign:
        found = await campaigns.visible_campaign(
            info.context.db, info.context.require_user(), str(id)
        )
        return Campaign.from_core(found)

    @strawberry.field(permission_classes=[IsBrand], description="Applicants and members.")
    async def campaign_members(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        status: MembershipStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[CampaignMembership]:
        ctx = info.context
        campaign = await campaigns.owned_campaign(ctx.db, ctx.require_user(), str(campaign_id))
        page = await campaigns.campaign_memberships(
            ctx.db,
            campaign.id,
            status,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, CampaignMembership.from_core)

    @strawberry.field(permission_classes=[IsInfluencer], description="Campaigns you are in.")
    async def my_memberships(
        self,
        info: Info,
        status: MembershipStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[CampaignMembership]:
        ctx = info.context
        page = await campaigns.influencer_memberships(
            ctx.db,
            ctx.require_user().id,
            status,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, CampaignMembership.from_core)

    @strawberry.field(
        permission_classes=[IsBrandOrInfluencer],
        description="A creator's audience and track record: for a brand, with its own past "
        "campaigns; an influencer reads only their own (with every brand). Null when the "
        "account is not an influencer.",
    )
    async def creator_stats(self, info: Info, influencer_id: strawberry.ID) -> CreatorStats | None:
        viewer = info.context.require_user()
        scope = stats_scope(viewer, str(influencer_id), viewer.id)
        if scope is None:
            raise Forbidden("Influencers can only see their own stats.")
        return await load_stats(info, str(influencer_id), scope)
