"""Offline measures of a feed ranking against what a shopper went on to engage with.

Public API:
    recall_at(ranked, relevant, k) -> float   share of the relevant posts within the first k
    ndcg_at(ranked, relevant, k) -> float     DCG of the first k (binary gains, log2 discount)
                                              over the best DCG possible with that many
                                              relevant posts
    split_last(engaged, held) -> (history, held_out)

`bench/feed_quality.py` uses them; they are here, beside the ranking, so tests can check them on
cases small enough to compute by hand.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import TypeVar

T = TypeVar("T")


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    if not relevant:
        raise ValueError("recall needs at least one relevant post")
    hits = sum(1 for post_id in ranked[:k] if post_id in relevant)
    return hits / len(relevant)


def ndcg_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    if not relevant:
        raise ValueError("NDCG needs at least one relevant post")
    gain = sum(
        1.0 / math.log2(position + 2)
        for position, post_id in enumerate(ranked[:k])
        if post_id in relevant
    )
    ideal = sum(1.0 / math.log2(position + 2) for position in range(min(k, len(relevant))))
    return gain / ideal


def split_last(engaged: Sequence[T], held: int) -> tuple[list[T], list[T]]:
    """`engaged` in time order: everything before the last `held` items, and those items."""
    if held < 1 or held >= len(engaged):
        raise ValueError("hold out at least one item and keep at least one")
    cut = len(engaged) - held
    return list(engaged[:cut]), list(engaged[cut:])
