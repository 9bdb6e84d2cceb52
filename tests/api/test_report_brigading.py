"""Reports weighted by trust, through the API: a brigade of fresh sign-ups only puts a post in
the moderation queue (with their weights shown), reporters with standing from distinct networks
hide it, and a moderator's verdict moves each reporter's next weight."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx

from accounts.users import Role, User, issue_token
from api.app import create_app
from api.state import AppState
from core import clock
from core.ids import new_id
from core.mongo import Document
from feeds import feed_store
from posts import social
from posts.lifecycle import PostDraft, PostStatus, new_post_doc
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

SIGN_UP = """mutation($input: SignUpInput!) {
  signUp(input: $input) { token user { id } errors { field code } }
}"""
REPORT = """mutation($id: ID!) {
  reportPost(id: $id, reason: SPAM) { reported errors { field code } }
}"""
MODERATE = """mutation($id: ID!, $decision: ModerationDecision!) {
  moderatePost(id: $id, decision: $decision) { post { status } errors { code } }
}"""
QUEUE = """query($first: Int!, $after: String) {
  moderationQueue(first: $first, after: $after) {
    edges { cursor node { id status moderation {
      openReportCount
      reports { reason weight hasStanding network reporter { id } }
      reportTally { weight hideWeight reporters reportersNeeded networks networksNeeded
                    byAdmin hides }
    } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
STATUS = "query($id: ID!) { post(id: $id) { status } }"


@asynccontextmanager
async def _from(state: AppState, address: str) -> AsyncIterator[GraphQL]:
    """GraphQL sent from a client at `address` (the peer address the API reads)."""
    app = create_app(state.settings, state=state)
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQL(http)


async def _report_from(state: AppState, address: str, token: str, post_id: str) -> None:
    async with _from(state, address) as gql:
        body = await gql(REPORT, {"id": post_id}, token=token)
    assert body["data"]["reportPost"] == {"reported": True, "errors": []}


async def _published_doc(state: AppState, author: User) -> Document:
    doc = new_post_doc(new_id("post"), author, PostDraft("fit #ootd", ["ootd"], [], "US"), [])
    doc["status"] = PostStatus.PUBLISHED.value
    await state.db.posts.insert_one(doc)
    return doc


async def _with_standing(state: AppState, liked: list[Document]) -> User:
    """A shopper who posts (four published posts) and likes (every post in `liked`): after
    30 days, an account with standing."""
    user = (await make_account(state)).user
    for _ in range(4):
        await _published_doc(state, user)
    for post in liked:
        await social.like(state.db, user, post["_id"], engagement=feed_store)
    return user


async def _queue(gql: GraphQL, token: str, first: int = 20) -> list[dict[str, Any]]:
    body = await gql(QUEUE, {"first": first}, token=token)
    return [edge["node"] for edge in body["data"]["moderationQueue"]["edges"]]


async def test_three_fresh_sign_ups_cannot_hide_an_influencers_post(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    influencer = await make_account(state, Role.INFLUENCER)
    admin = await make_account(state, Role.ADMIN)
    post = await published_post(client, state, influencer.token, seed=71)

    # The attack as a tester sent it: three sign-ups, each reporting the post as spam.
    reporters = []
    for n in range(3):
        signed = await gql(
            SIGN_UP,
            {
                "input": {
                    "email": f"brigade{n}@example.com",
                    "password": "brigade-pass-2026",
                    "displayName": f"Brigade {n}",
                }
            },
        )
        payload = signed["data"]["signUp"]
        assert payload["errors"] == [], payload
        reporters.append(payload)
        body = await gql(REPORT, {"id": post["_id"]}, token=payload["token"])
        assert body["data"]["reportPost"] == {"reported": True, "errors": []}

    stored = await state.db.posts.find_one({"_id": post["_id"]})
    assert stored is not None and stored["status"] == "PUBLISHED" and stored["needs_review"]
    seen = await gql(STATUS, {"id": post["_id"]}, token=reporters[0]["token"])
    assert seen["data"]["post"] == {"status": "PUBLISHED"}

    # It waits in the queue, each report with its (next to nothing) weight.
    [queued] = await _queue(gql, admin.token)
    assert queued["id"] == post["_id"] and queued["status"] == "PUBLISHED"
    moderation = queued["moderation"]
    assert moderation["openReportCount"] == 3
    assert sorted(r["reporter"]["id"] for r in moderation["reports"]) == sorted(
        r["user"]["id"] for r in reporters
    )
    for report in moderation["reports"]:
        assert report["reason"] == "SPAM"
        assert report["weight"] == 0.0 and not report["hasStanding"]
        assert report["network"] == "203.0.113.0/24"
    assert moderation["reportTally"] == {
        "weight": 0.0,
        "hideWeight": 2.0,
        "reporters": 0,
        "reportersNeeded": 3,
        "networks": 0,
        "networksNeeded": 3,
        "byAdmin": False,
        "hides": False,
    }

    # The same brigade from three different networks fares no better.
    other = await published_post(client, state, influencer.token, seed=72)
    for address in ("198.51.100.4", "192.0.2.9", "2001:db8:5::1"):
        token = (await make_account(state)).token
        await _report_from(state, address, token, other["_id"])
    again = await state.db.posts.find_one({"_id": other["_id"]})
    assert again is not None and again["status"] == "PUBLISHED"


async def test_reporters_with_standing_from_distinct_networks_hide_it(
    client: httpx.AsyncClient,
    gql: GraphQL,
    state: AppState,
    frozen_clock: clock.FrozenClock,
) -> None:
    influencer = await make_account(state, Role.INFLUENCER)
    admin = await make_account(state, Role.ADMIN)
    elsewhere = [await _published_doc(state, admin.user) for _ in range(12)]
    reporters = [await _with_standing(state, elsewhere) for _ in range(4)]
    frozen_clock.advance(timedelta(days=45))
    admin_token = issue_token(state.settings, admin.user)
    post = await published_post(
        client, state, issue_token(state.settings, influencer.user), seed=73
    )
    tokens = [issue_token(state.settings, user) for user in reporters]

    # Three with standing, but two of them on one /24: not enough networks yet.
    for token, address in zip(
        tokens, ("198.51.100.10", "198.51.100.99", "2001:db8:7:1::5"), strict=False
    ):
        await _report_from(state, address, token, post["_id"])
    waiting = await state.db.posts.find_one({"_id": post["_id"]})
    assert waiting is not None and waiting["status"] == "PUBLISHED"
    [queued] = await _queue(gql, admin_token)
    tally = queued["moderation"]["reportTally"]
    assert (tally["reporters"], tally["networks"], tally["hides"]) == (3, 2, False)
    assert tally["weight"] >= tally["hideWeight"]
    weights = [r["weight"] for r in queued["moderation"]["reports"]]
    assert weights == [0.7353] * 3

    # A fourth from another network tips it.
    await _report_from(state, "192.0.2.44", tokens[3], post["_id"])
    hidden = await state.db.posts.find_one({"_id": post["_id"]})
    assert hidden is not None and hidden["status"] == "HIDDEN" and hidden["hidden_by"] == "REPORTS"
    [queued] = await _queue(gql, admin_token)
    assert queued["status"] == "HIDDEN"
    assert queued["moderation"]["reportTally"]["networks"] == 3
    assert queued["moderation"]["reportTally"]["hides"]


async def test_a_moderators_verdict_moves_the_reporters_next_weight(
    client: httpx.AsyncClient,
    gql: GraphQL,
    state: AppState,
    frozen_clock: clock.FrozenClock,
) -> None:
    author = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    elsewhere = [await _published_doc(state, admin.user) for _ in range(12)]
    reporter = await _with_standing(state, elsewhere)
    frozen_clock.advance(timedelta(days=45))
    token = issue_token(state.settings, reporter)
    admin_token = issue_token(state.settings, admin.user)
    first, second, third = [await _published_doc(state, author.user) for _ in range(3)]

    async def weight_on(post: Document) -> float:
        await _report_from(state, "198.51.100.10", token, post["_id"])
        filed = await state.db.post_reports.find_one({"post_id": post["_id"]})
        assert filed is not None
        return float(filed["weight"])

    before = await weight_on(first)
    assert before == 0.7353
    approved = await gql(MODERATE, {"id": first["_id"], "decision": "APPROVE"}, token=admin_token)
    assert approved["data"]["moderatePost"] == {"post": {"status": "PUBLISHED"}, "errors": []}
    account = await state.db.users.find_one({"_id": reporter.id})
    assert account is not None and account["report_rejected_count"] == 1
    closed = await state.db.post_reports.find_one({"post_id": first["_id"]})
    assert closed is not None and closed["status"] == "RESOLVED" and closed["upheld"] is False

    # Rejected once: the next report weighs less (same age, same activity).
    after_rejection = await weight_on(second)
    assert after_rejection < before
    assert after_rejection == round(before * 0.8, 4)

    # Upheld once: it weighs more again, but deciding twice counts once.
    removed = await gql(MODERATE, {"id": second["_id"], "decision": "REMOVE"}, token=admin_token)
    assert removed["data"]["moderatePost"]["post"] == {"status": "REMOVED"}
    again = await gql(MODERATE, {"id": second["_id"], "decision": "REMOVE"}, token=admin_token)
    assert again["data"]["moderatePost"]["post"] == {"status": "REMOVED"}
    account = await state.db.users.find_one({"_id": reporter.id})
    assert account is not None
    assert (account["report_upheld_count"], account["report_rejected_count"]) == (1, 1)
    assert await weight_on(third) == before  # one upheld, one rejected: no history's weight


async def test_an_admins_report_hides_the_post_at_once(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    post = await _published_doc(state, author.user)
    body = await gql(REPORT, {"id": post["_id"]}, token=admin.token)
    assert body["data"]["reportPost"] == {"reported": True, "errors": []}
    hidden = await state.db.posts.find_one({"_id": post["_id"]})
    assert hidden is not None and hidden["status"] == "HIDDEN"
    [queued] = await _queue(gql, admin.token)
    assert queued["moderation"]["reportTally"]["byAdmin"]


async def test_the_queue_runs_heaviest_first_and_pages_through_unreported_posts(
    gql: GraphQL, state: AppState
) -> None:
    author = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    expected = []
    # Weighted posts (two of them tied), then posts only flagged as likely reposts.
    for weight in (0.5, 2.25, 0.0, 1.25, 1.25, None, None):
        doc = await _published_doc(state, author.user)
        fields: dict[str, Any] = {"needs_review": True}
        if weight is not None:
            fields["open_report_weight"] = weight
        await state.db.posts.update_one({"_id": doc["_id"]}, {"$set": fields})
        expected.append((-1 if weight is None else weight, doc["_id"]))
    expected.sort(reverse=True)

    seen: list[str] = []
    after = None
    while True:
        body = await gql(QUEUE, {"first": 2, "after": after}, token=admin.token)
        page = body["data"]["moderationQueue"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [post_id for _, post_id in expected]

    # A cursor carrying a query operator instead of a weight is refused.
    operator = base64.urlsafe_b64encode(json.dumps({"w": {"$gt": 0}, "id": "x"}).encode())
    forged = await gql(
        QUEUE, {"first": 2, "after": operator.decode()}, token=admin.token, expect_errors=True
    )
    assert forged["errors"][0]["message"] == "That cursor is not valid."
