"""Attribution reports of one brand and date range: the engine and the metrics over its data.

Pure: a `ReportInputs` (polars frames, loaded from Mongo by `attribution.report_inputs`) in,
`ModelReport`s out. `ReportComputation` builds the journeys once and credits them once per
(model, channel); every scope, grouping and model of a report is then a filter and a group-by.

Journeys are cut over the brand's whole data, never over one campaign or influencer alone: a
campaign's report is its share of the brand's conversions, so FIRST_CLICK gives a campaign
nothing when another campaign's link was clicked first. A scope (campaign and/or influencer)
keeps the credits, clicks and costs of its own touchpoints. Under every model the brand-wide
totals of credited conversions and revenue are the same (the conversions with a journey, in the
report's currency); a scoped report may gain or lose credit to touchpoints outside the scope as
the model changes.

DATA_DRIVEN is credited the standard way (`attribution.markov`): channel value c gets
RE(c) / sum RE of every total (conversions, revenue, refunds, new customers), not a split of each
order among the channels on its own path. Beneath a channel value, its credit is divided among
the campaigns and influencers of its touchpoints in proportion to the path split by removal
effect on those touchpoints (`ReportComputation.data_driven_weights`), so a scope's rows are a
part of the brand's and the parts add up to the channel's credit.

Spend = commission + fixed fees, in the report's currency:

- commission, for a campaign whose configured model is the report's model: what the ledger
  credited for the orders in the range, net of reversals and rejected holds, given to the
  influencer, link, post and campaign the ledger names;
- commission, under any other model: for each credited (order, touchpoint of campaign C),
  credit x what C's rule pays for the whole order, with the ledger's arithmetic (the rule on
  C's products in the order, floored; PERCENT reversed pro rata to returns, FLAT reversed on a
  full return). No budget cap applies. Touchpoints outside any campaign, FIXED_FEE campaigns and
  orders in another currency than the campaign's cost no commission. Under DATA_DRIVEN the
  credit of a touchpoint is its path-split credit scaled so that each (channel value, campaign,
  influencer) pays for as many conversions as the model credits it, at the commission of the
  orders its touchpoints were on;
- fixed fees: the ledger's FIXED_FEE commissions (per approved post) opened in the range, under
  every model.

Orders are credited in one currency at a time (the report's); orders in other currencies still
shape the journeys and the data-driven model, but are not counted. Creator-code orders carry
a touchpoint of the code's influencer and campaign one millisecond before the order (so the
last click is theirs, as in the ledger); it is no click and has no link or post.

The brand's paid-ads baseline CAC is applied when a report is read (`with_baseline`), so a new
setting shows at once without recomputing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from attribution.journeys import Channel, Journeys, build_journeys
from attribution.markov import (
    MAX_GROUP_CHANNELS,
    DataDrivenLimitError,
    DataDrivenModel,
    data_driven_model,
)
from attribution.metrics import (
    SUMS_SCHEMA,
    ChannelReport,
    credited_sums,
    report_rows,
    round_minor,
)
from attribution.models import (
    DEFAULT_HALF_LIFE_DAYS,
    AttributionModel,
    attribute_journeys,
)
from commerce.commission import CommissionError, CommissionRule, order_commission, reversal_amount

ALL_MODELS = tuple(AttributionModel)
ALL_CHANNELS = tuple(Channel)
TOTAL = "all"

TOUCH_SCHEMA: dict[str, pl.DataType] = {
    "touch_id": pl.String(),
    "visitor_id": pl.String(),
    "customer_id": pl.String(),
    "influencer_id": pl.String(),
    "post_id": pl.String(),
    "link_id": pl.String(),
    "campaign_id": pl.String(),
    "ts": pl.Int64(),
    "is_bot": pl.Boolean(),
    "is_click": pl.Boolean(),
}
CONVERSION_SCHEMA: dict[str, pl.DataType] = {
    "conversion_id": pl.String(),
    "customer_id": pl.String(),
    "ts": pl.Int64(),
    "net_revenue_minor": pl.Int64(),
    "currency": pl.String(),
    "is_new_customer": pl.Boolean(),
    "returned_minor": pl.Int64(),
}
IDENTITY_SCHEMA: dict[str, pl.DataType] = {"visitor_id": pl.String(), "customer_id": pl.String()}
LINE_SCHEMA: dict[str, pl.DataType] = {
    "conversion_id": pl.String(),
    "product_id": pl.String(),
    "amount_minor": pl.Int64(),
}
COST_SCHEMA: dict[str, pl.DataType] = {
    "conversion_id": pl.String(),
    "campaign_id": pl.String(),
    "influencer_id": pl.String(),
    "link_id": pl.String(),
    "post_id": pl.String(),
    "currency": pl.String(),
    "amount_minor": pl.Int64(),
}


@dataclass(frozen=True)
class CampaignTerms:
    """What a report needs of a campaign."""

    id: str
    currency: str
    rule: CommissionRule
    product_ids: frozenset[str]
    model: AttributionModel
    window_days: int


@dataclass(frozen=True)
class Scope:
    """Whose touchpoints a report covers: the whole brand, a campaign, an influencer, or both."""

    campaign_id: str | None = None
    influencer_id: str | None = None


@dataclass(frozen=True)
class ReportInputs:
    """One brand's data for a date range [start_ms, end_ms), as frames.

    touchpoints  TOUCH_SCHEMA: the brand's clicks from the lookback before start to end, plus
                 creator-code touchpoints (is_click false)
    conversions  CONVERSION_SCHEMA: the brand's orders in the range
    identities   IDENTITY_SCHEMA: visitor ↔ customer pairs (the visitor of an order's click)
    order_lines  LINE_SCHEMA: the lines of those orders
    ledger       COST_SCHEMA: net ledger commission per order commission (conversion_id set)
    fixed_fees   COST_SCHEMA: net FIXED_FEE commissions opened in the range (no conversion)
    labels       per channel, id → a readable name (display name, campaign name, link code …)
    """

    brand_id: str
    start_ms: int
    end_ms: int
    now_ms: int
    touchpoints: pl.DataFrame
    conversions: pl.DataFrame
    identities: pl.DataFrame
    order_lines: pl.DataFrame
    ledger: pl.DataFrame
    fixed_fees: pl.DataFrame
    campaigns: dict[str, CampaignTerms]
    labels: dict[Channel, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def empty(cls, brand_id: str, start_ms: int, end_ms: int, now_ms: int) -> ReportInputs:
        return cls(
            brand_id=brand_id,
            start_ms=start_ms,
            end_ms=end_ms,
            now_ms=now_ms,
            touchpoints=pl.DataFrame(schema=TOUCH_SCHEMA),
            conversions=pl.DataFrame(schema=CONVERSION_SCHEMA),
            identities=pl.DataFrame(schema=IDENTITY_SCHEMA),
            order_lines=pl.DataFrame(schema=LINE_SCHEMA),
            ledger=pl.DataFrame(schema=COST_SCHEMA),
            fixed_fees=pl.DataFrame(schema=COST_SCHEMA),
            campaigns={},
        )


@dataclass(frozen=True)
class ModelReport:
    """Rows of one grouping under one model, and their totals.

    `gross_minor` and `refunded_minor` are the totals' credited revenue before refunds and the
    credited refunds, kept so totals of several brands can be added up with exact ratios.
    `unavailable` says why the model could not credit this grouping (the rows are then empty):
    DATA_DRIVEN over more interconnected channel values than it solves exactly."""

    rows: list[ChannelReport]
    totals: ChannelReport
    gross_minor: float
    refunded_minor: float
    unavailable: str | None = None


def empty_row(channel: str | None = None) -> ChannelReport:
    return ChannelReport(
        channel=channel,
        clicks=0,
        unique_visitors=0,
        conversions=0.0,
        conversion_rate=None,
        revenue_minor=0,
        aov_minor=None,
        return_rate=None,
        new_customers=0.0,
        commission_minor=0,
        fixed_fees_minor=0,
        spend_minor=0,
        cac_minor=None,
        cpa_minor=None,
        roas=None,
        cac_saving_minor=None,
        saving_minor=None,
    )


def with_baseline(row: ChannelReport, baseline_cac_minor: int | None) -> ChannelReport:
    """The row as a report is read: its savings against a paid-ads baseline CAC (the metrics'
    definitions), and no CAC or CPA without spend.

    Nothing spent over some new customers is a CAC of 0, which would read (and rank) as the
    cheapest KOL when nothing was paid yet to judge it by; such a row has no CAC, so no CAC
    saving either (its `saving` still counts the customers at the baseline)."""
    if row.spend_minor <= 0:
        row = dataclasses.replace(row, cac_minor=None, cpa_minor=None)
    if baseline_cac_minor is None:
        return dataclasses.replace(row, cac_saving_minor=None, saving_minor=None)
    return dataclasses.replace(
        row,
        cac_saving_minor=None if row.cac_minor is None else baseline_cac_minor - row.cac_minor,
        saving_minor=round_minor(baseline_cac_minor * row.new_customers - row.spend_minor),
    )


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _minor(value: float | None) -> int | None:
    return None if value is None else round_minor(value)


def merge_totals(parts: list[tuple[ChannelReport, float, float]]) -> ChannelReport:
    """Totals of several brands' reports: (totals with baseline applied, gross, refunded) each.

    Counts and money add up and the ratios are taken again over the sums. Unique visitors are
    added too (a visitor of two brands counts twice). The per-customer CAC saving has no
    meaning across brands with different baselines and is left out; the savings add up."""
    if not parts:
        return empty_row()
    if len(parts) == 1:
        return parts[0][0]
    rows = [p[0] for p in parts]
    clicks = sum(r.clicks for r in rows)
    conversions = sum(r.conversions for r in rows)
    revenue = sum(r.revenue_minor for r in rows)
    new_customers = sum(r.new_customers for r in rows)
    commission = sum(r.commission_minor for r in rows)
    fees = sum(r.fixed_fees_minor for r in rows)
    spend = commission + fees
    savings = [r.saving_minor for r in rows if r.saving_minor is not None]
    return ChannelReport(
        channel=None,
        clicks=clicks,
        unique_visitors=sum(r.unique_visitors for r in rows),
        conversions=conversions,
        conversion_rate=_ratio(conversions, clicks),
        revenue_minor=revenue,
        aov_minor=_minor(_ratio(revenue, conversions)),
        return_rate=_ratio(sum(p[2] for p in parts), sum(p[1] for p in parts)),
        new_customers=new_customers,
        commission_minor=commission,
        fixed_fees_minor=fees,
        spend_minor=spend,
        cac_minor=_minor(_ratio(spend, new_customers)),
        cpa_minor=_minor(_ratio(spend, conversions)),
        roas=_ratio(revenue, spend),
        cac_saving_minor=None,
        saving_minor=sum(savings) if savings else None,
    )


def net_commission(
    terms: CampaignTerms,
    lines: Iterable[tuple[str, int]],
    total_minor: int,
    returned_minor: int,
    currency: str,
) -> int:
    """What the campaign's rule pays for a whole order (product id, amount lines), net of
    its returns, with the ledger's arithmetic; 0 where the ledger would pay nothing."""
    if currency != terms.currency:
        return 0
    sale = sum(
        amount for product, amount in lines if not terms.product_ids or product in terms.product_ids
    )
    try:
        amount = order_commission(terms.rule, sale, currency)
    except CommissionError:  # a FIXED_FEE campaign pays per post, not per order
        return 0
    # The ledger scales an order's returns to the commissioned part of it.
    returned_share = min(returned_minor * sale // total_minor, sale) if total_minor > 0 else 0
    return amount - reversal_amount(terms.rule.kind, amount, sale, 0, returned_share)


def _sum_by_channel(frame: pl.DataFrame, column: str, value: str) -> pl.DataFrame:
    return frame.group_by(pl.col(column).alias("channel")).agg(pl.col(value).sum())


class ReportComputation:
    """Journeys built once, credits memoised per (model, channel), reports per scope."""

    def __init__(
        self,
        inputs: ReportInputs,
        *,
        window_days: float,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
        max_clicks_per_minute: int | None = 10,
        data_driven_max_channels: int = MAX_GROUP_CHANNELS,
    ) -> None:
        self.inputs = inputs
        self.half_life_days = half_life_days
        self.data_driven_max_channels = data_driven_max_channels
        self.journeys: Journeys = build_journeys(
            inputs.touchpoints,
            inputs.conversions,
            identities=inputs.identities,
            window_days=window_days,
            max_clicks_per_minute=max_clicks_per_minute,
            now_ms=inputs.now_ms,
        )
        self._credits: dict[tuple[AttributionModel, Channel], pl.DataFrame] = {}
        self._data_driven_models: dict[Channel, DataDrivenModel] = {}
        self._entity_weights: dict[Channel, pl.DataFrame] = {}
        self._touches = self.journeys.converting.select(
            "conversion_id", "touch_id", "campaign_id", "influencer_id"
        )

    def credits(self, model: AttributionModel, channel: Channel) -> pl.DataFrame:
        """Credits with the touchpoint's campaign and influencer beside its channel value; for
        DATA_DRIVEN the path split by removal effect, the weights of `data_driven_weights`."""
        memo = (model, channel)
        if memo not in self._credits:
            raw = (
                self.data_driven(channel).path_split
                if model is AttributionModel.DATA_DRIVEN
                else attribute_journeys(
                    self.journeys, model, channel, half_life_days=self.half_life_days
                )
            )
            self._credits[memo] = raw.select(
                pl.col("conversion_id").cast(pl.String),
                pl.col("touch_id").cast(pl.String),
                "channel",
                "credit",
            ).join(
                self._touches.with_columns(
                    pl.col("conversion_id").cast(pl.String), pl.col("touch_id").cast(pl.String)
                ),
                on=["conversion_id", "touch_id"],
                how="left",
            )
        return self._credits[memo]

    def data_driven(self, channel: Channel) -> DataDrivenModel:
        """`attribution.markov.data_driven_model`, with the report's limit on the chain."""
        if channel not in self._data_driven_models:
            self._data_driven_models[channel] = data_driven_model(
                self.journeys, channel, max_group_channels=self.data_driven_max_channels
            )
        return self._data_driven_models[channel]

    def data_driven_weights(self, channel: Channel) -> pl.DataFrame:
        """(channel, campaign_id, influencer_id, weight): the part of every conversion total that
        DATA_DRIVEN gives each channel value through the touchpoints of one campaign and
        influencer. The channel's share RE / sum RE is divided among its (campaign, influencer)
        pairs in proportion to the path split's credit on their touchpoints, over all the
        brand's converting journeys, so the pairs' weights add up to the channel's share."""
        if channel not in self._entity_weights:
            keys = ["channel", "campaign_id", "influencer_id"]
            split = (
                self.credits(AttributionModel.DATA_DRIVEN, channel)
                .group_by(keys)
                .agg(pl.col("credit").sum().alias("split"))
            )
            self._entity_weights[channel] = split.join(
                self.data_driven(channel).shares.select("channel", "share"),
                on="channel",
                how="inner",
                nulls_equal=True,
            ).select(
                *keys,
                (pl.col("share") * pl.col("split") / pl.col("split").sum().over("channel")).alias(
                    "weight"
                ),
            )
        return self._entity_weights[channel]

    def report(
        self, scope: Scope, channel: Channel, model: AttributionModel, currency: str
    ) -> ModelReport:
        try:
            return self._report(scope, channel, model, currency)
        except DataDrivenLimitError as refused:
            return ModelReport([], empty_row(), 0.0, 0.0, unavailable=str(refused))

    def _report(
        self, scope: Scope, channel: Channel, model: AttributionModel, currency: str
    ) -> ModelReport:
        inputs = self.inputs
        conversions = inputs.conversions.filter(pl.col("currency") == currency)
        credits = _in_scope(self.credits(model, channel), scope).filter(
            pl.col("conversion_id").is_in(conversions["conversion_id"].implode())
        )
        clicks = _in_scope(
            inputs.touchpoints.filter(
                pl.col("is_click")
                & (pl.col("ts") >= inputs.start_ms)
                & (pl.col("ts") < inputs.end_ms)
                & (pl.col("ts") <= inputs.now_ms)
            ),
            scope,
        )
        returns = conversions.filter(pl.col("returned_minor") > 0).select(
            "conversion_id", pl.col("returned_minor").alias("refund_minor")
        )
        metric_conversions = conversions.select(
            "conversion_id", "customer_id", "ts", "net_revenue_minor", "is_new_customer"
        )
        if model is AttributionModel.DATA_DRIVEN:
            sums, credits = self._data_driven_sums(
                scope, channel, credits, metric_conversions, returns
            )
        else:
            sums = credited_sums(
                credits.select("conversion_id", "channel", "credit"), metric_conversions, returns
            )
        commissions = self._commissions(credits, scope, channel, model, conversions, currency)
        fees = _in_scope(inputs.fixed_fees.filter(pl.col("currency") == currency), scope)
        fixed_fees = _sum_by_channel(fees, channel.column, "amount_minor")
        rows = report_rows(
            sums, clicks, channel=channel, commissions=commissions, fixed_fees=fixed_fees
        )
        total_sums = sums.select(
            pl.lit(TOTAL).alias("channel"), *(pl.col(c).sum() for c in list(SUMS_SCHEMA)[1:])
        )
        totals = report_rows(
            total_sums,
            clicks.with_columns(pl.lit(TOTAL).alias(channel.column)),
            channel=channel,
            commissions=_one_total(sum(r.commission_minor for r in rows)),
            fixed_fees=_one_total(sum(r.fixed_fees_minor for r in rows)),
        )
        return ModelReport(
            rows=rows,
            totals=dataclasses.replace(totals[0], channel=None) if totals else empty_row(),
            gross_minor=float(total_sums["gross"].item()),
            refunded_minor=float(total_sums["refunded"].item()),
        )

    def _data_driven_sums(
        self,
        scope: Scope,
        channel: Channel,
        credits: pl.DataFrame,
        conversions: pl.DataFrame,
        returns: pl.DataFrame,
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """DATA_DRIVEN's sums per channel value, and the credits to cost commissions with.

        Every total of the credited conversions (count, revenue, refunds, new customers) times
        each channel value's weight (`data_driven_weights`), within the scope. Commissions follow
        the orders a channel's touchpoints were on: the path split's credits (in the report's
        currency and scope), scaled per (channel, campaign, influencer) so that they add up to
        the model's credited conversions there."""
        keys = ["channel", "campaign_id", "influencer_id"]
        journeyed = conversions.filter(
            pl.col("conversion_id").is_in(
                self.journeys.converting["conversion_id"].cast(pl.String).implode()
            )
        )
        whole = credited_sums(
            journeyed.select(
                "conversion_id", pl.lit(TOTAL).alias("channel"), pl.lit(1.0).alias("credit")
            ),
            conversions,
            returns,
        )
        weights = _in_scope(self.data_driven_weights(channel), scope)
        if whole.height == 0:
            return pl.DataFrame(schema=SUMS_SCHEMA), credits.clear()
        facts = whole.row(0, named=True)
        by_channel = weights.group_by("channel").agg(pl.col("weight").sum())
        sums = by_channel.select(
            "channel",
            *(
                (pl.col("weight") * facts[name]).alias(name)
                for name in ("conversions", "gross", "refunded", "new_customers")
            ),
        )
        here = credits.group_by(keys).agg(pl.col("credit").sum().alias("here"))
        scale = weights.join(here, on=keys, how="inner", nulls_equal=True).select(
            *keys, (pl.col("weight") * facts["conversions"] / pl.col("here")).alias("scale")
        )
        scaled = credits.join(scale, on=keys, how="left", nulls_equal=True).with_columns(
            pl.col("credit") * pl.col("scale").fill_null(0.0)
        )
        return sums, scaled.drop("scale")

    def _commissions(
        self,
        credits: pl.DataFrame,
        scope: Scope,
        channel: Channel,
        model: AttributionModel,
        conversions: pl.DataFrame,
        currency: str,
    ) -> pl.DataFrame:
        campaigns = self.inputs.campaigns
        from_ledger = [cid for cid, terms in campaigns.items() if terms.model is model]
        ledger = _in_scope(
            self.inputs.ledger.filter(
                (pl.col("currency") == currency) & pl.col("campaign_id").is_in(from_ledger)
            ),
            scope,
        )
        by_rule = credits.filter(
            pl.col("campaign_id").is_not_null() & ~pl.col("campaign_id").is_in(from_ledger)
        )
        net = self._net_commissions(by_rule, conversions)
        ruled = (
            by_rule.join(net, on=["conversion_id", "campaign_id"], how="left")
            .group_by("channel")
            .agg((pl.col("credit") * pl.col("net").fill_null(0)).sum().alias("amount"))
            # Halves round up, as `round_minor` does.
            .select(
                "channel", (pl.col("amount") + 0.5).floor().cast(pl.Int64).alias("amount_minor")
            )
        )
        return pl.concat(
            [
                ruled.with_columns(pl.col("channel").cast(pl.String)),
                _sum_by_channel(ledger, channel.column, "amount_minor"),
            ]
        )

    def _net_commissions(self, credits: pl.DataFrame, conversions: pl.DataFrame) -> pl.DataFrame:
        """Net commission per (conversion, campaign) pair among the credits."""
        pairs = credits.select("conversion_id", "campaign_id").unique()
        schema = {"conversion_id": pl.String, "campaign_id": pl.String, "net": pl.Int64}
        if pairs.height == 0:
            return pl.DataFrame(schema=schema)
        wanted = pairs["conversion_id"].unique().implode()
        lines: dict[str, list[tuple[str, int]]] = {}
        for order, product, amount in (
            self.inputs.order_lines.filter(pl.col("conversion_id").is_in(wanted))
            .select("conversion_id", "product_id", "amount_minor")
            .iter_rows()
        ):
            lines.setdefault(order, []).append((product, amount))
        facts = {
            row[0]: row[1:]
            for row in conversions.filter(pl.col("conversion_id").is_in(wanted))
            .select("conversion_id", "net_revenue_minor", "returned_minor", "currency")
            .iter_rows()
        }
        out = []
        for order, campaign_id in pairs.iter_rows():
            total, returned, currency = facts[order]
            terms = self.inputs.campaigns.get(campaign_id)
            amount = (
                0
                if terms is None
                else net_commission(terms, lines.get(order, ()), total, returned, currency)
            )
            out.append((order, campaign_id, amount))
        return pl.DataFrame(out, schema=schema, orient="row")


def _in_scope(frame: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    if scope.campaign_id is not None:
        frame = frame.filter(pl.col("campaign_id") == scope.campaign_id)
    if scope.influencer_id is not None:
        frame = frame.filter(pl.col("influencer_id") == scope.influencer_id)
    return frame


def _one_total(amount: int) -> pl.DataFrame:
    return pl.DataFrame(
        {"channel": [TOTAL], "amount_minor": [amount]},
        schema={"channel": pl.String, "amount_minor": pl.Int64},
    )


def compute_reports(
    inputs: ReportInputs,
    scope: Scope,
    *,
    currency: str,
    window_days: float,
    models: Iterable[AttributionModel] = ALL_MODELS,
    channels: Iterable[Channel] = ALL_CHANNELS,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    max_clicks_per_minute: int | None = 10,
    data_driven_max_channels: int = MAX_GROUP_CHANNELS,
) -> dict[tuple[Channel, AttributionModel], ModelReport]:
    """Every (grouping, model) report of one scope."""
    computation = ReportComputation(
        inputs,
        window_days=window_days,
        half_life_days=half_life_days,
        max_clicks_per_minute=max_clicks_per_minute,
        data_driven_max_channels=data_driven_max_channels,
    )
    return {
        (channel, model): computation.report(scope, channel, model, currency)
        for channel in channels
        for model in models
    }
