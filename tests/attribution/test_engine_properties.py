"""Property tests of the attribution engine on random small worlds, and engine == reference."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.journeys import Channel, Journeys, build_journeys, non_converting_paths
from attribution.markov import removal_effects
from attribution.models import (
    CREDIT_SUM_TOLERANCE,
    AttributionModel,
    attribute_journeys,
)
from attribution.reference import (
    credit_difference,
    reference_attribute_all,
    reference_clean,
    reference_removal_effects,
    reference_shapley_values,
)
from attribution.shapley import shapley_values
from tests.attribution.test_engine_data import DAY, T0, Scenario, scenarios, touches

SETTINGS = settings(max_examples=60, deadline=None)
channels = st.sampled_from(list(Channel))


def journeys_of(world: Scenario) -> Journeys:
    return build_journeys(
        world.touchpoints,
        world.conversions,
        identities=world.identities,
        window_days=world.window_days,
        max_clicks_per_minute=world.max_clicks_per_minute,
    )


@SETTINGS
@given(scenarios(), channels)
def test_credits_sum_to_one_per_conversion_with_a_journey(world: Scenario, ch: Channel) -> None:
    journeys = journeys_of(world)
    with_journey = set(journeys.converting["conversion_id"].to_list())
    for model in AttributionModel:
        credits = attribute_journeys(journeys, model, ch)
        assert credits["credit"].is_finite().all()
        assert (credits["credit"] > 0).all()
        sums = credits.group_by("conversion_id").agg(pl.col("credit").sum())
        assert set(sums["conversion_id"].to_list()) == with_journey
        for total in sums["credit"].to_list():
            assert abs(total - 1.0) <= CREDIT_SUM_TOLERANCE


@SETTINGS
@given(scenarios(), channels)
def test_all_models_agree_on_single_touch_journeys(world: Scenario, ch: Channel) -> None:
    journeys = journeys_of(world)
    single = journeys.converting.filter(pl.col("length") == 1).select("conversion_id", "touch_id")
    for model in AttributionModel:
        credits = attribute_journeys(journeys, model, ch)
        got = single.join(credits, on=["conversion_id", "touch_id"], how="left")
        assert got["credit"].to_list() == [1.0] * single.height


@SETTINGS
@given(scenarios(), st.integers(0, 45 * DAY))
def test_credit_only_inside_the_window_and_never_to_dropped_touchpoints(
    world: Scenario, now_offset: int
) -> None:
    now_ms = T0 + now_offset
    journeys = build_journeys(
        world.touchpoints,
        world.conversions,
        identities=world.identities,
        window_days=world.window_days,
        max_clicks_per_minute=world.max_clicks_per_minute,
        now_ms=now_ms,
    )
    kept = {
        t["touch_id"]
        for t in reference_clean(world.touchpoints, world.max_clicks_per_minute, now_ms)
    }
    window_ms = round(world.window_days * DAY)
    facts = world.touchpoints.select("touch_id", "ts", "is_bot")
    orders = world.conversions.select("conversion_id", pl.col("ts").alias("order_ts"))
    for model in AttributionModel:
        credits = attribute_journeys(journeys, model, Channel.INFLUENCER)
        rows = credits.join(facts, on="touch_id").join(orders, on="conversion_id")
        assert rows.height == credits.height
        for row in rows.iter_rows(named=True):
            assert row["order_ts"] - window_ms <= row["ts"] < row["order_ts"]
            assert row["order_ts"] <= now_ms
            assert not row["is_bot"]
            assert row["touch_id"] in kept


@SETTINGS
@given(scenarios(), st.sampled_from([0.25, 1.0, 7.0, 30.0]))
def test_time_decay_never_decreases_toward_the_order(world: Scenario, half_life: float) -> None:
    journeys = journeys_of(world)
    credits = attribute_journeys(journeys, "TIME_DECAY", "influencer", half_life_days=half_life)
    timed = credits.join(
        journeys.converting.select("conversion_id", "touch_id", "ts"),
        on=[
            "conversion_id",
            "touch_id",
        ],
    )
    for _, group in timed.sort("ts").group_by("conversion_id"):
        values = group.sort("ts")["credit"].to_list()
        assert all(a <= b * (1 + 1e-12) for a, b in itertools.pairwise(values))


@SETTINGS
@given(scenarios(), channels)
def test_channel_absent_from_converting_paths_gets_no_data_driven_credit(
    world: Scenario, ch: Channel
) -> None:
    # Anonymous visitors of a channel value no order can reach.
    ghost = touches(
        *[
            {
                "touch_id": -1 - i,
                "ts": T0 + i * DAY,
                "visitor_id": f"ghost-{i}",
                ch.column: "ghost",
            }
            for i in range(3)
        ]
    )
    tp = pl.concat([world.touchpoints, ghost])
    journeys = build_journeys(
        tp,
        world.conversions,
        identities=world.identities,
        window_days=world.window_days,
        max_clicks_per_minute=world.max_clicks_per_minute,
    )
    assert "ghost" in non_converting_paths(journeys)[ch.column].to_list()
    on_paths = set(journeys.converting[ch.column].to_list())
    credits = attribute_journeys(journeys, "DATA_DRIVEN", ch)
    assert set(credits["channel"].to_list()) <= on_paths
    assert "ghost" not in credits["channel"].to_list()
    assert "ghost" not in removal_effects(journeys, ch)["channel"].to_list()


@SETTINGS
@given(scenarios(), channels, st.sampled_from([1.0, 7.0]))
def test_engine_equals_reference(world: Scenario, ch: Channel, half_life: float) -> None:
    journeys = journeys_of(world)
    reference = reference_attribute_all(
        world.touchpoints,
        world.conversions,
        list(AttributionModel),
        ch,
        world.window_days,
        identities=world.identities,
        half_life_days=half_life,
        max_clicks_per_minute=world.max_clicks_per_minute,
    )
    for model in AttributionModel:
        engine = attribute_journeys(journeys, model, ch, half_life_days=half_life)
        assert engine.height == reference[model].height
        assert credit_difference(engine, reference[model]) < 1e-9


def _paths(journeys: Journeys, column: str) -> list[tuple[list[str | None], bool]]:
    converting = journeys.converting.group_by("journey", maintain_order=True).agg(column)
    other = non_converting_paths(journeys).group_by("path", maintain_order=True).agg(column)
    return [(values, True) for values in converting[column].to_list()] + [
        (values, False) for values in other[column].to_list()
    ]


@SETTINGS
@given(scenarios(), channels)
def test_removal_effects_equal_one_solve_per_removed_channel(world: Scenario, ch: Channel) -> None:
    journeys = journeys_of(world)
    expected = reference_removal_effects(_paths(journeys, ch.column))
    frame = removal_effects(journeys, ch)
    got = dict(zip(frame["channel"].to_list(), frame["removal_effect"].to_list(), strict=True))
    assert got.keys() == {k for k, v in expected.items() if v > 0}
    for channel_value, effect in got.items():
        assert effect == pytest.approx(expected[channel_value], abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(scenarios(max_touches=25), st.sampled_from([Channel.INFLUENCER, Channel.CAMPAIGN]))
def test_shapley_equals_the_average_over_channel_orders(world: Scenario, ch: Channel) -> None:
    journeys = journeys_of(world)
    expected = reference_shapley_values(_paths(journeys, ch.column))
    frame = shapley_values(journeys, ch)
    got = dict(zip(frame["channel"].to_list(), frame["shapley_value"].to_list(), strict=True))
    assert got == pytest.approx(expected, abs=1e-12)
