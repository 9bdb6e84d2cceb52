"""Shapley-value attribution over channel coalitions, for a small number of channels.

Inputs: `Journeys` (see `attribution.journeys`) and a `Channel`; the same converting and
non-converting paths as the Markov model (`attribution.markov.channel_paths`).

The players are the channel values (up to `MAX_SHAPLEY_CHANNELS`; a touchpoint without a value for
the channel is the player null). For each set T of channels, r(T) is the conversion rate of the
paths whose distinct channels are exactly T. The worth of a coalition S is the summed conversion
rate of the channel sets it contains, v(S) = sum of r(T) over non-empty T within S, and each
channel's Shapley value is the exact weighted average of its marginal worth over all 2^k
coalitions:

    phi_i = sum over S without i of |S|! (k - |S| - 1)! / k! * (v(S + i) - v(S))

Each conversion's unit of credit is then shared by the channels on its path in proportion to their
Shapley values, a channel's share split equally among its touchpoints in that journey (the same
sharing as the Markov model).

    shapley_values(journeys, channel) -> frame (channel, shapley_value)
    shapley_credits(journeys, channel) -> credits frame (see `attribution.models`)

More than `MAX_SHAPLEY_CHANNELS` channels raises ValueError: the coalition table doubles with every
channel; use DATA_DRIVEN there.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from attribution.journeys import (
    Channel,
    Journeys,
    credits_frame,
    empty_credits,
    parse_channel,
)
from attribution.markov import ChannelPaths, channel_paths, share_by_channel_weight

MAX_SHAPLEY_CHANNELS = 12


def path_masks(paths: ChannelPaths) -> np.ndarray:
    """Bit mask of the distinct channels of every path (bit code - 1 for state code)."""
    bits = np.left_shift(np.int64(1), paths.codes - 1)
    return np.bitwise_or.reduceat(bits, paths.path_starts) if bits.shape[0] else bits


def coalition_worth(paths: ChannelPaths) -> np.ndarray:
    """v(S) for every coalition S, indexed by bit mask."""
    k = len(paths.labels)
    masks = path_masks(paths)
    size = 1 << k
    seen = np.bincount(masks, minlength=size).astype(np.float64)
    converted = np.bincount(masks[paths.converted], minlength=size).astype(np.float64)
    worth = np.divide(converted, seen, out=np.zeros(size), where=seen > 0)
    # Subset sums, one channel at a time: afterwards worth[S] adds up r(T) for all T within S.
    every = np.arange(size)
    for bit in range(k):
        has_bit = (every >> bit) & 1 == 1
        worth[has_bit] += worth[every[has_bit] ^ (1 << bit)]
    return worth


def shapley_from_worth(worth: np.ndarray, k: int) -> np.ndarray:
    """Exact Shapley value of each of the k players of the game `worth` (indexed by bit mask)."""
    every = np.arange(1 << k)
    sizes = np.array([bin(m).count("1") for m in every])
    weights = np.array(
        [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)]
    )
    values = np.zeros(k)
    for player in range(k):
        without = every[(every >> player) & 1 == 0]
        gains = worth[without | (1 << player)] - worth[without]
        values[player] = float(np.sum(weights[sizes[without]] * gains))
    return values


def _values_by_state(paths: ChannelPaths) -> np.ndarray:
    k = len(paths.labels)
    if k > MAX_SHAPLEY_CHANNELS:
        raise ValueError(
            f"Shapley attribution takes at most {MAX_SHAPLEY_CHANNELS} channels, found {k}; "
            "use DATA_DRIVEN for more"
        )
    by_state = np.zeros(k + 1)
    if k:
        by_state[1:] = np.clip(shapley_from_worth(coalition_worth(paths), k), 0.0, None)
    return by_state


def shapley_values(journeys: Journeys, channel: Channel | str) -> pl.DataFrame:
    """Frame (channel, shapley_value) over every channel value in the paths."""
    paths = channel_paths(journeys, channel)
    values = _values_by_state(paths)
    return pl.DataFrame(
        {"channel": paths.labels, "shapley_value": values[1:]},
        schema={"channel": pl.String, "shapley_value": pl.Float64},
    )


def shapley_credits(journeys: Journeys, channel: Channel | str) -> pl.DataFrame:
    """Credits frame with each conversion shared in proportion to the channels' Shapley values."""
    kind = parse_channel(channel)
    converting = journeys.converting
    if converting.height == 0:
        return empty_credits(converting.schema["conversion_id"], converting.schema["touch_id"])
    paths = channel_paths(journeys, kind)
    values = _values_by_state(paths)
    codes = paths.codes[: converting.height]
    return credits_frame(converting, kind, share_by_channel_weight(converting, codes, values))
