"""Commerce: catalogue, shops, shoppable links, campaigns, earnings, payouts.

Resolvers hand off to `attribution.*`; ownership (a brand's own campaign, an influencer's own
money) is decided there, roles here by permission classes.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry

from api.commerce.types import (
    Adjustment,
    AdjustmentPayload,
    Campaign,
    CampaignMembership,
    CampaignPayload,
    Commission,
    CommissionPayload,
    CreateCampaignInput,
    CreateProductInput,
    CreateShopInput,
    CreateShoppableLinkInput,
    CreateShopPayload,
    EarningsReport,
    ImportProductsInput,
    ImportProductsPayload,
    MembershipPayload,
    MinorUnits,
    Notification,
    Payout,
    PostAdjustmentInput,
    Product,
    ProductPayload,
    ProductRowError,
    RunPayoutsInput,
    RunPayoutsPayload,
    Shop,
    ShoppableLink,
    ShoppableLinkPayload,
    UpdateCampaignInput,
    UpdateProductInput,
)
from api.context import Info
from api.core.enums import Market
from api.core.errors import payload_errors
from api.core.pagination import Connection, build_connection, paginate
from api.permissions import IsAdmin, IsAuthenticated, IsBrand, IsInfluencer
from commerce import campaigns, earnings, ledger, linkstore, products, shops
from commerce.campaigns import Campaign as CoreCampaign
from commerce.campaigns import CampaignStatus, Membership, MembershipStatus
from commerce.earnings import Payout as CorePayout
from commerce.linkstore import Link
from commerce.products import Product as CoreProduct
from core import clock
from core.errors import UserError as CoreUserError
from core.paging import check_first, decode_cursor, encode_cursor

MAX_FEED_BYTES = 20 * 1024 * 1024


def _link_node(info: Info) -> Any:
    settings = info.context.settings
    return lambda d: ShoppableLink.from_core(
        Link.from_doc(d), linkstore.public_link_url(settings, d["code"])
    )


def _range(start: date | None, end: date | None) -> tuple[date, date]:
    today = clock.now().date()
    end = end or today
    start = start or end.replace(day=1)
    earnings.check_range(start, end)
    return start, end


async def _read_feed(data: ImportProductsInput) -> tuple[bytes | str, str | None]:
    if (data.file is None) == (data.text is None):
        raise CoreUserError(
            "REQUIRED", "Upload a file or paste the feed's text (one of them).", "file"
        )
    if data.text is not None:
        if len(data.text) > MAX_FEED_BYTES:
            raise CoreUserError("TOO_LARGE", "The feed is larger than 20 MB.", "text")
        return data.text, None
    raw = await data.file.read()  # type: ignore[union-attr]
    if len(raw) > MAX_FEED_BYTES:
        raise CoreUserError("TOO_LARGE", "The feed is larger than 20 MB.", "file")
    return raw, getattr(data.file, "filename", None)


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


@strawberry.type
class CommerceQuery:
    @strawberry.field(
        description="The catalogue, newest first; one brand's with brandId; `search` matches "
        "words of the title or the SKU, case-insensitively."
    )
    async def products(
        self,
        info: Info,
        brand_id: strawberry.ID | None = None,
        search: str | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Product]:
        query = products.listing_query(str(brand_id) if brand_id else None, search)
        return await paginate(
            info.context.db,
            "products",
            query,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: Product.from_core(CoreProduct.from_doc(d)),
            sort_field="created_at",
        )

    @strawberry.field
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        found = await products.get_product(info.context.db, str(id))
        return Product.from_core(found) if found else None

    @strawberry.field(permission_classes=[IsBrand], description="Your brand's shops.")
    async def my_shops(self, info: Info) -> list[Shop]:
        user = info.context.require_user()
        return [Shop.from_core(s) for s in await shops.brand_shops(info.context.db, user.id)]

    @strawberry.field(permission_classes=[IsInfluencer], description="Your links, newest first.")
    async def my_links(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[ShoppableLink]:
        user = info.context.require_user()
        return await paginate(
            info.context.db,
            "links",
            {"influencer_id": user.id},
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=_link_node(info),
            sort_field="created_at",
        )

    @strawberry.field(
        permission_classes=[IsInfluencer],
        description="Running campaigns in a market (yours by default).",
    )
    async def campaigns(
        self, info: Info, market: Market | None = None, first: int = 20, after: str | None = None
    ) -> Connection[Campaign]:
        user = info.context.require_user()
        chosen = market.value if market else user.home_market
        return await paginate(
            info.context.db,
            "campaigns",
            campaigns.active_query(chosen),
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: Campaign.from_core(CoreCampaign.from_doc(d)),
        )

    @strawberry.field(permission_classes=[IsBrand], description="Your brand's campaigns.")
    async def my_campaigns(
        self,
        info: Info,
        status: CampaignStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Campaign]:
        user = info.context.require_user()
        query: dict[str, Any] = {"brand_id": user.id}
        if status:
            query["status"] = status.value
        return await paginate(
            info.context.db,
            "campaigns",
            query,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: Campaign.from_core(CoreCampaign.from_doc(d)),
        )

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
        campaign = await campaigns.owned_campaign(
            info.context.db, info.context.require_user(), str(campaign_id)
        )
        query: dict[str, Any] = {"campaign_id": campaign.id}
        if status:
            query["status"] = status.value
        return await paginate(
            info.context.db,
            "campaign_members",
            query,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: CampaignMembership.from_core(Membership.from_doc(d)),
            sort_field="updated_at",
        )

    @strawberry.field(permission_classes=[IsInfluencer], description="Campaigns you are in.")
    async def my_memberships(
        self,
        info: Info,
        status: MembershipStatus | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[CampaignMembership]:
        query: dict[str, Any] = {"influencer_id": info.context.require_user().id}
        if status:
            query["status"] = status.value
        return await paginate(
            info.context.db,
            "campaign_members",
            query,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: CampaignMembership.from_core(Membership.from_doc(d)),
            sort_field="updated_at",
        )

    @strawberry.field(
        permission_classes=[IsInfluencer],
        description="Your earnings from commissions opened between from and to (UTC days).",
    )
    async def my_earnings(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> EarningsReport:
        start, end = _range(from_, to)
        entries = await earnings.influencer_entries(info.context.db, info.context.require_user().id)
        return EarningsReport.from_core(earnings.report(entries, start, end))

    @strawberry.field(
        permission_classes=[IsBrand], description="What your campaign's influencers earned."
    )
    async def campaign_earnings(
        self,
        info: Info,
        campaign_id: strawberry.ID,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> EarningsReport:
        campaign = await campaigns.owned_campaign(
            info.context.db, info.context.require_user(), str(campaign_id)
        )
        start, end = _range(from_, to)
        entries = await earnings.campaign_entries(info.context.db, campaign.id)
        return EarningsReport.from_core(earnings.report(entries, start, end))

    @strawberry.field(permission_classes=[IsInfluencer], description="Your commissions.")
    async def my_commissions(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Commission]:
        return await _commissions(
            info, {"influencer_id": info.context.require_user().id}, first, after
        )

    @strawberry.field(
        permission_classes=[IsAdmin],
        description="Commissions held for review, newest first, decided ones included unless "
        "`waiting` is true.",
    )
    async def held_commissions(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        waiting: Annotated[
            bool,
            strawberry.argument(description="Only those no admin has released or rejected yet."),
        ] = False,
    ) -> Connection[Commission]:
        query: dict[str, Any] = {"hold_reason": {"$exists": True}}
        if waiting:
            decided = await info.context.db.ledger.distinct(
                "subject_id",
                {
                    "kind": {
                        "$in": [
                            ledger.EntryKind.HOLD_RELEASED.value,
                            ledger.EntryKind.HOLD_REJECTED.value,
                        ]
                    }
                },
            )
            query["_id"] = {"$nin": decided}
        return await _commissions(info, query, first, after)

    @strawberry.field(permission_classes=[IsInfluencer], description="Your payouts.")
    async def my_payouts(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Payout]:
        return await paginate(
            info.context.db,
            "payouts",
            {"influencer_id": info.context.require_user().id},
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=lambda d: Payout.from_core(CorePayout.from_doc(d)),
            sort_field="created_at",
        )

    @strawberry.field(permission_classes=[IsAuthenticated], description="Your notifications.")
    async def my_notifications(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Notification]:
        return await paginate(
            info.context.db,
            "notifications",
            {"user_id": info.context.require_user().id},
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            to_node=Notification.from_doc,
            sort_field="created_at",
        )


async def _commissions(
    info: Info, query: dict[str, Any], first: int, after: str | None
) -> Connection[Commission]:
    """A page of commission openings, newest first, each folded with its later entries."""
    check_first(first, info.context.settings.graphql_page_max)
    filters: dict[str, Any] = {**query, "kind": ledger.EntryKind.COMMISSION.value}
    if after:
        mark = decode_cursor(after)
        at = mark.get("v")
        filters = {
            "$and": [
                filters,
                {"$or": [{"at": {"$lt": at}}, {"at": at, "_id": {"$lt": mark.get("id")}}]},
            ]
        }
    db = info.context.db
    docs = (
        await db.ledger.find(filters, {"_id": 1, "at": 1})
        .sort([("at", -1), ("_id", -1)])
        .limit(first + 1)
        .to_list()
    )
    page = docs[:first]
    states = ledger.fold(await earnings.subject_entries(db, [d["_id"] for d in page]))
    return build_connection(
        [Commission.from_core(states[d["_id"]]) for d in page],
        [encode_cursor({"v": d["at"], "id": d["_id"]}) for d in page],
        has_next=len(docs) > first,
        has_previous=after is not None,
    )


@strawberry.type
class CommerceMutation:
    @strawberry.mutation(permission_classes=[IsBrand], description="Add a product.")
    async def create_product(self, info: Info, input: CreateProductInput) -> ProductPayload:
        ctx = info.context
        row = products.form_row(
            sku=input.sku,
            title=input.title,
            price_minor=input.price_minor,
            currency=input.currency,
            product_url=input.product_url,
            image_url=input.image_url,
            category=input.category,
            markets=[m.value for m in input.markets],
        )
        product, errors = await payload_errors(
            lambda: products.create_product(ctx.db, ctx.require_user(), row)
        )
        return ProductPayload(
            product=Product.from_core(product) if product else None, errors=errors
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Change a product.")
    async def update_product(self, info: Info, input: UpdateProductInput) -> ProductPayload:
        ctx = info.context
        changes = {
            "title": input.title,
            "price_minor": input.price_minor,
            "currency": input.currency,
            "product_url": input.product_url,
            "image_url": input.image_url,
            "category": input.category,
            "markets": [m.value for m in input.markets] if input.markets is not None else None,
        }

        def update() -> Any:
            return products.update_product(ctx.db, ctx.require_user(), str(input.id), changes)

        product, errors = await payload_errors(update)
        return ProductPayload(
            product=Product.from_core(product) if product else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Import a CSV or JSON product feed; bad rows are reported, good rows stored.",
    )
    async def import_products(
        self, info: Info, input: ImportProductsInput
    ) -> ImportProductsPayload:
        ctx = info.context

        async def run() -> products.ImportSummary:
            source, name = await _read_feed(input)
            fmt = input.format.value if input.format else products.guess_format(name, source[:64])
            return await products.import_feed(ctx.db, ctx.require_user(), source, fmt)

        summary, errors = await payload_errors(run)
        if summary is None:
            return ImportProductsPayload(errors=errors)
        return ImportProductsPayload(
            rows=summary.rows,
            created=summary.created,
            updated=summary.updated,
            row_errors=[
                ProductRowError(row=e.row, field=e.field, code=e.code.value, message=e.message)
                for e in summary.errors
            ],
        )

    @strawberry.mutation(permission_classes=[IsAdmin], description="Add a shop to a brand.")
    async def create_shop(self, info: Info, input: CreateShopInput) -> CreateShopPayload:
        ctx = info.context
        made, errors = await payload_errors(
            lambda: shops.create_shop(ctx.db, str(input.brand_id), input.name, input.domains)
        )
        if made is None:
            return CreateShopPayload(errors=errors)
        shop, secret = made
        return CreateShopPayload(shop=Shop.from_core(shop), webhook_secret=secret)

    @strawberry.mutation(
        permission_classes=[IsInfluencer],
        description="Your link to a product (for a post and a campaign); the same input "
        "returns the same link.",
    )
    async def create_shoppable_link(
        self, info: Info, input: CreateShoppableLinkInput
    ) -> ShoppableLinkPayload:
        ctx = info.context
        link, errors = await payload_errors(
            lambda: linkstore.create_link(
                ctx.db,
                ctx.state.redis,
                ctx.settings,
                ctx.require_user(),
                str(input.product_id),
                post_id=str(input.post_id) if input.post_id else None,
                campaign_id=str(input.campaign_id) if input.campaign_id else None,
            )
        )
        if link is None:
            return ShoppableLinkPayload(errors=errors)
        return ShoppableLinkPayload(link=ShoppableLink.from_core(link, link.url(ctx.settings)))

    @strawberry.mutation(permission_classes=[IsBrand], description="Draft a campaign.")
    async def create_campaign(self, info: Info, input: CreateCampaignInput) -> CampaignPayload:
        ctx = info.context
        campaign, errors = await payload_errors(
            lambda: campaigns.create_campaign(ctx.db, ctx.require_user(), _campaign_fields(input))
        )
        return CampaignPayload(
            campaign=Campaign.from_core(campaign) if campaign else None, errors=errors
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Change a campaign.")
    async def update_campaign(self, info: Info, input: UpdateCampaignInput) -> CampaignPayload:
        ctx = info.context
        campaign, errors = await payload_errors(
            lambda: campaigns.update_campaign(
                ctx.db, ctx.require_user(), str(input.id), _campaign_fields(input)
            )
        )
        return CampaignPayload(
            campaign=Campaign.from_core(campaign) if campaign else None, errors=errors
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="Start a drafted campaign.")
    async def activate_campaign(self, info: Info, id: strawberry.ID) -> CampaignPayload:
        ctx = info.context
        campaign, errors = await payload_errors(
            lambda: campaigns.activate_campaign(ctx.db, ctx.require_user(), str(id))
        )
        return CampaignPayload(
            campaign=Campaign.from_core(campaign) if campaign else None, errors=errors
        )

    @strawberry.mutation(permission_classes=[IsBrand], description="End a running campaign.")
    async def end_campaign(self, info: Info, id: strawberry.ID) -> CampaignPayload:
        ctx = info.context
        campaign, errors = await payload_errors(
            lambda: campaigns.end_campaign(ctx.db, ctx.require_user(), str(id))
        )
        return CampaignPayload(
            campaign=Campaign.from_core(campaign) if campaign else None, errors=errors
        )

    @strawberry.mutation(permission_classes=[IsInfluencer], description="Apply to a campaign.")
    async def apply_to_campaign(
        self, info: Info, campaign_id: strawberry.ID, pitch: str = ""
    ) -> MembershipPayload:
        ctx = info.context
        membership, errors = await payload_errors(
            lambda: campaigns.apply_to_campaign(ctx.db, ctx.require_user(), str(campaign_id), pitch)
        )
        return _membership_payload(membership, errors)

    @strawberry.mutation(
        permission_classes=[IsInfluencer], description="Accept or decline an invitation."
    )
    async def respond_to_invitation(
        self, info: Info, membership_id: strawberry.ID, accept: bool
    ) -> MembershipPayload:
        ctx = info.context
        membership, errors = await payload_errors(
            lambda: campaigns.respond_to_invitation(
                ctx.db, ctx.require_user(), str(membership_id), accept
            )
        )
        return _membership_payload(membership, errors)

    @strawberry.mutation(permission_classes=[IsBrand], description="Invite an influencer.")
    async def invite_to_campaign(
        self, info: Info, campaign_id: strawberry.ID, influencer_id: strawberry.ID
    ) -> MembershipPayload:
        ctx = info.context
        membership, errors = await payload_errors(
            lambda: campaigns.invite_to_campaign(
                ctx.db, ctx.require_user(), str(campaign_id), str(influencer_id)
            )
        )
        return _membership_payload(membership, errors)

    @strawberry.mutation(
        permission_classes=[IsBrand], description="Approve or decline an application."
    )
    async def decide_application(
        self, info: Info, membership_id: strawberry.ID, approve: bool
    ) -> MembershipPayload:
        ctx = info.context
        membership, errors = await payload_errors(
            lambda: campaigns.decide_application(
                ctx.db, ctx.require_user(), str(membership_id), approve
            )
        )
        return _membership_payload(membership, errors)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Clear a held commission.")
    async def release_hold(self, info: Info, commission_id: strawberry.ID) -> CommissionPayload:
        return await _decide_hold(info, str(commission_id), release=True)

    @strawberry.mutation(permission_classes=[IsAdmin], description="Reject a held commission.")
    async def reject_hold(self, info: Info, commission_id: strawberry.ID) -> CommissionPayload:
        return await _decide_hold(info, str(commission_id), release=False)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Take money back from an influencer's next payout (negative amount).",
    )
    async def post_adjustment(self, info: Info, input: PostAdjustmentInput) -> AdjustmentPayload:
        ctx = info.context
        entry, errors = await payload_errors(
            lambda: earnings.post_adjustment(
                ctx.db,
                str(input.influencer_id),
                input.amount_minor,
                input.currency,
                input.reason,
                input.request_id,
                input.note,
            )
        )
        return AdjustmentPayload(
            adjustment=Adjustment.from_entry(entry) if entry else None, errors=errors
        )

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Pay approved commissions less due clawbacks, per influencer and currency.",
    )
    async def run_payouts(
        self, info: Info, input: RunPayoutsInput | None = None
    ) -> RunPayoutsPayload:
        ctx = info.context
        made, errors = await payload_errors(
            lambda: earnings.run_payouts(
                ctx.db, ctx.state.redis, ctx.settings, input.run_id if input else None
            )
        )
        return RunPayoutsPayload(
            payouts=[Payout.from_core(p) for p in made or []],
            minimum_minor=MinorUnits(ctx.settings.payout_minimum_minor),
            errors=errors,
        )


def _membership_payload(membership: Membership | None, errors: list[Any]) -> MembershipPayload:
    return MembershipPayload(
        membership=CampaignMembership.from_core(membership) if membership else None,
        errors=errors,
    )


async def _decide_hold(info: Info, commission_id: str, *, release: bool) -> CommissionPayload:
    ctx = info.context
    state, errors = await payload_errors(
        lambda: earnings.decide_hold(ctx.db, ctx.state.redis, ctx.settings, commission_id, release)
    )
    return CommissionPayload(
        commission=Commission.from_core(state) if state else None, errors=errors
    )
