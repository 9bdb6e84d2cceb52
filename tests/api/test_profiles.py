"""Profiles through GraphQL: @handles (rules, uniqueness, renaming and the old handle's
redirect), a person's posts, followers and following, counts, and whether the viewer follows
them — on a feed page at a constant number of store round trips."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts import handles
from accounts.error_codes import AccountErrorCode
from accounts.users import Role, issue_token
from api.state import AppState
from core import clock
from core.ids import new_id
from posts.lifecycle import PostDraft, PostStatus, new_post_doc
from tests.api.helpers import Account, make_account
from tests.api.test_posts_queries import counting_app
from tests.conftest import GraphQL

SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) { user { id handle } errors { field code message } }
}"""
CHANGE = """
mutation($handle: String!) {
  changeHandle(input: {handle: $handle}) { user { id handle } errors { field code message } }
}"""
BY_HANDLE = """
query($handle: String!) {
  user(handle: $handle) {
    id handle displayName followerCount followingCount postCount viewerFollows
  }
}"""
FOLLOW = (
    """mutation($id: ID!) { follow(userId: $id) { following followerCount errors { code } } }"""
)
UNFOLLOW = """
mutation($id: ID!) { unfollow(userId: $id) { following followerCount errors { code } } }"""


async def _handle(gql: GraphQL, account: Account) -> str:
    body = await gql("query { me { handle } }", token=account.token)
    return str(body["data"]["me"]["handle"])


async def _change(gql: GraphQL, account: Account, handle: str) -> dict[str, Any]:
    body = await gql(CHANGE, {"handle": handle}, token=account.token)
    payload: dict[str, Any] = body["data"]["changeHandle"]
    return payload


def _fresh(state: AppState, account: Account) -> Account:
    """The account with a token made now (the clock was moved past the old one's expiry)."""
    return Account(account.user, issue_token(state.settings, account.user), account.password)


async def _published(state: AppState, author: Account, caption: str = "fit") -> str:
    doc = new_post_doc(new_id("post"), author.user, PostDraft(caption, [], [], "US"), [])
    doc["status"] = PostStatus.PUBLISHED.value
    await state.db.posts.insert_one(doc)
    return str(doc["_id"])


# --- the pure rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ana", None),
        ("@Ana_Lima.99", None),
        ("ab", AccountErrorCode.TOO_SHORT),
        ("a" * 31, AccountErrorCode.TOO_LONG),
        ("ana lima", AccountErrorCode.INVALID),
        ("ana..lima", AccountErrorCode.INVALID),
        ("ana.", AccountErrorCode.INVALID),
        (".ana", AccountErrorCode.INVALID),
        ("ana-lima", AccountErrorCode.INVALID),
        ("林小雨", AccountErrorCode.INVALID),
        ("admin", AccountErrorCode.RESERVED),
        ("Trendloop.Support", AccountErrorCode.RESERVED),
        ("settings", AccountErrorCode.RESERVED),
        ("badminton", None),
        ("", AccountErrorCode.REQUIRED),
    ],
)
def test_handle_rules(typed: str, code: AccountErrorCode | None) -> None:
    found = handles.problem(typed)
    assert (found.code if found else None) == code


def test_case_accents_and_width_fold_to_one_handle() -> None:
    full_width = "\uff41\uff4e\uff41"
    typed = ("ana", "@ANA", "Ána", full_width, " @ána ")
    assert {handles.normalise(t) for t in typed} == {"ana"}


def test_handles_made_from_names_are_valid() -> None:
    for name in ("Ána Lima", "Zoë", "Al", "林小雨", "Admin Alice", "Support", "A" * 60):
        base = handles.base_from_name(name)
        first_valid = next(c for c in handles.candidates(name) if handles.problem(c) is None)
        assert len(first_valid) <= handles.HANDLE_MAX, name
        assert base.islower() or not base.isalpha()
    assert handles.base_from_name("Ána Lima") == "ana.lima"
    assert handles.base_from_name("Admin Alice") == "alice"


# --- handles through the API ---------------------------------------------------------------


async def test_sign_up_gives_a_handle_deduplicated_by_name(gql: GraphQL) -> None:
    made = []
    for number in range(3):
        body = await gql(
            SIGN_UP,
            {
                "input": {
                    "email": f"ana{number}@example.com",
                    "password": "a long enough passphrase",
                    "displayName": "Ána Lima",
                }
            },
        )
        made.append(body["data"]["signUp"]["user"]["handle"])
    assert made == ["ana.lima", "ana.lima2", "ana.lima3"]


async def test_backfill_gives_everyone_a_unique_handle_once(state: AppState) -> None:
    for _ in range(3):
        await make_account(state, name="Mia Chen")
    await make_account(state, name="林小雨")
    assert await handles.backfill(state.db) == 4
    docs = await state.db.users.find({}, {"handle": 1}).to_list()
    given = sorted(d["handle"] for d in docs)
    assert given == ["mia.chen", "mia.chen2", "mia.chen3", "user2"]
    assert await handles.backfill(state.db) == 0
    assert sorted(d["_id"] for d in await state.db.handles.find({}).to_list()) == given


async def test_a_handle_is_unique_whatever_its_case_or_accents(
    state: AppState, gql: GraphQL
) -> None:
    ana, other = await make_account(state), await make_account(state)
    assert (await _change(gql, ana, "@Ana"))["user"]["handle"] == "ana"
    for typed in ("ana", "ANA", "Ána", "@ána"):
        payload = await _change(gql, other, typed)
        assert payload["user"] is None
        assert payload["errors"] == [
            {"field": "handle", "code": "TAKEN", "message": "@ana is taken; choose another."}
        ]
    refused = await _change(gql, other, "support")
    assert [e["code"] for e in refused["errors"]] == ["RESERVED"]
    refused = await _change(gql, other, "no spaces")
    assert [e["code"] for e in refused["errors"]] == ["INVALID"]
    # Refusals change nothing.
    assert await _handle(gql, other) == handles.base_from_name(other.user.display_name)


async def test_an_old_handle_redirects_until_it_expires_then_is_free(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    ana, bea = await make_account(state), await make_account(state)
    await _change(gql, ana, "ana")
    renamed = await _change(gql, ana, "ana.styles")
    assert renamed["errors"] == []
    assert renamed["user"]["handle"] == "ana.styles"

    # The old handle still leads to Ana, whose current handle the client shows instead.
    found = (await gql(BY_HANDLE, {"handle": "@ANA"}, token=bea.token))["data"]["user"]
    assert (found["id"], found["handle"]) == (ana.user.id, "ana.styles")
    assert [e["code"] for e in (await _change(gql, bea, "ana"))["errors"]] == ["TAKEN"]

    days = state.settings.handle_redirect_days
    frozen_clock.advance(timedelta(days=days) - timedelta(minutes=1))
    bea = _fresh(state, bea)
    assert (await gql(BY_HANDLE, {"handle": "ana"}, token=bea.token))["data"]["user"]
    frozen_clock.advance(timedelta(minutes=2))
    ana, bea = _fresh(state, ana), _fresh(state, bea)
    assert (await gql(BY_HANDLE, {"handle": "ana"}, token=bea.token))["data"]["user"] is None
    taken = await _change(gql, bea, "ana")
    assert taken["errors"] == [] and taken["user"]["handle"] == "ana"
    found = (await gql(BY_HANDLE, {"handle": "ana"}, token=ana.token))["data"]["user"]
    assert found["id"] == bea.user.id
    assert (await gql(BY_HANDLE, {"handle": "ana.styles"}))["data"]["user"]["id"] == ana.user.id


async def test_taking_back_ones_own_old_handle_within_the_window(
    state: AppState, gql: GraphQL
) -> None:
    ana = await make_account(state)
    await _change(gql, ana, "ana")
    await _change(gql, ana, "ana.two")
    back = await _change(gql, ana, "ana")
    assert back["errors"] == [] and back["user"]["handle"] == "ana"
    held = await state.db.handles.find_one({"_id": "ana"})
    assert held is not None and held["expires_at"] is None
    assert (await gql(BY_HANDLE, {"handle": "ana.two"}))["data"]["user"]["handle"] == "ana"


async def test_user_needs_an_id_or_a_handle(gql: GraphQL) -> None:
    body = await gql("query { user { id } }", expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "REQUIRED"
    assert (await gql(BY_HANDLE, {"handle": "nobody.here"}))["data"]["user"] is None
    assert (await gql(BY_HANDLE, {"handle": "x" * 500}))["data"]["user"] is None


# --- follows, counts and connections ---------------------------------------------------------


async def test_counts_stay_right_when_following_and_unfollowing_twice(
    state: AppState, gql: GraphQL
) -> None:
    fan, star = await make_account(state), await make_account(state)
    star_handle = await _handle(gql, star)

    async def seen() -> tuple[int, int, bool | None]:
        user = (await gql(BY_HANDLE, {"handle": star_handle}, token=fan.token))["data"]["user"]
        me = (await gql("query { me { followingCount } }", token=fan.token))["data"]["me"]
        return user["followerCount"], me["followingCount"], user["viewerFollows"]

    assert await seen() == (0, 0, False)
    for _ in range(2):
        done = (await gql(FOLLOW, {"id": star.user.id}, token=fan.token))["data"]["follow"]
        assert (done["following"], done["followerCount"]) == (True, 1)
        assert await seen() == (1, 1, True)
    for _ in range(2):
        done = (await gql(UNFOLLOW, {"id": star.user.id}, token=fan.token))["data"]["unfollow"]
        assert (done["following"], done["followerCount"]) == (False, 0)
        assert await seen() == (0, 0, False)
    # Signed out, and on one's own profile, there is nothing to follow.
    assert (await gql(BY_HANDLE, {"handle": star_handle}))["data"]["user"]["viewerFollows"] is None
    own = await gql(BY_HANDLE, {"handle": star_handle}, token=star.token)
    assert own["data"]["user"]["viewerFollows"] is None


async def test_followers_and_following_page_through_everyone(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    star = await make_account(state)
    fans = []
    for number in range(5):
        fan = await make_account(state, name=f"Fan {number}")
        frozen_clock.advance(timedelta(minutes=1))
        await gql(FOLLOW, {"id": star.user.id}, token=fan.token)
        fans.append(fan)
    await gql(FOLLOW, {"id": fans[0].user.id}, token=star.token)
    query = """
    query($id: ID!, $after: String) {
      user(id: $id) {
        followers(first: 2, after: $after) {
          edges { node { id viewerFollows } } pageInfo { hasNextPage endCursor }
        }
        following(first: 2) { edges { node { id } } }
      }
    }"""
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = await gql(query, {"id": star.user.id, "after": after}, token=star.token)
        connection = body["data"]["user"]["followers"]
        pages += 1
        for edge in connection["edges"]:
            seen.append(edge["node"]["id"])
            assert edge["node"]["viewerFollows"] == (edge["node"]["id"] == fans[0].user.id)
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [fan.user.id for fan in reversed(fans)]
    assert pages == 3
    following = body["data"]["user"]["following"]["edges"]
    assert [e["node"]["id"] for e in following] == [fans[0].user.id]


async def test_a_profile_lists_posts_as_posts_by_author_does(state: AppState, gql: GraphQL) -> None:
    author, stranger = await make_account(state), await make_account(state)
    shown = await _published(state, author, "shown")
    hidden = await _published(state, author, "hidden")
    await state.db.posts.update_one({"_id": hidden}, {"$set": {"status": "HIDDEN"}})
    query = """
    query($id: ID!) {
      user(id: $id) { postCount posts(first: 10) { edges { node { id } } } }
      posts(authorId: $id, first: 10) { edges { node { id } } }
    }"""
    for viewer, expected in ((stranger, {shown}), (author, {shown, hidden})):
        body = (await gql(query, {"id": author.user.id}, token=viewer.token))["data"]
        on_profile = {e["node"]["id"] for e in body["user"]["posts"]["edges"]}
        assert on_profile == {e["node"]["id"] for e in body["posts"]["edges"]} == expected
        assert body["user"]["postCount"] == 1


FEED_PAGE = """
query($first: Int!) {
  posts(first: $first) {
    edges { node {
      id viewerFollowsAuthor
      author { id handle viewerFollows followerCount postCount }
    } }
  }
}"""


async def test_follow_state_on_a_page_of_cards_costs_constant_round_trips(
    state: AppState, gql: GraphQL
) -> None:
    viewer = await make_account(state)
    authors = [await make_account(state, name=f"Author {n}") for n in range(20)]
    for author in authors:
        await _published(state, author)
    for author in authors[::2]:
        await gql(FOLLOW, {"id": author.user.id}, token=viewer.token)
    await handles.backfill(state.db)
    followed = {a.user.id for a in authors[::2]}

    counting, app = counting_app(state)
    costs = {}
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        counted = GraphQL(http)
        for size in (2, 20):
            counting.calls.clear()
            body = await counted(FEED_PAGE, {"first": size}, token=viewer.token)
            costs[size] = dict(counting.calls)
            edges = body["data"]["posts"]["edges"]
            assert len(edges) == size
            for edge in edges:
                author = edge["node"]["author"]
                assert author["viewerFollows"] is (author["id"] in followed)
                assert edge["node"]["viewerFollowsAuthor"] is (author["id"] in followed)
                assert author["followerCount"] == (1 if author["id"] in followed else 0)
                assert author["postCount"] == 1
                assert author["handle"]
    # Sign-in, the page, its authors, the viewer's follows, the authors' post counts.
    assert costs[2] == costs[20]
    assert sum(costs[20].values()) == 5, costs[20]


async def test_any_role_may_open_a_profile(state: AppState, gql: GraphQL) -> None:
    creator = await make_account(state, Role.INFLUENCER)
    handle = await _handle(gql, creator)
    for role in Role:
        viewer = await make_account(state, role)
        found = (await gql(BY_HANDLE, {"handle": handle}, token=viewer.token))["data"]["user"]
        assert found["id"] == creator.user.id
