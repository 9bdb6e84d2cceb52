"""Small test batches judged by real sales: sell-through, category baselines, verdicts, re-orders.

Plain data in, plain data out; `feeds.drops.store` reads orders and returns and hands them here.

Public API:
    sell_through_series(launch_on, today, batches, sold, returned) -> list[DayPoint]
    batch_progress(batches, series) -> list[BatchProgress]
    performance(series, batches, launch_at, now) -> Performance
    forecast_demand(series, today, *, window_days, alpha) -> DemandForecast
    plan_reorder(forecast, stock_on_hand, on_order, policy) -> ReorderPlan
    category_baselines(speeds, *, default_rate, prior_weight) -> dict[product id, rate]
    judge(...) -> Judgement
    Verdict, Batch, DayPoint, BatchProgress, Performance, DemandForecast, ReorderPolicy,
    ReorderPlan, ElementTrend, VerdictParams, Judgement

Sell-through. Days are UTC calendar days from the launch date (orders placed before it count on
the launch day). A day's net sales are the units ordered that day minus the units returned that
day: a partial return (one of three units, one line of two) takes back exactly the units it names,
on the day it arrives, because that is when they are back in stock. Units received are those of
the batches that have arrived (a batch arrives on its expected date; the first on the launch
date). Sell-through = net units sold to date / units received to date; stock on hand = units
received - net units sold (never below zero: units sold beyond it are backorders that the next
batch serves first).

Speed and the category baseline. A product's speed is its sell-through per day on sale, where a
day counts only if the product had stock at its start (days spent sold out between batches say
nothing about demand) and today counts for the part of it that has passed. The baseline of a
category is the median speed of the *other* products of that category that have been on sale
long enough to judge, shrunk towards a platform default with `prior_weight` pseudo-products:
    baseline = (n x median + k x default) / (n + k)
so a category with one or two products does not swing the verdict on a single outlier.

Demand forecast and re-order quantity (never a fixed multiple of the first batch):
    rate  lambda = exponentially weighted mean of the daily net sales of the last `window_days`
                   complete days that started with stock (weights (1 - alpha)^age, age 0 = the
                   latest day, normalised to sum to 1); the day a product sold out counts as it
                   is, a lower bound of that day's demand
    sigma        = sample standard deviation of those days (sqrt(lambda), the Poisson value, when
                   fewer than two days are known)
    target       = lambda x (lead time + coverage period) + z x sigma x sqrt(lead time)
    position     = stock on hand + units already on order (placed batches not yet arrived)
    quantity     = ceil((target - position) / batch multiple) x batch multiple, or 0 when the
                   position already covers the target
The first term is the demand expected until the new batch arrives plus the period it must cover;
the second is the safety stock that keeps the chance of selling out before it arrives at the
service level z stands for (1.65 = 95 %); counting units on order stops a second re-order of
stock that is already coming.

Verdict rules, in order (thresholds in `VerdictParams`):
    not launched yet                                      WATCH
    on sale < min_days and sell-through < near_sellout     WATCH (too early)
    return rate >= returns_drop (>= min_units_for_returns sold)              DROP
    speed >= hit_ratio x baseline:
        an element DECLINING                              WATCH (sell the stock, do not re-order)
        return rate >= returns_watch                      WATCH (look at the returns first)
        re-order quantity 0                               WATCH (stock and orders cover demand)
        otherwise                                         REORDER with the quantity
    speed <= slow_ratio x baseline after slow_after_days  DROP
    an element DECLINING and speed below the baseline     DROP
    otherwise                                             WATCH
Each verdict carries its reasons in words: "sold 82% of 100 units in 6 days, 2.4x the dresses
baseline", "element “butter yellow” still rising", "returns 4%", and what the rule concluded.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from feeds.trends import TrendState

DAY = timedelta(days=1)
# The reasons are read by people: a real multiplication and minus sign, not "x" and "-".
TIMES, MINUS = "\u00d7", "\u2212"


class Verdict(StrEnum):
    REORDER = "REORDER"
    WATCH = "WATCH"
    DROP = "DROP"


@dataclass(frozen=True, slots=True)
class Batch:
    number: int  # 1 = the test batch
    quantity: int
    arrives_on: date


@dataclass(frozen=True, slots=True)
class DayPoint:
    day: date
    sold: int  # units ordered that day
    returned: int  # units returned that day
    net: int
    net_to_date: int
    received_to_date: int
    stock: int  # on hand at the end of the day
    sell_through: float  # net_to_date / received_to_date (0 when nothing has arrived)
    in_stock_at_start: bool


@dataclass(frozen=True, slots=True)
class BatchProgress:
    number: int
    quantity: int
    arrives_on: date
    arrived: bool
    sold: int  # its units sold so far, batches selling out in order
    sell_through: float
    sold_out_on: date | None


@dataclass(frozen=True, slots=True)
class Performance:
    days_on_sale: float
    units_received: int
    units_on_order: int
    sold: int
    returned: int
    net_sold: int
    sell_through: float
    return_rate: float  # returned / sold units
    stock_on_hand: int

    @property
    def speed(self) -> float:
        """Sell-through per day on sale (a day at least, so launch morning is not a spike)."""
        return self.sell_through / max(self.days_on_sale, 1.0)


@dataclass(frozen=True, slots=True)
class DemandForecast:
    rate: float  # expected net units per day
    sigma: float  # standard deviation of daily net units
    days: int  # complete in-stock days it rests on


@dataclass(frozen=True, slots=True)
class ReorderPolicy:
    lead_days: float
    coverage_days: float
    z: float
    batch_multiple: int

    def __post_init__(self) -> None:
        if self.lead_days < 0 or self.coverage_days < 0:
            raise ValueError("lead time and coverage period must not be negative")
        if self.batch_multiple < 1:
            raise ValueError("the batch multiple must be at least 1")


@dataclass(frozen=True, slots=True)
class ReorderPlan:
    rate: float
    sigma: float
    cycle_demand: float  # rate x (lead + coverage)
    safety_stock: float  # z x sigma x sqrt(lead)
    position: int  # stock on hand + on order
    need: float  # cycle_demand + safety_stock - position
    quantity: int  # need rounded up to the batch multiple, 0 when need <= 0


@dataclass(frozen=True, slots=True)
class ElementTrend:
    element_id: str
    name: str
    state: TrendState | None  # None: the element has no trend data yet


@dataclass(frozen=True, slots=True)
class VerdictParams:
    min_days: float = 3.0
    slow_after_days: float = 7.0
    hit_ratio: float = 1.5
    slow_ratio: float = 0.5
    near_sellout: float = 0.8
    returns_watch: float = 0.15
    returns_drop: float = 0.30
    min_units_for_returns: int = 10


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    reasons: tuple[str, ...]
    speed_ratio: float | None  # speed / category baseline, None before launch
    plan: ReorderPlan
    suggested_quantity: int  # the plan's quantity when the verdict is REORDER, else 0
    days_of_cover: float | None  # stock on hand / rate; None when nothing sells

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


# --- sell-through ---------------------------------------------------------------------------


def sell_through_series(
    launch_on: date,
    today: date,
    batches: Sequence[Batch],
    sold: Mapping[date, int],
    returned: Mapping[date, int],
) -> list[DayPoint]:
    """One point per day from the launch date to today (empty before launch)."""
    if today < launch_on:
        return []
    days = (today - launch_on).days + 1
    sold_by = _fold(sold, launch_on, days)
    returned_by = _fold(returned, launch_on, days)
    arriving = [0] * days
    for batch in batches:
        index = max(0, (batch.arrives_on - launch_on).days)
        if index < days:
            arriving[index] += batch.quantity
    points: list[DayPoint] = []
    net_to_date = received = 0
    for index in range(days):
        received += arriving[index]
        in_stock = received - net_to_date > 0
        net = sold_by[index] - returned_by[index]
        net_to_date += net
        points.append(
            DayPoint(
                day=launch_on + index * DAY,
                sold=sold_by[index],
                returned=returned_by[index],
                net=net,
                net_to_date=net_to_date,
                received_to_date=received,
                stock=max(0, received - net_to_date),
                sell_through=net_to_date / received if received else 0.0,
                in_stock_at_start=in_stock,
            )
        )
    return points


def _fold(by_day: Mapping[date, int], launch_on: date, days: int) -> list[int]:
    out = [0] * days
    for day, units in by_day.items():
        index = max(0, (day - launch_on).days)
        if index < days:
            out[index] += units
    return out


def batch_progress(batches: Sequence[Batch], series: Sequence[DayPoint]) -> list[BatchProgress]:
    """Each batch's share of the sales, oldest batch selling out first."""
    today = series[-1].day if series else None
    net = series[-1].net_to_date if series else 0
    progress: list[BatchProgress] = []
    before = 0
    for batch in sorted(batches, key=lambda b: b.number):
        arrived = today is not None and batch.arrives_on <= today
        sold = min(max(net - before, 0), batch.quantity) if arrived else 0
        sold_out_on = None
        if arrived and sold == batch.quantity:
            threshold = before + batch.quantity
            for point in series:
                if point.day >= batch.arrives_on and point.net_to_date >= threshold:
                    sold_out_on = point.day
                    break
        progress.append(
            BatchProgress(
                number=batch.number,
                quantity=batch.quantity,
                arrives_on=batch.arrives_on,
                arrived=arrived,
                sold=sold,
                sell_through=sold / batch.quantity if batch.quantity else 0.0,
                sold_out_on=sold_out_on,
            )
        )
        before += batch.quantity
    return progress


def performance(
    series: Sequence[DayPoint], batches: Sequence[Batch], launch_at: datetime, now: datetime
) -> Performance:
    """Totals to now; days on sale count only days that started with stock, today in part."""
    if not series:
        return Performance(0.0, 0, sum(b.quantity for b in batches), 0, 0, 0, 0.0, 0.0, 0)
    last = series[-1]
    today_start = datetime.combine(last.day, time(), tzinfo=launch_at.tzinfo)
    today_part = min(max((now - max(today_start, launch_at)) / DAY, 0.0), 1.0)
    days_on_sale = sum(1.0 for p in series[:-1] if p.in_stock_at_start)
    if last.in_stock_at_start:
        days_on_sale += today_part
    sold = sum(p.sold for p in series)
    returned = sum(p.returned for p in series)
    return Performance(
        days_on_sale=days_on_sale,
        units_received=last.received_to_date,
        units_on_order=sum(b.quantity for b in batches if b.arrives_on > last.day),
        sold=sold,
        returned=returned,
        net_sold=last.net_to_date,
        sell_through=last.sell_through,
        return_rate=returned / sold if sold else 0.0,
        stock_on_hand=last.stock,
    )


# --- demand and re-orders -------------------------------------------------------------------


def forecast_demand(
    series: Sequence[DayPoint], today: date, *, window_days: int = 7, alpha: float = 0.3
) -> DemandForecast:
    """Recent daily net sales: EWMA over the last complete days that started with stock."""
    if window_days < 1 or not 0.0 < alpha <= 1.0:
        raise ValueError("window_days must be >= 1 and alpha within (0, 1]")
    usable = [p.net for p in series if p.day < today and p.in_stock_at_start][-window_days:]
    if not usable:
        return DemandForecast(rate=0.0, sigma=0.0, days=0)
    weights = [(1.0 - alpha) ** age for age in range(len(usable) - 1, -1, -1)]
    rate = max(0.0, sum(w * x for w, x in zip(weights, usable, strict=True)) / sum(weights))
    sigma = statistics.stdev(usable) if len(usable) >= 2 else math.sqrt(rate)
    return DemandForecast(rate=rate, sigma=sigma, days=len(usable))


def plan_reorder(
    forecast: DemandForecast, stock_on_hand: int, on_order: int, policy: ReorderPolicy
) -> ReorderPlan:
    """How many units to order now (see the module docstring for the formula)."""
    cycle = forecast.rate * (policy.lead_days + policy.coverage_days)
    safety = policy.z * forecast.sigma * math.sqrt(policy.lead_days)
    position = stock_on_hand + on_order
    need = cycle + safety - position
    # A hair of tolerance so 150.0000001 units (float noise) does not become another batch.
    batches = math.ceil(need / policy.batch_multiple - 1e-9) if need > 0 else 0
    return ReorderPlan(
        rate=forecast.rate,
        sigma=forecast.sigma,
        cycle_demand=cycle,
        safety_stock=safety,
        position=position,
        need=need,
        quantity=batches * policy.batch_multiple,
    )


def days_of_cover(stock_on_hand: int, rate: float) -> float | None:
    if stock_on_hand <= 0:
        return 0.0
    return stock_on_hand / rate if rate > 0 else None


# --- baselines ------------------------------------------------------------------------------


def category_key(category: str | None) -> str:
    """The one spelling of a category that products are stored, grouped and filtered by:
    case-folded, inner spaces collapsed ("Tops", " tops " and "TOPS" are one category)."""
    return " ".join((category or "").split()).casefold()


def category_baselines(
    speeds: Mapping[str, tuple[str | None, float, bool]],
    *,
    default_rate: float,
    prior_weight: float,
) -> dict[str, float]:
    """Per product: the leave-one-out median speed of its category, shrunk to the default.

    `speeds` maps product id -> (category, speed, judged long enough to count as a peer).
    """
    if default_rate <= 0 or prior_weight < 0:
        raise ValueError("the default rate must be positive and the prior weight not negative")
    peers: dict[str, list[tuple[str, float]]] = {}
    for product_id, (category, speed, eligible) in speeds.items():
        if eligible:
            peers.setdefault(category_key(category), []).append((product_id, speed))
    out: dict[str, float] = {}
    for product_id, (category, _, _) in speeds.items():
        others = [s for pid, s in peers.get(category_key(category), ()) if pid != product_id]
        if not others:
            out[product_id] = default_rate
            continue
        n = len(others)
        shrunk = (n * statistics.median(others) + prior_weight * default_rate) / (n + prior_weight)
        out[product_id] = shrunk if shrunk > 0 else default_rate
    return out


# --- verdicts -------------------------------------------------------------------------------

_STATE_WORDS = {
    TrendState.EMERGING: "emerging",
    TrendState.RISING: "still rising",
    TrendState.PEAKING: "peaking",
    TrendState.COOLING: "cooling",
    TrendState.STEADY: "steady",
    TrendState.DECLINING: "declining",
}


def _pct(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def days_text(value: float) -> str:
    """ "6 days", "6.5 days", "1 day": how the reasons count days."""
    if value < 10 and abs(value - round(value)) > 0.05:
        text = f"{value:.1f}"
    else:
        text = f"{round(value):d}"
    return f"{text} day" if text == "1" else f"{text} days"


def _units(value: float) -> str:
    whole = round(value)
    return f"{whole} unit" if whole == 1 else f"{whole} units"


def _quoted(name: str) -> str:
    # Reasons are shown as plain text: typographic quotes, not markup.
    return f"\u201c{name.lower()}\u201d"


def _element_words(element: ElementTrend) -> str:
    name = _quoted(element.name)
    if element.state is None:
        return f"element {name} has no trend data yet"
    return f"element {name} {_STATE_WORDS[element.state]}"


def _names(elements: Iterable[ElementTrend]) -> str:
    return ", ".join(_quoted(e.name) for e in elements)


def _reorder_words(plan: ReorderPlan, policy: ReorderPolicy) -> str:
    return (
        f"re-order {_units(plan.quantity)}: {plan.rate:.1f} a day {TIMES} "
        f"({days_text(policy.lead_days)} lead time + {days_text(policy.coverage_days)} cover) "
        f"+ {plan.safety_stock:.0f} safety stock {MINUS} {plan.position} in stock or on order"
    )


def judge(
    perf: Performance,
    forecast: DemandForecast,
    *,
    baseline_rate: float,
    category: str | None,
    elements: Sequence[ElementTrend],
    policy: ReorderPolicy,
    params: VerdictParams,
    launch_on: date,
    today: date,
) -> Judgement:
    """The product's verdict and its reasons (rules in the module docstring)."""
    plan = plan_reorder(forecast, perf.stock_on_hand, perf.units_on_order, policy)
    cover = days_of_cover(perf.stock_on_hand, forecast.rate)
    element_reasons = [_element_words(e) for e in elements]

    def done(verdict: Verdict, ratio: float | None, *reasons: str) -> Judgement:
        return Judgement(
            verdict=verdict,
            reasons=tuple(r for r in reasons if r),
            speed_ratio=ratio,
            plan=plan,
            suggested_quantity=plan.quantity if verdict is Verdict.REORDER else 0,
            days_of_cover=cover if today >= launch_on else None,
        )

    if today < launch_on:
        return done(Verdict.WATCH, None, f"on sale from {launch_on.isoformat()}", *element_reasons)

    ratio = perf.speed / baseline_rate if baseline_rate > 0 else 0.0
    label = category_key(category) or "catalogue"
    sales = (
        f"sold {_pct(perf.sell_through)} of {_units(perf.units_received)} in "
        f"{days_text(perf.days_on_sale)}, {ratio:.1f}{TIMES} the {label} baseline"
    )
    returns = f"returns {_pct(perf.return_rate)}" if perf.sold else "nothing sold yet"
    declining = [e for e in elements if e.state is TrendState.DECLINING]
    judged_returns = perf.sold >= params.min_units_for_returns

    if perf.days_on_sale < params.min_days and perf.sell_through < params.near_sellout:
        return done(
            Verdict.WATCH,
            ratio,
            sales,
            *element_reasons,
            returns,
            f"too early to judge: wait for {days_text(params.min_days)} on sale",
        )
    if judged_returns and perf.return_rate >= params.returns_drop:
        return done(
            Verdict.DROP,
            ratio,
            sales,
            *element_reasons,
            returns,
            f"returns at or above {_pct(params.returns_drop)} of units sold: the product "
            "disappoints the people who buy it",
        )
    if ratio >= params.hit_ratio:
        if declining:
            why = (
                f"a hit, but {_names(declining)} is declining: sell the stock on hand "
                "rather than re-order"
            )
            return done(Verdict.WATCH, ratio, sales, *element_reasons, returns, why)
        if judged_returns and perf.return_rate >= params.returns_watch:
            why = f"a hit, but returns above {_pct(params.returns_watch)} need a look first"
            return done(Verdict.WATCH, ratio, sales, *element_reasons, returns, why)
        if plan.quantity == 0:
            why = (
                f"a hit, and the {plan.position} units in stock or on order cover the "
                f"expected {plan.cycle_demand + plan.safety_stock:.0f}"
            )
            return done(Verdict.WATCH, ratio, sales, *element_reasons, returns, why)
        return done(
            Verdict.REORDER, ratio, sales, *element_reasons, returns, _reorder_words(plan, policy)
        )
    if perf.days_on_sale >= params.slow_after_days and ratio <= params.slow_ratio:
        why = (
            f"selling at {ratio:.1f}{TIMES} the {label} baseline after "
            f"{days_text(perf.days_on_sale)}: clear the stock, no re-order"
        )
        return done(Verdict.DROP, ratio, sales, *element_reasons, returns, why)
    if declining and ratio < 1.0:
        why = f"below the {label} baseline while {_names(declining)} is declining"
        return done(Verdict.DROP, ratio, sales, *element_reasons, returns, why)
    return done(
        Verdict.WATCH,
        ratio,
        sales,
        *element_reasons,
        returns,
        "neither a hit nor a miss yet",
    )
