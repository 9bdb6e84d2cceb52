"""The offline feed measures on cases small enough to compute by hand."""

from __future__ import annotations

import math

import pytest

from feeds.taste_quality import ndcg_at, recall_at, split_last


def test_recall_counts_the_relevant_posts_within_k() -> None:
    ranked = ["a", "b", "c", "d", "e"]
    assert recall_at(ranked, {"b", "d"}, 3) == 0.5
    assert recall_at(ranked, {"b", "d"}, 4) == 1.0
    assert recall_at(ranked, {"x"}, 5) == 0.0
    assert recall_at(ranked, {"b", "x", "y", "z"}, 2) == 0.25


def test_ndcg_on_a_hand_computed_case() -> None:
    ranked = ["a", "b", "c", "d"]
    # Relevant b (rank 2) and d (rank 4). DCG@3 = 1/log2(3); the ideal puts both first:
    # 1/log2(2) + 1/log2(3).
    assert ndcg_at(ranked, {"b", "d"}, 3) == pytest.approx(0.630930 / 1.630930, abs=1e-6)
    # DCG@4 = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677.
    assert ndcg_at(ranked, {"b", "d"}, 4) == pytest.approx(1.061606 / 1.630930, abs=1e-6)
    assert ndcg_at(ranked, {"a"}, 4) == 1.0
    assert ndcg_at(ranked, {"a", "b"}, 4) == 1.0
    assert ndcg_at(ranked, {"x"}, 4) == 0.0
    # More relevant posts than k: the ideal fills all k places.
    many = {"c", "x", "y", "z"}
    assert ndcg_at(ranked, many, 2) == 0.0
    assert ndcg_at(ranked, many, 3) == pytest.approx(0.5 / (1 + 1 / math.log2(3) + 0.5))


def test_measures_need_a_relevant_post() -> None:
    with pytest.raises(ValueError):
        recall_at(["a"], set(), 1)
    with pytest.raises(ValueError):
        ndcg_at(["a"], set(), 1)


def test_split_last_holds_out_the_latest() -> None:
    assert split_last([1, 2, 3, 4, 5], 2) == ([1, 2, 3], [4, 5])
    with pytest.raises(ValueError):
        split_last([1, 2], 2)
    with pytest.raises(ValueError):
        split_last([1, 2], 0)
