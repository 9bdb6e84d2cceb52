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

where removing c sends every transition into c to NULL.

Credit. The model's credit is the standard one (Anderl et al., 2016; the ChannelAttribution
package): channel c is given the share RE(c) / sum of RE over all channels of every total, so
C conversions carrying V in value give c exactly C * RE(c) / sum RE conversions and
V * RE(c) / sum RE value (`data_driven_model`, `data_driven_channel_credits`). That credit is
the model's answer about channels as a whole; it does not say which orders a channel earned. A
channel on no converting path has no removal effect and gets nothing.

`path_split_by_removal_effect` is a different quantity and is named for what it is: each
conversion's unit shared among the channels on its own path in proportion to their removal
effects, a channel's part split equally among its touchpoints in that journey (equal shares per
touchpoint should every removal effect on a path be zero, only possible through rounding). Its
channel totals are not the model's credit (channels often on crowded paths lose to those on
short ones). It serves as weights only: the reports use it to divide a channel's standard
credit among the touchpoints, and so the posts, KOLs and campaigns, beneath it
(`attribution.reporting`).

Computation. START is never re-entered, so the linear algebra runs over the channel states
alone. With Q the channel-to-channel step probabilities, r the one-step conversion probabilities,
p the START -> channel probabilities, N = (I - Q)^-1 the expected visit counts and x = N r the
conversion probability from each state: P(conversion) = p . x, the expected visits from START are
v = p N, and the probability of ever reaching c from START is v_c / N[c, c]. Converting through c
means reaching c and converting from there, so

    RE(c) = v_c * x_c / (N[c, c] * (p . x))

and one inverse serves every channel, rather than one solve per removed channel.

Limits. The channel states split into groups that no step connects (connected components of the
step graph, found with scipy when importable; otherwise one group), and I - Q is inverted group by
group, densely: O(sum of size^3) time, O(largest size^2) memory. Influencers or campaigns, a few
hundred to a few thousand: well under a second to about 1.5 s at 3,000 on a 2-core machine. Posts
or links can number tens of thousands; they stay exact and fast while visitors keep to separate
groups (each KOL's own links), but as soon as paths wander across the catalogue the groups merge,
and exact removal effects cost O(k^3) whichever way they are computed (a sparse LU fills in: 10,000
links with random cross-traffic gave about 9 million factor entries and minutes of solves). So a
group of more than `MAX_GROUP_CHANNELS` channels raises `DataDrivenLimitError` (a ValueError) at
once, before any heavy work.
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
    runs,
    segment_sums,
)

MAX_GROUP_CHANNELS = 3_000


class DataDrivenLimitError(ValueError):
    """The chain is too large for exact removal effects in reasonable time."""


def _too_large(largest: int, limit: int) -> DataDrivenLimitError:
    return DataDrivenLimitError(
        f"exact data-driven attribution is limited to {limit:,} interconnected channel values and "
        f"these paths connect {largest:,}; choose a coarser channel (influencer or campaign) or a "
        "rule-based model"
    )


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
    names = values.drop_nulls().unique().sort()
    labels: list[str | None] = list(names.to_list())
    # An Enum's physical codes follow its category order, here the sorted channel values.
    codes = values.cast(pl.Enum(names)).to_physical().cast(pl.Int64) + 1
    if values.null_count():
        labels.append(None)
        codes = codes.fill_null(len(labels))
    codes_np = codes.to_numpy()

    conv_starts, conv_lengths = journey_segments(converting)
    other_starts, other_lengths = runs(other["path"].to_numpy())
    return ChannelPaths(
        codes=codes_np,
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


@dataclass(frozen=True)
class _Chain:
    """The chain over the channel states alone. START is never re-entered, so it needs no row
    of its own: its outgoing probabilities `start` weight the channel-state quantities."""

    source: np.ndarray  # 0-based channel -> channel steps
    target: np.ndarray
    totals: np.ndarray  # steps out of each channel state, absorbing ones included
    to_conversion: np.ndarray  # per channel state, probability of converting next
    start: np.ndarray  # START -> channel state probabilities
    size: int


def _chain(counts: TransitionCounts) -> _Chain:
    k = counts.n_states - 1
    inner = counts.source > 0
    source = counts.source[inner] - 1
    target = counts.target[inner] - 1
    firsts = np.bincount(counts.target[~inner] - 1, minlength=k).astype(np.float64)
    totals = np.bincount(source, minlength=k) + counts.to_conversion[1:] + counts.to_null[1:]
    totals = np.where(totals > 0, totals, 1).astype(np.float64)
    return _Chain(
        source=source,
        target=target,
        totals=totals,
        to_conversion=counts.to_conversion[1:] / totals,
        start=firsts / max(firsts.sum(), 1.0),
        size=k,
    )


def _groups(chain: _Chain) -> np.ndarray:
    """Group label per channel state: states linked by steps in either direction share one."""
    try:
        from scipy import sparse
        from scipy.sparse.csgraph import connected_components
    except ImportError:
        return np.zeros(chain.size, dtype=np.int64)
    graph = sparse.csr_matrix(
        (np.ones(chain.source.shape[0]), (chain.source, chain.target)),
        shape=(chain.size, chain.size),
    )
    _, labels = connected_components(graph, directed=True, connection="weak")
    return np.asarray(labels, dtype=np.int64)


def _group_solve(chain: _Chain, max_group: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x = N r, v = p N and diag(N), one dense inverse per group of connected channel states."""
    k = chain.size
    labels = _groups(chain)
    sizes = np.bincount(labels)
    if sizes.max() > max_group:
        raise _too_large(int(sizes.max()), max_group)
    members_by_group = np.argsort(labels, kind="stable")
    group_starts = np.cumsum(sizes) - sizes
    local = np.empty(k, dtype=np.int64)
    local[members_by_group] = np.arange(k) - np.repeat(group_starts, sizes)
    step_group = labels[chain.source]
    steps_by_group = np.argsort(step_group, kind="stable")
    step_sizes = np.bincount(step_group, minlength=sizes.shape[0])
    step_starts = np.cumsum(step_sizes) - step_sizes

    # Lone states (often most links) need no matrix: N = 1 / (1 - Q[c, c]).
    self_steps = np.bincount(chain.source[chain.source == chain.target], minlength=k)
    diagonal = 1.0 / (1.0 - self_steps / chain.totals)
    x = diagonal * chain.to_conversion
    visits = chain.start * diagonal
    for group in np.flatnonzero(sizes > 1).tolist():
        size = int(sizes[group])
        members = members_by_group[group_starts[group] : group_starts[group] + size]
        steps = steps_by_group[step_starts[group] : step_starts[group] + step_sizes[group]]
        cells = local[chain.source[steps]] * size + local[chain.target[steps]]
        block = np.bincount(cells, minlength=size * size).reshape(size, size)
        inverse = np.linalg.inv(np.eye(size) - block / chain.totals[members, None])
        x[members] = inverse @ chain.to_conversion[members]
        visits[members] = chain.start[members] @ inverse
        diagonal[members] = np.diag(inverse)
    return x, visits, diagonal


def state_removal_effects(
    paths: ChannelPaths, *, max_group_channels: int = MAX_GROUP_CHANNELS
) -> np.ndarray:
    """Removal effect per state code (index 0, START, is 0) for the states on converting paths,
    0 elsewhere. `max_group_channels` moves the limit described in the module docstring."""
    effects = np.zeros(paths.n_states)
    on_converting = np.zeros(paths.n_states, dtype=bool)
    conv_rows = int(paths.path_lengths[paths.converted].sum())
    on_converting[paths.codes[:conv_rows]] = True
    wanted = np.flatnonzero(on_converting[1:])
    if wanted.shape[0] == 0:
        return effects
    chain = _chain(transition_counts(paths))
    x, visits, diagonal = _group_solve(chain, max_group_channels)
    converting = float(chain.start @ x)
    if converting <= 0:
        return effects
    effects[wanted + 1] = visits[wanted] * x[wanted] / (diagonal[wanted] * converting)
    # Rounding can leave a hair outside [0, 1] where the true effect sits on the boundary.
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
    # Touchpoints per (journey, channel): sort the pair keys, count runs, scatter back.
    key = converting["journey"].to_numpy() * (int(codes.max()) + 1) + codes
    by_key = np.argsort(key, kind="stable")
    _, run_lengths = runs(key[by_key])
    repeats = np.empty(key.shape[0], dtype=np.int64)
    repeats[by_key] = np.repeat(run_lengths, run_lengths)
    weight = state_weight[codes] / repeats
    totals = segment_sums(weight, starts, lengths)
    equal = 1.0 / converting["length"].to_numpy().astype(np.float64)
    return np.where(totals > 0, weight / np.where(totals > 0, totals, 1.0), equal)


def path_split_by_removal_effect(
    journeys: Journeys,
    channel: Channel | str,
    *,
    max_group_channels: int = MAX_GROUP_CHANNELS,
) -> pl.DataFrame:
    """Credits frame (see `attribution.models`) of the per-conversion split by removal effect:
    weights for dividing a channel's credit, not the model's credit (module docstring)."""
    return data_driven_model(journeys, channel, max_group_channels=max_group_channels).path_split


SHARES_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "removal_effect": pl.Float64(),
    "share": pl.Float64(),
}


@dataclass(frozen=True)
class DataDrivenModel:
    """One channel's removal effects read two ways (module docstring).

    `shares`: (channel, removal_effect, share) for the channels on converting paths, share =
    RE / sum RE (summing to 1 whenever a journey converts): the model's credit is every total
    times the share. `path_split`: the credits frame of `path_split_by_removal_effect`.
    """

    shares: pl.DataFrame
    path_split: pl.DataFrame


def data_driven_model(
    journeys: Journeys,
    channel: Channel | str,
    *,
    max_group_channels: int = MAX_GROUP_CHANNELS,
) -> DataDrivenModel:
    """Removal effects solved once; the standard shares and the path split from them."""
    kind = parse_channel(channel)
    converting = journeys.converting
    if converting.height == 0:
        return DataDrivenModel(
            pl.DataFrame(schema=SHARES_SCHEMA),
            empty_credits(converting.schema["conversion_id"], converting.schema["touch_id"]),
        )
    paths = channel_paths(journeys, kind)
    effects = state_removal_effects(paths, max_group_channels=max_group_channels)
    codes = paths.codes[: converting.height]
    path_split = credits_frame(
        converting, kind, share_by_channel_weight(converting, codes, effects)
    )
    total = float(effects.sum())
    if total > 0:
        shares = pl.DataFrame(
            {"channel": paths.labels, "removal_effect": effects[1:], "share": effects[1:] / total},
            schema=SHARES_SCHEMA,
        ).filter(pl.col("removal_effect") > 0)
    else:
        # Every removal effect rounded to zero: the path split fell back to equal shares per
        # touchpoint, and its channel totals are then the only reading left.
        journeys_n = float(converting["journey"].n_unique())
        shares = (
            path_split.group_by("channel")
            .agg((pl.col("credit").sum() / journeys_n).alias("share"))
            .select("channel", pl.lit(0.0).alias("removal_effect"), "share")
            .cast(SHARES_SCHEMA)  # type: ignore[arg-type]
        )
    return DataDrivenModel(shares.sort("channel", nulls_last=True), path_split)


def data_driven_channel_credits(journeys: Journeys, channel: Channel | str) -> pl.DataFrame:
    """Frame (channel, credit): conversions credited to each channel value under DATA_DRIVEN,
    the number of converting journeys times the channel's share RE / sum RE."""
    shares = data_driven_model(journeys, channel).shares
    converted = float(journeys.converting["journey"].n_unique())
    return shares.select("channel", (pl.col("share") * converted).alias("credit"))
