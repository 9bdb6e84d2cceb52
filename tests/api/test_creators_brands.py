"""Creators and brands find each other: an applicant's audience and track record (from known
follows, engagement and a past campaign's order), who may read them, inviting a creator (once,
however often), and what a brand sees changed in a deliverable sent back and submitted again."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from accounts import handles
from accounts.users import Role
from api.state import AppState
from tests.api.commerce_world import (
    ShopClient,
    build_world,
    click,
    click_id_of,
    make_campaign,
    make_product,
    make_shop,
    order_payload,
)
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import published_post
from tests.api.test_posts_queries import counting_app
from tests.conftest import GraphQL

AUDIENCE = """fragment A on CreatorStats { followerCount postCount recentPostCount engagementRate
  engagementNote pastCampaignCount pastRevenue { amountMinor currency }
  pastSpend { amountMinor currency } roas roasNote }"""
MEMBERS = (
    """query($c: ID!) { campaignMembers(campaignId: $c) { nodes {
  influencerId status audience { ...A } } } }"""
    + AUDIENCE
)
STATS = "query($u: ID!) { creatorStats(influencerId: $u) { ...A } }" + AUDIENCE
APPLY = """mutation($c: ID!) { applyToCampaign(campaignId: $c) {
  membership { id status } errors { code } } }"""
INVITE = """mutation($c: ID!, $u: ID!) { inviteToCampaign(campaignId: $c, influencerId: $u) {
  membership { id status } errors { field code message } } }"""
RESPOND = """mutation($m: ID!, $ok: Boolean!) { respondToInvitation(membershipId: $m, accept: $ok) {
  membership { id status creatorCode } errors { code } } }"""
MEMBERSHIP_OF = """query($c: ID!, $u: ID!) { campaign(id: $c) {
  membershipOf(influencerId: $u) { id status } } }"""
NOTIFICATIONS = "{ myNotifications { edges { node { kind campaignId message } } } }"
FOLLOW = "mutation($u: ID!) { follow(userId: $u) { errors { code } } }"
LIKE = "mutation($id: ID!) { likePost(id: $id) { errors { code } } }"
SAVE = "mutation($id: ID!) { savePost(id: $id) { errors { code } } }"
COMMENT = """mutation($id: ID!) { commentOnPost(postId: $id, body: "Love it") {
  errors { code } } }"""


async def _ok(gql: GraphQL, query: str, variables: dict[str, Any], token: str) -> dict[str, Any]:
    result = await gql(query, variables, token=token)
    assert "errors" not in result, result
    data: dict[str, Any] = result["data"]
    (payload,) = data.values()
    if isinstance(payload, dict) and "errors" in payload:
        assert payload["errors"] == [], payload
    return data


async def test_an_applicants_audience_and_past_roas_come_from_known_figures(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)  # the influencer is approved in a first campaign
    creator = world.influencer
    # One order through their link in that campaign: a 50.00 sale, 10% = 5.00 commission.
    shop = ShopClient(client, world.shop_id, world.secret)
    click_id = click_id_of(await click(client, world.link["code"]))
    order = (await shop.order(order_payload("o-1", world.sku, 5000, click_id))).json()
    assert order["commission"]["amount_minor"] == 500

    # Two followers; two posts with 4 interactions between them.
    fans = [await make_account(state, Role.SHOPPER) for _ in range(2)]
    posts = [
        str((await published_post(client, state, creator.token, seed=s, caption="Look"))["_id"])
        for s in (1, 2)
    ]
    for fan in fans:
        await _ok(gql, FOLLOW, {"u": creator.user.id}, fan.token)
        await _ok(gql, LIKE, {"id": posts[0]}, fan.token)
    await _ok(gql, SAVE, {"id": posts[1]}, fans[0].token)
    await _ok(gql, COMMENT, {"id": posts[1]}, fans[0].token)

    # The creator applies to the brand's next campaign: the first is now a past campaign.
    second = await make_campaign(gql, world.brand, [world.product_id])
    await _ok(gql, APPLY, {"c": second}, creator.token)
    (row,) = (await _ok(gql, MEMBERS, {"c": second}, world.brand.token))["campaignMembers"]["nodes"]
    assert row["status"] == "APPLIED"
    audience = row["audience"]
    assert audience["followerCount"] == 2 and audience["postCount"] == 2
    assert audience["recentPostCount"] == 2
    assert audience["engagementRate"] == pytest.approx(4 / 2 / 2)
    assert audience["engagementNote"] is None
    assert audience["pastCampaignCount"] == 1
    assert audience["pastRevenue"] == {"amountMinor": 5000, "currency": "USD"}
    assert audience["pastSpend"] == {"amountMinor": 500, "currency": "USD"}
    assert audience["roas"] == pytest.approx(10.0) and audience["roasNote"] is None

    # In the first campaign itself there is no *past* campaign to weigh.
    (first_row,) = (await _ok(gql, MEMBERS, {"c": world.campaign_id}, world.brand.token))[
        "campaignMembers"
    ]["nodes"]
    assert first_row["audience"]["pastCampaignCount"] == 0
    assert (first_row["audience"]["roas"], first_row["audience"]["roasNote"]) == (
        None,
        "No past campaigns.",
    )

    # Another brand weighs the same creator with none of this brand's sales.
    rival = await make_account(state, Role.BRAND, name="Rival Co")
    theirs = (await _ok(gql, STATS, {"u": creator.user.id}, rival.token))["creatorStats"]
    assert theirs["followerCount"] == 2 and theirs["pastCampaignCount"] == 0
    assert theirs["pastRevenue"] is None and theirs["roas"] is None
    # The creator reads their own, with every brand (an application is not a campaign yet).
    own = (await _ok(gql, STATS, {"u": creator.user.id}, creator.token))["creatorStats"]
    assert own["pastCampaignCount"] == 1 and own["roas"] == pytest.approx(10.0)


async def test_a_new_creator_gets_reasons_instead_of_figures(state: AppState, gql: GraphQL) -> None:
    brand = await make_account(state, Role.BRAND)
    creator = await make_account(state, Role.INFLUENCER)
    stats = (await _ok(gql, STATS, {"u": creator.user.id}, brand.token))["creatorStats"]
    assert stats["engagementRate"] is None
    assert stats["engagementNote"] == "No posts in the last 30 days."
    assert (stats["roas"], stats["roasNote"]) == (None, "No past campaigns.")
    shopper = await make_account(state, Role.SHOPPER)
    assert (await _ok(gql, STATS, {"u": shopper.user.id}, brand.token))["creatorStats"] is None


async def test_only_brands_and_the_creator_themself_read_creator_stats(
    state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND)
    creator = await make_account(state, Role.INFLUENCER)
    other = await make_account(state, Role.INFLUENCER)
    shopper = await make_account(state, Role.SHOPPER)
    for reader in (shopper, other):
        refused = await gql(STATS, {"u": creator.user.id}, token=reader.token, expect_errors=True)
        assert refused["data"] is None or refused["data"]["creatorStats"] is None
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gql(STATS, {"u": creator.user.id}, expect_errors=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    # Applicants' lists are the campaign's brand's: a shopper can't reach them at all.
    await make_shop(state, brand)
    product_id = await make_product(gql, brand, "TEE-9")
    campaign_id = await make_campaign(gql, brand, [product_id])
    await _ok(gql, APPLY, {"c": campaign_id}, creator.token)
    denied = await gql(MEMBERS, {"c": campaign_id}, token=shopper.token, expect_errors=True)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def _kinds(gql: GraphQL, account: Account) -> list[str]:
    result = await gql(NOTIFICATIONS, token=account.token)
    return [e["node"]["kind"] for e in result["data"]["myNotifications"]["edges"]]


async def test_inviting_from_a_profile_is_idempotent_and_tells_the_creator_once(
    state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND, name="Northwind")
    creator = await make_account(state, Role.INFLUENCER)
    await make_shop(state, brand)
    product_id = await make_product(gql, brand, "TEE-2")
    draft = await make_campaign(gql, brand, [product_id], activate=False)
    ask = {"c": draft, "u": creator.user.id}
    assert (await _ok(gql, MEMBERSHIP_OF, ask, brand.token))["campaign"]["membershipOf"] is None

    first = (await _ok(gql, INVITE, ask, brand.token))["inviteToCampaign"]["membership"]
    again = (await _ok(gql, INVITE, ask, brand.token))["inviteToCampaign"]["membership"]
    assert first == again and first["status"] == "INVITED"
    # The state survives a reload: the brand's campaign says who it invited.
    assert (await _ok(gql, MEMBERSHIP_OF, ask, brand.token))["campaign"]["membershipOf"] == first
    # Nobody else learns who a brand invited.
    rival = await make_account(state, Role.BRAND)
    hidden = await gql(MEMBERSHIP_OF, ask, token=rival.token, expect_errors=True)
    assert hidden["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")

    assert (await _kinds(gql, creator)).count("CAMPAIGN_INVITATION") == 1
    notes = (await gql(NOTIFICATIONS, token=creator.token))["data"]["myNotifications"]["edges"]
    note = notes[0]["node"]
    assert note["campaignId"] == draft and "Northwind invited you" in note["message"]

    accepted = await _ok(gql, RESPOND, {"m": first["id"], "ok": True}, creator.token)
    membership = accepted["respondToInvitation"]["membership"]
    assert membership["status"] == "APPROVED" and membership["creatorCode"]
    # Inviting an approved member changes nothing and tells nobody again.
    after = (await _ok(gql, INVITE, ask, brand.token))["inviteToCampaign"]["membership"]
    assert after["status"] == "APPROVED"
    assert (await _kinds(gql, creator)).count("CAMPAIGN_INVITATION") == 1

    shopper = await make_account(state, Role.SHOPPER)
    not_creator = await gql(INVITE, {"c": draft, "u": shopper.user.id}, token=brand.token)
    assert not_creator["data"]["inviteToCampaign"]["errors"][0]["code"] == "NOT_FOUND"


REVIEW = """query($c: ID!) { campaign(id: $c) { deliverables { nodes { id caption
  deliverable { status submissionNumber
    revisions { number kind caption hashtags productIds reason }
    changes { sinceNumber reason captionChanged wordsAdded wordsRemoved unchanged
      caption { kind text } hashtagsAdded hashtagsRemoved productIdsAdded productIdsRemoved
      productsAdded { id title } productsRemoved { id } } } } } } }"""
SUBMIT = """mutation($p: ID!, $c: ID!, $any: Boolean!) {
  submitDeliverable(postId: $p, campaignId: $c, allowUnchanged: $any) {
  post { deliverable { status submissionNumber changes { unchanged } } }
  errors { field code message } } }"""
REJECT = """mutation($p: ID!, $r: String!) { rejectDeliverable(postId: $p, reason: $r) {
  post { deliverable { status submissionNumber } } errors { code } } }"""
EDIT = """mutation($id: ID!, $c: String!, $tags: [ProductTagInput!]) {
  editPost(input: {id: $id, caption: $c, productTags: $tags}) { errors { field code } } }"""


def _tag(product_id: str) -> dict[str, Any]:
    return {"productId": product_id, "imageIndex": 0, "x": 0.4, "y": 0.6}


async def test_the_brand_sees_what_changed_in_a_post_sent_back_and_submitted_again(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await build_world(state, gql)
    shorts = await make_product(gql, world.brand, "SHORTS-1")
    creator, brand, campaign = world.influencer, world.brand, world.campaign_id
    post_id = str(
        (
            await published_post(
                client,
                state,
                creator.token,
                caption="Summer tee for the beach #northwind",
                product_tags=[_tag(world.product_id)],
                campaign_id=campaign,
            )
        )["_id"]
    )
    review = await _ok(gql, REVIEW, {"c": campaign}, brand.token)
    (node,) = review["campaign"]["deliverables"]["nodes"]
    assert node["deliverable"]["submissionNumber"] == 1
    assert node["deliverable"]["changes"] is None and node["deliverable"]["revisions"] == []

    reason = "Show the tee with the shorts."
    rejected = await _ok(gql, REJECT, {"p": post_id, "r": reason}, brand.token)
    assert rejected["rejectDeliverable"]["post"]["deliverable"] == {
        "status": "REJECTED",
        "submissionNumber": 1,
    }
    # Submitting again with nothing changed is a clear warning, not a silent resubmit.
    same = await gql(SUBMIT, {"p": post_id, "c": campaign, "any": False}, token=creator.token)
    (error,) = same["data"]["submitDeliverable"]["errors"]
    assert (error["code"], error["field"]) == ("UNCHANGED", "postId")
    assert "Nothing changed" in error["message"]

    await _ok(
        gql,
        EDIT,
        {
            "id": post_id,
            "c": "Summer linen tee with shorts #northwind #linen",
            "tags": [_tag(world.product_id), _tag(shorts)],
        },
        creator.token,
    )
    sent = await _ok(gql, SUBMIT, {"p": post_id, "c": campaign, "any": False}, creator.token)
    assert sent["submitDeliverable"]["post"]["deliverable"] == {
        "status": "SUBMITTED",
        "submissionNumber": 2,
        "changes": {"unchanged": False},
    }

    (node,) = (await _ok(gql, REVIEW, {"c": campaign}, brand.token))["campaign"]["deliverables"][
        "nodes"
    ]
    deliverable = node["deliverable"]
    assert deliverable["submissionNumber"] == 2
    assert [(r["number"], r["kind"]) for r in deliverable["revisions"]] == [
        (1, "REJECTED"),
        (2, "RESUBMITTED"),
    ]
    first = deliverable["revisions"][0]
    assert first["caption"] == "Summer tee for the beach #northwind"
    assert first["productIds"] == [world.product_id] and first["reason"] == reason
    changes = deliverable["changes"]
    assert changes["sinceNumber"] == 1 and changes["reason"] == reason
    assert changes["caption"] == [
        {"kind": "SAME", "text": "Summer "},
        {"kind": "ADDED", "text": "linen "},
        {"kind": "SAME", "text": "tee "},
        {"kind": "REMOVED", "text": "for the beach "},
        {"kind": "ADDED", "text": "with shorts "},
        {"kind": "SAME", "text": "#northwind "},
        {"kind": "ADDED", "text": "#linen"},
    ]
    assert (changes["wordsAdded"], changes["wordsRemoved"]) == (4, 3)
    assert changes["hashtagsAdded"] == ["linen"] and changes["hashtagsRemoved"] == []
    assert changes["productIdsAdded"] == [shorts] and changes["productIdsRemoved"] == []
    assert [p["id"] for p in changes["productsAdded"]] == [shorts]
    assert changes["unchanged"] is False and changes["captionChanged"] is True

    # Sent back again with nothing changed, it goes in only when the creator says so.
    await _ok(gql, REJECT, {"p": post_id, "r": "Brighter, please."}, brand.token)
    again = await _ok(gql, SUBMIT, {"p": post_id, "c": campaign, "any": True}, creator.token)
    assert again["submitDeliverable"]["post"]["deliverable"] == {
        "status": "SUBMITTED",
        "submissionNumber": 3,
        "changes": {"unchanged": True},
    }
    # The revisions are appended, never rewritten.
    assert await state.db.deliverable_revisions.count_documents({"post_id": post_id}) == 4


# The brand's applicants list as the web app asks for it (frontend/src/lib/graphql/creators.ts).
APPLICANTS_PAGE = """query CampaignApplicants($campaignId: ID!, $first: Int!) {
  campaignMembers(campaignId: $campaignId, first: $first) { nodes {
    id status pitch createdAt influencer { id handle displayName avatarUrl }
    audience { followerCount postCount engagementRate engagementNote pastCampaignCount
      pastRevenue { amountMinor currency } roas roasNote } } } }"""


async def test_the_applicants_page_costs_the_same_round_trips_whatever_its_size(
    state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND)
    await make_shop(state, brand)
    product_id = await make_product(gql, brand, "TEE-5")
    small = await make_campaign(gql, brand, [product_id])
    large = await make_campaign(gql, brand, [product_id])
    for campaign_id, size in ((small, 2), (large, 8)):
        for _ in range(size):
            creator = await make_account(state, Role.INFLUENCER)
            await _ok(gql, APPLY, {"c": campaign_id}, creator.token)
    await handles.backfill(state.db)  # accounts made directly get their @handles up front

    counting, app = counting_app(state)
    costs = []
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as http:
        counted = GraphQL(http)
        for campaign_id, size in ((small, 2), (large, 8)):
            counting.calls.clear()
            body = await counted(
                APPLICANTS_PAGE, {"campaignId": campaign_id, "first": 20}, token=brand.token
            )
            nodes = body["data"]["campaignMembers"]["nodes"]
            assert len(nodes) == size and all(n["audience"] for n in nodes)
            costs.append(dict(counting.calls))
    assert costs[0] == costs[1]
