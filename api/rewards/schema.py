"""The rewards area's fields (its mutations: `mutations`).

A signed-in user reads only their own points (no argument names anyone else); a brand reads only
its own shopper channel, an admin any brand's. The figures come from `commerce.points_store`."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import strawberry

from api.context import Info
from api.core.pagination import Connection, connection
from api.permissions import IsAuthenticated, IsBrand
from api.reports.schema import BrandArg, CurrencyArg, From, To
from api.rewards.types import PointsBalance, PointsEntry, ShopperChannel
from attribution import brand_settings, report_requests
from commerce import points, points_store


@strawberry.type(description="Your points: store credit earned when your tagged looks sell.")
class MyPoints:
    _shopper_id: strawberry.Private[str]

    @strawberry.field(description="Per currency (usually one): pending, available, reversed.")
    async def balances(self, info: Info) -> list[PointsBalance]:
        states = await points_store.shopper_states(info.context.db, self._shopper_id)
        soonest = points.next_available(states)
        return [
            PointsBalance.from_core(balance, soonest.get(balance.currency))
            for balance in points.balances(states)
        ]

    @strawberry.field(description="The orders that earned you points, newest first.")
    async def history(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[PointsEntry]:
        ctx = info.context
        page = await points_store.shopper_history(
            ctx.db,
            self._shopper_id,
            first=first,
            after=after,
            maximum=ctx.settings.graphql_page_max,
        )
        numbers = await points_store.shop_order_ids(ctx.db, [s.order_id for s in page.items])
        return connection(page, lambda s: PointsEntry.from_core(s, numbers.get(s.order_id)))


@strawberry.type
class RewardsQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your points from orders placed through your tagged looks.",
    )
    def my_points(self, info: Info) -> MyPoints:
        return MyPoints(_shopper_id=info.context.require_user().id)

    @strawberry.field(
        permission_classes=[IsBrand],
        description="The shopper channel beside your KOLs: orders through shoppers' tagged "
        "looks that earned points, their revenue, the points' cost and CAC, for orders placed "
        "from `from` to `to` (UTC days, as the attribution reports).",
    )
    async def shopper_channel(
        self,
        info: Info,
        from_: From = None,
        to: To = None,
        brand_id: BrandArg = None,
        currency: CurrencyArg = None,
    ) -> ShopperChannel:
        ctx = info.context
        brand = await brand_settings.settings_brand(
            ctx.db, ctx.require_user(), str(brand_id) if brand_id else None
        )
        start, end = report_requests.clean_range(ctx.settings, from_, to)
        stored = (await brand_settings.brand_settings(ctx.db, [brand]))[brand]
        code = (
            report_requests.clean_currency(currency)
            or stored.currency
            or report_requests.DEFAULT_CURRENCY
        )
        figures = await points_store.channel_figures(
            ctx.db,
            brand,
            datetime.combine(start, time(), UTC),
            datetime.combine(end + timedelta(days=1), time(), UTC),
            code,
        )
        terms = await points_store.brand_terms(ctx.db, brand)
        return ShopperChannel.from_core(figures, start, end, terms.rate_bps)
