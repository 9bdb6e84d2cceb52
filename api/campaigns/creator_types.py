"""A creator's audience and track record, as a brand weighing an applicant reads it
(definitions: `commerce.creator_stats`)."""

from __future__ import annotations

import strawberry

from accounts.users import Role
from accounts.users import User as CoreUser
from api.campaigns.dataloaders import creator_stats_loader
from api.context import Info
from api.core.scalars import Money, money
from commerce.creator_stats import CreatorStats as CoreCreatorStats


@strawberry.type(
    description="A creator's audience and, for the brand asking, how their past campaigns with "
    "it paid back. Engagement rate: (likes + comments + saves) per post per follower over the "
    "posts of the last 30 days. ROAS: net attributed sales / commissions and fees paid, in the "
    "currency they were paid most in."
)
class CreatorStats:
    influencer_id: strawberry.ID
    follower_count: int
    post_count: int = strawberry.field(description="Published posts.")
    recent_post_count: int = strawberry.field(description="Posts of the last 30 days.")
    engagement_rate: float | None = strawberry.field(
        description="0.05 = 5%; null when it can't be computed (see engagementNote)."
    )
    engagement_note: str | None = strawberry.field(description="Why there is no rate.")
    past_campaign_count: int = strawberry.field(
        description="Past campaigns the creator was approved in: the asking brand's only."
    )
    past_revenue: Money | None
    past_spend: Money | None = strawberry.field(description="Commissions and fees paid.")
    roas: float | None
    roas_note: str | None = strawberry.field(description="Why there is no ROAS.")

    @classmethod
    def from_core(cls, stats: CoreCreatorStats) -> CreatorStats:
        returns = stats.returns
        return cls(
            influencer_id=strawberry.ID(stats.influencer_id),
            follower_count=stats.follower_count,
            post_count=stats.post_count,
            recent_post_count=stats.recent_post_count,
            engagement_rate=stats.engagement_rate,
            engagement_note=stats.engagement_note,
            past_campaign_count=stats.past_campaign_count,
            past_revenue=money(returns.revenue_minor, returns.currency) if returns else None,
            past_spend=money(returns.spend_minor, returns.currency) if returns else None,
            roas=stats.roas,
            roas_note=stats.roas_note,
        )


def stats_scope(viewer: CoreUser, influencer_id: str, brand_id: str) -> str | None:
    """Whose past campaigns `viewer` may weigh for `influencer_id`: `brand_id`'s for that brand,
    every brand's ("") for the creator themself and admins; None when they may not read them."""
    if viewer.role is Role.ADMIN or viewer.id == influencer_id:
        return ""
    if viewer.role is Role.BRAND and viewer.id == brand_id:
        return brand_id
    return None


async def load_stats(
    info: Info, influencer_id: str, scope: str, exclude_campaign_id: str = ""
) -> CreatorStats | None:
    loader = info.context.dataloader(creator_stats_loader)
    found = await loader.load((scope, exclude_campaign_id, influencer_id))
    return CreatorStats.from_core(found) if found else None
