"""Test drops through GraphQL: bad input is refused with field paths and stores nothing, other
brands see nothing, re-orders refuse nonsense, and the dashboard pages in urgency order."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from core.mongo import sync_db
from feeds.drops import store as drops_store
from feeds.extraction_io import current_taxonomy
from tests.api.drops_world import (
    BUTTER,
    CREATE_DROP,
    DROP,
    DROPS,
    REORDER,
    SET_BRAND,
    DropWorld,
    build_drop_world,
    drop_input,
    product_input,
)
from tests.api.helpers import make_account
from tests.conftest import GraphQL


@pytest.fixture
async def world(state: AppState, frozen_clock: clock.FrozenClock) -> DropWorld:
    return await build_drop_world(state)


async def _errors(gql: GraphQL, world: DropWorld, data: dict[str, Any]) -> list[tuple[str, str]]:
    result = await gql(CREATE_DROP, {"input": data}, world.designer.token)
    payload = result["data"]["createTestDrop"]
    assert payload["testDrop"] is None
    assert all(e["message"] for e in payload["errors"])
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def _stored(state: AppState) -> dict[str, int]:
    return {
        name: await state.db[name].count_documents({})
        for name in ("products", drops_store.DROPS, drops_store.PRODUCTS)
    }


async def test_bad_input_is_refused_with_field_paths_and_stores_nothing(
    state: AppState, gql: GraphQL, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    today = frozen_clock.now().date()
    data = drop_input(
        [
            product_input("DRS-1", "Dresses", units=-5),
            product_input("DRS-1", " ", unitCostMinor=-1),
            product_input("DRS-3", "Tops", productUrl="https://elsewhere.example/p/3"),
        ],
        elementIds=[BUTTER, "colour/plaid-unicorn"],
        launchDate=(today - timedelta(days=31)).isoformat(),
        campaignId="cmp_00000000000000000000000000",
        name=" ",
    )
    assert await _errors(gql, world, data) == [
        ("name", "REQUIRED"),
        ("elementIds.1", "UNKNOWN_ELEMENT"),
        ("launchDate", "TOO_OLD"),
        ("products.0.units", "INVALID"),
        ("products.1.unitCostMinor", "NEGATIVE_AMOUNT"),
        ("products.1.category", "REQUIRED"),
        ("campaignId", "NOT_FOUND"),
        ("products.1.sku", "DUPLICATE_SKU"),
        ("products.2.productUrl", "URL_NOT_ALLOWED"),
    ]
    assert await _errors(gql, world, drop_input([], elementIds=[], markets=[])) == [
        ("elementIds", "REQUIRED"),
        ("markets", "REQUIRED"),
        ("products", "REQUIRED"),
    ]
    # The edge of the window is fine; a day more is not.
    limit = state.settings.drops_launch_past_max_days
    edge = drop_input(
        [product_input("EDGE-1", "Dresses")],
        launchDate=(today - timedelta(days=limit)).isoformat(),
    )
    late = {**edge, "launchDate": (today - timedelta(days=limit + 1)).isoformat()}
    assert await _errors(gql, world, late) == [("launchDate", "TOO_OLD")]
    assert await _stored(state) == {"products": 0, "test_drops": 0, "drop_products": 0}
    made = await gql(CREATE_DROP, {"input": edge}, world.designer.token)
    assert made["data"]["createTestDrop"]["errors"] == []
    # A SKU the brand already sells cannot be a test product.
    again = {**edge, "name": "Again"}
    assert await _errors(gql, world, again) == [("products.0.sku", "DUPLICATE")]
    assert await _stored(state) == {"products": 1, "test_drops": 1, "drop_products": 1}


async def test_other_brands_see_nothing_and_reorders_refuse_nonsense(
    state: AppState, gql: GraphQL, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    made = await gql(
        CREATE_DROP,
        {"input": drop_input([product_input("DRS-1", "Dresses")])},
        world.designer.token,
    )
    drop = made["data"]["createTestDrop"]["testDrop"]
    product_id = drop["products"][0]["id"]
    other = await build_drop_world(state)
    for who in (other.designer, other.brand):
        assert (await gql(DROP, {"id": drop["id"]}, who.token))["data"]["testDrop"] is None
        listed = await gql(DROPS, {}, who.token)
        assert listed["data"]["testDrops"]["edges"] == []
        refused = await gql(REORDER, {"p": product_id, "q": 100, "d": "2026-06-10"}, who.token)
        assert refused["data"]["placeReorder"]["errors"] == [
            {"field": "productId", "code": "NOT_FOUND", "message": "Test-drop product not found."}
        ]
    assert (await gql(DROP, {"id": "nope"}, world.brand.token))["data"]["testDrop"] is None
    assert (await gql(DROP, {"id": drop["id"]}, world.brand.token))["data"]["testDrop"]["id"]

    yesterday = (frozen_clock.now().date() - timedelta(days=1)).isoformat()
    bad = await gql(REORDER, {"p": product_id, "q": -5, "d": yesterday}, world.designer.token)
    assert [(e["field"], e["code"]) for e in bad["data"]["placeReorder"]["errors"]] == [
        ("quantity", "INVALID"),
        ("expectedDate", "PAST"),
    ]
    far = (frozen_clock.now().date() + timedelta(days=400)).isoformat()
    too_far = await gql(REORDER, {"p": product_id, "q": 5, "d": far}, world.designer.token)
    assert too_far["data"]["placeReorder"]["errors"][0]["code"] == "TOO_FAR"
    doc = await state.db[drops_store.PRODUCTS].find_one({"_id": product_id})
    assert doc is not None and doc["batch_count"] == 1

    # Only designers and brands may be attached; only to brands.
    shopper = await make_account(state, Role.SHOPPER)
    wrong = await gql(SET_BRAND, {"d": shopper.user.id, "b": shopper.user.id}, world.admin.token)
    assert [(e["field"], e["code"]) for e in wrong["data"]["setDesignerBrand"]["errors"]] == [
        ("designerId", "NOT_FOUND"),
        ("brandId", "NOT_FOUND"),
    ]


async def test_notifications_are_marked_read_by_their_owner_only(
    state: AppState, gql: GraphQL, world: DropWorld
) -> None:
    from accounts import notifications

    notifications.store_sync(
        sync_db(state.settings),
        "ntf_00000000000000000000000001",
        world.designer.user.id,
        "SOLD_OUT_SOON",
        "Sells out soon.",
    )
    mark = """mutation($id: ID!) { markNotificationRead(id: $id) {
      notification { read } errors { code } } }"""
    other = await gql(mark, {"id": "ntf_00000000000000000000000001"}, world.brand.token)
    assert other["data"]["markNotificationRead"]["errors"] == [{"code": "NOT_FOUND"}]
    mine = await gql(mark, {"id": "ntf_00000000000000000000000001"}, world.designer.token)
    assert mine["data"]["markNotificationRead"]["notification"] == {"read": True}
    again = await gql(mark, {"id": "ntf_00000000000000000000000001"}, world.designer.token)
    assert again["data"]["markNotificationRead"]["notification"] == {"read": True}


async def test_the_dashboard_pages_in_urgency_order(
    state: AppState, gql: GraphQL, world: DropWorld, frozen_clock: clock.FrozenClock
) -> None:
    ids = []
    for n in range(4):
        made = await gql(
            CREATE_DROP,
            {"input": drop_input([product_input(f"P-{n}", "Dresses")], name=f"Drop {n}")},
            world.designer.token,
        )
        ids.append(made["data"]["createTestDrop"]["testDrop"]["id"])
    # Let the verdict runs queued by the creations finish, then give the drops the days of
    # cover a run would leave: drop 2 sells out first, drop 0 sells nothing yet.
    for _ in range(200):
        if await state.db[drops_store.DROPS].count_documents({"computed_at": None}) == 0:
            break
        await asyncio.sleep(0.02)
    for drop_id, urgency in zip(ids, (drops_store.URGENCY_NONE, 9.5, 0.5, 3.0), strict=True):
        await state.db[drops_store.DROPS].update_one(
            {"_id": drop_id}, {"$set": {"urgency": urgency, "computed_at": clock.now()}}
        )
    seen, after = [], None
    while True:
        page = await gql(DROPS, {"first": 1, "after": after}, world.designer.token)
        connection = page["data"]["testDrops"]
        seen += [(e["node"]["name"], e["node"]["daysOfCover"]) for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [("Drop 2", 0.5), ("Drop 3", 3.0), ("Drop 1", 9.5), ("Drop 0", None)]
    bad = await gql(DROPS, {"first": 0}, world.designer.token, expect_errors=True)
    assert bad["errors"][0]["extensions"]["code"] == "INVALID"
    assert current_taxonomy(state.settings).get(BUTTER) is not None
