"""The demo world's content: its element vocabulary, posts from the synthetic stream (planted
trends, weekly seasonality, a spammer), and the likes, saves, comments, follows and reports
around them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

from accounts.users import Role
from demo.comments import comment
from demo.plan import (
    DAY_SECONDS,
    STREAM_ELEMENTS_PER_POST,
    WORLD_END_WEEKDAY,
    AccountPlan,
    CampaignPlan,
    Interaction,
    PostPlan,
    ProductPlan,
    WorldSize,
    daytime,
    rng_for,
)
from feeds.synthetic import (
    GroundTruth,
    SyntheticConfig,
    caption_for,
    posts_from_occurrences,
)
from feeds.taxonomy import Kind, Taxonomy


def plan_elements(seed: int, size: WorldSize, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The world's vocabulary: a few elements of each kind, never one that implies another
    (that would add occurrences nobody planned)."""
    rng = rng_for(seed, "elements")
    chosen: list[str] = []
    for kind, count in size.elements_per_kind.items():
        pool = [e.id for e in taxonomy.by_kind(Kind(kind)) if not e.implies]
        if kind == Kind.COLOUR.value:
            pool = [e.id for e in taxonomy.by_kind(Kind.COLOUR) if e.srgb]
        picks = rng.choice(len(pool), size=min(count, len(pool)), replace=False)
        chosen.extend(pool[int(i)] for i in sorted(picks))
    return tuple(chosen)


# --- posts ---------------------------------------------------------------------------------


def stream_config(size: WorldSize, element_ids: tuple[str, ...], end: date) -> SyntheticConfig:
    return SyntheticConfig(
        days=size.days,
        end=end,
        end_weekday=WORLD_END_WEEKDAY,
        markets=size.markets,
        market_weights=size.market_weights,
        element_ids=element_ids,
        occurrences_per_day=size.occurrences_per_day,
        n_authors=max(size.shoppers, 50),
        n_emerging=3,
        n_declining=2,
        elements_per_post=STREAM_ELEMENTS_PER_POST,
        onset_days_before_end=(11, 13),
        emerging_growth=(0.24, 0.3),
        emerging_plateau=(10.0, 14.0),
        declining_decay=(0.15, 0.25),
        declining_floor=(0.08, 0.15),
        spam_posts_per_day=size.spam_posts_per_day,
        spam_days=size.spam_days,
    )


def plan_posts(
    seed: int,
    size: WorldSize,
    start: date,
    accounts: Sequence[AccountPlan],
    products: Sequence[ProductPlan],
    campaigns: Sequence[CampaignPlan],
    stream_frame: pl.DataFrame,
    truth: GroundTruth,
    taxonomy: Taxonomy,
) -> list[PostPlan]:
    rng = rng_for(seed, "posts")
    by_market: dict[str, list[AccountPlan]] = {}
    for account in accounts:
        if account.role is Role.SHOPPER and account.key != "spammer":
            by_market.setdefault(account.market, []).append(account)
    # Long-tailed activity: the first shoppers of a market post far more than the last.
    activity = {
        market: (w := 1.0 / (np.arange(len(pool)) + 3.0) ** 0.8) / w.sum()
        for market, pool in by_market.items()
    }
    influencers = [a for a in accounts if a.role is Role.INFLUENCER]
    tiers = {t.name: t for t in size.tiers}
    influencer_weights = np.array([tiers[a.tier or "nano"].posts_per_week for a in influencers])
    posts_per_day = size.occurrences_per_day / STREAM_ELEMENTS_PER_POST
    influencer_share = float(influencer_weights.sum()) / 7.0 / max(1.0, posts_per_day)
    spammer_id = truth.spammer.author_id if truth.spammer is not None else None

    rows = posts_from_occurrences(stream_frame)
    posts: list[PostPlan] = []
    for row in rows.iter_rows(named=True):
        day = (row["day"] - start).days
        element_ids = tuple(sorted(row["element_ids"]))
        spam = row["author_id"] == spammer_id
        market = row["market"]
        if spam:
            author = "spammer"
        elif influencers and float(rng.random()) < min(0.5, influencer_share):
            pick = rng.choice(len(influencers), p=influencer_weights / influencer_weights.sum())
            author = influencers[int(pick)].key
            market = influencers[int(pick)].market
        else:
            pool = by_market.get(market) or by_market[size.markets[0]]
            author = pool[int(rng.choice(len(pool), p=activity[market]))].key
        caption, hashtags = caption_for(element_ids, rng, taxonomy)
        if hashtags:
            caption = f"{caption} {' '.join(hashtags)}"
        if spam:
            caption = f"{caption} DM for 70% off!!! #sale #deals"
        colours = tuple(
            taxonomy[e].srgb or "" for e in element_ids if taxonomy[e].kind is Kind.COLOUR
        )
        campaign = _running_campaign(campaigns, author, day)
        tags: tuple[tuple[str, str], ...] = ()
        if campaign is not None:
            tags = tuple((campaign.brand, sku) for sku in campaign.skus[:2])
        elif author.startswith("influencer") and float(rng.random()) < 0.5:
            product = products[int(rng.integers(len(products)))]
            tags = ((product.brand, product.sku),)
        posts.append(
            PostPlan(
                index=len(posts),
                day=day,
                second=daytime(rng),
                author=author,
                market=market,
                element_ids=element_ids,
                caption=caption,
                colours=tuple(c for c in colours if c),
                product_tags=tags,
                campaign=campaign.key if campaign is not None else None,
                spam=spam,
                photo_seed=int(rng.integers(2**31)),
                engagement=int(row["engagement"]),
            )
        )
    posts.sort(key=lambda p: (p.day, p.second, p.index))
    return [PostPlan(**{**vars(p), "index": i}) for i, p in enumerate(posts)]


def _running_campaign(
    campaigns: Sequence[CampaignPlan], author: str, day: int
) -> CampaignPlan | None:
    """The campaign an influencer post is a deliverable of: one they were approved into and
    that is running that day."""
    for campaign in campaigns:
        if not campaign.activate or not campaign.start_day <= day < campaign.end_day:
            continue
        for member in campaign.members:
            if member.influencer == author and member.outcome == "APPROVED" and member.day < day:
                return campaign
    return None


# --- engagement ----------------------------------------------------------------------------


def plan_interactions(
    seed: int,
    size: WorldSize,
    accounts: Sequence[AccountPlan],
    posts: Sequence[PostPlan],
) -> list[Interaction]:
    rng = rng_for(seed, "interactions")
    people = [a for a in accounts if a.role in (Role.SHOPPER, Role.INFLUENCER)]
    people = [a for a in people if a.key != "spammer"]
    shoppers = [a for a in people if a.role is Role.SHOPPER]
    influencers = [a for a in people if a.role is Role.INFLUENCER]
    events: list[Interaction] = []

    # Follows, on the first days: influencers by audience, some shoppers by chance.
    audience = np.array([a.audience for a in influencers]) if influencers else np.array([])
    for shopper in shoppers:
        count = int(rng.integers(size.follows_per_shopper[0], size.follows_per_shopper[1] + 1))
        targets: set[str] = set()
        for _ in range(count):
            if influencers and float(rng.random()) < 0.7:
                pick = rng.choice(len(influencers), p=audience / audience.sum())
                targets.add(influencers[int(pick)].key)
            else:
                targets.add(shoppers[int(rng.integers(len(shoppers)))].key)
        targets.discard(shopper.key)
        for target in sorted(targets):
            events.append(
                Interaction(
                    "follow", int(rng.integers(0, 7)), daytime(rng), shopper.key, target=target
                )
            )

    last_day = size.days - 1
    pull = _Tastes(seed, people, posts, events)
    for post in posts:
        if post.spam:
            continue
        likes = min(len(people) - 1, round(post.engagement * size.engagement_scale))
        if likes <= 0:
            continue
        fans = rng.choice(len(people), size=likes + 1, replace=False, p=pull.for_post(post))
        chosen = [people[int(i)] for i in fans if people[int(i)].key != post.author][:likes]
        for fan in chosen:
            day = min(last_day, post.day + int(rng.geometric(0.6)) - 1)
            second = post.second + 600 if day == post.day else daytime(rng)
            second = min(second, DAY_SECONDS - 1)
            events.append(Interaction("like", day, second, fan.key, post=post.index))
            draw = float(rng.random())
            if draw < 0.18:
                events.append(Interaction("save", day, second + 1, fan.key, post=post.index))
            elif draw < 0.28:
                events.append(
                    Interaction(
                        "comment",
                        day,
                        second + 2,
                        fan.key,
                        post=post.index,
                        text=comment(rng, post.market),
                    )
                )

    # Three established shoppers, each on a network of their own, report one spam post: with
    # their standing that is enough to hide it until an admin looks.
    spam = [p for p in posts if p.spam]
    if spam and len(shoppers) >= 3:
        reported = spam[len(spam) // 2]
        for reporter in shoppers[:3]:
            events.append(
                Interaction(
                    "report",
                    reported.day,
                    min(DAY_SECONDS - 1, reported.second + 3600),
                    reporter.key,
                    post=reported.index,
                    text="Spam: the same deal over and over.",
                )
            )
    events.sort(key=lambda e: (e.day, e.second))
    return events


class _Tastes:
    """Who engages with a post: people have tastes that last. Each person favours a few of the
    world's elements and a few authors (drawn once, per person; the authors among the active
    ones, as people find favourites among those who post), and the authors they follow, and
    mostly sees their own market; a post's likes go to people in proportion to how well it
    matches them, with a floor so anyone may still like anything. How many likes a post gets is
    unchanged (the stream's engagement decides that); only who gives them follows taste, which
    is what a shopper's feed can learn and `bench/feed_quality.py` measures."""

    FAVOURITES = 3
    FAVOURITE_AUTHORS = 3
    BASE = 0.1
    ELEMENT_PULL = 3.0
    AUTHOR_PULL = 1.5
    FOLLOW_PULL = 1.5
    MARKET_PULL = 1.0

    def __init__(
        self,
        seed: int,
        people: Sequence[AccountPlan],
        posts: Sequence[PostPlan],
        events: Sequence[Interaction],
    ) -> None:
        rng = rng_for(seed, "tastes")
        vocabulary = sorted({e for post in posts for e in post.element_ids})
        self._column = {element: i for i, element in enumerate(vocabulary)}
        self._tastes = np.zeros((len(people), max(1, len(vocabulary))))
        favourites = min(self.FAVOURITES, len(vocabulary))
        for row in range(len(people)):
            if favourites:
                picks = rng.choice(len(vocabulary), size=favourites, replace=False)
                self._tastes[row, picks] = rng.dirichlet(np.ones(favourites))
        index = {person.key: i for i, person in enumerate(people)}
        self._fans: dict[str, list[int]] = {}
        authors = sorted({post.author for post in posts if not post.spam})
        if authors:
            counts = Counter(post.author for post in posts)
            activity = np.array([counts[author] for author in authors], dtype=np.float64)
            for row in range(len(people)):
                picks = rng.choice(
                    len(authors),
                    size=min(self.FAVOURITE_AUTHORS, len(authors)),
                    replace=False,
                    p=activity / activity.sum(),
                )
                for pick in picks:
                    self._fans.setdefault(authors[int(pick)], []).append(row)
        self._followers: dict[str, list[int]] = {}
        for event in events:
            if event.kind == "follow" and event.target is not None and event.actor in index:
                self._followers.setdefault(event.target, []).append(index[event.actor])
        self._markets = np.array([person.market for person in people])

    def for_post(self, post: PostPlan) -> npt.NDArray[np.float64]:
        columns = [self._column[e] for e in post.element_ids if e in self._column]
        weights = self.BASE + self.ELEMENT_PULL * self._tastes[:, columns].sum(axis=1)
        weights = weights + self.MARKET_PULL * (self._markets == post.market)
        followers = self._followers.get(post.author)
        if followers:
            weights[followers] += self.FOLLOW_PULL
        fans = self._fans.get(post.author)
        if fans:
            weights[fans] += self.AUTHOR_PULL
        return np.asarray(weights / weights.sum(), dtype=np.float64)
