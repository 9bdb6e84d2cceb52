"""How true the trend labels are: planted shapes labelled day by day on label worlds.

Input: label worlds of `feeds.synthetic.generate_label_world` (stable, rising, peaking and
declining elements with known daily growth). Output: a `LabelQuality` tally over every element
and every evaluated day (`as_of` = each of the worlds' last `days` days):

    declines_cooling_at_end   share of planted declines labelled COOLING or DECLINING on the
                              last day
    declines_ever             share labelled COOLING or DECLINING on at least one evaluated day
    stable_mislabel_rate      share of stable element-days labelled anything but STEADY
    peaking_while_growing     element-days labelled PEAKING while the planted growth that day
                              was at least `fast_growth` (25 % a day)
    rising_found_at_end       share of planted rising elements labelled EMERGING or RISING on
                              the last day
    plateau_peaking_at_end    share of planted peaking elements, four days or more on their
                              plateau, labelled PEAKING or COOLING on the last day

Public API:
    measure_labels(worlds, *, days, window_days, params) -> LabelQuality
    LabelQuality
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from feeds.synthetic import LabelWorld, PlantedShape, Shape
from feeds.trends import TrendParams, TrendState, rank_trending

FAST_GROWTH = math.log(1.25)  # 25 % a day
_DOWN = {TrendState.COOLING, TrendState.DECLINING}
_UP = {TrendState.EMERGING, TrendState.RISING}


@dataclass(frozen=True)
class LabelQuality:
    declines: int
    declines_cooling_at_end: float
    declines_ever: float
    stable_days: int
    stable_mislabelled: int
    peaking_while_growing: int
    fast_growth_days: int
    rising_found_at_end: float
    plateau_peaking_at_end: float
    end_states: dict[str, Counter[str]] = field(default_factory=dict)  # shape -> states
    stable_states: Counter[str] = field(default_factory=Counter)  # every stable element-day

    @property
    def stable_mislabel_rate(self) -> float:
        return self.stable_mislabelled / self.stable_days if self.stable_days else 0.0

    def figures(self) -> dict[str, float | int]:
        return {
            "declines": self.declines,
            "declines_cooling_at_end": round(self.declines_cooling_at_end, 3),
            "declines_ever": round(self.declines_ever, 3),
            "stable_element_days": self.stable_days,
            "stable_mislabelled": self.stable_mislabelled,
            "stable_mislabel_rate": round(self.stable_mislabel_rate, 4),
            "peaking_while_growing": self.peaking_while_growing,
            "fast_growth_days": self.fast_growth_days,
            "rising_found_at_end": round(self.rising_found_at_end, 3),
            "plateau_peaking_at_end": round(self.plateau_peaking_at_end, 3),
        }


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def measure_labels(
    worlds: Sequence[LabelWorld],
    *,
    days: int = 14,
    window_days: int = 7,
    params: TrendParams | None = None,
    fast_growth: float = FAST_GROWTH,
) -> LabelQuality:
    declines = declines_at_end = declines_ever = 0
    stable_days = stable_wrong = 0
    peaking_fast = fast_days = 0
    rising = rising_found = plateaued = plateau_peaking = 0
    end_states: dict[str, Counter[str]] = {}
    stable_states: Counter[str] = Counter()
    for world in worlds:
        ever_down: set[str] = set()
        for back in range(days - 1, -1, -1):
            as_of = world.end - timedelta(days=back)
            rows = rank_trending(
                world.frame,
                market=world.market,
                window_days=window_days,
                as_of=as_of,
                params=params,
            )
            states = {row.element_id: row.state for row in rows}
            for planted in world.planted:
                state = states.get(planted.element_id, TrendState.STEADY)
                if planted.shape is Shape.STABLE:
                    stable_days += 1
                    stable_wrong += state is not TrendState.STEADY
                    stable_states[state.value] += 1
                if planted.growth_on(world.start, as_of) >= fast_growth:
                    fast_days += 1
                    peaking_fast += state is TrendState.PEAKING
                if planted.shape is Shape.DECLINING and state in _DOWN:
                    ever_down.add(planted.element_id)
                if back == 0:
                    end_states.setdefault(planted.shape.value, Counter())[state.value] += 1
                    if planted.shape is Shape.DECLINING:
                        declines += 1
                        declines_at_end += state in _DOWN
                    elif planted.shape is Shape.RISING:
                        rising += 1
                        rising_found += state in _UP
                    elif planted.shape is Shape.PEAKING and _plateau_days(planted) >= 4:
                        plateaued += 1
                        plateau_peaking += state in {TrendState.PEAKING, TrendState.COOLING}
        declines_ever += len(ever_down)
    return LabelQuality(
        declines=declines,
        declines_cooling_at_end=_share(declines_at_end, declines),
        declines_ever=_share(declines_ever, declines),
        stable_days=stable_days,
        stable_mislabelled=stable_wrong,
        peaking_while_growing=peaking_fast,
        fast_growth_days=fast_days,
        rising_found_at_end=_share(rising_found, rising),
        plateau_peaking_at_end=_share(plateau_peaking, plateaued),
        end_states=end_states,
        stable_states=stable_states,
    )


def _plateau_days(planted: PlantedShape) -> int:
    """Days the planted multiplier has been flat at its maximum, up to the world's end."""
    top = max(planted.multiplier)
    flat = 0
    for value in reversed(planted.multiplier):
        if value < top - 1e-9:
            break
        flat += 1
    return flat
