"""Creators and brands find each other, in a real browser: the brand (laptop) invites the demo
creator from their profile, the creator (390 px phone) accepts and submits again a post the
brand sent back and they edited, and the brand sees what changed in it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.api import CREATE_CAMPAIGN, Api, create_product, publish_post, running_campaign
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

ME = "{ me { handle } }"
REJECT = """mutation($p: ID!, $r: String!) { rejectDeliverable(postId: $p, reason: $r) {
  post { id } errors { field code message } } }"""
EDIT = """mutation($id: ID!, $c: String!) { editPost(input: {id: $id, caption: $c}) {
  post { id } errors { field code message } } }"""


@pytest.fixture
def brand(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "BRAND")
    yield api
    api.close()


@pytest.fixture
def creator(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "INFLUENCER")
    yield api
    api.close()


def _draft_campaign(brand: Api, name: str) -> str:
    now = datetime.now(UTC)
    payload = brand.mutate(
        CREATE_CAMPAIGN,
        {
            "input": {
                "name": name,
                "markets": ["US"],
                "startsAt": (now + timedelta(days=2)).isoformat(),
                "endsAt": (now + timedelta(days=40)).isoformat(),
                "budgetMinor": 200_000,
                "currency": "USD",
                "ruleKind": "PERCENT",
                "ruleBasisPoints": 1200,
            }
        },
        "createCampaign",
    )
    return str(payload["campaign"]["id"])


def test_brand_invites_a_creator_who_accepts_and_sees_what_changed_on_resubmission(
    browsing: Browsing, brand: Api, creator: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    invite_name = f"Linen Invite {tag}"
    review_name = f"Denim Review {tag}"
    # Prepared through the API: what is tested below is the invitation and the review.
    product_id = create_product(brand, f"DNM-{tag}", f"Denim Jacket {tag}")
    review_id = running_campaign(
        brand, creator, review_name, {"ruleKind": "FIXED_FEE", "ruleAmountMinor": 3000}
    )
    _draft_campaign(brand, invite_name)
    post_id = publish_post(creator, f"Denim jacket for the beach {tag}", [product_id], review_id)
    brand.mutate(REJECT, {"p": post_id, "r": "Show it in the city."}, "rejectDeliverable")
    creator.mutate(EDIT, {"id": post_id, "c": f"Denim jacket for city nights {tag}"}, "editPost")
    handle = creator.query(ME)["me"]["handle"]

    # The brand, on a laptop, invites the creator from their profile.
    desk = browsing.open(role="BRAND")
    desk.goto(f"/u/{handle}")
    desk.get_by_role("button", name="Invite to campaign").click()
    choices = desk.get_by_role("list", name=re.compile("^Invite .* to a campaign$"))
    choices.get_by_role("button", name=f"Invite to {invite_name}").click()
    row = choices.get_by_role("listitem").filter(has_text=invite_name)
    expect(row.get_by_text("Invited", exact=True)).to_be_visible()
    desk.reload()  # the state is the server's, not the page's
    desk.get_by_role("button", name="Invite to campaign").click()
    expect(row.get_by_text("Invited", exact=True)).to_be_visible()
    screenshot(desk, "invited")

    # The creator, on a phone, accepts it and submits the edited post again.
    phone = browsing.open(role="INFLUENCER", viewport=PHONE)
    phone.goto("/campaigns")
    invitation = phone.get_by_role("article", name=f"Invitation to {invite_name}")
    invitation.get_by_role("button", name="Accept").click()
    expect(invitation).to_have_count(0)
    mine = phone.get_by_role("region", name="Your campaigns")
    expect(mine.get_by_role("row", name=re.compile(invite_name))).to_contain_text("Approved")
    post = phone.get_by_role("article", name=re.compile(f"city nights {tag}"))
    post.get_by_role("button", name="Submit again").click()
    expect(post.get_by_text("Submitted", exact=True)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(phone, "accepted-and-resubmitted")

    # The brand's review shows the second submission and what changed in it.
    desk.goto(f"/brand/campaigns/{review_id}")
    card = desk.get_by_role("article").filter(has=desk.get_by_text("2nd submission"))
    changes = card.get_by_role("region", name="Changes since it was sent back")
    expect(changes.get_by_text("Sent back because: Show it in the city.")).to_be_visible()
    expect(changes.locator("ins")).to_have_text("city nights ")
    expect(changes.locator("del")).to_have_text("the beach ")
    screenshot(desk, "what-changed")
