"""Attribution reports: per campaign, influencer, post or link, under any model, side by side.

Resolvers hand off to `attribution.report_requests`, which decides whose rows a user sees and
serves them from the report cache (never from the raw click history). The mutations are in
`api.reports.mutations`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import strawberry

from accounts.users import Role
from api.context import Info
from api.permissions import IsBrand, IsReportReader
from api.reports.types import (
    AttributionReport,
    AttributionReportRow,
    BrandSettings,
    KolLeaderboard,
    LeaderboardOrder,
)
from attribution import brand_settings, report_requests
from attribution.journeys import Channel
from attribution.models import AttributionModel
from attribution.report_requests import ReportQuery, ReportView
from core.paging import check_first

From = Annotated[
    date | None,
    strawberry.argument(name="from", description="First UTC day; default: 29 days before `to`."),
]
To = Annotated[date | None, strawberry.argument(description="Last UTC day; default: today.")]
CampaignArg = Annotated[
    strawberry.ID | None, strawberry.argument(description="One campaign; default: all of them.")
]
BrandArg = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Admins and influencers: one brand; default: every one."),
]
CurrencyArg = Annotated[
    str | None,
    strawberry.argument(
        description="Orders in this currency are counted; default: the campaign's or the "
        "brand's reporting currency, else USD."
    ),
]


def report_query(
    from_: date | None,
    to: date | None,
    campaign_id: strawberry.ID | None,
    brand_id: strawberry.ID | None,
    currency: str | None,
) -> ReportQuery:
    return ReportQuery(
        start=from_,
        end=to,
        campaign_id=str(campaign_id) if campaign_id is not None else None,
        brand_id=str(brand_id) if brand_id is not None else None,
        currency=currency,
    )


async def _views(
    info: Info, query: ReportQuery, channel: Channel, models: list[AttributionModel] | None
) -> list[ReportView]:
    ctx = info.context
    resolved = await report_requests.resolve(ctx.db, ctx.settings, ctx.require_user(), query)
    chosen = models or [resolved.default_model]
    return await report_requests.views(
        ctx.db, ctx.state.redis, ctx.settings, resolved, channel, chosen
    )


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        permission_classes=[IsReportReader],
        description="Clicks, conversions, revenue, spend, CAC and ROAS per campaign, influencer, "
        "post or link, under one attribution model (default: the campaign's own, else "
        "LAST_CLICK). Influencers see their own rows only.",
    )
    async def attribution_report(
        self,
        info: Info,
        group_by: Channel,
        model: AttributionModel | None = None,
        from_: From = None,
        to: To = None,
        campaign_id: CampaignArg = None,
        brand_id: BrandArg = None,
        currency: CurrencyArg = None,
    ) -> AttributionReport:
        query = report_query(from_, to, campaign_id, brand_id, currency)
        (view,) = await _views(info, query, group_by, [model] if model else None)
        return AttributionReport.from_view(view)

    @strawberry.field(
        permission_classes=[IsReportReader],
        description="The same report under every attribution model, to see how credit moves.",
    )
    async def compare_models(
        self,
        info: Info,
        group_by: Channel,
        from_: From = None,
        to: To = None,
        campaign_id: CampaignArg = None,
        brand_id: BrandArg = None,
        currency: CurrencyArg = None,
    ) -> list[AttributionReport]:
        query = report_query(from_, to, campaign_id, brand_id, currency)
        found = await _views(info, query, group_by, list(AttributionModel))
        return [AttributionReport.from_view(v) for v in found]

    @strawberry.field(
        permission_classes=[IsBrand],
        description="The best KOLs by ROAS (highest first) or CAC (lowest first); KOLs with no "
        "spend (ROAS) or no new customers (CAC) are not ranked.",
    )
    async def kol_leaderboard(
        self,
        info: Info,
        by: LeaderboardOrder,
        first: int = 10,
        model: AttributionModel | None = None,
        from_: From = None,
        to: To = None,
        campaign_id: CampaignArg = None,
        brand_id: BrandArg = None,
        currency: CurrencyArg = None,
    ) -> KolLeaderboard:
        check_first(first, info.context.settings.graphql_page_max)
        query = report_query(from_, to, campaign_id, brand_id, currency)
        (view,) = await _views(info, query, Channel.INFLUENCER, [model] if model else None)
        order: Literal["roas", "cac"] = "roas" if by is LeaderboardOrder.ROAS else "cac"
        currency_ = view.resolved.currency
        return KolLeaderboard(
            by=by,
            model=view.model,
            currency=currency_,
            entries=[
                AttributionReportRow.from_labeled(r, currency_)
                for r in report_requests.leaderboard(view, order, first)
            ],
            computed_at=view.computed_at,
            stale=view.stale,
            pending=view.pending,
        )

    @strawberry.field(
        permission_classes=[IsBrand],
        description="Your brand's report settings (admins: give brandId).",
    )
    async def brand_settings(
        self, info: Info, brand_id: strawberry.ID | None = None
    ) -> BrandSettings | None:
        ctx = info.context
        user = ctx.require_user()
        if user.role is Role.ADMIN and brand_id is None:
            return None
        target = await brand_settings.settings_brand(
            ctx.db, user, str(brand_id) if brand_id else None
        )
        found = await brand_settings.brand_settings(ctx.db, [target])
        return BrandSettings.from_core(found[target])
