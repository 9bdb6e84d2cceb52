"""Saved looks and collections: a shopper's saves newest first, collections private unless
public (someone else's private one is NOT_FOUND, never FORBIDDEN), idempotent adding and
removing, the limits, and looks that stop being published dropping out everywhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from posts import collections
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

CREATE = """mutation($name: String!, $isPublic: Boolean! = false) {
  createCollection(name: $name, isPublic: $isPublic) {
    collection { id name isPublic postCount cover { blurhash } }
    errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $name: String, $isPublic: Boolean) {
  updateCollection(id: $id, name: $name, isPublic: $isPublic) {
    collection { id name isPublic } errors { field code message } } }"""
DELETE = """mutation($id: ID!) { deleteCollection(id: $id) { deletedId errors { field code } } }"""
ADD = """mutation($c: ID!, $p: ID!) { addToCollection(collectionId: $c, postId: $p) {
  collection { id postCount hasPost(postId: $p) cover { url(variant: THUMB) } }
  post { id viewerHasSaved saveCount } errors { field code message } } }"""
REMOVE = """mutation($c: ID!, $p: ID!) { removeFromCollection(collectionId: $c, postId: $p) {
  collection { id postCount hasPost(postId: $p) } errors { field code message } } }"""
SAVED = """query($first: Int!, $after: String) { savedPosts(first: $first, after: $after) {
  edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }"""
ONE = """query($id: ID!) { collection(id: $id) { id name viewerIsOwner postCount
  owner { id } posts(first: 10) { edges { node { id } } } } }"""
MINE = """{ myCollections { edges { node { id name isPublic postCount } } } }"""
PERSON = """query($id: ID!) { user(id: $id) { collections { edges { node { id name } } } } }"""


async def _post(client: httpx.AsyncClient, state: AppState, seed: int) -> str:
    author = await make_account(state, Role.SHOPPER)
    doc = await published_post(client, state, author.token, seed=seed)
    return str(doc["_id"])


async def _create(gql: GraphQL, who: Account, name: str, public: bool = False) -> dict[str, Any]:
    body = await gql(CREATE, {"name": name, "isPublic": public}, token=who.token)
    payload: dict[str, Any] = body["data"]["createCollection"]
    return payload


async def _ids(gql: GraphQL, query: str, token: str, **variables: Any) -> list[str]:
    body = await gql(query, variables, token=token)
    return [edge["node"]["id"] for edge in body["data"]["savedPosts"]["edges"]]


async def test_a_look_saved_into_a_new_collection_shows_in_saved_and_the_collection(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    post_id = await _post(client, state, 1)
    created = await _create(gql, shopper, "  Summer  looks ")
    assert created["errors"] == []
    collection = created["collection"]
    assert collection["name"] == "Summer looks" and collection["isPublic"] is False
    assert collection["postCount"] == 0 and collection["cover"] is None

    added = (await gql(ADD, {"c": collection["id"], "p": post_id}, token=shopper.token))["data"]
    payload = added["addToCollection"]
    assert payload["errors"] == []
    assert payload["post"] == {"id": post_id, "viewerHasSaved": True, "saveCount": 1}
    assert payload["collection"]["postCount"] == 1 and payload["collection"]["hasPost"] is True
    assert "/media/posts/" in payload["collection"]["cover"]["url"]

    # Adding again changes nothing: one entry, one save.
    again = await gql(ADD, {"c": collection["id"], "p": post_id}, token=shopper.token)
    assert again["data"]["addToCollection"]["collection"]["postCount"] == 1
    assert again["data"]["addToCollection"]["post"]["saveCount"] == 1
    assert await state.db[collections.ENTRIES].count_documents({}) == 1

    assert await _ids(gql, SAVED, shopper.token, first=10) == [post_id]
    one = (await gql(ONE, {"id": collection["id"]}, token=shopper.token))["data"]["collection"]
    assert one["viewerIsOwner"] is True and one["owner"]["id"] == shopper.user.id
    assert [e["node"]["id"] for e in one["posts"]["edges"]] == [post_id]

    # Removing keeps it saved; removing twice is the same as once.
    for _ in range(2):
        removed = await gql(REMOVE, {"c": collection["id"], "p": post_id}, token=shopper.token)
        payload = removed["data"]["removeFromCollection"]
        assert payload["errors"] == []
        assert payload["collection"]["postCount"] == 0 and payload["collection"]["hasPost"] is False
    doc = await state.db[collections.COLLECTIONS].find_one({"_id": collection["id"]})
    assert doc is not None and doc["item_count"] == 0
    assert await _ids(gql, SAVED, shopper.token, first=10) == [post_id]


async def test_private_collections_are_not_found_for_everyone_else(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    owner = await make_account(state)
    stranger = await make_account(state)
    post_id = await _post(client, state, 2)
    private = (await _create(gql, owner, "Secret"))["collection"]
    public = (await _create(gql, owner, "Show off", public=True))["collection"]
    await gql(ADD, {"c": private["id"], "p": post_id}, token=owner.token)

    for token in (stranger.token, None):
        body = await gql(ONE, {"id": private["id"]}, token=token, expect_errors=True)
        assert body["data"]["collection"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        seen = await gql(ONE, {"id": public["id"]}, token=token)
        assert seen["data"]["collection"]["viewerIsOwner"] is False
        listed = await gql(PERSON, {"id": owner.user.id}, token=token)
        names = [e["node"]["name"] for e in listed["data"]["user"]["collections"]["edges"]]
        assert names == ["Show off"]
    own = await gql(PERSON, {"id": owner.user.id}, token=owner.token)
    assert len(own["data"]["user"]["collections"]["edges"]) == 2

    # Changing someone else's collection, private or public, is NOT_FOUND too, and changes nothing.
    for target in (private["id"], public["id"]):
        add = await gql(ADD, {"c": target, "p": post_id}, token=stranger.token)
        assert add["data"]["addToCollection"]["errors"][0]["code"] == "NOT_FOUND"
        rename = await gql(UPDATE, {"id": target, "name": "Mine"}, token=stranger.token)
        assert rename["data"]["updateCollection"]["errors"][0]["code"] == "NOT_FOUND"
        gone = await gql(DELETE, {"id": target}, token=stranger.token)
        assert gone["data"]["deleteCollection"]["errors"][0]["code"] == "NOT_FOUND"
        remove = await gql(REMOVE, {"c": target, "p": post_id}, token=stranger.token)
        assert remove["data"]["removeFromCollection"]["errors"][0]["code"] == "NOT_FOUND"
    assert await state.db[collections.COLLECTIONS].count_documents({"name": "Mine"}) == 0
    assert await state.db[collections.ENTRIES].count_documents({}) == 1
    # A stranger asking whether the public collection holds a look learns nothing either.
    holds = await gql(
        "query($id: ID!, $p: ID!) { collection(id: $id) { hasPost(postId: $p) } }",
        {"id": public["id"], "p": post_id},
        token=stranger.token,
    )
    assert holds["data"]["collection"]["hasPost"] is False

    # Made private, the public one leaves the profile; signed out, the viewer's lists refuse.
    await gql(UPDATE, {"id": public["id"], "isPublic": False}, token=owner.token)
    listed = await gql(PERSON, {"id": owner.user.id}, token=stranger.token)
    assert listed["data"]["user"]["collections"]["edges"] == []
    refused = await gql(MINE, token=None, expect_errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_names_limits_and_clear_errors(
    client: httpx.AsyncClient,
    gql: GraphQL,
    state: AppState,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shopper = await make_account(state)
    assert (await _create(gql, shopper, "   "))["errors"][0] == {
        "field": "name",
        "code": "REQUIRED",
        "message": "Give the collection a name.",
    }
    too_long = await _create(gql, shopper, "x" * (collections.NAME_MAX + 1))
    assert too_long["errors"][0]["code"] == "TOO_LONG"
    invisible = await _create(gql, shopper, "Work\u200bwear")
    assert invisible["errors"][0]["code"] == "INVISIBLE_CHARACTERS"

    first = (await _create(gql, shopper, "Denim"))["collection"]
    duplicate = await _create(gql, shopper, "DENIM")
    assert duplicate["errors"][0]["code"] == "DUPLICATE"
    other = (await _create(gql, shopper, "Boots"))["collection"]
    clash = await gql(UPDATE, {"id": other["id"], "name": "denim"}, token=shopper.token)
    assert clash["data"]["updateCollection"]["errors"][0]["code"] == "DUPLICATE"
    renamed = await gql(UPDATE, {"id": first["id"], "name": "Denim days"}, token=shopper.token)
    assert renamed["data"]["updateCollection"]["collection"]["name"] == "Denim days"
    # Someone else may use the same name.
    assert (await _create(gql, await make_account(state), "Boots"))["errors"] == []

    bad_id = await gql(ADD, {"c": "col_nope", "p": "post_nope"}, token=shopper.token)
    assert bad_id["data"]["addToCollection"]["errors"][0]["field"] == "collectionId"
    assert bad_id["data"]["addToCollection"]["errors"][0]["code"] == "INVALID_ID"

    # The per-person and per-collection caps (lowered here, the checks are the same).
    monkeypatch.setattr(collections, "COLLECTIONS_MAX", 3)
    monkeypatch.setattr(collections, "POSTS_MAX", 1)
    assert (await _create(gql, shopper, "Third"))["errors"] == []
    assert (await _create(gql, shopper, "Fourth"))["errors"][0]["code"] == "TOO_MANY"
    looks = [await _post(client, state, seed) for seed in (3, 4)]
    ok = await gql(ADD, {"c": other["id"], "p": looks[0]}, token=shopper.token)
    assert ok["data"]["addToCollection"]["errors"] == []
    full = await gql(ADD, {"c": other["id"], "p": looks[1]}, token=shopper.token)
    assert full["data"]["addToCollection"]["errors"][0]["code"] == "TOO_MANY"
    # Adding what is already in a full collection is still fine (idempotent).
    again = await gql(ADD, {"c": other["id"], "p": looks[0]}, token=shopper.token)
    assert again["data"]["addToCollection"]["errors"] == []


async def test_deleted_looks_drop_out_and_deleting_a_collection_keeps_the_saves(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    author = await make_account(state)
    kept = str((await published_post(client, state, author.token, seed=5))["_id"])
    doomed = str((await published_post(client, state, author.token, seed=6))["_id"])
    box = (await _create(gql, shopper, "Party", public=True))["collection"]
    for post_id in (kept, doomed):
        await gql(ADD, {"c": box["id"], "p": post_id}, token=shopper.token)

    deleted = await gql(
        "mutation($id: ID!) { deletePost(id: $id) { errors { code } } }",
        {"id": doomed},
        token=author.token,
    )
    assert deleted["data"]["deletePost"]["errors"] == []
    assert await _ids(gql, SAVED, shopper.token, first=10) == [kept]
    one = (await gql(ONE, {"id": box["id"]}, token=shopper.token))["data"]["collection"]
    assert one["postCount"] == 1 and [e["node"]["id"] for e in one["posts"]["edges"]] == [kept]
    # A deleted look can't be added, and taking it out still works.
    refused = await gql(ADD, {"c": box["id"], "p": doomed}, token=shopper.token)
    assert refused["data"]["addToCollection"]["errors"][0]["field"] == "postId"
    out = await gql(REMOVE, {"c": box["id"], "p": doomed}, token=shopper.token)
    assert out["data"]["removeFromCollection"]["errors"] == []

    gone = await gql(DELETE, {"id": box["id"]}, token=shopper.token)
    assert gone["data"]["deleteCollection"] == {"deletedId": box["id"], "errors": []}
    assert await state.db[collections.ENTRIES].count_documents({}) == 0
    assert await _ids(gql, SAVED, shopper.token, first=10) == [kept]
    body = await gql(ONE, {"id": box["id"]}, token=shopper.token, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    again = await gql(DELETE, {"id": box["id"]}, token=shopper.token)
    assert again["data"]["deleteCollection"]["errors"][0]["code"] == "NOT_FOUND"


async def test_saved_looks_page_newest_save_first_skipping_unpublished_ones(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    shopper = await make_account(state)
    author = await make_account(state)
    looks = [
        str((await published_post(client, state, author.token, seed=10 + i))["_id"])
        for i in range(5)
    ]
    save = "mutation($id: ID!) { savePost(id: $id) { errors { code } } }"
    for post_id in looks:
        frozen_clock.advance(timedelta(minutes=1))
        await gql(save, {"id": post_id}, token=shopper.token)
    # The second newest save is deleted by its author: pages skip it and still fill up.
    await gql(
        "mutation($id: ID!) { deletePost(id: $id) { errors { code } } }",
        {"id": looks[3]},
        token=author.token,
    )
    expected = [looks[4], looks[2], looks[1], looks[0]]

    seen: list[str] = []
    after: str | None = None
    pages = 0
    while True:
        body = await gql(SAVED, {"first": 2, "after": after}, token=shopper.token)
        connection = body["data"]["savedPosts"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == expected and pages == 2

    bad = await gql(
        SAVED, {"first": 2, "after": "not-a-cursor"}, token=shopper.token, expect_errors=True
    )
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    # Another shopper's Saved is their own.
    other = await make_account(state)
    assert await _ids(gql, SAVED, other.token, first=5) == []


async def test_removing_from_saved_takes_the_look_out_of_every_collection(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    post_id = await _post(client, state, 20)
    boxes = [(await _create(gql, shopper, name))["collection"]["id"] for name in ("A", "B")]
    for box in boxes:
        await gql(ADD, {"c": box, "p": post_id}, token=shopper.token)
    unsave = """mutation($p: ID!) { removeFromSaved(postId: $p) {
      post { id viewerHasSaved saveCount } errors { field code } } }"""
    for _ in range(2):  # twice is the same as once
        body = await gql(unsave, {"p": post_id}, token=shopper.token)
        assert body["data"]["removeFromSaved"] == {
            "post": {"id": post_id, "viewerHasSaved": False, "saveCount": 0},
            "errors": [],
        }
    assert await _ids(gql, SAVED, shopper.token, first=10) == []
    mine = (await gql(MINE, token=shopper.token))["data"]["myCollections"]["edges"]
    assert [edge["node"]["postCount"] for edge in mine] == [0, 0]
    docs = await state.db[collections.COLLECTIONS].find({"owner_id": shopper.user.id}).to_list()
    assert [doc["item_count"] for doc in docs] == [0, 0]
    bad = await gql(unsave, {"p": "nope"}, token=shopper.token)
    assert bad["data"]["removeFromSaved"]["errors"] == [{"field": "postId", "code": "INVALID_ID"}]


async def test_unsave_post_also_takes_the_look_out_of_its_collections(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    shopper = await make_account(state)
    post_id = await _post(client, state, 21)
    box = (await _create(gql, shopper, "Keep"))["collection"]["id"]
    await gql(ADD, {"c": box, "p": post_id}, token=shopper.token)
    unsave = (
        """mutation($p: ID!) { unsavePost(id: $p) { post { viewerHasSaved } errors { code } } }"""
    )
    body = await gql(unsave, {"p": post_id}, token=shopper.token)
    assert body["data"]["unsavePost"] == {"post": {"viewerHasSaved": False}, "errors": []}
    one = (await gql(ONE, {"id": box}, token=shopper.token))["data"]["collection"]
    assert one["postCount"] == 0
