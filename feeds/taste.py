"""A shopper's taste: element, author and product affinities learned from what they do.

Input: the shopper's current `Taste` (three maps id -> weight in 0..1, and when it was last
updated) and new `TasteEvent`s (what kind of signal, when, and the post's element ids, its
author and the products involved). Output: a new `Taste`; nothing is mutated.
`ranking.ShopperProfile` takes the weights as they are, faded to the moment of ranking
(`faded`). Views and link clicks have their signals here, but the platform records neither per
signed-in shopper yet (impressions are counted per post, clicks per visitor cookie), so today
likes, saves, comments and purchases teach the profile. Markets are not learned: the feed is
already read per market. Sizes are not known anywhere in the platform.

Public API:
    learn(taste, events, params=None) -> Taste
    faded(taste, now, params=None) -> Taste
    strongest(weights, count) -> list[str]
    Taste, TasteEvent, Signal, TasteParams

Per event, in time order:
- decay: every weight is multiplied by 0.5 ** (elapsed / half_life), so a taste fades unless it
  is renewed;
- increment: each element of the post, its author and each product move towards 1 by the
  signal's step, w += step * (1 - w). Signals differ in what they say about the shopper: a view
  says little, a like something, a save or a click on a shoppable link more, and a purchase the
  most. Authors and products move by `author_share` / `product_share` of the step: one post says
  more about its style than about whether its author is a favourite. A negative step (HIDE)
  shrinks the weights instead. The saturating form keeps weights within 0..1 however often a
  shopper engages, and the first signals for a new style move it most.
An event older than the last update (a purchase counted late) moves the weights by its step
faded over the time since it happened. Weights under `floor` are dropped and each map keeps at
most its `max_*` strongest entries, so the profile document stays small whatever the shopper
does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Signal(StrEnum):
    VIEW = "VIEW"
    LIKE = "LIKE"
    COMMENT = "COMMENT"
    SAVE = "SAVE"
    CLICK = "CLICK"
    PURCHASE = "PURCHASE"
    HIDE = "HIDE"


DEFAULT_STEPS: Mapping[Signal, float] = {
    Signal.VIEW: 0.03,
    Signal.LIKE: 0.15,
    Signal.COMMENT: 0.2,
    Signal.SAVE: 0.3,
    Signal.CLICK: 0.3,
    Signal.PURCHASE: 0.5,
    Signal.HIDE: -0.5,
}


@dataclass(frozen=True)
class TasteParams:
    half_life_days: float = 21.0
    steps: Mapping[Signal, float] = field(default_factory=lambda: dict(DEFAULT_STEPS))
    author_share: float = 0.5
    product_share: float = 1.0
    floor: float = 0.01
    max_elements: int = 200
    max_authors: int = 100
    max_products: int = 100

    def __post_init__(self) -> None:
        if self.half_life_days <= 0:
            raise ValueError("half_life_days must be positive")
        if any(not -1.0 <= step <= 1.0 for step in self.steps.values()):
            raise ValueError("steps must be within -1..1")
        if not (0.0 <= self.author_share <= 1.0 and 0.0 <= self.product_share <= 1.0):
            raise ValueError("author_share and product_share must be within 0..1")
        if min(self.max_elements, self.max_authors, self.max_products) < 0:
            raise ValueError("the size bounds must not be negative")


@dataclass(frozen=True)
class TasteEvent:
    kind: Signal
    at: datetime
    element_ids: tuple[str, ...] = ()
    author_id: str | None = None
    product_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taste:
    elements: Mapping[str, float] = field(default_factory=dict)
    authors: Mapping[str, float] = field(default_factory=dict)
    products: Mapping[str, float] = field(default_factory=dict)
    updated_at: datetime | None = None


def _move(weights: dict[str, float], keys: Iterable[str], step: float) -> None:
    for key in dict.fromkeys(keys):
        current = weights.get(key, 0.0)
        weights[key] = current + step * (1.0 - current) if step >= 0 else current * (1.0 + step)


def _kept(weights: Mapping[str, float], floor: float, limit: int) -> dict[str, float]:
    strong = sorted(
        ((key, value) for key, value in weights.items() if value >= floor),
        key=lambda item: (-item[1], item[0]),
    )
    return dict(strong[:limit])


def _scaled(weights: Mapping[str, float], factor: float) -> dict[str, float]:
    return {key: value * factor for key, value in weights.items()}


def _decay(elapsed_seconds: float, p: TasteParams) -> float:
    return 0.5 ** (max(0.0, elapsed_seconds) / (p.half_life_days * 86400.0))


def learn(taste: Taste, events: Iterable[TasteEvent], params: TasteParams | None = None) -> Taste:
    p = params if params is not None else TasteParams()
    maps = [
        {key: float(value) for key, value in weights.items() if value > 0}
        for weights in (taste.elements, taste.authors, taste.products)
    ]
    clock = taste.updated_at
    for event in sorted(events, key=lambda e: e.at):
        if clock is not None and event.at > clock:
            factor = _decay((event.at - clock).total_seconds(), p)
            maps = [_scaled(weights, factor) for weights in maps]
        step = p.steps.get(event.kind, 0.0)
        if clock is not None and event.at < clock:
            # Learned late (a purchase counted after newer likes): it moves the weights by what
            # is left of it now, as if it had been learned on time and faded since.
            step *= _decay((clock - event.at).total_seconds(), p)
        if clock is None or event.at > clock:
            clock = event.at
        elements, authors, products = maps
        _move(elements, event.element_ids, step)
        if event.author_id:
            _move(authors, (event.author_id,), step * p.author_share)
        _move(products, event.product_ids, step * p.product_share)
    elements, authors, products = maps
    return Taste(
        elements=_kept(elements, p.floor, p.max_elements),
        authors=_kept(authors, p.floor, p.max_authors),
        products=_kept(products, p.floor, p.max_products),
        updated_at=clock,
    )


def faded(taste: Taste, now: datetime, params: TasteParams | None = None) -> Taste:
    """The taste as it stands at `now`: every weight decayed since the last update."""
    p = params if params is not None else TasteParams()
    if taste.updated_at is None or now <= taste.updated_at:
        return taste
    factor = _decay((now - taste.updated_at).total_seconds(), p)
    return Taste(
        elements=_scaled(taste.elements, factor),
        authors=_scaled(taste.authors, factor),
        products=_scaled(taste.products, factor),
        updated_at=now,
    )


def strongest(weights: Mapping[str, float], count: int) -> list[str]:
    """The `count` ids with the largest positive weights, strongest first (ties by id)."""
    ranked = sorted(
        ((key, value) for key, value in weights.items() if value > 0),
        key=lambda item: (-item[1], item[0]),
    )
    return [key for key, _ in ranked[:count]]
