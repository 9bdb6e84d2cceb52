"""Shopper affinity: element weights learned from what the shopper engages with.

The feed now learns with `feeds.taste` (element, author and product weights, purchases
included), which extends this update; this element-only form is what the feed learned before,
kept as the reference `bench/feed_quality.py` compares the taste profile with.

Input: the shopper's current `AffinityState` (element id -> weight in 0..1, and when it was last
updated) and new `EngagementEvent`s (the element ids of the post, the kind of engagement, when).
Output: a new `AffinityState`; nothing is mutated. `ranking.ShopperProfile.affinity` takes the
weights as they are.

Public API:
    update_affinity(state, events, params=None) -> AffinityState
    AffinityState, EngagementEvent, EngagementKind, AffinityParams

Per event, in time order:
- decay: every weight is multiplied by 0.5 ** (elapsed / half_life), so tastes fade unless they
  are renewed;
- increment: each of the post's elements moves towards 1 by the event's step, w += step * (1 - w)
  (saves count more than likes; a "hide" moves the weights towards 0 instead). The saturating
  form keeps weights within 0..1 however many posts a shopper likes, and the first likes of a new
  style move it most.
Weights under `floor` are dropped and at most `max_elements` are kept (the strongest), so the
profile document stays small.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EngagementKind(StrEnum):
    LIKE = "LIKE"
    SAVE = "SAVE"
    COMMENT = "COMMENT"
    SHARE = "SHARE"
    HIDE = "HIDE"


_DEFAULT_STEPS: Mapping[EngagementKind, float] = {
    EngagementKind.LIKE: 0.15,
    EngagementKind.SAVE: 0.3,
    EngagementKind.COMMENT: 0.2,
    EngagementKind.SHARE: 0.25,
    EngagementKind.HIDE: -0.5,
}


@dataclass(frozen=True)
class AffinityParams:
    half_life_days: float = 21.0
    steps: Mapping[EngagementKind, float] = field(default_factory=lambda: dict(_DEFAULT_STEPS))
    floor: float = 0.01
    max_elements: int = 200

    def __post_init__(self) -> None:
        if self.half_life_days <= 0:
            raise ValueError("half_life_days must be positive")
        if any(not -1.0 <= step <= 1.0 for step in self.steps.values()):
            raise ValueError("steps must be within -1..1")


@dataclass(frozen=True)
class EngagementEvent:
    element_ids: tuple[str, ...]
    kind: EngagementKind
    at: datetime


@dataclass(frozen=True)
class AffinityState:
    weights: Mapping[str, float] = field(default_factory=dict)
    updated_at: datetime | None = None


def update_affinity(
    state: AffinityState, events: Iterable[EngagementEvent], params: AffinityParams | None = None
) -> AffinityState:
    p = params if params is not None else AffinityParams()
    weights = {key: float(value) for key, value in state.weights.items() if value > 0}
    clock = state.updated_at
    half_life_seconds = p.half_life_days * 86400.0
    for event in sorted(events, key=lambda e: e.at):
        if clock is not None:
            elapsed = (event.at - clock).total_seconds()
            if elapsed > 0:
                factor = 0.5 ** (elapsed / half_life_seconds)
                weights = {key: value * factor for key, value in weights.items()}
        if clock is None or event.at > clock:
            clock = event.at
        step = p.steps.get(event.kind, 0.0)
        for element_id in dict.fromkeys(event.element_ids):
            current = weights.get(element_id, 0.0)
            if step >= 0:
                weights[element_id] = current + step * (1.0 - current)
            else:
                weights[element_id] = current * (1.0 + step)
    kept = sorted(
        ((key, value) for key, value in weights.items() if value >= p.floor),
        key=lambda item: (-item[1], item[0]),
    )[: p.max_elements]
    return AffinityState(weights=dict(kept), updated_at=clock)
