"""DATA_DRIVEN gives each channel its standard credit, total x RE / sum RE, in reports.

An independent implementation, written here the plain way (a transition matrix over START,
the channels, CONVERSION and NULL; one absorption solve per removed channel; every total times
RE / sum RE), is checked against the engine on small hand-made journeys whose answers are
worked out below by hand; a property test on random journeys checks that the reports' totals
still reconcile and that the parts of a channel's credit under campaigns and influencers add up
to it.

The hand-worked world of `tests.attribution.test_reporting` (one campaign, KOLs A and B):

    paths  o1: A, B -> conversion   o2: B, A -> conversion   o3: A -> conversion   v4: B -> null

    START -> A 2/4, START -> B 2/4; A -> B 1/3, A -> conversion 2/3;
    B -> A 1/3, B -> conversion 1/3, B -> null 1/3.
    x_A = 2/3 + x_B / 3, x_B = 1/3 + x_A / 3  =>  x_A = 7/8, x_B = 5/8, P(conversion) = 3/4.
    A removed: x_B = 1/3, P = 1/6, RE_A = 1 - (1/6) / (3/4) = 7/9.
    B removed: x_A = 2/3, P = 1/3, RE_B = 1 - (1/3) / (3/4) = 5/9.
    Shares 7/12 and 5/12 of 3 conversions: A 1.75, B 1.25 (the split of each order along its
    own path would give A 7/12 + 7/12 + 1 = 13/6 and B 5/6 instead).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution.journeys import Channel, build_journeys
from attribution.markov import data_driven_model, path_split_by_removal_effect
from attribution.metrics import ChannelReport, round_minor
from attribution.models import AttributionModel, channel_credits
from attribution.reporting import (
    CONVERSION_SCHEMA,
    COST_SCHEMA,
    IDENTITY_SCHEMA,
    LINE_SCHEMA,
    TOUCH_SCHEMA,
    CampaignTerms,
    ReportComputation,
    ReportInputs,
    Scope,
    compute_reports,
)
from commerce.commission import CommissionRule
from tests.attribution.test_reporting import DAY, T0, A, B, touch, world

DD = AttributionModel.DATA_DRIVEN
Path = tuple[Sequence[str], bool]


def plain_standard_credits(paths: Sequence[Path], total: float) -> dict[str, float]:
    """total x RE / sum RE per channel on a converting path, by the textbook construction."""
    channels = sorted({c for path, converted in paths if converted for c in path})
    every = sorted({c for path, _ in paths for c in path})
    states = ["START", *every, "CONVERSION", "NULL"]
    at = {s: i for i, s in enumerate(states)}
    counts = np.zeros((len(states), len(states)))
    for path, converted in paths:
        steps = ["START", *path, "CONVERSION" if converted else "NULL"]
        for a, b in itertools.pairwise(steps):
            counts[at[a], at[b]] += 1
    counts[at["CONVERSION"], at["CONVERSION"]] = 1
    counts[at["NULL"], at["NULL"]] = 1
    matrix = counts / counts.sum(axis=1, keepdims=True)

    def conversion_probability(removed: str | None) -> float:
        p = matrix.copy()
        if removed is not None:
            # Every step into the removed channel goes to NULL instead.
            p[:, at["NULL"]] += p[:, at[removed]]
            p[:, at[removed]] = 0.0
        transient = [at[s] for s in states if s not in ("CONVERSION", "NULL")]
        q = p[np.ix_(transient, transient)]
        r = p[transient, at["CONVERSION"]]
        absorbed = np.linalg.solve(np.eye(len(transient)) - q, r)
        return float(absorbed[0])

    base = conversion_probability(None)
    effects = {c: 1.0 - conversion_probability(c) / base for c in channels}
    scale = sum(effects.values())
    return {c: total * e / scale for c, e in effects.items()}


def rows_of(report_rows: Sequence[ChannelReport]) -> dict[str | None, ChannelReport]:
    return {r.channel: r for r in report_rows}


# --- the independent implementation on hand-made journeys ---------------------------------


def test_the_plain_implementation_reproduces_the_hand_worked_answer() -> None:
    paths: list[Path] = [(["A", "B"], True), (["B", "A"], True), (["A"], True), (["B"], False)]
    assert plain_standard_credits(paths, 3) == pytest.approx({"A": 1.75, "B": 1.25}, abs=1e-12)


def test_report_rows_give_the_standard_credit_not_the_path_split() -> None:
    reports = compute_reports(world(), Scope(), currency="USD", window_days=30)
    rows = rows_of(reports[(Channel.INFLUENCER, DD)].rows)
    conversions = {k: r.conversions for k, r in rows.items()}
    assert conversions == pytest.approx({A: 1.75, B: 1.25}, abs=1e-12)
    # Net revenue 200.00 less 10.00 refunded, in the same shares; every buyer is new.
    assert rows[A].revenue_minor == round_minor(19_000 * 7 / 12)
    assert rows[B].revenue_minor == round_minor(19_000 * 5 / 12)
    assert rows[A].new_customers == pytest.approx(1.75)
    assert rows[A].return_rate == pytest.approx(1_000 / 20_000)
    # Commission: the orders each KOL's clicks were on, at 10 % (o3: 400 less 100 reversed),
    # weighted by the path split and scaled to the model's conversions.
    path_a = 7 / 12 * 1_000 + 7 / 12 * 600 + 300
    path_b = 5 / 12 * 1_000 + 5 / 12 * 600
    assert rows[A].commission_minor == round_minor(path_a * 1.75 / (13 / 6))
    assert rows[B].commission_minor == round_minor(path_b * 1.25 / (5 / 6))
    totals = reports[(Channel.INFLUENCER, DD)].totals
    assert totals.conversions == pytest.approx(3.0)
    assert totals.revenue_minor == 19_000


def test_channel_credits_match_the_plain_implementation_on_hand_made_journeys() -> None:
    # Five KOLs with repeats, a KOL only on a failing path (no credit) and long paths.
    paths: list[tuple[list[str], bool]] = [
        (["a", "b", "c"], True),
        (["a", "a", "c"], True),
        (["b"], True),
        (["c", "d", "a", "b"], True),
        (["d"], False),
        (["a", "b"], False),
        (["e", "d"], False),
        (["c", "c", "b"], False),
    ]
    touches: list[dict[str, object]] = []
    orders: list[tuple[object, ...]] = []
    ids: list[tuple[str, str]] = []
    for n, (path, converted) in enumerate(paths):
        visitor = f"v{n}"
        for i, kol in enumerate(path):
            touches.append(touch(f"t{n}_{i}", visitor, kol, 1 + 0.1 * i))
        if converted:
            orders.append((f"o{n}", f"c{n}", T0 + 3 * DAY, 1_000 * (n + 1), "USD", True, 0))
            ids.append((visitor, f"c{n}"))
    inputs = world(touches=touches, conversions=orders, with_ledger=False)
    inputs = ReportInputs(
        **{
            **inputs.__dict__,
            "identities": pl.DataFrame(ids, schema=IDENTITY_SCHEMA, orient="row"),
        }
    )
    expected = plain_standard_credits(paths, len(orders))
    assert "e" not in expected
    journeys = build_journeys(
        inputs.touchpoints,
        inputs.conversions,
        identities=inputs.identities,
        window_days=30,
    )
    got = dict(channel_credits(journeys, DD, Channel.INFLUENCER).iter_rows())
    assert got == pytest.approx(expected, abs=1e-12)

    reports = compute_reports(inputs, Scope(), currency="USD", window_days=30, models=[DD])
    rows = rows_of(reports[(Channel.INFLUENCER, DD)].rows)
    assert {k: r.conversions for k, r in rows.items() if r.conversions} == pytest.approx(
        expected, abs=1e-12
    )
    value = sum(int(o[3]) for o in orders)  # type: ignore[call-overload]
    for kol, credit in expected.items():
        assert rows[kol].revenue_minor == round_minor(value * credit / len(orders))
    # The split along each order's own path is a different quantity.
    split = path_split_by_removal_effect(journeys, Channel.INFLUENCER)
    split_totals = dict(split.group_by("channel").agg(pl.col("credit").sum()).iter_rows())
    assert max(abs(split_totals[k] - v) for k, v in expected.items()) > 0.05


def test_a_channels_credit_is_divided_among_the_influencers_beneath_it() -> None:
    """By campaign there is one channel value, RE 1: all 3 conversions. Beneath it, the path
    split per touchpoint (one channel, so each order's unit split equally among its clicks):
    A 1/2 + 1/2 + 1 = 2, B 1/2 + 1/2 = 1; so A's part is 2 and B's 1."""
    inputs = world()
    brand = compute_reports(inputs, Scope(), currency="USD", window_days=30, models=[DD])
    (whole,) = brand[(Channel.CAMPAIGN, DD)].rows
    assert whole.conversions == pytest.approx(3.0)
    parts = {}
    for kol in (A, B):
        scoped = compute_reports(
            inputs, Scope(influencer_id=kol), currency="USD", window_days=30, models=[DD]
        )
        (row,) = scoped[(Channel.CAMPAIGN, DD)].rows
        parts[kol] = row
    assert parts[A].conversions == pytest.approx(2.0)
    assert parts[B].conversions == pytest.approx(1.0)
    assert parts[A].revenue_minor == round_minor(19_000 * 2 / 3)
    model = data_driven_model(
        build_journeys(inputs.touchpoints, inputs.conversions, identities=inputs.identities),
        Channel.CAMPAIGN,
    )
    assert model.shares["share"].to_list() == pytest.approx([1.0])


# --- the property test on random journeys --------------------------------------------------

KOLS = ("k1", "k2", "k3", "k4")
CAMPAIGNS = ("cmp_x", "cmp_y")


@st.composite
def random_inputs(draw: st.DrawFn) -> ReportInputs:
    """Visitors click random KOLs' links (in one of two campaigns, some with posts) on days
    1-5; some of them order on day 6 in USD or EUR, with refunds now and then."""
    n_visitors = draw(st.integers(1, 12))
    touches, conversions, ids, lines = [], [], [], []
    for v in range(n_visitors):
        clicks = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(KOLS),
                    st.sampled_from(CAMPAIGNS),
                    st.floats(1, 5),
                    st.booleans(),
                ),
                min_size=1,
                max_size=6,
            )
        )
        for i, (kol, campaign, day, has_post) in enumerate(clicks):
            touches.append(
                {
                    **touch(f"t{v}_{i}", f"v{v}", kol, day),
                    "campaign_id": campaign,
                    "post_id": f"post_{kol}_{campaign}" if has_post else None,
                    "link_id": f"lnk_{kol}_{campaign}",
                }
            )
        if draw(st.booleans()):
            revenue = draw(st.integers(0, 50_000))
            returned = draw(st.sampled_from([0, 0, revenue // 3, revenue]))
            currency = draw(st.sampled_from(["USD", "USD", "EUR"]))
            order = f"o{v}"
            conversions.append(
                (order, f"c{v}", T0 + 6 * DAY, revenue, currency, draw(st.booleans()), returned)
            )
            ids.append((f"v{v}", f"c{v}"))
            lines.append((order, "prd_1", revenue))
    base = world()
    terms = {
        c: CampaignTerms(
            id=c,
            currency="USD",
            rule=CommissionRule.percent(1000),
            product_ids=frozenset(),
            model=AttributionModel.LAST_CLICK,
            window_days=30,
        )
        for c in CAMPAIGNS
    }
    return ReportInputs(
        brand_id=base.brand_id,
        start_ms=T0,
        end_ms=T0 + 7 * DAY,
        now_ms=T0 + 10 * DAY,
        touchpoints=pl.DataFrame(touches, schema=TOUCH_SCHEMA),
        conversions=pl.DataFrame(conversions, schema=CONVERSION_SCHEMA, orient="row"),
        identities=pl.DataFrame(ids, schema=IDENTITY_SCHEMA, orient="row"),
        order_lines=pl.DataFrame(lines, schema=LINE_SCHEMA, orient="row"),
        ledger=pl.DataFrame(schema=COST_SCHEMA),
        fixed_fees=pl.DataFrame(schema=COST_SCHEMA),
        campaigns=terms,
    )


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_inputs())
def test_reports_reconcile_and_parts_add_up_on_random_journeys(inputs: ReportInputs) -> None:
    usd = inputs.conversions.filter(pl.col("currency") == "USD")
    # Every order has a click on day 1-5 and is placed on day 6: each has a journey.
    orders = float(usd.height)
    gross = float(usd["net_revenue_minor"].sum() or 0)
    refunded = float(
        usd.select(pl.min_horizontal("returned_minor", "net_revenue_minor")).sum().item() or 0
    )
    new = float(usd["is_new_customer"].sum() or 0)
    computation = ReportComputation(inputs, window_days=30)
    brand = {c: computation.report(Scope(), c, DD, "USD") for c in Channel}
    for channel in Channel:
        report = brand[channel]
        assert report.unavailable is None
        assert _near(sum(r.conversions for r in report.rows), orders)
        assert _near(report.totals.conversions, orders)
        assert _near(sum(r.new_customers for r in report.rows), new)
        assert _near(report.gross_minor, gross)
        assert _near(report.refunded_minor, refunded)
        assert report.totals.revenue_minor == round_minor(gross - refunded)
        assert abs(sum(r.revenue_minor for r in report.rows) - (gross - refunded)) <= len(
            report.rows
        )

    # Beneath each channel value, the parts under each campaign and under each influencer add
    # up to the channel value's credit, and its revenue up to the rounding of each part.
    for scopes in (
        [Scope(campaign_id=c) for c in CAMPAIGNS],
        [Scope(influencer_id=k) for k in KOLS],
    ):
        for channel in Channel:
            parts: dict[str | None, list[ChannelReport]] = defaultdict(list)
            for scope in scopes:
                for r in computation.report(scope, channel, DD, "USD").rows:
                    parts[r.channel].append(r)
            for r in brand[channel].rows:
                assert _near(sum(p.conversions for p in parts[r.channel]), r.conversions)
                assert _near(sum(p.new_customers for p in parts[r.channel]), r.new_customers)
                revenue = sum(p.revenue_minor for p in parts[r.channel])
                assert abs(revenue - r.revenue_minor) <= len(parts[r.channel])

    # The brand-wide rows are the standard credit of the engine's shares.
    if orders:
        journeys = build_journeys(
            inputs.touchpoints, inputs.conversions, identities=inputs.identities, window_days=30
        )
        for channel in Channel:
            shares = dict(
                data_driven_model(journeys, channel).shares.select("channel", "share").iter_rows()
            )
            rows = rows_of(brand[channel].rows)
            for value, share in shares.items():
                assert _near(rows[value].conversions, orders * share)


def test_a_model_with_no_conversion_in_the_currency_credits_nothing() -> None:
    inputs = world()
    reports = compute_reports(inputs, Scope(), currency="EUR", window_days=30, models=[DD])
    report = reports[(Channel.INFLUENCER, DD)]
    assert report.totals.conversions == 0
    assert all(r.conversions == 0 for r in report.rows)
