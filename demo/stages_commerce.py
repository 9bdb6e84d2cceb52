"""Seeding stages of the money side: shoppable links, clicks over HTTP from each visitor's own
address, orders and returns as the shops' signed webhooks, the approval, payout and campaign-end
jobs at their moments, and the test drops with their sales, verdicts and re-orders."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any

import httpx

from attribution import report_refresh
from commerce import campaigns as campaigns_io
from commerce import consumer, deliverables, earnings, linkstore, points_links, points_store
from core import clock
from core.mongo import sync_db
from core.redis import sync_client
from demo.people import USER_AGENTS
from demo.plan import ClickPlan, DropPlan, OrderPlan, ReturnPlan, ReviewPlan, WorldPlan
from demo.replay import World, at_moment, order_payload, return_payload, signed_post
from demo.shopper_looks import is_look_link
from demo.timeline import Progress
from feeds.drops import store as drops_store
from feeds.drops.judging import Verdict
from feeds.drops.store import DropDraft, ProductDraft
from feeds.drops.tasks import recompute_drop
from feeds.extraction_io import current_taxonomy


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
            if is_look_link(link.key):
                # A shopper's look: the link its post got when it was saved, found again.
                look = await points_links.shopper_link(
                    state.db,
                    state.redis,
                    settings,
                    world.users[link.influencer],
                    world.product_ids[(link.brand, link.sku)],
                    world.post_ids[link.post],
                )
                world.link_codes[link.key] = look.code
                return
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

    for review in plan.reviews:

        async def decide(review: ReviewPlan = review) -> None:
            brand, post_id = world.users[review.brand], world.post_ids[review.post]
            if review.approve:
                await deliverables.approve(state.db, brand, post_id)
            else:
                await deliverables.reject(state.db, brand, post_id, review.reason)

        steps.append((review.day, review.second, 0, decide))

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
            payload = order_payload(plan, order)
            if order.click is not None:
                payload["click_id"] = world.click_ids[order.click]
            if order.creator_code is not None:
                code = world.creator_codes.get(order.creator_code)
                if code is None:
                    return
                payload["creator_code"] = code
            if order.customer_email:
                payload["customer_email"] = order.customer_email
            await signed_post(shop_http, "/webhooks/orders", world.shops[order.brand], payload)
            world.order_ids[order.key] = order.key

        steps.append((order.day, order.second, 2, buy))
        for refund in order.returns:

            async def give_back(order: OrderPlan = order, refund: ReturnPlan = refund) -> None:
                if order.key not in world.order_ids:
                    return
                await signed_post(
                    shop_http,
                    "/webhooks/returns",
                    world.shops[order.brand],
                    return_payload(order, refund),
                )

            steps.append((refund.day, refund.second, 3, give_back))

    def approve_and_end() -> None:
        now = clock.now()
        earnings.approve_due_sync(sync, redis_sync, settings, now)
        points_store.approve_due_sync(sync, redis_sync, settings, now)
        campaigns_io.end_expired_sync(sync, now)

    for day in plan.approval_days:

        async def daily(day: int = day) -> None:
            # The daily approval job and the hourly campaign-end job, on a worker thread as
            # Celery runs them.
            await asyncio.to_thread(
                at_moment, world.timeline, plan.at(day, 3 * 3600), approve_and_end
            )

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
                    consumer.drain,
                    sync,
                    redis_sync,
                    settings,
                    consumer="demo-seed",
                    on_written=report_refresh.mark_clicked_orders,
                )
            last_day = day
            world.at(day, second)
            await run()
            progress.advance()
        await asyncio.to_thread(
            consumer.drain,
            sync,
            redis_sync,
            settings,
            consumer="demo-seed",
            on_written=report_refresh.mark_clicked_orders,
        )
    finally:
        await shoppers.close()
        await shop_http.aclose()


# --- test drops ----------------------------------------------------------------------------


async def seed_drops(world: World, progress: Progress) -> None:
    """Designers attached to brands, test drops on the planted trends, their sales through
    the shops' webhooks, the verdict job each morning, and a re-order of the hits."""
    state, plan = world.state, world.plan
    settings, db = state.settings, state.db
    taxonomy = current_taxonomy(settings)
    shop_http = world.shop_client()
    steps: list[tuple[int, int, int, Callable[[], Awaitable[None]]]] = []

    def verdicts(drop_key: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            if drop_key in world.drop_ids:
                job = partial(recompute_drop, world.drop_ids[drop_key])
                await asyncio.to_thread(at_moment, world.timeline, clock.now(), job)

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
            world.drop_ids[drop.key] = created.id
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
                found = await drops_store.products_of_drops(db, [drop_id])
                for product in found.get(drop_id, []):
                    verdict = product.verdict
                    if (
                        verdict is not None
                        and verdict.verdict is Verdict.REORDER
                        and verdict.suggested_quantity
                    ):
                        await drops_store.place_reorder(
                            db, designer, product.id, verdict.suggested_quantity, expected
                        )
                await verdicts(drop.key)()  # the placeReorder mutation's post-save step

            steps.append((drop.reorder_day, 11 * 3600, 3, reorder))
    for order in plan.drop_orders:

        async def buy(order: OrderPlan = order) -> None:
            payload = order_payload(plan, order)
            await signed_post(shop_http, "/webhooks/orders", world.shops[order.brand], payload)

        steps.append((order.day, order.second, 4, buy))
        for refund in order.returns:

            async def give_back(order: OrderPlan = order, refund: ReturnPlan = refund) -> None:
                payload = return_payload(order, refund)
                await signed_post(shop_http, "/webhooks/returns", world.shops[order.brand], payload)

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
