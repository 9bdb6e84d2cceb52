"""Every figure of an earnings report counts what happened in its range: commissions by order
day, payouts by the day they were sent, clicks by click day — and what the report says was paid
out in a range is what the payout list of that range adds up to.

Also: a held commission carries how long it has waited, and the admin queue lists the
longest-waiting first."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from celery.result import allow_join_result

from accounts.users import issue_token
from api.state import AppState
from attribution.report_jobs import drain_clicks
from commerce.tasks import approve_due_commissions
from core import clock
from tests.api.commerce_world import (
    ShopClient,
    World,
    build_world,
    click,
    click_id_of,
    order_payload,
)
from tests.api.helpers import Account
from tests.conftest import GraphQL

EARNINGS = """query($from: Date, $to: Date) { myEarnings(from: $from, to: $to) {
  start end
  totals { currency pending approved paid paidOut payable }
  paidOut { currency amount payouts }
  byCampaign { id totals { currency pending approved paid paidOut } }
  byLink { id totals { currency pending paid paidOut } }
  traffic { campaignId linkId clicks orders } } }"""
PAYOUTS = """query($from: Date, $to: Date) { myPayouts(from: $from, to: $to) {
  nodes { id amount { amountMinor currency } createdAt } } }"""
RUN_PAYOUTS = """mutation($run: String!) { runPayouts(input: {runId: $run}) {
  payouts { amount { amountMinor } } errors { code } } }"""
ADJUST = """mutation($input: PostAdjustmentInput!) { postAdjustment(input: $input) {
  adjustment { id } errors { code message } } }"""
HELD = """query($waiting: Boolean!) { heldCommissions(waiting: $waiting, first: 10) {
  nodes { id state orderId heldSince heldDays } } }"""


def _token(state: AppState, account: Account) -> str:
    """A token issued now: the clock moves past an earlier one's lifetime."""
    return issue_token(state.settings, account.user)


async def _order(
    world: World, shop: ShopClient, client: httpx.AsyncClient, order_id: str, amount: int
) -> None:
    # A visitor of their own (a fresh cookie jar): one visitor's repeat clicks do not count.
    async with httpx.AsyncClient(transport=client._transport, base_url=client.base_url) as fresh:
        click_id = click_id_of(await click(fresh, world.link["code"]))
    answer = (await shop.order(order_payload(order_id, world.sku, amount, click_id))).json()
    assert answer["status"] == "CREDITED", answer
    with allow_join_result():
        drain_clicks.delay().get(timeout=30)


async def _earnings(state: AppState, gql: GraphQL, who: Account, start: date, end: date) -> Any:
    window = {"from": start.isoformat(), "to": end.isoformat()}
    result = await gql(EARNINGS, window, token=_token(state, who))
    assert "errors" not in result, result
    return result["data"]["myEarnings"]


async def _payouts_listed(
    state: AppState, gql: GraphQL, who: Account, start: date, end: date
) -> list[int]:
    window = {"from": start.isoformat(), "to": end.isoformat()}
    result = await gql(PAYOUTS, window, token=_token(state, who))
    assert "errors" not in result, result
    return [n["amount"]["amountMinor"] for n in result["data"]["myPayouts"]["nodes"]]


async def test_paid_out_in_a_range_is_what_the_payouts_of_that_range_add_up_to(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    first_day = clock.now().date()
    await _order(world, shop, client, "p-1", 4000)  # 400 commission
    await _order(world, shop, client, "p-2", 2000)  # 200 commission

    # The window closes, an admin takes 50 back, and the payout sends 600 - 50.
    frozen_clock.advance(timedelta(days=46))
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 2
    adjust = {
        "influencerId": world.influencer.user.id,
        "amountMinor": -50,
        "currency": "USD",
        "reason": "TRACKING_ERROR",
        "requestId": "adj-period",
    }
    adjusted = await gql(ADJUST, {"input": adjust}, token=_token(state, world.admin))
    assert adjusted["data"]["postAdjustment"]["errors"] == []
    state.settings.payout_minimum_minor = 100
    try:
        run = await gql(RUN_PAYOUTS, {"run": "run-period"}, token=_token(state, world.admin))
    finally:
        state.settings.payout_minimum_minor = 5000
    (sent,) = run["data"]["runPayouts"]["payouts"]
    assert sent["amount"]["amountMinor"] == 550
    payout_day = clock.now().date()
    # A new order on payout day: this period has an order and a payout of older orders.
    await _order(world, shop, client, "p-3", 3000)  # 300 commission

    recent = (payout_day - timedelta(days=29), payout_day)
    report = await _earnings(state, gql, world.influencer, *recent)
    (totals,) = report["totals"]
    listed = await _payouts_listed(state, gql, world.influencer, *recent)
    assert listed == [550]
    # The reconciliation: the ledger's payments in the range against the payout documents.
    assert totals["paidOut"] == sum(listed)
    assert report["paidOut"] == [{"currency": "USD", "amount": sum(listed), "payouts": 1}]
    # The range's own order is pending; the paid ones were ordered before it.
    assert (totals["pending"], totals["paid"]) == (300, 0)
    groups = {g["id"]: g for g in report["byCampaign"]}
    assert set(groups) == {world.campaign_id, None}
    campaign, outside = groups[world.campaign_id], groups[None]
    assert campaign["totals"]["pending"] == 300
    # A campaign's paid-out share excludes the clawback, which belongs to no campaign.
    assert campaign["totals"]["paidOut"] == 600
    assert (outside["id"], outside["totals"]["paidOut"]) == (None, -50)
    no_group = [g for g in report["byLink"] if g["id"] is None]
    assert sum(g["totals"]["paidOut"] for g in report["byLink"]) == sum(listed)
    assert [g["totals"]["paidOut"] for g in no_group] == [-50]
    # Clicks and orders of the range only: one click, one order on payout day.
    assert report["traffic"] == [
        {"campaignId": world.campaign_id, "linkId": world.link["id"], "clicks": 1, "orders": 1}
    ]

    # The first day: both orders and their clicks, their commissions paid since, no payout.
    early = await _earnings(state, gql, world.influencer, first_day, first_day)
    (early_totals,) = early["totals"]
    assert (early_totals["paid"], early_totals["paidOut"]) == (600, 0)
    assert early["paidOut"] == []
    assert await _payouts_listed(state, gql, world.influencer, first_day, first_day) == []
    assert early["traffic"] == [
        {"campaignId": world.campaign_id, "linkId": world.link["id"], "clicks": 2, "orders": 2}
    ]

    # Over both, payouts and orders all count once.
    everything = await _earnings(state, gql, world.influencer, first_day, payout_day)
    (all_totals,) = everything["totals"]
    all_listed = await _payouts_listed(state, gql, world.influencer, first_day, payout_day)
    assert all_totals["paidOut"] == sum(all_listed) == 550
    assert everything["traffic"][0]["orders"] == 3


async def test_held_commissions_carry_their_age_and_the_longest_held_come_first(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    email = world.influencer.user.email
    for order_id in ("h-old", "h-mid", "h-new"):
        click_id = click_id_of(await click(client, world.link["code"]))
        own = order_payload(order_id, world.sku, 2000, click_id, customer_email=email)
        assert (await shop.order(own)).json()["status"] == "ON_HOLD"
        frozen_clock.advance(timedelta(days=30))
    # The last was held 30 days ago, the first 90.
    held = await gql(HELD, {"waiting": True}, token=_token(state, world.admin))
    nodes = held["data"]["heldCommissions"]["nodes"]
    assert [n["heldDays"] for n in nodes] == [90, 60, 30]
    since = [n["heldSince"] for n in nodes]
    assert None not in since and since == sorted(since)
