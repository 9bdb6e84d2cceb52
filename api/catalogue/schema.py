"""The catalogue area's fields: products and shops (its mutations: `mutations`)."""

from __future__ import annotations

import strawberry

from api.catalogue.types import Product, Shop
from api.context import Info
from api.core.pagination import Connection, connection
from api.permissions import IsBrand
from commerce import products, shops
from commerce.products import ListingStatus


@strawberry.type
class CatalogueQuery:
    @strawberry.field(
        description="The catalogue, newest first; one brand's with brandId; `search` matches "
        "words of the title or the SKU, case-insensitively. Products on sale only, unless a "
        "brand asks for its own archived ones (`status: ARCHIVED` or `ALL`, with its brandId)."
    )
    async def products(
        self,
        info: Info,
        brand_id: strawberry.ID | None = None,
        search: str | None = None,
        first: int = 20,
        after: str | None = None,
        status: ListingStatus = ListingStatus.ACTIVE,
    ) -> Connection[Product]:
        page = await products.list_products(
            info.context.db,
            str(brand_id) if brand_id else None,
            search,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
            status=status,
            viewer=info.context.user,
        )
        return connection(page, Product.from_core)

    @strawberry.field
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        found = await products.get_product(info.context.db, str(id))
        return Product.from_core(found) if found else None

    @strawberry.field(permission_classes=[IsBrand], description="Your brand's shops.")
    async def my_shops(self, info: Info) -> list[Shop]:
        user = info.context.require_user()
        return [Shop.from_core(s) for s in await shops.brand_shops(info.context.db, user.id)]
