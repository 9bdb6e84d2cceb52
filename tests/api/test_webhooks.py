"""Order and return webhooks: refusals that store nothing, exactly-once under concurrent
redelivery, creator codes, fraud holds, and every ledger transition a return can cause."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest

from api.state import AppState
from core import clock
from tests.api.commerce_world import (
    GOOGLEBOT_UA,
    ShopClient,
    World,
    build_world,
    click,
    click_id_of,
    order_payload,
)
from tests.conftest import GraphQL

RELEASE = """mutation($id: ID!) { releaseHold(commissionId: $id) {
  commission { state holdReason amount { amountMinor } } errors { code } } }"""
HELD = "{ heldCommissions { edges { node { id state holdReason } } } }"
WAITING = """{ heldCommissions(waiting: true) {
  edges { node { id state influencer { displayName } } } } }"""


async def _stored(state: AppState) -> dict[str, int]:
    return {
        name: await state.db[name].count_documents({}) for name in ("orders", "returns", "ledger")
    }


@pytest.fixture
async def world(state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock) -> World:
    """Built at the frozen time, so tests that move the clock move it from there."""
    return await build_world(state, gql)


@pytest.fixture
def shop(client: httpx.AsyncClient, world: World) -> ShopClient:
    return ShopClient(client, world.shop_id, world.secret)


async def test_refused_orders_store_nothing(
    state: AppState, world: World, shop: ShopClient
) -> None:
    good = order_payload("o-1", world.sku, 1000)
    cases: list[tuple[str, Any, dict[str, Any], int, str]] = [
        ("bad signature", good, {"secret": "whsec_wrong"}, 401, "SIGNATURE_MISMATCH"),
        ("stale", good, {"at": clock.now().timestamp() - 301}, 401, "SIGNATURE_STALE"),
        ("from the future", good, {"at": clock.now().timestamp() + 301}, 401, "SIGNATURE_STALE"),
        ("malformed JSON", None, {"raw": b'{"order_id": "o-1",'}, 400, "MALFORMED_JSON"),
        ("not an object", None, {"raw": b"[1, 2]"}, 400, "MALFORMED_JSON"),
        ("unknown SKU", order_payload("o-1", "NOPE-9", 1000), {}, 422, "UNKNOWN_SKU"),
        ("negative amount", order_payload("o-1", world.sku, -5), {}, 422, "NEGATIVE_AMOUNT"),
        ("float amount", order_payload("o-1", world.sku, 10.5), {}, 422, "INVALID"),
        ("no lines", {**good, "lines": []}, {}, 422, "REQUIRED"),
        ("bad currency", {**good, "currency": "XYZ"}, {}, 422, "INVALID"),
        ("bad click id", {**good, "click_id": "nope"}, {}, 422, "INVALID"),
    ]
    for name, payload, options, status, code in cases:
        response = await shop.order(payload, **options)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), name
        assert response.json()["error"]["message"], name
    unsigned = await shop.http.post("/webhooks/orders", json=good)
    assert unsigned.status_code == 401
    stranger = ShopClient(shop.http, "shop_nobody", world.secret)
    assert (await stranger.order(good)).json()["error"]["code"] == "UNKNOWN_SHOP"
    assert await _stored(state) == {"orders": 0, "returns": 0, "ledger": 0}


async def test_ten_concurrent_copies_make_one_conversion_and_one_entry(
    state: AppState, world: World, shop: ShopClient, client: httpx.AsyncClient
) -> None:
    click_id = click_id_of(await click(client, world.link["code"]))
    payload = order_payload("o-10", world.sku, 5000, click_id)
    responses = await asyncio.gather(*(shop.order(payload) for _ in range(10)))
    assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
    answers = [r.json() for r in responses]
    assert sum(a["duplicate"] for a in answers) == 9
    assert {a["commission"]["id"] for a in answers} == {answers[0]["commission"]["id"]}
    assert {a["attribution"]["link_id"] for a in answers} == {world.link["id"]}
    assert await _stored(state) == {"orders": 1, "returns": 0, "ledger": 1}
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 500


async def test_a_creator_code_credits_without_a_click(world: World, shop: ShopClient) -> None:
    payload = order_payload("o-code", world.sku, 3000, creator_code=world.creator_code.lower())
    answer = (await shop.order(payload)).json()
    assert answer["attribution"] == {
        "influencer_id": world.influencer.user.id,
        "method": "CREATOR_CODE",
        "campaign_id": world.campaign_id,
    }
    assert answer["commission"]["amount_minor"] == 300


async def test_an_order_without_click_or_code_is_not_credited(
    state: AppState, world: World, shop: ShopClient
) -> None:
    answer = (await shop.order(order_payload("o-none", world.sku, 3000))).json()
    assert (answer["status"], answer["attribution"], answer["commission"]) == (
        "NOT_CREDITED",
        None,
        None,
    )
    assert await _stored(state) == {"orders": 1, "returns": 0, "ledger": 0}


async def test_a_click_outside_the_attribution_window_is_not_credited(
    world: World, shop: ShopClient, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    click_id = click_id_of(await click(client, world.link["code"]))
    frozen_clock.advance(timedelta(days=31))
    answer = (await shop.order(order_payload("o-late", world.sku, 3000, click_id))).json()
    assert answer["status"] == "NOT_CREDITED"


async def test_the_last_of_a_visitors_clicks_wins(
    state: AppState,
    gql: GraphQL,
    world: World,
    shop: ShopClient,
    client: httpx.AsyncClient,
    frozen_clock: clock.FrozenClock,
) -> None:
    other = await build_world(state, gql)
    first = click_id_of(await click(client, world.link["code"]))
    # Same browser, later, on another influencer's link of another brand, then this brand again.
    frozen_clock.advance(timedelta(hours=2))
    await click(client, other.link["code"])
    frozen_clock.advance(timedelta(hours=2))
    last = click_id_of(await click(client, world.link["code"]))
    frozen_clock.advance(timedelta(minutes=5))
    answer = (await shop.order(order_payload("o-last", world.sku, 1000, first))).json()
    assert answer["attribution"]["click_id"] == last


async def test_self_purchase_is_held_and_released_by_an_admin(
    state: AppState, gql: GraphQL, world: World, shop: ShopClient, client: httpx.AsyncClient
) -> None:
    click_id = click_id_of(await click(client, world.link["code"]))
    own = order_payload(
        "o-self", world.sku, 2000, click_id, customer_email=world.influencer.user.email.upper()
    )
    answer = (await shop.order(own)).json()
    assert answer["status"] == "ON_HOLD"
    assert answer["commission"]["hold_reason"] == "SELF_PURCHASE"
    # The influencer's customer id is remembered: the next order without an email is held too.
    again = order_payload("o-self-2", world.sku, 2000, click_id, customer_id=own["customer_id"])
    assert (await shop.order(again)).json()["commission"]["hold_reason"] == "SELF_PURCHASE"
    held = await gql(HELD, token=world.admin.token)
    assert [e["node"]["state"] for e in held["data"]["heldCommissions"]["edges"]] == [
        "ON_HOLD",
        "ON_HOLD",
    ]
    released = await gql(RELEASE, {"id": answer["commission"]["id"]}, token=world.admin.token)
    assert released["data"]["releaseHold"]["commission"]["state"] == "PENDING"
    twice = await gql(RELEASE, {"id": answer["commission"]["id"]}, token=world.admin.token)
    assert twice["data"]["releaseHold"]["commission"]["state"] == "PENDING"
    # The review queue: only what no admin has decided, with whose money it is.
    waiting = await gql(WAITING, token=world.admin.token)
    (node,) = [e["node"] for e in waiting["data"]["heldCommissions"]["edges"]]
    assert node["state"] == "ON_HOLD" and node["id"] != answer["commission"]["id"]
    assert node["influencer"]["displayName"] == "Lena Style"


async def test_an_order_carrying_a_bot_click_is_held(
    world: World, shop: ShopClient, client: httpx.AsyncClient
) -> None:
    bot = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)
    click_id = click_id_of(await click(bot, world.link["code"], GOOGLEBOT_UA))
    answer = (await shop.order(order_payload("o-bot", world.sku, 2000, click_id))).json()
    assert answer["status"] == "ON_HOLD"
    assert answer["commission"]["hold_reason"] == "FLAGGED_SOURCE"


async def _order(shop: ShopClient, client: httpx.AsyncClient, world: World, amount: int) -> str:
    click_id = click_id_of(await click(client, world.link["code"]))
    answer = (await shop.order(order_payload("o-r", world.sku, amount, click_id))).json()
    return str(answer["commission"]["id"])


def _return(return_id: str, sku: str, amount: int, quantity: int = 1) -> dict[str, Any]:
    return {
        "return_id": return_id,
        "order_id": "o-r",
        "lines": [{"sku": sku, "quantity": quantity, "amount": amount}],
    }


async def test_partial_returns_reverse_pro_rata_and_the_last_one_reverses_all(
    state: AppState, world: World, shop: ShopClient, client: httpx.AsyncClient
) -> None:
    await _order(shop, client, world, 9999)  # commission floor(999.9) = 999
    first = (await shop.refund(_return("r-1", world.sku, 3333))).json()
    assert (first["reversed_minor"], first["commission_state"]) == (333, "PENDING")
    replay = await shop.refund(_return("r-1", world.sku, 3333))
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    last = (await shop.refund(_return("r-2", world.sku, 6666))).json()
    assert (last["reversed_minor"], last["commission_state"]) == (666, "REVERSED")
    campaign = await state.db.campaigns.find_one({"_id": world.campaign_id})
    assert campaign is not None and campaign["spent_minor"] == 0


async def test_a_return_larger_than_its_order_is_refused(
    state: AppState, world: World, shop: ShopClient, client: httpx.AsyncClient
) -> None:
    await _order(shop, client, world, 1000)
    before = await _stored(state)
    too_much = await shop.refund(_return("r-big", world.sku, 1001))
    assert (too_much.status_code, too_much.json()["error"]["code"]) == (
        422,
        "RETURN_EXCEEDS_ORDER",
    )
    too_many = await shop.refund(_return("r-many", world.sku, 10, quantity=2))
    assert too_many.json()["error"]["code"] == "RETURN_EXCEEDS_ORDER"
    unknown = await shop.refund({**_return("r-x", world.sku, 10), "order_id": "nope"})
    assert unknown.json()["error"]["code"] == "UNKNOWN_ORDER"
    assert (await shop.refund(_return("r-ok", world.sku, 600))).status_code == 201
    over = await shop.refund(_return("r-over", world.sku, 401))
    assert over.json()["error"]["code"] == "RETURN_EXCEEDS_ORDER"
    assert await _stored(state) == {**before, "returns": 1, "ledger": before["ledger"] + 1}


async def test_a_late_return_is_recorded_and_leaves_earnings_alone(
    state: AppState,
    world: World,
    shop: ShopClient,
    client: httpx.AsyncClient,
    frozen_clock: clock.FrozenClock,
) -> None:
    commission_id = await _order(shop, client, world, 5000)
    frozen_clock.advance(timedelta(days=46))
    late = (await shop.refund(_return("r-late", world.sku, 5000))).json()
    assert (late["late"], late["reversed_minor"], late["commission_state"]) == (
        True,
        0,
        "PENDING",
    )
    stored = await state.db.returns.find_one({"return_id": "r-late"})
    assert stored is not None and stored["late"] is True
    entry = await state.db.ledger.find_one({"subject_id": commission_id, "kind": "LATE_RETURN"})
    assert entry is not None and entry["amount_minor"] == 0
