"""Campaign deliverables and shoppable product tags, through the real surface: an influencer
posts for a campaign with a product tagged, the brand reviews the post, a FIXED_FEE campaign
pays per approved post (once, within budget), and "Shop the look" on the post credits its
author through the tag's link."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from celery.result import allow_join_result

from accounts.users import Role
from api.state import AppState
from commerce.ledger import post_commission_id
from commerce.tasks import approve_due_commissions
from tests.api.commerce_world import (
    IPHONE,
    ShopClient,
    build_world,
    click,
    click_id_of,
    join,
    make_campaign,
    make_product,
    make_shop,
    order_payload,
)
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import multipart_create, phone_jpeg, published_post
from tests.conftest import GraphQL

POST = """query($id: ID!) { post(id: $id) {
  id partnerBrand { id displayName }
  deliverable { status reason fee { amountMinor currency } campaign { id name } }
  productTags { productId shopUrl creditsAuthor product { id title } } } }"""
DELIVERABLES = """query($c: ID!, $s: DeliverableStatus) { campaign(id: $c) {
  deliverables(status: $s) { edges { node { id author { id } deliverable { status } } } } } }"""
SUBMIT = """mutation($p: ID!, $c: ID!) { submitDeliverable(postId: $p, campaignId: $c) {
  post { id deliverable { status } productTags { creditsAuthor } }
  errors { field code message } } }"""
APPROVE = """mutation($p: ID!) { approveDeliverable(postId: $p) {
  post { id deliverable { status fee { amountMinor currency } } }
  errors { field code message } } }"""
REJECT = """mutation($p: ID!, $r: String!) { rejectDeliverable(postId: $p, reason: $r) {
  post { id deliverable { status reason } } errors { field code message } } }"""
EDIT = """mutation($id: ID!, $tags: [ProductTagInput!]) {
  editPost(input: {id: $id, productTags: $tags}) {
  post { productTags { productId creditsAuthor } } errors { code } } }"""
CAMPAIGN = "query($c: ID!) { campaign(id: $c) { spent { amountMinor } budgetExhausted } }"
NOTIFICATIONS = "{ myNotifications { edges { node { kind message } } } }"
EARNINGS = "{ myEarnings { totals { currency pending approved } } }"

FEE = 15_000


def _tag(product_id: str) -> dict[str, Any]:
    return {"productId": product_id, "imageIndex": 0, "x": 0.4, "y": 0.6}


async def _fixed_fee_world(
    state: AppState, gql: GraphQL, budget: int = 100_000
) -> tuple[Account, Account, str, str]:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    influencer = await make_account(state, Role.INFLUENCER, name="Lena Style")
    await make_shop(state, brand)
    product_id = await make_product(gql, brand, "DRESS-1")
    campaign_id = await make_campaign(
        gql,
        brand,
        [product_id],
        budget=budget,
        ruleKind="FIXED_FEE",
        ruleBasisPoints=None,
        ruleAmountMinor=FEE,
    )
    await join(gql, brand, influencer, campaign_id)
    return brand, influencer, product_id, campaign_id


async def _campaign_post(
    client: httpx.AsyncClient,
    state: AppState,
    influencer: Account,
    product_id: str,
    campaign_id: str,
    seed: int = 0,
) -> str:
    doc = await published_post(
        client,
        state,
        influencer.token,
        seed=seed,
        caption="Summer dress for #northwind",
        product_tags=[_tag(product_id)],
        campaign_id=campaign_id,
    )
    return str(doc["_id"])


async def _kinds(gql: GraphQL, account: Account) -> list[str]:
    result = await gql(NOTIFICATIONS, token=account.token)
    return [e["node"]["kind"] for e in result["data"]["myNotifications"]["edges"]]


async def test_a_fixed_fee_post_is_submitted_reviewed_and_paid_once(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    brand, influencer, product_id, campaign_id = await _fixed_fee_world(state, gql)
    post_id = await _campaign_post(client, state, influencer, product_id, campaign_id)

    # The author sees the review; the public sees the paid partnership but not the review.
    own = (await gql(POST, {"id": post_id}, token=influencer.token))["data"]["post"]
    assert own["deliverable"]["status"] == "SUBMITTED"
    assert own["deliverable"]["campaign"]["id"] == campaign_id
    assert own["partnerBrand"]["displayName"] == "Northwind"
    shopper = await make_account(state, Role.SHOPPER)
    public = (await gql(POST, {"id": post_id}, token=shopper.token))["data"]["post"]
    assert public["deliverable"] is None
    assert public["partnerBrand"]["id"] == brand.user.id

    listed = await gql(DELIVERABLES, {"c": campaign_id, "s": "SUBMITTED"}, token=brand.token)
    edges = listed["data"]["campaign"]["deliverables"]["edges"]
    assert [(e["node"]["id"], e["node"]["author"]["id"]) for e in edges] == [
        (post_id, influencer.user.id)
    ]

    approved = (await gql(APPROVE, {"p": post_id}, token=brand.token))["data"]
    assert approved["approveDeliverable"]["errors"] == []
    deliverable = approved["approveDeliverable"]["post"]["deliverable"]
    assert deliverable == {"status": "APPROVED", "fee": {"amountMinor": FEE, "currency": "USD"}}

    # Approving again (a double click, a retry) pays nothing more.
    again = (await gql(APPROVE, {"p": post_id}, token=brand.token))["data"]["approveDeliverable"]
    assert again["errors"] == [] and again["post"]["deliverable"]["status"] == "APPROVED"
    commissions = await state.db.ledger.find({"kind": "COMMISSION"}).to_list()
    assert [(c["_id"], c["amount_minor"], c["rule"]) for c in commissions] == [
        (post_commission_id(post_id), FEE, "FIXED_FEE")
    ]
    spent = (await gql(CAMPAIGN, {"c": campaign_id}, token=brand.token))["data"]["campaign"]
    assert spent["spent"]["amountMinor"] == FEE

    earnings = (await gql(EARNINGS, token=influencer.token))["data"]["myEarnings"]["totals"]
    assert earnings == [{"currency": "USD", "pending": FEE, "approved": 0}]
    assert "DELIVERABLE_APPROVED" in await _kinds(gql, influencer)

    # A fee has no return window: the next approval run approves it.
    with allow_join_result():
        assert approve_due_commissions.delay().get(timeout=30) == 1
    earnings = (await gql(EARNINGS, token=influencer.token))["data"]["myEarnings"]["totals"]
    assert earnings == [{"currency": "USD", "pending": 0, "approved": FEE}]


async def test_a_rejected_post_can_be_changed_and_submitted_again(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    brand, influencer, product_id, campaign_id = await _fixed_fee_world(state, gql)
    post_id = await _campaign_post(client, state, influencer, product_id, campaign_id)

    blank = (await gql(REJECT, {"p": post_id, "r": "  "}, token=brand.token))["data"]
    assert blank["rejectDeliverable"]["errors"][0]["field"] == "reason"
    reason = "Show the dress in daylight, please."
    rejected = (await gql(REJECT, {"p": post_id, "r": reason}, token=brand.token))["data"]
    assert rejected["rejectDeliverable"]["post"]["deliverable"] == {
        "status": "REJECTED",
        "reason": reason,
    }
    assert "DELIVERABLE_REJECTED" in await _kinds(gql, influencer)
    # A rejected post cannot be approved without being submitted again; nothing is paid.
    refused = (await gql(APPROVE, {"p": post_id}, token=brand.token))["data"]
    assert refused["approveDeliverable"]["errors"][0]["code"] == "INVALID_STATE"
    assert await state.db.ledger.count_documents({}) == 0

    caption = "Summer dress for #northwind, in daylight"
    edit = """mutation($id: ID!, $c: String!) { editPost(input: {id: $id, caption: $c}) {
      errors { code } } }"""
    assert (await gql(edit, {"id": post_id, "c": caption}, token=influencer.token))["data"][
        "editPost"
    ]["errors"] == []
    resubmitted = await gql(SUBMIT, {"p": post_id, "c": campaign_id}, token=influencer.token)
    assert resubmitted["data"]["submitDeliverable"]["post"]["deliverable"]["status"] == "SUBMITTED"
    approved = (await gql(APPROVE, {"p": post_id}, token=brand.token))["data"]
    assert approved["approveDeliverable"]["post"]["deliverable"]["status"] == "APPROVED"
    # An approval is final.
    late = (await gql(REJECT, {"p": post_id, "r": reason}, token=brand.token))["data"]
    assert late["rejectDeliverable"]["errors"][0]["code"] == "INVALID_STATE"


async def test_concurrent_approvals_credit_one_fee_and_the_budget_caps_it(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    brand, influencer, product_id, campaign_id = await _fixed_fee_world(
        state, gql, budget=FEE + 5_000
    )
    first = await _campaign_post(client, state, influencer, product_id, campaign_id, seed=1)
    second = await _campaign_post(client, state, influencer, product_id, campaign_id, seed=2)

    results = await asyncio.gather(
        *(gql(APPROVE, {"p": first}, token=brand.token) for _ in range(6))
    )
    assert all(r["data"]["approveDeliverable"]["errors"] == [] for r in results)
    assert await state.db.ledger.count_documents({"kind": "COMMISSION"}) == 1

    # The second post's fee is cut to what is left of the budget, and the brand is told.
    cut = (await gql(APPROVE, {"p": second}, token=brand.token))["data"]["approveDeliverable"]
    assert cut["post"]["deliverable"]["fee"]["amountMinor"] == 5_000
    campaign = (await gql(CAMPAIGN, {"c": campaign_id}, token=brand.token))["data"]["campaign"]
    assert campaign == {"spent": {"amountMinor": FEE + 5_000}, "budgetExhausted": True}
    for _ in range(100):
        if "BUDGET_EXHAUSTED" in await _kinds(gql, brand):
            break
        await asyncio.sleep(0.05)
    assert "BUDGET_EXHAUSTED" in await _kinds(gql, brand)


async def test_only_the_campaigns_brand_reviews_and_only_members_submit(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    brand, influencer, product_id, campaign_id = await _fixed_fee_world(state, gql)
    post_id = await _campaign_post(client, state, influencer, product_id, campaign_id)
    rival = await make_account(state, Role.BRAND, name="Rival")
    refused = (await gql(APPROVE, {"p": post_id}, token=rival.token))["data"]
    assert refused["approveDeliverable"]["errors"][0]["code"] == "FORBIDDEN"
    hidden = await gql(
        DELIVERABLES, {"c": campaign_id, "s": None}, token=rival.token, expect_errors=True
    )
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    outsider = await make_account(state, Role.INFLUENCER, name="Not In It")
    response = await multipart_create(
        client,
        outsider.token,
        [phone_jpeg(320, 240, 9)],
        caption="Trying my luck",
        campaign_id=campaign_id,
    )
    payload = response.json()["data"]["createPost"]
    assert payload["post"] is None
    assert payload["errors"][0]["code"] == "FORBIDDEN"
    assert await state.db.posts.count_documents({"author_id": outsider.user.id}) == 0

    # A member sees only their own deliverables of the campaign.
    other = await make_account(state, Role.INFLUENCER, name="Second Member")
    await join(gql, brand, other, campaign_id)
    mine = await gql(DELIVERABLES, {"c": campaign_id, "s": None}, token=other.token)
    assert mine["data"]["campaign"]["deliverables"]["edges"] == []


async def test_shop_the_look_on_an_influencers_post_credits_its_author(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)  # a PERCENT campaign (10%) the influencer is in
    doc = await published_post(
        client,
        state,
        world.influencer.token,
        caption="Tee of the summer",
        product_tags=[_tag(world.product_id)],
    )
    post = (await gql(POST, {"id": doc["_id"]}, token=world.influencer.token))["data"]["post"]
    (tag,) = post["productTags"]
    assert tag["creditsAuthor"] is True
    assert tag["product"]["title"] == "Product TEE-1"
    code = tag["shopUrl"].rsplit("/l/", 1)[1]
    link = await state.db.links.find_one({"code": code})
    assert link is not None
    # Not tagged with the campaign, but the influencer is in a running one that sells it.
    assert (link["post_id"], link["campaign_id"]) == (doc["_id"], world.campaign_id)

    followed = await click(client, code, IPHONE)
    assert followed.status_code == 302
    shop = ShopClient(client, world.shop_id, world.secret)
    ordered = await shop.order(order_payload("7001", world.sku, 5000, click_id_of(followed)))
    assert ordered.status_code == 201, ordered.text
    answer = ordered.json()
    assert answer["attribution"]["influencer_id"] == world.influencer.user.id
    assert answer["attribution"]["link_id"] == link["_id"]
    assert answer["commission"]["amount_minor"] == 500
    entry = await state.db.ledger.find_one({"kind": "COMMISSION"})
    assert entry is not None and entry["post_id"] == doc["_id"]


async def test_a_shoppers_tags_are_their_own_links_and_edits_relink(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    shopper = await make_account(state, Role.SHOPPER)
    doc = await published_post(
        client, state, shopper.token, product_tags=[_tag(world.product_id)], seed=4
    )
    post = (await gql(POST, {"id": doc["_id"]}, token=shopper.token))["data"]["post"]
    # A shopper's tag is their own tracked link, as an influencer's is: it earns them points.
    stored_doc = await state.db.posts.find_one({"_id": doc["_id"]})
    assert stored_doc is not None
    code = stored_doc["tag_links"][world.product_id]
    assert post["productTags"] == [
        {
            "productId": world.product_id,
            "shopUrl": f"{state.settings.public_url}/l/{code}",
            "creditsAuthor": True,
            "product": {"id": world.product_id, "title": "Product TEE-1"},
        }
    ]
    assert post["partnerBrand"] is None and post["deliverable"] is None

    # An influencer's edit that adds a tag links the new product too.
    own = await published_post(client, state, world.influencer.token, seed=5)
    assert not (await state.db.posts.find_one({"_id": own["_id"]}) or {}).get("tag_links")
    second = await make_product(gql, world.brand, "TEE-2")
    edited = await gql(
        EDIT,
        {"id": own["_id"], "tags": [_tag(world.product_id), _tag(second)]},
        token=world.influencer.token,
    )
    tags = edited["data"]["editPost"]["post"]["productTags"]
    assert [t["creditsAuthor"] for t in tags] == [True, True]
    stored = await state.db.posts.find_one({"_id": own["_id"]})
    assert stored is not None and set(stored["tag_links"]) == {world.product_id, second}
