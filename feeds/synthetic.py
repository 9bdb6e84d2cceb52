"""Seeded synthetic post streams with known answers, for testing the trend detector and for
demo data.

Input: a `SyntheticConfig` and a seed. Output: a `SyntheticStream` — the occurrences frame that
`feeds.trends.rank_trending` reads (one row per post and element: element_id, market, day,
post_id, author_id, engagement, orders) and the `GroundTruth` (planted emerging and declining
elements with their onset days, the spammer, the background).

Public API:
    generate_stream(config=SyntheticConfig(), seed=0) -> SyntheticStream
    posts_from_occurrences(frame) -> pl.DataFrame   one row per post with its element ids
    caption_for(element_ids, rng, taxonomy=None) -> (caption, hashtags)   demo post text that
        `feeds.extract` reads back as the same elements
    generate_label_world(config=LabelWorldConfig(), seed=0) -> LabelWorld   one market at small
        counts with planted stable, rising, peaking and declining shapes whose daily growth is
        known (what `feeds.trend_quality` measures the trend labels on)
    SyntheticConfig, SyntheticStream, GroundTruth, PlantedTrend, SpammerTruth
    LabelWorldConfig, LabelWorld, PlantedShape, Shape

The world it simulates:
- Element popularity is long-tailed (Zipf over a shuffled element order), perturbed per market.
- Volume has weekly seasonality (weekend peak), market-day noise and element-day noise
  (log-normal, so counts are over-dispersed like real ones).
- Each (market, day) cell's occurrences are grouped into posts of about `elements_per_post`
  elements; every post has an author drawn from that market's authors, whose activity is itself
  long-tailed.
- Planted emerging elements grow by exp(rate * days since onset) up to a plateau multiplier, in
  one market or in all; their posts get extra engagement and conversion.
- Planted declining elements decay by exp(-rate * days since onset) down to a floor.
- One spammer posts the same element dozens of times a day for the last `spam_days` days.

Everything is vectorised with numpy; a million rows take about a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import polars as pl

from feeds.taxonomy import Taxonomy, default_taxonomy

_EPOCH = date(1970, 1, 1)
# Day-of-week shape (Monday first), zero mean: quieter early week, a weekend peak.
_WEEK_SHAPE = np.array([-0.4, -0.5, -0.3, -0.1, 0.3, 0.6, 0.4])


@dataclass(frozen=True)
class SyntheticConfig:
    days: int = 180
    end: date = date(2026, 6, 30)  # last simulated day
    # The weekly rhythm follows the calendar unless this pins the last day's weekday (Monday 0):
    # a stream generated for a moving `end` then comes out the same whatever day it is made on.
    end_weekday: int | None = None
    markets: tuple[str, ...] = ("US", "GB", "DE", "FR", "BR")
    market_weights: tuple[float, ...] = (0.34, 0.2, 0.16, 0.16, 0.14)
    element_ids: tuple[str, ...] | None = None  # None: `n_elements` ids of the bundled taxonomy
    n_elements: int = 150
    occurrences_per_day: float = 5500.0  # all markets; about 1M occurrences over 180 days
    popularity_exponent: float = 1.0
    market_popularity_sigma: float = 0.35
    weekly_amplitude: float = 0.25
    day_noise: float = 0.06
    element_noise: float = 0.12
    elements_per_post: float = 2.5
    n_authors: int = 60_000
    author_activity_exponent: float = 0.9
    n_emerging: int = 4
    n_declining: int = 3
    onset_days_before_end: tuple[int, int] = (12, 30)
    emerging_growth: tuple[float, float] = (0.22, 0.35)
    emerging_plateau: tuple[float, float] = (5.0, 10.0)
    declining_decay: tuple[float, float] = (0.06, 0.12)
    declining_floor: tuple[float, float] = (0.25, 0.4)
    spammer: bool = True
    spam_posts_per_day: tuple[int, int] = (20, 60)
    spam_days: int = 21
    mean_engagement: float = 40.0
    conversion_per_engagement: float = 0.004
    planted_engagement_lift: float = 1.6
    planted_conversion_lift: float = 2.0


@dataclass(frozen=True)
class PlantedTrend:
    element_id: str
    market: str | None  # None: planted in every market
    onset: date
    rate: float  # per-day log growth (emerging) or log decay (declining), positive
    multiplier: float  # plateau (emerging, > 1) or floor (declining, < 1)
    engagement_lift: float = 1.0
    conversion_lift: float = 1.0


@dataclass(frozen=True)
class SpammerTruth:
    author_id: int
    element_id: str
    market: str
    start: date
    posts: int  # spam posts in the stream


@dataclass(frozen=True)
class GroundTruth:
    start: date
    end: date
    markets: tuple[str, ...]
    element_ids: tuple[str, ...]  # most popular first
    emerging: tuple[PlantedTrend, ...]
    declining: tuple[PlantedTrend, ...]
    spammer: SpammerTruth | None
    popularity: dict[str, float] = field(default_factory=dict)  # global share of occurrences

    @property
    def planted_ids(self) -> frozenset[str]:
        return frozenset(t.element_id for t in (*self.emerging, *self.declining))

    @property
    def background_ids(self) -> tuple[str, ...]:
        """Elements with no planted change and no spam."""
        special = set(self.planted_ids)
        if self.spammer is not None:
            special.add(self.spammer.element_id)
        return tuple(element_id for element_id in self.element_ids if element_id not in special)


@dataclass(frozen=True)
class SyntheticStream:
    frame: pl.DataFrame
    truth: GroundTruth


def _default_elements(count: int) -> tuple[str, ...]:
    ids = default_taxonomy().ids
    if count >= len(ids):
        return ids
    # Spread the pick over the whole file so every kind is represented.
    picks = np.linspace(0, len(ids) - 1, count).round().astype(int)
    return tuple(ids[i] for i in picks)


def _uniform(rng: np.random.Generator, bounds: tuple[float, float]) -> float:
    return float(rng.uniform(bounds[0], bounds[1]))


def generate_stream(config: SyntheticConfig | None = None, seed: int = 0) -> SyntheticStream:
    cfg = config if config is not None else SyntheticConfig()
    if len(cfg.markets) != len(cfg.market_weights):
        raise ValueError("markets and market_weights must have the same length")
    if cfg.days < 1:
        raise ValueError("days must be positive")
    rng = np.random.default_rng(seed)
    elements = cfg.element_ids if cfg.element_ids is not None else _default_elements(cfg.n_elements)
    n_el, n_days, n_mk = len(elements), cfg.days, len(cfg.markets)
    if n_el < cfg.n_emerging + cfg.n_declining + 2:
        raise ValueError("too few elements for the planted trends")
    start = cfg.end - timedelta(days=n_days - 1)

    # Popularity: Zipf over a random order, so the head is not always the same kind.
    order = rng.permutation(n_el)
    ranked = tuple(elements[i] for i in order)  # most popular first
    zipf = 1.0 / np.arange(1, n_el + 1) ** cfg.popularity_exponent
    popularity = np.empty(n_el)
    popularity[order] = zipf / zipf.sum()
    market_pop = popularity[None, :] * rng.lognormal(0.0, cfg.market_popularity_sigma, (n_mk, n_el))
    market_pop /= market_pop.sum(axis=1, keepdims=True)

    day_dates = [start + timedelta(days=d) for d in range(n_days)]
    if cfg.end_weekday is None:
        weekday = np.array([day.weekday() for day in day_dates])
    else:
        weekday = (cfg.end_weekday - np.arange(n_days)[::-1]) % 7
    season = 1.0 + cfg.weekly_amplitude * _WEEK_SHAPE[weekday]

    planted = np.ones((n_mk, n_days, n_el))
    emerging, declining = _plant(cfg, rng, ranked, elements, start, planted)
    lift_engagement = np.ones(n_el)
    lift_conversion = np.ones(n_el)
    for trend in emerging:
        lift_engagement[elements.index(trend.element_id)] = trend.engagement_lift
        lift_conversion[elements.index(trend.element_id)] = trend.conversion_lift

    weights = np.asarray(cfg.market_weights, dtype=np.float64)
    weights = weights / weights.sum()
    day_noise = rng.lognormal(-(cfg.day_noise**2) / 2, cfg.day_noise, (n_mk, n_days))
    element_noise = rng.lognormal(
        -(cfg.element_noise**2) / 2, cfg.element_noise, (n_mk, n_days, n_el)
    )
    mean = (
        cfg.occurrences_per_day
        * weights[:, None, None]
        * market_pop[:, None, :]
        * season[None, :, None]
        * day_noise[:, :, None]
        * element_noise
        * planted
    )
    counts = rng.poisson(mean).astype(np.int64)

    # One row per occurrence: cell coordinates repeated by count.
    flat = counts.ravel()
    cells = np.repeat(np.arange(flat.size), flat)
    market_idx, day_idx, element_idx = np.unravel_index(cells, counts.shape)

    # Group each (market, day) cell's occurrences into posts.
    per_cell = counts.sum(axis=2).ravel()  # occurrences per (market, day)
    posts_per_cell = np.maximum(1, np.ceil(per_cell / cfg.elements_per_post)).astype(np.int64)
    post_offset = np.concatenate([[0], np.cumsum(posts_per_cell)[:-1]])
    cell_of_row = market_idx * n_days + day_idx
    local = (rng.random(cells.size) * posts_per_cell[cell_of_row]).astype(np.int64)
    post_idx = post_offset[cell_of_row] + local
    # A post names each element once.
    key = post_idx * n_el + element_idx
    _, keep = np.unique(key, return_index=True)
    keep.sort()
    market_idx, day_idx, element_idx, post_idx = (
        market_idx[keep],
        day_idx[keep],
        element_idx[keep],
        post_idx[keep],
    )
    n_posts = int(posts_per_cell.sum())

    post_market = np.repeat(np.repeat(np.arange(n_mk), n_days), posts_per_cell)
    post_author = _authors(cfg, rng, weights, post_market)

    # Engagement and orders per post; posts carrying a planted element do better.
    post_lift_e = np.ones(n_posts)
    post_lift_c = np.ones(n_posts)
    np.maximum.at(post_lift_e, post_idx, lift_engagement[element_idx])
    np.maximum.at(post_lift_c, post_idx, lift_conversion[element_idx])
    sigma = 0.9
    post_engagement = np.round(
        rng.lognormal(math.log(cfg.mean_engagement) - sigma**2 / 2, sigma, n_posts) * post_lift_e
    ).astype(np.int64)
    post_orders = rng.poisson(post_engagement * cfg.conversion_per_engagement * post_lift_c).astype(
        np.int64
    )

    columns = {
        "element_idx": element_idx,
        "market_idx": market_idx,
        "day_idx": day_idx,
        "post_id": post_idx,
        "author_id": post_author[post_idx],
        "engagement": post_engagement[post_idx],
        "orders": post_orders[post_idx],
    }
    spammer = None
    if cfg.spammer:
        spammer, spam_columns = _spam(cfg, rng, ranked, elements, start, n_posts)
        for name, values in spam_columns.items():
            columns[name] = np.concatenate([columns[name], values])

    frame = _to_frame(columns, elements, cfg.markets, start)
    truth = GroundTruth(
        start=start,
        end=cfg.end,
        markets=cfg.markets,
        element_ids=ranked,
        emerging=tuple(emerging),
        declining=tuple(declining),
        spammer=spammer,
        popularity={elements[i]: float(popularity[i]) for i in range(n_el)},
    )
    return SyntheticStream(frame=frame, truth=truth)


def _plant(
    cfg: SyntheticConfig,
    rng: np.random.Generator,
    ranked: tuple[str, ...],
    elements: tuple[str, ...],
    start: date,
    planted: npt.NDArray[np.float64],
) -> tuple[list[PlantedTrend], list[PlantedTrend]]:
    n_el = len(ranked)
    n_days = planted.shape[1]
    head = max(cfg.n_declining + 2, n_el // 5)
    # Emerging trends start small: pick from the middle and the tail; declining ones from the head.
    emerging_pool = list(ranked[n_el // 4 : n_el - 1])
    declining_pool = list(ranked[2:head])
    emerging_ids = rng.choice(len(emerging_pool), size=cfg.n_emerging, replace=False)
    declining_ids = rng.choice(len(declining_pool), size=cfg.n_declining, replace=False)
    lo, hi = cfg.onset_days_before_end
    days_index = np.arange(n_days)

    emerging: list[PlantedTrend] = []
    for number, pick in enumerate(emerging_ids):
        element_id = emerging_pool[int(pick)]
        onset_index = n_days - 1 - int(rng.integers(lo, hi + 1))
        market = None if number % 2 == 0 else cfg.markets[number % len(cfg.markets)]
        rate = _uniform(rng, cfg.emerging_growth)
        plateau = _uniform(rng, cfg.emerging_plateau)
        since = np.clip(days_index - onset_index, 0, None)
        curve = np.minimum(plateau, np.exp(rate * since))
        rows = slice(None) if market is None else cfg.markets.index(market)
        planted[rows, :, elements.index(element_id)] *= curve
        emerging.append(
            PlantedTrend(
                element_id=element_id,
                market=market,
                onset=start + timedelta(days=onset_index),
                rate=rate,
                multiplier=plateau,
                engagement_lift=cfg.planted_engagement_lift,
                conversion_lift=cfg.planted_conversion_lift,
            )
        )
    declining: list[PlantedTrend] = []
    taken = {trend.element_id for trend in emerging}
    for pick in declining_ids:
        element_id = declining_pool[int(pick)]
        if element_id in taken:
            continue
        onset_index = n_days - 1 - int(rng.integers(lo, hi + 1))
        rate = _uniform(rng, cfg.declining_decay)
        floor = _uniform(rng, cfg.declining_floor)
        since = np.clip(days_index - onset_index, 0, None)
        planted[:, :, elements.index(element_id)] *= np.maximum(floor, np.exp(-rate * since))
        declining.append(
            PlantedTrend(
                element_id=element_id,
                market=None,
                onset=start + timedelta(days=onset_index),
                rate=rate,
                multiplier=floor,
            )
        )
    return emerging, declining


def _authors(
    cfg: SyntheticConfig,
    rng: np.random.Generator,
    weights: npt.NDArray[np.float64],
    post_market: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Author id per post: each market has its own authors with long-tailed activity."""
    sizes = np.maximum(1, np.round(weights * cfg.n_authors).astype(np.int64))
    first_id = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    authors = np.empty(post_market.size, dtype=np.int64)
    for market in range(len(weights)):
        rows = np.flatnonzero(post_market == market)
        activity = 1.0 / (np.arange(sizes[market]) + 10.0) ** cfg.author_activity_exponent
        activity /= activity.sum()
        authors[rows] = first_id[market] + rng.choice(sizes[market], size=rows.size, p=activity)
    return authors


def _spam(
    cfg: SyntheticConfig,
    rng: np.random.Generator,
    ranked: tuple[str, ...],
    elements: tuple[str, ...],
    start: date,
    first_post: int,
) -> tuple[SpammerTruth, dict[str, npt.NDArray[np.int64]]]:
    n_days = cfg.days
    # A tail element nobody planted: where a spammer would look most like a trend.
    candidates = [e for e in ranked[len(ranked) // 2 :]][::-1]
    element_id = candidates[0]
    author_id = cfg.n_authors + 1
    spam_start = max(0, n_days - cfg.spam_days)
    per_day = rng.integers(
        cfg.spam_posts_per_day[0], cfg.spam_posts_per_day[1] + 1, n_days - spam_start
    )
    total = int(per_day.sum())
    days = np.repeat(np.arange(spam_start, n_days), per_day)
    truth = SpammerTruth(
        author_id=author_id,
        element_id=element_id,
        market=cfg.markets[0],
        start=start + timedelta(days=spam_start),
        posts=total,
    )
    columns = {
        "element_idx": np.full(total, elements.index(element_id), dtype=np.int64),
        "market_idx": np.zeros(total, dtype=np.int64),
        "day_idx": days.astype(np.int64),
        "post_id": first_post + np.arange(total, dtype=np.int64),
        "author_id": np.full(total, author_id, dtype=np.int64),
        "engagement": rng.poisson(2.0, total).astype(np.int64),
        "orders": np.zeros(total, dtype=np.int64),
    }
    return truth, columns


def _to_frame(
    columns: dict[str, npt.NDArray[np.int64]],
    elements: tuple[str, ...],
    markets: tuple[str, ...],
    start: date,
) -> pl.DataFrame:
    start_days = (start - _EPOCH).days
    frame = pl.DataFrame(
        {
            "element_id": pl.Series(elements, dtype=pl.String).gather(columns["element_idx"]),
            "market": pl.Series(markets, dtype=pl.String).gather(columns["market_idx"]),
            "day": pl.Series(columns["day_idx"] + start_days, dtype=pl.Int32).cast(pl.Date),
            "post_id": pl.Series(columns["post_id"], dtype=pl.Int64),
            "author_id": pl.Series(columns["author_id"], dtype=pl.Int64),
            "engagement": pl.Series(columns["engagement"], dtype=pl.Int64),
            "orders": pl.Series(columns["orders"], dtype=pl.Int64),
        }
    )
    return frame.sort(["day", "post_id"])


def posts_from_occurrences(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per post: post_id, author_id, market, day, engagement, orders, element_ids."""
    return (
        frame.group_by("post_id", maintain_order=True)
        .agg(
            pl.col("author_id").first(),
            pl.col("market").first(),
            pl.col("day").first(),
            pl.col("engagement").first(),
            pl.col("orders").first(),
            pl.col("element_id").alias("element_ids"),
        )
        .sort(["day", "post_id"])
    )


_OPENERS = ("Today's fit:", "OOTD:", "Weekend look:", "Wearing", "New in:", "Styled:")


def caption_for(
    element_ids: tuple[str, ...] | list[str],
    rng: np.random.Generator,
    taxonomy: Taxonomy | None = None,
    chinese_share: float = 0.3,
    hashtag_share: float = 0.4,
) -> tuple[str, tuple[str, ...]]:
    """A caption and hashtags that name `element_ids` (English phrases, Chinese synonyms and
    hashtag forms picked at random), for demo posts that go through the real extraction.

    Phrases are separated by punctuation so that neighbours never merge into another phrase.
    """
    chosen = taxonomy if taxonomy is not None else default_taxonomy()
    english: list[str] = []
    chinese: list[str] = []
    hashtags: list[str] = []
    for element_id in element_ids:
        element = chosen[element_id]
        draw = float(rng.random())
        if draw < hashtag_share:
            hashtags.append(element.hashtags[int(rng.integers(len(element.hashtags)))])
        elif draw < hashtag_share + chinese_share * (1.0 - hashtag_share):
            chinese.append(element.synonyms_zh[int(rng.integers(len(element.synonyms_zh)))])
        else:
            english.append(element.synonyms_en[int(rng.integers(len(element.synonyms_en)))])
    pieces = [_OPENERS[int(rng.integers(len(_OPENERS)))]]
    if english:
        pieces.append(", ".join(english) + ".")
    if chinese:
        pieces.append("\u3001".join(chinese) + "\u3002")
    return " ".join(pieces), tuple(hashtags)


# --- planted label worlds --------------------------------------------------------------------


class Shape(StrEnum):
    """What a planted element of a label world does over its last weeks."""

    STABLE = "STABLE"
    RISING = "RISING"  # grows exponentially up to the last day
    PEAKING = "PEAKING"  # grew fast, then levelled off on a plateau
    DECLINING = "DECLINING"  # loses a fixed share of its authors every week, to the last day


@dataclass(frozen=True)
class LabelWorldConfig:
    """A single market at small counts (a few authors a day per element, like the demo world),
    with planted shapes whose every day's true growth is known."""

    days: int = 91
    end: date = date(2026, 6, 28)  # a Sunday
    market: str = "US"
    n_stable: int = 60
    n_rising: int = 3
    n_peaking: int = 3
    n_declining: int = 9
    base_rate: tuple[float, float] = (0.6, 5.0)  # authors a day before any change, log-uniform
    rising_growth: tuple[float, float] = (0.25, 0.35)  # per-day log growth
    rising_onset: tuple[int, int] = (6, 12)  # days before the end
    peaking_growth: tuple[float, float] = (0.25, 0.35)
    peaking_plateau: tuple[float, float] = (5.0, 8.0)
    peaking_onset: tuple[int, int] = (13, 17)
    weekly_decline: tuple[float, float] = (0.18, 0.46)  # share of authors lost per week
    declining_onset: tuple[int, int] = (16, 24)
    weekly_amplitude: float = 0.25
    element_noise: float = 0.15  # log-normal day-to-day noise of each element's rate
    n_authors: int = 3000


@dataclass(frozen=True)
class PlantedShape:
    element_id: str
    shape: Shape
    base_rate: float  # expected authors a day before the change
    onset: date | None  # None for STABLE
    multiplier: tuple[float, ...]  # the rate's multiplier on each day, first day first

    def growth_on(self, start: date, day: date) -> float:
        """The planted per-day log growth of the rate on `day` (0 before the onset)."""
        index = (day - start).days
        if index <= 0 or index >= len(self.multiplier):
            return 0.0
        return math.log(self.multiplier[index] / self.multiplier[index - 1])


@dataclass(frozen=True)
class LabelWorld:
    frame: pl.DataFrame  # the occurrences frame `feeds.trends.rank_trending` reads
    start: date
    end: date
    market: str
    planted: tuple[PlantedShape, ...]

    def of_shape(self, shape: Shape) -> tuple[PlantedShape, ...]:
        return tuple(p for p in self.planted if p.shape is shape)


def generate_label_world(config: LabelWorldConfig | None = None, seed: int = 0) -> LabelWorld:
    """Elements with planted shapes, for measuring the trend labels day by day.

    Each element's daily rate is base x multiplier x weekly season x log-normal noise; a day's
    count is Poisson on it, each occurrence its own post by an author drawn from a long-tailed
    pool (so some authors repeat, as real ones do)."""
    cfg = config if config is not None else LabelWorldConfig()
    rng = np.random.default_rng(seed)
    n_days = cfg.days
    start = cfg.end - timedelta(days=n_days - 1)
    shapes = (
        [Shape.STABLE] * cfg.n_stable
        + [Shape.RISING] * cfg.n_rising
        + [Shape.PEAKING] * cfg.n_peaking
        + [Shape.DECLINING] * cfg.n_declining
    )
    ids = _default_elements(len(shapes))
    if len(ids) < len(shapes):
        raise ValueError("more planted elements than the taxonomy has")
    order = rng.permutation(len(shapes))
    days_index = np.arange(n_days, dtype=np.float64)
    lo, hi = math.log(cfg.base_rate[0]), math.log(cfg.base_rate[1])
    planted: list[PlantedShape] = []
    rates = np.empty((len(shapes), n_days))
    for row, position in enumerate(order):
        shape = shapes[int(position)]
        base = math.exp(float(rng.uniform(lo, hi)))
        curve, onset_index = _shape_curve(cfg, rng, shape, days_index)
        rates[row] = base * curve
        planted.append(
            PlantedShape(
                element_id=ids[row],
                shape=shape,
                base_rate=base,
                onset=None if onset_index is None else start + timedelta(days=onset_index),
                multiplier=tuple(float(v) for v in curve),
            )
        )
    weekday = np.array([(start + timedelta(days=d)).weekday() for d in range(n_days)])
    season = 1.0 + cfg.weekly_amplitude * _WEEK_SHAPE[weekday]
    noise = rng.lognormal(-(cfg.element_noise**2) / 2, cfg.element_noise, rates.shape)
    counts = rng.poisson(rates * season[None, :] * noise).astype(np.int64)

    flat = counts.ravel()
    cells = np.repeat(np.arange(flat.size), flat)
    element_idx, day_idx = np.unravel_index(cells, counts.shape)
    activity = 1.0 / (np.arange(cfg.n_authors) + 10.0) ** 0.9
    authors = rng.choice(cfg.n_authors, size=cells.size, p=activity / activity.sum())
    start_days = (start - _EPOCH).days
    frame = pl.DataFrame(
        {
            "element_id": pl.Series(ids, dtype=pl.String).gather(element_idx),
            "market": pl.Series([cfg.market] * cells.size, dtype=pl.String),
            "day": pl.Series(day_idx + start_days, dtype=pl.Int32).cast(pl.Date),
            "post_id": pl.Series(np.arange(cells.size), dtype=pl.Int64),
            "author_id": pl.Series(authors, dtype=pl.Int64),
        }
    ).sort(["day", "post_id"])
    return LabelWorld(
        frame=frame, start=start, end=cfg.end, market=cfg.market, planted=tuple(planted)
    )


def _shape_curve(
    cfg: LabelWorldConfig,
    rng: np.random.Generator,
    shape: Shape,
    days_index: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], int | None]:
    n_days = days_index.size
    if shape is Shape.STABLE:
        return np.ones(n_days), None
    bounds = {
        Shape.RISING: cfg.rising_onset,
        Shape.PEAKING: cfg.peaking_onset,
        Shape.DECLINING: cfg.declining_onset,
    }[shape]
    onset = n_days - 1 - int(rng.integers(bounds[0], bounds[1] + 1))
    since = np.clip(days_index - onset, 0.0, None)
    if shape is Shape.RISING:
        return np.exp(_uniform(rng, cfg.rising_growth) * since), onset
    if shape is Shape.PEAKING:
        rate = _uniform(rng, cfg.peaking_growth)
        return np.minimum(_uniform(rng, cfg.peaking_plateau), np.exp(rate * since)), onset
    weekly = _uniform(rng, cfg.weekly_decline)
    return np.exp(math.log(1.0 - weekly) / 7.0 * since), onset
