"""Benchmark: does the shopper feed rank what each shopper goes on to engage with?

Offline, on the demo world's plan (`demo.world.plan_world`: the same posts, likes, saves,
comments, follows and orders the seeder replays, without a server). For every shopper, the
posts they engaged with (liked, saved, commented on, or bought from through a link on the post),
in the order of their first engagement; the last `--held` are held out. Each held-out
engagement is one ranking, made the moment before it, from what had happened by then:

- the shopper's taste and follows as they stood before the FIRST held-out engagement (their
  engagements, and the purchases attributed to a post as `feeds.tasks.count_orders` learns
  them): nothing held out ever reaches the profile;
- every post's likes, saves and comments so far;
- the candidates: posts published in the 14 days before (`feed_candidate_days`) in the
  shopper's market, by authors they follow, or by the authors of their taste profile ("for
  you"), minus their own posts and those they had already engaged with. Every ranker ranks the
  same pool, so the comparison is of ranking alone;
- relevant: the held-out posts in the pool the shopper had yet to engage with (the share of
  held-out posts that were in the pool when engaged with is printed; no ranker reaches others).

Rankers: (a) popularity — most likes + 2 saves + 1.5 comments so far, and (a') the same over
the last 48 hours only (a stronger baseline in a feed where posts live a day or two);
(b) today's ranker — `rank_feed` knowing only what the feed knew of a shopper before the taste
profile: the element affinity from likes, saves and comments (`feeds.affinity`) and follows,
with the parameters of then (the ranking code itself is today's, exploration included);
(c) the taste ranker — `rank_feed` with the profile of `feeds.taste` (elements, authors and
products; purchases included) and follows, with today's parameters. Impressions are not in the
plan (the seeder serves no feeds), so every post has none, as in a freshly seeded world; trend
lists are not computed offline, so no candidate carries the trending boost.

Figures: recall@20 and NDCG@20 (binary gains; `feeds.taste_quality`) averaged over the
rankings, and their ratios. Target: NDCG@20 at least 1.2 x the popularity baseline (a).

    .venv/bin/python bench/feed_quality.py [--quick] [--size small|large] [--seed N] [--held N]

`--quick` evaluates the small world; the default is the large one (2,500 shoppers). Ends with
one JSON line: {"bench": "feed_quality", "figures": {...}, "targets": {...}, "meets": ...}.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import statistics
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accounts.users import Role
from demo.plan import PostPlan, SizeName, WorldPlan
from demo.world import plan_world
from feeds.affinity import AffinityState, EngagementEvent, EngagementKind, update_affinity
from feeds.feed_store import AFFINITY_ELEMENTS, FOR_YOU_AUTHORS
from feeds.ranking import Candidate, CandidateSource, RankingParams, ShopperProfile, rank_feed
from feeds.taste import Signal, Taste, TasteEvent, faded, learn, strongest
from feeds.taste_quality import ndcg_at, recall_at, split_last

K = 20
CANDIDATE_DAYS = 14
FRESH_DAYS = CANDIDATE_DAYS // 4
RECENT_HOURS = 48
# Today's ranker as it was before the taste profile: its parameters then.
CURRENT_PARAMS = RankingParams(
    half_life_hours=48.0, affinity_weight=2.0, author_weight=0.0, product_weight=0.0
)
TARGET_NDCG_VS_POPULARITY = 1.2
_OLD_KINDS = {
    Signal.LIKE: EngagementKind.LIKE,
    Signal.SAVE: EngagementKind.SAVE,
    Signal.COMMENT: EngagementKind.COMMENT,
}


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: Signal
    post: int
    product_ids: tuple[str, ...] = ()


@dataclass
class PostCounts:
    """One post's engagement over time, to read its counts at any moment."""

    times: list[datetime] = field(default_factory=list)
    likes: list[int] = field(default_factory=list)  # running totals
    saves: list[int] = field(default_factory=list)
    comments: list[int] = field(default_factory=list)

    def add(self, at: datetime, kind: str) -> None:
        last = (self.likes[-1], self.saves[-1], self.comments[-1]) if self.times else (0, 0, 0)
        self.times.append(at)
        self.likes.append(last[0] + (kind == "like"))
        self.saves.append(last[1] + (kind == "save"))
        self.comments.append(last[2] + (kind == "comment"))

    def before(self, moment: datetime) -> tuple[int, int, int]:
        index = bisect.bisect_left(self.times, moment)
        if index == 0:
            return 0, 0, 0
        return self.likes[index - 1], self.saves[index - 1], self.comments[index - 1]


@dataclass
class World:
    plan: WorldPlan
    posted: list[datetime]  # by post index
    counts: list[PostCounts]
    events: dict[str, list[Event]]  # shopper key -> their engagements, in time order
    follows: dict[str, list[tuple[datetime, str]]]


def product_key(brand: str, sku: str) -> str:
    return f"{brand}/{sku}"


def build_world(plan: WorldPlan) -> World:
    posted = [plan.at(post.day, post.second) for post in plan.posts]
    counts = [PostCounts() for _ in plan.posts]
    shoppers = {a.key for a in plan.accounts if a.role is Role.SHOPPER and a.key != plan.spammer}
    events: dict[str, list[Event]] = {key: [] for key in shoppers}
    follows: dict[str, list[tuple[datetime, str]]] = {key: [] for key in shoppers}
    for interaction in sorted(plan.interactions, key=lambda e: (e.day, e.second)):
        at = plan.at(interaction.day, interaction.second)
        if interaction.kind == "follow" and interaction.target is not None:
            if interaction.actor in follows:
                follows[interaction.actor].append((at, interaction.target))
            continue
        if interaction.post is None or interaction.kind not in ("like", "save", "comment"):
            continue
        counts[interaction.post].add(at, interaction.kind)
        if interaction.actor in events:
            events[interaction.actor].append(
                Event(at, Signal(interaction.kind.upper()), interaction.post)
            )
    # Purchases through a link on a post, by a shopper whose email the shop reported: what
    # `feeds.tasks.count_orders` learns from.
    by_email = {a.email: a.key for a in plan.accounts if a.key in shoppers}
    links = {link.key: link for link in plan.links}
    for order in plan.orders:
        shopper = by_email.get(order.customer_email or "")
        if shopper is None or order.click is None:
            continue
        link = links[plan.clicks[order.click].link]
        if link.post is None:
            continue
        products = tuple(product_key(order.brand, sku) for sku, _, _ in order.lines)
        events[shopper].append(
            Event(plan.at(order.day, order.second), Signal.PURCHASE, link.post, products)
        )
    for history in events.values():
        history.sort(key=lambda e: e.at)
    return World(plan, posted, counts, events, follows)


def taste_events(world: World, history: Sequence[Event]) -> list[TasteEvent]:
    posts = world.plan.posts
    return [
        TasteEvent(
            kind=e.kind,
            at=e.at,
            element_ids=posts[e.post].element_ids,
            author_id=posts[e.post].author,
            product_ids=e.product_ids,
        )
        for e in history
    ]


def old_affinity(world: World, history: Sequence[Event]) -> Taste:
    """The element weights the feed kept before the taste profile (fade them to the moment
    with `faded`, as `feed_store.current_weights` did)."""
    events = [
        EngagementEvent(world.plan.posts[e.post].element_ids, _OLD_KINDS[e.kind], e.at)
        for e in history
        if e.kind in _OLD_KINDS
    ]
    state = update_affinity(AffinityState(), events)
    return Taste(elements=state.weights, updated_at=state.updated_at)


def candidate(
    world: World,
    post: PostPlan,
    moment: datetime,
    sources: frozenset[CandidateSource],
) -> Candidate:
    likes, saves, comments = world.counts[post.index].before(moment)
    return Candidate(
        post_id=str(post.index),
        author_id=post.author,
        element_ids=post.element_ids,
        created_at=world.posted[post.index],
        likes=likes,
        saves=saves,
        comments=comments,
        sources=sources,
        product_ids=tuple(product_key(brand, sku) for brand, sku in post.product_tags),
    )


def candidate_pool(
    world: World,
    shopper: str,
    market: str,
    moment: datetime,
    seen: set[int],
    followed: frozenset[str],
    taste: Taste,
) -> list[Candidate]:
    """What the feed would gather at `moment` (`feed_store.gather_candidates`' sources)."""
    top_elements = set(strongest(taste.elements, AFFINITY_ELEMENTS))
    for_you = set(strongest(taste.authors, FOR_YOU_AUTHORS)) - followed
    fresh_since = moment - timedelta(days=FRESH_DAYS)
    first = bisect.bisect_left(world.posted, moment - timedelta(days=CANDIDATE_DAYS))
    last = bisect.bisect_left(world.posted, moment)
    pool: list[Candidate] = []
    for post in world.plan.posts[first:last]:
        if post.author == shopper or post.index in seen:
            continue
        sources: set[CandidateSource] = set()
        if post.author in followed:
            sources.add(CandidateSource.FOLLOWED)
        if post.author in for_you:
            sources.add(CandidateSource.FOR_YOU)
        if post.market == market:
            if world.posted[post.index] >= fresh_since:
                sources.add(CandidateSource.FRESH)
            if top_elements.intersection(post.element_ids):
                sources.add(CandidateSource.AFFINITY)
        if sources or post.market == market:
            pool.append(candidate(world, post, moment, frozenset(sources)))
    return pool


def engagement(likes: int, saves: int, comments: int) -> float:
    return likes + 2 * saves + 1.5 * comments  # the ranker's default weights


def popularity_order(candidates: Sequence[Candidate]) -> list[str]:
    """Most engagement so far first, newer first among equals."""
    ranked = sorted(
        candidates,
        key=lambda c: (-engagement(c.likes, c.saves, c.comments), -c.created_at.timestamp()),
    )
    return [c.post_id for c in ranked]


def recent_popularity_order(
    world: World, candidates: Sequence[Candidate], moment: datetime
) -> list[str]:
    """Most engagement in the last `RECENT_HOURS` first: popularity that knows feeds move."""
    since = moment - timedelta(hours=RECENT_HOURS)

    def recent(c: Candidate) -> float:
        counts = world.counts[int(c.post_id)]
        before = counts.before(since)
        return engagement(c.likes - before[0], c.saves - before[1], c.comments - before[2])

    ranked = sorted(candidates, key=lambda c: (-recent(c), -c.created_at.timestamp()))
    return [c.post_id for c in ranked]


@dataclass
class Scores:
    recall: list[float] = field(default_factory=list)
    ndcg: list[float] = field(default_factory=list)

    def add(self, ranked: Sequence[str], relevant: set[str]) -> None:
        self.recall.append(recall_at(ranked, relevant, K))
        self.ndcg.append(ndcg_at(ranked, relevant, K))


def evaluate(world: World, held: int, params: RankingParams | None = None) -> dict[str, object]:
    """The figures for `held` held-out posts per shopper; `params` are the taste ranker's
    (today's ranker keeps the defaults it had)."""
    plan = world.plan
    markets = {a.key: a.market for a in plan.accounts}
    scores = {
        "popularity": Scores(),
        "recent": Scores(),
        "current": Scores(),
        "taste": Scores(),
    }
    pools: list[int] = []
    held_total = reachable = skipped = shoppers = 0
    for shopper in sorted(world.events):
        events = world.events[shopper]
        firsts: dict[int, Event] = {}
        for e in events:
            firsts.setdefault(e.post, e)
        engaged = sorted(firsts.values(), key=lambda e: e.at)
        if len(engaged) < held + 3:
            skipped += 1
            continue
        _, held_out = split_last(engaged, held)
        cut = held_out[0].at - timedelta(seconds=1)
        history = [e for e in events if e.at < cut]
        seen = {e.post for e in history}
        followed = frozenset(target for at, target in world.follows[shopper] if at < cut)
        taste = learn(Taste(), taste_events(world, history))
        old = old_affinity(world, history)
        market = markets[shopper]
        seed = zlib.crc32(shopper.encode())
        for step, event in enumerate(held_out):
            # Ranked the moment before each held-out engagement; relevant are the held-out
            # posts the shopper had yet to engage with. The profile stays as it was before the
            # first of them: nothing held out leaks into it.
            moment = event.at - timedelta(seconds=1)
            now_taste = faded(taste, moment)
            pool = candidate_pool(world, shopper, market, moment, seen, followed, now_taste)
            relevant = {str(e.post) for e in held_out[step:]} & {c.post_id for c in pool}
            held_total += 1
            reachable += str(event.post) in relevant
            if not relevant:
                continue
            pools.append(len(pool))
            current = ShopperProfile(
                affinity=dict(faded(old, moment).elements), followed_authors=followed
            )
            profile = ShopperProfile(
                affinity=now_taste.elements,
                followed_authors=followed,
                authors=now_taste.authors,
                products=now_taste.products,
            )
            scores["popularity"].add(popularity_order(pool), relevant)
            scores["recent"].add(recent_popularity_order(world, pool, moment), relevant)
            for name, chosen, chosen_params in (
                ("current", current, CURRENT_PARAMS),
                ("taste", profile, params),
            ):
                ranked = rank_feed(pool, chosen, moment, params=chosen_params, seed=seed + step)
                scores[name].add([post.post_id for post in ranked], relevant)
        shoppers += 1

    figures: dict[str, object] = {
        "shoppers": shoppers,
        "shoppers_skipped": skipped,
        "rankings": len(pools),
        "held_per_shopper": held,
        "held_in_pool_share": round(reachable / held_total, 3) if held_total else 0.0,
        "mean_pool": round(statistics.fmean(pools), 1) if pools else 0.0,
    }
    means: dict[str, float] = {}
    for name, value in scores.items():
        means[f"{name}_recall20"] = round(statistics.fmean(value.recall), 4) if pools else 0.0
        means[f"{name}_ndcg20"] = round(statistics.fmean(value.ndcg), 4) if pools else 0.0
    figures.update(means)

    def ratio(a: str, b: str) -> float | None:
        return round(means[a] / means[b], 3) if means[b] > 0 else None

    figures["ndcg20_taste_vs_popularity"] = ratio("taste_ndcg20", "popularity_ndcg20")
    figures["ndcg20_taste_vs_current"] = ratio("taste_ndcg20", "current_ndcg20")
    figures["ndcg20_current_vs_popularity"] = ratio("current_ndcg20", "popularity_ndcg20")
    figures["ndcg20_taste_vs_recent"] = ratio("taste_ndcg20", "recent_ndcg20")
    figures["recall20_taste_vs_popularity"] = ratio("taste_recall20", "popularity_recall20")
    figures["recall20_taste_vs_current"] = ratio("taste_recall20", "current_recall20")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small world, a few seconds")
    parser.add_argument("--size", choices=("small", "large"), default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--held", type=int, default=3, help="engaged posts held out per shopper")
    args = parser.parse_args()
    size: SizeName = args.size or ("small" if args.quick else "large")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.perf_counter()
    world = build_world(plan_world(args.seed, size))
    figures = evaluate(world, args.held)
    figures.update(world=size, seed=args.seed, quick=args.quick)
    seconds = time.perf_counter() - started
    print(
        f"{size} world, seed {args.seed}: {figures['shoppers']} shoppers evaluated "
        f"({figures['shoppers_skipped']} with too little history), {args.held} held out each, "
        f"{figures['rankings']} rankings; {figures['held_in_pool_share']:.0%} of held-out posts "
        f"were in the pool when engaged with; pools of {figures['mean_pool']} posts on average "
        f"({seconds:.1f} s)"
    )
    for name, label in (
        ("popularity", "(a) popularity"),
        ("recent", "(a') last 48 h popularity"),
        ("current", "(b) today's ranker"),
        ("taste", "(c) taste ranker"),
    ):
        print(
            f"{label:22s} recall@20 {figures[f'{name}_recall20']:.4f}  "
            f"NDCG@20 {figures[f'{name}_ndcg20']:.4f}"
        )
    print(
        f"NDCG@20 taste / popularity {figures['ndcg20_taste_vs_popularity']}, "
        f"taste / today's {figures['ndcg20_taste_vs_current']}, "
        f"taste / last 48 h popularity {figures['ndcg20_taste_vs_recent']}, "
        f"today's / popularity {figures['ndcg20_current_vs_popularity']}"
    )
    targets = {"ndcg20_taste_vs_popularity": TARGET_NDCG_VS_POPULARITY}
    lift = figures["ndcg20_taste_vs_popularity"]
    meets = isinstance(lift, float) and lift >= TARGET_NDCG_VS_POPULARITY
    print(
        json.dumps(
            {"bench": "feed_quality", "figures": figures, "targets": targets, "meets": meets}
        )
    )


if __name__ == "__main__":
    main()
