"""Shopper feed ranking: score candidates, re-rank for diversity, open exploration slots.

Input: candidate posts (`Candidate`: ids, element ids with the primary one first, creation time,
impressions and engagement counts, tagged products, which candidate sources produced it), the
shopper's profile (`ShopperProfile`: element, author and product weights learned from what they
do — `feeds.taste` — and followed authors), the current time and a seed.
Output: every candidate exactly once, in feed order, as `RankedPost`s.

Public API:
    score_candidates(candidates, profile, now, params=None) -> np.ndarray   one score per candidate
    rank_feed(candidates, profile, now, *, params=None, seed=0) -> list[RankedPost]
    Candidate, CandidateSource, ShopperProfile, RankingParams, RankedPost

Score (all multiplicative, so no term can rescue a post another term rules out):
    engagement rate  (e + a) / (impressions + a + b), e = likes + 2*saves + 1.5*comments by
                     default — a Beta(a, b) prior, so a post with 2 likes out of 3 impressions does
                     not beat one with 400 out of 5,000
    freshness        0.5 ** (age / half_life)
    taste            1 + affinity_weight * sum w(element) / sqrt(number of elements)
                       + author_weight * w(author) + product_weight * max w(tagged product),
                     over the shopper's positive weights (see `feeds.taste`): a shopper who keeps
                     liking one style, author or product sees more of it, while the diversity
                     rules below still stop it from flooding the feed
    follow boost     times follow_boost when the shopper follows the author
    trending boost   times trending_boost when the candidate came from the trending source

Diversity: greedy, position by position, the best-scoring candidate that keeps the rules — never
the same author twice in a row, and at most `same_element_limit` posts with the same primary
element in any `element_window` consecutive posts. Candidates are grouped by primary element in
a heap keyed by each group's best remaining post, so a flooded element costs one heap entry, not
a scan of its posts; when no candidate can keep the rules (one author left), the best remaining
one is taken anyway.

Exploration: every `explore_every`-th position is reserved for a new post (fewer than
`explore_max_impressions` impressions, younger than `explore_max_age_hours`). New posts are
ordered by one Thompson draw each from Beta(a + engagements, b + non-engagements) (impressions
taken as at least the engagements: they are counted late), times the post's taste term for this
shopper, from a generator seeded with `seed`, so a feed session that stores its seed ranks
reproducibly. This is how a new post gets a small test audience, chosen among the shoppers whose
taste it matches: posts whose few impressions went well are drawn high more often, but every new
post keeps a chance. Exploration only promotes: a new post whose score places it before its
slot is placed there, and the slot goes to the next draw; new posts not needed for a slot
compete normally.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from itertools import repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class CandidateSource(StrEnum):
    FOLLOWED = "FOLLOWED"
    TRENDING = "TRENDING"
    AFFINITY = "AFFINITY"
    FRESH = "FRESH"
    FOR_YOU = "FOR_YOU"


# Not frozen: a feed session builds hundreds of these, and a frozen dataclass sets each field
# through object.__setattr__, which makes building one several times slower. Nothing changes a
# candidate once built.
@dataclass(slots=True)
class Candidate:
    post_id: str
    author_id: str
    element_ids: tuple[str, ...]  # primary (most confident) element first
    created_at: datetime
    impressions: int = 0
    likes: int = 0
    saves: int = 0
    comments: int = 0
    sources: frozenset[CandidateSource] = frozenset()
    product_ids: tuple[str, ...] = ()  # products tagged on the post


@dataclass(frozen=True)
class ShopperProfile:
    affinity: Mapping[str, float] = field(default_factory=dict)  # element id -> weight 0..1
    followed_authors: frozenset[str] = frozenset()
    # The learned taste beyond elements (`feeds.taste`): author and product id -> weight 0..1.
    authors: Mapping[str, float] = field(default_factory=dict)
    products: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RankingParams:
    prior_engagements: float = 3.0  # Beta prior a
    prior_non_engagements: float = 97.0  # Beta prior b: a 3 % rate, worth 100 impressions
    like_weight: float = 1.0
    save_weight: float = 2.0
    comment_weight: float = 1.5
    half_life_hours: float = 48.0
    affinity_weight: float = 2.0
    author_weight: float = 2.0
    product_weight: float = 1.0
    follow_boost: float = 1.5
    trending_boost: float = 1.2
    same_element_limit: int = 2
    element_window: int = 5
    explore_every: int = 5  # 0 turns exploration off
    explore_max_impressions: int = 200
    explore_max_age_hours: float = 72.0

    def __post_init__(self) -> None:
        if self.prior_engagements <= 0 or self.prior_non_engagements <= 0:
            raise ValueError("the Beta prior needs positive a and b")
        if self.half_life_hours <= 0:
            raise ValueError("half_life_hours must be positive")
        if self.same_element_limit < 1 or self.element_window < 1:
            raise ValueError("same_element_limit and element_window must be at least 1")
        if self.explore_every < 0:
            raise ValueError("explore_every must not be negative")
        if min(self.affinity_weight, self.author_weight, self.product_weight) < 0:
            raise ValueError("the taste weights must not be negative")


class RankedPost(NamedTuple):
    post_id: str
    author_id: str
    score: float
    explored: bool  # placed in an exploration slot


@dataclass(frozen=True)
class _Columns:
    impressions: FloatArray
    engagements: FloatArray
    age_hours: FloatArray
    affinity: FloatArray  # the weighted taste term: elements, author, products
    followed: npt.NDArray[np.bool_]
    trending: npt.NDArray[np.bool_]


def _columns(
    candidates: Sequence[Candidate], profile: ShopperProfile, now: datetime, p: RankingParams
) -> _Columns:
    count = len(candidates)
    # Negative or missing weights count as no affinity.
    weights = {key: value for key, value in profile.affinity.items() if value > 0}
    author_weight = {key: value for key, value in profile.authors.items() if value > 0}.get
    product_weight = {key: value for key, value in profile.products.items() if value > 0}.get
    zeros = repeat(0.0)
    followed = profile.followed_authors
    trending = CandidateSource.TRENDING
    # One pass in Python, then whole-array arithmetic.
    table = np.array(
        [
            (
                c.impressions,
                c.likes,
                c.saves,
                c.comments,
                c.created_at.timestamp(),
                sum(map(weights.get, c.element_ids, zeros)) if weights else 0.0,
                len(c.element_ids),
                c.author_id in followed,
                trending in c.sources,
                author_weight(c.author_id, 0.0),
                max(map(product_weight, c.product_ids, zeros)) if c.product_ids else 0.0,
            )
            for c in candidates
        ],
        dtype=np.float64,
    ).reshape(count, 11)
    lengths = table[:, 6]
    elements = np.where(lengths > 0, table[:, 5] / np.sqrt(np.maximum(lengths, 1.0)), 0.0)
    affinity = (
        p.affinity_weight * elements
        + p.author_weight * table[:, 9]
        + p.product_weight * table[:, 10]
    )
    return _Columns(
        impressions=np.maximum(table[:, 0], 0.0),
        engagements=np.maximum(
            p.like_weight * table[:, 1]
            + p.save_weight * table[:, 2]
            + p.comment_weight * table[:, 3],
            0.0,
        ),
        age_hours=np.maximum((now.timestamp() - table[:, 4]) / 3600.0, 0.0),
        affinity=affinity,
        followed=table[:, 7] > 0,
        trending=table[:, 8] > 0,
    )


def _scores(columns: _Columns, p: RankingParams) -> FloatArray:
    rate = (columns.engagements + p.prior_engagements) / (
        columns.impressions + p.prior_engagements + p.prior_non_engagements
    )
    freshness = np.exp2(-columns.age_hours / p.half_life_hours)
    boost = np.where(columns.followed, p.follow_boost, 1.0) * np.where(
        columns.trending, p.trending_boost, 1.0
    )
    return np.asarray(rate * freshness * (1.0 + columns.affinity) * boost, dtype=np.float64)


def score_candidates(
    candidates: Sequence[Candidate],
    profile: ShopperProfile,
    now: datetime,
    params: RankingParams | None = None,
) -> FloatArray:
    p = params if params is not None else RankingParams()
    if not candidates:
        return np.empty(0)
    return _scores(_columns(candidates, profile, now, p), p)


def _unique(candidates: Sequence[Candidate]) -> list[Candidate]:
    """First occurrence of each post id, with the sources of every copy merged."""
    seen: dict[str, int] = {}
    result: list[Candidate] = []
    for candidate in candidates:
        index = seen.get(candidate.post_id)
        if index is None:
            seen[candidate.post_id] = len(result)
            result.append(candidate)
        elif not candidate.sources <= result[index].sources:
            first = result[index]
            result[index] = Candidate(
                post_id=first.post_id,
                author_id=first.author_id,
                element_ids=first.element_ids,
                created_at=first.created_at,
                impressions=first.impressions,
                likes=first.likes,
                saves=first.saves,
                comments=first.comments,
                sources=first.sources | candidate.sources,
                product_ids=first.product_ids,
            )
    return result


def rank_feed(
    candidates: Sequence[Candidate],
    profile: ShopperProfile,
    now: datetime,
    *,
    params: RankingParams | None = None,
    seed: int = 0,
) -> list[RankedPost]:
    p = params if params is not None else RankingParams()
    pool = _unique(candidates)
    if not pool:
        return []
    columns = _columns(pool, profile, now, p)
    scores = _scores(columns, p)
    count = len(pool)

    # Ints for the hot loop: author and primary element codes.
    author_codes: dict[str, int] = {}
    authors = [author_codes.setdefault(c.author_id, len(author_codes)) for c in pool]
    element_codes: dict[str, int] = {}
    primaries = [
        element_codes.setdefault(c.element_ids[0], len(element_codes)) if c.element_ids else -1
        for c in pool
    ]

    explore: list[int] = []
    slots = count // p.explore_every if p.explore_every > 0 else 0
    if slots:
        eligible = np.flatnonzero(
            (columns.impressions < p.explore_max_impressions)
            & (columns.age_hours <= p.explore_max_age_hours)
        )
        if eligible.size:
            rng = np.random.default_rng(seed)
            # Impressions reach the store a few seconds late and imported posts have none: a
            # post was seen at least as often as it was engaged with.
            trials = np.maximum(columns.impressions[eligible], columns.engagements[eligible])
            successes = columns.engagements[eligible]
            draws = rng.beta(
                p.prior_engagements + successes, p.prior_non_engagements + trials - successes
            ) * (1.0 + columns.affinity[eligible])
            chosen = eligible[np.argsort(-draws, kind="stable")][:slots]
            explore = [int(i) for i in chosen]

    main = np.lexsort((np.arange(count), -scores)).tolist()
    placed = _diversify(main, explore, authors, primaries, count, p)
    values = scores.tolist()
    return [
        RankedPost(pool[i].post_id, pool[i].author_id, values[i], explored)
        for i, explored in placed
    ]


def _diversify(
    main: list[int],
    explore: list[int],
    authors: list[int],
    primaries: list[int],
    count: int,
    p: RankingParams,
) -> list[tuple[int, bool]]:
    """Greedy diversity re-rank of `main` (every index, in score order) with exploration slots
    filled from `explore` (indices in draw order). A slot only ever promotes a post: one its
    score already placed earlier is not placed again, and `explored` marks the posts a slot
    placed.

    Fast path: the best remaining post usually keeps the rules and is taken at once. Otherwise
    the element groups are consulted through a heap keyed by each group's best remaining post;
    heap entries are checked when popped and refreshed when stale, so taking posts never needs
    a heap update.
    """
    rank = [0] * count
    for position, index in enumerate(main):
        rank[index] = position
    groups: dict[int, list[int]] = {}
    for index in main:
        groups.setdefault(primaries[index], []).append(index)
    pointer = dict.fromkeys(groups, 0)
    heap = [(rank[members[0]], group) for group, members in groups.items()]
    heapq.heapify(heap)
    taken = [False] * count

    limit = p.same_element_limit
    span = p.element_window - 1  # posts before the current one that share its window
    recent: deque[int] = deque()
    counts: dict[int, int] = {}
    blocked: set[int] = set()
    previous_author = -1
    queue = deque(explore)
    placed: list[tuple[int, bool]] = []
    every = p.explore_every
    head = 0  # first position of `main` that may still be untaken

    def group_head(group: int) -> int:
        """Index of the group's best untaken post, or -1."""
        members = groups[group]
        position = pointer[group]
        while position < len(members) and taken[members[position]]:
            position += 1
        pointer[group] = position
        return members[position] if position < len(members) else -1

    def from_groups() -> int:
        popped: list[int] = []
        best = -1
        best_rank = count
        while heap and heap[0][0] < best_rank:
            entry_rank, group = heapq.heappop(heap)
            first = group_head(group)
            if first < 0:
                continue  # group used up
            if rank[first] != entry_rank:
                heapq.heappush(heap, (rank[first], group))  # stale entry: refresh
                continue
            popped.append(group)
            if group in blocked:
                continue
            members = groups[group]
            for j in range(pointer[group], len(members)):
                index = members[j]
                if not taken[index] and authors[index] != previous_author:
                    if rank[index] < best_rank:
                        best, best_rank = index, rank[index]
                    break
            if best == first:
                break  # the group's best post is allowed; nothing later in the heap is better
        if best < 0:
            # Nothing keeps the rules: take the best remaining post anyway.
            best = min((groups[g][pointer[g]] for g in popped), key=rank.__getitem__)
        for group in popped:
            heapq.heappush(heap, (rank[groups[group][pointer[group]]], group))
        return best

    for position in range(count):
        explored = False
        index = -1
        if every > 0 and (position + 1) % every == 0:
            while queue and taken[queue[0]]:
                queue.popleft()  # already placed by its score
            fallback = -1
            for candidate in queue:
                if taken[candidate]:
                    continue
                if fallback < 0:
                    fallback = candidate
                if authors[candidate] != previous_author and primaries[candidate] not in blocked:
                    index = candidate
                    break
            if index < 0:
                index = fallback
            explored = index >= 0
        if index < 0:
            while taken[main[head]]:
                head += 1
            index = main[head]
            if authors[index] == previous_author or primaries[index] in blocked:
                index = from_groups()
        taken[index] = True
        placed.append((index, explored))
        previous_author = authors[index]
        element = primaries[index]
        if span > 0:
            if len(recent) == span:
                dropped = recent.popleft()
                if dropped >= 0:
                    counts[dropped] -= 1
                    if counts[dropped] < limit:
                        blocked.discard(dropped)
            recent.append(element)
            if element >= 0:
                counts[element] = counts.get(element, 0) + 1
                if counts[element] >= limit:
                    blocked.add(element)
    return placed
