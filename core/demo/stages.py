"""Replaying a `WorldPlan` through the platform's own code, stage by stage.

Nothing here writes a domain collection directly: accounts go through `core.accounts`, posts
through `feeds.posts.create_post` and the media pipeline (`media.processing.process_post`, the
body of the `media.process_post` task), likes and follows through `feeds.social`, products and
campaigns through `attribution.products` / `attribution.campaigns`, links through
`attribution.linkstore`; clicks follow `GET /l/{code}` and orders and returns are signed
webhooks, both sent to the ASGI app in-process over HTTP; approvals and payouts are the jobs'
and the admin mutation's functions.

Time: the plan places every event in the past. A `Timeline` is installed as the platform clock
while a world is seeded, so each call stamps what it stores with the event's moment. Photos are
processed on a small thread pool (Pillow releases the GIL), each worker thread at the moment of
its own post.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any, Protocol

import httpx
import orjson

from api.state import AppState
from attribution import campaigns as campaigns_io
from attribution import consumer, earnings, linkstore, products, signing
from attribution.shops import DEMO_SHOP_ID, create_shop, seed_demo_shop
from core import clock
from core.accounts import User, hasher, new_user_doc
from core.demo.people import USER_AGENTS
from core.demo.photos import outfit_photo
from core.demo.plan import DAY_SECONDS, ClickPlan, DropPlan, OrderPlan, ReturnPlan, WorldPlan
from core.mongo import sync_db
from core.redis import sync_client
from feeds import posts as posts_io
from feeds import social
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.post_input import ProductTag
from media.backends import limits_for, storage_for
from media.processing import process_post

log = logging.getLogger(__name__)

# Photos are processed beside the event loop; three threads keep two cores busy while one
# waits on a file sync.
PHOTO_WORKERS = 3
# Collections the summary counts (those a person looking around would recognise).
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


# --- time ----------------------------------------------------------------------------------


class Timeline:
    """The platform clock while a world is seeded: each thread may stand at its own moment.

    `now()` is the calling thread's moment if it set one (`at`), else the shared one (`set`),
    else real time. Threads the seeding did not start (the embedded worker) see the shared one.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._shared: datetime | None = None

    def now(self) -> datetime:
        moment: datetime | None = getattr(self._local, "moment", None)
        if moment is None:
            moment = self._shared
        return moment if moment is not None else datetime.now(UTC)

    def set(self, moment: datetime) -> None:
        self._shared = moment

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self._local.moment = moment
        try:
            yield
        finally:
            self._local.moment = None


@contextmanager
def installed(timeline: Timeline) -> Iterator[Timeline]:
    clock.install(timeline)
    try:
        yield timeline
    finally:
        clock.reset()


# --- progress ------------------------------------------------------------------------------


class Progress(Protocol):
    """Told where seeding is; the CLI draws bars, the server logs lines."""

    def begin(self, stage: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def end(self, stage: str, seconds: float) -> None: ...


class LogProgress:
    def begin(self, stage: str, total: int) -> None:
        log.info("seeding %s", stage, extra={"stage": stage, "total": total})

    def advance(self, count: int = 1) -> None:
        return None

    def end(self, stage: str, seconds: float) -> None:
        log.info("seeded %s", stage, extra={"stage": stage, "seconds": round(seconds, 2)})


# --- what the stages share -----------------------------------------------------------------


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


@dataclass
class World:
    """What seeding learns as it goes: the ids the platform gave the plan's things."""

    state: AppState
    plan: WorldPlan
    timeline: Timeline
    users: dict[str, User] = field(default_factory=dict)
    shops: dict[str, tuple[str, str]] = field(default_factory=dict)  # brand -> (shop, secret)
    domains: dict[str, str] = field(default_factory=dict)
    product_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    campaign_ids: dict[str, str] = field(default_factory=dict)
    creator_codes: dict[tuple[str, str], str] = field(default_factory=dict)
    post_ids: dict[int, str] = field(default_factory=dict)
    link_codes: dict[str, str] = field(default_factory=dict)
    click_ids: dict[int, str] = field(default_factory=dict)
    order_ids: dict[str, str] = field(default_factory=dict)
    drop_ids: dict[str, str] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    photo_workers: int = PHOTO_WORKERS
    _app: Any = None

    def app(self) -> Any:
        """The ASGI app on the same stores, for what goes over HTTP (clicks, webhooks)."""
        if self._app is None:
            from api.app import create_app

            self._app = create_app(self.state.settings, state=self.state)
        return self._app

    def shop_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app(), client=("192.0.2.250", 443)),
            base_url="http://demo.local",
        )

    def at(self, day: int, second: int) -> datetime:
        moment = self.plan.at(day, second)
        self.timeline.set(moment)
        return moment


Stage = Callable[[World, Progress], Awaitable[None]]


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
        await state.db.users.update_one({"email": doc["email"]}, {"$setOnInsert": doc}, upsert=True)
        stored = await state.db.users.find_one({"email": doc["email"]}, {"password_hash": 0})
        assert stored is not None
        world.users[account.key] = User.from_doc(stored)
        progress.advance()


# --- catalogue and campaigns ---------------------------------------------------------------


async def seed_catalogue(world: World, progress: Progress) -> None:
    state, plan = world.state, world.plan
    progress.begin("catalogue", len(plan.brands) + len(plan.products))
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
        created = await products.create_product(state.db, world.users[product.brand], row)
        world.product_ids[(product.brand, product.sku)] = created.id
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
                sync.posts.update_one(
                    {"_id": post_id}, {"$set": {"next_stage_queued_at": clock.now()}}
                )
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
            photo = await asyncio.to_thread(outfit_photo, post.colours, post.photo_seed)
            doc = await posts_io.create_post(
                state.db,
                storage,
                limits,
                world.users[post.author],
                images=[_Upload(photo)],
                caption=post.caption,
                product_tags=[
                    ProductTag(world.product_ids[tag], 0, 0.3 + 0.2 * i, 0.35 + 0.3 * i)
                    for i, tag in enumerate(post.product_tags)
                ],
                market=post.market,
            )
            world.post_ids[post.index] = doc["_id"]
            pending.append(pool.submit(process, doc["_id"], moment + timedelta(seconds=20)))
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
    for event in plan.interactions:
        world.at(event.day, event.second)
        actor = world.users[event.actor]
        post_id = world.post_ids[event.post] if event.post is not None else ""
        if event.kind == "follow" and event.target is not None:
            await social.set_following(db, actor, world.users[event.target].id, True)
        elif event.kind == "like":
            await social.like(db, actor, post_id)
        elif event.kind == "save":
            await social.save(db, actor, post_id)
        elif event.kind == "comment":
            await social.comment(db, actor, post_id, event.text)
        elif event.kind == "report":
            await social.report(
                db, state.settings, actor, post_id, social.ReportReason.SPAM, event.text
            )
            # The report mutation's post-save step: a post hidden by reports stops counting.
            await asyncio.to_thread(_at, world.timeline, clock.now(), partial(extract, post_id))
        progress.advance()


# --- commerce ------------------------------------------------------------------------------


class Shoppers:
    """One HTTP client per visitor: its own address, and the visitor cookie the redirect sets."""

    def __init__(self, app: Any, plan: WorldPlan) -> None:
        self._app = app
        self._plan = plan
        self._clients: dict[int, httpx.AsyncClient] = {}

    def client(self, visitor: int) -> httpx.AsyncClient:
        found = self._clients.get(visitor)
        if found is None:
            ip = self._plan.visitors[visitor].ip
            transport = httpx.ASGITransport(app=self._app, client=(ip, 40000 + visitor))
            found = httpx.AsyncClient(transport=transport, base_url="http://demo.local")
            self._clients[visitor] = found
        return found

    async def close(self) -> None:
        for found in self._clients.values():
            await found.aclose()


async def _signed_post(
    http: httpx.AsyncClient, path: str, shop: tuple[str, str], payload: dict[str, Any]
) -> dict[str, Any]:
    """A webhook as a shop sends it: JSON body, shop id, HMAC signature of the clock's now."""
    body = orjson.dumps(payload)
    shop_id, secret = shop
    signature = signing.sign(secret, body, int(clock.now().timestamp()))
    response = await http.post(
        path,
        content=body,
        headers={
            "content-type": "application/json",
            "x-trendloop-shop": shop_id,
            signing.HEADER_NAME: signature,
        },
    )
    if response.status_code not in (200, 201):
        raise RuntimeError(f"{path} refused a demo webhook: {response.status_code} {response.text}")
    answer: dict[str, Any] = response.json()
    return answer


async def seed_commerce(world: World, progress: Progress) -> None:
    """Links, clicks, orders, returns, approvals, payouts and campaign ends, in time order."""
    state, plan = world.state, world.plan
    settings = state.settings
    shoppers = Shoppers(world.app(), plan)
    shop_http = world.shop_client()
    sync = sync_db(settings)
    redis_sync = sync_client(state.redis_url)
    steps: list[tuple[int, int, int, Callable[[], Awaitable[None]]]] = []

    for link in plan.links:

        async def make_link(link: Any = link) -> None:
            made = await linkstore.create_link(
                state.db,
                state.redis,
                settings,
                world.users[link.influencer],
                world.product_ids[(link.brand, link.sku)],
                world.post_ids[link.post] if link.post is not None else None,
                world.campaign_ids[link.campaign] if link.campaign else None,
            )
            world.link_codes[link.key] = made.code

        steps.append((link.day, link.second, 0, make_link))

    for click in plan.clicks:

        async def follow(click: ClickPlan = click) -> None:
            visitor = plan.visitors[click.visitor]
            agents = USER_AGENTS[click.agent]
            response = await shoppers.client(click.visitor).request(
                "HEAD" if click.head else "GET",
                f"/l/{world.link_codes[click.link]}",
                headers={
                    "user-agent": agents[click.visitor % len(agents)],
                    "x-country": visitor.market,
                    "referer": "https://www.instagram.com/",
                },
            )
            if response.status_code != 302:
                raise RuntimeError(f"the demo link {click.link} answered {response.status_code}")
            location = response.headers["location"]
            world.click_ids[click.index] = location.rsplit("tl_click=", 1)[1].split("&")[0]

        steps.append((click.day, click.second, 1, follow))

    for order in plan.orders:

        async def buy(order: OrderPlan = order) -> None:
            payload = _order_payload(plan, order)
            if order.click is not None:
                payload["click_id"] = world.click_ids[order.click]
            if order.creator_code is not None:
                code = world.creator_codes.get(order.creator_code)
                if code is None:
                    return
                payload["creator_code"] = code
            if order.customer_email:
                payload["customer_email"] = order.customer_email
            await _signed_post(shop_http, "/webhooks/orders", world.shops[order.brand], payload)
            world.order_ids[order.key] = order.key

        steps.append((order.day, order.second, 2, buy))
        for refund in order.returns:

            async def give_back(order: OrderPlan = order, refund: ReturnPlan = refund) -> None:
                if order.key not in world.order_ids:
                    return
                await _signed_post(
                    shop_http,
                    "/webhooks/returns",
                    world.shops[order.brand],
                    _return_payload(order, refund),
                )

            steps.append((refund.day, refund.second, 3, give_back))

    def approve_and_end() -> None:
        now = clock.now()
        earnings.approve_due_sync(sync, redis_sync, settings, now)
        campaigns_io.end_expired_sync(sync, now)

    for day in plan.approval_days:

        async def daily(day: int = day) -> None:
            # The daily approval job and the hourly campaign-end job, on a worker thread as
            # Celery runs them.
            await asyncio.to_thread(_at, world.timeline, plan.at(day, 3 * 3600), approve_and_end)

        steps.append((day, 3 * 3600, 4, daily))
    for day in plan.payout_days:

        async def pay(day: int = day) -> None:
            run_id = f"demo-{(plan.start + timedelta(days=day)).isoformat()}"
            await earnings.run_payouts(state.db, state.redis, settings, run_id)

        steps.append((day, 4 * 3600, 5, pay))

    steps.sort(key=lambda step: (step[0], step[1], step[2]))
    progress.begin("commerce", len(steps))
    last_day = -1
    try:
        for day, second, _, run in steps:
            if day != last_day and last_day >= 0:
                # The click stream's consumer, as its periodic task would run it.
                await asyncio.to_thread(
                    consumer.drain, sync, redis_sync, settings, consumer="demo-seed"
                )
            last_day = day
            world.at(day, second)
            await run()
            progress.advance()
        await asyncio.to_thread(consumer.drain, sync, redis_sync, settings, consumer="demo-seed")
    finally:
        await shoppers.close()
        await shop_http.aclose()


def _order_payload(plan: WorldPlan, order: OrderPlan) -> dict[str, Any]:
    visitor = plan.visitors[order.visitor]
    return {
        "order_id": order.key,
        "currency": "USD",
        "customer_id": visitor.customer_id,
        "lines": [{"sku": s, "quantity": q, "amount": a} for s, q, a in order.lines],
    }


def _return_payload(order: OrderPlan, refund: ReturnPlan) -> dict[str, Any]:
    return {
        "return_id": refund.key,
        "order_id": order.key,
        "lines": [{"sku": s, "quantity": q, "amount": a} for s, q, a in refund.lines],
    }


def _at(timeline: Timeline, moment: datetime, job: Callable[[], Any]) -> None:
    with timeline.at(moment):
        job()


# --- feeds ---------------------------------------------------------------------------------

FEED_READERS = 40


async def seed_feeds(world: World, progress: Progress) -> None:
    """Orders counted on the posts' elements and some feed reading (impressions): the
    periodic jobs, run once at the end of the last day."""
    from feeds import feed_store
    from feeds.tasks import count_orders, flush_impressions

    state, plan = world.state, world.plan
    settings = state.settings
    readers = [a for a in plan.accounts if a.role.value == "SHOPPER" and a.key != plan.spammer]
    progress.begin("feeds", 2 + min(FEED_READERS, len(readers)))
    evening = world.at(plan.size.days - 1, 20 * 3600)

    def count_all_orders() -> None:
        while count_orders()["seen"] >= 1000:
            continue

    await asyncio.to_thread(_at, world.timeline, evening, count_all_orders)
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
    await asyncio.to_thread(_at, world.timeline, evening, flush_impressions)
    progress.advance()


# --- test drops ----------------------------------------------------------------------------


async def seed_drops(world: World, progress: Progress) -> None:
    """Designers attached to brands, test drops on the planted trends, their sales through
    the shops' webhooks, the verdict job each morning, and a re-order of the hits."""
    from feeds import drops_store
    from feeds.drops_tasks import recompute_drop

    state, plan = world.state, world.plan
    settings, db = state.settings, state.db
    taxonomy = current_taxonomy(settings)
    shop_http = world.shop_client()
    steps: list[tuple[int, int, int, Callable[[], Awaitable[None]]]] = []

    def verdicts(drop_key: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            if drop_key in world.drop_ids:
                job = partial(recompute_drop, world.drop_ids[drop_key])
                await asyncio.to_thread(_at, world.timeline, clock.now(), job)

        return run

    for designer, brand in plan.designer_brands:

        async def attach(designer: str = designer, brand: str = brand) -> None:
            await drops_store.set_designer_brand(
                db, world.users[designer].id, world.users[brand].id
            )

        steps.append((0, 7 * 3600, 0, attach))
    for drop in plan.drops:

        async def create(drop: DropPlan = drop) -> None:
            created = await drops_store.create_drop(
                db, settings, world.users[drop.designer], _drop_draft(world, drop), taxonomy
            )
            world.drop_ids[drop.key] = created["_id"]
            await verdicts(drop.key)()  # the createTestDrop mutation's post-save step

        steps.append((drop.created_day, 10 * 3600, 1, create))
        # The verdict job (hourly on the platform), each morning from launch.
        for day in range(max(drop.launch_day, drop.created_day + 1), plan.size.days):
            steps.append((day, 5 * 3600, 2, verdicts(drop.key)))
        if drop.reorder_day is not None:

            async def reorder(drop: DropPlan = drop) -> None:
                designer = world.users[drop.designer]
                expected = clock.now().date() + timedelta(days=settings.drops_lead_time_days)
                drop_id = world.drop_ids[drop.key]
                async for doc in db.drop_products.find({"drop_id": drop_id}):
                    product_id = doc["_id"]
                    verdict = doc.get("verdict") or {}
                    if verdict.get("verdict") == "REORDER" and verdict.get("suggested_quantity"):
                        await drops_store.place_reorder(
                            db, designer, product_id, verdict["suggested_quantity"], expected
                        )
                await verdicts(drop.key)()  # the placeReorder mutation's post-save step

            steps.append((drop.reorder_day, 11 * 3600, 3, reorder))
    for order in plan.drop_orders:

        async def buy(order: OrderPlan = order) -> None:
            payload = _order_payload(plan, order)
            await _signed_post(shop_http, "/webhooks/orders", world.shops[order.brand], payload)

        steps.append((order.day, order.second, 4, buy))
        for refund in order.returns:

            async def give_back(order: OrderPlan = order, refund: ReturnPlan = refund) -> None:
                payload = _return_payload(order, refund)
                await _signed_post(
                    shop_http, "/webhooks/returns", world.shops[order.brand], payload
                )

            steps.append((refund.day, refund.second, 5, give_back))

    steps.sort(key=lambda step: (step[0], step[1], step[2]))
    progress.begin("drops", len(steps))
    try:
        for day, second, _, run in steps:
            world.at(day, second)
            await run()
            progress.advance()
    finally:
        await shop_http.aclose()


def _drop_draft(world: World, drop: DropPlan) -> Any:
    from feeds.drops_store import DropDraft, ProductDraft

    domain = world.domains[drop.brand]
    return DropDraft(
        name=drop.name,
        element_ids=list(drop.element_ids),
        markets=list(drop.markets),
        launch_on=world.plan.start + timedelta(days=drop.launch_day),
        products=[
            ProductDraft(
                sku=product.sku,
                title=product.title,
                category=product.category,
                price_minor=product.price_minor,
                currency="USD",
                unit_cost_minor=product.unit_cost_minor,
                units=product.units,
                product_url=f"https://{domain}/p/{product.sku.lower()}",
            )
            for product in drop.products
        ],
    )


# --- now -----------------------------------------------------------------------------------


async def seed_now(world: World, progress: Progress) -> None:
    """The world caught up with the present: the designers' trend lists, the test drops'
    verdicts and the brands' reports as of now (what the periodic jobs would have done by the
    time anyone looks)."""
    from attribution import report_refresh
    from attribution.report_cache import ReportKey
    from attribution.report_requests import clean_range
    from feeds import trend_store
    from feeds.drops_tasks import recompute_drop
    from feeds.tasks import DEFAULT_LISTS

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
        await asyncio.to_thread(_at, world.timeline, now, partial(recompute_drop, drop_id))
        progress.advance()
    # Each brand's default report (the last 30 days), computed as its job would, so the first
    # look at the reports does not wait for it.
    start, end = clean_range(settings, None, None)
    keys = [
        ReportKey(world.users[brand.key].id, None, None, start, end, "USD")
        for brand in world.plan.brands
    ]
    await asyncio.to_thread(
        _at,
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
    ("now", seed_now),
)


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    stage_seconds: dict[str, float]
    seconds: float


async def count_collections(state: AppState, names: Sequence[str] = COUNTED) -> dict[str, int]:
    return {name: await state.db[name].count_documents({}) for name in names}


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
    with installed(timeline):
        for name, stage in stages:
            started = time.perf_counter()
            await stage(world, progress)
            world.stage_seconds[name] = time.perf_counter() - started
            progress.end(name, world.stage_seconds[name])
    return world
