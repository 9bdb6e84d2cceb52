"""Report rows over a hand-worked world: two influencers, three orders, one return.

    visitor v1 (customer c1): clicks A on day 1, B on day 2, orders o1 (100.00) on day 3
    visitor v2 (customer c2): clicks B on day 1, A on day 2, orders o2 (60.00) on day 3
    visitor v3 (customer c3): clicks A on day 1, orders o3 (40.00) on day 4, returns 10.00 of it
    visitor v4: clicks B on day 1, never orders

One campaign pays 10% of the sale and is configured LAST_CLICK, so under LAST_CLICK its
commission comes from the ledger (o1 -> B 10.00, o2 -> A 6.00, o3 -> A 4.00 less 1.00 reversed)
and under the other models from its rule applied to the credited orders.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import polars as pl
import pytest

from attribution.journeys import Channel
from attribution.metrics import ChannelReport, channel_report, kol_leaderboard
from attribution.models import AttributionModel
from attribution.report_cache import ReportKey, cached_report, report_doc
from attribution.reporting import (
    CONVERSION_SCHEMA,
    COST_SCHEMA,
    IDENTITY_SCHEMA,
    LINE_SCHEMA,
    TOUCH_SCHEMA,
    CampaignTerms,
    ReportInputs,
    Scope,
    compute_reports,
    empty_row,
    merge_totals,
    net_commission,
    with_baseline,
)
from commerce.commission import CommissionRule

DAY = 86_400_000
T0 = 1_780_000_000_000
CAMPAIGN = "cmp_1"
A, B = "usr_a", "usr_b"
LAST, FIRST, LINEAR = (
    AttributionModel.LAST_CLICK,
    AttributionModel.FIRST_CLICK,
    AttributionModel.LINEAR,
)


def touch(
    touch_id: str, visitor: str, influencer: str, day: float, **extra: object
) -> dict[str, object]:
    return {
        "touch_id": touch_id,
        "visitor_id": visitor,
        "customer_id": None,
        "influencer_id": influencer,
        "post_id": f"post_{influencer}",
        "link_id": f"lnk_{influencer}",
        "campaign_id": CAMPAIGN,
        "ts": T0 + int(day * DAY),
        "is_bot": False,
        "is_click": True,
        **extra,
    }


def world(
    *,
    touches: list[dict[str, object]] | None = None,
    conversions: list[tuple[object, ...]] | None = None,
    now_day: float = 10,
    with_ledger: bool = True,
) -> ReportInputs:
    touches = touches or [
        touch("t1", "v1", A, 1),
        touch("t2", "v1", B, 2),
        touch("t3", "v2", B, 1),
        touch("t4", "v2", A, 2),
        touch("t5", "v3", A, 1),
        touch("t6", "v4", B, 1),
    ]
    conversions = conversions or [
        ("o1", "c1", T0 + 3 * DAY, 10_000, "USD", True, 0),
        ("o2", "c2", T0 + 3 * DAY, 6_000, "USD", True, 0),
        ("o3", "c3", T0 + 4 * DAY, 4_000, "USD", True, 1_000),
    ]
    orders = [c[0] for c in conversions]
    ledger = [
        ("o1", CAMPAIGN, B, f"lnk_{B}", f"post_{B}", "USD", 1_000),
        ("o2", CAMPAIGN, A, f"lnk_{A}", f"post_{A}", "USD", 600),
        ("o3", CAMPAIGN, A, f"lnk_{A}", f"post_{A}", "USD", 300),
    ]
    return ReportInputs(
        brand_id="usr_brand",
        start_ms=T0,
        end_ms=T0 + 7 * DAY,
        now_ms=T0 + int(now_day * DAY),
        touchpoints=pl.DataFrame(touches, schema=TOUCH_SCHEMA),
        conversions=pl.DataFrame(conversions, schema=CONVERSION_SCHEMA, orient="row"),
        identities=pl.DataFrame(
            [("v1", "c1"), ("v2", "c2"), ("v3", "c3")], schema=IDENTITY_SCHEMA, orient="row"
        ),
        order_lines=pl.DataFrame(
            [(c[0], "prd_1", c[3]) for c in conversions], schema=LINE_SCHEMA, orient="row"
        ),
        ledger=pl.DataFrame(
            [row for row in ledger if row[0] in orders and with_ledger],
            schema=COST_SCHEMA,
            orient="row",
        ),
        fixed_fees=pl.DataFrame(schema=COST_SCHEMA),
        campaigns={
            CAMPAIGN: CampaignTerms(
                id=CAMPAIGN,
                currency="USD",
                rule=CommissionRule.percent(1000),
                product_ids=frozenset(),
                model=LAST,
                window_days=30,
            )
        },
    )


def by_channel(rows: list[ChannelReport]) -> dict[str | None, ChannelReport]:
    return {r.channel: r for r in rows}


def summary(row: ChannelReport) -> tuple[float, int, int, int]:
    return (row.conversions, row.revenue_minor, row.commission_minor, row.clicks)


def test_rows_move_between_influencers_exactly_as_hand_worked() -> None:
    reports = compute_reports(world(), Scope(), currency="USD", window_days=30)
    expected = {
        # (conversions, revenue net of returns, commission, clicks) for A and for B
        LAST: {A: (2.0, 9_000, 900, 3), B: (1.0, 10_000, 1_000, 3)},
        FIRST: {A: (2.0, 13_000, 1_300, 3), B: (1.0, 6_000, 600, 3)},
        LINEAR: {A: (2.0, 11_000, 1_100, 3), B: (1.0, 8_000, 800, 3)},
    }
    for model, want in expected.items():
        rows = by_channel(reports[(Channel.INFLUENCER, model)].rows)
        assert {k: summary(v) for k, v in rows.items()} == want, model


def test_totals_are_the_same_under_every_model() -> None:
    reports = compute_reports(world(), Scope(), currency="USD", window_days=30)
    for channel in Channel:
        for model in AttributionModel:
            totals = reports[(channel, model)].totals
            rows = reports[(channel, model)].rows
            assert math.isclose(totals.conversions, 3.0), (channel, model)
            assert totals.revenue_minor == 19_000
            assert math.isclose(sum(r.conversions for r in rows), 3.0)
            assert abs(sum(r.revenue_minor for r in rows) - 19_000) <= len(rows)
            assert totals.clicks == 6 and totals.unique_visitors == 4
            assert totals.spend_minor == sum(r.spend_minor for r in rows)


def test_derived_metrics_of_a_row() -> None:
    reports = compute_reports(world(), Scope(), currency="USD", window_days=30)
    a = by_channel(reports[(Channel.INFLUENCER, LAST)].rows)[A]
    assert a.new_customers == 2.0  # o2 and o3, each its customer's first order
    assert a.aov_minor == 4_500
    assert a.conversion_rate == pytest.approx(2 / 3)
    assert a.return_rate == pytest.approx(1_000 / 10_000)
    assert (a.spend_minor, a.cac_minor, a.cpa_minor) == (900, 450, 450)
    assert a.roas == pytest.approx(10.0)


def test_a_scope_keeps_its_own_touchpoints_only() -> None:
    reports = compute_reports(world(), Scope(influencer_id=A), currency="USD", window_days=30)
    for channel in Channel:
        rows = reports[(channel, FIRST)].rows
        assert {r.channel for r in rows} == {
            Channel.INFLUENCER: {A},
            Channel.LINK: {f"lnk_{A}"},
            Channel.POST: {f"post_{A}"},
            Channel.CAMPAIGN: {CAMPAIGN},
        }[channel]
        # A's share of the campaign, not the whole campaign.
        assert summary(reports[(channel, FIRST)].totals) == (2.0, 13_000, 1_300, 3)


def test_other_currencies_shape_journeys_but_are_not_counted() -> None:
    inputs = world(
        conversions=[
            ("o1", "c1", T0 + 3 * DAY, 10_000, "USD", True, 0),
            ("o2", "c2", T0 + 3 * DAY, 6_000, "GBP", True, 0),
        ]
    )
    reports = compute_reports(inputs, Scope(), currency="USD", window_days=30)
    totals = reports[(Channel.INFLUENCER, LINEAR)].totals
    assert (totals.conversions, totals.revenue_minor) == (1.0, 10_000)
    in_pounds = compute_reports(inputs, Scope(), currency="GBP", window_days=30)
    assert in_pounds[(Channel.INFLUENCER, LINEAR)].totals.revenue_minor == 6_000


def test_future_touchpoints_bots_and_customerless_orders_get_nothing() -> None:
    inputs = world(
        touches=[
            touch("t1", "v1", A, 1),
            touch("t2", "v1", B, 2, is_bot=True),
            touch("t3", "v2", B, 12),  # after "now"
        ],
        conversions=[
            ("o1", "c1", T0 + 3 * DAY, 10_000, "USD", True, 0),
            ("o2", None, T0 + 3 * DAY, 6_000, "USD", False, 0),
        ],
        with_ledger=False,
    )
    reports = compute_reports(inputs, Scope(), currency="USD", window_days=30)
    for model in AttributionModel:
        report = reports[(Channel.INFLUENCER, model)]
        assert {r.channel: summary(r)[:2] for r in report.rows} == {A: (1.0, 10_000)}
        assert report.totals.clicks == 1


def test_an_empty_world_gives_empty_rows_and_no_nan() -> None:
    empty = ReportInputs.empty("usr_brand", T0, T0 + DAY, T0 + DAY)
    reports = compute_reports(empty, Scope(), currency="USD", window_days=30)
    for report in reports.values():
        assert report.rows == []
        assert report.totals == empty_row()
        for value in vars(report.totals).values():
            assert not (isinstance(value, float) and math.isnan(value))


def test_the_rule_commission_follows_the_ledgers_arithmetic() -> None:
    terms = CampaignTerms(
        id=CAMPAIGN,
        currency="USD",
        rule=CommissionRule.percent(1000),
        product_ids=frozenset({"prd_1"}),
        model=LAST,
        window_days=30,
    )
    lines = [("prd_1", 3_000), ("prd_2", 1_000)]
    assert net_commission(terms, lines, 4_000, 0, "USD") == 300  # only the campaign's product
    # Returning 1,000 of 4,000 returns 750 of the commissioned 3,000: floor(300 * 750 / 3000).
    assert net_commission(terms, lines, 4_000, 1_000, "USD") == 300 - 75
    assert net_commission(terms, lines, 4_000, 0, "GBP") == 0
    flat = CampaignTerms(CAMPAIGN, "USD", CommissionRule.flat(500, "USD"), frozenset(), LAST, 30)
    assert net_commission(flat, lines, 4_000, 3_999, "USD") == 500
    assert net_commission(flat, lines, 4_000, 4_000, "USD") == 0
    fee = CampaignTerms(
        CAMPAIGN, "USD", CommissionRule.fixed_fee(500, "USD"), frozenset(), LAST, 30
    )
    assert net_commission(fee, lines, 4_000, 0, "USD") == 0


def test_the_baseline_applied_on_read_matches_the_metrics() -> None:
    credits = pl.DataFrame({"conversion_id": ["o1", "o2"], "channel": [A, A], "credit": [1.0, 0.5]})
    conversions = pl.DataFrame(
        {
            "conversion_id": ["o1", "o2"],
            "customer_id": ["c1", "c2"],
            "ts": [1, 2],
            "net_revenue_minor": [10_000, 5_000],
        }
    )
    clicks = pl.DataFrame({"visitor_id": ["v1"], "influencer_id": [A]})
    costs = pl.DataFrame({"channel": [A], "amount_minor": [1_234]})
    kwargs = {"channel": Channel.INFLUENCER, "commissions": costs}
    (plain,) = channel_report(credits, conversions, clicks, **kwargs)  # type: ignore[arg-type]
    (direct,) = channel_report(
        credits,
        conversions,
        clicks,
        baseline_cac_minor=2_500,
        **kwargs,  # type: ignore[arg-type]
    )
    assert with_baseline(plain, 2_500) == direct
    assert with_baseline(direct, None) == plain


def test_totals_of_several_brands_add_up() -> None:
    reports = compute_reports(world(), Scope(), currency="USD", window_days=30)
    one = reports[(Channel.INFLUENCER, LINEAR)]
    single = merge_totals([(one.totals, one.gross_minor, one.refunded_minor)])
    assert single == one.totals
    double = merge_totals([(one.totals, one.gross_minor, one.refunded_minor)] * 2)
    assert (double.conversions, double.revenue_minor, double.spend_minor) == (6.0, 38_000, 3_800)
    assert double.return_rate == pytest.approx(one.totals.return_rate)
    assert double.roas == pytest.approx(one.totals.roas)
    assert merge_totals([]) == empty_row()


def test_a_data_driven_chain_too_large_is_reported_unavailable_not_crashed() -> None:
    reports = compute_reports(
        world(), Scope(), currency="USD", window_days=30, data_driven_max_channels=1
    )
    refused = reports[(Channel.INFLUENCER, AttributionModel.DATA_DRIVEN)]
    assert refused.rows == [] and refused.totals == empty_row()
    assert refused.unavailable is not None and "limited to 1" in refused.unavailable
    assert reports[(Channel.INFLUENCER, LINEAR)].unavailable is None
    assert len(reports[(Channel.INFLUENCER, LINEAR)].rows) == 2
    # The reason survives the cache.
    key = ReportKey("usr_brand", None, None, date(2026, 6, 1), date(2026, 6, 7), "USD")
    doc = report_doc(
        key,
        Channel.INFLUENCER,
        AttributionModel.DATA_DRIVEN,
        refused,
        {},
        computed_at=datetime(2026, 6, 8, tzinfo=UTC),
        data_version=3,
    )
    cached = cached_report(doc)
    assert (cached.key, cached.unavailable, cached.data_version) == (key, refused.unavailable, 3)


def test_a_row_without_spend_has_no_cac_to_rank_or_save_against() -> None:
    credits = pl.DataFrame({"conversion_id": ["o1"], "channel": [A], "credit": [1.0]})
    conversions = pl.DataFrame(
        {"conversion_id": ["o1"], "customer_id": ["c1"], "ts": [1], "net_revenue_minor": [8_000]}
    )
    clicks = pl.DataFrame({"visitor_id": ["v1"], "influencer_id": [A]})
    (free,) = channel_report(credits, conversions, clicks, channel=Channel.INFLUENCER)
    # The metrics alone divide nothing spent by one new customer: a CAC of 0.
    assert (free.spend_minor, free.new_customers, free.cac_minor) == (0, 1.0, 0)
    read = with_baseline(free, 2_500)
    assert (read.cac_minor, read.cpa_minor, read.cac_saving_minor) == (None, None, None)
    assert read.saving_minor == 2_500  # one customer at the baseline, nothing spent
    assert kol_leaderboard([read], "cac") == []
