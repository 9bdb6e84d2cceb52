"""GraphQL types of the commerce area: products, shops, links, campaigns, earnings, payouts."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.file_uploads import Upload

from accounts.users import Role
from api.accounts.types import User
from api.context import Context, Info
from api.core.enums import Market
from api.core.errors import UserError
from api.core.pagination import Connection, paginate
from api.core.scalars import MinorUnits, Money, money
from api.posts.dataloaders import load_user, products_loader
from api.posts.types import DeliverableStatus, Post
from commerce import deliverables, ledger
from commerce.campaigns import Campaign as CoreCampaign
from commerce.campaigns import CampaignStatus as CoreCampaignStatus
from commerce.campaigns import Membership as CoreMembership
from commerce.campaigns import MembershipStatus as CoreMembershipStatus
from commerce.campaigns import visible_campaign
from commerce.commission import RuleKind
from commerce.earnings import Group
from commerce.earnings import Payout as CorePayout
from commerce.earnings import Report as CoreReport
from commerce.linkstore import Link as CoreLink
from commerce.products import Product as CoreProduct
from commerce.shops import Shop as CoreShop
from core import clock
from core.mongo import Document

strawberry.enum(RuleKind, name="CommissionRuleKind", description="How a campaign pays.")
strawberry.enum(CoreCampaignStatus, name="CampaignStatus", description="DRAFT → ACTIVE → ENDED.")
strawberry.enum(CoreMembershipStatus, name="MembershipStatus", description="Joining a campaign.")
strawberry.enum(ledger.State, name="CommissionState", description="Where a commission stands.")
strawberry.enum(ledger.HoldReason, name="HoldReason", description="Why a commission is held.")
strawberry.enum(
    ledger.AdjustmentReason, name="AdjustmentReason", description="Why money is taken back."
)


@strawberry.enum(description="Format of a product feed.")
class FeedFormat(Enum):
    CSV = "csv"
    JSON = "json"


# --- loaders -------------------------------------------------------------------------------


def link_orders_loader(context: Context) -> DataLoader[str, int]:
    async def load(ids: list[str]) -> list[int]:
        counts: dict[str, int] = {}
        async for doc in context.db.orders.find(
            {"attribution.link_id": {"$in": ids}}, {"attribution.link_id": 1}
        ):
            link_id = doc["attribution"]["link_id"]
            counts[link_id] = counts.get(link_id, 0) + 1
        return [counts.get(i, 0) for i in ids]

    return DataLoader(load_fn=load)


def links_loader(context: Context) -> DataLoader[str, CoreLink | None]:
    async def load(ids: list[str]) -> list[CoreLink | None]:
        docs = await context.db.links.find({"_id": {"$in": ids}}).to_list()
        found = {d["_id"]: CoreLink.from_doc(d) for d in docs}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def post_captions_loader(context: Context) -> DataLoader[str, str | None]:
    async def load(ids: list[str]) -> list[str | None]:
        docs = await context.db.posts.find({"_id": {"$in": ids}}, {"caption": 1}).to_list()
        found = {d["_id"]: str(d.get("caption") or "Untitled post") for d in docs}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def campaigns_loader(context: Context) -> DataLoader[str, CoreCampaign | None]:
    async def load(ids: list[str]) -> list[CoreCampaign | None]:
        docs = await context.db.campaigns.find({"_id": {"$in": ids}}).to_list()
        found = {d["_id"]: CoreCampaign.from_doc(d) for d in docs}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


# --- catalogue -----------------------------------------------------------------------------


@strawberry.type(description="A product in a brand's catalogue.")
class Product:
    id: strawberry.ID
    brand_id: strawberry.ID
    sku: str
    title: str
    price: Money
    product_url: str
    image_url: str | None
    category: str | None
    markets: list[Market]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_core(cls, product: CoreProduct) -> Product:
        return cls(
            id=strawberry.ID(product.id),
            brand_id=strawberry.ID(product.brand_id),
            sku=product.sku,
            title=product.title,
            price=money(product.price_minor, product.currency),
            product_url=product.product_url,
            image_url=product.image_url,
            category=product.category,
            markets=[Market(m) for m in product.markets],
            created_at=product.created_at,
            updated_at=product.updated_at,
        )


@strawberry.input
class CreateProductInput:
    sku: str
    title: str
    price_minor: MinorUnits
    currency: str
    product_url: str
    markets: list[Market]
    image_url: str | None = None
    category: str | None = None


@strawberry.input
class UpdateProductInput:
    id: strawberry.ID
    title: str | None = None
    price_minor: MinorUnits | None = None
    currency: str | None = None
    product_url: str | None = None
    markets: list[Market] | None = None
    image_url: str | None = None
    category: str | None = None


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="A product feed: upload a file, or paste its text.")
class ImportProductsInput:
    file: Upload | None = None
    text: str | None = None
    format: FeedFormat | None = strawberry.field(
        default=None, description="Guessed from the file name or content when left out."
    )


@strawberry.type(description="A problem with one row of a product feed.")
class ProductRowError:
    row: int = strawberry.field(description="Product number in the file, from 1.")
    field: str
    code: str
    message: str


@strawberry.type
class ImportProductsPayload:
    rows: int = 0
    created: int = 0
    updated: int = 0
    row_errors: list[ProductRowError] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="A brand's shop: merchant domains links may point to.")
class Shop:
    id: strawberry.ID
    brand_id: strawberry.ID
    name: str
    domains: list[str]
    created_at: datetime

    @classmethod
    def from_core(cls, shop: CoreShop) -> Shop:
        return cls(
            id=strawberry.ID(shop.id),
            brand_id=strawberry.ID(shop.brand_id),
            name=shop.name,
            domains=list(shop.domains),
            created_at=shop.created_at,
        )


@strawberry.input
class CreateShopInput:
    brand_id: strawberry.ID
    name: str
    domains: list[str]


@strawberry.type
class CreateShopPayload:
    shop: Shop | None = None
    webhook_secret: str | None = strawberry.field(
        default=None, description="Shown once: the shop signs its webhooks with it."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- links ---------------------------------------------------------------------------------


@strawberry.type(description="An influencer's shoppable link to a product.")
class ShoppableLink:
    id: strawberry.ID
    code: str
    url: str
    product_id: strawberry.ID
    post_id: strawberry.ID | None
    campaign_id: strawberry.ID | None
    created_at: datetime
    clicks: int = strawberry.field(description="Clicks that count: people, once per hour.")
    total_clicks: int = strawberry.field(description="Every redirect, bots and repeats included.")

    @strawberry.field
    async def product(self, info: Info) -> Product | None:
        found = await info.context.loader("products", products_loader).load(str(self.product_id))
        return Product.from_core(found) if found else None

    @strawberry.field(description="Orders credited to this link.")
    async def orders(self, info: Info) -> int:
        count: int = await info.context.loader("link_orders", link_orders_loader).load(str(self.id))
        return count

    @strawberry.field(description="Orders per counted click (0 when there are no clicks).")
    async def conversion_rate(self, info: Info) -> float:
        orders = await self.orders(info)
        return orders / self.clicks if self.clicks else 0.0

    @classmethod
    def from_core(cls, link: CoreLink, url: str) -> ShoppableLink:
        return cls(
            id=strawberry.ID(link.id),
            code=link.code,
            url=url,
            product_id=strawberry.ID(link.product_id),
            post_id=strawberry.ID(link.post_id) if link.post_id else None,
            campaign_id=strawberry.ID(link.campaign_id) if link.campaign_id else None,
            created_at=link.created_at,
            clicks=link.clicks_counted,
            total_clicks=link.clicks_total,
        )


@strawberry.input
class CreateShoppableLinkInput:
    product_id: strawberry.ID
    post_id: strawberry.ID | None = None
    campaign_id: strawberry.ID | None = None


@strawberry.type
class ShoppableLinkPayload:
    link: ShoppableLink | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- campaigns -----------------------------------------------------------------------------


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
    def from_doc(cls, doc: Document) -> BudgetCorrection:
        currency = doc["currency"]
        return cls(
            at=clock.as_utc(doc["at"]),
            before=money(doc["before_minor"], currency),
            after=money(doc["after_minor"], currency),
            delta=money(doc["delta_minor"], currency),
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

    @strawberry.field
    async def products(self, info: Info) -> list[Product]:
        loader = info.context.loader("products", products_loader)
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
        docs = (
            await info.context.db.budget_corrections.find({"campaign_id": str(self.id)})
            .sort("at", -1)
            .limit(100)
            .to_list()
        )
        return [BudgetCorrection.from_doc(d) for d in docs]

    @strawberry.field(
        description="Posts submitted for the campaign, newest first: the published ones for "
        "its brand, your own for an influencer."
    )
    async def deliverables(
        self,
        info: Info,
        status: DeliverableStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Post]:
        ctx = info.context
        campaign = await visible_campaign(ctx.db, ctx.require_user(), str(self.id))
        return await paginate(
            ctx.db,
            "posts",
            deliverables.listing_filter(campaign, ctx.require_user(), status),
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
            to_node=Post.from_doc,
        )

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
    errors: list[UserError] = strawberry.field(default_factory=list)


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

    @strawberry.field
    async def campaign(self, info: Info) -> Campaign | None:
        found = await info.context.loader("campaigns", campaigns_loader).load(str(self.campaign_id))
        return Campaign.from_core(found) if found else None

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

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
        )


@strawberry.type
class MembershipPayload:
    membership: CampaignMembership | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- earnings ------------------------------------------------------------------------------


@strawberry.type(description="Money by where it stands, in one currency (minor units).")
class EarningsTotals:
    currency: str
    on_hold: MinorUnits
    pending: MinorUnits
    approved: MinorUnits
    paid: MinorUnits
    reversed: MinorUnits
    rejected: MinorUnits
    clawback_due: MinorUnits
    clawed_back: MinorUnits
    payable: MinorUnits = strawberry.field(
        description="What the next payout would pay: approved less due clawbacks."
    )

    @classmethod
    def from_core(cls, currency: str, totals: ledger.Totals) -> EarningsTotals:
        return cls(
            currency=currency,
            on_hold=MinorUnits(totals.on_hold),
            pending=MinorUnits(totals.pending),
            approved=MinorUnits(totals.approved),
            paid=MinorUnits(totals.paid),
            reversed=MinorUnits(totals.reversed),
            rejected=MinorUnits(totals.rejected),
            clawback_due=MinorUnits(totals.clawback_due),
            clawed_back=MinorUnits(totals.clawed_back),
            payable=MinorUnits(totals.payable),
        )


@strawberry.type(description="Per day, the money earned that day, by where it stands now.")
class DailyEarnings:
    currency: str
    days: list[date]
    on_hold: list[MinorUnits]
    pending: list[MinorUnits]
    approved: list[MinorUnits]
    paid: list[MinorUnits]
    reversed: list[MinorUnits]
    rejected: list[MinorUnits]
    clawback_due: list[MinorUnits]
    clawed_back: list[MinorUnits]

    @classmethod
    def from_core(cls, series: ledger.DailySeries) -> DailyEarnings:
        def column(bucket: ledger.Bucket) -> list[MinorUnits]:
            return [MinorUnits(v) for v in series.values.get(bucket, (0,) * len(series.days))]

        return cls(
            currency=series.currency,
            days=list(series.days),
            on_hold=column(ledger.Bucket.ON_HOLD),
            pending=column(ledger.Bucket.PENDING),
            approved=column(ledger.Bucket.APPROVED),
            paid=column(ledger.Bucket.PAID),
            reversed=column(ledger.Bucket.REVERSED),
            rejected=column(ledger.Bucket.REJECTED),
            clawback_due=column(ledger.Bucket.CLAWBACK_DUE),
            clawed_back=column(ledger.Bucket.CLAWED_BACK),
        )


@strawberry.type(description="Totals for one campaign, link or post (id null: none).")
class EarningsGroup:
    id: strawberry.ID | None
    totals: EarningsTotals
    _kind: strawberry.Private[str]

    @strawberry.field(
        description="What a person calls it: the campaign's name, the linked product's title, "
        "the post's caption (shortened); null for money outside any campaign, link or post."
    )
    async def label(self, info: Info) -> str | None:
        if self.id is None:
            return None
        key = str(self.id)
        if self._kind == "campaign":
            campaign = await info.context.loader("campaigns", campaigns_loader).load(key)
            return campaign.name if campaign else None
        if self._kind == "link":
            link = await info.context.loader("links", links_loader).load(key)
            product = (
                await info.context.loader("products", products_loader).load(link.product_id)
                if link
                else None
            )
            return product.title if product else None
        post = await info.context.loader("post_captions", post_captions_loader).load(key)
        return _shorten(post) if post else None

    @classmethod
    def from_core(cls, group: Group, kind: str) -> EarningsGroup:
        return cls(
            id=strawberry.ID(group.key) if group.key else None,
            totals=EarningsTotals.from_core(group.currency, group.totals),
            _kind=kind,
        )


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@strawberry.type(description="Earnings of the commissions opened in a date range.")
class EarningsReport:
    start: date
    end: date
    totals: list[EarningsTotals]
    daily: list[DailyEarnings]
    by_campaign: list[EarningsGroup]
    by_link: list[EarningsGroup]
    by_post: list[EarningsGroup]

    @classmethod
    def from_core(cls, report: CoreReport) -> EarningsReport:
        return cls(
            start=report.start,
            end=report.end,
            totals=[EarningsTotals.from_core(g.currency, g.totals) for g in report.totals],
            daily=[DailyEarnings.from_core(s) for s in report.daily],
            by_campaign=[EarningsGroup.from_core(g, "campaign") for g in report.by_campaign],
            by_link=[EarningsGroup.from_core(g, "link") for g in report.by_link],
            by_post=[EarningsGroup.from_core(g, "post") for g in report.by_post],
        )


@strawberry.type(description="A commission on one order (or one approved post).")
class Commission:
    id: strawberry.ID
    influencer_id: strawberry.ID
    state: ledger.State
    amount: Money = strawberry.field(description="What is still earned.")
    original: Money
    reversed: Money
    hold_reason: ledger.HoldReason | None
    order_id: strawberry.ID | None
    campaign_id: strawberry.ID | None
    link_id: strawberry.ID | None
    post_id: strawberry.ID | None
    created_at: datetime
    window_closes_at: datetime
    payout_id: strawberry.ID | None

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

    @classmethod
    def from_core(cls, state: ledger.CommissionState) -> Commission:
        def opt(value: str | None) -> strawberry.ID | None:
            return strawberry.ID(value) if value else None

        return cls(
            id=strawberry.ID(state.commission_id),
            influencer_id=strawberry.ID(state.influencer_id),
            state=state.state,
            amount=money(state.open_minor, state.currency),
            original=money(state.original_minor, state.currency),
            reversed=money(state.reversed_minor, state.currency),
            hold_reason=state.hold_reason,
            order_id=opt(state.order_id),
            campaign_id=opt(state.campaign_id),
            link_id=opt(state.link_id),
            post_id=opt(state.post_id),
            created_at=state.at,
            window_closes_at=state.window_closes_at,
            payout_id=opt(state.payout_id),
        )


@strawberry.type
class CommissionPayload:
    commission: Commission | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="Money sent to an influencer in one payout run.")
class Payout:
    id: strawberry.ID
    influencer_id: strawberry.ID
    amount: Money
    commission_count: int
    clawback_count: int
    run_id: str
    created_at: datetime

    @strawberry.field
    async def influencer(self, info: Info) -> User | None:
        found = await load_user(info, str(self.influencer_id))
        return User.from_core(found) if found else None

    @classmethod
    def from_core(cls, payout: CorePayout) -> Payout:
        return cls(
            id=strawberry.ID(payout.id),
            influencer_id=strawberry.ID(payout.influencer_id),
            amount=money(payout.amount_minor, payout.currency),
            commission_count=len(payout.commission_ids),
            clawback_count=len(payout.adjustment_ids),
            run_id=payout.run_id,
            created_at=payout.created_at,
        )


@strawberry.input
class RunPayoutsInput:
    run_id: str | None = strawberry.field(
        default=None, description="Idempotency key: re-running the same run pays nothing twice."
    )


@strawberry.type
class RunPayoutsPayload:
    payouts: list[Payout] = strawberry.field(default_factory=list)
    minimum_minor: MinorUnits = strawberry.field(
        default=MinorUnits(0),
        description="The smallest payout, in minor units of each currency: balances below it "
        "were carried over.",
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PostAdjustmentInput:
    influencer_id: strawberry.ID
    amount_minor: MinorUnits
    currency: str
    reason: ledger.AdjustmentReason
    request_id: str = strawberry.field(description="Idempotency key of this adjustment.")
    note: str | None = None


@strawberry.type(description="Money taken back from an influencer's next payout.")
class Adjustment:
    id: strawberry.ID
    influencer_id: strawberry.ID
    amount: Money
    reason: ledger.AdjustmentReason
    note: str | None
    created_at: datetime

    @classmethod
    def from_entry(cls, entry: ledger.Entry) -> Adjustment:
        assert entry.reason is not None
        return cls(
            id=strawberry.ID(entry.id),
            influencer_id=strawberry.ID(entry.influencer_id),
            amount=money(entry.amount_minor, entry.currency),
            reason=entry.reason,
            note=entry.note,
            created_at=entry.at,
        )


@strawberry.type
class AdjustmentPayload:
    adjustment: Adjustment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="Something the platform tells a user.")
class Notification:
    id: strawberry.ID
    kind: str
    message: str
    campaign_id: strawberry.ID | None
    created_at: datetime
    read: bool
    test_drop_id: strawberry.ID | None = None
    product_id: strawberry.ID | None = None
    post_id: strawberry.ID | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Notification:
        def ref(name: str) -> strawberry.ID | None:
            return strawberry.ID(doc[name]) if doc.get(name) else None

        return cls(
            id=strawberry.ID(doc["_id"]),
            kind=doc["kind"],
            message=doc["message"],
            campaign_id=ref("campaign_id"),
            created_at=clock.as_utc(doc["created_at"]),
            read=bool(doc.get("read")),
            test_drop_id=ref("test_drop_id"),
            product_id=ref("product_id"),
            post_id=ref("post_id"),
        )
