"""Reading the commerce side without extra round trips: product search, who a membership is,
whether the viewer follows a post's author, and earnings groups named as a person names them."""

from __future__ import annotations

from datetime import timedelta

import httpx

from accounts import notifications
from accounts.users import Role
from api.state import AppState
from commerce import reconcile_io
from core import clock
from core.mongo import sync_db
from tests.api.commerce_world import (
    IPHONE,
    ShopClient,
    build_world,
    click,
    click_id_of,
    make_product,
    order_payload,
)
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

SEARCH = """query($q: String, $b: ID) { products(search: $q, brandId: $b, first: 50) {
  edges { node { sku title } } } }"""
MEMBERS = """query($c: ID!) { campaignMembers(campaignId: $c) {
  edges { node { status influencer { id displayName } } } } }"""
FOLLOWS = "query($id: ID!) { post(id: $id) { viewerFollowsAuthor } }"
FOLLOW = "mutation($u: ID!) { follow(userId: $u) { following errors { code } } }"
EARNINGS = """{ myEarnings {
  byCampaign { id label } byLink { id label } byPost { id label } } }"""


async def test_products_are_searched_by_title_and_sku_words_literally(
    state: AppState, gql: GraphQL
) -> None:
    world = await build_world(state, gql)
    await make_product(gql, world.brand, "DRESS-RED-9")
    await make_product(gql, world.brand, "BAG-2")

    async def skus(query: str | None) -> list[str]:
        result = await gql(SEARCH, {"q": query, "b": world.brand.user.id})
        return sorted(e["node"]["sku"] for e in result["data"]["products"]["edges"])

    assert await skus(None) == ["BAG-2", "DRESS-RED-9", "TEE-1"]
    assert await skus("dress") == ["DRESS-RED-9"]
    assert await skus("product red") == ["DRESS-RED-9"]  # every word must match
    assert await skus("tee-1") == ["TEE-1"]
    assert await skus("(.*") == []  # typed text is never a pattern
    assert await skus("   ") == ["BAG-2", "DRESS-RED-9", "TEE-1"]


async def test_a_membership_names_its_influencer_and_posts_tell_who_follows(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    members = await gql(MEMBERS, {"c": world.campaign_id}, token=world.brand.token)
    (edge,) = members["data"]["campaignMembers"]["edges"]
    assert edge["node"]["influencer"] == {
        "id": world.influencer.user.id,
        "displayName": "Lena Style",
    }

    post = await published_post(client, state, world.influencer.token)
    fan = await make_account(state, Role.SHOPPER)
    before = await gql(FOLLOWS, {"id": post["_id"]}, token=fan.token)
    assert before["data"]["post"]["viewerFollowsAuthor"] is False
    followed = await gql(FOLLOW, {"u": world.influencer.user.id}, token=fan.token)
    assert followed["data"]["follow"]["following"] is True
    after = await gql(FOLLOWS, {"id": post["_id"]}, token=fan.token)
    assert after["data"]["post"]["viewerFollowsAuthor"] is True
    anonymous = await gql(FOLLOWS, {"id": post["_id"]})
    assert anonymous["data"]["post"]["viewerFollowsAuthor"] is False


async def test_earnings_groups_carry_the_names_people_use(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    caption = "A very long caption about the perfect white tee for every single summer day"
    post = await published_post(
        client,
        state,
        world.influencer.token,
        caption=caption,
        product_tags=[{"productId": world.product_id, "imageIndex": 0, "x": 0.5, "y": 0.5}],
    )
    tagged = await state.db.posts.find_one({"_id": post["_id"]})
    assert tagged is not None
    code = tagged["tag_links"][world.product_id]
    shop = ShopClient(client, world.shop_id, world.secret)
    ordered = await shop.order(
        order_payload("9001", world.sku, 3000, click_id_of(await click(client, code, IPHONE)))
    )
    assert ordered.status_code == 201, ordered.text

    earnings = (await gql(EARNINGS, token=world.influencer.token))["data"]["myEarnings"]
    assert [g["label"] for g in earnings["byCampaign"]] == ["Summer drop"]
    assert [g["label"] for g in earnings["byLink"]] == ["Product TEE-1"]
    (by_post,) = earnings["byPost"]
    assert by_post["id"] == post["_id"]
    assert by_post["label"].startswith("A very long caption") and by_post["label"].endswith("…")
    assert len(by_post["label"]) == 60


CORRECTIONS = """query($c: ID!) { campaign(id: $c) {
  spent { amountMinor } budgetCorrections { before { amountMinor } after { amountMinor }
  delta { amountMinor currency } } } }"""


async def test_the_brand_sees_why_its_spend_moved(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    # A spend whose commission never reached the ledger (a process died in between).
    await state.db.campaigns.update_one({"_id": world.campaign_id}, {"$inc": {"spent_minor": 700}})
    db = sync_db(state.settings)
    reconcile_io.reconcile_budgets(db, clock.now())
    frozen_clock.advance(timedelta(minutes=10))
    assert len(reconcile_io.reconcile_budgets(db, clock.now()).fixes) == 1

    seen = (await gql(CORRECTIONS, {"c": world.campaign_id}, token=world.brand.token))["data"]
    assert seen["campaign"] == {
        "spent": {"amountMinor": 0},
        "budgetCorrections": [
            {
                "before": {"amountMinor": 700},
                "after": {"amountMinor": 0},
                "delta": {"amountMinor": -700, "currency": "USD"},
            }
        ],
    }
    member = await gql(CORRECTIONS, {"c": world.campaign_id}, token=world.influencer.token)
    assert member["data"]["campaign"]["budgetCorrections"] == []


UNREAD = "{ unreadNotificationCount }"
MARK_ALL = "mutation { markAllNotificationsRead { marked errors { code } } }"
INBOX = "{ myNotifications { edges { node { kind read postId campaignId } } } }"
PAYOUTS = """mutation { runPayouts(input: {runId: "run-empty"}) {
  payouts { id } minimumMinor errors { code } } }"""


async def test_the_inbox_counts_unread_notices_and_marks_them_all_read(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    for number in range(3):
        await notifications.store(
            state.db,
            f"ntf_test{number}",
            world.influencer.user.id,
            "DELIVERABLE_APPROVED",
            "Your post was approved.",
            post_id="post_x",
            campaign_id=world.campaign_id,
        )
    await notifications.store(state.db, "ntf_other", world.brand.user.id, "X", "Not yours.")
    assert (await gql(UNREAD, token=world.influencer.token))["data"] == {
        "unreadNotificationCount": 3
    }
    inbox = await gql(INBOX, token=world.influencer.token)
    nodes = [e["node"] for e in inbox["data"]["myNotifications"]["edges"]]
    assert {(n["postId"], n["campaignId"]) for n in nodes} == {("post_x", world.campaign_id)}

    marked = await gql(MARK_ALL, token=world.influencer.token)
    assert marked["data"]["markAllNotificationsRead"] == {"marked": 3, "errors": []}
    assert (await gql(UNREAD, token=world.influencer.token))["data"]["unreadNotificationCount"] == 0
    again = await gql(MARK_ALL, token=world.influencer.token)
    assert again["data"]["markAllNotificationsRead"]["marked"] == 0
    # Someone else's notices are untouched.
    assert (await gql(UNREAD, token=world.brand.token))["data"]["unreadNotificationCount"] == 1


async def test_a_payout_run_says_the_minimum_it_applied(state: AppState, gql: GraphQL) -> None:
    world = await build_world(state, gql)
    ran = (await gql(PAYOUTS, token=world.admin.token))["data"]["runPayouts"]
    assert ran == {
        "payouts": [],
        "minimumMinor": state.settings.payout_minimum_minor,
        "errors": [],
    }
