"""The demo world's vocabulary: what a plan is made of, the world sizes, and shared helpers.

A `WorldPlan` is plain data: accounts, a catalogue, campaigns, posts, interactions, links,
clicks, orders and returns, each event placed on a day (0 = the first) and a second of that day.
`demo.world.plan_world` makes one; `demo.stages` replays it through the platform.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Literal

import numpy as np

from accounts.users import Role
from feeds.synthetic import GroundTruth

DEMO_DOMAIN = "demo.trendloop.dev"
DAY_SECONDS = 24 * 3600
STREAM_ELEMENTS_PER_POST = 3.5
# The world keeps a week of its own, whose last day is a Wednesday (Monday is 0): weekend peaks
# and Monday jobs fall on the same days of the world whatever the date it is seeded on, so a seed
# always makes the same world, shifted to end yesterday (the trend lists, inboxes and budgets
# the demo logins see no longer change with the day of the week).
WORLD_END_WEEKDAY = 2
SizeName = Literal["small", "large"]
ClickAgent = Literal["desktop", "mobile", "bot", "preview"]
Direction = Literal["EMERGING", "DECLINING"]
DropProfile = Literal["hit", "steady", "slow", "returns"]


@dataclass(frozen=True)
class InfluencerTier:
    name: str
    count: int
    audience: float  # relative pull: follows, clicks per link
    posts_per_week: float


@dataclass(frozen=True)
class WorldSize:
    name: SizeName
    days: int
    markets: tuple[str, ...]
    market_weights: tuple[float, ...]
    shoppers: int
    tiers: tuple[InfluencerTier, ...]  # biggest first: the demo influencer is in the first
    designers: int
    brands: int
    products_per_brand: int
    elements_per_kind: dict[str, int]
    occurrences_per_day: float
    spam_posts_per_day: tuple[int, int]
    spam_days: int
    engagement_scale: float  # synthetic engagement -> likes
    follows_per_shopper: tuple[int, int]
    link_clicks_per_day: float  # for an audience of 1.0, on a link's first day
    click_half_life_days: float
    visitors: int
    conversion: float  # orders per human click
    creator_code_share: float  # extra orders placed with a creator code, per click order
    return_share: float
    late_return_share: float


SIZES: dict[SizeName, WorldSize] = {
    "small": WorldSize(
        name="small",
        days=90,
        # The synthetic stream plants its market-specific trend in the second market and
        # its spammer in the first: a US trend and a UK spammer.
        markets=("UK", "US", "DE", "FR", "BR"),
        market_weights=(0.2, 0.4, 0.15, 0.13, 0.12),
        shoppers=110,
        tiers=(
            InfluencerTier("mega", 1, 6.0, 2.0),
            InfluencerTier("macro", 2, 3.0, 1.5),
            InfluencerTier("micro", 3, 1.5, 1.0),
            InfluencerTier("nano", 2, 0.7, 0.7),
        ),
        designers=2,
        brands=3,
        products_per_brand=8,
        elements_per_kind={
            "colour": 5,
            "pattern": 3,
            "silhouette": 2,
            "material": 3,
            "item": 4,
            "style": 2,
            "occasion": 1,
        },
        occurrences_per_day=18.0,
        spam_posts_per_day=(3, 5),
        spam_days=8,
        engagement_scale=0.075,
        follows_per_shopper=(2, 6),
        link_clicks_per_day=0.5,
        click_half_life_days=4.0,
        visitors=450,
        conversion=0.09,
        creator_code_share=0.25,
        return_share=0.12,
        late_return_share=0.04,
    ),
    "large": WorldSize(
        name="large",
        days=90,
        markets=("US", "UK", "DE", "FR", "BR", "MX", "SA"),
        market_weights=(0.32, 0.18, 0.14, 0.12, 0.1, 0.08, 0.06),
        shoppers=2500,
        tiers=(
            InfluencerTier("mega", 3, 6.0, 4.0),
            InfluencerTier("macro", 8, 3.0, 3.0),
            InfluencerTier("micro", 20, 1.5, 2.0),
            InfluencerTier("nano", 30, 0.7, 1.5),
        ),
        designers=6,
        brands=6,
        products_per_brand=30,
        elements_per_kind={
            "colour": 16,
            "pattern": 8,
            "silhouette": 6,
            "material": 8,
            "item": 14,
            "style": 8,
            "occasion": 3,
        },
        occurrences_per_day=220.0,
        spam_posts_per_day=(20, 40),
        spam_days=14,
        engagement_scale=0.25,
        follows_per_shopper=(3, 15),
        link_clicks_per_day=8.0,
        click_half_life_days=4.0,
        visitors=6000,
        conversion=0.06,
        creator_code_share=0.25,
        return_share=0.12,
        late_return_share=0.04,
    ),
}


# --- the plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountPlan:
    key: str
    email: str
    display_name: str
    role: Role
    market: str
    bio: str
    tier: str | None = None
    audience: float = 0.0


@dataclass(frozen=True)
class BrandPlan:
    key: str  # the brand account's key
    shop_name: str
    domain: str
    demo_shop: bool  # the documented demo shop (fixed id and secret)


@dataclass(frozen=True)
class ProductPlan:
    brand: str
    sku: str
    title: str
    category: str
    price_minor: int
    markets: tuple[str, ...]
    element_ids: tuple[str, ...]


@dataclass(frozen=True)
class MemberPlan:
    influencer: str
    day: int
    second: int
    invited: bool  # the brand invites; otherwise the influencer applies
    outcome: Literal["APPROVED", "DECLINED", "PENDING"]


@dataclass(frozen=True)
class CampaignPlan:
    key: str
    brand: str
    name: str
    brief: str
    markets: tuple[str, ...]
    skus: tuple[str, ...]
    created_day: int
    start_day: int
    end_day: int  # may lie after the last day: the campaign is still running
    budget_minor: int
    rule_kind: Literal["PERCENT", "FLAT", "FIXED_FEE"]
    rule_basis_points: int | None
    rule_amount_minor: int | None
    attribution_window_days: int
    return_window_days: int
    activate: bool
    members: tuple[MemberPlan, ...]


@dataclass(frozen=True)
class PostPlan:
    index: int
    day: int
    second: int
    author: str
    market: str
    element_ids: tuple[str, ...]
    caption: str
    colours: tuple[str, ...]
    product_tags: tuple[tuple[str, str], ...]  # (brand key, sku)
    campaign: str | None
    spam: bool
    photo_seed: int
    engagement: int  # synthetic engagement, before scaling


@dataclass(frozen=True)
class Interaction:
    kind: Literal["follow", "like", "save", "comment", "report"]
    day: int
    second: int
    actor: str
    post: int | None = None  # post index
    target: str | None = None  # account key (follows)
    text: str = ""


@dataclass(frozen=True)
class ReviewPlan:
    """The brand's review of a post submitted for its campaign."""

    post: int  # post index
    campaign: str
    brand: str
    day: int
    second: int
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class LinkPlan:
    key: str
    influencer: str
    brand: str
    sku: str
    post: int | None
    campaign: str | None
    day: int
    second: int


@dataclass(frozen=True)
class Visitor:
    index: int
    ip: str
    market: str
    agent: ClickAgent
    customer_id: str
    email: str | None  # a world account's email when the visitor is one of its shoppers


@dataclass(frozen=True)
class ClickPlan:
    index: int
    day: int
    second: int
    link: str
    visitor: int
    agent: ClickAgent
    head: bool = False


@dataclass(frozen=True)
class ReturnPlan:
    key: str
    day: int
    second: int
    lines: tuple[tuple[str, int, int], ...]  # (sku, quantity, amount_minor)
    late: bool


@dataclass(frozen=True)
class OrderPlan:
    key: str
    brand: str
    day: int
    second: int
    visitor: int
    click: int | None  # the click whose id the shop reports back
    creator_code: tuple[str, str] | None  # (campaign key, influencer key)
    lines: tuple[tuple[str, int, int], ...]
    customer_email: str | None
    returns: tuple[ReturnPlan, ...]


@dataclass(frozen=True)
class DropProductPlan:
    sku: str
    title: str
    category: str
    price_minor: int
    unit_cost_minor: int
    units: int
    profile: DropProfile


@dataclass(frozen=True)
class DropPlan:
    key: str
    designer: str
    brand: str
    name: str
    element_ids: tuple[str, ...]
    markets: tuple[str, ...]
    created_day: int
    launch_day: int  # may lie after the last day: not launched yet
    products: tuple[DropProductPlan, ...]
    reorder_day: int | None  # the designer re-orders the hits that day


@dataclass(frozen=True)
class PlantedElement:
    element_id: str
    name: str
    direction: Direction
    market: str | None
    onset_day: int
    onset: date


@dataclass(frozen=True)
class WorldPlan:
    seed: int
    size: WorldSize
    start: date
    end: date
    accounts: tuple[AccountPlan, ...]
    brands: tuple[BrandPlan, ...]
    products: tuple[ProductPlan, ...]
    campaigns: tuple[CampaignPlan, ...]
    posts: tuple[PostPlan, ...]
    interactions: tuple[Interaction, ...]
    reviews: tuple[ReviewPlan, ...]
    links: tuple[LinkPlan, ...]
    visitors: tuple[Visitor, ...]
    clicks: tuple[ClickPlan, ...]
    orders: tuple[OrderPlan, ...]
    approval_days: tuple[int, ...]
    payout_days: tuple[int, ...]
    designer_brands: tuple[tuple[str, str], ...]  # (designer, brand) attachments
    drops: tuple[DropPlan, ...]
    drop_orders: tuple[OrderPlan, ...]
    planted: tuple[PlantedElement, ...]
    spammer: str
    element_ids: tuple[str, ...]
    truth: GroundTruth = field(repr=False, compare=False)

    def at(self, day: int, second: int) -> datetime:
        """The moment of an event (UTC)."""
        midnight = datetime(self.start.year, self.start.month, self.start.day, tzinfo=UTC)
        return midnight + timedelta(days=day, seconds=second)

    def account(self, key: str) -> AccountPlan:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, AccountPlan]:
        return {a.key: a for a in self.accounts}

    @property
    def emerging(self) -> tuple[PlantedElement, ...]:
        return tuple(p for p in self.planted if p.direction == "EMERGING")

    @property
    def declining(self) -> tuple[PlantedElement, ...]:
        return tuple(p for p in self.planted if p.direction == "DECLINING")


# --- helpers -------------------------------------------------------------------------------


def rng_for(seed: int, stream: str) -> np.random.Generator:
    """An independent generator per part of the plan, so changing one part moves no other."""
    salt = sum((i + 1) * ord(c) for i, c in enumerate(stream))
    return np.random.default_rng([seed, salt])


def daytime(rng: np.random.Generator, earliest: int = 7 * 3600, latest: int = 23 * 3600) -> int:
    return int(rng.integers(earliest, latest))
