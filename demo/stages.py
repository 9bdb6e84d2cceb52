"""Replaying a `WorldPlan` through the platform's own code, stage by stage.

Nothing here writes a domain collection directly: accounts go through `accounts.users`, posts
through `posts.lifecycle.create_post` and the media pipeline (`posts.processing.process_post`, the
body of the `media.process_post` task), likes and follows through `posts.social`, products and
campaigns through `commerce.products` / `commerce.campaigns`, links through
`commerce.linkstore`; clicks follow `GET /l/{code}` and orders and returns are signed
webhooks, both sent to the ASGI app in-process over HTTP; approvals and payouts are the jobs'
and the admin mutation's functions.

Time: the plan places every event in the past; `demo.timeline` explains how each call
stamps what it stores with its event's moment. Photos are processed on a small thread pool
(Pillow releases the GIL), each worker thread at the moment of its own post.

This module holds the people and content stages and runs them all; `stages_commerce` has the
money (links, clicks, orders, test drops), `stages_suppliers` the suppliers and their purchase
orders, `stages_jobs` the periodic jobs run once at the end.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from accounts import handles, records
from accounts.users import User, get_user_by_email, hasher, new_user_doc
from api.state import AppState
from commerce import campaigns as campaigns_io
from commerce import deliverables, product_images, products, tag_links
from commerce.shops import DEMO_SHOP_ID, create_shop, seed_demo_shop
from core import clock
from core.mongo import sync_db
from demo.photos import outfit_photo, product_photo
from demo.plan import DAY_SECONDS, WorldPlan
from demo.replay import PHOTO_WORKERS, Stage, World, at_moment
from demo.stages_commerce import seed_commerce, seed_drops
from demo.stages_jobs import seed_feeds, seed_now
from demo.stages_search import seed_search
from demo.stages_suppliers import seed_suppliers
from demo.timeline import Progress, Timeline, installed
from feeds import feed_store
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.taxonomy import Taxonomy
from media.backends import limits_for, storage_for
from posts import lifecycle as posts_io
from posts import marks, social
from posts.post_input import ProductTag
from posts.processing import process_post

COUNTED = (
    "users",
    "follows",
    "posts",
    "likes",
    "saves",
    "comments",
    "post_reports",
    "products",
    "campaigns",
    "campaign_members",
    "links",
    "clicks",
    "orders",
    "returns",
    "ledger",
    "payouts",
    "notifications",
    "post_elements",
    "trend_snapshots",
    "test_drops",
    "report_cache",
)


class _Upload:
    """An in-memory photo in the shape the post intake reads (an upload's async `read`)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._offset = 0

    async def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._offset + size
        chunk = self._data[self._offset : end]
        self._offset += len(chunk)
        return chunk


# --- accounts ------------------------------------------------------------------------------


async def seed_accounts(world: World, progress: Progress) -> None:
    """Every account, with the demo password (one hash: argon2 is slow on purpose)."""
    state, plan = world.state, world.plan
    progress.begin("accounts", len(plan.accounts))
    password_hash = hasher(state.settings).hash(state.settings.demo_password)
    for number, account in enumerate(plan.accounts):
        world.at(0, 6 * 3600 + number)
        doc = new_user_doc(
            account.email,
            password_hash,
            account.display_name,
            account.role,
            home_market=account.market,
            bio=account.bio,
            demo=True,
        )
        await records.insert_if_new(state.db, doc)
        stored = await get_user_by_email(state.db, doc["email"])
        assert stored is not None
        if stored.handle is None:
            await handles.ensure_handle(state.db, stored.id, stored.display_name)
            stored = await get_user_by_email(state.db, doc["email"])
            assert stored is not None
        world.users[account.key] = stored
        progress.advance()


# --- catalogue and campaigns ---------------------------------------------------------------


# Packshot colours for products whose element is not itself a colour (a print, a cut).
_PACKSHOT_COLOURS = ("#3a6ea5", "#b5523b", "#4f7a5a", "#2b2b30", "#c9a227", "#8c5b94", "#d98aa0")


def _product_colour(taxonomy: Taxonomy, element_ids: Sequence[str]) -> str:
    for element_id in element_ids:
        element = taxonomy.get(element_id)
        if element is not None and element.srgb:
            return element.srgb
    digest = sum(ord(c) for c in "".join(element_ids))
    return _PACKSHOT_COLOURS[digest % len(_PACKSHOT_COLOURS)]


async def seed_catalogue(world: World, progress: Progress) -> None:
    state, plan = world.state, world.plan
    progress.begin("catalogue", len(plan.brands) + len(plan.products))
    taxonomy = current_taxonomy(state.settings)
    for brand in plan.brands:
        world.at(0, 7 * 3600)
        owner = world.users[brand.key]
        if brand.demo_shop:
            await seed_demo_shop(state.db, state.settings)
            world.shops[brand.key] = (DEMO_SHOP_ID, state.settings.demo_shop_secret)
            world.domains[brand.key] = state.settings.demo_shop_domains[0]
        else:
            shop, secret = await create_shop(state.db, owner.id, brand.shop_name, [brand.domain])
            world.shops[brand.key] = (shop.id, secret)
            world.domains[brand.key] = brand.domain
        progress.advance()
    for number, product in enumerate(plan.products):
        world.at(0, 8 * 3600 + number * 60)
        row = products.form_row(
            sku=product.sku,
            title=product.title,
            price_minor=product.price_minor,
            currency="USD",
            product_url=f"https://{world.domains[product.brand]}/p/{product.sku.lower()}",
            category=product.category,
            markets=list(product.markets),
        )
        owner = world.users[product.brand]
        created = await products.create_product(state.db, owner, row)
        world.product_ids[(product.brand, product.sku)] = created.id
        # Every product has its packshot, as a brand's catalogue would, so Shop the look shows
        # what is for sale.
        colour = _product_colour(taxonomy, product.element_ids)
        photo = product_photo(product.category, colour, number)
        await product_images.set_product_image(
            state.db,
            storage_for(state.settings),
            limits_for(state.settings),
            owner,
            created.id,
            photo,
        )
        progress.advance()


async def seed_campaigns(world: World, progress: Progress) -> None:
    """Drafts, activations, applications, invitations and the brands' decisions, in order."""
    db, plan = world.state.db, world.plan
    steps: list[tuple[int, int, str, Callable[[], Awaitable[Any]]]] = []

    for campaign in plan.campaigns:
        brand = world.users[campaign.brand]

        async def create(campaign: Any = campaign, brand: User = brand) -> None:
            created = await campaigns_io.create_campaign(
                db,
                brand,
                {
                    "name": campaign.name,
                    "brief": campaign.brief,
                    "markets": list(campaign.markets),
                    "starts_at": plan.at(campaign.start_day, 8 * 3600),
                    "ends_at": plan.at(campaign.end_day, 20 * 3600),
                    "budget_minor": campaign.budget_minor,
                    "currency": "USD",
                    "rule_kind": campaign.rule_kind,
                    "rule_basis_points": campaign.rule_basis_points,
                    "rule_amount_minor": campaign.rule_amount_minor,
                    "attribution_window_days": campaign.attribution_window_days,
                    "return_window_days": campaign.return_window_days,
                    "product_ids": [world.product_ids[(campaign.brand, s)] for s in campaign.skus],
                },
            )
            world.campaign_ids[campaign.key] = created.id

        steps.append((campaign.created_day, 9 * 3600, "create", create))
        if not campaign.activate:
            continue

        async def activate(campaign: Any = campaign, brand: User = brand) -> None:
            await campaigns_io.activate_campaign(db, brand, world.campaign_ids[campaign.key])

        steps.append((campaign.start_day, 8 * 3600, "activate", activate))
        for member in campaign.members:
            influencer = world.users[member.influencer]

            async def join(
                campaign: Any = campaign,
                member: Any = member,
                brand: User = brand,
                influencer: User = influencer,
            ) -> None:
                campaign_id = world.campaign_ids[campaign.key]
                if member.invited:
                    invited = await campaigns_io.invite_to_campaign(
                        db, brand, campaign_id, influencer.id
                    )
                    if member.outcome == "PENDING":
                        return
                    world.at(member.day, min(DAY_SECONDS - 1, member.second + 1800))
                    decided = await campaigns_io.respond_to_invitation(
                        db, influencer, invited.id, member.outcome == "APPROVED"
                    )
                else:
                    applied = await campaigns_io.apply_to_campaign(
                        db, influencer, campaign_id, "I'd love to style this collection."
                    )
                    if member.outcome == "PENDING":
                        return
                    world.at(member.day, min(DAY_SECONDS - 1, member.second + 1800))
                    decided = await campaigns_io.decide_application(
                        db, brand, applied.id, member.outcome == "APPROVED"
                    )
                if decided.creator_code:
                    world.creator_codes[(campaign.key, member.influencer)] = decided.creator_code

            steps.append((member.day, max(member.second, 8 * 3600 + 60), "member", join))

    steps.sort(key=lambda step: (step[0], step[1]))
    progress.begin("campaigns", len(steps))
    for day, second, _, run in steps:
        world.at(day, second)
        await run()
        progress.advance()


# --- posts ---------------------------------------------------------------------------------


async def seed_posts(world: World, progress: Progress) -> None:
    """Every post through the upload intake, then the media pipeline on a thread pool."""
    state, plan = world.state, world.plan
    settings = state.settings
    storage, limits = storage_for(settings), limits_for(settings)
    sync = sync_db(settings)
    progress.begin("posts", len(plan.posts))
    pending: list[Future[str]] = []
    failures: list[str] = []

    taxonomy = current_taxonomy(settings)

    def process(post_id: str, moment: datetime) -> str:
        # What the `media.process_post` task does, with its next stage (element extraction)
        # run here instead of queued, so the post's elements count from its own moment.
        with world.timeline.at(moment):
            outcome = process_post(sync, storage, settings, post_id)
            if outcome.queue_next_stage:
                extract_post(sync, taxonomy, post_id)
                marks.mark_next_stage_queued(sync, post_id)
            return outcome.status

    def settle(keep: int) -> None:
        while len(pending) > keep:
            status = pending.pop(0).result()
            if status != "PUBLISHED":
                failures.append(status)
            progress.advance()

    with ThreadPoolExecutor(world.photo_workers, thread_name_prefix="demo-photos") as pool:
        for post in plan.posts:
            moment = world.at(post.day, post.second)
            author = world.users[post.author]
            photo = await asyncio.to_thread(outfit_photo, post.colours, post.photo_seed)
            # What the createPost mutation does: check the campaign, store the post with its
            # submission, then link the tagged products (the post-save step).
            campaign = (
                await deliverables.check_can_submit(
                    state.db, author, world.campaign_ids[post.campaign]
                )
                if post.campaign is not None
                else None
            )
            created = await posts_io.create_post(
                state.db,
                storage,
                limits,
                author,
                images=[_Upload(photo)],
                caption=post.caption,
                product_tags=[
                    ProductTag(world.product_ids[tag], 0, 0.3 + 0.2 * i, 0.35 + 0.3 * i)
                    for i, tag in enumerate(post.product_tags)
                ],
                market=post.market,
                extra=deliverables.submission(campaign) if campaign is not None else None,
            )
            await tag_links.link_post_tags(state.db, state.redis, settings, author, created)
            world.post_ids[post.index] = created.id
            pending.append(pool.submit(process, created.id, moment + timedelta(seconds=20)))
            # Keep the pool busy but the memory small.
            await asyncio.to_thread(settle, world.photo_workers * 4)
        await asyncio.to_thread(settle, 0)
    if failures:
        raise RuntimeError(f"{len(failures)} demo posts were not published: {failures[:5]}")


# --- engagement ----------------------------------------------------------------------------


async def seed_social(world: World, progress: Progress) -> None:
    state, plan = world.state, world.plan
    db = state.db
    sync, taxonomy = sync_db(state.settings), current_taxonomy(state.settings)

    def extract(post_id: str) -> None:
        extract_post(sync, taxonomy, post_id)

    progress.begin("social", len(plan.interactions))
    reporters: dict[str, str] = {}
    for event in plan.interactions:
        world.at(event.day, event.second)
        actor = world.users[event.actor]
        post_id = world.post_ids[event.post] if event.post is not None else ""
        if event.kind == "follow" and event.target is not None:
            await social.set_following(db, actor, world.users[event.target].id, True)
        elif event.kind == "like":
            await social.like(db, actor, post_id, engagement=feed_store)
        elif event.kind == "save":
            await social.save(db, actor, post_id, engagement=feed_store)
        elif event.kind == "comment":
            await social.comment(db, actor, post_id, event.text, engagement=feed_store)
        elif event.kind == "report":
            # Each reporter on a network of their own (documentation ranges), as people are.
            address = reporters.setdefault(event.actor, f"198.51.{100 + len(reporters)}.7")
            await social.report(
                db,
                state.settings,
                actor,
                post_id,
                social.ReportReason.SPAM,
                event.text,
                client_ip=address,
            )
            # The report mutation's post-save step: a post hidden by reports stops counting.
            await asyncio.to_thread(
                at_moment, world.timeline, clock.now(), partial(extract, post_id)
            )
        progress.advance()


# --- the whole world -----------------------------------------------------------------------

STAGES: tuple[tuple[str, Stage], ...] = (
    ("accounts", seed_accounts),
    ("catalogue", seed_catalogue),
    ("campaigns", seed_campaigns),
    ("posts", seed_posts),
    ("social", seed_social),
    ("commerce", seed_commerce),
    ("feeds", seed_feeds),
    ("drops", seed_drops),
    ("suppliers", seed_suppliers),
    ("now", seed_now),
    ("search", seed_search),
)


async def count_collections(state: AppState, names: Sequence[str] = COUNTED) -> dict[str, int]:
    return {name: await state.db[name].count_documents({}) for name in names}


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Thousands of in-process requests are replayed: their client's per-request log lines
    would bury the server's own."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        logger.setLevel(level)


async def run_stages(
    state: AppState,
    plan: WorldPlan,
    progress: Progress,
    stages: Sequence[tuple[str, Stage]] = STAGES,
    photo_workers: int = PHOTO_WORKERS,
) -> World:
    """Seed `plan` into the stores behind `state`; the platform clock is the plan's meanwhile."""
    timeline = Timeline()
    world = World(state=state, plan=plan, timeline=timeline, photo_workers=photo_workers)
    with installed(timeline), _quiet("httpx"):
        for name, stage in stages:
            started = time.perf_counter()
            await stage(world, progress)
            world.stage_seconds[name] = time.perf_counter() - started
            progress.end(name, world.stage_seconds[name])
    return world
