"""Likes, comments and follows reach the inbox grouped per subject and day, once per person,
never for one's own actions, and not at all for kinds the recipient muted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from accounts import handles
from accounts.mentions import mentioned_handles
from accounts.social_notices import grouped_message
from accounts.users import Role
from api.state import AppState
from core import clock
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

INBOX = """{ myNotifications(first: 20) {
  nodes { id kind message read postId actorCount } }
  unreadNotificationCount }"""
LIKE = "mutation($id: ID!) { likePost(id: $id) { errors { code } } }"
UNLIKE = "mutation($id: ID!) { unlikePost(id: $id) { errors { code } } }"
COMMENT = """mutation($id: ID!, $body: String!) {
  commentOnPost(postId: $id, body: $body) { errors { code } } }"""
FOLLOW = "mutation($id: ID!) { follow(userId: $id) { errors { code } } }"
UNFOLLOW = "mutation($id: ID!) { unfollow(userId: $id) { errors { code } } }"
MUTE = """mutation($kind: SocialNotificationKind!, $muted: Boolean!) {
  setNotificationMuted(kind: $kind, muted: $muted) { settings { muted } errors { code } } }"""


def test_the_sentence_of_a_group() -> None:
    assert grouped_message("POST_LIKED", ["Ana"], 1) == "Ana liked your look"
    assert grouped_message("POST_LIKED", ["Ben", "Ana"], 2) == "Ben and Ana liked your look"
    assert grouped_message("POST_LIKED", ["Cy", "Ben", "Ana"], 3) == (
        "Cy and 2 others liked your look"
    )
    assert grouped_message("POST_COMMENTED", ["Ana", "Ben", "Cy"], 13) == (
        "Ana and 12 others commented on your look"
    )
    assert grouped_message("NEW_FOLLOWER", ["Ana"], 2) == "Ana and 1 other started following you"
    assert grouped_message("NEW_FOLLOWER", [], 4) == "4 people started following you"


async def _inbox(gql: GraphQL, account: Account) -> dict[str, Any]:
    data: dict[str, Any] = (await gql(INBOX, token=account.token))["data"]
    return data


async def _people(state: AppState, count: int) -> list[Account]:
    return [await make_account(state, name=f"Fan {chr(65 + i)}") for i in range(count)]


async def test_likes_are_grouped_and_counted_once_per_person(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state, Role.SHOPPER, name="Ana Lima")
    post = await published_post(client, state, author.token, caption="Grouped #likes")
    fans = await _people(state, 4)
    await gql(LIKE, {"id": post["_id"]}, token=author.token)  # one's own like tells nobody
    assert (await _inbox(gql, author))["myNotifications"]["nodes"] == []

    for fan in fans:
        await gql(LIKE, {"id": post["_id"]}, token=fan.token)
    # Unliking and liking again, or a retried request, is not a new person.
    await gql(UNLIKE, {"id": post["_id"]}, token=fans[0].token)
    await gql(LIKE, {"id": post["_id"]}, token=fans[0].token)
    await gql(LIKE, {"id": post["_id"]}, token=fans[1].token)

    inbox = await _inbox(gql, author)
    [notice] = inbox["myNotifications"]["nodes"]
    assert notice["kind"] == "POST_LIKED" and notice["postId"] == post["_id"]
    assert notice["actorCount"] == 4
    assert notice["message"] == "Fan D and 3 others liked your look"
    assert inbox["unreadNotificationCount"] == 1


async def test_a_read_group_comes_back_unread_and_on_top(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, author.token, caption="Top #again")
    fans = await _people(state, 3)
    await gql(LIKE, {"id": post["_id"]}, token=fans[0].token)
    await gql(FOLLOW, {"id": author.user.id}, token=fans[1].token)
    await gql("mutation { markAllNotificationsRead { marked } }", token=author.token)

    await gql(LIKE, {"id": post["_id"]}, token=fans[2].token)
    nodes = (await _inbox(gql, author))["myNotifications"]["nodes"]
    assert [n["kind"] for n in nodes] == ["POST_LIKED", "NEW_FOLLOWER"]
    assert nodes[0]["read"] is False and nodes[0]["actorCount"] == 2
    assert nodes[1]["read"] is True


async def test_comments_and_follows_have_their_own_notices(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, author.token, caption="Talk #comments")
    fan = (await _people(state, 1))[0]
    await gql(COMMENT, {"id": post["_id"], "body": "Love it"}, token=fan.token)
    await gql(COMMENT, {"id": post["_id"], "body": "Where from?"}, token=fan.token)
    for mutation in (FOLLOW, UNFOLLOW, FOLLOW):
        await gql(mutation, {"id": author.user.id}, token=fan.token)
    await gql(COMMENT, {"id": post["_id"], "body": "Thanks!"}, token=author.token)

    nodes = (await _inbox(gql, author))["myNotifications"]["nodes"]
    by_kind = {n["kind"]: n for n in nodes}
    assert set(by_kind) == {"POST_COMMENTED", "NEW_FOLLOWER"}
    assert by_kind["POST_COMMENTED"]["message"] == "Fan A commented on your look"
    assert by_kind["POST_COMMENTED"]["actorCount"] == 1
    assert by_kind["NEW_FOLLOWER"]["message"] == "Fan A started following you"
    assert (await _inbox(gql, fan))["myNotifications"]["nodes"] == []


async def test_a_new_day_starts_a_new_group(
    client: httpx.AsyncClient,
    gql: GraphQL,
    state: AppState,
    frozen_clock: clock.FrozenClock,
) -> None:
    author = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, author.token, caption="Days #apart")
    fans = await _people(state, 2)
    await gql(LIKE, {"id": post["_id"]}, token=fans[0].token)
    frozen_clock.advance(timedelta(days=1))
    await gql(LIKE, {"id": post["_id"]}, token=fans[1].token)
    nodes = (await _inbox(gql, author))["myNotifications"]["nodes"]
    assert [n["message"] for n in nodes] == ["Fan B liked your look", "Fan A liked your look"]


@pytest.mark.parametrize(
    ("kind", "act"),
    [("POST_LIKED", "like"), ("POST_COMMENTED", "comment"), ("NEW_FOLLOWER", "follow")],
)
async def test_a_muted_kind_stays_out_of_the_inbox(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState, kind: str, act: str
) -> None:
    author = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, author.token, caption="Quiet #please")
    fans = await _people(state, 2)

    async def act_as(fan: Account) -> None:
        if act == "like":
            await gql(LIKE, {"id": post["_id"]}, token=fan.token)
        elif act == "comment":
            await gql(COMMENT, {"id": post["_id"], "body": "Nice"}, token=fan.token)
        else:
            await gql(FOLLOW, {"id": author.user.id}, token=fan.token)

    muted = await gql(MUTE, {"kind": kind, "muted": True}, token=author.token)
    assert muted["data"]["setNotificationMuted"]["settings"]["muted"] == [kind]
    await act_as(fans[0])
    assert (await _inbox(gql, author))["myNotifications"]["nodes"] == []
    settings = await gql("{ notificationSettings { muted } }", token=author.token)
    assert settings["data"]["notificationSettings"]["muted"] == [kind]

    await gql(MUTE, {"kind": kind, "muted": False}, token=author.token)
    await act_as(fans[1])
    [notice] = (await _inbox(gql, author))["myNotifications"]["nodes"]
    assert notice["kind"] == kind and notice["actorCount"] == 1


async def test_settings_need_an_account(gql: GraphQL) -> None:
    result = await gql("{ notificationSettings { muted } }", expect_errors=True)
    assert result["errors"]


def test_which_handles_a_text_mentions() -> None:
    text = "@Ana_Lima love this! cc @ben.k, @ana_lima and mail me at cy@example.com @x."
    assert mentioned_handles(text) == ["ana_lima", "ben.k"]
    assert mentioned_handles("no one here @ @@zed") == []
    assert len(mentioned_handles(" ".join(f"@user{i:02d}" for i in range(30)))) == 10


async def test_mentions_in_comments_and_captions_reach_the_people_named(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state, Role.SHOPPER, name="Ana Lima")
    friend, other = await _people(state, 2)
    friend_handle = await handles.ensure_handle(state.db, friend.user.id, friend.user.display_name)
    author_handle = await handles.ensure_handle(state.db, author.user.id, "Ana Lima")

    post = await published_post(
        client, state, author.token, caption=f"With @{friend_handle} today #friends"
    )
    edit = """mutation($input: EditPostInput!) { editPost(input: $input) { errors { code } } }"""
    caption = f"With @{friend_handle} and me @{author_handle} #friends"
    await gql(edit, {"input": {"id": post["_id"], "caption": caption}}, token=author.token)
    [named] = (await _inbox(gql, friend))["myNotifications"]["nodes"]
    assert named["kind"] == "MENTIONED" and named["postId"] == post["_id"]
    assert named["message"] == "Ana Lima mentioned you"

    body = f"@{author_handle} @{friend_handle} see you there"
    await gql(COMMENT, {"id": post["_id"], "body": body}, token=other.token)
    kinds = sorted(n["kind"] for n in (await _inbox(gql, friend))["myNotifications"]["nodes"])
    assert kinds == ["MENTIONED", "MENTIONED"]  # the caption's, then the comment's
    # The post's author hears of the comment once, not again as a mention.
    author_kinds = [n["kind"] for n in (await _inbox(gql, author))["myNotifications"]["nodes"]]
    assert author_kinds == ["POST_COMMENTED"]
