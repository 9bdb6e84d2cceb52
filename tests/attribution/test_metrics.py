"""Report rows per channel: a hand-worked report, division by zero, consistency across models."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.journeys import build_journeys
from attribution.metrics import ChannelReport, channel_report, kol_leaderboard, round_minor
from attribution.models import AttributionModel, attribute_journeys
from tests.attribution.test_engine_data import DAY, T0, Scenario, scenarios

CREDITS = pl.DataFrame(
    {
        "conversion_id": ["o1", "o1", "o2", "o3", "o4"],
        "touch_id": [1, 2, 3, 4, 5],
        "channel": ["kol-a", "kol-b", "kol-a", "kol-b", "kol-a"],
        "credit": [0.5, 0.5, 1.0, 1.0, 1.0],
    }
)
CONVERSIONS = pl.DataFrame(
    {
        "conversion_id": ["o1", "o2", "o3", "o4"],
        "customer_id": ["c1", "c1", "c2", None],  # o2 is c1's second order; o4 a guest
        "ts": [T0, T0 + DAY, T0 + DAY, T0 + DAY],
        "net_revenue_minor": [10_000, 20_000, 30_000, 5_000],
    }
)
RETURNS = pl.DataFrame(
    {"conversion_id": ["o2", "o3", "o3"], "refund_minor": [5_000, 30_000, 10_000]}
)


def clicks_of(counts: dict[str, tuple[int, int]]) -> pl.DataFrame:
    """`counts`: channel -> (clicks, distinct visitors); plus one bot click on kol-a."""
    rows = [
        {"visitor_id": f"{kol}-v{i % visitors}", "influencer_id": kol, "is_bot": False}
        for kol, (n, visitors) in counts.items()
        for i in range(n)
    ]
    rows.append({"visitor_id": "bot", "influencer_id": "kol-a", "is_bot": True})
    return pl.DataFrame(rows)


def money(channel_amounts: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {"channel": list(channel_amounts), "amount_minor": list(channel_amounts.values())}
    )


def hand_report() -> dict[str | None, ChannelReport]:
    rows = channel_report(
        CREDITS,
        CONVERSIONS,
        clicks_of({"kol-a": (10, 4), "kol-b": (4, 2), "kol-c": (5, 5)}),
        channel="influencer",
        returns=RETURNS,
        commissions=money({"kol-a": 3_000, "kol-b": 2_000, "kol-c": 0}),
        fixed_fees=money({"kol-a": 1_000, "kol-c": 5_000}),
        baseline_cac_minor=12_000,
    )
    return {r.channel: r for r in rows}


def test_hand_worked_report() -> None:
    report = hand_report()
    assert list(report) == ["kol-a", "kol-b", "kol-c"]
    a = report["kol-a"]
    # kol-a: half of o1 (new customer), all of o2 (repeat, 5,000 refunded), all of o4 (guest).
    assert (a.clicks, a.unique_visitors) == (10, 4)
    assert a.conversions == pytest.approx(2.5)
    assert a.conversion_rate == pytest.approx(0.25)
    assert a.revenue_minor == 5_000 + 20_000 - 5_000 + 5_000
    assert a.aov_minor == 10_000
    assert a.return_rate == pytest.approx(5_000 / 30_000)
    assert a.new_customers == pytest.approx(0.5)
    assert (a.commission_minor, a.fixed_fees_minor, a.spend_minor) == (3_000, 1_000, 4_000)
    assert a.cac_minor == 8_000
    assert a.cpa_minor == 1_600
    assert a.roas == pytest.approx(6.25)
    assert a.cac_saving_minor == 4_000
    assert a.saving_minor == 12_000 // 2 - 4_000

    b = report["kol-b"]
    # kol-b: half of o1, all of o3 (new; refunds of 40,000 capped at its 30,000).
    assert b.conversions == pytest.approx(1.5)
    assert b.revenue_minor == 5_000
    assert b.aov_minor == 3_333
    assert b.return_rate == pytest.approx(30_000 / 35_000)
    assert b.new_customers == pytest.approx(1.5)
    assert b.cac_minor == 1_333
    assert b.cpa_minor == 1_333
    assert b.roas == pytest.approx(2.5)
    assert b.cac_saving_minor == 12_000 - 1_333
    assert b.saving_minor == 18_000 - 2_000


def test_divisions_by_zero_give_none() -> None:
    c = hand_report()["kol-c"]
    assert (c.clicks, c.conversions, c.revenue_minor, c.spend_minor) == (5, 0.0, 0, 5_000)
    assert c.conversion_rate == 0.0
    assert c.aov_minor is None
    assert c.return_rate is None
    assert c.cac_minor is None
    assert c.cpa_minor is None
    assert c.cac_saving_minor is None
    assert c.roas == 0.0
    assert c.saving_minor == -5_000
    free = channel_report(CREDITS, CONVERSIONS, clicks_of({}), channel="influencer")
    for row in free:
        # No spend: no ROAS; acquisition was free, so CAC is 0. Only a bot clicked: no rate.
        assert (row.roas, row.cac_minor, row.cpa_minor) == (None, 0, 0)
        assert row.conversion_rate is None
        assert row.saving_minor is None


def test_leaderboards() -> None:
    rows = list(hand_report().values())
    assert [r.channel for r in kol_leaderboard(rows, "roas")] == ["kol-a", "kol-b", "kol-c"]
    assert [r.channel for r in kol_leaderboard(rows, "cac")] == ["kol-b", "kol-a"]
    assert [r.channel for r in kol_leaderboard(rows, "roas", limit=1)] == ["kol-a"]
    assert [r.channel for r in kol_leaderboard(rows, "roas", min_conversions=2)] == ["kol-a"]
    with pytest.raises(ValueError, match="roas, cac"):
        kol_leaderboard(rows, "ctr")  # type: ignore[arg-type]


def test_new_customer_flag_can_be_given() -> None:
    flagged = CONVERSIONS.with_columns(pl.Series("is_new_customer", [False, True, False, False]))
    rows = channel_report(CREDITS, flagged, clicks_of({}), channel="influencer")
    assert {r.channel: r.new_customers for r in rows} == {"kol-a": 1.0, "kol-b": 0.0}


def test_null_channel_gets_its_own_row_last() -> None:
    credits = CREDITS.with_columns(pl.Series("channel", ["p1", None, "p1", None, "p1"]))
    clicks = pl.DataFrame({"visitor_id": ["v1", "v2"], "post_id": ["p1", None]})
    rows = channel_report(credits, CONVERSIONS, clicks, channel="post")
    assert [(r.channel, r.clicks, r.conversions) for r in rows] == [
        ("p1", 1, 2.5),
        (None, 1, 1.5),
    ]


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="missing from the conversions"):
        channel_report(CREDITS, CONVERSIONS.head(2), clicks_of({}), channel="influencer")
    with pytest.raises(ValueError, match="finite"):
        nan = CREDITS.with_columns(pl.lit(float("nan")).alias("credit"))
        channel_report(nan, CONVERSIONS, clicks_of({}), channel="influencer")
    with pytest.raises(ValueError, match="unknown channel"):
        channel_report(CREDITS, CONVERSIONS, clicks_of({}), channel="country")
    with pytest.raises(ValueError, match="missing column"):
        channel_report(CREDITS, CONVERSIONS, clicks_of({}), channel="post")
    with pytest.raises(ValueError, match="integer"):
        fees = money({"kol-a": 1}).with_columns(pl.col("amount_minor").cast(pl.Float64))
        channel_report(CREDITS, CONVERSIONS, clicks_of({}), channel="influencer", fixed_fees=fees)


def test_round_minor_rounds_halves_up() -> None:
    assert [round_minor(x) for x in (0.5, 1.5, 2.5, 2.4999, -0.5)] == [1, 2, 3, 2, 0]


def _finite_or_none(row: ChannelReport) -> bool:
    return all(
        value is None or math.isfinite(value)
        for value in vars(row).values()
        if not isinstance(value, str)
    )


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 20_000), st.sampled_from(["influencer", "post", "link"]))
def test_models_move_credit_but_keep_the_totals(world: Scenario, fee: int, ch: str) -> None:
    journeys = build_journeys(
        world.touchpoints,
        world.conversions,
        identities=world.identities,
        window_days=world.window_days,
        max_clicks_per_minute=world.max_clicks_per_minute,
    )
    credited = journeys.converting["conversion_id"].n_unique()
    revenue = world.conversions.filter(
        pl.col("conversion_id").is_in(journeys.converting["conversion_id"].implode())
    )["net_revenue_minor"].sum()
    fees = pl.DataFrame({"channel": ["kol-a", "p1", "l1"], "amount_minor": [fee, fee, fee]})
    for model in AttributionModel:
        credits = attribute_journeys(journeys, model, ch)
        rows = channel_report(
            credits,
            world.conversions,
            journeys.touchpoints,
            channel=ch,
            fixed_fees=fees,
            baseline_cac_minor=9_000,
        )
        assert all(_finite_or_none(r) for r in rows)
        assert sum(r.conversions for r in rows) == pytest.approx(credited)
        # Each row rounds its own revenue, so the total may drift by half a unit per row.
        assert abs(sum(r.revenue_minor for r in rows) - revenue) <= len(rows) / 2
        assert sum(r.clicks for r in rows) == journeys.touchpoints.height
