"""Seeding stages that run the periodic jobs once: orders counted on the posts' elements and
feed impressions at the end of the last day, then trend lists, test-drop verdicts and the
brands' reports as of now."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from functools import partial

from attribution import report_refresh
from attribution.report_cache import ReportKey
from attribution.report_requests import clean_range
from core.mongo import sync_db
from core.redis import sync_client
from demo.replay import World, at_moment
from demo.timeline import Progress
from feeds import feed_store, trend_store
from feeds.drops.tasks import recompute_drop
from feeds.extraction_io import current_taxonomy
from feeds.tasks import DEFAULT_LISTS, count_orders, flush_impressions

# --- feeds ---------------------------------------------------------------------------------

FEED_READERS = 40


async def seed_feeds(world: World, progress: Progress) -> None:
    """Orders counted on the posts' elements and some feed reading (impressions): the
    periodic jobs, run once at the end of the last day."""
    state, plan = world.state, world.plan
    settings = state.settings
    readers = [a for a in plan.accounts if a.role.value == "SHOPPER" and a.key != plan.spammer]
    progress.begin("feeds", 2 + min(FEED_READERS, len(readers)))
    evening = world.at(plan.size.days - 1, 20 * 3600)

    def count_all_orders() -> None:
        while count_orders()["seen"] >= 1000:
            continue

    await asyncio.to_thread(at_moment, world.timeline, evening, count_all_orders)
    progress.advance()
    for reader in readers[:FEED_READERS]:
        await feed_store.feed_page(
            state.db,
            state.redis,
            settings,
            shopper_id=world.users[reader.key].id,
            market=reader.market,
            first=20,
            after=None,
        )
        progress.advance()
    await asyncio.to_thread(at_moment, world.timeline, evening, flush_impressions)
    progress.advance()


# --- now -----------------------------------------------------------------------------------


async def seed_now(world: World, progress: Progress) -> None:
    """The world caught up with the present: the designers' trend lists, the test drops'
    verdicts and the brands' reports as of now (what the periodic jobs would have done by the
    time anyone looks)."""
    settings = world.state.settings
    progress.begin("now", 2 + len(world.drop_ids))
    now = datetime.now(UTC)
    world.timeline.set(now)
    version = current_taxonomy(settings).version
    await asyncio.to_thread(
        trend_store.refresh_sync, sync_db(settings), DEFAULT_LISTS, version, now
    )
    progress.advance()
    for drop_id in world.drop_ids.values():
        await asyncio.to_thread(at_moment, world.timeline, now, partial(recompute_drop, drop_id))
        progress.advance()
    # Each brand's default report (the last 30 days), computed as its job would, so the first
    # look at the reports does not wait for it.
    start, end = clean_range(settings, None, None)
    keys = [
        ReportKey(world.users[brand.key].id, None, None, start, end, "USD")
        for brand in world.plan.brands
    ]
    await asyncio.to_thread(
        at_moment,
        world.timeline,
        now,
        partial(
            report_refresh.compute,
            sync_db(settings),
            sync_client(world.state.redis_url),
            settings,
            keys,
        ),
    )
    progress.advance()
