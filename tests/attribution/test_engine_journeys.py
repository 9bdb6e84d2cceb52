"""Journeys: windows, bots, bursts, identities, the clock, and bad input."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import polars as pl
import pytest

from attribution.journeys import (
    MS_PER_MINUTE,
    Channel,
    build_journeys,
    burst_mask,
    clean_touchpoints,
    dense_codes,
    non_converting_paths,
    parse_channel,
)
from tests.attribution.test_engine_data import DAY, T0, identity, orders, touches


def journey_touch_ids(journeys_frame: pl.DataFrame, conversion_id: str) -> list[int]:
    return journeys_frame.filter(pl.col("conversion_id") == conversion_id)["touch_id"].to_list()


def test_window_is_inclusive_at_its_start_and_strictly_before_the_order() -> None:
    order_ts = T0 + 10 * DAY
    tp = touches(
        {"ts": order_ts - 7 * DAY - 1, "customer_id": "c1"},  # one ms too old
        {"ts": order_ts - 7 * DAY, "customer_id": "c1"},  # exactly at the window's start
        {"ts": order_ts - 1, "customer_id": "c1"},
        {"ts": order_ts, "customer_id": "c1"},  # same instant as the order
        {"ts": order_ts + 1, "customer_id": "c1"},  # after the order
    )
    journeys = build_journeys(tp, orders({"ts": order_ts}), window_days=7)
    assert journey_touch_ids(journeys.converting, "o0") == [1, 2]
    assert journeys.converting["position"].to_list() == [0, 1]
    assert journeys.converting["length"].to_list() == [2, 2]


def test_journey_is_ordered_by_time_then_touch_id() -> None:
    tp = touches(
        {"touch_id": 30, "ts": T0 + 2 * DAY, "customer_id": "c1"},
        {"touch_id": 20, "ts": T0 + DAY, "customer_id": "c1"},
        {"touch_id": 10, "ts": T0 + DAY, "customer_id": "c1"},
    )
    journeys = build_journeys(tp, orders({"ts": T0 + 3 * DAY}))
    assert journey_touch_ids(journeys.converting, "o0") == [10, 20, 30]


def test_bots_never_enter_a_journey() -> None:
    tp = touches(
        {"ts": T0, "customer_id": "c1", "is_bot": True},
        {"ts": T0 + 1_000, "customer_id": "c1"},
    )
    journeys = build_journeys(tp, orders({"ts": T0 + DAY}))
    assert journey_touch_ids(journeys.converting, "o0") == [1]


def test_a_burst_is_dropped_whole_and_other_visitors_are_untouched() -> None:
    burst = [{"ts": T0 + i * 10_000, "visitor_id": "v1", "customer_id": "c1"} for i in range(4)]
    calm = [{"ts": T0 + i * 10_000, "visitor_id": "v2", "customer_id": "c1"} for i in range(3)]
    clean = clean_touchpoints(touches(*burst, *calm), max_clicks_per_minute=3)
    # Four clicks of v1 within 30 s exceed 3 a minute: all four go. v2's three stay.
    assert sorted(clean["touch_id"].to_list()) == [4, 5, 6]
    kept_all = clean_touchpoints(touches(*burst, *calm), max_clicks_per_minute=None)
    assert kept_all.height == 7


def test_burst_window_is_sixty_seconds_half_open() -> None:
    ts = np.array([0, 30_000, MS_PER_MINUTE - 1, 10 * MS_PER_MINUTE, 11 * MS_PER_MINUTE])
    same_visitor = np.zeros(5, dtype=np.int64)
    # Three clicks inside [0, 60 s): more than 2 a minute.
    assert burst_mask(same_visitor, ts, 2).tolist() == [True, True, True, False, False]
    spaced = np.array([0, 30_000, MS_PER_MINUTE])  # the third falls just outside
    assert not burst_mask(np.zeros(3, dtype=np.int64), spaced, 2).any()
    # The same times spread over three visitors never burst.
    assert not burst_mask(np.arange(5), ts, 1).any()


def _check_codes(values: list[str | None], codes: np.ndarray, order: np.ndarray) -> None:
    for i, j in itertools.combinations(range(len(values)), 2):
        assert (codes[i] == codes[j]) == (values[i] == values[j])
    assert sorted(set(codes.tolist())) == list(range(len(set(values))))
    grouped = codes[order].tolist()
    runs = [code for code, _ in itertools.groupby(grouped)]
    assert len(runs) == len(set(runs))  # each value's rows form one run
    for code in set(grouped):
        rows = [int(r) for r in order if codes[r] == code]
        assert rows == sorted(rows)  # stable: original order kept within a run


def test_dense_codes_group_equal_values_even_when_hashes_collide() -> None:
    values = ["b", "a", "b", None, "c", "a", None, "b"]
    series = pl.Series(values, dtype=pl.String)
    _check_codes(values, *dense_codes(series))
    # Every value forced onto one hash: the check catches it and falls back to exact ranks.
    _check_codes(values, *dense_codes(series, hashed=np.zeros(len(values), dtype=np.int64)))
    # A partial collision ("a" and "c" share a hash).
    partial = np.array([1, 2, 1, 3, 2, 2, 3, 1], dtype=np.int64)
    _check_codes(values, *dense_codes(series, hashed=partial))


def test_signed_in_and_identity_linked_touchpoints_join_the_customer() -> None:
    tp = touches(
        {"ts": T0, "visitor_id": "phone", "customer_id": "c1"},
        {"ts": T0 + DAY, "visitor_id": "laptop"},  # anonymous, linked to c1
        {"ts": T0 + DAY, "visitor_id": "stranger"},  # anonymous, linked to nobody
        # Signed in as c2 on a device also linked to c1: belongs to c2 only.
        {"ts": T0 + DAY, "visitor_id": "laptop", "customer_id": "c2"},
    )
    links = identity(("laptop", "c1"), ("laptop", "c1"))  # duplicates are harmless
    journeys = build_journeys(tp, orders({"ts": T0 + 2 * DAY}), identities=links)
    assert journey_touch_ids(journeys.converting, "o0") == [0, 1]
    assert set(journeys.converting["customer_id"].to_list()) == {"c1"}


def test_one_touchpoint_can_serve_several_orders_of_a_customer() -> None:
    tp = touches({"ts": T0, "customer_id": "c1"})
    journeys = build_journeys(tp, orders({"ts": T0 + DAY}, {"ts": T0 + 2 * DAY}))
    assert journeys.converting["conversion_id"].to_list() == ["o0", "o1"]


def test_orders_without_customer_or_journey_get_no_rows() -> None:
    tp = touches({"ts": T0, "customer_id": "c1"})
    conv = orders(
        {"ts": T0 + DAY, "customer_id": None},
        {"ts": T0 + DAY, "customer_id": "nobody"},
        {"ts": T0 - DAY},  # before any touchpoint
    )
    journeys = build_journeys(tp, conv)
    assert journeys.converting.height == 0
    assert journeys.converting.columns[:3] == ["journey", "conversion_id", "touch_id"]


def test_now_drops_future_touchpoints_and_orders() -> None:
    tp = touches({"ts": T0, "customer_id": "c1"}, {"ts": T0 + 5 * DAY, "customer_id": "c1"})
    conv = orders({"ts": T0 + 2 * DAY}, {"ts": T0 + 6 * DAY})
    journeys = build_journeys(tp, conv, now_ms=T0 + 3 * DAY)
    assert journeys.converting["conversion_id"].to_list() == ["o0"]
    assert journeys.touchpoints["touch_id"].to_list() == [0]


def test_datetime_timestamps_match_epoch_milliseconds() -> None:
    tp = touches({"ts": T0, "customer_id": "c1"}, {"ts": T0 + 90_000, "customer_id": "c1"})
    conv = orders({"ts": T0 + DAY})
    as_datetime = tp.with_columns(pl.from_epoch("ts", time_unit="ms").dt.replace_time_zone("UTC"))
    naive = conv.with_columns(pl.from_epoch("ts", time_unit="ms"))
    a = build_journeys(tp, conv).converting
    b = build_journeys(as_datetime, naive).converting
    assert a.equals(b)
    assert b["ts"].to_list() == [T0, T0 + 90_000]
    assert dt.datetime.fromtimestamp(T0 / 1000, dt.UTC).year == 2023


def test_string_touch_ids_are_kept() -> None:
    tp = touches({"ts": T0, "customer_id": "c1"}).with_columns(pl.lit("clk_9").alias("touch_id"))
    journeys = build_journeys(tp, orders({"ts": T0 + DAY}))
    assert journeys.converting["touch_id"].to_list() == ["clk_9"]


def test_empty_frames_give_empty_journeys() -> None:
    journeys = build_journeys(touches(), orders())
    assert journeys.converting.height == 0
    assert journeys.touchpoints.height == 0
    assert non_converting_paths(journeys).height == 0


def test_non_converting_paths_are_leftovers_cut_into_windows() -> None:
    tp = touches(
        {"ts": T0, "visitor_id": "v1", "customer_id": "c1"},  # in o0's journey
        {"ts": T0 + 20 * DAY, "visitor_id": "v1", "customer_id": "c1"},  # after the order
        {"ts": T0, "visitor_id": "v2"},
        {"ts": T0 + 6 * DAY, "visitor_id": "v2"},
        {"ts": T0 + 7 * DAY, "visitor_id": "v2"},  # a new 7-day window starts here
    )
    journeys = build_journeys(tp, orders({"ts": T0 + DAY}), window_days=7)
    paths = non_converting_paths(journeys)
    grouped = paths.group_by("path", maintain_order=True).agg("touch_id")["touch_id"].to_list()
    assert sorted(grouped) == [[1], [2, 3], [4]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop("visitor_id"), "missing column"),
        (lambda f: f.with_columns(pl.lit(1).alias("touch_id")), "duplicate"),
        (lambda f: f.with_columns(pl.lit(None, dtype=pl.String).alias("visitor_id")), "null"),
        (lambda f: f.with_columns(pl.lit("yesterday").alias("ts")), "epoch milliseconds"),
        (lambda f: f.with_columns(pl.lit(1.5).alias("touch_id")), "integers or strings"),
    ],
)
def test_bad_touchpoints_raise_clear_errors(change: object, message: str) -> None:
    tp = touches({"ts": T0}, {"ts": T0 + 1})
    with pytest.raises(ValueError, match=message):
        build_journeys(change(tp), orders({"ts": T0 + DAY}))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("conv", "message"),
    [
        (orders({"ts": T0}, {"ts": T0, "conversion_id": "o0"}), "duplicate"),
        (orders({"ts": T0}).drop("net_revenue_minor"), "missing column"),
        (orders({"ts": T0}).with_columns(pl.lit(9.99).alias("net_revenue_minor")), "integer"),
    ],
)
def test_bad_conversions_raise_clear_errors(conv: pl.DataFrame, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_journeys(touches({"ts": T0}), conv)


@pytest.mark.parametrize("window", [0, -1, float("nan"), float("inf")])
def test_window_must_be_positive(window: float) -> None:
    with pytest.raises(ValueError, match="window_days"):
        build_journeys(touches({"ts": T0}), orders({"ts": T0}), window_days=window)


def test_burst_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_clicks_per_minute"):
        clean_touchpoints(touches({"ts": T0}), max_clicks_per_minute=0)


def test_channel_names() -> None:
    assert parse_channel("Influencer") is Channel.INFLUENCER
    assert Channel.POST.column == "post_id"
    with pytest.raises(ValueError, match="influencer, post, campaign, link"):
        parse_channel("tiktok")
