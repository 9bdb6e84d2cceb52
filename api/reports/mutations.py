"""Reports mutations: recompute a brand's reports now, change its report settings. Each hands
off to `attribution.report_requests` or `attribution.brand_settings`."""

from __future__ import annotations

import strawberry

from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsBrand
from api.reports.schema import BrandArg, CampaignArg, CurrencyArg, From, To, report_query
from api.reports.types import BrandSettings, ReportError, UpdateBrandSettingsInput
from attribution import brand_settings, report_requests


@strawberry.type
class BrandSettingsPayload:
    settings: BrandSettings | None = None
    errors: list[ReportError] = strawberry.field(default_factory=list)


@strawberry.type
class RefreshReportsPayload:
    queued: int = strawberry.field(
        default=0,
        description="How many reports (each with every grouping and model) are being recomputed.",
    )
    errors: list[ReportError] = strawberry.field(default_factory=list)


@strawberry.type
class ReportsMutation:
    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Recompute your brand's (or one campaign's) reports now, and the given "
        "range's; reports read meanwhile are marked stale.",
    )
    async def refresh_reports(
        self,
        info: Info,
        campaign_id: CampaignArg = None,
        brand_id: BrandArg = None,
        from_: From = None,
        to: To = None,
        currency: CurrencyArg = None,
    ) -> RefreshReportsPayload:
        ctx = info.context
        query = report_query(from_, to, campaign_id, brand_id, currency)
        queued, errors = await payload_errors_as(
            lambda: report_requests.refresh(
                ctx.db, ctx.state.redis, ctx.settings, ctx.require_user(), query
            ),
            ReportError.from_core,
        )
        return RefreshReportsPayload(queued=queued or 0, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Set your paid-ads baseline CAC (what a new customer costs through ads), "
        "your reporting currency, and what your shopper channel pays in points.",
    )
    async def update_brand_settings(
        self, info: Info, input: UpdateBrandSettingsInput
    ) -> BrandSettingsPayload:
        ctx = info.context
        saved, errors = await payload_errors_as(
            lambda: brand_settings.update_brand_settings(
                ctx.db,
                ctx.require_user(),
                baseline_cac_minor=input.baseline_cac_minor,
                currency=input.currency,
                brand_id=str(input.brand_id) if input.brand_id else None,
                shopper_points_bps=input.shopper_points_rate_bps,
                shopper_return_window_days=input.shopper_return_window_days,
            ),
            ReportError.from_core,
        )
        return BrandSettingsPayload(
            settings=BrandSettings.from_core(saved) if saved else None, errors=errors
        )
