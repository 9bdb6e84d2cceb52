from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.affinity import (
    AffinityParams,
    AffinityState,
    EngagementEvent,
    EngagementKind,
    update_affinity,
)

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def event(kind: EngagementKind, *elements: str, days: float = 0.0) -> EngagementEvent:
    return EngagementEvent(tuple(elements), kind, T0 + timedelta(days=days))


def test_likes_and_saves_add_with_saturation() -> None:
    state = update_affinity(AffinityState(), [event(EngagementKind.LIKE, "style/y2k")])
    assert state.weights == {"style/y2k": pytest.approx(0.15)}
    assert state.updated_at == T0
    saved = update_affinity(AffinityState(), [event(EngagementKind.SAVE, "style/y2k")])
    assert saved.weights["style/y2k"] > state.weights["style/y2k"]
    many = update_affinity(AffinityState(), [event(EngagementKind.LIKE, "style/y2k")] * 50)
    assert 0.99 < many.weights["style/y2k"] < 1.0


def test_weights_decay_with_the_half_life() -> None:
    params = AffinityParams(half_life_days=10)
    first = update_affinity(AffinityState(), [event(EngagementKind.SAVE, "style/boho")], params)
    later = update_affinity(first, [event(EngagementKind.LIKE, "style/y2k", days=10)], params)
    assert later.weights["style/boho"] == pytest.approx(first.weights["style/boho"] / 2)
    assert later.updated_at == T0 + timedelta(days=10)


def test_hide_pushes_towards_zero_and_small_weights_are_dropped() -> None:
    state = update_affinity(AffinityState(), [event(EngagementKind.LIKE, "style/goth")])
    once = update_affinity(state, [event(EngagementKind.HIDE, "style/goth")])
    assert once.weights["style/goth"] == pytest.approx(0.075)
    hidden = update_affinity(state, [event(EngagementKind.HIDE, "style/goth")] * 4)
    assert "style/goth" not in hidden.weights  # 0.15 * 0.5^4 is under the 0.01 floor


def test_events_are_applied_in_time_order_and_never_decay_backwards() -> None:
    events = [
        event(EngagementKind.LIKE, "a", days=5),
        event(EngagementKind.LIKE, "b", days=0),
    ]
    state = update_affinity(AffinityState(), events)
    assert state.weights["b"] < state.weights["a"]
    stale = update_affinity(state, [event(EngagementKind.LIKE, "c", days=1)])
    assert stale.updated_at == state.updated_at
    assert stale.weights["a"] == pytest.approx(state.weights["a"])


def test_profile_size_is_capped() -> None:
    params = AffinityParams(max_elements=3)
    events = [event(EngagementKind.LIKE, f"e{i}", days=i / 100) for i in range(10)]
    state = update_affinity(AffinityState(), events, params)
    assert len(state.weights) == 3
    assert set(state.weights) == {"e9", "e8", "e7"}  # the freshest, so the strongest


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(EngagementKind)),
            st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3),
            st.floats(0, 60),
        ),
        max_size=30,
    )
)
def test_weights_stay_within_zero_and_one(
    entries: list[tuple[EngagementKind, list[str], float]],
) -> None:
    state = update_affinity(
        AffinityState(), [event(kind, *elements, days=days) for kind, elements, days in entries]
    )
    assert all(0.0 < weight <= 1.0 for weight in state.weights.values())


def test_bad_params() -> None:
    with pytest.raises(ValueError):
        AffinityParams(half_life_days=0)
    with pytest.raises(ValueError):
        AffinityParams(steps={EngagementKind.LIKE: 2.0})
