"""Test drops: designers turn trending elements into small batches; sales decide re-orders.

Resolvers hand off to `feeds.drops.store`; which drops a user sees (their brand's) is decided
there, roles here by permission classes. Verdicts come from the `drops.*` Celery tasks, which a
new drop and a re-order queue at once.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from accounts.users import get_user
from api.accounts.types import User
from api.commerce.types import Campaign
from api.context import Info
from api.core.errors import payload_errors
from api.core.pagination import Connection, paginate
from api.drops.types import (
    CreateTestDropInput,
    CreateTestDropPayload,
    DropProduct,
    PlaceReorderPayload,
    SetDesignerBrandPayload,
    TestDrop,
    TestDropsFilter,
)
from api.permissions import IsAdmin, IsDesigner, IsDesignerOrBrand
from commerce.campaigns import Campaign as CoreCampaign
from commerce.campaigns import CampaignStatus
from commerce.shops import brand_allow_list
from feeds.drops import store as drops_store
from feeds.drops.store import DropDraft, DropFilter, ProductDraft
from feeds.drops.tasks import recompute_drop
from feeds.extraction_io import current_taxonomy


def _draft(data: CreateTestDropInput) -> DropDraft:
    return DropDraft(
        name=data.name,
        element_ids=[e.strip() for e in data.element_ids],
        markets=[m.value for m in data.markets],
        launch_on=data.launch_date,
        campaign_id=str(data.campaign_id) if data.campaign_id else None,
        products=[
            ProductDraft(
                sku=p.sku,
                title=p.title,
                category=p.category,
                price_minor=p.price_minor,
                currency=p.currency,
                unit_cost_minor=p.unit_cost_minor,
                units=p.units,
                product_url=p.product_url,
                image_url=p.image_url,
            )
            for p in data.products
        ],
    )


@strawberry.type(description="The brand a designer's test drops go into, and what a drop needs.")
class DropBrand:
    brand: User
    shop_domains: list[str] = strawberry.field(
        description="Merchant domains of the brand's shops: product pages must be on one."
    )
    campaigns: list[Campaign] = strawberry.field(
        description="The brand's draft and running campaigns, newest first: a drop can give "
        "KOLs its products through one."
    )


@strawberry.type
class DropsQuery:
    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="The brand your test drops go into (yours, for a brand); null for a "
        "designer no admin has attached to a brand yet.",
    )
    async def drop_brand(self, info: Info) -> DropBrand | None:
        ctx = info.context
        brand_id = await drops_store.brand_of(ctx.db, ctx.require_user())
        brand = await get_user(ctx.db, brand_id) if brand_id else None
        if brand is None:
            return None
        allow = await brand_allow_list(ctx.db, brand.id)
        docs = (
            await ctx.db.campaigns.find(
                {
                    "brand_id": brand.id,
                    "status": {"$in": [CampaignStatus.DRAFT.value, CampaignStatus.ACTIVE.value]},
                }
            )
            .sort("created_at", -1)
            .limit(50)
            .to_list()
        )
        return DropBrand(
            brand=User.from_core(brand),
            shop_domains=sorted(allow.domains),
            campaigns=[Campaign.from_core(CoreCampaign.from_doc(d)) for d in docs],
        )

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="Your brand's test drops, most urgent first: the least days of cover "
        "(about to sell out) first, drops selling nothing yet last.",
    )
    async def test_drops(
        self,
        info: Info,
        filter_: Annotated[TestDropsFilter | None, strawberry.argument(name="filter")] = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[TestDrop]:
        ctx = info.context
        where = await drops_store.scope(ctx.db, ctx.require_user())
        chosen = filter_ or TestDropsFilter()
        query = drops_store.list_query(
            where,
            DropFilter(
                designer_id=str(chosen.designer_id) if chosen.designer_id else None,
                category=chosen.category,
                element_id=chosen.element_id,
                verdict=chosen.verdict.value if chosen.verdict else None,
            ),
        )
        return await paginate(
            ctx.db,
            drops_store.DROPS,
            query,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
            to_node=TestDrop.from_doc,
            sort_field="urgency",
            descending=False,
        )

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="One of your brand's test drops; null for any other id.",
    )
    async def test_drop(self, info: Info, id: strawberry.ID) -> TestDrop | None:
        ctx = info.context
        doc = await drops_store.find_visible_drop(ctx.db, ctx.require_user(), str(id))
        return TestDrop.from_doc(doc) if doc else None


@strawberry.type
class DropsMutation:
    @strawberry.mutation(
        permission_classes=[IsDesigner],
        description="Create a test drop: new products in your brand's catalogue, each with its "
        "first batch, linked to trending elements.",
    )
    async def create_test_drop(
        self, info: Info, input: CreateTestDropInput
    ) -> CreateTestDropPayload:
        ctx = info.context

        async def create() -> TestDrop:
            doc = await drops_store.create_drop(
                ctx.db,
                ctx.settings,
                ctx.require_user(),
                _draft(input),
                current_taxonomy(ctx.settings),
            )
            recompute_drop.delay(doc["_id"])
            return TestDrop.from_doc(doc)

        drop, errors = await payload_errors(create)
        return CreateTestDropPayload(test_drop=drop, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsDesignerOrBrand],
        description="Record a re-order as the product's next batch; its units count from the "
        "expected date on.",
    )
    async def place_reorder(
        self, info: Info, product_id: strawberry.ID, quantity: int, expected_date: date
    ) -> PlaceReorderPayload:
        ctx = info.context

        async def place() -> DropProduct:
            doc = await drops_store.place_reorder(
                ctx.db, ctx.require_user(), str(product_id), quantity, expected_date
            )
            recompute_drop.delay(doc["drop_id"])
            return DropProduct.from_doc(doc)

        product, errors = await payload_errors(place)
        return PlaceReorderPayload(product=product, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Attach a designer to the brand whose catalogue their test drops go into "
        "(null detaches).",
    )
    async def set_designer_brand(
        self, info: Info, designer_id: strawberry.ID, brand_id: strawberry.ID | None
    ) -> SetDesignerBrandPayload:
        ctx = info.context
        result, errors = await payload_errors(
            lambda: drops_store.set_designer_brand(
                ctx.db, str(designer_id), str(brand_id) if brand_id else None
            )
        )
        if result is None:
            return SetDesignerBrandPayload(errors=errors)
        return SetDesignerBrandPayload(
            designer_id=strawberry.ID(result["designer_id"]),
            brand_id=strawberry.ID(result["brand_id"]) if result["brand_id"] else None,
        )
