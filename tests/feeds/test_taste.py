"""The taste profile: what each signal teaches, how it fades, how big it may grow, and what the
ranking does with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.ranking import Candidate, CandidateSource, RankingParams, ShopperProfile, rank_feed
from feeds.taste import (
    DEFAULT_STEPS,
    Signal,
    Taste,
    TasteEvent,
    TasteParams,
    faded,
    learn,
    strongest,
)

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def event(
    kind: Signal,
    *elements: str,
    author: str | None = None,
    products: tuple[str, ...] = (),
    days: float = 0.0,
) -> TasteEvent:
    return TasteEvent(kind, T0 + timedelta(days=days), tuple(elements), author, products)


@pytest.mark.parametrize("kind", list(Signal))
def test_each_signal_moves_elements_authors_and_products_by_its_own_step(kind: Signal) -> None:
    params = TasteParams(author_share=0.5, product_share=0.8)
    taste = learn(Taste(), [event(kind, "style/y2k", author="ana", products=("p1",))], params)
    step = DEFAULT_STEPS[kind]
    if step > 0:
        assert taste.elements == {"style/y2k": pytest.approx(step)}
        assert taste.authors == {"ana": pytest.approx(step * 0.5)}
        assert taste.products == {"p1": pytest.approx(step * 0.8)}
    else:
        assert taste.elements == taste.authors == taste.products == {}
    assert taste.updated_at == T0


def test_signals_weigh_what_they_say_about_the_shopper() -> None:
    def weight(kind: Signal) -> float:
        return learn(Taste(), [event(kind, "style/boho")]).elements.get("style/boho", 0.0)

    order = [Signal.VIEW, Signal.LIKE, Signal.COMMENT, Signal.SAVE, Signal.PURCHASE]
    weights = [weight(kind) for kind in order]
    assert weights == sorted(weights) and len(set(weights)) == len(weights)
    assert weight(Signal.CLICK) > weight(Signal.LIKE)


def test_repeated_signals_saturate_below_one() -> None:
    taste = learn(Taste(), [event(Signal.PURCHASE, "style/y2k", author="ana")] * 40)
    assert 0.99 < taste.elements["style/y2k"] < 1.0
    assert 0.9 < taste.authors["ana"] < 1.0


def test_weights_fade_with_the_half_life() -> None:
    params = TasteParams(half_life_days=10)
    first = learn(Taste(), [event(Signal.SAVE, "style/boho", author="ana")], params)
    later = learn(first, [event(Signal.LIKE, "style/y2k", days=10)], params)
    assert later.elements["style/boho"] == pytest.approx(first.elements["style/boho"] / 2)
    assert later.authors["ana"] == pytest.approx(first.authors["ana"] / 2)
    assert later.updated_at == T0 + timedelta(days=10)
    now = faded(later, T0 + timedelta(days=20), params)
    assert now.elements["style/y2k"] == pytest.approx(later.elements["style/y2k"] / 2)
    assert faded(later, T0, params) == later  # never faded backwards


def test_a_signal_learned_late_counts_as_if_it_had_faded_since() -> None:
    params = TasteParams(half_life_days=10)
    liked = learn(Taste(), [event(Signal.LIKE, "style/y2k", days=10)], params)
    late = learn(liked, [event(Signal.PURCHASE, "style/boho", days=0)], params)
    assert late.updated_at == T0 + timedelta(days=10)
    assert late.elements["style/boho"] == pytest.approx(DEFAULT_STEPS[Signal.PURCHASE] / 2)
    assert late.elements["style/y2k"] == liked.elements["style/y2k"]


def test_a_hide_shrinks_the_weights() -> None:
    liked = learn(Taste(), [event(Signal.SAVE, "style/y2k", author="ana")])
    hidden = learn(liked, [event(Signal.HIDE, "style/y2k", author="ana")])
    assert hidden.elements["style/y2k"] == pytest.approx(liked.elements["style/y2k"] * 0.5)
    assert hidden.authors["ana"] == pytest.approx(liked.authors["ana"] * 0.75)


def test_the_profile_keeps_only_its_strongest_entries() -> None:
    params = TasteParams(max_elements=3, max_authors=2, max_products=1, floor=0.05)
    events = [
        event(Signal.LIKE, f"e{i}", author=f"a{i}", products=(f"p{i}",), days=i) for i in range(6)
    ]
    taste = learn(Taste(), events, params)
    # The newest are the strongest: the oldest have faded most.
    assert list(taste.elements) == ["e5", "e4", "e3"]
    assert list(taste.authors) == ["a5", "a4"]
    assert list(taste.products) == ["p5"]
    faint = learn(Taste(), [event(Signal.VIEW, "e0")], params)
    assert faint.elements == {}  # 0.03 is under the floor


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Signal)),
            st.lists(st.sampled_from([f"e{i}" for i in range(30)]), max_size=4),
            st.sampled_from([f"a{i}" for i in range(30)]),
            st.floats(min_value=0, max_value=60),
        ),
        max_size=80,
    )
)
def test_weights_stay_within_bounds(raw: list[tuple[Signal, list[str], str, float]]) -> None:
    params = TasteParams(max_elements=10, max_authors=5, max_products=5)
    events = [
        TasteEvent(kind, T0 + timedelta(days=days), tuple(elements), author, (author,))
        for kind, elements, author, days in raw
    ]
    taste = learn(Taste(), events, params)
    for weights, limit in (
        (taste.elements, 10),
        (taste.authors, 5),
        (taste.products, 5),
    ):
        assert len(weights) <= limit
        assert all(params.floor <= w <= 1.0 for w in weights.values())


def test_strongest_ranks_positive_weights() -> None:
    assert strongest({"a": 0.2, "b": 0.9, "c": 0.2, "d": 0.0}, 2) == ["b", "a"]
    assert strongest({}, 3) == []


def test_invalid_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        TasteParams(half_life_days=0)
    with pytest.raises(ValueError):
        TasteParams(steps={Signal.LIKE: 1.5})
    with pytest.raises(ValueError):
        TasteParams(author_share=2.0)


# --- the ranking with a taste ----------------------------------------------------------------

NOW = T0 + timedelta(days=30)
STYLES = ("style/y2k", "style/boho", "style/preppy", "style/gorpcore", "style/coquette")


def pool(count_per_style: int = 12) -> list[Candidate]:
    """Equally good posts in five styles, by many authors, all seen enough not to be new."""
    posts = []
    for s, style in enumerate(STYLES):
        for i in range(count_per_style):
            posts.append(
                Candidate(
                    post_id=f"{style}-{i}",
                    author_id=f"author-{(s * count_per_style + i) % 17}",
                    element_ids=(style, "colour/black"),
                    created_at=NOW - timedelta(hours=5 + (i * 7 + s) % 11),
                    impressions=1000,
                    likes=30 + (i * 3 + s) % 5,
                    sources=frozenset({CandidateSource.FRESH}),
                    product_ids=(f"sku-{style}-{i}",),
                )
            )
    return posts


def profile_after(events: list[TasteEvent]) -> ShopperProfile:
    taste = faded(learn(Taste(), events), NOW)
    return ShopperProfile(affinity=taste.elements, authors=taste.authors, products=taste.products)


def primaries(ranked: list[str], candidates: list[Candidate]) -> list[str]:
    by_id = {c.post_id: c for c in candidates}
    return [by_id[post_id].element_ids[0] for post_id in ranked]


def test_a_shopper_who_keeps_liking_one_style_gets_more_of_it_and_diversity_holds() -> None:
    candidates = pool()
    params = RankingParams(explore_every=0)
    before = [r.post_id for r in rank_feed(candidates, ShopperProfile(), NOW, params=params)]
    likes = [event(Signal.LIKE, "style/y2k", "colour/black", days=d) for d in range(20, 30)]
    ranked = rank_feed(candidates, profile_after(likes), NOW, params=params)
    after = [r.post_id for r in ranked]
    top = primaries(after[:20], candidates)
    assert top.count("style/y2k") > primaries(before[:20], candidates).count("style/y2k")
    assert top.count("style/y2k") == 8  # as many as the rules allow: 2 in any 5
    for start in range(len(after) - 4):
        window = primaries(after[start : start + 5], candidates)
        assert max(window.count(style) for style in STYLES) <= 2 or start + 5 > 40
    authors = [r.author_id for r in ranked]
    assert all(a != b for a, b in pairwise(authors[:40]))


def test_a_favourite_author_and_a_bought_product_rise() -> None:
    candidates = pool()
    params = RankingParams(explore_every=0)
    plain = [r.post_id for r in rank_feed(candidates, ShopperProfile(), NOW, params=params)]
    by_id = {c.post_id: c for c in candidates}
    author = by_id[plain[-1]].author_id  # an author the plain feed shows last
    fan = profile_after([event(Signal.SAVE, author=author, days=d) for d in range(25, 30)])
    ranked = [r.post_id for r in rank_feed(candidates, fan, NOW, params=params)]

    def first_of(order: list[str]) -> int:
        return next(i for i, p in enumerate(order) if by_id[p].author_id == author)

    assert first_of(ranked) < first_of(plain)
    assert first_of(ranked) <= 1

    product = by_id[plain[-1]].product_ids[0]
    buyer = profile_after([event(Signal.PURCHASE, products=(product,), days=29)])
    bought = [r.post_id for r in rank_feed(candidates, buyer, NOW, params=params)]
    assert bought.index(plain[-1]) < len(bought) // 4 < plain.index(plain[-1])
