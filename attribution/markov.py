"""DATA_DRIVEN attribution: first-order Markov chain over channel paths, removal effects.

Inputs: `Journeys` (see `attribution.journeys`) and a `Channel`. Every converting journey is a path
START -> c_1 -> ... -> c_n -> CONVERSION; every non-converting path
(`attribution.journeys.non_converting_paths`) is START -> c_1 -> ... -> c_n -> NULL. Channel
values are the states (a touchpoint with no value for the channel, e.g. no post, is the state of its
own called null). Repeats are kept: a self-loop does not change absorption probabilities.

Transition probabilities are the observed transition counts divided by each state's total. The
conversion probability is the probability of absorption in CONVERSION from START. The removal effect
of channel c is

    RE(c) = 1 - P(conversion | c removed) / P(conversion)

where removing c sends every transition into c to NULL. Each conversion's unit of credit is shared
by the channels on its path in proportion to their removal effects, and a channel's share is split
equally among its touchpoints in that journey. A channel that is on no converting path gets no
credit. Should every removal effect on a path be zero (only possible through rounding), the
conversion falls back to equal shares per touchpoint.

Computation. With A = I - Q (Q: transient-to-transient probabilities, START and the channels
transient), x = A^-1 r the conversion probabilities (r: one-step conversion probabilities) and
N = A^-1 the expected visit counts, the probability of converting through c is the probability
of ever reaching c times x_c, and the probability of ever reaching c from START is
N[START, c] / N[c, c]:

    RE(c) = N[START, c] * x_c / (N[c, c] * x_START)

So one factorisation serves every channel, rather than one solve per removed channel. Up to
`DENSE_MAX_STATES` states this is a dense inverse (LAPACK; O(k^3) time, O(k^2) memory, ~0.5 s at
2,000 channels). Beyond it, and when scipy is importable, A is factorised once as a sparse LU and
the diagonal of N is read from block solves against unit vectors, for the channels on converting
paths only; its cost grows with k times the LU's fill-in (measured by bench/attribution_engine.py
with channel=link). Without scipy, the dense route is used at any size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from attribution.journeys import (
    Channel,
    Journeys,
    credits_frame,
    empty_credits,
    journey_segments,
    non_converting_paths,
    parse_channel,
    segment_sums,
)

DENSE_MAX_STATES = 2_000
_SOLVE_BLOCK = 512


@dataclass(frozen=True)
class ChannelPaths:
    """Paths as integer state codes: code 0 is START, codes 1..k are `labels[code - 1]`.

    `codes` lists the states of all paths back to back, converting paths first (in journey order,
    so their rows line up with `Journeys.converting`), then the non-converting ones. `path_starts`
    and `path_lengths` cut `codes` into paths; `converted[i]` says whether path i ends in a
    conversion.
    """

    codes: np.ndarray
    path_starts: np.ndarray
    path_lengths: np.ndarray
    converted: np.ndarray
    labels: list[str | None]

    @property
    def n_states(self) -> int:
        return len(self.labels) + 1


def channel_paths(journeys: Journeys, channel: Channel | str) -> ChannelPaths:
    """Encode converting and non-converting paths of one channel as state codes."""
    column = parse_channel(channel).column
    converting = journeys.converting
    other = non_converting_paths(journeys)
    values = pl.concat([converting[column], other[column]], how="vertical")
    labels: list[str | None] = list(values.drop_nulls().unique().sort().to_list())
    if values.null_count():
        labels.append(None)
    # Dense ranks follow the same sorted order as `labels`; nulls take the last code.
    codes = values.rank("dense").fill_null(len(labels)).cast(pl.Int64).to_numpy()

    conv_starts, conv_lengths = journey_segments(converting)
    keys = other["path"].to_numpy()
    if keys.shape[0]:
        other_starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))
        other_lengths = np.diff(np.concatenate((other_starts, [keys.shape[0]])))
    else:
        other_starts = other_lengths = np.zeros(0, dtype=np.int64)
    return ChannelPaths(
        codes=codes,
        path_starts=np.concatenate((conv_starts, other_starts + converting.height)).astype(
            np.int64
        ),
        path_lengths=np.concatenate((conv_lengths, other_lengths)).astype(np.int64),
        converted=np.concatenate(
            (np.ones(conv_starts.shape[0], dtype=bool), np.zeros(other_starts.shape[0], dtype=bool))
        ),
        labels=labels,
    )


@dataclass(frozen=True)
class TransitionCounts:
    """Observed transitions between the `n_states` transient states (0 = START)."""

    source: np.ndarray
    target: np.ndarray
    to_conversion: np.ndarray
    to_null: np.ndarray
    n_states: int


def transition_counts(paths: ChannelPaths) -> TransitionCounts:
    """Every step of every path: START -> first state, state -> next state, last -> absorbing."""
    codes = paths.codes
    first = np.zeros(codes.shape[0], dtype=bool)
    first[paths.path_starts] = True
    source = np.empty_like(codes)
    source[1:] = codes[:-1]
    source[first] = 0
    last = paths.path_starts + paths.path_lengths - 1
    to_conversion = np.bincount(codes[last[paths.converted]], minlength=paths.n_states)
    to_null = np.bincount(codes[last[~paths.converted]], minlength=paths.n_states)
    return TransitionCounts(source, codes, to_conversion, to_null, paths.n_states)


def _dense_effects(counts: TransitionCounts, wanted: np.ndarray) -> np.ndarray:
    s = counts.n_states
    matrix = np.bincount(counts.source * s + counts.target, minlength=s * s).reshape(s, s)
    totals = matrix.sum(axis=1) + counts.to_conversion + counts.to_null
    totals = np.where(totals > 0, totals, 1).astype(np.float64)
    a = np.eye(s) - matrix / totals[:, None]
    visits = np.linalg.inv(a)
    x = visits @ (counts.to_conversion / totals)
    effects = np.zeros(s)
    if x[0] <= 0:
        return effects
    effects[wanted] = visits[0, wanted] * x[wanted] / (np.diag(visits)[wanted] * x[0])
    return effects


def _sparse_effects(counts: TransitionCounts, wanted: np.ndarray) -> np.ndarray:
    from scipy import sparse
    from scipy.sparse.linalg import splu

    s = counts.n_states
    matrix = sparse.csr_matrix(
        (np.ones(counts.source.shape[0]), (counts.source, counts.target)), shape=(s, s)
    )
    totals = np.asarray(matrix.sum(axis=1)).ravel() + counts.to_conversion + counts.to_null
    totals = np.where(totals > 0, totals, 1).astype(np.float64)
    a = (sparse.identity(s, format="csr") - sparse.diags(1.0 / totals) @ matrix).tocsc()
    lu = splu(a)
    x = lu.solve(counts.to_conversion / totals)
    effects = np.zeros(s)
    if x[0] <= 0:
        return effects
    start_row = np.zeros(s)
    start_row[0] = 1.0
    visits_from_start = lu.solve(start_row, trans="T")
    diagonal = np.empty(wanted.shape[0])
    for lo in range(0, wanted.shape[0], _SOLVE_BLOCK):
        block = wanted[lo : lo + _SOLVE_BLOCK]
        units = np.zeros((s, block.shape[0]))
        units[block, np.arange(block.shape[0])] = 1.0
        diagonal[lo : lo + block.shape[0]] = lu.solve(units)[block, np.arange(block.shape[0])]
    effects[wanted] = visits_from_start[wanted] * x[wanted] / (diagonal * x[0])
    return effects


def _scipy_available() -> bool:
    try:
        import scipy.sparse.linalg  # noqa: F401
    except ImportError:
        return False
    return True


def state_removal_effects(paths: ChannelPaths) -> np.ndarray:
    """Removal effect per state code (index 0, START, is 0), for states on converting paths."""
    counts = transition_counts(paths)
    on_converting = np.zeros(paths.n_states, dtype=bool)
    conv_rows = int(paths.path_lengths[paths.converted].sum())
    on_converting[paths.codes[:conv_rows]] = True
    on_converting[0] = False
    wanted = np.flatnonzero(on_converting)
    if wanted.shape[0] == 0:
        return np.zeros(paths.n_states)
    if paths.n_states <= DENSE_MAX_STATES or not _scipy_available():
        effects = _dense_effects(counts, wanted)
    else:
        effects = _sparse_effects(counts, wanted)
    # Rounding can leave a hair below zero where the true effect is exactly zero.
    return np.clip(effects, 0.0, 1.0)


def removal_effects(journeys: Journeys, channel: Channel | str) -> pl.DataFrame:
    """Frame (channel, removal_effect) for the channels on converting paths, by channel value."""
    paths = channel_paths(journeys, channel)
    effects = state_removal_effects(paths)
    return pl.DataFrame(
        {"channel": paths.labels, "removal_effect": effects[1:]},
        schema={"channel": pl.String, "removal_effect": pl.Float64},
    ).filter(pl.col("removal_effect") > 0)


def share_by_channel_weight(
    converting: pl.DataFrame, codes: np.ndarray, state_weight: np.ndarray
) -> np.ndarray:
    """Per-row credit: each journey's unit shared by its channels in proportion to
    `state_weight[code]`, a channel's share split equally among its touchpoints in the journey;
    equal shares per touchpoint where a journey's weights are all zero."""
    starts, lengths = journey_segments(converting)
    keyed = pl.DataFrame({"journey": converting["journey"], "code": codes})
    repeats = keyed.select(pl.len().over("journey", "code")).to_series().to_numpy()
    weight = state_weight[codes] / repeats
    totals = segment_sums(weight, starts, lengths)
    equal = 1.0 / converting["length"].to_numpy().astype(np.float64)
    return np.where(totals > 0, weight / np.where(totals > 0, totals, 1.0), equal)


def data_driven_credits(journeys: Journeys, channel: Channel | str) -> pl.DataFrame:
    """Credits frame (see `attribution.models`) under the Markov removal-effect model."""
    kind = parse_channel(channel)
    converting = journeys.converting
    if converting.height == 0:
        return empty_credits(converting.schema["conversion_id"], converting.schema["touch_id"])
    paths = channel_paths(journeys, kind)
    effects = state_removal_effects(paths)
    codes = paths.codes[: converting.height]
    return credits_frame(converting, kind, share_by_channel_weight(converting, codes, effects))
