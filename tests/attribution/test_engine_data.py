"""Builders of small touchpoint and conversion frames for the attribution engine tests, and a
hypothesis strategy for random ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from hypothesis import strategies as st

from attribution.journeys import MS_PER_DAY, normalise_conversions, normalise_touchpoints

DAY = MS_PER_DAY
T0 = 1_700_000_000_000  # 2023-11-14T22:13:20Z

TOUCH_DEFAULTS: dict[str, Any] = {
    "visitor_id": "v1",
    "customer_id": None,
    "influencer_id": "kol-a",
    "post_id": None,
    "link_id": "link-1",
    "campaign_id": "camp-1",
    "is_bot": False,
}
TOUCH_SCHEMA = {
    "touch_id": pl.Int64,
    "visitor_id": pl.String,
    "customer_id": pl.String,
    "influencer_id": pl.String,
    "post_id": pl.String,
    "link_id": pl.String,
    "campaign_id": pl.String,
    "ts": pl.Int64,
    "is_bot": pl.Boolean,
}
CONVERSION_SCHEMA = {
    "conversion_id": pl.String,
    "customer_id": pl.String,
    "ts": pl.Int64,
    "net_revenue_minor": pl.Int64,
}


def touches(*rows: dict[str, Any]) -> pl.DataFrame:
    """Touchpoints from partial rows; `touch_id` defaults to the row number, `ts` is required."""
    full = [{**TOUCH_DEFAULTS, "touch_id": i, **row} for i, row in enumerate(rows)]
    return pl.DataFrame(full, schema=TOUCH_SCHEMA)


def orders(*rows: dict[str, Any]) -> pl.DataFrame:
    """Conversions from partial rows; `conversion_id` defaults to o<row number>."""
    full = [
        {"conversion_id": f"o{i}", "customer_id": "c1", "net_revenue_minor": 10_000, **row}
        for i, row in enumerate(rows)
    ]
    return pl.DataFrame(full, schema=CONVERSION_SCHEMA)


def identity(*pairs: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"visitor_id": v, "customer_id": c} for v, c in pairs],
        schema={"visitor_id": pl.String, "customer_id": pl.String},
    )


@dataclass(frozen=True)
class Scenario:
    touchpoints: pl.DataFrame
    conversions: pl.DataFrame
    identities: pl.DataFrame
    window_days: float
    max_clicks_per_minute: int | None


@st.composite
def scenarios(draw: st.DrawFn, max_touches: int = 40) -> Scenario:
    """Small random worlds: a few visitors, customers and KOLs, clicks clustered enough in time
    to form bursts and shared journeys, some bots, orders with and without a customer."""
    n_touch = draw(st.integers(0, max_touches))
    visitors = [f"v{i}" for i in range(draw(st.integers(1, 6)))]
    customers = [f"c{i}" for i in range(draw(st.integers(1, 4)))]
    kols = ["kol-a", "kol-b", "kol-c", "kol-d"]
    offsets = st.one_of(
        st.integers(0, 40 * DAY),
        st.integers(0, 120_000),  # bursts of clicks seconds apart
        st.sampled_from([0, DAY, 2 * DAY, 7 * DAY]),  # ties in time
    )
    rows = []
    for i in range(n_touch):
        rows.append(
            {
                "touch_id": draw(st.integers(0, 10**6)) * 100 + i,  # unique, unordered
                "visitor_id": draw(st.sampled_from(visitors)),
                "customer_id": draw(st.one_of(st.none(), st.sampled_from(customers))),
                "influencer_id": draw(st.sampled_from(kols)),
                "post_id": draw(st.one_of(st.none(), st.sampled_from(["p1", "p2", "p3"]))),
                "link_id": draw(st.sampled_from(["l1", "l2", "l3", "l4", "l5"])),
                "campaign_id": draw(st.sampled_from(["camp-1", "camp-2"])),
                "ts": T0 + draw(offsets),
                "is_bot": draw(st.sampled_from([False, False, False, True])),
            }
        )
    n_conv = draw(st.integers(0, 8))
    conv_rows = [
        {
            "conversion_id": f"o{i}",
            "customer_id": draw(st.one_of(st.none(), st.sampled_from(customers))),
            "ts": T0 + draw(offsets),
            "net_revenue_minor": draw(st.integers(0, 50_000)),
        }
        for i in range(n_conv)
    ]
    links = draw(
        st.lists(st.tuples(st.sampled_from(visitors), st.sampled_from(customers)), max_size=6)
    )
    return Scenario(
        touchpoints=pl.DataFrame(rows, schema=TOUCH_SCHEMA),
        conversions=pl.DataFrame(conv_rows, schema=CONVERSION_SCHEMA),
        identities=identity(*links),
        window_days=draw(st.sampled_from([0.5, 1.0, 7.0, 30.0])),
        max_clicks_per_minute=draw(st.sampled_from([None, 1, 2, 3])),
    )


def test_builders_make_frames_the_engine_accepts() -> None:
    tp = touches({"ts": T0}, {"ts": T0 + 1, "visitor_id": "v2", "post_id": "p1"})
    assert normalise_touchpoints(tp).height == 2
    assert normalise_conversions(orders({"ts": T0 + DAY})).height == 1
