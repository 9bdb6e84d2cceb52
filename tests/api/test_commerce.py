"""The commerce GraphQL surface: catalogue, links, campaigns and memberships, budgets, money
that only its owner sees, and clawbacks carried into the next payout."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from celery.result import allow_join_result

from accounts.users import Role
from api.state import AppState
from commerce.tasks import approve_due_commissions
from core import clock
from tests.api.commerce_world import (
    CREATE_LINK,
    CREATE_PRODUCT,
    SHOP_DOMAIN,
    ShopClient,
    build_world,
    click,
    click_id_of,
    make_campaign,
    make_product,
    make_shop,
    order_payload,
)
from tests.api.helpers import make_account
from tests.conftest import GraphQL

IMPORT = """mutation($input: ImportProductsInput!) { importProducts(input: $input) {
  rows created updated rowErrors { row field code } errors { field code } } }"""
UPDATE_PRODUCT = """mutation($input: UpdateProductInput!) { updateProduct(input: $input) {
  product { title price { amountMinor currency } } errors { field code } } }"""


def _product(sku: str, url: str) -> dict[str, object]:
    return {
        "sku": sku,
        "title": "Linen shirt",
        "priceMinor": 3999,
        "currency": "usd",
        "productUrl": url,
        "markets": ["US"],
    }


async def test_products_must_point_at_the_brands_own_shop(state: AppState, gql: GraphQL) -> None:
    brand = await make_account(state, Role.BRAND)
    no_shop = await gql(
        CREATE_PRODUCT, {"input": _product("S-1", f"https://{SHOP_DOMAIN}/p")}, token=brand.token
    )
    assert no_shop["data"]["createProduct"]["errors"][0]["code"] == "NO_MERCHANT_DOMAIN"
    await make_shop(state, brand)
    for url in ("https://evil.example/p", "javascript:alert(1)", f"https://{SHOP_DOMAIN}@evil.ex/"):
        refused = await gql(CREATE_PRODUCT, {"input": _product("S-1", url)}, token=brand.token)
        (error,) = refused["data"]["createProduct"]["errors"]
        assert error["field"] == "productUrl", url
    made = await gql(
        CREATE_PRODUCT,
        {"input": _product("S-1", f"https://WWW.{SHOP_DOMAIN.upper()}/p/1")},
        token=brand.token,
    )
    product = made["data"]["createProduct"]["product"]
    assert product["productUrl"] == f"https://www.{SHOP_DOMAIN}/p/1"
    assert product["price"] == {"amountMinor": 3999, "currency": "USD"}
    again = await gql(
        CREATE_PRODUCT, {"input": _product("S-1", f"https://{SHOP_DOMAIN}/p")}, token=brand.token
    )
    assert again["data"]["createProduct"]["errors"][0]["code"] == "DUPLICATE"
    updated = await gql(
        UPDATE_PRODUCT,
        {"input": {"id": product["id"], "title": "Linen shirt, sand", "priceMinor": 3499}},
        token=brand.token,
    )
    assert updated["data"]["updateProduct"]["product"] == {
        "title": "Linen shirt, sand",
        "price": {"amountMinor": 3499, "currency": "USD"},
    }
    other = await make_account(state, Role.BRAND)
    stolen = await gql(
        UPDATE_PRODUCT, {"input": {"id": product["id"], "title": "Mine"}}, token=other.token
    )
    assert stolen["data"]["updateProduct"]["errors"][0]["code"] == "FORBIDDEN"


async def test_a_feed_imports_good_rows_and_reports_bad_ones(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    feed = (
        "sku,title,price,currency,product_url,markets\n"
        f"A-1,Tee,19.99,USD,https://{SHOP_DOMAIN}/a1,US|UK\n"
        f"A-2,Tee,19.999,USD,https://{SHOP_DOMAIN}/a2,US\n"
        "A-3,Tee,5,USD,https://elsewhere.example/a3,US\n"
        f"A-4,Tee,5,USD,https://{SHOP_DOMAIN}/a4,US\n"
    )
    first = await gql(IMPORT, {"input": {"text": feed, "format": "CSV"}}, token=brand.token)
    result = first["data"]["importProducts"]
    assert (result["rows"], result["created"], result["updated"]) == (4, 2, 0)
    assert [(e["row"], e["field"], e["code"]) for e in result["rowErrors"]] == [
        (2, "price", "TOO_MANY_DECIMALS"),
        (3, "product_url", "URL_NOT_ALLOWED"),
    ]
    # The same feed as an uploaded JSON file: rows are upserted by SKU, never duplicated.
    json_feed = (
        '[{"sku": "A-1", "title": "Tee v2", "price": "21.00", "currency": "USD",'
        f' "product_url": "https://{SHOP_DOMAIN}/a1", "markets": ["US"]}}]'
    )
    operations = json.dumps({"query": IMPORT, "variables": {"input": {"file": None}}})
    uploaded = await client.post(
        "/graphql",
        data={"operations": operations, "map": '{"0": ["variables.input.file"]}'},
        files={"0": ("feed.json", json_feed.encode(), "application/json")},
        headers={"authorization": f"Bearer {brand.token}"},
    )
    result = uploaded.json()["data"]["importProducts"]
    assert (result["rows"], result["created"], result["updated"]) == (1, 0, 1)
    assert await state.db.products.count_documents({"brand_id": brand.user.id}) == 2
    broken = await gql(IMPORT, {"input": {"text": "name,price\nx,1\n"}}, token=brand.token)
    assert broken["data"]["importProducts"]["errors"] == [
        {"field": "file", "code": "MISSING_COLUMNS"}
    ]


CAMPAIGNS = "query($m: Market) { campaigns(market: $m) { edges { node { id name } } } }"
INVITE = """mutation($c: ID!, $i: ID!) { inviteToCampaign(campaignId: $c, influencerId: $i) {
  membership { id status creatorCode } errors { code } } }"""
RESPOND = """mutation($m: ID!, $a: Boolean!) { respondToInvitation(membershipId: $m, accept: $a) {
  membership { status creatorCode } errors { code } } }"""
CAMPAIGN = "query($id: ID!) { campaign(id: $id) { name status spent { amountMinor } } }"


async def test_campaign_lifecycle_membership_and_links(state: AppState, gql: GraphQL) -> None:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    product = await make_product(gql, brand)
    bad = await gql(
        "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { errors { field } } }",
        {
            "i": {
                "name": "",
                "markets": ["US"],
                "startsAt": clock.now().isoformat(),
                "endsAt": (clock.now() - timedelta(days=1)).isoformat(),
                "budgetMinor": -1,
                "currency": "USD",
                "ruleKind": "PERCENT",
                "ruleBasisPoints": 20000,
                "attributionModel": "COIN_FLIP",
            }
        },
        token=brand.token,
    )
    fields = {e["field"] for e in bad["data"]["createCampaign"]["errors"]}
    assert fields == {"name", "endsAt", "budgetMinor", "attributionModel", "ruleBasisPoints"}

    draft = await make_campaign(gql, brand, [product], activate=False)
    influencer = await make_account(state, Role.INFLUENCER, market="US")
    elsewhere = await make_account(state, Role.INFLUENCER, market="DE")
    assert (await gql(CAMPAIGNS, token=influencer.token))["data"]["campaigns"]["edges"] == []
    hidden = await gql(CAMPAIGN, {"id": draft}, token=influencer.token, expect_errors=True)
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    await gql(
        "mutation($id: ID!) { activateCampaign(id: $id) { errors { code } } }",
        {"id": draft},
        token=brand.token,
    )
    listed = await gql(CAMPAIGNS, token=influencer.token)
    assert [e["node"]["id"] for e in listed["data"]["campaigns"]["edges"]] == [draft]
    assert (await gql(CAMPAIGNS, token=elsewhere.token))["data"]["campaigns"]["edges"] == []

    # Not a member yet: no campaign link.
    refused = await gql(
        CREATE_LINK,
        {"input": {"productId": product, "campaignId": draft}},
        token=influencer.token,
    )
    assert refused["data"]["createShoppableLink"]["errors"][0]["code"] == "FORBIDDEN"

    invited = await gql(INVITE, {"c": draft, "i": influencer.user.id}, token=brand.token)
    membership = invited["data"]["inviteToCampaign"]["membership"]
    assert (membership["status"], membership["creatorCode"]) == ("INVITED", None)
    accepted = await gql(RESPOND, {"m": membership["id"], "a": True}, token=influencer.token)
    joined = accepted["data"]["respondToInvitation"]["membership"]
    assert joined["status"] == "APPROVED" and joined["creatorCode"]

    link_input = {"input": {"productId": product, "campaignId": draft}}
    made = await gql(CREATE_LINK, link_input, token=influencer.token)
    same = await gql(CREATE_LINK, link_input, token=influencer.token)
    link = made["data"]["createShoppableLink"]["link"]
    assert link == same["data"]["createShoppableLink"]["link"]
    assert link["url"] == f"{state.settings.public_url}/l/{link['code']}"

    ended = await gql(
        "mutation($id: ID!) { endCampaign(id: $id) { campaign { status } } }",
        {"id": draft},
        token=brand.token,
    )
    assert ended["data"]["endCampaign"]["campaign"]["status"] == "ENDED"
    late = await gql(
        CREATE_LINK, {"input": {"productId": product, "campaignId": draft}}, token=elsewhere.token
    )
    assert late["data"]["createShoppableLink"]["errors"][0]["code"] == "INVALID_STATE"


NOTIFICATIONS = "{ myNotifications { edges { node { kind campaignId message } } } }"


async def test_a_spent_budget_stops_commission_and_tells_the_brand(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql, budget=700)
    shop = ShopClient(client, world.shop_id, world.secret)
    click_id = click_id_of(await click(client, world.link["code"]))
    first = (await shop.order(order_payload("b-1", world.sku, 5000, click_id))).json()
    second = (await shop.order(order_payload("b-2", world.sku, 5000, click_id))).json()
    third = (await shop.order(order_payload("b-3", world.sku, 5000, click_id))).json()
    assert first["commission"]["amount_minor"] == 500
    assert second["commission"]["amount_minor"] == 200  # capped by what was left
    assert (third["commission"], third["no_commission_reason"]) == (None, "BUDGET_EXHAUSTED")
    assert third["attribution"]["influencer_id"] == world.influencer.user.id
    for _ in range(100):
        notes = await gql(NOTIFICATIONS, token=world.brand.token)
        if notes["data"]["myNotifications"]["edges"]:
            break
        await _pause()
    (note,) = [e["node"] for e in notes["data"]["myNotifications"]["edges"]]
    assert (note["kind"], note["campaignId"]) == ("BUDGET_EXHAUSTED", world.campaign_id)
    spent = await gql(CAMPAIGN, {"id": world.campaign_id}, token=world.brand.token)
    assert spent["data"]["campaign"]["spent"]["amountMinor"] == 700


async def _pause() -> None:
    import asyncio

    await asyncio.sleep(0.05)


EARNINGS = (
    "query($from: Date, $to: Date) { myEarnings(from: $from, to: $to) { totals { pending } } }"
)
CAMPAIGN_EARNINGS = """query($c: ID!, $from: Date, $to: Date) {
  campaignEarnings(campaignId: $c, from: $from, to: $to) { totals { pending } } }"""


async def test_nobody_sees_another_influencers_money(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    click_id = click_id_of(await click(client, world.link["code"]))
    await shop.order(order_payload("m-1", world.sku, 5000, click_id))
    today = clock.now().date().isoformat()
    window = {"from": today, "to": today}
    mine = await gql(EARNINGS, window, token=world.influencer.token)
    assert mine["data"]["myEarnings"]["totals"] == [{"pending": 500}]
    stranger = await make_account(state, Role.INFLUENCER)
    theirs = await gql(EARNINGS, window, token=stranger.token)
    assert theirs["data"]["myEarnings"]["totals"] == []
    links = await gql("{ myLinks { edges { node { id } } } }", token=stranger.token)
    assert links["data"]["myLinks"]["edges"] == []
    owner = await gql(
        CAMPAIGN_EARNINGS, {"c": world.campaign_id, **window}, token=world.brand.token
    )
    assert owner["data"]["campaignEarnings"]["totals"] == [{"pending": 500}]
    rival = await make_account(state, Role.BRAND)
    refused = await gql(
        CAMPAIGN_EARNINGS, {"c": world.campaign_id, **window}, token=rival.token, expect_errors=True
    )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


ADJUST = """mutation($i: PostAdjustmentInput!) { postAdjustment(input: $i) {
  adjustment { id amount { amountMinor } reason } errors { field code } } }"""
PAYOUT = """mutation($r: String) { runPayouts(input: {runId: $r}) {
  payouts { amount { amountMinor } commissionCount clawbackCount } } }"""
TOTALS = """query($from: Date, $to: Date) { myEarnings(from: $from, to: $to) {
  totals { approved paid clawbackDue clawedBack payable } } }"""


async def test_a_clawback_is_carried_into_the_next_payout(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    state.settings.payout_minimum_minor = 100
    try:
        world = await build_world(state, gql)
        shop = ShopClient(client, world.shop_id, world.secret)
        click_id = click_id_of(await click(client, world.link["code"]))
        await shop.order(order_payload("c-1", world.sku, 30000, click_id))  # 3000 commission
        adjustment = {
            "influencerId": world.influencer.user.id,
            "amountMinor": -1200,
            "currency": "USD",
            "reason": "TRACKING_ERROR",
            "requestId": "adj-1",
            "note": "Duplicate tracking on an earlier order",
        }
        posted = await gql(ADJUST, {"i": adjustment}, token=world.admin.token)
        assert posted["data"]["postAdjustment"]["adjustment"]["amount"] == {"amountMinor": -1200}
        repeat = await gql(ADJUST, {"i": adjustment}, token=world.admin.token)
        assert (
            repeat["data"]["postAdjustment"]["adjustment"]["id"]
            == (posted["data"]["postAdjustment"]["adjustment"]["id"])
        )
        positive = await gql(
            ADJUST,
            {"i": {**adjustment, "amountMinor": 5, "requestId": "x"}},
            token=world.admin.token,
        )
        assert positive["data"]["postAdjustment"]["errors"][0]["field"] == "amountMinor"
        # Nothing approved yet: the clawback waits, no payout is made.
        assert (await gql(PAYOUT, {"r": "run-1"}, token=world.admin.token))["data"]["runPayouts"][
            "payouts"
        ] == []
        frozen_clock.advance(timedelta(days=46))
        from accounts.users import issue_token

        admin = issue_token(state.settings, world.admin.user)
        influencer = issue_token(state.settings, world.influencer.user)
        with allow_join_result():
            assert approve_due_commissions.delay().get(timeout=30) == 1
        paid = await gql(PAYOUT, {"r": "run-2"}, token=admin)
        assert paid["data"]["runPayouts"]["payouts"] == [
            {"amount": {"amountMinor": 1800}, "commissionCount": 1, "clawbackCount": 1}
        ]
        rerun = await gql(PAYOUT, {"r": "run-2"}, token=admin)
        assert rerun["data"]["runPayouts"]["payouts"] == []
        start = (clock.now() - timedelta(days=46)).date().isoformat()
        totals = await gql(
            TOTALS, {"from": start, "to": clock.now().date().isoformat()}, token=influencer
        )
        assert totals["data"]["myEarnings"]["totals"] == [
            {"approved": 0, "paid": 3000, "clawbackDue": 0, "clawedBack": -1200, "payable": 0}
        ]
    finally:
        state.settings.payout_minimum_minor = 5000
