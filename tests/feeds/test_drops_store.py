"""Test drops against the stores: sales from real order and return processing, verdict runs
that store the same result twice and notify once, re-orders under concurrency, trend states read
from the designers' trend lists, category peers across runs, and campaigns."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from api.state import AppState
from attribution.crediting import attribute_order
from commerce import campaigns, orders
from commerce import products as catalogue
from commerce.shops import get_shop
from core import clock
from core.errors import UserError, UserErrors
from core.mongo import sync_db
from feeds.drops import store as drops_store
from feeds.drops import verdicts as drops_verdicts
from feeds.drops.store import DropDraft, ProductDraft
from feeds.extraction_io import current_taxonomy
from feeds.trends import TrendState
from tests.api.commerce_world import SHOP_DOMAIN
from tests.api.drops_world import (
    BUTTER,
    DECLINING,
    GINGHAM,
    RISING,
    DropWorld,
    build_drop_world,
    plant_trends,
)

LAUNCH = date(2026, 6, 1)


def at(day: int, hour: int = 14, minute: int = 0) -> datetime:
    return datetime(2026, 6, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)


def move_to(frozen: clock.FrozenClock, when: datetime) -> None:
    frozen.advance(when - frozen.now())


def product(sku: str, category: str, units: int = 100) -> ProductDraft:
    return ProductDraft(
        sku=sku,
        title=f"Test {sku}",
        category=category,
        price_minor=3999,
        currency="USD",
        unit_cost_minor=1100,
        units=units,
        product_url=f"https://{SHOP_DOMAIN}/p/{sku.lower()}",
    )


async def make_drop(
    state: AppState, world: DropWorld, products: list[ProductDraft], elements: list[str]
) -> str:
    draft = DropDraft(
        name="Test drop",
        element_ids=elements,
        markets=["US"],
        launch_on=LAUNCH,
        products=products,
    )
    created = await drops_store.create_drop(
        state.db, state.settings, world.designer.user, draft, current_taxonomy(state.settings)
    )
    return created.id


class Shop:
    """Orders and returns through the webhook handlers (the signature is tested elsewhere)."""

    def __init__(self, state: AppState, world: DropWorld, clock_: clock.FrozenClock) -> None:
        self.state, self.world, self.clock = state, world, clock_
        self.orders = 0

    async def order(self, day: int, lines: dict[str, int]) -> str:
        move_to(self.clock, at(day))
        self.orders += 1
        order_id = f"o-{self.orders}"
        payload = orders.OrderPayload(
            order_id=order_id,
            currency="USD",
            lines=tuple(orders.Line(sku, qty, 3999 * qty) for sku, qty in lines.items()),
            customer_id=None,
            customer_email=None,
            click_id=None,
            creator_code=None,
            placed_at=None,
        )
        shop = await get_shop(self.state.db, self.world.shop_id)
        assert shop is not None
        await orders.receive_order(
            self.state.db, self.state.redis, self.state.settings, shop, payload, attribute_order
        )
        return order_id

    async def refund(self, day: int, order_id: str, lines: dict[str, int]) -> None:
        move_to(self.clock, at(day, 16))
        payload = orders.ReturnPayload(
            return_id=f"r-{order_id}-{day}",
            order_id=order_id,
            lines=tuple(orders.Line(sku, qty, 3999 * qty) for sku, qty in lines.items()),
        )
        shop = await get_shop(self.state.db, self.world.shop_id)
        assert shop is not None
        await orders.receive_return(
            self.state.db, self.state.redis, self.state.settings, shop, payload
        )


def recompute(state: AppState, drop_ids: list[str]) -> drops_verdicts.RecomputeStats:
    db = sync_db(state.settings)
    taxonomy = current_taxonomy(state.settings)
    return drops_verdicts.recompute_sync(
        db,
        state.settings,
        drop_ids,
        taxonomy=taxonomy,
        element_states=drops_verdicts.element_states_sync(db, taxonomy.version, clock.now()),
    )


@pytest.fixture
async def world(state: AppState, frozen_clock: clock.FrozenClock) -> DropWorld:
    move_to(frozen_clock, at(0, 9))
    return await build_drop_world(state)


async def test_a_run_judges_from_orders_net_of_partial_returns(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    drop_id = await make_drop(
        state, world, [product("DRESS-1", "Dresses"), product("TOP-1", "Tops")], [BUTTER]
    )
    shop = Shop(state, world, frozen_clock)
    for day, dresses in enumerate([14, 14, 15, 14, 14, 14]):
        order_id = await shop.order(day, {"DRESS-1": dresses, "TOP-1": 1})
        if day == 2:
            partial = order_id
    await shop.refund(3, partial, {"DRESS-1": 2})  # two of the fifteen dresses come back
    await shop.refund(4, partial, {"DRESS-1": 1})
    move_to(frozen_clock, at(6, 0, 30))
    plant_trends(state, {BUTTER: RISING})

    stats = recompute(state, [drop_id])
    assert (stats.drops, stats.products, dict(stats.verdicts)) == (
        1,
        2,
        {"REORDER": 1, "WATCH": 1},
    )
    db = sync_db(state.settings)
    dress = db[drops_store.PRODUCTS].find_one({"sku": "DRESS-1"})
    assert dress is not None
    verdict = dress["verdict"]
    assert verdict["verdict"] == "REORDER"
    # 85 sold, 3 returned: 82 of 100 in 6 days and half an hour; 13.6 % a day against 3 %.
    assert verdict["reasons"][:3] == [
        "sold 82% of 100 units in 6 days, 4.5\u00d7 the dresses baseline",
        "element “butter yellow” emerging",
        "returns 4%",
    ]
    # Daily nets 14 14 15 12 13 14, EWMA alpha 0.3 (weights 0.3^0 … newest first):
    weights = [0.7**age for age in range(6)]
    nets = [14, 13, 12, 15, 14, 14]  # newest first
    rate = sum(w * x for w, x in zip(weights, nets, strict=True)) / sum(weights)
    assert verdict["rate"] == pytest.approx(rate)
    assert rate == pytest.approx(13.5454, abs=1e-4)
    # sigma = stdev(14 14 15 12 13 14) = sqrt(5.333/5); 13.55 x 28 + 1.65 x 1.033 x sqrt(14)
    # - 18 in stock = 367.6 -> 400.
    assert verdict["sigma"] == pytest.approx((16 / 3 / 5) ** 0.5)
    assert verdict["need"] == pytest.approx(rate * 28 + 1.65 * verdict["sigma"] * 14**0.5 - 18)
    assert verdict["suggested_quantity"] == 400
    assert verdict["element_states"] == {BUTTER: "EMERGING"}

    top = db[drops_store.PRODUCTS].find_one({"sku": "TOP-1"})
    assert top is not None and top["verdict"]["verdict"] == "WATCH"  # slow, but only 6 days
    drop = db[drops_store.DROPS].find_one({"_id": drop_id})
    assert drop is not None
    assert drop["verdicts"] == ["REORDER", "WATCH"]
    assert drop["urgency"] == pytest.approx(18 / rate)
    assert drop["categories"] == ["dresses", "tops"]

    # 18 dresses left at 13.5 a day: the designer hears once, however often the job runs.
    notes = list(db.notifications.find({"user_id": world.designer.user.id}))
    assert len(notes) == 1
    assert notes[0]["kind"] == "SOLD_OUT_SOON"
    assert notes[0]["product_id"] == dress["_id"]
    assert notes[0]["message"].startswith("“Test DRESS-1” (DRESS-1) will sell out in about 1 day:")
    again = recompute(state, [drop_id])
    assert again.notified == 0
    assert db.notifications.count_documents({}) == 1
    redone = db[drops_store.PRODUCTS].find_one({"sku": "DRESS-1"})
    assert redone is not None
    assert {k: v for k, v in redone["verdict"].items() if k != "computed_at"} == {
        k: v for k, v in verdict.items() if k != "computed_at"
    }


async def test_a_hit_whose_element_declines_is_held_back(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    drop_id = await make_drop(state, world, [product("GING-1", "Dresses")], [GINGHAM])
    shop = Shop(state, world, frozen_clock)
    for day in range(5):
        await shop.order(day, {"GING-1": 15})
    move_to(frozen_clock, at(5, 1))
    plant_trends(state, {GINGHAM: DECLINING})
    recompute(state, [drop_id])
    doc = sync_db(state.settings)[drops_store.PRODUCTS].find_one({"sku": "GING-1"})
    assert doc is not None
    assert doc["verdict"]["verdict"] == "WATCH"
    assert "element “gingham” declining" in doc["verdict"]["reasons"]
    assert doc["verdict"]["suggested_quantity"] == 0


async def test_a_run_that_started_earlier_never_overwrites_a_later_one(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    # A one-drop run queued by a re-order can finish after the periodic run that started later
    # and read more sales: its older reading must not replace the newer one.
    drop_id = await make_drop(state, world, [product("LATE-1", "Dresses")], [BUTTER])
    shop = Shop(state, world, frozen_clock)
    for day in range(3):
        await shop.order(day, {"LATE-1": 10})
    move_to(frozen_clock, at(3, 1))
    earlier = clock.now()
    await shop.order(3, {"LATE-1": 20})
    move_to(frozen_clock, at(3, 23))
    recompute(state, [drop_id])  # the later run, stored first
    db = sync_db(state.settings)
    newer = db[drops_store.PRODUCTS].find_one({"sku": "LATE-1"})
    drop_before = db[drops_store.DROPS].find_one({"_id": drop_id})
    assert newer is not None and drop_before is not None
    taxonomy = current_taxonomy(state.settings)
    drops_verdicts.recompute_sync(
        db,
        state.settings,
        [drop_id],
        taxonomy=taxonomy,
        element_states=drops_verdicts.element_states_sync(db, taxonomy.version, earlier),
        now=earlier,
    )
    after = db[drops_store.PRODUCTS].find_one({"sku": "LATE-1"})
    assert after is not None and after["verdict"] == newer["verdict"]
    assert db[drops_store.DROPS].find_one({"_id": drop_id}) == drop_before


async def test_concurrent_reorders_make_consecutive_batches(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    await make_drop(state, world, [product("DRESS-2", "Dresses")], [BUTTER])
    db = state.db
    doc = await db[drops_store.PRODUCTS].find_one({"sku": "DRESS-2"})
    assert doc is not None
    when = frozen_clock.now().date() + timedelta(days=10)
    placed = await asyncio.gather(
        *(
            drops_store.place_reorder(db, world.designer.user, doc["_id"], 50 * (n + 1), when)
            for n in range(3)
        )
    )
    assert all(p.id == doc["_id"] for p in placed)
    final = await db[drops_store.PRODUCTS].find_one({"_id": doc["_id"]})
    assert final is not None
    assert [b["number"] for b in final["batches"]] == [1, 2, 3, 4]
    assert sorted(b["quantity"] for b in final["batches"][1:]) == [50, 100, 150]
    assert final["batch_count"] == 4

    with pytest.raises(UserErrors) as refused:
        await drops_store.place_reorder(
            db, world.designer.user, doc["_id"], 0, frozen_clock.now().date() - timedelta(days=1)
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("quantity", "INVALID"),
        ("expectedDate", "PAST"),
    ]
    with pytest.raises(UserError) as unknown:
        await drops_store.place_reorder(db, world.brand.user, "prd_nope", 10, when)
    assert (unknown.value.code, unknown.value.field) == ("NOT_FOUND", "productId")


async def test_trend_states_come_from_the_designers_lists(
    state: AppState, world: DropWorld
) -> None:
    plant_trends(state, {BUTTER: RISING, GINGHAM: DECLINING})
    db = sync_db(state.settings)
    version = current_taxonomy(state.settings).version
    states = drops_verdicts.element_states_sync(db, version, clock.now())
    found = states([BUTTER, GINGHAM, "colour/black"], ["US"])
    assert found == {
        BUTTER: TrendState.EMERGING,
        GINGHAM: TrendState.DECLINING,
        "colour/black": None,
    }
    snapshot = db.trend_snapshots.find_one({"_id": "US|*|7"})
    assert snapshot is not None  # ranked once, stored for the dashboard and the next run
    computed = snapshot["computed_at"]
    drops_verdicts.element_states_sync(db, version, clock.now())([BUTTER], ["US"])
    reread = db.trend_snapshots.find_one({"_id": "US|*|7"})
    assert reread is not None and reread["computed_at"] == computed


async def test_category_peers_carry_over_between_runs(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    slow_drop = await make_drop(state, world, [product("SLOW-1", "Dresses")], [BUTTER])
    # Typed another way, the same category: stored in one spelling, judged as peers.
    fast_drop = await make_drop(state, world, [product("FAST-1", " dresses ")], [BUTTER])
    shop = Shop(state, world, frozen_clock)
    for day in range(4):
        await shop.order(day, {"SLOW-1": 5, "FAST-1": 20})
    move_to(frozen_clock, at(4, 0))
    recompute(state, [slow_drop])
    recompute(state, [fast_drop])  # its peer's speed comes from the stored verdict
    db = sync_db(state.settings)
    slow = db[drops_store.PRODUCTS].find_one({"sku": "SLOW-1"})
    fast = db[drops_store.PRODUCTS].find_one({"sku": "FAST-1"})
    assert slow is not None and fast is not None
    assert slow["category"] == fast["category"] == "dresses"
    assert slow["verdict"]["speed"] == pytest.approx(0.20 / 4)
    assert fast["verdict"]["baseline"] == pytest.approx((1 * 0.05 + 3 * 0.03) / 4)
    assert slow["verdict"]["baseline"] == pytest.approx(0.03)  # no peer judged before it


async def test_drops_and_campaigns_of_the_brand(
    state: AppState, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    from tests.api.drops_world import build_drop_world as other_world

    brand = world.brand.user
    existing = await catalogue.create_product(
        state.db,
        brand,
        catalogue.form_row(
            sku="OLD-1",
            title="An old favourite",
            price_minor=2500,
            currency="USD",
            product_url=f"https://{SHOP_DOMAIN}/p/old-1",
            markets=["US"],
        ),
    )
    now = frozen_clock.now()
    fields = {
        "name": "Summer KOLs",
        "markets": ["US"],
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=30),
        "budget_minor": 100_000,
        "currency": "USD",
        "rule_kind": "PERCENT",
        "rule_basis_points": 1000,
        "product_ids": [existing.id],
    }
    chosen_draft = await campaigns.create_campaign(state.db, brand, fields)
    running = await campaigns.create_campaign(state.db, brand, fields)
    await campaigns.activate_campaign(state.db, brand, running.id)
    draft = DropDraft(
        name="With a campaign",
        element_ids=[BUTTER],
        markets=["US"],
        launch_on=LAUNCH,
        products=[product("CMP-1", "Dresses")],
        campaign_id=chosen_draft.id,
    )
    taxonomy = current_taxonomy(state.settings)
    created = await drops_store.create_drop(
        state.db, state.settings, world.designer.user, draft, taxonomy
    )
    campaign = await state.db.campaigns.find_one({"_id": chosen_draft.id})
    assert campaign is not None and campaign["product_ids"] == [existing.id, created.product_ids[0]]

    locked = DropDraft(**{**draft.__dict__, "campaign_id": running.id})
    with pytest.raises(UserErrors) as refused:
        await drops_store.create_drop(
            state.db, state.settings, world.designer.user, locked, taxonomy
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("campaignId", "LOCKED"),
        ("products.0.sku", "DUPLICATE"),
    ]

    # Another brand's designer sees none of it.
    stranger = await other_world(state)
    assert await drops_store.find_visible_drop(state.db, stranger.designer.user, created.id) is None
    seen = await drops_store.find_visible_drop(state.db, world.brand.user, created.id)
    assert seen is not None and seen.product_ids == created.product_ids
    assert (
        await drops_store.find_visible_drop(state.db, stranger.admin.user, created.id) is not None
    )
