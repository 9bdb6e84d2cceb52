from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.extract import PostContent, extract_elements
from feeds.synthetic import (
    SyntheticConfig,
    caption_for,
    generate_stream,
    posts_from_occurrences,
)
from feeds.taxonomy import default_taxonomy

SMALL = SyntheticConfig(days=70, n_elements=60, occurrences_per_day=1500.0, n_authors=12_000)


def test_same_seed_same_stream_other_seed_other_stream() -> None:
    first = generate_stream(SMALL, seed=4)
    again = generate_stream(SMALL, seed=4)
    other = generate_stream(SMALL, seed=5)
    assert first.frame.equals(again.frame)
    assert first.truth == again.truth
    assert not first.frame.equals(other.frame)


def test_frame_has_the_columns_the_detector_reads() -> None:
    stream = generate_stream(SMALL, seed=1)
    frame = stream.frame
    assert frame.schema == {
        "element_id": pl.String,
        "market": pl.String,
        "day": pl.Date,
        "post_id": pl.Int64,
        "author_id": pl.Int64,
        "engagement": pl.Int64,
        "orders": pl.Int64,
    }
    assert frame["day"].min() == stream.truth.start
    assert frame["day"].max() == stream.truth.end == SMALL.end
    assert set(frame["market"].unique()) == set(SMALL.markets)
    assert set(frame["element_id"].unique()) <= set(default_taxonomy().ids)
    assert frame.select("post_id", "element_id").is_duplicated().sum() == 0
    assert 0.8 * 70 * 1500 < frame.height < 1.2 * 70 * 1500


def test_ground_truth_is_consistent() -> None:
    stream = generate_stream(SMALL, seed=2)
    truth = stream.truth
    assert len(truth.emerging) == SMALL.n_emerging
    assert truth.declining
    assert set(truth.element_ids) == set(stream.frame["element_id"].unique())
    planted = truth.planted_ids
    assert planted.isdisjoint(truth.background_ids)
    assert truth.spammer is not None and truth.spammer.element_id not in planted
    for trend in (*truth.emerging, *truth.declining):
        assert truth.start < trend.onset <= truth.end - timedelta(days=12)
        assert trend.market is None or trend.market in truth.markets
    spam = stream.frame.filter(pl.col("author_id") == truth.spammer.author_id)
    assert spam.height == truth.spammer.posts
    assert set(spam["element_id"].unique()) == {truth.spammer.element_id}
    assert spam["day"].min() == truth.spammer.start
    per_day = spam.group_by("day").len()["len"]
    assert per_day.min() >= SMALL.spam_posts_per_day[0]


def test_popularity_is_long_tailed_and_weekends_are_busier() -> None:
    frame = generate_stream(SMALL, seed=3).frame
    counts = frame.group_by("element_id").len()["len"].sort(descending=True)
    assert counts[0] > 10 * counts[len(counts) // 2]
    by_weekday = frame.group_by(pl.col("day").dt.weekday()).len().sort("day")["len"].to_list()
    assert min(by_weekday[5:]) > max(by_weekday[:3])  # Sat, Sun above Mon-Wed


def test_planted_trends_move_their_counts() -> None:
    stream = generate_stream(SMALL, seed=6)
    for trend in stream.truth.emerging:
        rows = stream.frame.filter(pl.col("element_id") == trend.element_id)
        if trend.market is not None:
            rows = rows.filter(pl.col("market") == trend.market)
        before = (
            rows.filter(pl.col("day") < trend.onset).height
            / (trend.onset - stream.truth.start).days
        )
        after = rows.filter(pl.col("day") > trend.onset + timedelta(days=10)).height / max(
            1, (stream.truth.end - trend.onset).days - 10
        )
        assert after > 3 * before


def test_posts_view_groups_elements() -> None:
    stream = generate_stream(SMALL, seed=1)
    posts = posts_from_occurrences(stream.frame)
    assert posts.height == stream.frame["post_id"].n_unique()
    assert posts["element_ids"].list.len().min() >= 1
    mean_elements = posts["element_ids"].list.len().mean()
    assert isinstance(mean_elements, float) and 1.5 < mean_elements < 3.5


def test_bad_config() -> None:
    with pytest.raises(ValueError, match="same length"):
        generate_stream(SyntheticConfig(markets=("US",), market_weights=(0.5, 0.5)))
    with pytest.raises(ValueError, match="too few elements"):
        generate_stream(SyntheticConfig(n_elements=5, days=30))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(default_taxonomy().ids), min_size=1, max_size=5, unique=True),
    st.integers(0, 2**32 - 1),
)
def test_demo_captions_read_back_as_their_elements(element_ids: list[str], seed: int) -> None:
    caption, hashtags = caption_for(element_ids, np.random.default_rng(seed))
    found = extract_elements(PostContent(caption=caption, hashtags=hashtags)).element_ids()
    assert set(element_ids) <= set(found), (caption, hashtags)


def test_every_synonym_reads_back_alone() -> None:
    taxonomy = default_taxonomy()
    misses = []
    for element in taxonomy:
        texts = [*element.synonyms_en, *element.synonyms_zh]
        for text in texts:
            if element.id not in extract_elements(PostContent(caption=text)).element_ids():
                misses.append((element.id, text))
        for tag in element.hashtags:
            if element.id not in extract_elements(PostContent(hashtags=[tag])).element_ids():
                misses.append((element.id, tag))
    assert misses == []
