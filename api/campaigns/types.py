"""GraphQL types of the campaigns area: campaigns, their commission rule and budget corrections,
memberships, and the area's user errors."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types.lazy_type import LazyType

from accounts.users import Role
from api.accounts.dataloaders import load_user
from api.accounts.types import User
from api.campaigns.creator_types import CreatorStats, load_stats, stats_scope
from api.campaigns.dataloaders import campaigns_loader, memberships_loader
from api.catalogue.dataloaders import products_loader
from api.catalogue.types import Product
from api.context import Info
from api.core.enums import Market
from api.core.pagination import Connection, connection
from api.core.scalars import Money, money
from commerce import campaigns, deliverables
from commerce.campaigns import BudgetCorrection as CoreBudgetCorrection
from commerce.campaigns import Campaign as CoreCampaign
from commerce.campaigns import CampaignStatus as CoreCampaignStatus
from commerce.campaigns import Membership as CoreMembership
from commerce.campaigns import MembershipStatus as CoreMembershipStatus
from commerce.commission import RuleKind
from commerce.error_codes import CampaignErrorCode
from core.errors import UserError as CoreUserError

if TYPE_CHECKING:
    from api.posts.types import DeliverableStatus, Post

strawberry.enum(RuleKind, name="CommissionRuleKind", description="How a campaign pays.")
strawberry.enum(CoreCampaignStatus, name="CampaignStatus", description="DRAFT → ACTIVE → ENDED.")
strawberry.enum(CoreMembershipStatus, name="MembershipStatus", description="Joining a campaign.")
strawberry.enum(
    CampaignErrorCode, name="CampaignErrorCode", description="Why a campaign input failed."
)

# A post's deliverable names its campaign and a campaign lists its deliverables' posts, so the
# posts area imports this one and this one reaches `Post` lazily, when a campaign's
# deliverables are read.
_POST: LazyType[str, str] = LazyType("Post", "api.posts.types")


@strawberry.type(description="A problem with a campaign, membership or deliverable input.")
class CampaignError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: CampaignErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> CampaignError:
        return cls(field=error.field, code=CampaignErrorCode(error.code), message=error.message)


@strawberry.type(description="How a campaign pays its influencers.")
class CommissionRule:
    kind: RuleKind
    basis_points: int | None = strawberry.field(description="PERCENT: 1000 = 10% of net sale.")
    amount: Money | None = strawberry.field(description="FLAT per order or FIXED_FEE per post.")


@strawberry.type(description="A change the budget reconciliation made to a campaign's spend.")
class BudgetCorrection:
    at: datetime
    before: Money
    after: Money
    delta: Money = strawberry.field(description="Negative when budget was given back.")

    @classmethod
    def from_core(cls, correction: CoreBudgetCorrection) -> BudgetCorrection:
        currency = correction.currency
        return cls(
            at=correction.at,
            before=money(correction.before_minor, currency),
            after=money(correction.after_minor, currency),
            delta=money(correction.delta_minor, currency),
        )


@strawberry.type(description="A KOL campaign.")
class Campaign:
    id: strawberry.ID
    brand_id: strawberry.ID
    name: str
    brief: str
    markets: list[Market]
    product_ids: list[strawberry.ID]
    starts_at: datetime
    ends_at: datetime
    budget: Money
    spent: Money
    remaining: Money
    budget_exhausted: bool
    commission_rule: CommissionRule
    attribution_window_days: int
    return_window_days: int
    attribution_model: str
    status: CoreCampaignStatus
    created_at: datetime

    @strawberry.field(description="The brand running it: who a creator would work with.")
    async def brand(self, info: Info) -> User | None:
        found = await load_user(info, str(self.brand_id))
        return User.from_core(found) if found is not None else None

    @strawberry.field
    async def products(self, info: Info) -> list[Product]:
        loader = info.context.dataloader(products_loader)
        found = await loader.load_many([str(pid) for pid in self.product_ids])
        return [Product.from_core(p) for p in found if p is not None]

    @strawberry.field(
        description="Why the spend moved outside orders and returns: corrections the budget "
        "reconciliation made from the ledger, newest first. The campaign's brand and admins "
        "only; empty for everyone else."
    )
    async def budget_corrections(self, info: Info) -> list[BudgetCorrection]:
        viewer = info.context.user
        if viewer is None or (viewer.role is not Role.ADMIN and viewer.id != str(self.brand_id)):
            return []
        found = await campaigns.budget_corrections(info.context.db, str(self.id))
        return [BudgetCorrection.from_core(c) for c in found]

    @strawberry.field(
        description="Posts submitted for the campaign, newest first: the published ones for "
        "its brand, your own for an influencer."
    )
    async def deliverables(
        self,
        info: Info,
        status: Annotated[DeliverableStatus, strawberry.lazy("api.posts.types")] | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Annotated[Post, strawberry.lazy("api.posts.types")]]:
        ctx = info.context
        viewer = ctx.require_user()
        campaign = await campaigns.visible_campaign(ctx.db, viewer, str(self.id))
        page = await deliverables.campaign_posts(
            ctx.db,
            campaign,
            viewer,
            status,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, _POST.resolve_type().from_core)

    @strawberry.field(
        description="Where an influencer stands in this campaign (null: not invited, not "
        "applied). The campaign's brand and admins only; null for everyone else."
    )
    async def membership_of(
        self, info: Info, influencer_id: strawberry.ID
    ) -> CampaignMembership | None:
        viewer = info.context.user
        if viewer is None or (viewer.role is not Role.ADMIN and viewer.id != str(self.brand_id)):
            return None
        loader = info.context.dataloader(memberships_loader)
        found = await loader.load(campaigns.membership_id(str(self.id), str(influencer_id)))
        return CampaignMembership.from_core(found) if found else None

    @classmethod
    def from_core(cls, campaign: CoreCampaign) -> Campaign:
        currency = campaign.currency
        is_percent = campaign.rule_kind is RuleKind.PERCENT
        return cls(
            id=strawberry.ID(campaign.id),
            brand_id=strawberry.ID(campaign.brand_id),
            name=campaign.name,
            brief=campaign.brief,
            markets=[Market(m) for m in campaign.markets],
            product_ids=[strawberry.ID(p) for p in campaign.product_ids],
            starts_at=campaign.starts_at,
            ends_at=campaign.ends_at,
            budget=money(campaign.budget_minor, currency),
            spent=money(campaign.spent_minor, currency),
            remaining=money(campaign.remaining_minor, currency),
            budget_exhausted=campaign.budget_exhausted,
            commission_rule=CommissionRule(
                kind=campaign.rule_kind,
                basis_points=campaign.rule_basis_points if is_percent else None,
                amount=None if is_percent else money(campaign.rule_amount_minor, currency),
            ),
            attribution_window_days=campaign.attribution_window_days,
            return_window_days=campaign.return_window_days,
            attribution_model=campaign.attribution_model.value,
            status=campaign.status,
            created_at=campaign.created_at,
        )


@strawberry.type(description="An influencer's place in a campaign.")
class CampaignMembership:
    id: strawberry.ID
    campaign_id: strawberry.ID
    influencer_id: strawberry.ID
    status: CoreMembershipStatus
    pitch: str
    creator_code: str | None = strawberry.field(
        description="The influencer's discount code for this campaign, once approved."
    )
    created_at: datetime
    updated_at: datetime
    _brand_id: strawberry.Private[str]

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign | None:
        found = await info.context.dataloader(campaigns_loader).load(str(self.campaign_id))
        return Campaign.from_core(found) if found else None

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

    @strawberry.field(
        description="The creator's audience and track record with the campaign's brand (past "
        "campaigns leave this one out). The brand, admins and the creator themself; null for "
        "everyone else."
    )
    async def audience(self, info: Info) -> CreatorStats | None:
        viewer = info.context.user
        influencer_id = str(self.influencer_id)
        scope = stats_scope(viewer, influencer_id, self._brand_id) if viewer else None
        if scope is None:
            return None
        # Everyone reads the same brand-scoped figures here: the membership is with that brand.
        return await load_stats(info, influencer_id, self._brand_id, str(self.campaign_id))

    @classmethod
    def from_core(cls, membership: CoreMembership) -> CampaignMembership:
        return cls(
            id=strawberry.ID(membership.id),
            campaign_id=strawberry.ID(membership.campaign_id),
            influencer_id=strawberry.ID(membership.influencer_id),
            status=membership.status,
            pitch=membership.pitch,
            creator_code=membership.creator_code,
            created_at=membership.created_at,
            updated_at=membership.updated_at,
            _brand_id=membership.brand_id,
        )
