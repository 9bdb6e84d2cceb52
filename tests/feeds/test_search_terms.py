"""The pure rules of search terms: folding, tokens, CJK suffixes, prefix matching, and the
TOP order of looks."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from feeds.looks import Scored, rank_top
from feeds.search.terms import (
    TOP,
    fold,
    hashtag_tokens,
    index_tokens,
    matches,
    prefix_range,
    probe,
    query_tokens,
)


def test_folding_drops_case_accents_and_width() -> None:
    assert fold("Zoé") == fold("ZOE") == fold("zoe") == "zoe"
    assert fold("\uff21\uff4e\uff41") == "ana"  # full-width letters
    assert fold("Straße") == "strasse"


def test_chinese_runs_are_found_by_prefix_and_by_any_inner_start() -> None:
    tokens = index_tokens("碎花连衣裙 Floral")
    assert {"碎花连衣裙", "连衣裙", "衣裙", "裙", "floral"} <= tokens
    assert matches(query_tokens("碎花"), tokens)
    assert matches(query_tokens("连衣"), tokens)
    assert not matches(query_tokens("长裙"), tokens)


def test_mixed_scripts_split_into_their_runs() -> None:
    assert query_tokens("碎花dress") == ["碎花", "dress"]


def test_every_query_token_must_match() -> None:
    tokens = index_tokens("Zoé Martin", "zoe.m")
    assert matches(query_tokens("zo mar"), tokens)
    assert not matches(query_tokens("zo stone"), tokens)


def test_hashtags_match_whole_and_by_word() -> None:
    tokens = hashtag_tokens("#ootd_2026")
    assert "ootd_2026" in tokens and "ootd" in tokens and "2026" in tokens


def test_the_probe_is_the_longest_token() -> None:
    assert probe(["zo", "martin"]) == "martin"


@given(st.text(min_size=1, max_size=20))
def test_a_token_is_inside_its_own_prefix_range(text: str) -> None:
    for token in index_tokens(text):
        for cut in range(1, len(token) + 1):
            bounds = prefix_range(token[:cut])
            assert bounds["$gte"] <= token < bounds["$lt"]
    assert TOP == "\U0010ffff"


def test_top_looks_are_the_most_engaged_then_the_newest() -> None:
    at = [datetime(2026, 5, day, tzinfo=UTC) for day in (1, 2, 3)]
    looks = [Scored("a", 3, at[0]), Scored("b", 3, at[2]), Scored("c", 9, at[1])]
    assert rank_top(looks) == ["c", "b", "a"]
