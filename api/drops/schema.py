"""Test drops: designers turn trending elements into small batches; sales decide re-orders.

Resolvers hand off to `feeds.drops.store`; which drops a user sees (their brand's) is decided
there, roles here by permission classes. The mutations are in `api.drops.mutations`; verdicts
come from the `drops.*` Celery tasks, which a new drop and a re-order queue at once.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from accounts.users import get_user
from api.accounts.types import User
from api.campaigns.types import Campaign
from api.context import Info
from api.core.pagination import Connection, connection
from api.drops.types import (
    TestDrop,
    TestDropsFilter,
)
from api.permissions import IsDesignerOrBrand
from commerce.shops import brand_allow_list
from feeds.drops import store as drops_store
from feeds.drops.store import DropFilter


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
        campaigns = await drops_store.open_campaigns(ctx.db, brand.id)
        return DropBrand(
            brand=User.from_core(brand),
            shop_domains=sorted(allow.domains),
            campaigns=[Campaign.from_core(c) for c in campaigns],
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
        chosen = filter_ or TestDropsFilter()
        page = await drops_store.list_drops(
            ctx.db,
            ctx.require_user(),
            DropFilter(
                designer_id=str(chosen.designer_id) if chosen.designer_id else None,
                category=chosen.category,
                element_id=chosen.element_id,
                verdict=chosen.verdict.value if chosen.verdict else None,
            ),
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return connection(page, TestDrop.from_core)

    @strawberry.field(
        permission_classes=[IsDesignerOrBrand],
        description="One of your brand's test drops; null for any other id.",
    )
    async def test_drop(self, info: Info, id: strawberry.ID) -> TestDrop | None:
        ctx = info.context
        found = await drops_store.find_visible_drop(ctx.db, ctx.require_user(), str(id))
        return TestDrop.from_core(found) if found else None
