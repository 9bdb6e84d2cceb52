"""Hand-worked examples for every attribution model, and the model-level bad input."""

from __future__ import annotations

import polars as pl
import pytest

from attribution.journeys import build_journeys
from attribution.markov import (
    DataDrivenLimitError,
    channel_paths,
    removal_effects,
    state_removal_effects,
)
from attribution.models import AttributionModel, attribute, channel_credits, parse_model
from attribution.reference import reference_removal_effects
from attribution.shapley import MAX_SHAPLEY_CHANNELS, shapley_credits, shapley_values
from tests.attribution.test_engine_data import DAY, T0, orders, touches


def credit_of(credits: pl.DataFrame, conversion_id: str = "o0") -> dict[int, float]:
    rows = credits.filter(pl.col("conversion_id") == conversion_id)
    return dict(zip(rows["touch_id"].to_list(), rows["credit"].to_list(), strict=True))


def four_step_journey() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Touches at 21, 14, 7 and 0 days before the order minus one hour, by KOLs a, b, c, a."""
    order_ts = T0 + 30 * DAY
    hour = 3_600_000
    tp = touches(
        *[
            {"ts": order_ts - days * DAY - hour, "customer_id": "c1", "influencer_id": kol}
            for days, kol in [(21, "kol-a"), (14, "kol-b"), (7, "kol-c"), (0, "kol-a")]
        ]
    )
    return tp, orders({"ts": order_ts})


def test_last_and_first_click() -> None:
    tp, conv = four_step_journey()
    assert credit_of(attribute(tp, conv, "LAST_CLICK")) == {3: 1.0}
    assert credit_of(attribute(tp, conv, "FIRST_CLICK")) == {0: 1.0}


def test_linear() -> None:
    tp, conv = four_step_journey()
    assert credit_of(attribute(tp, conv, AttributionModel.LINEAR)) == {
        0: 0.25,
        1: 0.25,
        2: 0.25,
        3: 0.25,
    }


def test_position_based_40_20_40() -> None:
    tp, conv = four_step_journey()
    got = credit_of(attribute(tp, conv, "POSITION_BASED"))
    assert got == pytest.approx({0: 0.4, 1: 0.1, 2: 0.1, 3: 0.4})
    two = credit_of(attribute(tp.tail(2), conv, "POSITION_BASED"))
    assert two == {2: 0.5, 3: 0.5}
    one = credit_of(attribute(tp.tail(1), conv, "POSITION_BASED"))
    assert one == {3: 1.0}


def test_time_decay_halves_every_half_life() -> None:
    tp, conv = four_step_journey()
    # Ages 21, 14, 7 and 0 days (plus the same hour): weights 1/8, 1/4, 1/2, 1 -> /15 * 8.
    got = credit_of(attribute(tp, conv, "TIME_DECAY"))
    assert got == pytest.approx({0: 1 / 15, 1: 2 / 15, 2: 4 / 15, 3: 8 / 15}, rel=1e-12)
    # A half-life of 14 days: weights 2^-1.5, 2^-1, 2^-0.5, 1.
    slower = credit_of(attribute(tp, conv, "TIME_DECAY", half_life_days=14))
    weights = [2**-1.5, 2**-1, 2**-0.5, 1.0]
    assert slower == pytest.approx({i: w / sum(weights) for i, w in enumerate(weights)})


def test_channel_parameter_picks_the_credited_column() -> None:
    tp, conv = four_step_journey()
    tp = tp.with_columns(pl.Series("post_id", ["p1", None, "p2", "p3"]))
    by_kol = attribute(tp, conv, "LINEAR", "influencer")
    assert by_kol["channel"].to_list() == ["kol-a", "kol-b", "kol-c", "kol-a"]
    by_post = attribute(tp, conv, "LINEAR", "post")
    # A click on a link tied to no post keeps its credit, under the null channel.
    assert by_post["channel"].to_list() == ["p1", None, "p2", "p3"]
    assert by_post["credit"].sum() == pytest.approx(1.0)
    assert attribute(tp, conv, "LINEAR", "campaign")["channel"].unique().to_list() == ["camp-1"]
    assert attribute(tp, conv, "LINEAR", "link")["channel"].unique().to_list() == ["link-1"]


def markov_world() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paths worked by hand below (influencer channel, A/B/C = kol-a/b/c):

        customer c1: A -> B -> conversion     customer c2: B -> conversion
        visitor  v3: A -> null                visitor  v4: C -> A -> null

    Transitions: START -> A 2, B 1, C 1 (of 4); A -> B 1, null 2 (of 3); B -> conversion 2 (of 2);
    C -> A 1 (of 1). Conversion probability from each state: x_B = 1, x_A = 1/3, x_C = x_A = 1/3,
    so P = 2/4 * 1/3 + 1/4 * 1 + 1/4 * 1/3 = 1/2.
    Remove A: x_A = 0, so x_C = 0 and P = 1/4: RE(A) = 1 - (1/4) / (1/2) = 1/2.
    Remove B: x_B = 0, so x_A = x_C = 0 and P = 0: RE(B) = 1.
    C is on no converting path: no removal effect reported, no credit.
    Order o0 (path A, B): A gets 0.5 / 1.5 = 1/3, B gets 1 / 1.5 = 2/3. Order o1 (path B): B gets 1.
    """
    tp = touches(
        {"ts": T0 + DAY, "visitor_id": "v1", "customer_id": "c1", "influencer_id": "kol-a"},
        {"ts": T0 + 2 * DAY, "visitor_id": "v1", "customer_id": "c1", "influencer_id": "kol-b"},
        {"ts": T0 + DAY, "visitor_id": "v2", "customer_id": "c2", "influencer_id": "kol-b"},
        {"ts": T0 + DAY, "visitor_id": "v3", "influencer_id": "kol-a"},
        {"ts": T0 + DAY, "visitor_id": "v4", "influencer_id": "kol-c"},
        {"ts": T0 + DAY + 3_600_000, "visitor_id": "v4", "influencer_id": "kol-a"},
    )
    conv = orders(
        {"ts": T0 + 3 * DAY, "customer_id": "c1"}, {"ts": T0 + 2 * DAY, "customer_id": "c2"}
    )
    return tp, conv


def test_markov_removal_effects_by_hand() -> None:
    tp, conv = markov_world()
    effects = removal_effects(build_journeys(tp, conv), "influencer")
    got = dict(zip(effects["channel"].to_list(), effects["removal_effect"].to_list(), strict=True))
    assert got == pytest.approx({"kol-a": 0.5, "kol-b": 1.0}, abs=1e-12)


def test_markov_path_split_by_hand() -> None:
    tp, conv = markov_world()
    credits = attribute(tp, conv, "DATA_DRIVEN")
    assert credit_of(credits, "o0") == pytest.approx({0: 1 / 3, 1: 2 / 3}, abs=1e-12)
    assert credit_of(credits, "o1") == pytest.approx({2: 1.0})
    assert "kol-c" not in credits["channel"].to_list()


def test_markov_channel_credit_is_the_standard_share_of_all_conversions() -> None:
    """RE 0.5 and 1.0: A gets 2 x 0.5 / 1.5 = 2/3 of the two conversions, B 4/3 (the path
    split above would give A 1/3 and B 5/3)."""
    tp, conv = markov_world()
    journeys = build_journeys(tp, conv)
    got = dict(channel_credits(journeys, "DATA_DRIVEN").iter_rows())
    assert got == pytest.approx({"kol-a": 2 / 3, "kol-b": 4 / 3}, abs=1e-12)
    linear = dict(channel_credits(journeys, "LINEAR").iter_rows())
    assert linear == pytest.approx({"kol-a": 0.5, "kol-b": 1.5})


def test_markov_splits_a_channel_share_among_its_touchpoints() -> None:
    tp, conv = markov_world()
    # c1 clicks A again just before ordering: path A, B, A.
    extra = touches(
        {"touch_id": 99, "ts": T0 + 2 * DAY + 1, "customer_id": "c1", "influencer_id": "kol-a"}
    )
    tp = pl.concat([tp, extra])
    journeys = build_journeys(tp, conv)
    effects = removal_effects(journeys, "influencer")
    re = dict(zip(effects["channel"].to_list(), effects["removal_effect"].to_list(), strict=True))
    credits = credit_of(attribute(tp, conv, "DATA_DRIVEN"), "o0")
    share_a = re["kol-a"] / (re["kol-a"] + re["kol-b"])
    assert credits == pytest.approx({0: share_a / 2, 1: 1 - share_a, 99: share_a / 2})


def test_markov_without_any_conversion_credits_nothing() -> None:
    tp, _ = markov_world()
    credits = attribute(tp, orders(), "DATA_DRIVEN")
    assert credits.height == 0
    assert credits.columns == ["conversion_id", "touch_id", "channel", "credit"]


def test_markov_solves_separate_groups_and_refuses_an_oversized_one() -> None:
    tp, conv = markov_world()
    # A second, unconnected pair of KOLs: d -> e converts for c5, e alone fails for v6.
    more = touches(
        *[
            {"touch_id": 10, "ts": T0 + DAY, "visitor_id": "v5", "customer_id": "c5"},
            {"touch_id": 11, "ts": T0 + 2 * DAY, "visitor_id": "v5", "customer_id": "c5"},
            {"touch_id": 12, "ts": T0 + DAY, "visitor_id": "v6"},
        ]
    ).with_columns(pl.Series("influencer_id", ["kol-d", "kol-e", "kol-e"]))
    tp = pl.concat([tp, more])
    conv = pl.concat(
        [conv, orders({"conversion_id": "o5", "ts": T0 + 3 * DAY, "customer_id": "c5"})]
    )
    paths = channel_paths(build_journeys(tp, conv), "influencer")
    # Groups: {a, b, c} and {d, e}.
    effects = state_removal_effects(paths, max_group_channels=3)
    plain_paths = [
        ([paths.labels[c - 1] for c in paths.codes[s : s + n]], bool(converted))
        for s, n, converted in zip(
            paths.path_starts, paths.path_lengths, paths.converted, strict=True
        )
    ]
    expected = reference_removal_effects(plain_paths)
    got = {paths.labels[i - 1]: e for i, e in enumerate(effects) if i and e > 0}
    assert got == pytest.approx(expected, abs=1e-12)
    with pytest.raises(DataDrivenLimitError, match="limited to 2 interconnected"):
        state_removal_effects(paths, max_group_channels=2)


def shapley_world() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Channel sets: {A} converts once and fails once (r = 1/2), {A, B} converts (r = 1), {B}
    fails (r = 0). Worth: v(A) = 1/2, v(B) = 0, v(AB) = 1/2 + 1 + 0 = 3/2.
    phi_A = 1/2 * (v(A) - 0) + 1/2 * (v(AB) - v(B)) = 1/4 + 3/4 = 1;
    phi_B = 1/2 * (v(B) - 0) + 1/2 * (v(AB) - v(A)) = 0 + 1/2 = 1/2.
    The {A, B} order is shared 2/3 to A, 1/3 to B."""
    tp = touches(
        {"ts": T0 + DAY, "visitor_id": "v1", "customer_id": "c1", "influencer_id": "kol-a"},
        {"ts": T0 + DAY, "visitor_id": "v2", "influencer_id": "kol-a"},
        {"ts": T0 + DAY, "visitor_id": "v3", "customer_id": "c3", "influencer_id": "kol-a"},
        {"ts": T0 + 2 * DAY, "visitor_id": "v3", "customer_id": "c3", "influencer_id": "kol-b"},
        {"ts": T0 + DAY, "visitor_id": "v4", "influencer_id": "kol-b"},
    )
    conv = orders(
        {"ts": T0 + 2 * DAY, "customer_id": "c1"}, {"ts": T0 + 3 * DAY, "customer_id": "c3"}
    )
    return tp, conv


def test_shapley_by_hand() -> None:
    tp, conv = shapley_world()
    journeys = build_journeys(tp, conv)
    values = shapley_values(journeys, "influencer")
    got = dict(zip(values["channel"].to_list(), values["shapley_value"].to_list(), strict=True))
    assert got == pytest.approx({"kol-a": 1.0, "kol-b": 0.5}, abs=1e-12)
    credits = shapley_credits(journeys, "influencer")
    assert credit_of(credits, "o0") == pytest.approx({0: 1.0})
    assert credit_of(credits, "o1") == pytest.approx({2: 2 / 3, 3: 1 / 3}, abs=1e-12)


def test_shapley_refuses_too_many_channels() -> None:
    tp = touches(
        *[
            {"ts": T0 + i, "visitor_id": f"v{i}", "influencer_id": f"kol-{i}"}
            for i in range(MAX_SHAPLEY_CHANNELS + 1)
        ],
        {"ts": T0, "customer_id": "c1"},
    )
    journeys = build_journeys(tp, orders({"ts": T0 + DAY}))
    with pytest.raises(ValueError, match="at most 12 channels"):
        shapley_credits(journeys, "influencer")


def test_unknown_model_lists_the_valid_ones() -> None:
    tp, conv = four_step_journey()
    with pytest.raises(ValueError, match="LAST_CLICK, FIRST_CLICK, LINEAR, TIME_DECAY") as err:
        attribute(tp, conv, "MOST_LIKES")
    assert "DATA_DRIVEN" in str(err.value)
    assert parse_model("position-based") is AttributionModel.POSITION_BASED


def test_unknown_channel_and_bad_half_life() -> None:
    tp, conv = four_step_journey()
    with pytest.raises(ValueError, match="unknown channel"):
        attribute(tp, conv, "LINEAR", "hashtag")
    with pytest.raises(ValueError, match="half_life_days"):
        attribute(tp, conv, "TIME_DECAY", half_life_days=0)


def test_empty_inputs_give_empty_credits_for_every_model() -> None:
    for model in AttributionModel:
        credits = attribute(touches(), orders(), model)
        assert credits.height == 0
        assert credits.schema["credit"] == pl.Float64
