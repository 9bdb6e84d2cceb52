"""Acquisition-cost report rows per channel, from credited conversions, clicks and costs.

Pure: polars frames in, a list of `ChannelReport` rows out. The caller picks the date range and
the model (by filtering its inputs and choosing which credits frame to pass), so comparing models
is one call per model over the same clicks and costs.

    channel_report(credits, conversions, clicks, channel=..., returns=..., commissions=...,
                   fixed_fees=..., baseline_cac_minor=...) -> list[ChannelReport]
    credited_sums(credits, conversions, returns) -> per channel sums; report_rows(sums, clicks,
                   channel=..., ...) -> list[ChannelReport] (the two halves of channel_report)
    kol_leaderboard(rows, by="roas" | "cac", limit=10, min_conversions=0.0) -> list[ChannelReport]

Inputs:

    credits      conversion_id, channel (str or null), credit: `attribution.models.attribute`
    conversions  conversion_id, customer_id, ts, net_revenue_minor and optionally is_new_customer
                 (bool: the customer's first order ever with the brand). Without that column a
                 conversion counts as new when it is its customer's earliest in the frame (ties by
                 conversion_id), so pass the full order history or set the column; an order without
                 a customer is never new.
    clicks       touchpoints with visitor_id and the channel's id column (e.g. influencer_id);
                 rows flagged is_bot are left out
    returns      conversion_id, refund_minor (several rows per conversion add up; a conversion's
                 refunds are capped at its revenue)
    commissions  channel, amount_minor: commission cost per channel value
    fixed_fees   channel, amount_minor: fixed fees per channel value

Definitions (credit-weighted, so a conversion shared by two KOLs counts half for each):

    conversions      sum of credits (fractional)
    conversion_rate  conversions / clicks
    revenue_minor    credited net revenue minus credited refunds
    aov_minor        revenue / conversions
    return_rate      credited refunds / credited net revenue before refunds (by value)
    new_customers    sum of credits of conversions that are a customer's first order (fractional)
    spend_minor      commissions + fixed fees
    cac_minor        spend / new customers
    cpa_minor        spend / conversions
    roas             revenue / spend
    cac_saving_minor baseline CAC - CAC (per new customer)
    saving_minor     baseline CAC x new customers - spend (what the same new customers would have
                     cost through paid ads, minus what they cost here)

Money is in integer minor units (rounded half up), ratios are floats, and a division by zero gives
None, never NaN or infinity. Rows are ordered by channel value, the null channel (touchpoints
without a value for the channel) last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import polars as pl

from attribution.journeys import Channel, parse_channel


@dataclass(frozen=True)
class ChannelReport:
    channel: str | None
    clicks: int
    unique_visitors: int
    conversions: float
    conversion_rate: float | None
    revenue_minor: int
    aov_minor: int | None
    return_rate: float | None
    new_customers: float
    commission_minor: int
    fixed_fees_minor: int
    spend_minor: int
    cac_minor: int | None
    cpa_minor: int | None
    roas: float | None
    cac_saving_minor: int | None
    saving_minor: int | None


def round_minor(amount: float) -> int:
    """Nearest whole minor unit, halves rounded up."""
    return math.floor(amount + 0.5)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def _require(frame: pl.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame is missing column(s): {', '.join(missing)}")


def _conversion_facts(conversions: pl.DataFrame, returns: pl.DataFrame | None) -> pl.DataFrame:
    """Per conversion: revenue, refunded (capped at revenue), new-customer flag as 0/1."""
    _require(
        conversions, ("conversion_id", "customer_id", "ts", "net_revenue_minor"), "conversions"
    )
    if not conversions.schema["net_revenue_minor"].is_integer():
        raise ValueError("conversions.net_revenue_minor must be an integer (minor units)")
    if conversions["conversion_id"].n_unique() != conversions.height:
        raise ValueError("conversions.conversion_id has duplicate values")
    if "is_new_customer" in conversions.columns:
        new = pl.col("is_new_customer").fill_null(False)
    else:
        earliest = pl.col("ts").rank("ordinal").over("customer_id") == 1
        new = pl.col("customer_id").is_not_null() & earliest
    facts = conversions.sort("ts", "conversion_id").select(
        "conversion_id",
        pl.col("net_revenue_minor").cast(pl.Int64).clip(lower_bound=0).alias("revenue"),
        new.cast(pl.Float64).alias("new"),
    )
    if returns is None or returns.height == 0:
        return facts.with_columns(pl.lit(0, dtype=pl.Int64).alias("refunded"))
    _require(returns, ("conversion_id", "refund_minor"), "returns")
    if not returns.schema["refund_minor"].is_integer():
        raise ValueError("returns.refund_minor must be an integer (minor units)")
    refunds = returns.group_by("conversion_id").agg(
        pl.col("refund_minor").clip(lower_bound=0).sum().alias("refund")
    )
    return facts.join(refunds, on="conversion_id", how="left").select(
        "conversion_id",
        "revenue",
        "new",
        pl.min_horizontal(pl.col("refund").fill_null(0), pl.col("revenue")).alias("refunded"),
    )


def _costs(frame: pl.DataFrame | None, name: str) -> pl.DataFrame:
    if frame is None:
        return pl.DataFrame(schema={"channel": pl.String, name: pl.Int64})
    _require(frame, ("channel", "amount_minor"), name)
    if not frame.schema["amount_minor"].is_integer():
        raise ValueError(f"{name}.amount_minor must be an integer (minor units)")
    return frame.group_by(pl.col("channel").cast(pl.String)).agg(
        pl.col("amount_minor").cast(pl.Int64).sum().alias(name)
    )


SUMS_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "conversions": pl.Float64(),
    "gross": pl.Float64(),
    "refunded": pl.Float64(),
    "new_customers": pl.Float64(),
}


def credited_sums(
    credits: pl.DataFrame, conversions: pl.DataFrame, returns: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Per channel value (`SUMS_SCHEMA`): credited conversions, net revenue before refunds,
    refunds and new customers, each conversion's facts weighted by its credits."""
    _require(credits, ("conversion_id", "channel", "credit"), "credits")
    credit = credits["credit"].cast(pl.Float64)
    if credit.null_count() or not credit.is_finite().all() or (credit < 0).any():
        raise ValueError("credits.credit must be finite, non-negative numbers")
    facts = _conversion_facts(conversions, returns)
    credited = credits.select("conversion_id", pl.col("channel").cast(pl.String), "credit").join(
        facts, on="conversion_id", how="left"
    )
    if credited["revenue"].null_count():
        raise ValueError("credits name conversions missing from the conversions frame")
    return credited.group_by("channel").agg(
        pl.col("credit").cast(pl.Float64).sum().alias("conversions"),
        (pl.col("credit") * pl.col("revenue")).cast(pl.Float64).sum().alias("gross"),
        (pl.col("credit") * pl.col("refunded")).cast(pl.Float64).sum().alias("refunded"),
        (pl.col("credit") * pl.col("new")).cast(pl.Float64).sum().alias("new_customers"),
    )


def channel_report(
    credits: pl.DataFrame,
    conversions: pl.DataFrame,
    clicks: pl.DataFrame,
    *,
    channel: Channel | str,
    returns: pl.DataFrame | None = None,
    commissions: pl.DataFrame | None = None,
    fixed_fees: pl.DataFrame | None = None,
    baseline_cac_minor: int | None = None,
) -> list[ChannelReport]:
    """One report row per channel value seen in the credits, clicks or costs."""
    parse_channel(channel)
    _require(credits, ("conversion_id", "channel", "credit"), "credits")
    return report_rows(
        credited_sums(credits, conversions, returns),
        clicks,
        channel=channel,
        commissions=commissions,
        fixed_fees=fixed_fees,
        baseline_cac_minor=baseline_cac_minor,
    )


def report_rows(
    sums: pl.DataFrame,
    clicks: pl.DataFrame,
    *,
    channel: Channel | str,
    commissions: pl.DataFrame | None = None,
    fixed_fees: pl.DataFrame | None = None,
    baseline_cac_minor: int | None = None,
) -> list[ChannelReport]:
    """`channel_report` from credited sums already made (`SUMS_SCHEMA`), for a model whose
    credit is not a per-conversion split (DATA_DRIVEN, see `attribution.reporting`)."""
    column = parse_channel(channel).column
    _require(sums, tuple(SUMS_SCHEMA), "sums")
    _require(clicks, ("visitor_id", column), "clicks")
    if baseline_cac_minor is not None and baseline_cac_minor < 0:
        raise ValueError("baseline_cac_minor must not be negative")
    by_credit = sums.select(pl.col(name).cast(dtype) for name, dtype in SUMS_SCHEMA.items())
    real_clicks = (
        clicks.filter(~pl.col("is_bot").fill_null(False)) if "is_bot" in clicks else clicks
    )
    by_click = real_clicks.group_by(pl.col(column).cast(pl.String).alias("channel")).agg(
        pl.len().alias("clicks"), pl.col("visitor_id").n_unique().alias("unique_visitors")
    )

    table = by_credit
    for part in (by_click, _costs(commissions, "commission"), _costs(fixed_fees, "fixed_fees")):
        table = table.join(part, on="channel", how="full", coalesce=True, nulls_equal=True)
    table = table.sort("channel", nulls_last=True)

    rows = []
    for row in table.iter_rows(named=True):
        conversions_credit = float(row["conversions"] or 0.0)
        gross = float(row["gross"] or 0.0)
        refunded = float(row["refunded"] or 0.0)
        new_customers = float(row["new_customers"] or 0.0)
        clicks_n = int(row["clicks"] or 0)
        commission = int(row["commission"] or 0)
        fees = int(row["fixed_fees"] or 0)
        spend = commission + fees
        revenue = gross - refunded
        aov = _ratio(revenue, conversions_credit)
        cac = _ratio(spend, new_customers)
        cpa = _ratio(spend, conversions_credit)
        cac_minor = None if cac is None else round_minor(cac)
        rows.append(
            ChannelReport(
                channel=row["channel"],
                clicks=clicks_n,
                unique_visitors=int(row["unique_visitors"] or 0),
                conversions=conversions_credit,
                conversion_rate=_ratio(conversions_credit, clicks_n),
                revenue_minor=round_minor(revenue),
                aov_minor=None if aov is None else round_minor(aov),
                return_rate=_ratio(refunded, gross),
                new_customers=new_customers,
                commission_minor=commission,
                fixed_fees_minor=fees,
                spend_minor=spend,
                cac_minor=cac_minor,
                cpa_minor=None if cpa is None else round_minor(cpa),
                roas=_ratio(revenue, spend),
                cac_saving_minor=(
                    None
                    if baseline_cac_minor is None or cac_minor is None
                    else baseline_cac_minor - cac_minor
                ),
                saving_minor=(
                    None
                    if baseline_cac_minor is None
                    else round_minor(baseline_cac_minor * new_customers - spend)
                ),
            )
        )
    return rows


def kol_leaderboard(
    rows: list[ChannelReport],
    by: Literal["roas", "cac"],
    *,
    limit: int = 10,
    min_conversions: float = 0.0,
) -> list[ChannelReport]:
    """Best KOLs (rows of an influencer report) by ROAS (highest first) or CAC (lowest first).

    Rows without the metric (no spend, no new customers) or without a channel value, and rows
    with fewer than `min_conversions` credited conversions, are left out; ties go by channel id.
    """
    if by not in ("roas", "cac"):
        raise ValueError(f"unknown leaderboard order {by!r}; valid: roas, cac")
    if limit < 0:
        raise ValueError("limit must not be negative")
    eligible = [r for r in rows if r.channel is not None and r.conversions >= min_conversions]
    if by == "roas":
        ranked = sorted(
            (r for r in eligible if r.roas is not None),
            key=lambda r: (-(r.roas or 0.0), r.channel or ""),
        )
    else:
        ranked = sorted(
            (r for r in eligible if r.cac_minor is not None),
            key=lambda r: (r.cac_minor or 0, r.channel or ""),
        )
    return ranked[:limit]
