"""The demo world as a plan: who exists, what they post, like, click and buy, and when.

Pure and deterministic: `plan_world(seed, size, end)` returns the same `WorldPlan` for the same
arguments (ids are made later, by the code the stages drive). Every event carries its day index
(0 = the first day, `days - 1` = `end`) and a second within that day; `demo.stages` replays
the plan through the platform's own code at those moments.

The posts' elements come from `feeds.synthetic.generate_stream` (a stable background with
weekly seasonality, planted emerging and declining elements, a spammer), configured for a world
of a few hundred accounts; its synthetic authors are re-drawn from the world's accounts of the
post's market, and its engagement becomes likes, saves and comments. Captions come from
`caption_for`, so extraction reads the planned elements back.

Sizes (`demo.plan.SIZES`): `small` is what `make run` seeds in about half a minute on two
cores, embedded store included; `large` is for load tests against a real MongoDB.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl

from demo.commerce import (
    plan_campaigns,
    plan_catalogue,
    plan_clicks_and_orders,
    plan_links,
    plan_reviews,
)
from demo.content import plan_elements, plan_interactions, plan_posts, stream_config
from demo.drop_plan import plan_drops
from demo.people import NAMED_ACCOUNTS, USER_AGENTS, plan_accounts, plan_visitors
from demo.plan import (
    DAY_SECONDS,
    SIZES,
    WORLD_END_WEEKDAY,
    Direction,
    PlantedElement,
    SizeName,
    WorldPlan,
    WorldSize,
)
from demo.shopper_looks import plan_look_traffic, with_shopper_tags
from feeds.synthetic import PlantedTrend, generate_stream
from feeds.taxonomy import default_taxonomy

__all__ = [
    "DAY_SECONDS",
    "NAMED_ACCOUNTS",
    "SIZES",
    "USER_AGENTS",
    "PlantedElement",
    "WorldPlan",
    "occurrences",
    "plan_world",
]


# --- the whole world -----------------------------------------------------------------------


def plan_world(
    seed: int, size: WorldSize | SizeName = "small", end: date | None = None
) -> WorldPlan:
    """The world for `seed`, ending on `end` (default: yesterday, UTC)."""
    chosen = SIZES[size] if isinstance(size, str) else size
    last = end if end is not None else datetime.now(UTC).date() - timedelta(days=1)
    start = last - timedelta(days=chosen.days - 1)
    taxonomy = default_taxonomy()
    accounts = plan_accounts(seed, chosen)
    element_ids = plan_elements(seed, chosen, taxonomy)
    brands, products = plan_catalogue(seed, chosen, accounts, element_ids, taxonomy)
    campaigns = plan_campaigns(seed, chosen, accounts, products)
    stream = generate_stream(stream_config(chosen, element_ids, last), seed=seed)
    posts = plan_posts(
        seed, chosen, start, accounts, products, campaigns, stream.frame, stream.truth, taxonomy
    )
    posts = with_shopper_tags(seed, posts, accounts, products)
    links = plan_links(seed, accounts, products, campaigns, posts)
    visitors = plan_visitors(seed, chosen, accounts)
    clicks, orders = plan_clicks_and_orders(
        seed, chosen, accounts, products, campaigns, links, visitors
    )
    look_links, clicks, orders = plan_look_traffic(
        seed, chosen, accounts, posts, products, visitors, clicks, orders
    )
    links = sorted([*links, *look_links], key=lambda link: (link.day, link.second, link.key))
    truth = stream.truth
    directions: tuple[tuple[Direction, tuple[PlantedTrend, ...]], ...] = (
        ("EMERGING", truth.emerging),
        ("DECLINING", truth.declining),
    )
    planted = tuple(
        PlantedElement(
            element_id=trend.element_id,
            name=taxonomy[trend.element_id].name,
            direction=direction,
            market=trend.market,
            onset_day=(trend.onset - start).days,
            onset=trend.onset,
        )
        for direction, trends in directions
        for trend in trends
    )
    attached, drops, drop_orders = plan_drops(seed, chosen, accounts, planted, taxonomy)
    # Weekly approvals (the platform runs them daily) and fortnightly payouts, on the world's
    # own Mondays (its week ends on WORLD_END_WEEKDAY, not on the calendar's), so the world is
    # the same whatever day it is seeded on.
    last_day = chosen.days - 1
    mondays = [d for d in range(chosen.days) if (WORLD_END_WEEKDAY - (last_day - d)) % 7 == 0]
    return WorldPlan(
        seed=seed,
        size=chosen,
        start=start,
        end=last,
        accounts=tuple(accounts),
        brands=tuple(brands),
        products=tuple(products),
        campaigns=tuple(campaigns),
        posts=tuple(posts),
        interactions=tuple(plan_interactions(seed, chosen, accounts, posts)),
        reviews=tuple(plan_reviews(seed, chosen, campaigns, posts)),
        links=tuple(links),
        visitors=tuple(visitors),
        clicks=tuple(clicks),
        orders=tuple(orders),
        approval_days=(*mondays, chosen.days - 1),
        payout_days=tuple(mondays[1::2]),
        designer_brands=attached,
        drops=tuple(drops),
        drop_orders=tuple(drop_orders),
        planted=planted,
        spammer="spammer",
        element_ids=element_ids,
        truth=truth,
    )


def occurrences(plan: WorldPlan) -> pl.DataFrame:
    """The plan's posts as the trend detector's input: one row per (post, planned element)."""
    rows = [
        (element_id, post.market, plan.start + timedelta(days=post.day), post.index, post.author)
        for post in plan.posts
        for element_id in post.element_ids
    ]
    return pl.DataFrame(
        rows,
        schema={
            "element_id": pl.String,
            "market": pl.String,
            "day": pl.Date,
            "post_id": pl.Int64,
            "author_id": pl.String,
        },
        orient="row",
    )
