"""The demo world's plan and photos, without any store: deterministic, consistent, and made so
that the platform's own algorithms find in it what was planted."""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from accounts.users import Role
from core import clock
from demo.photos import distinct_colours, outfit_photo
from demo.plan import DAY_SECONDS, WorldPlan
from demo.simulate import KindStats, SimulationReport
from demo.stages_suppliers import PROFILES as SUPPLIER_PROFILES
from demo.stages_suppliers import SUPPLIER_EMAIL
from demo.timeline import Timeline, installed
from demo.world import NAMED_ACCOUNTS, occurrences, plan_world
from feeds.extract import PostContent, extract_elements
from feeds.taxonomy import Kind, default_taxonomy
from feeds.trends import TrendState, rank_trending
from media.phash import hamming
from media.pipeline import process_image
from media.validate import DEFAULT_LIMITS

END = date(2026, 5, 31)


@pytest.fixture(scope="module")
def plan() -> WorldPlan:
    return plan_world(1, "small", end=END)


def test_same_seed_same_world_other_seed_other_world(plan: WorldPlan) -> None:
    again = plan_world(1, "small", end=END)
    other = plan_world(2, "small", end=END)
    assert again.posts == plan.posts and again.orders == plan.orders
    assert again.interactions == plan.interactions and again.clicks == plan.clicks
    assert [p.element_ids for p in other.posts] != [p.element_ids for p in plan.posts]


@pytest.mark.parametrize("days_later", [1, 3, 6])
def test_the_day_it_is_seeded_on_only_shifts_the_world(plan: WorldPlan, days_later: int) -> None:
    # A world planned on another weekday must be the same world, days counted from its start:
    # otherwise what the demo accounts see (an inbox, a budget spent once) changes by the day.
    later = plan_world(1, "small", end=END + timedelta(days=days_later))
    assert later.start == plan.start + timedelta(days=days_later)
    assert later.posts == plan.posts and later.orders == plan.orders
    assert later.clicks == plan.clicks and later.interactions == plan.interactions
    assert later.reviews == plan.reviews and later.drops == plan.drops
    assert (later.approval_days, later.payout_days) == (plan.approval_days, plan.payout_days)


def test_every_role_and_every_demo_login_is_in_the_world(plan: WorldPlan) -> None:
    roles = Counter(a.role for a in plan.accounts)
    # Suppliers are not planned with the people: their own stage makes one account each, the
    # demo login among them.
    assert set(roles) == set(Role) - {Role.SUPPLIER}
    supplier_emails = [profile.email for profile in SUPPLIER_PROFILES]
    assert SUPPLIER_EMAIL in supplier_emails and len(set(supplier_emails)) >= 8
    assert roles[Role.SHOPPER] > 100 and roles[Role.INFLUENCER] >= 8
    emails = {a.email for a in plan.accounts}
    assert {a.email for a in NAMED_ACCOUNTS} <= emails
    assert len(emails) == len(plan.accounts)
    markets = {a.market for a in plan.accounts if a.role is Role.SHOPPER}
    assert len(markets) >= 4
    tiers = {a.tier for a in plan.accounts if a.role is Role.INFLUENCER}
    assert tiers == {"mega", "macro", "micro", "nano"}
    assert plan.account("influencer").tier == "mega"  # the demo login has the busiest dashboard


def test_ninety_days_of_events_in_order_and_in_range(plan: WorldPlan) -> None:
    assert plan.end == END and plan.start == END - timedelta(days=89)
    for events in (plan.posts, plan.interactions, plan.clicks, plan.orders):
        moments = [(e.day, e.second) for e in events]
        assert moments == sorted(moments)
        assert all(0 <= day < 90 and 0 <= second < DAY_SECONDS for day, second in moments)
    assert {p.day for p in plan.posts} == set(range(90))
    assert plan.at(0, 0).date() == plan.start


def test_events_refer_to_things_that_exist_before_them(plan: WorldPlan) -> None:
    keys = {a.key for a in plan.accounts}
    skus = {(p.brand, p.sku) for p in plan.products}
    campaigns = {c.key: c for c in plan.campaigns}
    links = {link.key: link for link in plan.links}
    for post in plan.posts:
        assert post.author in keys and set(post.product_tags) <= skus
    for event in plan.interactions:
        assert event.actor in keys
        if event.post is not None:
            post = plan.posts[event.post]
            assert (event.day, event.second) > (post.day, post.second)
            assert event.actor != post.author
    for link in plan.links:
        assert (link.brand, link.sku) in skus
        if link.campaign:
            campaign = campaigns[link.campaign]
            member = next(m for m in campaign.members if m.influencer == link.influencer)
            assert member.outcome == "APPROVED" and member.day <= link.day < campaign.end_day
        if link.post is not None:
            assert plan.posts[link.post].author == link.influencer
    for click in plan.clicks:
        link = links[click.link]
        assert (click.day, click.second) > (link.day, link.second)
    for order in plan.orders:
        if order.click is not None:
            click = plan.clicks[order.click]
            assert (order.day, order.second) > (click.day, click.second)
            assert links[click.link].brand == order.brand
        for refund in order.returns:
            assert (refund.day, refund.second) > (order.day, order.second)
            assert set(refund.lines) <= set(order.lines)


def test_the_commerce_side_has_every_case_worth_showing(plan: WorldPlan) -> None:
    agents = Counter(c.agent for c in plan.clicks)
    assert agents["bot"] and agents["preview"] and agents["mobile"] > agents["bot"]
    assert any(c.head for c in plan.clicks)
    assert sum(o.creator_code is not None for o in plan.orders) > 10
    returns = [r for o in plan.orders for r in o.returns]
    assert any(r.late for r in returns) and any(not r.late for r in returns)
    assert {o.key for o in plan.orders} >= {"self-purchase", "injected-click"}
    statuses = Counter((c.activate, c.end_day < 90) for c in plan.campaigns)
    assert statuses[(True, True)] and statuses[(True, False)] and statuses[(False, False)]
    outcomes = Counter(m.outcome for c in plan.campaigns for m in c.members)
    assert outcomes["APPROVED"] > outcomes["DECLINED"] > 0 and outcomes["PENDING"]
    assert any(m.invited for c in plan.campaigns for m in c.members)
    assert plan.payout_days and plan.approval_days[-1] == 89


def test_test_drops_launch_on_planted_elements_with_every_kind_of_seller(plan: WorldPlan) -> None:
    planted = {p.element_id: p.direction for p in plan.planted}
    designers = dict(plan.designer_brands)
    assert set(designers) == {a.key for a in plan.accounts if a.role is Role.DESIGNER}
    profiles = Counter(p.profile for d in plan.drops for p in d.products)
    assert set(profiles) == {"hit", "steady", "slow", "returns"}
    for drop in plan.drops:
        assert designers[drop.designer] == drop.brand
        assert all(element in planted for element in drop.element_ids)
        assert 0 <= plan.size.days - 1 - drop.launch_day <= 30 or drop.launch_day > 89
    assert {planted[e] for d in plan.drops for e in d.element_ids} == {"EMERGING", "DECLINING"}
    assert any(d.launch_day > 89 for d in plan.drops)  # one not launched yet
    sold = Counter(line[0] for o in plan.drop_orders for line in o.lines)
    by_profile = {p.sku: p.profile for d in plan.drops for p in d.products}
    hit = next(sku for sku, profile in by_profile.items() if profile == "hit")
    slow = [sku for sku, profile in by_profile.items() if profile == "slow"]
    assert all(sold[hit] > 5 * sold[sku] for sku in slow)
    returned = Counter(r.lines[0][0] for o in plan.drop_orders for r in o.returns)
    heavy = next(sku for sku, profile in by_profile.items() if profile == "returns")
    assert returned[heavy] > 0.3 * sold[heavy] and returned[hit] < 0.15 * sold[hit]


def test_the_spammer_posts_a_lot_but_one_element(plan: WorldPlan) -> None:
    spam = [p for p in plan.posts if p.spam]
    assert len(spam) >= 20 and {p.author for p in spam} == {plan.spammer}
    assert len({e for p in spam for e in p.element_ids}) <= 2
    assert sum(e.kind == "report" for e in plan.interactions) == 3


@pytest.mark.parametrize("seed", [1, 4])
def test_the_trend_detector_finds_what_was_planted(seed: int) -> None:
    plan = plan_world(seed, "small", end=END)
    frame = occurrences(plan)
    pooled = rank_trending(frame, window_days=7, as_of=plan.end)
    rank = {r.element_id: r for r in pooled}
    assert len(plan.emerging) == 3 and len(plan.declining) == 2
    for planted in plan.emerging:
        if planted.market is None:  # everywhere: on top of the pooled list
            assert rank[planted.element_id].rank <= 3, [r.element_id for r in pooled[:5]]
            assert rank[planted.element_id].growth_pct > 25
        else:  # one market: near the top of that market's list
            local = rank_trending(frame, market=planted.market, window_days=7, as_of=plan.end)
            row = next(r for r in local if r.element_id == planted.element_id)
            assert row.rank <= 6 and row.growth_pct > 0
    for planted in plan.declining:
        assert rank[planted.element_id].rank > len(pooled) * 2 // 3
        assert rank[planted.element_id].growth_pct < -15
    # The spammer's element is not a trend, whatever its post count.
    spam_element = plan.posts[next(p.index for p in plan.posts if p.spam)].element_ids[0]
    assert rank[spam_element].state is not TrendState.EMERGING


def test_captions_read_back_as_the_planned_elements(plan: WorldPlan) -> None:
    for post in plan.posts[:150]:
        found = set(extract_elements(PostContent(caption=post.caption)).element_ids())
        assert set(post.element_ids) <= found, post.caption


def _palette_colours(data: bytes) -> set[str]:
    processed = process_image(data, limits=DEFAULT_LIMITS)
    palette = [[(c.hex, c.share) for c in processed.palette]]
    return set(extract_elements(PostContent(palettes=palette)).element_ids())


def test_photos_show_the_post_colours_to_the_real_palette_extraction() -> None:
    taxonomy = default_taxonomy()
    colours = [e for e in taxonomy.by_kind(Kind.COLOUR) if e.srgb]
    by_hex = {e.srgb: e.id for e in colours}
    rng = random.Random(11)
    exact = 0
    for seed in range(40):
        chosen = [e.srgb or "" for e in rng.sample(colours, rng.choice([1, 2, 2, 3]))]
        shown = {by_hex[c] for c in distinct_colours(chosen)}
        exact += _palette_colours(outfit_photo(chosen, seed)) == shown
    assert exact >= 37
    plain = sum(not _palette_colours(outfit_photo([], seed)) for seed in range(20))
    assert plain >= 19  # a photo with no colour element names none


def test_distinct_colours_never_shows_two_close_shades() -> None:
    assert distinct_colours(["#f4e3a0", "#eadbb8", "#1b2440"]) == ["#f4e3a0", "#1b2440"]
    assert distinct_colours(["#cc1f2d", "#8e1520", "#cc1f2d"]) == ["#cc1f2d"]
    assert distinct_colours([]) == []


def test_no_two_photos_look_like_reposts_of_each_other() -> None:
    hashes = [
        process_image(
            outfit_photo(["#f4e3a0"] if seed % 2 else [], seed), limits=DEFAULT_LIMITS
        ).phash
        for seed in range(60)
    ]
    closest = min(hamming(a, b) for a, b in itertools.combinations(hashes, 2))
    assert closest > 6  # the repost detector's default distance


def test_the_timeline_gives_each_thread_its_moment_and_the_rest_the_shared_one() -> None:
    timeline = Timeline()
    before = timeline.now()
    assert abs((before - datetime.now(UTC)).total_seconds()) < 5  # nothing set: real time
    shared = datetime(2026, 3, 1, 12, tzinfo=UTC)
    own = datetime(2026, 2, 1, 9, tzinfo=UTC)
    timeline.set(shared)
    seen: dict[str, datetime] = {}

    def elsewhere() -> None:
        seen["other"] = timeline.now()

    with timeline.at(own):
        seen["own"] = timeline.now()
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    assert seen == {"own": own, "other": shared}
    assert timeline.now() == shared
    with installed(timeline):
        assert clock.now() == shared
    assert clock.now() != shared


def test_latency_percentiles_and_the_run_report() -> None:
    stats = KindStats(latencies=[i / 1000 for i in range(1, 101)], errors=2)
    summary = stats.summary()
    assert summary["requests"] == 100 and summary["errors"] == 2
    assert 49 <= summary["p50_ms"] <= 51 and 94 <= summary["p95_ms"] <= 96
    assert summary["p99_ms"] >= summary["p95_ms"] >= summary["p50_ms"]
    report = SimulationReport(10.0, {"click": stats, "like": KindStats()}, [], 0)
    assert report.requests == 100 and report.errors == 2 and report.rate == 10.0
    assert report.as_dict()["kinds"]["like"] == {"requests": 0, "errors": 0}
