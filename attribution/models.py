"""Attribution models: how each conversion's single unit of credit is shared along its journey.

Public entry point:

    attribute(touchpoints, conversions, model, channel, window_days, ...) -> credits frame

and, to run several models over journeys built once (reports comparing models):

    attribute_journeys(journeys, model, channel, ...) -> credits frame

The credits frame has the columns `conversion_id`, `touch_id`, `channel` (str or null: the
touchpoint's influencer / post / campaign / link id, null when the touchpoint has none, e.g. a click
on a link tied to no post), `credit` (float64 > 0). Only touchpoints with positive credit appear,
sorted by (conversion_id, ts, touch_id). The credits of a conversion sum to 1 within 1e-9 (the
floating-point rounding of a few additions; the tests hold every model to that tolerance); a
conversion with an empty journey has no rows.

Rule-based models (journey t_0 .. t_{n-1}, oldest first; ties in time ordered by touch_id):

    LAST_CLICK      t_{n-1} gets 1
    FIRST_CLICK     t_0 gets 1
    LINEAR          each gets 1/n
    TIME_DECAY      weight 2^(-(order_ts - ts) / half_life), normalised; half-life 7 days
    POSITION_BASED  n = 1: 1; n = 2: 1/2 each; n >= 3: 0.4 first, 0.4 last, 0.2 shared by the middle

DATA_DRIVEN is the Markov-chain removal-effect model of `attribution.markov`. Its credit is not
a per-conversion split: channel c gets RE(c) / sum RE of all conversions (and of all value), so
`channel_credits` gives the model's credit per channel value for every model, and reports use
that. Under DATA_DRIVEN, `attribute` and `attribute_journeys` return the per-conversion split by
removal effect on each conversion's own path (`attribution.markov.path_split_by_removal_effect`),
which the reports use only as weights to divide a channel's credit among its touchpoints; its
channel totals differ from the model's credit. DATA_DRIVEN raises
`attribution.markov.DataDrivenLimitError` (a ValueError) when the channel values form a connected
group too large to solve exactly (see there; influencers and campaigns are well inside the limit).
Shapley-value credits, for at most 12 channel values, are in `attribution.shapley`.

Bad input raises ValueError with a message naming the problem: an unknown model or channel (the
message lists the valid ones), a missing column, duplicate ids, a non-positive window or half-life.

Each model is a handful of numpy segment operations over the whole journey frame, never a Python
loop per conversion.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from attribution.journeys import (
    DEFAULT_MAX_CLICKS_PER_MINUTE,
    DEFAULT_WINDOW_DAYS,
    MS_PER_DAY,
    Channel,
    Journeys,
    build_journeys,
    credits_frame,
    empty_credits,
    journey_segments,
    parse_channel,
    segment_sums,
)
from attribution.markov import data_driven_channel_credits, path_split_by_removal_effect

# The names live with the campaigns that choose them; they are part of this module's API too.
from commerce.attribution_models import RULE_BASED_MODELS as RULE_BASED_MODELS
from commerce.attribution_models import AttributionModel as AttributionModel
from commerce.attribution_models import parse_model as parse_model

DEFAULT_HALF_LIFE_DAYS = 7.0
CREDIT_SUM_TOLERANCE = 1e-9


def rule_based_weights(
    converting: pl.DataFrame, model: AttributionModel, half_life_days: float
) -> np.ndarray:
    """Credit of every journey row under a rule-based model (rows sum to 1 per journey)."""
    n = converting["length"].to_numpy().astype(np.int64)
    pos = converting["position"].to_numpy().astype(np.int64)
    if model is AttributionModel.LAST_CLICK:
        return (pos == n - 1).astype(np.float64)
    if model is AttributionModel.FIRST_CLICK:
        return (pos == 0).astype(np.float64)
    if model is AttributionModel.LINEAR:
        return 1.0 / n
    if model is AttributionModel.POSITION_BASED:
        ends = (pos == 0) | (pos == n - 1)
        middle = 0.2 / np.maximum(n - 2, 1)
        credit = np.where(ends, 0.4, middle)
        credit = np.where(n == 2, 0.5, credit)
        return np.where(n == 1, 1.0, credit)
    if model is AttributionModel.TIME_DECAY:
        half_life_ms = half_life_days * MS_PER_DAY
        ts = converting["ts"].to_numpy()
        starts, lengths = journey_segments(converting)
        # Ages are measured from the journey's latest touchpoint rather than from the order: the
        # ratio is the same, and the largest weight is then exactly 1, so no journey can underflow
        # to an all-zero sum however long the window.
        latest = np.repeat(ts[starts + lengths - 1], lengths)
        weight = np.exp2(-(latest - ts) / half_life_ms)
        return weight / segment_sums(weight, starts, lengths)
    raise ValueError(f"{model} is not a rule-based model")


def _check_half_life(half_life_days: float) -> None:
    if not np.isfinite(half_life_days) or half_life_days <= 0:
        raise ValueError(f"half_life_days must be a positive number, not {half_life_days!r}")


def attribute_journeys(
    journeys: Journeys,
    model: AttributionModel | str,
    channel: Channel | str = Channel.INFLUENCER,
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> pl.DataFrame:
    """Credits for journeys already built (see the module docstring for the frame)."""
    chosen = parse_model(model)
    kind = parse_channel(channel)
    _check_half_life(half_life_days)
    converting = journeys.converting
    if converting.height == 0:
        return empty_credits(converting.schema["conversion_id"], converting.schema["touch_id"])
    if chosen is AttributionModel.DATA_DRIVEN:
        return path_split_by_removal_effect(journeys, kind)
    return credits_frame(converting, kind, rule_based_weights(converting, chosen, half_life_days))


def channel_credits(
    journeys: Journeys,
    model: AttributionModel | str,
    channel: Channel | str = Channel.INFLUENCER,
    *,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> pl.DataFrame:
    """Frame (channel, credit): conversions credited to each channel value under `model`, the
    credits summed by channel for the rule-based models, the standard removal-effect share of
    all conversions for DATA_DRIVEN. Rows by channel value, null last; the credits add up to the
    number of converting journeys."""
    chosen = parse_model(model)
    kind = parse_channel(channel)
    if chosen is AttributionModel.DATA_DRIVEN:
        credits = data_driven_channel_credits(journeys, kind)
    else:
        credits = (
            attribute_journeys(journeys, chosen, kind, half_life_days=half_life_days)
            .group_by("channel")
            .agg(pl.col("credit").sum())
        )
    return credits.sort("channel", nulls_last=True)


def attribute(
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
    """Build the journeys (`attribution.journeys`) and credit them under `model` by `channel`."""
    chosen = parse_model(model)
    kind = parse_channel(channel)
    _check_half_life(half_life_days)
    journeys = build_journeys(
        touchpoints,
        conversions,
        identities=identities,
        window_days=window_days,
        max_clicks_per_minute=max_clicks_per_minute,
        now_ms=now_ms,
    )
    return attribute_journeys(journeys, chosen, kind, half_life_days=half_life_days)
