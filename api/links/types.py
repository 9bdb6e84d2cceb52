"""GraphQL types of the links area: shoppable links and their user errors."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.catalogue.dataloaders import products_loader
from api.catalogue.types import Product
from api.context import Info
from api.earnings.dataloaders import post_captions_loader
from api.links.dataloaders import link_orders_loader
from commerce.error_codes import LinkErrorCode
from commerce.linkstore import Link as CoreLink
from core.errors import UserError as CoreUserError

strawberry.enum(LinkErrorCode, name="LinkErrorCode", description="Why a link input failed.")


@strawberry.type(description="A problem with a shoppable-link input.")
class LinkError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: LinkErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> LinkError:
        return cls(field=error.field, code=LinkErrorCode(error.code), message=error.message)


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        found = await info.context.dataloader(products_loader).load(str(self.product_id))
        return Product.from_core(found) if found else None

    @strawberry.field(description="The caption of the post the link belongs to (shortened).")
    async def post_caption(self, info: Info) -> str | None:
        if self.post_id is None:
            return None
        caption = await info.context.dataloader(post_captions_loader).load(str(self.post_id))
        return shorten(caption) if caption else None

    @strawberry.field(
        description="What a person calls the link: the product's title, and the post's "
        "caption when it belongs to a post (the code tells apart links to one product)."
    )
    async def label(self, info: Info) -> str:
        product = await info.context.dataloader(products_loader).load(str(self.product_id))
        title = product.title if product else "Product"
        caption = await self.post_caption(info)
        return f"{title} · {caption}" if caption else title

    @strawberry.field(description="Orders credited to this link.")
    async def orders(self, info: Info) -> int:
        return await info.context.dataloader(link_orders_loader).load(str(self.id))

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
