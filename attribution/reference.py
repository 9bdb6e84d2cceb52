"""Plain per-conversion reference of the attribution engine, for tests and the benchmark.

Written to be read, not to be fast: Python lists and dicts, one conversion at a time, each rule
spelled out as in the docstrings of `attribution.journeys`, `attribution.models` and
`attribution.markov`. The only shared code is input validation (`normalise_*`). The Markov model
solves the chain once per removed channel with numpy.linalg.solve, the textbook way; its
DATA_DRIVEN credits frame is the per-conversion split by removal effect
(`attribution.markov.path_split_by_removal_effect`), not the model's channel credit.

    reference_attribute(touchpoints, conversions, model, channel, window_days, ...) -> credits frame
    reference_journeys(...) -> {conversion_id: [touch dict, ...]}
    reference_removal_effects(paths) -> {channel value: removal effect}
    reference_shapley_values(paths) -> {channel value: Shapley value}, by permutations
    credit_difference(a, b) -> largest absolute credit difference between two credits frames
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import polars as pl

from attribution.journeys import (
    DEFAULT_MAX_CLICKS_PER_MINUTE,
    DEFAULT_WINDOW_DAYS,
    MS_PER_DAY,
    MS_PER_MINUTE,
    Channel,
    normalise_conversions,
    normalise_identities,
    normalise_touchpoints,
    parse_channel,
)
from attribution.models import DEFAULT_HALF_LIFE_DAYS, AttributionModel, parse_model

Touch = dict[str, Any]
Path = tuple[list[str | None], bool]


def _order_key(touch: Touch) -> tuple[int, Any]:
    return (touch["ts"], touch["touch_id"])


def reference_clean(
    touchpoints: pl.DataFrame, max_clicks_per_minute: int | None, now_ms: int | None
) -> list[Touch]:
    """Touchpoints that are not bots, not in the future and not in a burst."""
    kept = []
    for touch in normalise_touchpoints(touchpoints).iter_rows(named=True):
        if touch["is_bot"]:
            continue
        if now_ms is not None and touch["ts"] > now_ms:
            continue
        kept.append(touch)
    if max_clicks_per_minute is None:
        return kept

    by_visitor: dict[str, list[Touch]] = defaultdict(list)
    for touch in kept:
        by_visitor[touch["visitor_id"]].append(touch)
    in_burst: set[Hashable] = set()
    for touches in by_visitor.values():
        touches.sort(key=_order_key)
        # Every window worth testing starts at one of the visitor's touchpoints.
        for start in touches:
            window = [t for t in touches if start["ts"] <= t["ts"] < start["ts"] + MS_PER_MINUTE]
            if len(window) > max_clicks_per_minute:
                in_burst.update(t["touch_id"] for t in window)
    return [t for t in kept if t["touch_id"] not in in_burst]


def reference_journeys(
    clean: list[Touch],
    conversions: pl.DataFrame,
    identities: pl.DataFrame | None,
    window_days: float,
    now_ms: int | None,
) -> dict[Any, list[Touch]]:
    """Each conversion's journey (oldest first); conversions with an empty journey are left out."""
    window_ms = round(window_days * MS_PER_DAY)
    customers_of_visitor: dict[str, set[str]] = defaultdict(set)
    for pair in normalise_identities(identities).iter_rows(named=True):
        customers_of_visitor[pair["visitor_id"]].add(pair["customer_id"])
    touches_of_customer: dict[str, list[Touch]] = defaultdict(list)
    for touch in clean:
        if touch["customer_id"] is not None:
            touches_of_customer[touch["customer_id"]].append(touch)
        else:
            for customer in customers_of_visitor.get(touch["visitor_id"], ()):
                touches_of_customer[customer].append(touch)

    journeys: dict[Any, list[Touch]] = {}
    orders = normalise_conversions(conversions).sort("conversion_id")
    for order in orders.iter_rows(named=True):
        if order["customer_id"] is None:
            continue
        if now_ms is not None and order["ts"] > now_ms:
            continue
        journey = [
            t
            for t in touches_of_customer.get(order["customer_id"], [])
            if order["ts"] - window_ms <= t["ts"] < order["ts"]
        ]
        if journey:
            journey.sort(key=_order_key)
            journeys[order["conversion_id"]] = [dict(t, order_ts=order["ts"]) for t in journey]
    return journeys


def rule_based_credits(
    journey: list[Touch], model: AttributionModel, half_life_days: float
) -> list[float]:
    """Credit of each touchpoint of one journey under a rule-based model."""
    n = len(journey)
    if model is AttributionModel.LAST_CLICK:
        return [1.0 if i == n - 1 else 0.0 for i in range(n)]
    if model is AttributionModel.FIRST_CLICK:
        return [1.0 if i == 0 else 0.0 for i in range(n)]
    if model is AttributionModel.LINEAR:
        return [1.0 / n] * n
    if model is AttributionModel.TIME_DECAY:
        half_life_ms = half_life_days * MS_PER_DAY
        weights = [2.0 ** (-(t["order_ts"] - t["ts"]) / half_life_ms) for t in journey]
        total = sum(weights)
        return [w / total for w in weights]
    if model is AttributionModel.POSITION_BASED:
        if n == 1:
            return [1.0]
        if n == 2:
            return [0.5, 0.5]
        return [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
    raise ValueError(f"{model} is not a rule-based model")


def reference_non_converting_paths(
    clean: list[Touch], journeys: dict[Any, list[Touch]], window_days: float
) -> list[list[Touch]]:
    """Leftover touchpoints of each visitor, cut into windows from their first leftover one."""
    window_ms = round(window_days * MS_PER_DAY)
    used = {t["touch_id"] for journey in journeys.values() for t in journey}
    leftovers: dict[str, list[Touch]] = defaultdict(list)
    for touch in clean:
        if touch["touch_id"] not in used:
            leftovers[touch["visitor_id"]].append(touch)
    paths: list[list[Touch]] = []
    for visitor in sorted(leftovers):
        touches = sorted(leftovers[visitor], key=_order_key)
        first = touches[0]["ts"]
        windows: dict[int, list[Touch]] = defaultdict(list)
        for touch in touches:
            windows[(touch["ts"] - first) // window_ms].append(touch)
        paths.extend(windows[w] for w in sorted(windows))
    return paths


def _absorption_system(
    paths: Sequence[Path], states: list[str | None]
) -> tuple[np.ndarray, np.ndarray]:
    """(I - Q, r) over START (index 0) and `states`: x = P(conversion) solves (I - Q) x = r."""
    index = {state: i + 1 for i, state in enumerate(states)}
    size = len(states) + 1
    counts = np.zeros((size, size))
    to_conversion = np.zeros(size)
    totals = np.zeros(size)
    for channels, converted in paths:
        previous = 0
        for value in channels:
            counts[previous, index[value]] += 1
            totals[previous] += 1
            previous = index[value]
        totals[previous] += 1
        if converted:
            to_conversion[previous] += 1
    totals[totals == 0] = 1
    return np.eye(size) - counts / totals[:, None], to_conversion / totals


def reference_removal_effects(paths: Sequence[Path]) -> dict[str | None, float]:
    """Removal effect of every channel value on a converting path (paths: values, converted)."""
    seen: set[str | None] = {value for channels, _ in paths for value in channels}
    states: list[str | None] = sorted((s for s in seen if s is not None), key=str)
    if None in seen:
        states.append(None)
    on_converting = {value for channels, converted in paths if converted for value in channels}
    a, r = _absorption_system(paths, states)
    base = float(np.linalg.solve(a, r)[0])
    effects: dict[str | None, float] = {}
    for i, state in enumerate(states, start=1):
        if state not in on_converting or base <= 0:
            continue
        # Removed: the state converts with probability 0, so every step into it is lost.
        a_removed, r_removed = a.copy(), r.copy()
        a_removed[i, :] = 0.0
        a_removed[i, i] = 1.0
        r_removed[i] = 0.0
        without = float(np.linalg.solve(a_removed, r_removed)[0])
        effects[state] = min(max(1.0 - without / base, 0.0), 1.0)
    return effects


def reference_shapley_values(paths: Sequence[Path]) -> dict[str | None, float]:
    """Shapley values by averaging marginal worth over every order of the channels (small k)."""
    seen: set[str | None] = {value for channels, _ in paths for value in channels}
    players = sorted(seen, key=lambda v: (v is None, v or ""))
    rate: dict[frozenset[str | None], float] = {}
    for channel_set in {frozenset(channels) for channels, _ in paths}:
        matching = [
            converted for channels, converted in paths if frozenset(channels) == channel_set
        ]
        rate[channel_set] = sum(matching) / len(matching)

    def worth(coalition: frozenset[str | None]) -> float:
        return sum(r for channel_set, r in rate.items() if channel_set <= coalition)

    totals = dict.fromkeys(players, 0.0)
    orders = list(itertools.permutations(players))
    for order in orders:
        coalition: frozenset[str | None] = frozenset()
        for player in order:
            totals[player] += worth(coalition | {player}) - worth(coalition)
            coalition = coalition | {player}
    return {player: total / len(orders) for player, total in totals.items()}


def data_driven_journey_credits(
    values: list[str | None], effects: dict[str | None, float]
) -> list[float]:
    """One journey's credits given the channel values of its touchpoints and removal effects."""
    distinct = set(values)
    total = sum(effects.get(v, 0.0) for v in distinct)
    if total <= 0:
        return [1.0 / len(values)] * len(values)
    return [effects.get(v, 0.0) / total / values.count(v) for v in values]


def reference_attribute(
    touchpoints: pl.DataFrame,
    conversions: pl.DataFrame,
    model: AttributionModel | str,
    channel: Channel | str = Channel.INFLUENCER,
    window_days: float = DEFAULT_WINDOW_DAYS,
    *,
    identities: pl.DataFrame | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    max_clicks_per_minute: int | None = DEFAULT_MAX_CLICKS_PER_MINUTE,
    now_ms: int | None = None,
) -> pl.DataFrame:
    """The same credits frame as `attribution.models.attribute`, computed the plain way."""
    models = reference_attribute_all(
        touchpoints,
        conversions,
        [parse_model(model)],
        channel,
        window_days,
        identities=identities,
        half_life_days=half_life_days,
        max_clicks_per_minute=max_clicks_per_minute,
        now_ms=now_ms,
    )
    return models[parse_model(model)]


def reference_attribute_all(
    touchpoints: pl.DataFrame,
    conversions: pl.DataFrame,
    models: Sequence[AttributionModel | str],
    channel: Channel | str = Channel.INFLUENCER,
    window_days: float = DEFAULT_WINDOW_DAYS,
    *,
    identities: pl.DataFrame | None = None,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    max_clicks_per_minute: int | None = DEFAULT_MAX_CLICKS_PER_MINUTE,
    now_ms: int | None = None,
) -> dict[AttributionModel, pl.DataFrame]:
    """Credits frames for several models, the journeys cut once."""
    column = parse_channel(channel).column
    chosen = [parse_model(m) for m in models]
    clean = reference_clean(touchpoints, max_clicks_per_minute, now_ms)
    journeys = reference_journeys(clean, conversions, identities, window_days, now_ms)

    effects: dict[str | None, float] = {}
    if AttributionModel.DATA_DRIVEN in chosen:
        paths: list[Path] = [([t[column] for t in j], True) for j in journeys.values()]
        for path in reference_non_converting_paths(clean, journeys, window_days):
            paths.append(([t[column] for t in path], False))
        effects = reference_removal_effects(paths)

    conversion_dtype = normalise_conversions(conversions).schema["conversion_id"]
    touch_dtype = normalise_touchpoints(touchpoints).schema["touch_id"]
    out: dict[AttributionModel, pl.DataFrame] = {}
    for model in chosen:
        rows: list[tuple[Any, Any, str | None, float]] = []
        for conversion_id, journey in journeys.items():
            if model is AttributionModel.DATA_DRIVEN:
                credits = data_driven_journey_credits([t[column] for t in journey], effects)
            else:
                credits = rule_based_credits(journey, model, half_life_days)
            for touch, credit in zip(journey, credits, strict=True):
                if credit > 0:
                    rows.append((conversion_id, touch["touch_id"], touch[column], credit))
        out[model] = pl.DataFrame(
            rows,
            schema={
                "conversion_id": conversion_dtype,
                "touch_id": touch_dtype,
                "channel": pl.String,
                "credit": pl.Float64,
            },
            orient="row",
        )
    return out


def credit_difference(a: pl.DataFrame, b: pl.DataFrame) -> float:
    """Largest absolute difference between two credits frames, a row missing on one side counting
    as credit 0; infinity when a touchpoint is credited to different channels."""
    keys = ["conversion_id", "touch_id"]
    both = a.join(b, on=keys, how="full", coalesce=True, suffix="_b")
    if both.height == 0:
        return 0.0
    channels_differ = both.filter(
        pl.col("credit").is_not_null()
        & pl.col("credit_b").is_not_null()
        & pl.col("channel").ne_missing(pl.col("channel_b"))
    ).height
    if channels_differ:
        return float("inf")
    diff = (pl.col("credit").fill_null(0.0) - pl.col("credit_b").fill_null(0.0)).abs().max()
    return float(both.select(diff).item())
