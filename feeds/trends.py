"""Trend detection: which style elements are emerging, how fast, and how sure we are.

Input: an occurrences frame (polars), one row per (post, element):
    element_id  str         "<kind>/<slug>"
    market      str
    day         date        the post's publication day (in the market's time zone)
    author_id   any         the post's author
    post_id     any
    engagement  number      optional: likes + saves + comments of the post
    orders      number      optional: orders attributed to the post
    sentiment   float|null  optional: mean comment sentiment of the post (-1..1)
    confidence  float       optional: extraction confidence; rows below `min_confidence` are ignored
    taxonomy_version str    optional: must hold a single version (mixing versions would turn a
                            taxonomy change into fake growth; re-extract history instead)
Output: `rank_trending(...)` -> list[TrendRow], best emergence score first.

Public API:
    rank_trending(frame, market=None, kind=None, window_days=7, as_of=None, *, params, limit)
    designers_list(rows, min_authors) -> (listed, others)   what the designers' list shows
    history_days(window_days, params) -> days of data a window needs
    element_history(frame, element_id, market=None) -> pl.DataFrame (daily posts, authors, …)
    TrendParams, TrendRow, TrendState, ForecastPoint

Method (every step vectorised over elements; the only loops are over days):
1. Activity is counted in authors, not posts. Days are cut into periods of `window_days` ending
   on `as_of`; within a period one author adds at most `author_cap` to an element, spread over
   the days they posted. A spammer posting 50 times a day for a week therefore counts as one
   author, like everyone else. The result is a daily "capped authors" series per element.
2. Weekly seasonality: day-of-week factors from the market's total daily volume divide it out.
3. Baseline: the median or the mean of the `baseline_weeks` weekly sums before the window,
   whichever is higher (robust to one odd week, and at small counts, where the median of skewed
   weekly sums can sit below the mean, a rise still has to beat the average week), as a daily
   rate lambda. Expected window count E = lambda x window_days.
4. Growth with shrinkage (Poisson-gamma): the window rate has a Gamma prior centred on the
   baseline with strength `prior_strength` authors, so the growth ratio is
   rho = (r + alpha) / (E + alpha). With alpha = 10, 1 → 4 authors gives x1.27, not x4; 50 → 120
   gives x2.2.
5. Significance: conditional on the total of window and baseline counts, the window's share is
   binomial under "no change"; z is that test's statistic (with a continuity correction), its
   variance inflated by the over-dispersion seen in the baseline (a negative-binomial factor
   1 + kappa * lambda, kappa pooled over the market's elements). p_increase = Phi(z).
6. Acceleration: the same growth ratio over the last `short_days` only, minus the whole window's
   (log2); positive when the latest days grow faster than the window.
7. Score = log2(rho) x credit(z) + acceleration_weight x max(0, acceleration) x credit(z_short),
   credit(z) = clip(z / z_full, 0, 1) — growth only counts as far as it is significant.
8. Momentum: the per-day log growth of the last `momentum_days` days from a log-linear Poisson
   fit, and its standard error from the model (variance inflated by the pooled kappa), not from
   the residuals of a handful of noisy days. Growth has stalled when
   momentum + stall_z x se <= stall_growth: even the upper end of what the days allow is
   under +10 % a day. Small counts rarely prove a stall, so they stay EMERGING or RISING rather
   than being called PEAKING while still growing.
9. Cooling, the test for small sustained declines: a long window of window + `cooling_days`
   days (14 for the 7-day list) against a baseline of up to `cooling_baseline_weeks` (8) weeks
   before it, taken as the lower of median and mean so that a decline has to undercut the
   typical week too. z_long is the binomial z of the long window, z_tail that of its latest
   `window_days` against the same baseline; both must be at most -z_cooling (2.2), so the fall
   is significant over the two weeks and still there in the last one. With its longer window
   and baseline this test sees declines of 20-45 % a week at a few authors a day that the
   window's own 3-sigma test misses, while a stable element meets it on well under 0.5 % of
   days (measured with `feeds.trend_quality` on planted worlds).
10. State rules, in order:
      DECLINING  z <= -z_significant and rho <= 1 / rise_ratio       (a strong fall)
      rising  := (z >= z_significant and rho >= rise_ratio)
                 or (z_short >= z_significant and rho_short >= emerging_ratio)
      COOLING    not rising, max(z_long, z_tail) <= -z_cooling and the long window's shrunk
                 ratio <= 1 / rise_ratio                              (a sustained slide)
      PEAKING    rising and growth has stalled (step 8)   (up on the baseline, no longer climbing)
      EMERGING   rising and max(rho, rho_short) >= emerging_ratio
      RISING     rising
      STEADY     otherwise
11. Forecast: damped Holt trend on log(capped authors + 1/2), deseasonalised, fitted on the last
    `fit_days`; 14 days ahead with a `forecast_coverage` interval, seasonality put back.
12. Engagement and conversion lift: the element's engagement (orders) per post in the window over
    the market's, each shrunk towards 1 with `lift_prior_posts` pseudo-posts.

Elements with no usable baseline (the data starts inside the window) keep rho = 1 and are STEADY.

The designers' list (`designers_list`) shows the elements in a state worth acting on (anything
but STEADY) with at least `min_authors` distinct authors in the window, ranked 1..n by score;
the rest keep their place after them (an element's own page still shows its figures) but never
pad the list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from feeds.forecast import fit_damped_holt, forecast
from feeds.taxonomy import Kind

FloatArray = npt.NDArray[np.float64]

_EPOCH = date(1970, 1, 1)
_REQUIRED = ("element_id", "market", "day", "author_id", "post_id")
_LOG_OFFSET = 0.5
_MOMENTUM_PSEUDO = 0.25  # a quarter author a day keeps an all-zero row's fit finite
_MOMENTUM_ITERATIONS = 8
_MOMENTUM_MAX = 2.0


class TrendState(StrEnum):
    EMERGING = "EMERGING"
    RISING = "RISING"
    PEAKING = "PEAKING"
    COOLING = "COOLING"
    DECLINING = "DECLINING"
    STEADY = "STEADY"


@dataclass(frozen=True)
class TrendParams:
    baseline_weeks: int = 4
    author_cap: float = 1.0
    prior_strength: float = 10.0
    z_full: float = 3.0
    z_significant: float = 3.0
    rise_ratio: float = 1.15
    emerging_ratio: float = 2.0
    acceleration_weight: float = 0.5
    short_days: int | None = None  # None: about 3/7 of the window, at least 2 days
    cooling_days: int = 7  # the cooling test's long window: the window and this many days
    cooling_baseline_weeks: int = 8
    z_cooling: float = 2.2
    momentum_days: int = 7
    stall_growth: float = 0.1  # per-day log growth (+10 %) under which growth has stalled
    stall_z: float = 1.0
    sparkline_days: int = 28
    forecast_days: int = 14
    fit_days: int = 56
    forecast_coverage: float = 0.8
    lift_prior_posts: float = 10.0
    example_posts: int = 3
    min_confidence: float = 0.0

    def long_window(self, window_days: int) -> int:
        return window_days + max(0, self.cooling_days)

    def short_window(self, window_days: int) -> int:
        if self.short_days is not None:
            return max(1, min(self.short_days, window_days))
        return max(2, min(window_days, round(window_days * 3 / 7)))


@dataclass(frozen=True, slots=True)
class ForecastPoint:
    day: date
    expected: float
    low: float
    high: float


@dataclass(frozen=True)
class TrendRow:
    element_id: str
    kind: str
    market: str | None
    rank: int
    score: float
    state: TrendState
    growth_pct: float  # shrunk growth of capped authors, window vs baseline
    raw_growth_pct: float | None  # unshrunk; None when the baseline is zero
    significance: float  # z statistic of the increase (negative for a decrease)
    p_increase: float
    acceleration: float
    momentum: float  # per-day log growth in the latest days
    authors: float  # capped distinct authors in the window
    baseline_authors: float  # expected in the window from the baseline
    distinct_authors: int
    posts: int
    engagement_lift: float
    conversion_lift: float
    sentiment: float | None
    sparkline_start: date
    sparkline: tuple[float, ...]  # capped authors per day
    sparkline_posts: tuple[int, ...]
    forecast: tuple[ForecastPoint, ...]
    example_post_ids: tuple[Any, ...]


def history_days(window_days: int, params: TrendParams) -> int:
    """Days of data the detector reads for a window, ending on the list's day."""
    long = params.long_window(window_days)
    return max(
        long + 7 * max(params.baseline_weeks, params.cooling_baseline_weeks),
        params.fit_days,
        params.sparkline_days,
        params.momentum_days,
        window_days + 7,
    )


def _day_number(value: date) -> int:
    return (value - _EPOCH).days


def _credit(z: FloatArray, z_full: float) -> FloatArray:
    return np.asarray(np.clip(z / z_full, 0.0, 1.0), dtype=np.float64)


def _binomial_z(
    recent: FloatArray, background: FloatArray, share: float, dispersion: FloatArray
) -> FloatArray:
    total = recent + background
    variance = total * share * (1.0 - share) * dispersion
    safe = np.where(variance > 0.0, variance, 1.0)
    # Continuity correction: a half count towards "no change", which matters at small counts.
    excess = recent - total * share
    excess = np.sign(excess) * np.maximum(np.abs(excess) - 0.5, 0.0)
    return np.asarray(np.where(variance > 0.0, excess / np.sqrt(safe), 0.0), dtype=np.float64)


def _normal_cdf(z: FloatArray) -> FloatArray:
    erf = np.array([math.erf(value / math.sqrt(2.0)) for value in z.tolist()], dtype=np.float64)
    return 0.5 * (1.0 + erf)


def _validate(frame: pl.DataFrame, window_days: int, params: TrendParams) -> None:
    missing = [name for name in _REQUIRED if name not in frame.columns]
    if missing:
        raise ValueError(f"occurrences frame lacks column(s): {', '.join(missing)}")
    if frame.schema["day"] != pl.Date:
        raise ValueError("column 'day' must have the polars Date type")
    if window_days < 1:
        raise ValueError("window_days must be at least 1")
    if params.baseline_weeks < 1:
        raise ValueError("baseline_weeks must be at least 1")
    if params.author_cap <= 0:
        raise ValueError("author_cap must be positive")
    if params.prior_strength < 0:
        raise ValueError("prior_strength must not be negative")
    if "taxonomy_version" in frame.columns and frame["taxonomy_version"].n_unique() > 1:
        raise ValueError(
            "occurrences from several taxonomy versions; re-extract history with one version "
            "before ranking"
        )


@dataclass(frozen=True)
class _Plan:
    as_of: date
    window: int
    short: int
    history: int  # days of data read, ending on as_of


@dataclass(frozen=True)
class _Aggregates:
    series: pl.DataFrame  # element_id, t, capped, posts
    window_stats: pl.DataFrame  # per element, over the window
    market_stats: pl.DataFrame  # one row: posts, engagement, orders of the market's window
    volume: pl.DataFrame  # t, rows: the market's daily volume, every kind


@dataclass(frozen=True)
class _Daily:
    ids: pl.Series  # element ids, row order of the matrices
    capped: FloatArray  # (elements, history) capped authors per day, oldest day first
    posts: npt.NDArray[np.int64]
    factors: FloatArray  # weekday factors, Monday first
    season: FloatArray  # factor of each day of the history
    first_col: int  # first day with data


@dataclass(frozen=True)
class _Signal:
    score: FloatArray
    ratio: FloatArray
    raw_growth: FloatArray  # NaN where the baseline is zero
    z: FloatArray
    acceleration: FloatArray
    momentum: FloatArray
    expected: FloatArray
    states: list[TrendState]


def rank_trending(
    frame: pl.DataFrame,
    market: str | None = None,
    kind: Kind | str | None = None,
    window_days: int = 7,
    as_of: date | None = None,
    *,
    params: TrendParams | None = None,
    limit: int | None = None,
) -> list[TrendRow]:
    """Elements ranked by emergence score for one market (None: all markets pooled) and kind."""
    p = params if params is not None else TrendParams()
    _validate(frame, window_days, p)
    kind_value = Kind(kind).value if kind is not None else None
    if frame.height == 0:
        return []
    if as_of is None:
        latest = frame["day"].max()
        assert isinstance(latest, date)
        as_of = latest
    plan = _Plan(
        as_of=as_of,
        window=window_days,
        short=p.short_window(window_days),
        history=history_days(window_days, p),
    )
    tables = _aggregate(frame, market, kind_value, plan, p)
    if tables.series.height == 0:
        return []
    daily = _dense(tables, plan)
    signal = _emergence(daily, plan, p)
    fit_start = max(daily.first_col, plan.history - p.fit_days)
    forecasts = _forecast(
        daily.capped[:, fit_start:] / daily.season[None, fit_start:], daily.factors, as_of, p
    )
    lifts = _lifts(daily.ids, tables.window_stats, tables.market_stats, p.lift_prior_posts)

    order = np.lexsort((daily.ids.to_numpy(), -signal.score))
    if limit is not None:
        order = order[: max(0, limit)]
    p_increase = _normal_cdf(signal.z)
    window_cols = slice(plan.history - plan.window, None)
    spark_cols = slice(plan.history - p.sparkline_days, None)
    window_season = float(daily.season[window_cols].mean())
    rows: list[TrendRow] = []
    for rank, e in enumerate(order, start=1):
        element_id = str(daily.ids[int(e)])
        stats = lifts[element_id]
        raw = signal.raw_growth[e]
        rows.append(
            TrendRow(
                element_id=element_id,
                kind=element_id.split("/", 1)[0],
                market=market,
                rank=rank,
                score=float(signal.score[e]),
                state=signal.states[e],
                growth_pct=float((signal.ratio[e] - 1.0) * 100.0),
                raw_growth_pct=None if np.isnan(raw) else float(raw * 100.0),
                significance=float(signal.z[e]),
                p_increase=float(p_increase[e]),
                acceleration=float(signal.acceleration[e]),
                momentum=float(signal.momentum[e]),
                authors=float(daily.capped[e, window_cols].sum()),
                baseline_authors=float(signal.expected[e] * window_season),
                distinct_authors=int(stats["distinct_authors"]),
                posts=int(stats["posts"]),
                engagement_lift=float(stats["engagement_lift"]),
                conversion_lift=float(stats["conversion_lift"]),
                sentiment=stats["sentiment"],
                sparkline_start=as_of - timedelta(days=p.sparkline_days - 1),
                sparkline=tuple(round(float(v), 3) for v in daily.capped[e, spark_cols]),
                sparkline_posts=tuple(int(v) for v in daily.posts[e, spark_cols]),
                forecast=forecasts[e],
                example_post_ids=tuple(stats["examples"]),
            )
        )
    return rows


def _aggregate(
    frame: pl.DataFrame, market: str | None, kind_value: str | None, plan: _Plan, p: TrendParams
) -> _Aggregates:
    """The only pass over the rows: four group-bys, run together by polars."""
    window = plan.window
    lazy = frame.lazy().with_columns(
        (pl.lit(_day_number(plan.as_of), dtype=pl.Int32) - pl.col("day").cast(pl.Int32)).alias("t")
    )
    lazy = lazy.filter((pl.col("t") >= 0) & (pl.col("t") < plan.history))
    if p.min_confidence > 0 and "confidence" in frame.columns:
        lazy = lazy.filter(pl.col("confidence") >= p.min_confidence)
    if market is not None:
        lazy = lazy.filter(pl.col("market") == market)
    market_lazy = lazy
    if kind_value is not None:
        lazy = lazy.filter(pl.col("element_id").cast(pl.String).str.starts_with(kind_value + "/"))

    has_engagement = "engagement" in frame.columns
    engagement = pl.col("engagement").sum() if has_engagement else pl.lit(0)
    orders = pl.col("orders").sum() if "orders" in frame.columns else pl.lit(0)
    sentiment = (
        pl.col("sentiment").mean() if "sentiment" in frame.columns else pl.lit(None, pl.Float64)
    )

    # Each author weighs at most `author_cap` per element and period, spread over their days.
    author_days = (
        lazy.group_by("element_id", "author_id", "t")
        .agg(pl.len().alias("k"))
        .with_columns((pl.col("t") // window).alias("period"))
        .with_columns(pl.col("k").sum().over("element_id", "author_id", "period").alias("n"))
        .with_columns((pl.col("k") * (p.author_cap / pl.col("n")).clip(upper_bound=1.0)).alias("w"))
    )
    series = author_days.group_by("element_id", "t").agg(
        pl.col("w").sum().alias("capped"), pl.col("k").sum().alias("posts")
    )
    window_stats = (
        lazy.filter(pl.col("t") < window)
        .group_by("element_id")
        .agg(
            pl.len().alias("posts"),
            pl.col("author_id").n_unique().alias("distinct_authors"),
            engagement.alias("engagement"),
            orders.alias("orders"),
            sentiment.alias("sentiment"),
            pl.col("post_id")
            .sort_by("engagement" if has_engagement else "t", descending=has_engagement)
            .head(p.example_posts)
            .alias("examples"),
        )
    )
    market_stats = (
        market_lazy.filter(pl.col("t") < window)
        .unique("post_id")
        .select(pl.len().alias("posts"), engagement.alias("engagement"), orders.alias("orders"))
    )
    volume = market_lazy.group_by("t").agg(pl.len().alias("rows"))
    collected = pl.collect_all([series, window_stats, market_stats, volume])
    return _Aggregates(*collected)


def _dense(tables: _Aggregates, plan: _Plan) -> _Daily:
    """Element-by-day matrices, oldest day first, and the weekday factors."""
    history = plan.history
    ids = tables.series["element_id"].cast(pl.String).unique().sort()
    index = pl.DataFrame({"element_id": ids, "e": np.arange(ids.len(), dtype=np.int64)})
    series = tables.series.with_columns(pl.col("element_id").cast(pl.String)).join(
        index, on="element_id"
    )
    e_idx = series["e"].to_numpy()
    col_idx = history - 1 - series["t"].to_numpy().astype(np.int64)
    capped = np.zeros((ids.len(), history))
    posts = np.zeros((ids.len(), history), dtype=np.int64)
    capped[e_idx, col_idx] = series["capped"].to_numpy()
    posts[e_idx, col_idx] = series["posts"].to_numpy()

    # Coverage: days before the market's first row carry no information (not zeros).
    t_values = tables.volume["t"].to_numpy().astype(np.int64)
    covered_days = int(t_values.max()) + 1 if t_values.size else 0
    totals = np.zeros(history)
    totals[history - 1 - t_values] = tables.volume["rows"].to_numpy()
    first_col = history - covered_days
    day0 = plan.as_of - timedelta(days=history - 1)
    weekday = (np.arange(history) + day0.weekday()) % 7
    factors = _weekday_factors(totals[first_col:], weekday[first_col:])
    return _Daily(
        ids=ids,
        capped=capped,
        posts=posts,
        factors=factors,
        season=factors[weekday],
        first_col=first_col,
    )


def _baseline(
    deseason: FloatArray,
    end: int,
    covered_days: int,
    recent_days: int,
    max_weeks: int,
    *,
    against_rises: bool,
) -> tuple[FloatArray, int, float]:
    """Daily rate before column `end`, the weeks used, and the pooled over-dispersion kappa of
    that block. The rate is the median or the mean of up to `max_weeks` weekly sums, whichever
    makes the test at hand harder to pass: the higher one when testing for a rise, the lower
    one when testing for a decline (at small counts the median of skewed weekly sums strays
    from the mean, and each test should get the benefit of the doubt against it)."""
    n_el = deseason.shape[0]
    weeks = min(max_weeks, max(0, (covered_days - recent_days) // 7))
    if weeks == 0:
        return np.zeros(n_el), 0, 0.0
    block = deseason[:, end - 7 * weeks : end]
    sums = block.reshape(n_el, weeks, 7).sum(axis=2)
    rate = np.median(sums, axis=1) / 7.0
    mean = sums.mean(axis=1) / 7.0
    rate = np.maximum(rate, mean) if against_rises else np.minimum(rate, mean)
    return rate, weeks, _overdispersion(block)


def _emergence(daily: _Daily, plan: _Plan, p: TrendParams) -> _Signal:
    """Steps 3 to 10 of the module docstring, for every element at once."""
    history, window, short = plan.history, plan.window, plan.short
    deseason = daily.capped / daily.season[None, :]
    n_el = deseason.shape[0]
    recent = deseason[:, history - window :].sum(axis=1)
    recent_short = deseason[:, history - short :].sum(axis=1)
    covered_days = history - daily.first_col
    rate, weeks, kappa = _baseline(
        deseason, history - window, covered_days, window, p.baseline_weeks, against_rises=True
    )
    if weeks == 0:
        rate = recent / window
    span = 7.0 * weeks
    background = rate * span
    dispersion = 1.0 + kappa * rate
    alpha = p.prior_strength

    expected = rate * window
    ratio = (recent + alpha) / (expected + alpha)
    ratio_short = (recent_short + alpha * short / window) / (rate * short + alpha * short / window)
    if weeks > 0:
        z = _binomial_z(recent, background, window / (window + span), dispersion)
        z_short = _binomial_z(recent_short, background, short / (short + span), dispersion)
    else:
        z = np.zeros(n_el)
        z_short = np.zeros(n_el)
    growth = np.log2(ratio)
    acceleration = np.log2(ratio_short) - growth
    credit = np.where(growth >= 0.0, _credit(z, p.z_full), _credit(-z, p.z_full))
    score = growth * credit + p.acceleration_weight * np.maximum(acceleration, 0.0) * _credit(
        z_short, p.z_full
    )
    cooling = _cooling(deseason, recent, plan, covered_days, p)
    momentum_start = max(daily.first_col, history - p.momentum_days)
    momentum, momentum_se = _momentum(deseason[:, momentum_start:], kappa)
    stalled = momentum + p.stall_z * momentum_se <= p.stall_growth
    safe_expected = np.where(expected > 0, expected, 1.0)
    return _Signal(
        score=score,
        ratio=ratio,
        raw_growth=np.where(expected > 0, recent / safe_expected - 1.0, np.nan),
        z=z,
        acceleration=acceleration,
        momentum=momentum,
        expected=expected,
        states=_states(z, ratio, z_short, ratio_short, cooling, stalled, p),
    )


def _cooling(
    deseason: FloatArray, recent: FloatArray, plan: _Plan, covered_days: int, p: TrendParams
) -> npt.NDArray[np.bool_]:
    """Step 9's sustained decline: the long window is significantly below the baseline before
    it, and its latest `window` days are still below that baseline."""
    history, window = plan.history, plan.window
    long = p.long_window(window)
    rate, weeks, kappa = _baseline(
        deseason, history - long, covered_days, long, p.cooling_baseline_weeks, against_rises=False
    )
    if weeks == 0:
        return np.zeros(deseason.shape[0], dtype=np.bool_)
    span = 7.0 * weeks
    background = rate * span
    dispersion = 1.0 + kappa * rate
    recent_long = deseason[:, history - long :].sum(axis=1)
    ratio_long = (recent_long + p.prior_strength) / (rate * long + p.prior_strength)
    z_long = _binomial_z(recent_long, background, long / (long + span), dispersion)
    z_tail = _binomial_z(recent, background, window / (window + span), dispersion)
    return np.asarray(
        (np.maximum(z_long, z_tail) <= -p.z_cooling) & (ratio_long <= 1.0 / p.rise_ratio),
        dtype=np.bool_,
    )


def _weekday_factors(totals: FloatArray, weekday: npt.NDArray[np.int64]) -> FloatArray:
    """Mean volume per weekday over the overall mean; 1s until two full weeks are covered."""
    factors = np.ones(7)
    if totals.size < 14 or totals.sum() <= 0:
        return factors
    overall = totals.mean()
    for day in range(7):
        values = totals[weekday == day]
        if values.size and values.mean() > 0:
            factors[day] = values.mean() / overall
    return factors / factors.mean()


def _overdispersion(block: FloatArray) -> float:
    """Pooled negative-binomial kappa (Var = mu + kappa * mu^2): the median over elements seen at
    least once a day on average."""
    mean = block.mean(axis=1)
    variance = block.var(axis=1, ddof=1) if block.shape[1] > 1 else np.zeros_like(mean)
    usable = mean >= 1.0
    if not usable.any():
        return 0.0
    kappa = (variance[usable] - mean[usable]) / mean[usable] ** 2
    return float(np.clip(np.median(kappa), 0.0, 1.0))


def _momentum(block: FloatArray, kappa: float) -> tuple[FloatArray, FloatArray]:
    """Per-day log growth of each row and its standard error, from a log-linear Poisson fit
    (iteratively reweighted least squares) with the variance inflated by the pooled
    over-dispersion. The error comes from the model, not from the residuals of a handful of
    days, so a quiet week of small counts does not pass for a stall."""
    n_el, days = block.shape
    if days < 3:
        return np.zeros(n_el), np.full(n_el, np.inf)
    counts = block + _MOMENTUM_PSEUDO
    t = np.arange(days, dtype=np.float64)[None, :]
    level = np.log(counts.mean(axis=1, keepdims=True))
    slope = np.zeros((n_el, 1))
    weights = np.ones_like(counts)
    t_mean = np.zeros((n_el, 1))
    for _ in range(_MOMENTUM_ITERATIONS):
        eta = level + slope * t
        mu = np.exp(eta)
        working = eta + (counts - mu) / mu
        weights = mu
        total = weights.sum(axis=1, keepdims=True)
        t_mean = (weights * t).sum(axis=1, keepdims=True) / total
        y_mean = (weights * working).sum(axis=1, keepdims=True) / total
        sxx = (weights * (t - t_mean) ** 2).sum(axis=1, keepdims=True)
        slope = (weights * (t - t_mean) * (working - y_mean)).sum(axis=1, keepdims=True) / sxx
        slope = np.clip(slope, -_MOMENTUM_MAX, _MOMENTUM_MAX)
        level = y_mean - slope * t_mean
    sxx = (weights * (t - t_mean) ** 2).sum(axis=1)
    dispersion = 1.0 + kappa * counts.mean(axis=1)
    se = np.sqrt(dispersion / np.maximum(sxx, 1e-12))
    return slope[:, 0], np.asarray(se, dtype=np.float64)


def _states(
    z: FloatArray,
    ratio: FloatArray,
    z_short: FloatArray,
    ratio_short: FloatArray,
    cooling: npt.NDArray[np.bool_],
    stalled: npt.NDArray[np.bool_],
    p: TrendParams,
) -> list[TrendState]:
    declining = (z <= -p.z_significant) & (ratio <= 1.0 / p.rise_ratio)
    rising = ((z >= p.z_significant) & (ratio >= p.rise_ratio)) | (
        (z_short >= p.z_significant) & (ratio_short >= p.emerging_ratio)
    )
    peaking = rising & stalled
    emerging = rising & (np.maximum(ratio, ratio_short) >= p.emerging_ratio)
    states: list[TrendState] = []
    for i in range(z.size):
        if declining[i]:
            states.append(TrendState.DECLINING)
        elif cooling[i] and not rising[i]:
            states.append(TrendState.COOLING)
        elif peaking[i]:
            states.append(TrendState.PEAKING)
        elif emerging[i]:
            states.append(TrendState.EMERGING)
        elif rising[i]:
            states.append(TrendState.RISING)
        else:
            states.append(TrendState.STEADY)
    return states


def _forecast(
    block: FloatArray, factors: FloatArray, as_of: date, p: TrendParams
) -> list[tuple[ForecastPoint, ...]]:
    n_el = block.shape[0]
    if p.forecast_days < 1 or block.shape[1] < 2:
        return [() for _ in range(n_el)]
    fit = fit_damped_holt(np.log(block + _LOG_OFFSET))
    mean, lower, upper = forecast(fit, p.forecast_days, p.forecast_coverage)
    days = [as_of + timedelta(days=h) for h in range(1, p.forecast_days + 1)]
    season = np.array([factors[day.weekday()] for day in days])
    expected = np.maximum(np.exp(mean) - _LOG_OFFSET, 0.0) * season
    low = np.maximum(np.exp(lower) - _LOG_OFFSET, 0.0) * season
    high = np.maximum(np.exp(upper) - _LOG_OFFSET, 0.0) * season
    return [
        tuple(
            ForecastPoint(
                day=days[h],
                expected=round(float(expected[e, h]), 3),
                low=round(float(low[e, h]), 3),
                high=round(float(high[e, h]), 3),
            )
            for h in range(p.forecast_days)
        )
        for e in range(n_el)
    ]


def _lifts(
    ids: pl.Series, window_stats: pl.DataFrame, market_stats: pl.DataFrame, prior_posts: float
) -> dict[str, dict[str, Any]]:
    market_posts = int(market_stats["posts"][0]) if market_stats.height else 0
    market_engagement = float(market_stats["engagement"][0] or 0) if market_stats.height else 0.0
    market_orders = float(market_stats["orders"][0] or 0) if market_stats.height else 0.0
    engagement_rate = market_engagement / market_posts if market_posts else 0.0
    order_rate = market_orders / market_posts if market_posts else 0.0

    def lift(total: float, count: int, rate: float) -> float:
        if rate <= 0.0:
            return 1.0
        return ((total + prior_posts * rate) / (count + prior_posts)) / rate

    result: dict[str, dict[str, Any]] = {
        str(element_id): {
            "posts": 0,
            "distinct_authors": 0,
            "engagement_lift": 1.0,
            "conversion_lift": 1.0,
            "sentiment": None,
            "examples": [],
        }
        for element_id in ids
    }
    for row in window_stats.iter_rows(named=True):
        element_id = str(row["element_id"])
        count = int(row["posts"])
        sentiment = row["sentiment"]
        result[element_id] = {
            "posts": count,
            "distinct_authors": int(row["distinct_authors"]),
            "engagement_lift": lift(float(row["engagement"] or 0), count, engagement_rate),
            "conversion_lift": lift(float(row["orders"] or 0), count, order_rate),
            "sentiment": None if sentiment is None else float(sentiment),
            "examples": list(row["examples"]),
        }
    return result


def designers_list(
    rows: Sequence[TrendRow], min_authors: int
) -> tuple[list[TrendRow], list[TrendRow]]:
    """The designers' list and the rest, from rows in score order: an element is listed when
    its state is not STEADY and it had at least `min_authors` distinct authors in the window.
    Listed rows are ranked 1..n; the others keep their order after them (n+1, …)."""
    listed = [
        row
        for row in rows
        if row.state is not TrendState.STEADY and row.distinct_authors >= min_authors
    ]
    chosen = {id(row) for row in listed}
    others = [row for row in rows if id(row) not in chosen]
    return (
        [replace(row, rank=rank) for rank, row in enumerate(listed, start=1)],
        [replace(row, rank=rank) for rank, row in enumerate(others, start=len(listed) + 1)],
    )


def element_history(
    frame: pl.DataFrame, element_id: str, market: str | None = None
) -> pl.DataFrame:
    """Full daily history of one element: day, posts, distinct authors, engagement, orders."""
    missing = [name for name in _REQUIRED if name not in frame.columns]
    if missing:
        raise ValueError(f"occurrences frame lacks column(s): {', '.join(missing)}")
    rows = frame.lazy().filter(pl.col("element_id").cast(pl.String) == element_id)
    if market is not None:
        rows = rows.filter(pl.col("market") == market)
    aggregations: list[pl.Expr] = [
        pl.len().alias("posts"),
        pl.col("author_id").n_unique().alias("authors"),
    ]
    for optional in ("engagement", "orders"):
        if optional in frame.columns:
            aggregations.append(pl.col(optional).sum().alias(optional))
    return rows.group_by("day").agg(aggregations).sort("day").collect()
