"""Each role sees only what it may: one row per guarded operation, one column per role.

Areas add their operations to MATRIX as they land; the test runs every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.users import Role
from api.state import AppState
from tests.api.helpers import make_account
from tests.conftest import GraphQL

ANON = "ANONYMOUS"
EVERYONE = {ANON, *(r.value for r in Role)}
SIGNED_IN = {r.value for r in Role}
POST_ID = "post_00000000000000000000000000"
USER_ID = "usr_00000000000000000000000000"


@dataclass(frozen=True)
class Operation:
    name: str
    document: str
    allowed: frozenset[str]
    # How a refusal shows: FORBIDDEN for signed-in users, UNAUTHENTICATED for visitors.


def op(name: str, document: str, allowed: set[str]) -> Operation:
    return Operation(name, document, frozenset(allowed))


MATRIX = [
    op("me", "{ me { id } }", EVERYONE),
    op("users (admin list)", "{ users(first: 1) { edges { node { id } } } }", {"ADMIN"}),
    op(
        "updateProfile",
        'mutation { updateProfile(input: {bio: "hi"}) { errors { code } } }',
        SIGNED_IN,
    ),
    op(
        "setUserRole",
        'mutation { setUserRole(input: {userId: "usr_00000000000000000000000000", role: BRAND})'
        " { errors { code } } }",
        {"ADMIN"},
    ),
    # Posts: reading is public (visibility is per post), acting needs an account.
    op("post", f'{{ post(id: "{POST_ID}") {{ id }} }}', EVERYONE),
    op("posts", "{ posts(first: 1) { edges { cursor } } }", EVERYONE),
    op(
        "createPost",
        "mutation { createPost(input: {images: []}) { errors { code } } }",
        SIGNED_IN,
    ),
    op(
        "editPost",
        f'mutation {{ editPost(input: {{id: "{POST_ID}", caption: "x"}})'
        " { errors { code } } }",
        SIGNED_IN,
    ),
    *(
        op(name, f'mutation {{ {name}(id: "{POST_ID}") {{ errors {{ code }} }} }}', SIGNED_IN)
        for name in ("deletePost", "likePost", "unlikePost", "savePost", "unsavePost")
    ),
    op(
        "commentOnPost",
        f'mutation {{ commentOnPost(postId: "{POST_ID}", body: "hi") {{ errors {{ code }} }} }}',
        SIGNED_IN,
    ),
    *(
        op(name, f'mutation {{ {name}(userId: "{USER_ID}") {{ errors {{ code }} }} }}', SIGNED_IN)
        for name in ("follow", "unfollow")
    ),
    op(
        "reportPost",
        f'mutation {{ reportPost(id: "{POST_ID}", reason: SPAM) {{ errors {{ code }} }} }}',
        SIGNED_IN,
    ),
    op(
        "moderatePost",
        f'mutation {{ moderatePost(id: "{POST_ID}", decision: HIDE) {{ errors {{ code }} }} }}',
        {"ADMIN"},
    ),
    op("moderationQueue", "{ moderationQueue(first: 1) { edges { cursor } } }", {"ADMIN"}),
    # Feeds: everyone scrolls a feed; designers and brands read trends and watch elements.
    op("feed", "{ feed(first: 1) { edges { cursor } } }", EVERYONE),
    # Explore: public looks, names and products, open to visitors too.
    op("search", '{ search(query: "zo") { query people { id } } }', EVERYONE),
    op(
        "hashtag",
        '{ hashtag(tag: "ootd") { postCount looks(first: 1) { nodes { id } } } }',
        EVERYONE,
    ),
    op("exploreTrending", "{ exploreTrending { market } }", EVERYONE),
    op(
        "styleElement",
        '{ styleElement(id: "pattern/floral") { looks(first: 1) { nodes { id } } } }',
        EVERYONE,
    ),
    *(
        op(name, document, {"DESIGNER", "BRAND", "ADMIN"})
        for name, document in (
            ("trendingElements", "{ trendingElements(first: 1) { totalCount } }"),
            ("element", '{ element(id: "pattern/gingham") { id } }'),
            ("elements", "{ elements(first: 1) { edges { cursor } } }"),
            ("watchedElements", "{ watchedElements(first: 1) { edges { cursor } } }"),
            ("watchElement", 'mutation { watchElement(id: "pattern/gingham") { watching } }'),
            ("unwatchElement", 'mutation { unwatchElement(id: "pattern/gingham") { watching } }'),
            ("trendingExport", "mutation { trendingExport { url } }"),
        )
    ),
    # Commerce: brands run the catalogue and campaigns, influencers their links and money,
    # admins shops, reviews and payouts.
    op("myShops", "{ myShops { id } }", {"BRAND", "ADMIN"}),
    op("myLinks", "{ myLinks { edges { node { id } } } }", {"INFLUENCER", "ADMIN"}),
    op("campaigns", "{ campaigns { edges { node { id } } } }", {"INFLUENCER", "ADMIN"}),
    op("myCampaigns", "{ myCampaigns { edges { node { id } } } }", {"BRAND", "ADMIN"}),
    op("myMemberships", "{ myMemberships { edges { node { id } } } }", {"INFLUENCER", "ADMIN"}),
    op("myEarnings", "{ myEarnings { totals { pending } } }", {"INFLUENCER", "ADMIN"}),
    op("myCommissions", "{ myCommissions { edges { node { id } } } }", {"INFLUENCER", "ADMIN"}),
    op("myPayouts", "{ myPayouts { edges { node { id } } } }", {"INFLUENCER", "ADMIN"}),
    op("heldCommissions", "{ heldCommissions { edges { node { id } } } }", {"ADMIN"}),
    op("myNotifications", "{ myNotifications { edges { node { id } } } }", SIGNED_IN),
    op(
        "markNotificationRead",
        'mutation { markNotificationRead(id: "x") { errors { code } } }',
        SIGNED_IN,
    ),
    # Test drops: designers make them; designers and brands follow and re-order them.
    op("testDrops", "{ testDrops { edges { cursor } } }", {"DESIGNER", "BRAND", "ADMIN"}),
    op("testDrop", '{ testDrop(id: "drop_x") { id } }', {"DESIGNER", "BRAND", "ADMIN"}),
    op(
        "createTestDrop",
        'mutation { createTestDrop(input: {name: "", elementIds: [], markets: [US],'
        ' launchDate: "2026-01-01", products: []}) { errors { code } } }',
        {"DESIGNER", "ADMIN"},
    ),
    op(
        "placeReorder",
        'mutation { placeReorder(productId: "x", quantity: 1, expectedDate: "2030-01-01")'
        " { errors { code } } }",
        {"DESIGNER", "BRAND", "ADMIN"},
    ),
    op(
        "setDesignerBrand",
        'mutation { setDesignerBrand(designerId: "x", brandId: "y") { errors { code } } }',
        {"ADMIN"},
    ),
    op(
        "createProduct",
        'mutation { createProduct(input: {sku: "", title: "", priceMinor: 1, currency: "USD",'
        ' productUrl: "", markets: [US]}) { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op(
        "updateProduct",
        'mutation { updateProduct(input: {id: "prd_00000000000000000000000000"})'
        " { errors { code } } }",
        {"BRAND", "ADMIN"},
    ),
    op(
        "importProducts",
        'mutation { importProducts(input: {text: ""}) { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op(
        "createShop",
        'mutation { createShop(input: {brandId: "x", name: "s", domains: []})'
        " { errors { code } } }",
        {"ADMIN"},
    ),
    op(
        "createShoppableLink",
        'mutation { createShoppableLink(input: {productId: "x"}) { errors { code } } }',
        {"INFLUENCER", "ADMIN"},
    ),
    op(
        "createCampaign",
        'mutation { createCampaign(input: {name: "", markets: [US],'
        ' startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-02-01T00:00:00Z", budgetMinor: 1,'
        ' currency: "USD", ruleKind: PERCENT})'
        " { errors { code } } }",
        {"BRAND", "ADMIN"},
    ),
    op(
        "updateCampaign",
        'mutation { updateCampaign(input: {id: "x"}) { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op(
        "activateCampaign",
        'mutation { activateCampaign(id: "x") { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op("endCampaign", 'mutation { endCampaign(id: "x") { errors { code } } }', {"BRAND", "ADMIN"}),
    op(
        "applyToCampaign",
        'mutation { applyToCampaign(campaignId: "x") { errors { code } } }',
        {"INFLUENCER", "ADMIN"},
    ),
    op(
        "respondToInvitation",
        'mutation { respondToInvitation(membershipId: "x", accept: true) { errors { code } } }',
        {"INFLUENCER", "ADMIN"},
    ),
    op(
        "inviteToCampaign",
        'mutation { inviteToCampaign(campaignId: "x", influencerId: "y") { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op(
        "decideApplication",
        'mutation { decideApplication(membershipId: "x", approve: true) { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
    op("releaseHold", 'mutation { releaseHold(commissionId: "x") { errors { code } } }', {"ADMIN"}),
    op("rejectHold", 'mutation { rejectHold(commissionId: "x") { errors { code } } }', {"ADMIN"}),
    op(
        "postAdjustment",
        'mutation { postAdjustment(input: {influencerId: "x", amountMinor: -1, currency: "USD",'
        ' reason: FRAUD, requestId: "r"}) { errors { code } } }',
        {"ADMIN"},
    ),
    op("runPayouts", "mutation { runPayouts { payouts { id } errors { code } } }", {"ADMIN"}),
    # Attribution reports: brands read theirs, influencers their own rows; leaderboards, settings
    # and refreshes are the brand's.
    op(
        "attributionReport",
        "{ attributionReport(groupBy: INFLUENCER, model: LINEAR) { pending } }",
        {"BRAND", "INFLUENCER", "ADMIN"},
    ),
    op(
        "compareModels",
        "{ compareModels(groupBy: CAMPAIGN) { model } }",
        {"BRAND", "INFLUENCER", "ADMIN"},
    ),
    op("kolLeaderboard", "{ kolLeaderboard(by: ROAS) { pending } }", {"BRAND", "ADMIN"}),
    op("brandSettings", "{ brandSettings { currency } }", {"BRAND", "ADMIN"}),
    op(
        "refreshReports",
        "mutation { refreshReports { queued errors { code } } }",
        {"BRAND", "ADMIN"},
    ),
    op(
        "updateBrandSettings",
        'mutation { updateBrandSettings(input: {currency: "USD"}) { errors { code } } }',
        {"BRAND", "ADMIN"},
    ),
]

CASES = [(operation, role) for operation in MATRIX for role in sorted(EVERYONE)]


@pytest.mark.parametrize(("operation", "role"), CASES, ids=[f"{o.name}-{r}" for o, r in CASES])
async def test_role_matrix(gql: GraphQL, state: AppState, operation: Operation, role: str) -> None:
    token = None if role == ANON else (await make_account(state, Role(role))).token
    result = await gql(operation.document, token=token, expect_errors=True)
    codes = [e.get("extensions", {}).get("code") for e in result.get("errors", [])]
    if role in operation.allowed:
        assert not codes, result
    else:
        assert codes == ["FORBIDDEN" if token else "UNAUTHENTICATED"], result


async def test_email_is_visible_to_its_owner_and_admins_only(gql: GraphQL, state: AppState) -> None:
    owner = await make_account(state)
    stranger = await make_account(state)
    admin = await make_account(state, Role.ADMIN)
    query = "query($id: ID!) { user(id: $id) { displayName email } }"
    variables = {"id": owner.user.id}
    assert (await gql(query, variables, token=owner.token))["data"]["user"]["email"]
    assert (await gql(query, variables, token=admin.token))["data"]["user"]["email"]
    denied = await gql(query, variables, token=stranger.token, expect_errors=True)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The rest of the profile is public.
    public = await gql("query($id: ID!) { user(id: $id) { displayName } }", variables)
    assert public["data"]["user"]["displayName"] == owner.user.display_name
