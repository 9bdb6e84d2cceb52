"""Test batches, pure: sell-through net of partial returns, batches, the demand forecast, the
re-order formula against hand-worked numbers, baselines, and verdicts on constructed histories."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from feeds.drops.judging import (
    Batch,
    DayPoint,
    DemandForecast,
    ElementTrend,
    Judgement,
    ReorderPolicy,
    Verdict,
    VerdictParams,
    batch_progress,
    category_baselines,
    category_key,
    forecast_demand,
    judge,
    performance,
    plan_reorder,
    sell_through_series,
)
from feeds.trends import TrendState

LAUNCH = date(2026, 6, 1)
POLICY = ReorderPolicy(lead_days=9, coverage_days=14, z=1.65, batch_multiple=50)
PARAMS = VerdictParams()
BUTTER = "colour/butter-yellow"


def day(n: int) -> date:
    return LAUNCH + timedelta(days=n)


def midnight(n: int) -> datetime:
    return datetime.combine(day(n), datetime.min.time(), tzinfo=UTC)


def test_sell_through_is_net_of_partial_returns_on_the_day_they_arrive() -> None:
    sold = {day(-2): 4, day(0): 10, day(1): 20, day(2): 5}  # pre-orders count on launch day
    returned = {day(1): 2, day(3): 3}  # two of twenty units, then three of another order
    series = sell_through_series(LAUNCH, day(3), [Batch(1, 100, LAUNCH)], sold, returned)
    assert [(p.sold, p.returned, p.net, p.net_to_date, p.stock) for p in series] == [
        (14, 0, 14, 14, 86),
        (20, 2, 18, 32, 68),
        (5, 0, 5, 37, 63),
        (0, 3, -3, 34, 66),
    ]
    assert [p.sell_through for p in series] == [0.14, 0.32, 0.37, 0.34]
    perf = performance(
        series, [Batch(1, 100, LAUNCH)], midnight(0), midnight(3) + timedelta(hours=6)
    )
    assert (perf.sold, perf.returned, perf.net_sold, perf.stock_on_hand) == (39, 5, 34, 66)
    assert perf.return_rate == pytest.approx(5 / 39)
    assert perf.days_on_sale == pytest.approx(3.25)  # three whole days and a quarter of today


def test_nothing_before_launch_and_future_sales_are_ignored() -> None:
    assert sell_through_series(LAUNCH, day(-1), [Batch(1, 10, LAUNCH)], {day(-1): 3}, {}) == []
    series = sell_through_series(LAUNCH, day(0), [Batch(1, 10, LAUNCH)], {day(5): 3}, {})
    assert [p.net_to_date for p in series] == [0]


def test_a_second_batch_continues_stock_and_sell_through_after_a_sell_out() -> None:
    batches = [Batch(1, 10, day(0)), Batch(2, 20, day(3)), Batch(3, 50, day(9))]
    sold = {day(0): 6, day(1): 6, day(3): 5, day(4): 3}
    series = sell_through_series(LAUNCH, day(4), batches, sold, {})
    assert [(p.received_to_date, p.stock, p.in_stock_at_start) for p in series] == [
        (10, 4, True),
        (10, 0, True),  # oversold by two: backorders, not negative stock
        (10, 0, False),  # sold out all day: not a day on sale
        (30, 13, True),  # batch 2 serves the backorders first
        (30, 10, True),
    ]
    assert series[-1].sell_through == pytest.approx(20 / 30)
    progress = batch_progress(batches, series)
    assert [(b.sold, b.sold_out_on, b.arrived) for b in progress] == [
        (10, day(1), True),
        (10, None, True),
        (0, None, False),
    ]
    assert progress[1].sell_through == 0.5
    perf = performance(series, batches, midnight(0), midnight(4) + timedelta(hours=12))
    assert perf.days_on_sale == pytest.approx(3.5)  # days 0, 1, 3 and half of day 4
    assert (perf.units_received, perf.units_on_order, perf.stock_on_hand) == (30, 50, 10)


def _points(nets: list[int], in_stock: list[bool] | None = None) -> list[DayPoint]:
    flags = in_stock or [True] * len(nets)
    return [
        DayPoint(day(i), max(n, 0), max(-n, 0), n, 0, 0, 0, 0.0, flag)
        for i, (n, flag) in enumerate(zip(nets, flags, strict=True))
    ]


def test_demand_rate_is_an_ewma_of_the_last_complete_in_stock_days() -> None:
    # Nine complete days and today (day 9, partial: left out); window 7, alpha 1/2.
    series = _points([3, 5, 8, 10, 12, 9, 11, 14, 13, 40])
    forecast = forecast_demand(series, day(9), window_days=7, alpha=0.5)
    # Last seven days, oldest first: 8 10 12 9 11 14 13, weights 1/64 … 1/2, 1:
    #   sum(w x) = 8/64 + 10/32 + 12/16 + 9/8 + 11/4 + 14/2 + 13 = 401/16
    #   sum(w)   = 127/64                       -> rate = 401/16 x 64/127 = 1604/127
    assert forecast.rate == pytest.approx(1604 / 127)
    # Mean 11, squared deviations 9 1 1 4 0 9 4 = 28, sample variance 28/6.
    assert forecast.sigma == pytest.approx(math.sqrt(28 / 6))
    assert forecast.days == 7


def test_days_that_started_sold_out_do_not_count_as_zero_demand() -> None:
    series = _points([10, 10, 0, 0, 10], [True, True, False, False, True])
    forecast = forecast_demand(series, day(5), window_days=7, alpha=0.3)
    assert (forecast.rate, forecast.sigma, forecast.days) == (10.0, 0.0, 3)
    single = forecast_demand(_points([9]), day(1))
    assert (single.rate, single.sigma) == (9.0, 3.0)  # one day: Poisson sigma sqrt(9)
    assert forecast_demand(_points([5]), day(0)).days == 0  # only today, which is partial


def test_reorder_quantity_against_hand_worked_numbers() -> None:
    forecast = DemandForecast(rate=10.0, sigma=4.0, days=7)
    # 10 a day x (9 + 14) = 230; safety 1.65 x 4 x sqrt(9) = 19.8; target 249.8.
    plan = plan_reorder(forecast, stock_on_hand=30, on_order=0, policy=POLICY)
    assert plan.cycle_demand == pytest.approx(230.0)
    assert plan.safety_stock == pytest.approx(19.8)
    assert plan.need == pytest.approx(219.8)
    assert plan.quantity == 250  # 219.8 rounded up to a multiple of 50
    # 100 already on order: 119.8 -> 150.
    assert plan_reorder(forecast, 30, 100, POLICY).quantity == 150
    # Exactly 200 short: no extra batch for float noise.
    exact = ReorderPolicy(lead_days=4, coverage_days=16, z=0.0, batch_multiple=50)
    assert plan_reorder(DemandForecast(10.0, 4.0, 7), 0, 0, exact).quantity == 200
    assert plan_reorder(forecast, 260, 0, POLICY).quantity == 0
    # Not a multiple of the first batch: halve the rate and the quantity follows demand.
    half = plan_reorder(DemandForecast(rate=5.0, sigma=2.0, days=7), 30, 0, POLICY)
    assert half.quantity == 100  # 115 + 9.9 - 30 = 94.9 -> 100


def test_category_baseline_is_a_leave_one_out_median_shrunk_to_the_default() -> None:
    speeds = {
        "a": ("Dresses", 0.02, True),
        "b": ("dresses", 0.04, True),
        "c": (" dresses ", 0.10, True),
        "d": ("dresses", 0.50, False),  # too new to be anyone's peer
        "e": ("tops", 0.05, True),
    }
    baselines = category_baselines(speeds, default_rate=0.03, prior_weight=2)
    assert baselines["a"] == pytest.approx((2 * 0.07 + 2 * 0.03) / 4)
    assert baselines["b"] == pytest.approx((2 * 0.06 + 2 * 0.03) / 4)
    assert baselines["c"] == pytest.approx((2 * 0.03 + 2 * 0.03) / 4)
    assert baselines["d"] == pytest.approx((3 * 0.04 + 2 * 0.03) / 5)
    assert baselines["e"] == 0.03  # alone in its category


# --- verdicts on constructed histories ------------------------------------------------------


def _judge(
    daily_sold: list[int],
    *,
    returned: dict[int, int] | None = None,
    units: int = 100,
    state: TrendState | None = TrendState.RISING,
    extra_batches: list[Batch] | None = None,
    baseline: float = 0.03,
    at_hours: float = 0.0,
) -> Judgement:
    """Sell `daily_sold` on consecutive days from launch; judge at the start of the next day."""
    today = day(len(daily_sold))
    batches = [Batch(1, units, LAUNCH), *(extra_batches or [])]
    sold = {day(i): n for i, n in enumerate(daily_sold)}
    back = {day(i): n for i, n in (returned or {}).items()}
    series = sell_through_series(LAUNCH, today, batches, sold, back)
    now = midnight(len(daily_sold)) + timedelta(hours=at_hours)
    perf = performance(series, batches, midnight(0), now)
    return judge(
        perf,
        forecast_demand(series, today),
        baseline_rate=baseline,
        category="Dresses",
        elements=[ElementTrend(BUTTER, "Butter Yellow", state)],
        policy=POLICY,
        params=PARAMS,
        launch_on=LAUNCH,
        today=today,
    )


def test_a_hit_is_reordered_with_its_reasons_in_words() -> None:
    result = _judge([12, 14, 15, 14, 13, 14], returned={4: 3})
    assert result.verdict is Verdict.REORDER
    # 79 net of 100 in 6 days = 13.2 % a day against 3 %: 4.4x.
    assert result.reasons[:3] == (
        "sold 79% of 100 units in 6 days, 4.4\u00d7 the dresses baseline",
        "element “butter yellow” still rising",
        "returns 4%",
    )
    assert result.reasons[3].startswith(f"re-order {result.suggested_quantity} units: ")
    assert result.suggested_quantity == result.plan.quantity > 0
    assert result.suggested_quantity % POLICY.batch_multiple == 0
    assert result.days_of_cover == pytest.approx(21 / result.plan.rate)
    assert "; returns 4%; re-order" in result.summary


def test_a_slow_seller_is_dropped_after_a_week() -> None:
    result = _judge([1] * 8)
    assert result.verdict is Verdict.DROP
    assert result.speed_ratio == pytest.approx((8 / 100 / 8) / 0.03)
    assert "0.3\u00d7 the dresses baseline after 8 days" in result.summary
    assert result.suggested_quantity == 0
    assert _judge([1] * 4).verdict is Verdict.WATCH  # slow, but not for long enough yet


def test_high_returns_drop_a_product_that_sells() -> None:
    result = _judge([10, 10, 10, 10], returned={2: 6, 3: 8})
    assert result.verdict is Verdict.DROP
    assert "returns 35%" in result.reasons
    moderate = _judge([10, 10, 10, 10], returned={3: 7})  # 17.5 %: a hit held back
    assert moderate.verdict is Verdict.WATCH
    assert "returns above 15% need a look first" in moderate.summary


def test_an_element_turned_declining_stops_reorders_and_drops_the_middling() -> None:
    hit = _judge([12, 14, 15, 14, 13, 14], state=TrendState.DECLINING)
    assert hit.verdict is Verdict.WATCH
    assert "element “butter yellow” declining" in hit.reasons
    assert "“butter yellow” is declining: sell the stock on hand" in hit.summary
    assert "`" not in hit.summary  # plain text for people, no markup
    middling = _judge([3, 2, 3, 2, 3])  # 13 % in 5 days: 0.87x the baseline
    assert middling.verdict is Verdict.WATCH
    fading = _judge([3, 2, 3, 2, 3], state=TrendState.DECLINING)
    assert fading.verdict is Verdict.DROP
    assert "below the dresses baseline while “butter yellow” is declining" in fading.summary


def test_too_early_unknown_trends_and_pre_launch_are_watched() -> None:
    early = _judge([5, 6], state=None, at_hours=6)
    assert early.verdict is Verdict.WATCH
    assert "element “butter yellow” has no trend data yet" in early.reasons
    assert early.reasons[-1].startswith("too early to judge")
    sellout = _judge([50, 40], at_hours=1)  # 90 % in two days is judged at once
    assert sellout.verdict is Verdict.REORDER
    before = judge(
        performance([], [Batch(1, 100, day(3))], midnight(3), midnight(0)),
        DemandForecast(0.0, 0.0, 0),
        baseline_rate=0.03,
        category=None,
        elements=[],
        policy=POLICY,
        params=PARAMS,
        launch_on=day(3),
        today=day(0),
    )
    assert (before.verdict, before.reasons, before.days_of_cover) == (
        Verdict.WATCH,
        ("on sale from 2026-06-04",),
        None,
    )


def test_a_hit_whose_reorder_is_on_its_way_is_watched() -> None:
    coming = [Batch(2, 500, day(10))]
    result = _judge([12, 14, 15, 14, 13, 14], extra_batches=coming)
    assert result.verdict is Verdict.WATCH
    assert result.plan.position == 18 + 500  # 82 of 100 sold, 500 coming
    assert "in stock or on order cover the expected" in result.summary


def test_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        ReorderPolicy(lead_days=-1, coverage_days=14, z=1.65, batch_multiple=50)
    with pytest.raises(ValueError):
        ReorderPolicy(lead_days=9, coverage_days=14, z=1.65, batch_multiple=0)
    with pytest.raises(ValueError):
        forecast_demand([], day(0), window_days=0)


def test_a_category_has_one_spelling_whatever_its_case_and_spaces() -> None:
    assert category_key("Tops") == category_key(" tops ") == category_key("TOPS") == "tops"
    assert category_key("Knit  Tops") == "knit tops"
    assert category_key(None) == category_key("  ") == ""
