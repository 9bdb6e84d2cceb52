from __future__ import annotations

import statistics
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.synthetic import SyntheticConfig, SyntheticStream, generate_stream
from feeds.trends import TrendParams, TrendRow, TrendState, element_history, rank_trending

# A smaller world than the benchmark's (80 elements instead of 150) with the same volume per
# element, so the detector sees realistic counts while each ranking stays fast.
FAST = SyntheticConfig(days=100, n_elements=80, occurrences_per_day=3000.0, n_authors=30_000)
UP = {TrendState.EMERGING, TrendState.RISING}
DETECTION_DAYS = 5


@pytest.fixture(scope="module")
def stream() -> SyntheticStream:
    return generate_stream(FAST, seed=0)


def row_of(rows: list[TrendRow], element_id: str) -> TrendRow:
    return next(row for row in rows if row.element_id == element_id)


def days_to_top10(stream: SyntheticStream, element_id: str, market: str | None, onset: date) -> int:
    for k in range(0, 10):
        top = rank_trending(stream.frame, market=market, as_of=onset + timedelta(days=k), limit=10)
        if any(row.element_id == element_id for row in top):
            return k
    return 99


def test_planted_emerging_elements_reach_the_top_10_within_days(stream: SyntheticStream) -> None:
    for trend in stream.truth.emerging:
        days = days_to_top10(stream, trend.element_id, trend.market, trend.onset)
        assert days <= DETECTION_DAYS, (trend, days)


def test_planted_elements_outrank_the_background_a_week_in(stream: SyntheticStream) -> None:
    truth = stream.truth
    background = set(truth.background_ids)
    false_alarms = 0
    for trend in truth.emerging:
        rows = rank_trending(stream.frame, market=trend.market, as_of=trend.onset + timedelta(7))
        planted = row_of(rows, trend.element_id)
        assert planted.state in UP
        assert planted.growth_pct > 100
        above = [row.element_id for row in rows[: planted.rank] if row.element_id in background]
        assert above == []
        false_alarms += sum(1 for r in rows if r.element_id in background and r.state in UP)
    # At a 3-sigma threshold, noise is almost never called a trend.
    assert false_alarms <= 1


def test_labels_follow_the_life_of_a_planted_trend(stream: SyntheticStream) -> None:
    peaking = 0
    for trend in stream.truth.emerging:
        early = rank_trending(stream.frame, market=trend.market, as_of=trend.onset + timedelta(5))
        assert row_of(early, trend.element_id).state is TrendState.EMERGING
        later = rank_trending(stream.frame, market=trend.market, as_of=trend.onset + timedelta(14))
        row = row_of(later, trend.element_id)
        assert row.state in {TrendState.PEAKING, TrendState.EMERGING, TrendState.RISING}
        peaking += row.state is TrendState.PEAKING
        assert row.momentum < row_of(early, trend.element_id).momentum
    assert peaking >= len(stream.truth.emerging) - 1


def test_planted_declines_are_labelled_declining(stream: SyntheticStream) -> None:
    assert stream.truth.declining
    for trend in stream.truth.declining:
        rows = rank_trending(stream.frame, as_of=trend.onset + timedelta(days=10))
        row = row_of(rows, trend.element_id)
        assert row.state is TrendState.DECLINING
        assert row.growth_pct < -25 and row.significance < -2.5
        assert row.score < 0 and row.rank > len(rows) - 10


def test_a_spammer_cannot_make_a_trend(stream: SyntheticStream) -> None:
    spammer = stream.truth.spammer
    assert spammer is not None
    clean = stream.frame.filter(pl.col("author_id") != spammer.author_id)
    uncapped = TrendParams(author_cap=1e9)
    for days_in in (3, 7, 14):
        as_of = spammer.start + timedelta(days=days_in)
        rows = rank_trending(stream.frame, market=spammer.market, as_of=as_of)
        without = rank_trending(clean, market=spammer.market, as_of=as_of)
        spam_row = row_of(rows, spammer.element_id)
        clean_row = row_of(without, spammer.element_id)
        assert spam_row.posts > 3 * clean_row.posts  # the spam is there...
        assert spam_row.rank > 10 and spam_row.state not in UP  # ...and changes nothing
        assert abs(spam_row.score - clean_row.score) < 0.1
        # Counting posts instead of capped authors, the same data would crown it.
        naive = rank_trending(stream.frame, market=spammer.market, as_of=as_of, params=uncapped)
        assert row_of(naive, spammer.element_id).rank <= 3


def test_engagement_and_conversion_lift(stream: SyntheticStream) -> None:
    trend = stream.truth.emerging[0]
    rows = rank_trending(stream.frame, market=trend.market, as_of=trend.onset + timedelta(10))
    planted = row_of(rows, trend.element_id)
    assert planted.engagement_lift > 1.2 and planted.conversion_lift > 1.3
    background = [r for r in rows if r.element_id in set(stream.truth.background_ids)]
    assert 0.85 < statistics.median(r.engagement_lift for r in background) < 1.15
    assert 0.85 < statistics.median(r.conversion_lift for r in background) < 1.15
    assert len(planted.example_post_ids) == 3


def test_sparkline_and_forecast_shapes(stream: SyntheticStream) -> None:
    as_of = stream.truth.end
    rows = rank_trending(stream.frame, as_of=as_of)
    for row in rows[:20]:
        assert len(row.sparkline) == 28 == len(row.sparkline_posts)
        assert row.sparkline_start == as_of - timedelta(days=27)
        assert sum(row.sparkline[-7:]) == pytest.approx(row.authors, abs=0.01)
        assert [point.day for point in row.forecast] == [
            as_of + timedelta(days=h) for h in range(1, 15)
        ]
        for point in row.forecast:
            assert 0.0 <= point.low <= point.expected <= point.high
        first, last = row.forecast[0], row.forecast[-1]
        assert (last.high - last.low) / max(last.expected, 1.0) >= (first.high - first.low) / max(
            first.expected, 1.0
        ) - 1e-9


def test_forecast_follows_a_steady_element(stream: SyntheticStream) -> None:
    as_of = stream.truth.end
    rows = rank_trending(stream.frame, as_of=as_of)
    steady = [r for r in rows if r.state is TrendState.STEADY and r.authors > 100][:5]
    assert steady
    for row in steady:
        recent = sum(row.sparkline[-14:]) / 14
        projected = sum(point.expected for point in row.forecast) / 14
        assert projected == pytest.approx(recent, rel=0.25)
        inside = sum(p.low <= recent <= p.high for p in row.forecast)
        assert inside >= 10


def test_market_and_kind_filters(stream: SyntheticStream) -> None:
    local = next(t for t in stream.truth.emerging if t.market is not None)
    as_of = local.onset + timedelta(days=7)
    there = rank_trending(stream.frame, market=local.market, as_of=as_of)
    assert row_of(there, local.element_id).rank <= 3
    elsewhere = next(m for m in stream.truth.markets if m != local.market)
    assert (
        row_of(rank_trending(stream.frame, market=elsewhere, as_of=as_of), local.element_id).state
        not in UP
    )
    kind = local.element_id.split("/")[0]
    of_kind = rank_trending(stream.frame, market=local.market, kind=kind, as_of=as_of)
    assert {row.kind for row in of_kind} == {kind}
    assert of_kind[0].element_id == local.element_id
    assert all(row.market == local.market for row in of_kind)


# ── handmade frames ──────────────────────────────────────────────────────


def frame_from(records: list[tuple[str, str, date, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        records,
        schema={
            "element_id": pl.String,
            "market": pl.String,
            "day": pl.Date,
            "author_id": pl.Int64,
            "post_id": pl.Int64,
        },
        orient="row",
    )


AS_OF = date(2026, 3, 1)  # a Sunday


def weekly_counts(element_id: str, per_week: list[int], first_author: int) -> list[tuple]:
    """`per_week[i]` distinct authors in week i (the last entry is the window ending AS_OF),
    spread over the days of the week."""
    records = []
    author = first_author
    weeks = len(per_week)
    for week, count in enumerate(per_week):
        start = AS_OF - timedelta(days=7 * (weeks - week) - 1)
        for i in range(count):
            records.append((element_id, "US", start + timedelta(days=i % 7), author, author))
            author += 1
    return records


def filler(elements: int, per_week: int = 30) -> list[tuple]:
    records: list[tuple] = []
    for e in range(elements):
        records += weekly_counts(f"item/filler-{e}", [per_week] * 9, 1_000_000 + e * 10_000)
    return records


def test_low_counts_are_shrunk() -> None:
    records = filler(20)
    records += weekly_counts("pattern/tiny", [1, 1, 1, 1, 1, 1, 1, 1, 4], 1)
    records += weekly_counts("pattern/solid", [50, 50, 50, 50, 50, 50, 50, 50, 120], 100)
    rows = rank_trending(frame_from(records), as_of=AS_OF)
    tiny, solid = row_of(rows, "pattern/tiny"), row_of(rows, "pattern/solid")
    assert tiny.raw_growth_pct == pytest.approx(300, rel=0.2)
    assert tiny.growth_pct < 50
    # A step up that then holds flat through the window: up on its baseline, no longer climbing.
    assert solid.growth_pct > 100 and solid.state in {TrendState.EMERGING, TrendState.PEAKING}
    assert solid.rank == 1 and tiny.rank > solid.rank
    assert solid.significance > 5 > tiny.significance


def test_weekly_seasonality_is_not_a_trend() -> None:
    shape = [1.0, 1.0, 1.0, 1.0, 1.5, 3.0, 3.0]  # Monday..Sunday, busy weekends
    records = []
    author = 0
    for e in range(30):
        for d in range(70):
            day = AS_OF - timedelta(days=d)
            for _ in range(round((4 + e) * shape[day.weekday()])):
                records.append((f"style/s{e}", "US", day, author, author))
                author += 1
    frame = frame_from(records)
    rows = rank_trending(frame, as_of=AS_OF, window_days=3)  # Friday to Sunday
    assert all(row.state is TrendState.STEADY for row in rows)
    assert all(abs(row.growth_pct) < 10 for row in rows)
    # Counted naively, the weekend window looks like strong growth.
    busiest = rows[0]
    assert sum(busiest.sparkline_posts[-3:]) / 3 > 1.5 * sum(busiest.sparkline_posts) / 28


def test_no_baseline_means_no_growth_claim() -> None:
    records = weekly_counts("style/new", [10], 1) + weekly_counts("style/other", [5], 500)
    rows = rank_trending(frame_from(records), as_of=AS_OF)
    assert all(row.state is TrendState.STEADY and row.growth_pct == 0 for row in rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["style/a", "style/b", "colour/c"]),
            st.integers(0, 13),
            st.integers(0, 6),
        ),
        min_size=1,
        max_size=80,
    )
)
def test_window_counts_equal_distinct_authors(entries: list[tuple[str, int, int]]) -> None:
    records = [
        (element_id, "US", AS_OF - timedelta(days=day), author, index)
        for index, (element_id, day, author) in enumerate(entries)
    ]
    frame = frame_from(records)
    rows = rank_trending(frame, as_of=AS_OF)
    window = frame.filter(pl.col("day") > AS_OF - timedelta(days=7))
    for row in rows:
        mine = window.filter(pl.col("element_id") == row.element_id)
        assert row.posts == mine.height
        assert row.distinct_authors == mine["author_id"].n_unique()
        # With the default cap an author counts once per window, however often they post.
        assert row.authors == pytest.approx(row.distinct_authors)


def test_bad_input_is_rejected() -> None:
    good = frame_from(weekly_counts("style/a", [3, 3], 1))
    with pytest.raises(ValueError, match="lacks column"):
        rank_trending(good.drop("author_id"))
    with pytest.raises(ValueError, match="Date type"):
        rank_trending(good.with_columns(pl.col("day").cast(pl.String)))
    with pytest.raises(ValueError, match="window_days"):
        rank_trending(good, window_days=0)
    with pytest.raises(ValueError, match="taxonomy versions"):
        rank_trending(
            good.with_columns(pl.Series("taxonomy_version", ["tx-a", "tx-b"] * (good.height // 2)))
        )
    with pytest.raises(ValueError):
        rank_trending(good, kind="shoes")
    assert rank_trending(good.head(0)) == []
    assert rank_trending(good, as_of=AS_OF - timedelta(days=400)) == []


def test_element_history(stream: SyntheticStream) -> None:
    element_id = stream.truth.element_ids[0]
    history = element_history(stream.frame, element_id, market="US")
    assert history.columns == ["day", "posts", "authors", "engagement", "orders"]
    assert history["day"].is_sorted()
    assert (history["authors"] <= history["posts"]).all()
    expected = stream.frame.filter(
        (pl.col("element_id") == element_id) & (pl.col("market") == "US")
    ).height
    assert history["posts"].sum() == expected


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_detection_holds_across_seeds_at_full_size(seed: int) -> None:
    stream = generate_stream(SyntheticConfig(days=120), seed=seed)
    days = [days_to_top10(stream, t.element_id, t.market, t.onset) for t in stream.truth.emerging]
    assert max(days) <= 7 and sum(day <= 5 for day in days) >= 0.75 * len(days), days
    spammer = stream.truth.spammer
    assert spammer is not None
    clean = stream.frame.filter(pl.col("author_id") != spammer.author_id)
    for days_in in (4, 10):
        as_of = spammer.start + timedelta(days=days_in)
        with_spam = row_of(
            rank_trending(stream.frame, market=spammer.market, as_of=as_of), spammer.element_id
        )
        without = row_of(
            rank_trending(clean, market=spammer.market, as_of=as_of), spammer.element_id
        )
        assert with_spam.state not in UP or without.state in UP
        assert with_spam.rank > 10 or without.rank <= 10
        assert abs(with_spam.score - without.score) < 0.1
    for trend in stream.truth.declining:
        rows = rank_trending(stream.frame, as_of=trend.onset + timedelta(days=10))
        assert row_of(rows, trend.element_id).state is TrendState.DECLINING
