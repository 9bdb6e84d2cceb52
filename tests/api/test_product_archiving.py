"""A brand takes a product off sale and puts it back: only its own brand (or an admin) may; the
catalogue hides it unless the brand asks; new tags, links and campaign lists refuse it; posts
that already tag it keep the tag, shown without a way to buy."""

from __future__ import annotations

from typing import Any

import httpx

from accounts.users import Role
from api.state import AppState
from tests.api.commerce_world import (
    CREATE_CAMPAIGN,
    CREATE_LINK,
    make_campaign,
    make_product,
    make_shop,
)
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import create_post, phone_jpeg, published_post
from tests.conftest import GraphQL

ARCHIVE = """mutation($id: ID!) { archiveProduct(id: $id) {
  product { id archived archivedAt } errors { field code message } } }"""
UNARCHIVE = """mutation($id: ID!) { unarchiveProduct(id: $id) {
  product { id archived archivedAt } errors { field code message } } }"""
LIST = """query($brandId: ID, $status: ProductListingStatus!) {
  products(brandId: $brandId, status: $status, first: 50) { nodes { id archived } } }"""
POST_TAGS = """query($id: ID!) { post(id: $id) {
  productTags { productId x y shopUrl product { id archived } } } }"""
EDIT_TAGS = """mutation($id: ID!, $tags: [ProductTagInput!]!) {
  editPost(input: {id: $id, productTags: $tags}) {
    post { productTags { productId x y } } errors { field code message } } }"""


def _tag(product_id: str, x: float = 0.5, y: float = 0.5) -> dict[str, Any]:
    return {"productId": product_id, "imageIndex": 0, "x": x, "y": y}


async def _brand_with(state: AppState, gql: GraphQL, *skus: str) -> tuple[Account, list[str]]:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    return brand, [await make_product(gql, brand, sku) for sku in skus]


async def _listed(gql: GraphQL, token: str, brand_id: str | None, status: str) -> dict[str, Any]:
    variables = {"brandId": brand_id, "status": status}
    return await gql(LIST, variables, token=token, expect_errors=True)


async def test_only_the_owning_brand_or_an_admin_archives(state: AppState, gql: GraphQL) -> None:
    brand, (product_id,) = await _brand_with(state, gql, "DRS-1")
    other = await make_account(state, Role.BRAND)
    shopper = await make_account(state, Role.SHOPPER)
    admin = await make_account(state, Role.ADMIN)

    refused = await gql(ARCHIVE, {"id": product_id}, token=other.token)
    assert refused["data"]["archiveProduct"]["errors"][0]["code"] == "FORBIDDEN"
    denied = await gql(ARCHIVE, {"id": product_id}, token=shopper.token, expect_errors=True)
    assert denied["data"] is None or denied["data"]["archiveProduct"] is None
    assert denied["errors"]
    doc = await state.db.products.find_one({"_id": product_id})
    assert doc is not None and not doc.get("archived_at")

    done = await gql(ARCHIVE, {"id": product_id}, token=brand.token)
    product = done["data"]["archiveProduct"]["product"]
    assert product["archived"] is True and product["archivedAt"]
    # Twice is not an error and keeps the first time.
    again = await gql(ARCHIVE, {"id": product_id}, token=brand.token)
    assert again["data"]["archiveProduct"]["product"]["archivedAt"] == product["archivedAt"]

    back = await gql(UNARCHIVE, {"id": product_id}, token=admin.token)
    assert back["data"]["unarchiveProduct"]["product"] == {
        "id": product_id,
        "archived": False,
        "archivedAt": None,
    }
    stranger = await gql(UNARCHIVE, {"id": product_id}, token=other.token)
    assert stranger["data"]["unarchiveProduct"]["errors"][0]["code"] == "FORBIDDEN"
    missing = await gql(ARCHIVE, {"id": "prd_nope"}, token=brand.token)
    assert missing["data"]["archiveProduct"]["errors"][0]["code"] == "NOT_FOUND"


async def test_the_catalogue_lists_archived_products_to_their_brand_only(
    state: AppState, gql: GraphQL
) -> None:
    brand, (kept, archived) = await _brand_with(state, gql, "TEE-1", "TEE-2")
    await gql(ARCHIVE, {"id": archived}, token=brand.token)
    shopper = await make_account(state, Role.SHOPPER)
    other = await make_account(state, Role.BRAND)

    everyone = await _listed(gql, shopper.token, None, "ACTIVE")
    assert [n["id"] for n in everyone["data"]["products"]["nodes"]] == [kept]
    own = await _listed(gql, brand.token, brand.user.id, "ACTIVE")
    assert [n["id"] for n in own["data"]["products"]["nodes"]] == [kept]
    tab = await _listed(gql, brand.token, brand.user.id, "ARCHIVED")
    assert tab["data"]["products"]["nodes"] == [{"id": archived, "archived": True}]
    both = await _listed(gql, brand.token, brand.user.id, "ALL")
    assert {n["id"] for n in both["data"]["products"]["nodes"]} == {kept, archived}

    for token, brand_id in ((shopper.token, brand.user.id), (other.token, brand.user.id)):
        refused = await _listed(gql, token, brand_id, "ARCHIVED")
        assert refused["data"] is None
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    whole = await _listed(gql, brand.token, None, "ALL")
    assert whole["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_archived_products_are_refused_for_new_tags_links_and_campaigns(
    client: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    brand, (on_sale, archived) = await _brand_with(state, gql, "SKT-1", "SKT-2")
    await gql(ARCHIVE, {"id": archived}, token=brand.token)
    shopper = await make_account(state, Role.SHOPPER)
    influencer = await make_account(state, Role.INFLUENCER)

    payload = await create_post(
        client, shopper.token, [phone_jpeg(480, 360)], product_tags=[_tag(archived)]
    )
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("productTags.0.productId", "PRODUCT_ARCHIVED")
    assert "no longer sold" in error["message"]
    assert await state.db.posts.count_documents({"author_id": shopper.user.id}) == 0

    link = await gql(CREATE_LINK, {"input": {"productId": archived}}, token=influencer.token)
    [link_error] = link["data"]["createShoppableLink"]["errors"]
    assert link_error["code"] == "PRODUCT_ARCHIVED"
    assert await state.db.links.count_documents({"product_id": archived}) == 0

    campaign = await gql(
        CREATE_CAMPAIGN,
        {
            "input": {
                "name": "Skirts",
                "brief": "Skirts.",
                "markets": ["US"],
                "startsAt": "2026-01-01T00:00:00+00:00",
                "endsAt": "2026-02-01T00:00:00+00:00",
                "budgetMinor": 100_000,
                "currency": "USD",
                "ruleKind": "PERCENT",
                "ruleBasisPoints": 1000,
                "productIds": [on_sale, archived],
            }
        },
        token=brand.token,
    )
    [campaign_error] = campaign["data"]["createCampaign"]["errors"]
    assert (campaign_error["field"], campaign_error["code"]) == ("productIds", "PRODUCT_ARCHIVED")

    # Unarchived, it is offered again.
    await gql(UNARCHIVE, {"id": archived}, token=brand.token)
    again = await gql(CREATE_LINK, {"input": {"productId": archived}}, token=influencer.token)
    assert again["data"]["createShoppableLink"]["errors"] == []


async def test_existing_tags_stay_without_a_buy_link_and_can_move_but_not_be_added(
    client: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    brand, (dress, bag) = await _brand_with(state, gql, "DRS-9", "BAG-9")
    campaign_id = await make_campaign(gql, brand, [dress, bag])
    shopper = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, shopper.token, product_tags=[_tag(dress)])
    other = await published_post(client, state, shopper.token, seed=2, product_tags=[])
    await gql(ARCHIVE, {"id": dress}, token=brand.token)

    read = await gql(POST_TAGS, {"id": post["_id"]}, token=shopper.token)
    [tag] = read["data"]["post"]["productTags"]
    assert tag["product"] == {"id": dress, "archived": True} and tag["shopUrl"] is None

    # The author moves the tag they already had and adds a product on sale: accepted.
    moved = await gql(
        EDIT_TAGS,
        {"id": post["_id"], "tags": [_tag(dress, 0.2, 0.3), _tag(bag, 0.7, 0.8)]},
        token=shopper.token,
    )
    assert moved["data"]["editPost"]["errors"] == []
    assert moved["data"]["editPost"]["post"]["productTags"] == [
        {"productId": dress, "x": 0.2, "y": 0.3},
        {"productId": bag, "x": 0.7, "y": 0.8},
    ]
    # Tagging it on another post is new: refused, nothing changes.
    added = await gql(EDIT_TAGS, {"id": other["_id"], "tags": [_tag(dress)]}, token=shopper.token)
    [error] = added["data"]["editPost"]["errors"]
    assert (error["field"], error["code"]) == ("productTags.0.productId", "PRODUCT_ARCHIVED")
    stored = await state.db.posts.find_one({"_id": other["_id"]})
    assert stored is not None and stored["product_tags"] == []

    # A campaign that already lists it keeps it through an unrelated change.
    changed = await gql(
        """mutation($id: ID!) { updateCampaign(input: {id: $id, brief: "New brief"}) {
          campaign { brief } errors { code } } }""",
        {"id": campaign_id},
        token=brand.token,
    )
    assert changed["data"]["updateCampaign"]["errors"] == []
