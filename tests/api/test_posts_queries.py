"""Reading posts through GraphQL: lists and their visibility, comments, the viewer's flags, and
a page that costs the same number of store round trips whatever its length."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts.users import Role, User, issue_token
from api.app import create_app
from api.state import AppState
from core import clock
from core.ids import new_id
from core.mongo import Document, MongoHandles
from feeds import feed_store
from posts import social
from posts.lifecycle import PostDraft, PostStatus, new_post_doc
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")

PAGE = """
query($first: Int!, $after: String) {
  posts(first: $first, after: $after) {
    edges { cursor node {
      id caption likeCount saveCount commentCount viewerHasLiked viewerHasSaved
      author { id displayName }
      images { url(variant: FEED) blurhash palette { hex } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def published_doc(state: AppState, author: User) -> Document:
    """A published post document, for tests about what people do around posts."""
    doc = new_post_doc(new_id("post"), author, PostDraft("fit #ootd", ["ootd"], [], "US"), [])
    doc["status"] = PostStatus.PUBLISHED.value
    await state.db.posts.insert_one(doc)
    return doc


class CountingCollection:
    """Counts every call that reaches the store: one call, one round trip."""

    def __init__(self, inner: Any, calls: Counter[str]) -> None:
        self._inner = inner
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self._calls[f"{self._inner.name}.{name}"] += 1
            return attr(*args, **kwargs)

        return call


class CountingDB:
    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls: Counter[str] = Counter()

    def __getitem__(self, name: str) -> CountingCollection:
        return CountingCollection(self._inner[name], self.calls)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]


def counting_app(state: AppState) -> tuple[CountingDB, Any]:
    """The app on the test's stores, with every call that reaches the store counted."""
    counting = CountingDB(state.db)
    counted_state = AppState(
        settings=state.settings,
        mongo=MongoHandles(db=counting, client=None),  # type: ignore[arg-type]
        redis=state.redis,
        redis_url=state.redis_url,
    )
    return counting, create_app(state.settings, state=counted_state)


async def _clone_posts(state: AppState, template: dict[str, Any], count: int) -> list[str]:
    """Published posts by as many different authors, sharing one processed image set."""
    ids = []
    for i in range(count):
        author = await make_account(state, name=f"Author {i}")
        doc = {**template, "_id": new_id("post"), "author_id": author.user.id, "caption": f"#{i}"}
        await state.db.posts.insert_one(doc)
        ids.append(doc["_id"])
    return ids


async def test_a_page_costs_the_same_round_trips_whatever_its_size(
    client: httpx.AsyncClient, state: AppState
) -> None:
    viewer = await make_account(state)
    template = await published_post(client, state, viewer.token, seed=11)
    ids = await _clone_posts(state, template, 24)
    for post_id in ids[::2]:
        await state.db.likes.insert_one(
            {"_id": f"{post_id}:{viewer.user.id}", "post_id": post_id, "user_id": viewer.user.id}
        )
    for post_id in ids[::3]:
        await state.db.saves.insert_one(
            {"_id": f"{post_id}:{viewer.user.id}", "post_id": post_id, "user_id": viewer.user.id}
        )

    counting, app = counting_app(state)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        gql = GraphQL(http)
        costs = {}
        for size in (2, 20):
            counting.calls.clear()
            body = await gql(PAGE, {"first": size}, token=viewer.token)
            costs[size] = dict(counting.calls)
            edges = body["data"]["posts"]["edges"]
            assert len(edges) == size
            for edge in edges:
                node = edge["node"]
                assert node["viewerHasLiked"] == (node["id"] in ids[::2])
                assert node["viewerHasSaved"] == (node["id"] in ids[::3])
                assert node["author"]["displayName"]
                assert node["images"][0]["url"].startswith("http")
    # Sign-in, the page, its authors, the viewer's likes, the viewer's saves.
    assert costs[2] == costs[20]
    assert sum(costs[20].values()) == 5, costs[20]


async def test_lists_show_each_viewer_what_they_may_see(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    stranger = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    first = await published_post(client, state, author.token, seed=21, caption="one")
    second = await published_post(client, state, author.token, seed=22, caption="two")
    third = await published_post(client, state, author.token, seed=23, caption="three")
    await state.db.posts.update_one({"_id": second["_id"]}, {"$set": {"status": "HIDDEN"}})
    await state.db.posts.update_one({"_id": third["_id"]}, {"$set": {"status": "DELETED"}})
    query = """
    query($author: ID, $after: String) {
      posts(authorId: $author, first: 1, after: $after) {
        edges { node { caption status } } pageInfo { hasNextPage endCursor }
      }
    }"""

    async def captions(token: str | None, author_id: str | None) -> list[tuple[str, str]]:
        seen, after = [], None
        while True:
            body = await gql(query, {"author": author_id, "after": after}, token=token)
            page = body["data"]["posts"]
            seen += [(e["node"]["caption"], e["node"]["status"]) for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return seen
            after = page["pageInfo"]["endCursor"]

    assert await captions(None, author.user.id) == [("one", "PUBLISHED")]
    assert await captions(stranger.token, None) == [("one", "PUBLISHED")]
    own = [("two", "HIDDEN"), ("one", "PUBLISHED")]
    assert await captions(author.token, author.user.id) == own
    assert await captions(admin.token, author.user.id) == own
    assert first["status"] == "PUBLISHED"


async def test_social_actions_through_graphql(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    fan = await make_account(state)
    doc = await published_post(client, state, author.token, seed=31)
    like = """mutation($id: ID!) {
      likePost(id: $id) { post { likeCount viewerHasLiked } errors { code } }
    }"""
    for _ in range(2):
        body = await gql(like, {"id": doc["_id"]}, token=fan.token)
    assert body["data"]["likePost"] == {
        "post": {"likeCount": 1, "viewerHasLiked": True},
        "errors": [],
    }
    save = "mutation($id: ID!) { savePost(id: $id) { post { saveCount viewerHasSaved } } }"
    assert (await gql(save, {"id": doc["_id"]}, token=fan.token))["data"]["savePost"]["post"] == {
        "saveCount": 1,
        "viewerHasSaved": True,
    }
    unsave = "mutation($id: ID!) { unsavePost(id: $id) { post { saveCount viewerHasSaved } } }"
    assert (await gql(unsave, {"id": doc["_id"]}, token=fan.token))["data"]["unsavePost"][
        "post"
    ] == {"saveCount": 0, "viewerHasSaved": False}

    comment = """mutation($id: ID!, $body: String!) {
      commentOnPost(postId: $id, body: $body) {
        comment { body author { id } } post { commentCount } errors { field code }
      }
    }"""
    for text in ("first", "second", "third"):
        body = await gql(comment, {"id": doc["_id"], "body": text}, token=fan.token)
    assert body["data"]["commentOnPost"]["post"] == {"commentCount": 3}
    assert body["data"]["commentOnPost"]["comment"]["author"] == {"id": fan.user.id}
    comments = """query($id: ID!, $after: String) {
      post(id: $id) { comments(first: 2, after: $after) {
        edges { node { body } } pageInfo { hasNextPage endCursor } } }
    }"""
    page = (await gql(comments, {"id": doc["_id"]}))["data"]["post"]["comments"]
    assert [e["node"]["body"] for e in page["edges"]] == ["first", "second"]
    rest = await gql(comments, {"id": doc["_id"], "after": page["pageInfo"]["endCursor"]})
    assert [e["node"]["body"] for e in rest["data"]["post"]["comments"]["edges"]] == ["third"]

    follow = """mutation($id: ID!) {
      follow(userId: $id) { user { id } following followerCount errors { code } }
    }"""
    for _ in range(2):
        body = await gql(follow, {"id": author.user.id}, token=fan.token)
    assert body["data"]["follow"] == {
        "user": {"id": author.user.id},
        "following": True,
        "followerCount": 1,
        "errors": [],
    }
    unfollow = "mutation($id: ID!) { unfollow(userId: $id) { following followerCount } }"
    assert (await gql(unfollow, {"id": author.user.id}, token=fan.token))["data"]["unfollow"] == {
        "following": False,
        "followerCount": 0,
    }


async def test_reports_reach_the_admin_queue_and_hide_the_post(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    author = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    # Reporters with standing: a month and a half old, each has posted and liked.
    liked = [await published_doc(state, admin.user) for _ in range(12)]
    reporters = []
    for _ in range(state.settings.report_hide_threshold):
        reporter = (await make_account(state)).user
        for _ in range(4):
            await published_doc(state, reporter)
        for post in liked:
            await social.like(state.db, reporter, post["_id"], engagement=feed_store)
        reporters.append(reporter)
    frozen_clock.advance(timedelta(days=45))
    admin_token = issue_token(state.settings, admin.user)
    doc = await published_post(client, state, issue_token(state.settings, author.user), seed=41)
    report = """mutation($id: ID!) {
      reportPost(id: $id, reason: SPAM, details: "link farm") { reported errors { code } }
    }"""
    app = create_app(state.settings, state=state)
    for reporter, address in zip(
        reporters, ("198.51.100.8", "192.0.2.8", "2001:db8:4::8"), strict=True
    ):
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            body = await GraphQL(http)(
                report, {"id": doc["_id"]}, token=issue_token(state.settings, reporter)
            )
        assert body["data"]["reportPost"] == {"reported": True, "errors": []}
    queue = """{ moderationQueue(first: 10) { edges { node {
        id status moderation { needsReview reasons openReportCount
                               reportTally { reporters networks hides } } } } } }"""
    nodes = [
        e["node"] for e in (await gql(queue, token=admin_token))["data"]["moderationQueue"]["edges"]
    ]
    assert nodes == [
        {
            "id": doc["_id"],
            "status": "HIDDEN",
            "moderation": {
                "needsReview": True,
                "reasons": ["REPORTED"],
                "openReportCount": 3,
                "reportTally": {"reporters": 3, "networks": 3, "hides": True},
            },
        }
    ]
    seen_by_author = await gql(
        "query($id: ID!) { post(id: $id) { status moderation { needsReview } } }",
        {"id": doc["_id"]},
        token=issue_token(state.settings, author.user),
    )
    assert seen_by_author["data"]["post"] == {"status": "HIDDEN", "moderation": None}


DELETE_COMMENT = """mutation($id: ID!) {
  deleteComment(id: $id) { post { commentCount } errors { code } }
}"""
COMMENT = """mutation($id: ID!, $body: String!) {
  commentOnPost(postId: $id, body: $body) { comment { id } errors { code } }
}"""


async def test_comments_are_deleted_by_their_author_the_posts_author_or_an_admin(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author, fan, stranger = [await make_account(state) for _ in range(3)]
    admin = await make_account(state, Role.ADMIN)
    doc = await published_post(client, state, author.token, seed=32)
    for _ in range(400):  # the element extraction follows publishing on the worker
        if await state.db.post_elements.find_one({"_id": doc["_id"]}):
            break
        await asyncio.sleep(0.05)
    ids = []
    for text in ("Love this, it's beautiful", "Where is the skirt from?", "Great look"):
        made = await gql(COMMENT, {"id": doc["_id"], "body": text}, token=fan.token)
        ids.append(made["data"]["commentOnPost"]["comment"]["id"])
    entry = await state.db.post_elements.find_one({"_id": doc["_id"]})
    assert entry is not None and entry["counted"]["comments"] == 3

    refused = await gql(DELETE_COMMENT, {"id": ids[0]}, token=stranger.token)
    assert refused["data"]["deleteComment"] == {"post": None, "errors": [{"code": "FORBIDDEN"}]}

    by_fan = await gql(DELETE_COMMENT, {"id": ids[0]}, token=fan.token)
    assert by_fan["data"]["deleteComment"] == {"post": {"commentCount": 2}, "errors": []}
    twice = await gql(DELETE_COMMENT, {"id": ids[0]}, token=fan.token)
    assert twice["data"]["deleteComment"]["errors"] == [{"code": "NOT_FOUND"}]
    by_author = await gql(DELETE_COMMENT, {"id": ids[1]}, token=author.token)
    assert by_author["data"]["deleteComment"]["post"] == {"commentCount": 1}
    by_admin = await gql(DELETE_COMMENT, {"id": ids[2]}, token=admin.token)
    assert by_admin["data"]["deleteComment"]["post"] == {"commentCount": 0}
    assert await state.db.comments.count_documents({"post_id": doc["_id"]}) == 0
    # The elements' engagement counts come down with them.
    entry = await state.db.post_elements.find_one({"_id": doc["_id"]})
    assert entry is not None and entry["counted"]["comments"] == 0
