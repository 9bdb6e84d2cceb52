"""GraphQL types of the catalogue area: products, shops and their user errors."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.accounts.dataloaders import load_user
from api.accounts.types import User
from api.context import Info
from api.core.enums import Market
from api.core.pagination import Connection
from api.core.scalars import Money, money
from commerce import product_looks
from commerce.error_codes import ProductErrorCode, ShopErrorCode
from commerce.products import ListingStatus
from commerce.products import Product as CoreProduct
from commerce.shops import Shop as CoreShop
from core.errors import UserError as CoreUserError
from media.backends import media_url

strawberry.enum(
    ProductErrorCode, name="ProductErrorCode", description="Why a product input failed."
)
strawberry.enum(ShopErrorCode, name="ShopErrorCode", description="Why a shop input failed.")
strawberry.enum(
    ListingStatus,
    name="ProductListingStatus",
    description="Which products a catalogue listing holds: on sale (ACTIVE), ARCHIVED, or ALL.",
)

if TYPE_CHECKING:
    from api.posts.types import Post


@strawberry.enum(description="Format of a product feed.")
class FeedFormat(Enum):
    CSV = "csv"
    JSON = "json"


@strawberry.type(description="A problem with a product or product feed input.")
class ProductError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: ProductErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> ProductError:
        return cls(field=error.field, code=ProductErrorCode(error.code), message=error.message)


@strawberry.type(description="A problem with a shop input.")
class ShopError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: ShopErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> ShopError:
        return cls(field=error.field, code=ShopErrorCode(error.code), message=error.message)


@strawberry.type(description="A product in a brand's catalogue.")
class Product:
    id: strawberry.ID
    brand_id: strawberry.ID
    sku: str
    title: str
    price: Money
    product_url: str
    category: str | None
    markets: list[Market]
    created_at: datetime
    updated_at: datetime
    _core: strawberry.Private[CoreProduct]

    @strawberry.field(
        description="The product's photo: the one uploaded here (feed size), else the "
        "catalogue feed's image URL, else null."
    )
    def image_url(self, info: Info) -> str | None:
        key = self._core.photo_keys.get("feed")
        return media_url(info.context.settings, key) if key else self._core.image_url

    @strawberry.field(description="A small version of the photo for lists.")
    def thumb_url(self, info: Info) -> str | None:
        key = self._core.photo_keys.get("thumb") or self._core.photo_keys.get("feed")
        return media_url(info.context.settings, key) if key else self._core.image_url

    @strawberry.field(description="Placeholder to paint while an uploaded photo loads.")
    def image_blurhash(self) -> str | None:
        return self._core.photo_blurhash

    @strawberry.field(description="Whether the photo was uploaded here (it can be removed).")
    def has_uploaded_image(self) -> bool:
        return bool(self._core.photo_keys)

    @strawberry.field(
        description="True once its brand took it off sale: it keeps its place on existing "
        "posts (shown as no longer sold) but cannot be tagged, linked or added to a campaign."
    )
    def archived(self) -> bool:
        return self._core.archived

    @strawberry.field(description="When it was archived; null while on sale.")
    def archived_at(self) -> datetime | None:
        return self._core.archived_at

    @strawberry.field(description="The brand that sells it.")
    async def brand(self, info: Info) -> User | None:
        found = await load_user(info, self._core.brand_id)
        return User.from_core(found) if found is not None else None

    @strawberry.field(
        description='Where "Buy" goes for the viewer: with `look`, that look\'s tracked link '
        "when its author has one (they are credited), else the product's page at the shop; "
        "null once archived."
    )
    async def buy_url(self, info: Info, look: strawberry.ID | None = None) -> str | None:
        ctx = info.context
        return await product_looks.buy_url(
            ctx.db, ctx.settings, ctx.user, self._core, str(look) if look else None
        )

    @strawberry.field(
        description="The published looks that tag it, newest first (deleted, hidden and "
        "unpublished posts never appear)."
    )
    async def looks(
        self, info: Info, first: int = 12, after: str | None = None
    ) -> Connection[Annotated[Post, strawberry.lazy("api.posts.types")]]:
        from api.posts.types import post_connection

        ctx = info.context
        page = await product_looks.product_looks(
            ctx.db,
            self._core.id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        return await post_connection(info, page)

    @classmethod
    def from_core(cls, product: CoreProduct) -> Product:
        return cls(
            id=strawberry.ID(product.id),
            brand_id=strawberry.ID(product.brand_id),
            sku=product.sku,
            title=product.title,
            price=money(product.price_minor, product.currency),
            product_url=product.product_url,
            category=product.category,
            markets=[Market(m) for m in product.markets],
            created_at=product.created_at,
            updated_at=product.updated_at,
            _core=product,
        )


@strawberry.type(description="A problem with one row of a product feed.")
class ProductRowError:
    row: int = strawberry.field(description="Product number in the file, from 1.")
    field: str
    code: str
    message: str


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
