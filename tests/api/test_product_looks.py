"""A product's page: its brand, where "Buy" goes for the viewer, and the published looks that
tag it — newest first, a page at a time, without deleted or hidden posts, read through the
index on the posts' tags rather than a scan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import mongomock

from accounts.users import Role
from api.state import AppState
from commerce.product_looks import looks_query
from core import embedded_speedups
from core.indexes import INDEXES
from tests.api.commerce_world import join, make_campaign, make_product, make_shop
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

PAGE = """query($id: ID!, $first: Int!, $after: String, $look: ID) { product(id: $id) {
  title archived buyUrl(look: $look) brand { id displayName }
  looks(first: $first, after: $after) {
    nodes { id author { id } } pageInfo { hasNextPage endCursor } } } }"""
HIDE = """mutation($id: ID!) { moderatePost(id: $id, decision: HIDE) { post { status } } }"""


def _tag(product_id: str) -> dict[str, Any]:
    return {"productId": product_id, "imageIndex": 0, "x": 0.4, "y": 0.6}


async def test_looks_are_published_posts_newest_first_a_page_at_a_time(
    client: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    await make_shop(state, brand)
    dress = await make_product(gql, brand, "DRS-1")
    other = await make_product(gql, brand, "DRS-2")
    shopper = await make_account(state, Role.SHOPPER)
    posts = [
        await published_post(client, state, shopper.token, seed=i, product_tags=[_tag(dress)])
        for i in range(4)
    ]
    await published_post(client, state, shopper.token, seed=9, product_tags=[_tag(other)])
    deleted, hidden = posts[1], posts[2]
    await gql(
        "mutation($id: ID!) { deletePost(id: $id) { errors { code } } }",
        {"id": deleted["_id"]},
        token=shopper.token,
    )
    admin = await make_account(state, Role.ADMIN)
    await gql(HIDE, {"id": hidden["_id"]}, token=admin.token)
    assert (await state.db.posts.find_one({"_id": hidden["_id"]}) or {})["status"] == "HIDDEN"

    viewer = await make_account(state, Role.DESIGNER)
    first = await gql(PAGE, {"id": dress, "first": 1}, token=viewer.token)
    product = first["data"]["product"]
    assert product["brand"] == {"id": brand.user.id, "displayName": "Northwind"}
    assert product["buyUrl"].startswith("https://shop.northwind.example/p/drs-1")
    assert [n["id"] for n in product["looks"]["nodes"]] == [posts[3]["_id"]]
    assert product["looks"]["pageInfo"]["hasNextPage"] is True
    after = product["looks"]["pageInfo"]["endCursor"]
    second = await gql(PAGE, {"id": dress, "first": 5, "after": after}, token=viewer.token)
    looks = second["data"]["product"]["looks"]
    assert [n["id"] for n in looks["nodes"]] == [posts[0]["_id"]]
    assert looks["pageInfo"]["hasNextPage"] is False


async def test_buy_goes_through_the_looks_tracked_link_but_never_the_viewers_own(
    client: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    dress = await make_product(gql, brand, "DRS-5")
    campaign_id = await make_campaign(gql, brand, [dress])
    influencer = await make_account(state, Role.INFLUENCER)
    await join(gql, brand, influencer, campaign_id)
    look = await published_post(client, state, influencer.token, product_tags=[_tag(dress)])
    code = (await state.db.posts.find_one({"_id": look["_id"]}) or {})["tag_links"][dress]
    shopper = await make_account(state, Role.SHOPPER)

    tracked = await gql(PAGE, {"id": dress, "first": 1, "look": look["_id"]}, token=shopper.token)
    assert tracked["data"]["product"]["buyUrl"].endswith(f"/l/{code}")
    own = await gql(PAGE, {"id": dress, "first": 1, "look": look["_id"]}, token=influencer.token)
    assert own["data"]["product"]["buyUrl"].startswith("https://shop.northwind.example/")
    plain = await gql(PAGE, {"id": dress, "first": 1}, token=shopper.token)
    assert plain["data"]["product"]["buyUrl"].startswith("https://shop.northwind.example/")

    await gql(
        "mutation($id: ID!) { archiveProduct(id: $id) { errors { code } } }",
        {"id": dress},
        token=brand.token,
    )
    gone = await gql(PAGE, {"id": dress, "first": 1, "look": look["_id"]}, token=shopper.token)
    assert gone["data"]["product"]["archived"] is True
    assert gone["data"]["product"]["buyUrl"] is None
    # The look still shows on the page of a product no longer sold.
    assert [n["id"] for n in gone["data"]["product"]["looks"]["nodes"]] == [look["_id"]]


def test_the_looks_lookup_is_served_by_an_index_not_a_scan() -> None:
    embedded_speedups.apply()
    posts: Any = mongomock.MongoClient(tz_aware=True).db.posts
    for index in INDEXES:
        if index.collection == "posts":
            posts.create_index(index.keys, **index.options)
    base = datetime(2026, 3, 1, tzinfo=UTC)
    statuses = ["PUBLISHED", "DELETED", "HIDDEN", "PROCESSING"]
    posts.insert_many(
        {
            "_id": f"post_{i:05d}",
            "author_id": f"usr_{i % 40}",
            "status": statuses[i % 4],
            "product_tags": [
                {"product_id": f"prd_{i % 50}", "image_index": 0, "x": 0.5, "y": 0.5},
                {"product_id": "prd_everywhere", "image_index": 0, "x": 0.1, "y": 0.1},
            ],
            "published_at": base + timedelta(minutes=i),
        }
        for i in range(2000)
    )
    query = looks_query("prd_2")
    visited = embedded_speedups.indexed_documents(posts._store, query)
    assert visited is not None, "no index serves a product's looks"
    # Only the 40 posts tagging the product are read, not the 2,000; 10 of them are published.
    assert len(visited) == 40
    assert all(d["product_tags"][0]["product_id"] == "prd_2" for d in visited)
    assert [d["_id"] for d in posts.find(query)] == [
        d["_id"] for d in visited if d["status"] == "PUBLISHED"
    ]
    # On MongoDB the same index also returns them newest first, without sorting in memory.
    keys = [index.keys for index in INDEXES if index.collection == "posts"]
    assert [
        ("product_tags.product_id", 1),
        ("status", 1),
        ("published_at", -1),
        ("_id", -1),
    ] in keys
