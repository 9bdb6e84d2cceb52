"""Shopper rewards through the real surface: a shopper's tagged look gets its own tracked link,
a click and a signed order earn the shopper points (never a commission), a return reverses them
pro rata, the approval job makes them available after the window; who may read what; the
brand's rate and its shopper channel beside the KOLs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx
from celery.result import allow_join_result

from accounts.users import Role, issue_token
from api.state import AppState
from commerce.tasks import approve_due_commissions
from core import clock
from tests.api.commerce_world import (
    IPHONE,
    ShopClient,
    click,
    click_id_of,
    make_product,
    make_shop,
    order_payload,
)
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

TAGS = "query($id: ID!) { post(id: $id) { productTags { productId shopUrl creditsAuthor } } }"
MY_POINTS = """{ myPoints {
  balances { currency pending available reversed availableValue { amountMinor currency }
             nextAvailableAt }
  history(first: 10) { edges { node { status points credited reversed rateBps orderNumber
    availableAt sale { amountMinor } returned { amountMinor }
    product { id title } post { id } } } } } }"""
CHANNEL = """query($from: Date, $to: Date, $brandId: ID) {
  shopperChannel(from: $from, to: $to, brandId: $brandId) {
    orders currency revenue { amountMinor } pointsCost { amountMinor } newCustomers
    cac { amountMinor } rateBps } }"""
SETTINGS = """mutation($input: UpdateBrandSettingsInput!) { updateBrandSettings(input: $input) {
  settings { currency baselineCac { amountMinor } shopperPointsRateBps shopperReturnWindowDays }
  errors { field code } } }"""
READ_SETTINGS = "{ brandSettings { shopperPointsRateBps shopperReturnWindowDays currency } }"
RUN = "mutation { runDueApprovals { approved } }"


@dataclass
class Look:
    brand: Account
    shopper: Account
    shop: ShopClient
    sku: str
    product_id: str
    post_id: str
    code: str


async def _look(state: AppState, gql: GraphQL, client: httpx.AsyncClient) -> Look:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    shopper = await make_account(state, Role.SHOPPER, name="Mia Wears")
    shop_id, secret = await make_shop(state, brand)
    product_id = await make_product(gql, brand, "TEE-1", price=4000)
    post = await published_post(
        client,
        state,
        shopper.token,
        caption="Sunday stripes",
        product_tags=[{"productId": product_id, "imageIndex": 0, "x": 0.5, "y": 0.4}],
    )
    tags = (await gql(TAGS, {"id": post["_id"]}, token=shopper.token))["data"]["post"]
    (tag,) = tags["productTags"]
    # "Shop the look" under the shopper's post is the shopper's own tracked link.
    assert tag["creditsAuthor"] is True
    assert "/l/" in tag["shopUrl"]
    code = tag["shopUrl"].rsplit("/l/", 1)[1]
    link = await state.db.links.find_one({"code": code})
    assert link is not None
    assert (link["kind"], link["influencer_id"], link.get("campaign_id")) == (
        "SHOPPER",
        shopper.user.id,
        None,
    )
    return Look(
        brand, shopper, ShopClient(client, shop_id, secret), "TEE-1", product_id, post["_id"], code
    )


def _line(sku: str, amount: int) -> dict[str, object]:
    return {"sku": sku, "quantity": 1, "amount": amount}


def _token(state: AppState, account: Account) -> str:
    return issue_token(state.settings, account.user)


async def _buy(
    look: Look, client: httpx.AsyncClient, order_id: str, amount: int, **extra: object
) -> dict:
    followed = await click(client, look.code, IPHONE)
    assert followed.status_code == 302
    sent = await look.shop.order(
        order_payload(order_id, look.sku, amount, click_id_of(followed), **extra)
    )
    assert sent.status_code in (200, 201), sent.text
    answer: dict = sent.json()
    return answer


async def test_order_through_a_look_earns_points_then_available_after_the_window(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    look = await _look(state, gql, client)
    answer = await _buy(look, client, "2001", 8000)
    assert answer["status"] == "CREDITED"
    assert answer["commission"] is None  # no cash: shoppers earn points
    assert answer["points"]["status"] == "CREDITED"
    assert answer["points"]["points"] == 400  # default 5 % of $80.00
    assert await state.db.ledger.count_documents({}) == 0

    # A resent webhook never credits twice and answers the same.
    again = await look.shop.order(order_payload("2001", look.sku, 8000))
    assert again.status_code == 200
    assert again.json()["points"] == answer["points"]
    assert await state.db.points_ledger.count_documents({}) == 1

    mine = (await gql(MY_POINTS, token=_token(state, look.shopper)))["data"]["myPoints"]
    (balance,) = mine["balances"]
    assert (balance["pending"], balance["available"], balance["reversed"]) == (400, 0, 0)
    assert balance["nextAvailableAt"] is not None
    (entry,) = [e["node"] for e in mine["history"]["edges"]]
    assert entry["status"] == "PENDING"
    assert (entry["points"], entry["rateBps"], entry["orderNumber"]) == (400, 500, "2001")
    assert entry["product"]["id"] == look.product_id
    assert entry["post"]["id"] == look.post_id

    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 0
    frozen_clock.advance(timedelta(days=45, seconds=1))
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 1
        assert approve_due_commissions.delay().get(timeout=30) == 0
    mine = (await gql(MY_POINTS, token=_token(state, look.shopper)))["data"]["myPoints"]
    (balance,) = mine["balances"]
    assert (balance["pending"], balance["available"]) == (0, 400)
    assert balance["availableValue"] == {"amountMinor": 400, "currency": "USD"}
    assert balance["nextAvailableAt"] is None
    assert mine["history"]["edges"][0]["node"]["status"] == "AVAILABLE"


async def test_returns_reverse_pro_rata_once_and_a_full_return_reverses_all(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    look = await _look(state, gql, client)
    await _buy(look, client, "2002", 4000)  # 200 points
    frozen_clock.advance(timedelta(days=3))
    part = {"return_id": "r1", "order_id": "2002", "lines": [_line(look.sku, 1000)]}
    first = await look.shop.refund(part)
    assert first.status_code == 201, first.text
    assert first.json()["points"] == {"reversed": 50, "status": "PENDING"}
    resent = await look.shop.refund(part)
    assert resent.status_code == 200
    assert resent.json()["points"] == {"reversed": 50, "status": "PENDING"}
    rest = {"return_id": "r2", "order_id": "2002", "lines": [_line(look.sku, 3000)]}
    second = await look.shop.refund(rest)
    assert second.json()["points"] == {"reversed": 200, "status": "REVERSED"}
    mine = (await gql(MY_POINTS, token=_token(state, look.shopper)))["data"]["myPoints"]
    (balance,) = mine["balances"]
    assert (balance["pending"], balance["available"], balance["reversed"]) == (0, 0, 200)
    frozen_clock.advance(timedelta(days=60))
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 0


async def test_self_purchase_and_rate_zero_earn_nothing(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    look = await _look(state, gql, client)
    own = await _buy(look, client, "2003", 4000, customer_email=look.shopper.user.email)
    assert own["points"]["status"] == "NOT_CREDITED"
    assert own["points"]["reason"] == "SELF_PURCHASE"

    # The brand turns the channel off: rate 0 (its baseline and currency are kept as sent).
    token = _token(state, look.brand)
    off = await gql(
        SETTINGS, {"input": {"currency": "USD", "shopperPointsRateBps": 0}}, token=token
    )
    assert off["data"]["updateBrandSettings"]["settings"]["shopperPointsRateBps"] == 0
    answer = await _buy(look, client, "2004", 4000)
    assert answer["points"]["reason"] == "CHANNEL_OFF"
    # Turning it back on does not re-decide an order already answered.
    await gql(SETTINGS, {"input": {"currency": "USD", "shopperPointsRateBps": 1000}}, token=token)
    resent = await look.shop.order(order_payload("2004", look.sku, 4000))
    assert resent.json()["points"]["reason"] == "CHANNEL_OFF"
    paid = await _buy(look, client, "2005", 4000)
    assert paid["points"]["points"] == 400  # 10 %
    assert await state.db.points_ledger.count_documents({}) == 1


async def test_brand_rate_settings_are_validated_and_kept_across_other_changes(
    state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    token = brand.token
    defaults = (await gql(READ_SETTINGS, token=token))["data"]["brandSettings"]
    assert defaults["shopperPointsRateBps"] == 500
    assert defaults["shopperReturnWindowDays"] == 45
    bad = await gql(
        SETTINGS,
        {
            "input": {
                "currency": "USD",
                "shopperPointsRateBps": 9000,
                "shopperReturnWindowDays": -1,
            }
        },
        token=token,
    )
    payload = bad["data"]["updateBrandSettings"]
    assert payload["settings"] is None
    assert {e["field"] for e in payload["errors"]} == {
        "shopperPointsRateBps",
        "shopperReturnWindowDays",
    }
    await gql(
        SETTINGS,
        {"input": {"currency": "USD", "shopperPointsRateBps": 250, "shopperReturnWindowDays": 7}},
        token=token,
    )
    # Changing the baseline alone keeps the shopper terms.
    kept = await gql(
        SETTINGS, {"input": {"currency": "EUR", "baselineCacMinor": 1500}}, token=token
    )
    saved = kept["data"]["updateBrandSettings"]["settings"]
    assert (saved["shopperPointsRateBps"], saved["shopperReturnWindowDays"]) == (250, 7)


async def test_each_reads_only_their_own_points_and_channel(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    look = await _look(state, gql, client)
    await _buy(look, client, "2006", 8000, customer_id="cust-new")
    other_shopper = await make_account(state, Role.SHOPPER)
    theirs = (await gql(MY_POINTS, token=other_shopper.token))["data"]["myPoints"]
    assert theirs == {"balances": [], "history": {"edges": []}}
    anonymous = await gql(MY_POINTS, expect_errors=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    today = clock.now().date().isoformat()
    window = {"from": today, "to": today}
    channel = (await gql(CHANNEL, window, token=_token(state, look.brand)))["data"]
    assert channel["shopperChannel"] == {
        "orders": 1,
        "currency": "USD",
        "revenue": {"amountMinor": 8000},
        "pointsCost": {"amountMinor": 400},
        "newCustomers": 1,
        "cac": {"amountMinor": 400},
        "rateBps": 500,
    }
    # Another brand sees its own (empty) channel and never this one's.
    rival = await make_account(state, Role.BRAND, name="Southwind")
    own = (await gql(CHANNEL, window, token=rival.token))["data"]["shopperChannel"]
    assert (own["orders"], own["cac"]) == (0, None)
    peek = await gql(
        CHANNEL, {**window, "brandId": look.brand.user.id}, token=rival.token, expect_errors=True
    )
    assert peek["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for who in (look.shopper, other_shopper):
        refused = await gql(CHANNEL, window, token=_token(state, who), expect_errors=True)
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # An admin picks the brand.
    admin = await make_account(state, Role.ADMIN)
    seen = await gql(CHANNEL, {**window, "brandId": look.brand.user.id}, token=admin.token)
    assert seen["data"]["shopperChannel"]["orders"] == 1


async def test_only_admins_run_the_approval_job(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    look = await _look(state, gql, client)
    await gql(
        SETTINGS,
        {"input": {"currency": "USD", "shopperReturnWindowDays": 0}},
        token=_token(state, look.brand),
    )
    await _buy(look, client, "2007", 4000)
    refused = await gql(RUN, token=_token(state, look.shopper), expect_errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = await make_account(state, Role.ADMIN)
    ran = await gql(RUN, token=admin.token)
    assert ran["data"]["runDueApprovals"]["approved"] == 1
    mine = (await gql(MY_POINTS, token=_token(state, look.shopper)))["data"]["myPoints"]
    assert mine["balances"][0]["available"] == 200
