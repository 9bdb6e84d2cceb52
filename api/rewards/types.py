"""GraphQL types of shopper points and the brands' shopper channel."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.catalogue.types import Product
from api.context import Info
from api.core.scalars import Money, money
from api.posts.dataloaders import load_product, published_posts_loader
from api.posts.types import Post
from commerce import points as core_points
from commerce.points import ChannelFigures, PointsState, Status
from posts.lifecycle import Post as CorePost

strawberry.enum(
    Status,
    name="PointsStatus",
    description="PENDING until the order's return window closes, then AVAILABLE; REVERSED "
    "when the whole order came back inside the window.",
)


@strawberry.type(description="A shopper's points in one currency (1 point = 1 minor unit).")
class PointsBalance:
    currency: str
    pending: int = strawberry.field(description="Held until the orders' return windows close.")
    available: int = strawberry.field(description="Ready to spend as store credit.")
    reversed: int = strawberry.field(description="Taken back by returns inside the window.")
    available_value: Money = strawberry.field(description="What the available points are worth.")
    next_available_at: datetime | None = strawberry.field(
        description="When the earliest pending points become available; null if none pend."
    )

    @classmethod
    def from_core(
        cls, balance: core_points.PointsBalance, next_available_at: datetime | None
    ) -> PointsBalance:
        return cls(
            currency=balance.currency,
            pending=balance.pending,
            available=balance.available,
            reversed=balance.reversed,
            available_value=money(balance.available, balance.currency),
            next_available_at=next_available_at,
        )


@strawberry.type(description="The points one order earned through one of your looks.")
class PointsEntry:
    id: strawberry.ID
    status: Status
    points: int = strawberry.field(description="What still stands (credited less reversed).")
    credited: int
    reversed: int
    currency: str
    sale: Money = strawberry.field(description="The order's net sale the points were paid on.")
    returned: Money = strawberry.field(description="How much of the sale was returned.")
    rate_bps: int = strawberry.field(description="The brand's rate, in basis points of the sale.")
    order_number: str | None = strawberry.field(description="The shop's own order number.")
    ordered_at: datetime
    available_at: datetime = strawberry.field(
        description="When the return window closes and the points become available."
    )
    approved_at: datetime | None
    product_id: strawberry.ID | None
    post_id: strawberry.ID | None

    @strawberry.field(description="The tagged product the order came through.")
    async def product(self, info: Info) -> Product | None:
        if self.product_id is None:
            return None
        found = await load_product(info, str(self.product_id))
        return Product.from_core(found) if found else None

    @strawberry.field(description="Your look the order came through (null once it is gone).")
    async def post(self, info: Info) -> Post | None:
        if self.post_id is None:
            return None
        found: CorePost | None = await info.context.dataloader(published_posts_loader).load(
            str(self.post_id)
        )
        return Post.from_core(found) if found else None

    @classmethod
    def from_core(cls, state: PointsState, order_number: str | None) -> PointsEntry:
        return cls(
            id=strawberry.ID(state.credit_id),
            status=state.status,
            points=state.open_points,
            credited=state.credited,
            reversed=state.reversed,
            currency=state.currency,
            sale=money(state.sale_minor, state.currency),
            returned=money(state.returned_minor, state.currency),
            rate_bps=state.rate_bps,
            order_number=order_number,
            ordered_at=state.at,
            available_at=state.window_closes_at,
            approved_at=state.approved_at,
            product_id=strawberry.ID(state.product_id) if state.product_id else None,
            post_id=strawberry.ID(state.post_id) if state.post_id else None,
        )


@strawberry.type(
    description="The shopper channel of a brand over a period: orders that came through "
    "shoppers' tagged looks and earned points, what they sold and what the points cost."
)
class ShopperChannel:
    start: date
    end: date
    currency: str
    orders: int
    revenue: Money = strawberry.field(description="Net of returns.")
    points_cost: Money = strawberry.field(description="Points credited less points reversed.")
    new_customers: int
    cac: Money | None = strawberry.field(
        description="Points cost per new customer; null without new customers."
    )
    rate_bps: int = strawberry.field(description="The brand's current rate, in basis points.")

    @classmethod
    def from_core(
        cls, figures: ChannelFigures, start: date, end: date, rate_bps: int
    ) -> ShopperChannel:
        cac = figures.cac_minor
        return cls(
            start=start,
            end=end,
            currency=figures.currency,
            orders=figures.orders,
            revenue=money(figures.revenue_minor, figures.currency),
            points_cost=money(figures.points_cost, figures.currency),
            new_customers=figures.new_customers,
            cac=money(cac, figures.currency) if cac is not None else None,
            rate_bps=rate_bps,
        )
