"""Pages of posts resolve their fields from loaders filled up front: the same answers as a post
asked for on its own, no more store round trips, and executor work that does not grow with the
page (`api.core.eager`, `api.posts.dataloaders.prefetch_page`)."""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter
from collections.abc import Coroutine
from typing import Any

import httpx
import pytest
import strawberry
from strawberry.dataloader import DataLoader

from accounts.users import Role
from api.core.eager import node_paths, now_or_later, selected_paths
from api.state import AppState
from tests.api.commerce_world import make_product, make_shop
from tests.api.helpers import make_account
from tests.api.test_feeds_shopper import world
from tests.api.test_posts_queries import counting_app
from tests.conftest import GraphQL

# What the web app asks of each post (frontend/src/lib/graphql/posts.ts, PostFields).
POST_FIELDS = """
  id caption hashtags market status likeCount saveCount commentCount createdAt publishedAt
  author { id displayName avatarUrl role handle viewerFollows }
  images { width height blurhash url(variant: FEED) thumb: url(variant: THUMB) }
  imageCount
  productTags { productId imageIndex x y product { id title archived } shopUrl creditsAuthor }
  partnerBrand { id displayName }
  rejectionReason viewerHasLiked viewerHasSaved viewerFollowsAuthor
"""
FEED = (
    "query($first: Int!) { feed(first: $first, market: US) { nodes { "
    + POST_FIELDS
    + " } pageInfo { hasNextPage } } }"
)
ONE = "query($id: ID!) { post(id: $id) { " + POST_FIELDS + " } }"
IDS_ONLY = "query($first: Int!) { feed(first: $first, market: US) { edges { node { id } } } }"


# --- the helpers themselves ----------------------------------------------------------------


@strawberry.type
class Leaf:
    a: int
    b: int


@strawberry.type
class Branch:
    leaf: Leaf
    other: Leaf


def probe_schema(seen: list[frozenset[str]]) -> strawberry.Schema:
    @strawberry.type
    class Query:
        @strawberry.field
        def probe(self, info: strawberry.Info) -> Branch:
            seen.append(selected_paths(info))
            return Branch(leaf=Leaf(a=1, b=2), other=Leaf(a=3, b=4))

    return strawberry.Schema(query=Query)


async def test_selected_paths_flatten_fragments_and_ignore_aliases() -> None:
    seen: list[frozenset[str]] = []
    schema = probe_schema(seen)
    result = await schema.execute(
        """{ probe { renamed: leaf { a } ...Rest ... on Branch { leaf { b } } } }
        fragment Rest on Branch { other { x: b } }"""
    )
    assert result.errors is None
    assert seen == [frozenset({"leaf", "leaf.a", "leaf.b", "other", "other.b"})]


def test_node_paths_come_through_edges_or_nodes() -> None:
    paths = frozenset(
        {"edges", "edges.node", "edges.node.author", "edges.node.author.id", "nodes", "nodes.id"}
        | {"pageInfo", "pageInfo.hasNextPage", "edges.cursor"}
    )
    assert node_paths(paths) == {"author", "author.id", "id"}


async def test_a_loaded_value_is_answered_now_and_a_missing_one_later() -> None:
    batches: list[list[int]] = []

    async def double(keys: list[int]) -> list[int]:
        batches.append(keys)
        return [key * 2 for key in keys]

    loader = DataLoader(load_fn=double)
    pending = now_or_later(loader, 1, str)
    assert inspect.isawaitable(pending)
    assert await pending == "2"  # type: ignore[misc]
    await loader.load_many([2, 3])
    # Loaded: the converted value itself, no awaitable, no further batch.
    assert now_or_later(loader, 3, str) == "6"
    assert now_or_later(loader, 1, str) == "2"
    assert batches == [[1], [2, 3]]


async def test_a_failed_load_raises_where_the_field_awaits_it() -> None:
    async def broken(keys: list[int]) -> list[int]:
        raise RuntimeError("store is down")

    loader = DataLoader(load_fn=broken)
    with pytest.raises(RuntimeError, match="store is down"):
        await loader.load(1)
    pending = now_or_later(loader, 1, str)
    assert inspect.isawaitable(pending)
    with pytest.raises(RuntimeError, match="store is down"):
        await pending  # type: ignore[misc]


# --- a feed page ----------------------------------------------------------------------------


async def decorated_world(gql: GraphQL, state: AppState) -> tuple[str, list[str]]:
    """A feed world where the shopper likes, saves and follows some of it, every look tags a
    product and every other one was made for a brand's campaign. Returns the shopper's token
    and the ids of their first page."""
    await world(state, per_style=4, authors=6)
    shopper = await make_account(state)
    brand = await make_account(state, Role.BRAND, name="Northwind")
    await make_shop(state, brand)
    product = await make_product(gql, brand, "TEE-9")
    body = await gql(FEED, {"first": 20}, token=shopper.token)
    nodes = body["data"]["feed"]["nodes"]
    ids = [node["id"] for node in nodes]
    tag = {"product_id": product, "image_index": 0, "x": 0.4, "y": 0.6}
    await state.db.posts.update_many({}, {"$set": {"product_tags": [tag]}})
    await state.db.posts.update_many(
        {"_id": {"$in": ids[::2]}}, {"$set": {"campaign_brand_id": brand.user.id}}
    )
    for mutation, post_id in (("likePost", ids[0]), ("likePost", ids[3]), ("savePost", ids[4])):
        result = await gql(
            f"mutation($id: ID!) {{ {mutation}(id: $id) {{ errors {{ code }} }} }}",
            {"id": post_id},
            token=shopper.token,
        )
        assert result["data"][mutation]["errors"] == []
    followed = nodes[5]["author"]["id"]
    result = await gql(
        "mutation($id: ID!) { follow(userId: $id) { errors { code } } }",
        {"id": followed},
        token=shopper.token,
    )
    assert result["data"]["follow"]["errors"] == []
    return shopper.token, ids


async def test_a_feed_page_answers_as_each_post_on_its_own(gql: GraphQL, state: AppState) -> None:
    token, _ = await decorated_world(gql, state)
    nodes = (await gql(FEED, {"first": 20}, token=token))["data"]["feed"]["nodes"]
    assert len(nodes) == 20
    for node in nodes:
        alone = await gql(ONE, {"id": node["id"]}, token=token)
        assert node == alone["data"]["post"]
    # The page carries what the shopper did, so the comparison above compared something.
    assert sum(node["viewerHasLiked"] for node in nodes) == 2
    assert sum(node["viewerHasSaved"] for node in nodes) == 1
    assert any(node["author"]["viewerFollows"] for node in nodes)
    assert any(node["viewerFollowsAuthor"] for node in nodes)
    tags = [tag for node in nodes for tag in node["productTags"]]
    assert {tag["product"]["title"] for tag in tags} == {"Product TEE-9"} and len(tags) == 20
    assert all(tag["shopUrl"].endswith("/p/tee-9?ref=tl") for tag in tags)
    brands = [node["partnerBrand"]["displayName"] for node in nodes if node["partnerBrand"]]
    assert brands == ["Northwind"] * 10


class TaskCounter:
    """Counts the tasks the event loop starts, through its task factory."""

    def __init__(self) -> None:
        self.started = 0

    def __call__(
        self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, Any], **kwargs: Any
    ) -> asyncio.Task[Any]:
        self.started += 1
        return asyncio.Task(coro, loop=loop, **kwargs)


async def test_a_feed_pages_work_does_not_grow_with_its_length(
    gql: GraphQL, state: AppState
) -> None:
    token, _ = await decorated_world(gql, state)
    counting, app = counting_app(state)
    loop = asyncio.get_running_loop()
    tasks = TaskCounter()
    previous = loop.get_task_factory()
    costs: dict[tuple[str, int], tuple[dict[str, int], int]] = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        counted = GraphQL(http)
        for query in (FEED, IDS_ONLY):
            for size in (2, 20):
                counting.calls.clear()
                loop.set_task_factory(tasks)
                tasks.started = 0
                try:
                    body = await counted(query, {"first": size}, token=token)
                finally:
                    loop.set_task_factory(previous)
                assert "errors" not in body, body
                costs[(query, size)] = (dict(counting.calls), tasks.started)
    assert costs[(FEED, 2)] == costs[(FEED, 20)]
    assert costs[(IDS_ONLY, 2)] == costs[(IDS_ONLY, 20)]
    # What the app's selection adds to a page that asks only for ids: one round trip per
    # loader (authors and brands, likes, saves, follows, products), nothing per post.
    full, started = costs[(FEED, 20)]
    bare, _ = costs[(IDS_ONLY, 20)]
    assert Counter(full) - Counter(bare) == {
        "users.find": 1,
        "likes.find": 1,
        "saves.find": 1,
        "follows.find": 1,
        "products.find": 1,
    }
    assert not Counter(bare) - Counter(full)
    assert started < 20, started
