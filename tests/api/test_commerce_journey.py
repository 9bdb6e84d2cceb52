"""The whole loop through the real surface: a link, a browser click, a signed order, earnings
that move from pending to approved to paid as the (injected) clock passes the return window —
and a return inside the window that reverses the commission instead."""

from __future__ import annotations

from datetime import timedelta

import httpx
from celery.result import allow_join_result

from accounts.users import issue_token
from api.state import AppState
from commerce.tasks import approve_due_commissions
from core import clock
from tests.api.commerce_world import (
    IPHONE,
    ShopClient,
    build_world,
    click,
    click_id_of,
    order_payload,
)
from tests.api.helpers import Account
from tests.conftest import GraphQL

EARNINGS = """query($from: Date, $to: Date) { myEarnings(from: $from, to: $to) {
  totals { currency pending approved paid reversed payable }
  daily { currency days pending approved paid reversed }
  byCampaign { id totals { pending approved paid reversed } }
  byLink { id totals { pending approved paid reversed } } } }"""
PAYOUTS = "{ myPayouts { edges { node { id amount { amountMinor currency } commissionCount } } } }"
COMMISSIONS = "{ myCommissions { edges { node { id state amount { amountMinor } } } } }"
RUN_PAYOUTS = """mutation { runPayouts(input: {runId: "run-june"}) {
  payouts { influencerId amount { amountMinor currency } commissionCount } errors { code } } }"""
MY_LINKS = "{ myLinks { edges { node { id clicks totalClicks orders conversionRate } } } }"


def _token(state: AppState, account: Account) -> str:
    """A token issued now: the clock moves past the first one's lifetime."""
    return issue_token(state.settings, account.user)


def _totals(result: dict) -> dict:
    (totals,) = result["data"]["myEarnings"]["totals"]
    return totals


async def test_link_click_order_approval_payout(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)

    # A browser follows the link: 302 to the product page with the click id appended.
    followed = await click(client, world.link["code"], IPHONE)
    assert followed.status_code == 302
    location = followed.headers["location"]
    assert location.startswith("https://shop.northwind.example/p/tee-1?ref=tl&tl_click=")
    click_id = click_id_of(followed)

    # The shop reports the order with that click id; the answer says who was credited.
    ordered = await shop.order(order_payload("1001", world.sku, 4000, click_id))
    assert ordered.status_code == 201, ordered.text
    answer = ordered.json()
    assert answer["status"] == "CREDITED"
    assert answer["attribution"] == {
        "influencer_id": world.influencer.user.id,
        "method": "CLICK",
        "link_id": world.link["id"],
        "campaign_id": world.campaign_id,
        "click_id": click_id,
    }
    assert answer["commission"]["amount_minor"] == 400  # 10% of 40.00
    assert answer["commission"]["state"] == "PENDING"

    today = clock.now().date().isoformat()
    window = {"from": today, "to": today}
    pending = _totals(await gql(EARNINGS, window, token=_token(state, world.influencer)))
    assert pending == {
        "currency": "USD",
        "pending": 400,
        "approved": 0,
        "paid": 0,
        "reversed": 0,
        "payable": 0,
    }
    links = await gql(MY_LINKS, token=_token(state, world.influencer))
    (link,) = [e["node"] for e in links["data"]["myLinks"]["edges"]]
    assert (link["clicks"], link["orders"], link["conversionRate"]) == (1, 1, 1.0)

    # Nothing is approved while the return window is open.
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 0
    frozen_clock.advance(timedelta(days=45, seconds=1))
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 1
    approved = _totals(await gql(EARNINGS, window, token=_token(state, world.influencer)))
    assert (approved["pending"], approved["approved"], approved["payable"]) == (0, 400, 400)

    # Below the minimum payout nothing is paid; lowered, the payout marks it paid.
    state.settings.payout_minimum_minor = 500
    try:
        refused = await gql(RUN_PAYOUTS, token=_token(state, world.admin))
        assert refused["data"]["runPayouts"]["payouts"] == []
    finally:
        state.settings.payout_minimum_minor = 100
    try:
        paid_run = await gql(RUN_PAYOUTS, token=_token(state, world.admin))
    finally:
        state.settings.payout_minimum_minor = 5000
    (payout,) = paid_run["data"]["runPayouts"]["payouts"]
    assert payout["amount"] == {"amountMinor": 400, "currency": "USD"}
    paid = _totals(await gql(EARNINGS, window, token=_token(state, world.influencer)))
    assert (paid["approved"], paid["paid"]) == (0, 400)
    payouts = await gql(PAYOUTS, token=_token(state, world.influencer))
    assert [e["node"]["amount"]["amountMinor"] for e in payouts["data"]["myPayouts"]["edges"]] == [
        400
    ]
    commissions = await gql(COMMISSIONS, token=_token(state, world.influencer))
    assert [e["node"]["state"] for e in commissions["data"]["myCommissions"]["edges"]] == ["PAID"]


async def test_a_return_inside_the_window_reverses_the_commission(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    click_id = click_id_of(await click(client, world.link["code"]))
    ordered = await shop.order(order_payload("2001", world.sku, 6000, click_id))
    assert ordered.json()["commission"]["amount_minor"] == 600

    frozen_clock.advance(timedelta(days=20))
    returned = await shop.refund(
        {
            "return_id": "r-1",
            "order_id": "2001",
            "lines": [{"sku": world.sku, "quantity": 1, "amount": 6000}],
        }
    )
    assert returned.status_code == 201, returned.text
    assert returned.json()["reversed_minor"] == 600
    assert returned.json()["commission_state"] == "REVERSED"
    assert returned.json()["late"] is False

    frozen_clock.advance(timedelta(days=30))
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 0
    day = (clock.now() - timedelta(days=50)).date().isoformat()
    totals = _totals(
        await gql(EARNINGS, {"from": day, "to": day}, token=_token(state, world.influencer))
    )
    assert (totals["pending"], totals["approved"], totals["reversed"]) == (0, 0, 600)
    run = await gql(RUN_PAYOUTS, token=_token(state, world.admin))
    assert run["data"]["runPayouts"]["payouts"] == []
