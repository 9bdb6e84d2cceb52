"""GraphQL types of the attribution reports and the brand's report settings."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import strawberry

from api.context import Info
from api.core.pagination import Connection, build_connection
from api.core.scalars import MinorUnits, Money, money
from api.links.dataloaders import links_loader
from api.links.types import ShoppableLink
from attribution.brand_settings import BrandSettings as CoreBrandSettings
from attribution.error_codes import ReportErrorCode
from attribution.journeys import Channel
from attribution.metrics import ChannelReport
from attribution.models import AttributionModel
from attribution.report_cache import LabeledRow
from attribution.report_requests import ReportView
from commerce.points_store import Terms
from core.errors import UserError as CoreUserError
from core.paging import decode_cursor, encode_cursor

strawberry.enum(
    AttributionModel,
    name="AttributionModel",
    description="How each conversion's single unit of credit is shared along its journey.",
)
strawberry.enum(
    Channel, name="ReportGroupBy", description="What a report's rows are: one per value of it."
)


strawberry.enum(
    ReportErrorCode,
    name="ReportErrorCode",
    description="Why a report, refresh or brand settings request was refused.",
)


@strawberry.type(description="A problem with a reports request, for the person who sent it.")
class ReportError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: ReportErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> ReportError:
        return cls(field=error.field, code=ReportErrorCode(error.code), message=error.message)


@strawberry.enum(description="How the KOL leaderboard ranks influencers.")
class LeaderboardOrder(Enum):
    ROAS = "roas"
    CAC = "cac"


@strawberry.enum(description="Order of a report's rows (largest first; CAC cheapest first).")
class ReportSort(Enum):
    REVENUE = "revenue"
    CONVERSIONS = "conversions"
    CLICKS = "clicks"
    SPEND = "spend"
    ROAS = "roas"
    CAC = "cac"
    CHANNEL = "channel"


def _money(amount: int | None, currency: str) -> Money | None:
    return None if amount is None else money(amount, currency)


@strawberry.type(
    description="Acquisition metrics. Counts of conversions and new customers are credit-"
    "weighted (a conversion shared by two KOLs counts half for each); a ratio with nothing to "
    "divide by is null."
)
class AttributionMetrics:
    clicks: int = strawberry.field(description="Clicks by people (bots left out).")
    unique_visitors: int
    conversions: float
    conversion_rate: float | None = strawberry.field(description="Conversions per click.")
    revenue: Money = strawberry.field(description="Credited revenue net of returns.")
    average_order_value: Money | None
    return_rate: float | None = strawberry.field(description="Share of revenue returned.")
    new_customers: float = strawberry.field(description="Customers' first orders with the brand.")
    commission: Money
    fixed_fees: Money
    spend: Money = strawberry.field(description="Commission plus fixed fees.")
    cac: Money | None = strawberry.field(description="Spend per new customer.")
    cpa: Money | None = strawberry.field(description="Spend per conversion.")
    roas: float | None = strawberry.field(description="Revenue per unit of spend.")
    cac_saving: Money | None = strawberry.field(
        description="The brand's paid-ads baseline CAC minus this CAC (per new customer)."
    )
    saving: Money | None = strawberry.field(
        description="What these new customers would have cost at the baseline CAC, minus spend."
    )

    @staticmethod
    def fields_of(row: ChannelReport, currency: str) -> dict[str, object]:
        return {
            "clicks": row.clicks,
            "unique_visitors": row.unique_visitors,
            # Credit sums carry float noise in their last bits (2.0000000000000004).
            "conversions": round(row.conversions, 9),
            "conversion_rate": row.conversion_rate,
            "revenue": money(row.revenue_minor, currency),
            "average_order_value": _money(row.aov_minor, currency),
            "return_rate": row.return_rate,
            "new_customers": round(row.new_customers, 9),
            "commission": money(row.commission_minor, currency),
            "fixed_fees": money(row.fixed_fees_minor, currency),
            "spend": money(row.spend_minor, currency),
            "cac": _money(row.cac_minor, currency),
            "cpa": _money(row.cpa_minor, currency),
            "roas": row.roas,
            "cac_saving": _money(row.cac_saving_minor, currency),
            "saving": _money(row.saving_minor, currency),
        }

    @classmethod
    def from_core(cls, row: ChannelReport, currency: str) -> AttributionMetrics:
        return cls(**cls.fields_of(row, currency))  # type: ignore[arg-type]


@strawberry.type(description="One campaign, influencer, post or link of a report.")
class AttributionReportRow(AttributionMetrics):
    channel_id: strawberry.ID | None = strawberry.field(
        description="The campaign, influencer, post or link id; null for credit that has none "
        "(e.g. an order by creator code has no link or post)."
    )
    label: str | None = strawberry.field(
        description="Campaign name, influencer name, link code or the post's caption."
    )
    brand_id: strawberry.ID
    group_by: strawberry.Private[Channel | None] = None

    @strawberry.field(
        description="For a row of links: the link, to name it by its product and post "
        "(`label` is its code); null for other rows."
    )
    async def link(self, info: Info) -> ShoppableLink | None:
        if self.group_by is not Channel.LINK or self.channel_id is None:
            return None
        found = await info.context.dataloader(links_loader).load(str(self.channel_id))
        return ShoppableLink.from_core(found, found.url(info.context.settings)) if found else None

    @classmethod
    def from_labeled(
        cls, row: LabeledRow, currency: str, group_by: Channel | None = None
    ) -> AttributionReportRow:
        metrics = row.metrics
        return cls(
            channel_id=strawberry.ID(metrics.channel) if metrics.channel is not None else None,
            label=row.label,
            brand_id=strawberry.ID(row.brand_id),
            group_by=group_by,
            **cls.fields_of(metrics, currency),  # type: ignore[arg-type]
        )


def _sort_key(sort: ReportSort, row: LabeledRow) -> tuple[object, ...]:
    m = row.metrics
    channel = m.channel or "\uffff"  # the row without a channel last
    if sort is ReportSort.CHANNEL:
        return (row.brand_id, channel)
    if sort is ReportSort.CAC:
        return (m.cac_minor is None, m.cac_minor or 0, channel)
    value = {
        ReportSort.REVENUE: m.revenue_minor,
        ReportSort.CONVERSIONS: m.conversions,
        ReportSort.CLICKS: m.clicks,
        ReportSort.SPEND: m.spend_minor,
        ReportSort.ROAS: m.roas,
    }[sort]
    return (value is None, -(value or 0), channel, row.brand_id)


@strawberry.type(description="An attribution report: rows under one model, and their totals.")
class AttributionReport:
    model: AttributionModel
    group_by: Channel
    campaign_id: strawberry.ID | None
    currency: str
    from_: date = strawberry.field(name="from")
    to: date
    totals: AttributionMetrics
    computed_at: datetime | None = strawberry.field(
        description="When the report was computed; null while it is first being computed."
    )
    stale: bool = strawberry.field(
        description="Newer data exists or a recomputation is under way; ask again shortly."
    )
    pending: bool = strawberry.field(
        description="Not computed yet (the rows are empty); ask again shortly."
    )
    unavailable: str | None = strawberry.field(
        description="Why this model cannot credit this grouping (the rows are then empty), e.g. "
        "DATA_DRIVEN over thousands of interlinked links; null when it can."
    )
    all_rows: strawberry.Private[list[LabeledRow]]

    @strawberry.field(description="The rows, a page at a time.")
    def rows(
        self, first: int = 100, after: str | None = None, sort_by: ReportSort = ReportSort.REVENUE
    ) -> Connection[AttributionReportRow]:
        if first < 1 or first > 1000:
            raise CoreUserError(
                ReportErrorCode.INVALID, "Ask for between 1 and 1000 rows.", "first"
            )
        offset = 0
        if after:
            offset = decode_cursor(after).get("o", -1)
            if not isinstance(offset, int) or offset < 0:
                raise CoreUserError(
                    ReportErrorCode.INVALID_CURSOR, "That cursor is not valid.", "after"
                )
            offset += 1
        ordered = sorted(self.all_rows, key=lambda r: _sort_key(sort_by, r))
        page = ordered[offset : offset + first]
        return build_connection(
            [AttributionReportRow.from_labeled(r, self.currency, self.group_by) for r in page],
            [encode_cursor({"o": offset + i}) for i in range(len(page))],
            has_next=offset + first < len(ordered),
            has_previous=offset > 0,
        )

    @classmethod
    def from_view(cls, view: ReportView) -> AttributionReport:
        resolved = view.resolved
        return cls(
            model=view.model,
            group_by=view.channel,
            campaign_id=strawberry.ID(resolved.campaign_id) if resolved.campaign_id else None,
            currency=resolved.currency,
            from_=resolved.start,
            to=resolved.end,
            totals=AttributionMetrics.from_core(view.totals, resolved.currency),
            computed_at=view.computed_at,
            stale=view.stale,
            pending=view.pending,
            unavailable=view.unavailable,
            all_rows=view.rows,
        )


@strawberry.type(description="The best influencers of a report by ROAS or by CAC.")
class KolLeaderboard:
    by: LeaderboardOrder
    model: AttributionModel
    currency: str
    entries: list[AttributionReportRow] = strawberry.field(description="Best first.")
    computed_at: datetime | None
    stale: bool
    pending: bool


@strawberry.type(description="A brand's report settings.")
class BrandSettings:
    brand_id: strawberry.ID
    baseline_cac: Money | None = strawberry.field(
        description="What a new customer costs the brand through paid ads."
    )
    currency: str | None = strawberry.field(description="The brand's reporting currency.")
    updated_at: datetime | None
    shopper_points_rate_bps: int = strawberry.field(
        description="Points shoppers earn on orders through their tagged looks, in basis points "
        "of the net sale (1 point = 1 minor unit); 0: the shopper channel is off."
    )
    shopper_return_window_days: int = strawberry.field(
        description="How long shoppers' points stay pending (returns inside it reverse them)."
    )

    @classmethod
    def from_core(cls, settings: CoreBrandSettings) -> BrandSettings:
        baseline = settings.baseline_cac_minor
        terms = Terms.from_settings(
            {
                "shopper_points_bps": settings.shopper_points_bps,
                "shopper_return_window_days": settings.shopper_return_window_days,
            }
        )
        return cls(
            shopper_points_rate_bps=terms.rate_bps,
            shopper_return_window_days=terms.window_days,
            brand_id=strawberry.ID(settings.brand_id),
            baseline_cac=(
                money(baseline, settings.currency)
                if baseline is not None and settings.currency
                else None
            ),
            currency=settings.currency,
            updated_at=settings.updated_at,
        )


@strawberry.input
class UpdateBrandSettingsInput:
    currency: str = strawberry.field(description="The baseline's and the reports' currency.")
    baseline_cac_minor: MinorUnits | None = strawberry.field(
        default=None, description="Paid-ads cost of a new customer; null clears it."
    )
    brand_id: strawberry.ID | None = strawberry.field(
        default=None, description="Admins: the brand whose settings to change."
    )
    shopper_points_rate_bps: int | None = strawberry.field(
        default=None,
        description="Shopper points rate in basis points (500 = 5 %; 0 turns the channel off); "
        "null keeps the current one.",
    )
    shopper_return_window_days: int | None = strawberry.field(
        default=None,
        description="Days shoppers' points stay pending; null keeps the current value.",
    )
