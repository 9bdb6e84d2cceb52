"""The demo world's shopper channel: some shoppers tag the products they wear, their looks'
tracked links get clicks from their friends and followers, and a few of those clicks become
orders that earn the shopper points (one the shopper places through their own look, which earns
nothing). Planned with generators of their own, so the rest of the world stays as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from accounts.users import Role
from demo.commerce import _fresh_visitor, _order
from demo.plan import (
    DAY_SECONDS,
    AccountPlan,
    ClickPlan,
    LinkPlan,
    OrderPlan,
    PostPlan,
    ProductPlan,
    Visitor,
    WorldSize,
    rng_for,
)

# Share of shoppers' posts that tag a product (the demo login's own posts: more of them).
TAG_SHARE = 0.25
DEMO_SHOPPER_TAG_SHARE = 0.8
# A shopper's look reaches fewer people than a KOL's link, and for a shorter time.
LOOK_PULL = 0.5
# The demo login's looks travel further, so its profile shows points earned and pending.
DEMO_SHOPPER_PULL = 2.0
LOOK_DAYS = 10
# Friends buy what they saw a friend wear more often than strangers follow an ad.
LOOK_CONVERSION_BOOST = 2.0
LOOK_PREFIX = "look:"


def is_look_link(key: str) -> bool:
    return key.startswith(LOOK_PREFIX)


def with_shopper_tags(
    seed: int,
    posts: Sequence[PostPlan],
    accounts: Sequence[AccountPlan],
    products: Sequence[ProductPlan],
) -> list[PostPlan]:
    """The posts, with a product tagged on some shoppers' untagged ones."""
    rng = rng_for(seed, "shopper-tags")
    shoppers = {a.key for a in accounts if a.role is Role.SHOPPER and a.key != "spammer"}
    tagged: list[PostPlan] = []
    for post in posts:
        share = DEMO_SHOPPER_TAG_SHARE if post.author == "shopper" else TAG_SHARE
        eligible = post.author in shoppers and not post.product_tags and not post.spam
        # The draw only for eligible posts, so the other posts never move the generator.
        if eligible and float(rng.random()) < share:
            product = products[int(rng.integers(len(products)))]
            post = dataclasses.replace(post, product_tags=((product.brand, product.sku),))
        tagged.append(post)
    return tagged


def plan_look_traffic(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    posts: Sequence[PostPlan],
    products: Sequence[ProductPlan],
    visitors: Sequence[Visitor],
    clicks: Sequence[ClickPlan],
    orders: Sequence[OrderPlan],
) -> tuple[list[LinkPlan], list[ClickPlan], list[OrderPlan]]:
    """The shoppers' look links, and every click and order with the looks' ones merged in
    (clicks re-numbered in time order, orders pointing at their clicks' new numbers)."""
    rng = rng_for(seed, "look-traffic")
    shoppers = {a.key for a in accounts if a.role is Role.SHOPPER}
    prices = {(p.brand, p.sku): p.price_minor for p in products}
    brand_skus: dict[str, list[str]] = {}
    for product in products:
        brand_skus.setdefault(product.brand, []).append(product.sku)
    humans = [v for v in visitors if v.agent in ("desktop", "mobile")]
    last_day = size.days - 1

    links = [
        LinkPlan(
            f"{LOOK_PREFIX}{post.index}",
            post.author,
            post.product_tags[0][0],
            post.product_tags[0][1],
            post.index,
            None,
            post.day,
            min(DAY_SECONDS - 1, post.second + 120),
        )
        for post in posts
        if post.author in shoppers and post.product_tags and not post.spam
    ]
    raw: list[tuple[int, int, str, int]] = []
    for link in links:
        taken: set[int] = set()
        for day in range(link.day, min(last_day, link.day + LOOK_DAYS) + 1):
            pull = DEMO_SHOPPER_PULL if link.influencer == "shopper" else LOOK_PULL
            rate = size.link_clicks_per_day * pull * 0.5 ** ((day - link.day) / 2)
            for _ in range(int(rng.poisson(rate))):
                second = int(rng.integers(0, DAY_SECONDS - 120))
                if day == link.day:
                    second = max(second, link.second + 60)
                    if second >= DAY_SECONDS - 120:
                        continue
                person = _fresh_visitor(rng, humans, taken)
                if person is not None:
                    raw.append((day, second, link.key, person.index))

    # Merge with the other clicks, in time order, and re-number them all.
    merged = sorted(
        [(c.day, c.second, c.link, c.visitor, "kol", c.index) for c in clicks]
        + [(d, s, link, v, "look", i) for i, (d, s, link, v) in enumerate(raw)],
        key=lambda r: (r[0], r[1], r[2], r[3]),
    )
    renumber: dict[tuple[str, int], int] = {}
    all_clicks: list[ClickPlan] = []
    for index, (day, second, link_key, visitor, source, old) in enumerate(merged):
        renumber[(source, old)] = index
        if source == "kol":
            all_clicks.append(dataclasses.replace(clicks[old], index=index))
        else:
            agent = visitors[visitor].agent
            all_clicks.append(ClickPlan(index, day, second, link_key, visitor, agent))
    all_orders = [
        dataclasses.replace(o, click=renumber[("kol", o.click)]) if o.click is not None else o
        for o in orders
    ]

    by_key = {link.key: link for link in links}
    for i, (day, second, link_key, visitor) in enumerate(raw):
        if float(rng.random()) >= size.conversion * LOOK_CONVERSION_BOOST:
            continue
        link = by_key[link_key]
        moment = day * DAY_SECONDS + second + int(rng.integers(5 * 60, DAY_SECONDS))
        order_day, order_second = divmod(moment, DAY_SECONDS)
        if order_day > last_day:
            continue
        all_orders.append(
            _order(
                rng,
                f"look{len(all_orders):05d}",
                link.brand,
                order_day,
                order_second,
                visitors[visitor],
                renumber[("look", i)],
                None,
                link.sku,
                brand_skus[link.brand],
                prices,
                None,
                last_day,
            )
        )
    all_orders.extend(_own_look_purchase(rng, accounts, links, all_clicks, prices, last_day))
    all_orders.sort(key=lambda o: (o.day, o.second, o.key))
    return links, all_clicks, all_orders


def _own_look_purchase(
    rng: np.random.Generator,
    accounts: Sequence[AccountPlan],
    links: Sequence[LinkPlan],
    clicks: Sequence[ClickPlan],
    prices: dict[tuple[str, str], int],
    last_day: int,
) -> list[OrderPlan]:
    """The demo shopper buys through their own look: an order the shop reports, no points."""
    demo = next((a for a in accounts if a.key == "shopper"), None)
    own = {link.key: link for link in links if link.influencer == "shopper"}
    click = next((c for c in clicks if c.link in own), None)
    if demo is None or click is None:
        return []
    link = own[click.link]
    second = click.second + int(rng.integers(300, 900))
    if second >= DAY_SECONDS or click.day > last_day:
        return []
    return [
        OrderPlan(
            key="own-look-purchase",
            brand=link.brand,
            day=click.day,
            second=second,
            visitor=click.visitor,
            click=click.index,
            creator_code=None,
            lines=((link.sku, 1, prices[(link.brand, link.sku)]),),
            customer_email=demo.email,
            returns=(),
        )
    ]
