"""The demo world's commerce: brands' catalogues, campaigns and their members, shoppable links,
the clicks on them (people, bots and link-preview fetchers), orders (by click and by creator
code), returns inside and after the return window, and the cases an admin should see held."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from accounts.users import Role
from demo.people import BRANDS
from demo.plan import (
    DAY_SECONDS,
    AccountPlan,
    BrandPlan,
    CampaignPlan,
    ClickAgent,
    ClickPlan,
    LinkPlan,
    MemberPlan,
    OrderPlan,
    PostPlan,
    ProductPlan,
    ReturnPlan,
    ReviewPlan,
    Visitor,
    WorldSize,
    daytime,
    rng_for,
)
from feeds.taxonomy import Taxonomy

CATEGORIES = ("Tops", "Dresses", "Bottoms", "Outerwear", "Skirts", "Shoes", "Bags", "Accessories")
# What one product of each category is called in its title.
ITEM_NOUNS = {
    "Tops": "top",
    "Dresses": "dress",
    "Bottoms": "trousers",
    "Outerwear": "jacket",
    "Skirts": "skirt",
    "Shoes": "shoes",
    "Bags": "bag",
    "Accessories": "accessory",
}
# Price bands in USD cents per category.
PRICE_BANDS = {
    "Tops": (1800, 4500),
    "Dresses": (3500, 8900),
    "Bottoms": (2900, 6900),
    "Outerwear": (5900, 14900),
    "Skirts": (2500, 5900),
    "Shoes": (3900, 9900),
    "Bags": (2900, 8900),
    "Accessories": (900, 2900),
}


def plan_catalogue(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    element_ids: Sequence[str],
    taxonomy: Taxonomy,
) -> tuple[list[BrandPlan], list[ProductPlan]]:
    rng = rng_for(seed, "catalogue")
    brands: list[BrandPlan] = []
    products: list[ProductPlan] = []
    domains = {key: domain for key, _, domain in BRANDS}
    for number, account in enumerate(a for a in accounts if a.role is Role.BRAND):
        name, domain = account.display_name, domains[account.key]
        brands.append(BrandPlan(account.key, f"{name} shop", domain, demo_shop=number == 0))
        prefix = "".join(word[0] for word in name.split() if word[0].isalpha())[:3].upper()
        for index in range(size.products_per_brand):
            category = CATEGORIES[index % len(CATEGORIES)]
            element_id = element_ids[int(rng.integers(len(element_ids)))]
            low, high = PRICE_BANDS[category]
            price = int(rng.integers(low // 100, high // 100 + 1)) * 100 - 1
            sku = f"{prefix}-{category[:3].upper()}-{index + 1:03d}"
            markets = tuple(m for m in size.markets if m == "US" or float(rng.random()) < 0.6) or (
                size.markets[0],
            )
            element = taxonomy[element_id]
            products.append(
                ProductPlan(
                    brand=account.key,
                    sku=sku,
                    title=f"{element.name} {ITEM_NOUNS[category]} no. {index + 1}",
                    category=category,
                    price_minor=price,
                    markets=markets,
                    element_ids=(element_id,),
                )
            )
    return brands, products


ORGANIC_SHARE = 0.08  # orders with neither a click nor a creator code, per click order
CAMPAIGN_NAMES = (
    ("Spring Edit", "Show how you wear the spring pieces: one outfit post a week."),
    ("Summer Drop", "Styling the summer drop for holidays and city days."),
    ("Denim Days", "Your everyday denim, styled three ways."),
    ("Linen Week", "Seven days, seven linen looks."),
    ("Weekend Market", "Easy weekend outfits with one statement piece."),
    ("Back to City", "Office-to-evening looks for the new season."),
    ("Festival Fits", "Comfortable, photogenic, rain-proof."),
    ("Capsule Closet", "Ten pieces, thirty outfits."),
    ("Colour Pop", "One bold colour, styled your way."),
)


def plan_campaigns(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    products: Sequence[ProductPlan],
) -> list[CampaignPlan]:
    rng = rng_for(seed, "campaigns")
    influencers = [a for a in accounts if a.role is Role.INFLUENCER]
    campaigns: list[CampaignPlan] = []
    days = size.days
    for brand_number, brand in enumerate(a for a in accounts if a.role is Role.BRAND):
        skus = [p.sku for p in products if p.brand == brand.key]
        # An ended campaign, a running one, and (for the first brand) a draft.
        shapes = [
            (2, 6, days // 2 + 4, True),
            (days // 2 - 10, days // 2 - 4, days + 40, True),
        ]
        if brand_number == 0:
            shapes.append((days - 5, days + 10, days + 60, False))
        for number, (created, start, end, active) in enumerate(shapes):
            name, brief = CAMPAIGN_NAMES[(brand_number * 3 + number) % len(CAMPAIGN_NAMES)]
            key = f"{brand.key}:{number}"
            picked = sorted(rng.choice(len(skus), size=min(4, len(skus)), replace=False))
            flat = brand_number == 1 and number == 1
            # The third brand pays its running campaign's influencers per approved post.
            fixed_fee = brand_number == 2 and number == 1
            members = _members(rng, influencers, start, min(end, days) - 5, brand_number, active)
            campaigns.append(
                CampaignPlan(
                    key=key,
                    brand=brand.key,
                    name=name,
                    brief=brief,
                    markets=tuple(size.markets[: 3 + brand_number % 2]),
                    skus=tuple(skus[int(i)] for i in picked),
                    created_day=created,
                    start_day=start,
                    end_day=end,
                    # The second brand's ended campaign runs on a tight budget and spends it.
                    budget_minor=1_000 if (brand_number == 1 and number == 0) else 2_000_000,
                    rule_kind="FIXED_FEE" if fixed_fee else "FLAT" if flat else "PERCENT",
                    rule_basis_points=None
                    if flat or fixed_fee
                    else int(rng.choice([1000, 1200, 1500])),
                    rule_amount_minor=5_000 if fixed_fee else 600 if flat else None,
                    attribution_window_days=30,
                    return_window_days=14 if number == 0 else 21,
                    activate=active,
                    members=members,
                )
            )
    return campaigns


def _members(
    rng: np.random.Generator,
    influencers: Sequence[AccountPlan],
    start: int,
    last: int,
    brand_number: int,
    active: bool,
) -> tuple[MemberPlan, ...]:
    if not active or not influencers:
        return ()
    count = min(len(influencers), 3 + int(rng.integers(0, 3)))
    chosen = list(rng.choice(len(influencers), size=count, replace=False))
    demo = next(i for i, a in enumerate(influencers) if a.key == "influencer")
    if demo not in chosen:  # the demo influencer takes part in every running campaign
        chosen[0] = demo
    members: list[MemberPlan] = []
    for position, index in enumerate(chosen):
        influencer = influencers[int(index)]
        day = start + int(rng.integers(0, max(1, min(6, last - start))))
        if influencer.key == "influencer":
            outcome: Literal["APPROVED", "DECLINED", "PENDING"] = "APPROVED"
        elif position == count - 1:
            outcome = "DECLINED" if brand_number % 2 == 0 else "PENDING"
        else:
            outcome = "APPROVED"
        members.append(
            MemberPlan(
                influencer=influencer.key,
                day=day,
                second=daytime(rng),
                invited=position == 1,
                outcome=outcome,
            )
        )
    return tuple(members)


# --- reviews, links, clicks, orders --------------------------------------------------------

REJECTION_REASONS = (
    "Please show the product in daylight; the colour reads too dark.",
    "Tag the campaign product on the first photo, not the last.",
    "Add the #ad disclosure to the caption, then submit it again.",
)


def plan_reviews(
    seed: int, size: WorldSize, campaigns: Sequence[CampaignPlan], posts: Sequence[PostPlan]
) -> list[ReviewPlan]:
    """The brands review campaign posts a day or two later; most pass, some go back. A running
    campaign keeps its two newest posts waiting, so each brand has a review queue today."""
    rng = rng_for(seed, "reviews")
    by_campaign: dict[str, list[PostPlan]] = {}
    for post in posts:
        if post.campaign is not None:
            by_campaign.setdefault(post.campaign, []).append(post)
    reviews: list[ReviewPlan] = []
    for campaign in campaigns:
        submitted = sorted(by_campaign.get(campaign.key, []), key=lambda p: (p.day, p.second))
        running = campaign.end_day > size.days
        waiting = 2 if running else 0
        for position, post in enumerate(submitted[: len(submitted) - waiting]):
            day = min(post.day + 1 + int(rng.integers(0, 2)), size.days - 1)
            second = daytime(rng, 9 * 3600, 18 * 3600)
            if day == post.day:
                second = max(second, post.second + 600)
            # The newest reviewed post of a running campaign is one sent back.
            newest = running and position == len(submitted) - waiting - 1
            approve = not newest and float(rng.random()) >= 0.15
            reason = "" if approve else REJECTION_REASONS[post.index % len(REJECTION_REASONS)]
            reviews.append(
                ReviewPlan(post.index, campaign.key, campaign.brand, day, second, approve, reason)
            )
    reviews.sort(key=lambda review: (review.day, review.second, review.post))
    return reviews


def plan_links(
    seed: int,
    accounts: Sequence[AccountPlan],
    products: Sequence[ProductPlan],
    campaigns: Sequence[CampaignPlan],
    posts: Sequence[PostPlan],
) -> list[LinkPlan]:
    rng = rng_for(seed, "links")
    links: list[LinkPlan] = []
    # Every deliverable post links its first tagged product for its campaign.
    for post in posts:
        if post.campaign is None or not post.product_tags:
            continue
        brand, sku = post.product_tags[0]
        links.append(
            LinkPlan(
                f"post:{post.index}",
                post.author,
                brand,
                sku,
                post.index,
                post.campaign,
                post.day,
                min(DAY_SECONDS - 1, post.second + 120),
            )
        )
    # Each approved member also shares a plain campaign link (bio link, stories).
    for campaign in campaigns:
        for member in campaign.members:
            if member.outcome != "APPROVED":
                continue
            sku = campaign.skus[int(rng.integers(len(campaign.skus)))]
            links.append(
                LinkPlan(
                    f"bio:{campaign.key}:{member.influencer}",
                    member.influencer,
                    campaign.brand,
                    sku,
                    None,
                    campaign.key,
                    member.day,
                    min(DAY_SECONDS - 1, member.second + 3600),
                )
            )
    # And a few links outside any campaign (no commission, still attributed in reports).
    for influencer in (a for a in accounts if a.role is Role.INFLUENCER):
        product = products[int(rng.integers(len(products)))]
        links.append(
            LinkPlan(
                f"free:{influencer.key}",
                influencer.key,
                product.brand,
                product.sku,
                None,
                None,
                int(rng.integers(0, 20)),
                daytime(rng),
            )
        )
    links.sort(key=lambda link: (link.day, link.second, link.key))
    return links


def plan_clicks_and_orders(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    products: Sequence[ProductPlan],
    campaigns: Sequence[CampaignPlan],
    links: Sequence[LinkPlan],
    visitors: Sequence[Visitor],
) -> tuple[list[ClickPlan], list[OrderPlan]]:
    rng = rng_for(seed, "clicks")
    influencer_audience = {a.key: a.audience for a in accounts if a.role is Role.INFLUENCER}
    by_campaign = {c.key: c for c in campaigns}
    prices = {(p.brand, p.sku): p.price_minor for p in products}
    brand_skus: dict[str, list[str]] = {}
    for product in products:
        brand_skus.setdefault(product.brand, []).append(product.sku)
    humans = [v for v in visitors if v.agent in ("desktop", "mobile")]
    machines = [v for v in visitors if v.agent in ("bot", "preview")]
    last_day = size.days - 1

    raw: list[tuple[int, int, str, int, ClickAgent, bool]] = []
    clicked: dict[str, set[int]] = {}
    for link in links:
        pull = influencer_audience.get(link.influencer, 1.0)
        campaign = by_campaign.get(link.campaign) if link.campaign else None
        end = min(last_day, campaign.end_day - 1) if campaign else last_day
        for day in range(link.day, end + 1):
            age = day - link.day
            rate = size.link_clicks_per_day * pull * (0.5 ** (age / size.click_half_life_days))
            rate = max(rate, 0.15 * pull)  # bio links keep a trickle
            for _ in range(int(rng.poisson(rate))):
                second = daytime(rng, 0, DAY_SECONDS - 120)
                if day == link.day:
                    second = max(second, link.second + 60)
                    if second >= DAY_SECONDS - 120:
                        continue
                if machines and float(rng.random()) < 0.12:
                    visitor = machines[int(rng.integers(len(machines)))]
                    head = visitor.agent == "preview" and float(rng.random()) < 0.4
                    raw.append((day, second, link.key, visitor.index, visitor.agent, head))
                    continue
                # A person follows one link once: the redirect would (rightly) count a second
                # click within the hour as a repeat, and the replay happens within seconds.
                person = _fresh_visitor(rng, humans, clicked.setdefault(link.key, set()))
                if person is None:
                    continue
                raw.append((day, second, link.key, person.index, person.agent, False))
                if float(rng.random()) < 0.03:  # a double tap: the repeat must not count
                    raw.append((day, second + 2, link.key, person.index, person.agent, False))
    raw.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    clicks = [
        ClickPlan(i, day, second, link, visitor, agent, head)
        for i, (day, second, link, visitor, agent, head) in enumerate(raw)
    ]

    links_by_key = {link.key: link for link in links}
    orders: list[OrderPlan] = []
    seen_clicks: set[tuple[str, int]] = set()
    for click in clicks:
        pair = (click.link, click.visitor)
        if click.agent in ("bot", "preview") or pair in seen_clicks:
            continue
        seen_clicks.add(pair)
        if float(rng.random()) >= size.conversion:
            continue
        link = links_by_key[click.link]
        delay = int(rng.integers(5 * 60, 2 * DAY_SECONDS))
        moment = click.day * DAY_SECONDS + click.second + delay
        day, second = divmod(moment, DAY_SECONDS)
        if day > last_day:
            continue
        orders.append(
            _order(
                rng,
                f"o{len(orders):05d}",
                link.brand,
                day,
                second,
                visitors[click.visitor],
                click.index,
                None,
                link.sku,
                brand_skus[link.brand],
                prices,
                by_campaign.get(link.campaign) if link.campaign else None,
                last_day,
            )
        )

    # Creator-code orders: a code typed at checkout, no click at all.
    click_orders = len(orders)
    members = [
        (c, m) for c in campaigns for m in c.members if c.activate and m.outcome == "APPROVED"
    ]
    for _ in range(round(click_orders * size.creator_code_share)):
        if not members:
            break
        campaign, member = members[int(rng.integers(len(members)))]
        first = max(member.day + 1, campaign.start_day)
        last = min(last_day, campaign.end_day - 1)
        if first > last:
            continue
        day = int(rng.integers(first, last + 1))
        visitor = humans[int(rng.integers(len(humans)))]
        orders.append(
            _order(
                rng,
                f"o{len(orders):05d}",
                campaign.brand,
                day,
                daytime(rng),
                visitor,
                None,
                (campaign.key, member.influencer),
                campaign.skus[int(rng.integers(len(campaign.skus)))],
                brand_skus[campaign.brand],
                prices,
                campaign,
                last_day,
            )
        )
    # Orders nobody referred: the shop reports every order, and these stay uncredited.
    brands = sorted(brand_skus)
    for _ in range(round(click_orders * ORGANIC_SHARE)):
        brand = brands[int(rng.integers(len(brands)))]
        sku = brand_skus[brand][int(rng.integers(len(brand_skus[brand])))]
        visitor = humans[int(rng.integers(len(humans)))]
        day = int(rng.integers(0, last_day + 1))
        orders.append(
            _order(
                rng,
                f"o{len(orders):05d}",
                brand,
                day,
                daytime(rng),
                visitor,
                None,
                None,
                sku,
                brand_skus[brand],
                prices,
                None,
                last_day,
            )
        )
    orders.extend(_special_orders(seed, accounts, links, clicks, visitors, brand_skus, prices))
    orders.sort(key=lambda o: (o.day, o.second, o.key))
    return clicks, orders


def _fresh_visitor(
    rng: np.random.Generator, humans: Sequence[Visitor], taken: set[int]
) -> Visitor | None:
    for _ in range(20):
        visitor = humans[int(rng.integers(len(humans)))]
        if visitor.index not in taken:
            taken.add(visitor.index)
            return visitor
    return None


def _order(
    rng: np.random.Generator,
    key: str,
    brand: str,
    day: int,
    second: int,
    visitor: Visitor,
    click: int | None,
    creator_code: tuple[str, str] | None,
    sku: str,
    skus: Sequence[str],
    prices: dict[tuple[str, str], int],
    campaign: CampaignPlan | None,
    last_day: int,
) -> OrderPlan:
    lines = [(sku, 1, prices[(brand, sku)])]
    if float(rng.random()) < 0.3:  # a second item in the basket
        other = skus[int(rng.integers(len(skus)))]
        if other != sku:
            quantity = 1 + int(float(rng.random()) < 0.2)
            lines.append((other, quantity, prices[(brand, other)] * quantity))
    returns: list[ReturnPlan] = []
    window = campaign.return_window_days if campaign else 45
    draw = float(rng.random())
    if draw < 0.12:
        after = int(rng.integers(2, max(3, window - 1)))
        returned = lines if len(lines) == 1 or float(rng.random()) < 0.5 else lines[:1]
        if day + after <= last_day:
            returns.append(
                ReturnPlan(f"{key}-r1", day + after, daytime(rng), tuple(returned), late=False)
            )
    elif draw < 0.16:
        after = window + int(rng.integers(2, 8))
        if day + after <= last_day:
            returns.append(
                ReturnPlan(f"{key}-r1", day + after, daytime(rng), tuple(lines[:1]), late=True)
            )
    return OrderPlan(
        key=key,
        brand=brand,
        day=day,
        second=min(second, DAY_SECONDS - 1),
        visitor=visitor.index,
        click=click,
        creator_code=creator_code,
        lines=tuple(lines),
        customer_email=visitor.email,
        returns=tuple(returns),
    )


def _special_orders(
    seed: int,
    accounts: Sequence[AccountPlan],
    links: Sequence[LinkPlan],
    clicks: Sequence[ClickPlan],
    visitors: Sequence[Visitor],
    brand_skus: dict[str, list[str]],
    prices: dict[tuple[str, str], int],
) -> list[OrderPlan]:
    """Cases an admin should see held: an influencer buying through their own link, and an
    order reporting a link-preview fetch's click id (what click injection looks like)."""
    rng = rng_for(seed, "special-orders")
    special: list[OrderPlan] = []
    links_by_key = {link.key: link for link in links}
    demo = next((a for a in accounts if a.key == "influencer"), None)
    own = next(
        (
            c
            for c in clicks
            if c.agent in ("desktop", "mobile")
            and links_by_key[c.link].influencer == "influencer"
            and links_by_key[c.link].campaign
        ),
        None,
    )
    if demo is not None and own is not None:
        link = links_by_key[own.link]
        special.append(
            OrderPlan(
                key="self-purchase",
                brand=link.brand,
                day=own.day,
                second=min(DAY_SECONDS - 1, own.second + 900),
                visitor=own.visitor,
                click=own.index,
                creator_code=None,
                lines=((link.sku, 1, prices[(link.brand, link.sku)]),),
                customer_email=demo.email,
                returns=(),
            )
        )
    injected = next(
        (c for c in clicks if c.agent == "preview" and links_by_key[c.link].campaign), None
    )
    if injected is not None:
        link = links_by_key[injected.link]
        sku = brand_skus[link.brand][int(rng.integers(len(brand_skus[link.brand])))]
        special.append(
            OrderPlan(
                key="injected-click",
                brand=link.brand,
                day=injected.day,
                second=min(DAY_SECONDS - 1, injected.second + 30),
                visitor=injected.visitor,
                click=injected.index,
                creator_code=None,
                lines=((sku, 3, 3 * prices[(link.brand, sku)]),),
                customer_email=None,
                returns=(),
            )
        )
    return special
