"""A rejected fraud hold gives its budget back to the campaign; a released one keeps it spent.
Through the public surface: a click, a self-purchase order webhook, the admin's mutations."""

from __future__ import annotations

import httpx

from api.state import AppState
from commerce import reconcile_io
from core import clock
from core.mongo import sync_db
from core.reconcile import SETTLE
from tests.api.commerce_world import ShopClient, World, build_world, click, click_id_of
from tests.api.commerce_world import order_payload as order
from tests.conftest import GraphQL

REJECT = """mutation($id: ID!) { rejectHold(commissionId: $id) {
  commission { state amount { amountMinor } } errors { code } } }"""
RELEASE = """mutation($id: ID!) { releaseHold(commissionId: $id) {
  commission { state } errors { code } } }"""
CAMPAIGN = "query($id: ID!) { campaign(id: $id) { spent { amountMinor } } }"


async def _spent(gql: GraphQL, world: World) -> int:
    result = await gql(CAMPAIGN, {"id": world.campaign_id}, token=world.brand.token)
    return int(result["data"]["campaign"]["spent"]["amountMinor"])


async def _held_order(shop: ShopClient, http: httpx.AsyncClient, world: World, name: str) -> str:
    click_id = click_id_of(await click(http, world.link["code"]))
    own = order(name, world.sku, 2_000, click_id, customer_email=world.influencer.user.email)
    answer = (await shop.order(own)).json()
    assert answer["commission"]["hold_reason"] == "SELF_PURCHASE", answer
    return str(answer["commission"]["id"])


async def test_a_rejected_hold_gives_the_budget_back_once(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    rejected = await _held_order(shop, client, world, "o-self-1")
    released = await _held_order(shop, client, world, "o-self-2")
    assert await _spent(gql, world) == 400  # 10% of two 20.00 orders

    answer = await gql(REJECT, {"id": rejected}, token=world.admin.token)
    assert answer["data"]["rejectHold"]["commission"]["state"] == "REJECTED"
    assert await _spent(gql, world) == 200

    # Rejecting again is a no-op for the ledger (the entry exists), and so for the budget.
    again = await gql(REJECT, {"id": rejected}, token=world.admin.token)
    assert again["data"]["rejectHold"] == {
        "commission": {"state": "REJECTED", "amount": {"amountMinor": 0}},
        "errors": [],
    }
    assert await _spent(gql, world) == 200

    # A released hold is earned: its budget stays spent.
    freed = await gql(RELEASE, {"id": released}, token=world.admin.token)
    assert freed["data"]["releaseHold"]["commission"]["state"] == "PENDING"
    assert await _spent(gql, world) == 200

    # The spend now agrees with the ledger: the reconciliation finds nothing to correct.
    db = sync_db(state.settings)
    for _ in range(2):
        run = reconcile_io.reconcile_budgets(db, clock.now())
        assert (run.differing, run.fixes) == (0, [])
        frozen_clock.advance(SETTLE)
