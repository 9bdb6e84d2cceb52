"""The influencer's journey: join a campaign, make a shoppable link, and see the commission of
an order bought through it arrive on the earnings chart as pending; post for a campaign from the
composer, read the brand's reason when it is sent back, and submit it again."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.api import Api, create_product, outfit_jpeg, running_campaign, send_order
from tests.e2e.conftest import DESKTOP, PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id } errors { field code message } } }"""
CREATE_CAMPAIGN = """mutation($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id } errors { field code message } } }"""
ACTIVATE = """mutation($id: ID!) {
  activateCampaign(id: $id) { campaign { status } errors { field code message } } }"""
MEMBERS = """query($c: ID!) { campaignMembers(campaignId: $c, status: APPLIED) {
  nodes { id influencerId } } }"""
DECIDE = """mutation($m: ID!) { decideApplication(membershipId: $m, approve: true) {
  membership { status } errors { field code message } } }"""
REJECT = """mutation($p: ID!, $r: String!) { rejectDeliverable(postId: $p, reason: $r) {
  post { deliverable { status } } errors { field code message } } }"""


def _dollars(text: str) -> float:
    return float(text.strip().lstrip("$").replace(",", ""))


@pytest.fixture
def brand(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "BRAND")
    yield api
    api.close()


def test_influencer_link_order_and_pending_commission(
    browsing: Browsing, brand: Api, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    sku = f"TEE-{tag}"
    title = f"Boxy Cotton Tee {tag}"
    campaign_name = f"Summer Tees {tag}"
    brand.mutate(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": title,
                "priceMinor": 4900,
                "currency": "USD",
                "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                "markets": ["US"],
            }
        },
        "createProduct",
    )
    now = datetime.now(UTC)
    campaign = brand.mutate(
        CREATE_CAMPAIGN,
        {
            "input": {
                "name": campaign_name,
                "brief": "Style the boxy tee three ways.",
                "markets": ["US"],
                "startsAt": (now - timedelta(days=1)).isoformat(),
                "endsAt": (now + timedelta(days=30)).isoformat(),
                "budgetMinor": 500_000,
                "currency": "USD",
                "ruleKind": "PERCENT",
                "ruleBasisPoints": 1000,
            }
        },
        "createCampaign",
    )["campaign"]
    brand.mutate(ACTIVATE, {"id": campaign["id"]}, "activateCampaign")

    # The influencer applies from the campaigns page; the brand approves.
    page = browsing.open(role="INFLUENCER")
    page.goto("/campaigns")
    card = page.get_by_role("article", name=campaign_name)
    expect(card.get_by_text("10% of each sale")).to_be_visible()
    card.get_by_role("button", name=f"Apply to {campaign_name}").click()
    card.get_by_label("Why you? (optional)").fill("120k followers who love basics.")
    card.get_by_role("button", name="Send application").click()
    expect(card.get_by_text("Applied", exact=True)).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "campaigns")
    (member,) = brand.query(MEMBERS, {"c": campaign["id"]})["campaignMembers"]["nodes"]
    brand.mutate(DECIDE, {"m": member["id"]}, "decideApplication")

    # Make the link for the product inside the campaign.
    page.goto("/links")
    page.get_by_label("Product").fill(tag.lower())
    page.get_by_role("button", name=re.compile(re.escape(title))).click()
    page.get_by_label("Campaign").select_option(label=campaign_name)
    page.get_by_role("button", name="Make link").click()
    link_field = page.get_by_label("Your link", exact=True)
    expect(link_field).to_have_value(re.compile(r"/l/[A-Za-z0-9_-]+$"))
    link_url = link_field.input_value()
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(
        page.get_by_role("status").filter(has_text=re.compile("cop(y|ied)", re.I))
    ).to_be_visible()
    screenshot(page, "link")

    # Today's pending earnings before the order (other journeys may credit this KOL too).
    today = now.date().isoformat()
    page.goto("/earnings")
    expect(page.get_by_role("heading", name="Earnings over time")).to_be_visible()
    expect(page.get_by_label("Totals for the period").get_by_text("Pending")).to_be_visible()
    pending_cell = page.locator(f'tr[data-day="{today}"] td[data-state="pending"]')
    before = _dollars(pending_cell.inner_text()) if pending_cell.count() else 0.0

    # A shopper follows it: a 302 to the product page with the click id.
    code = link_url.rsplit("/l/", 1)[1]
    followed = httpx.get(
        f"{live_server}/l/{code}",
        headers={"user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"},
        follow_redirects=False,
        timeout=20,
    )
    assert followed.status_code == 302, followed.text
    location = followed.headers["location"]
    assert location.startswith(f"https://shop.northwind.example/p/{sku.lower()}")
    click_id = location.rsplit("tl_click=", 1)[1].split("&")[0]

    # The shop reports the order, signed with its secret.
    order = send_order(
        live_server,
        {
            "order_id": f"e2e-{tag}",
            "currency": "USD",
            "customer_id": f"cust-{tag}",
            "lines": [{"sku": sku, "quantity": 1, "amount": 4900}],
            "click_id": click_id,
        },
    )
    assert order.status_code == 201, order.text
    assert order.json()["commission"]["state"] == "PENDING"

    page.goto("/earnings")
    expect(page.get_by_label("Totals for the period").get_by_text("Pending")).to_be_visible()
    chart = page.get_by_test_id("earnings-chart")
    expect(chart.locator(".series-pending path").first).to_be_visible()
    expect(chart.locator(f'tr[data-day="{today}"] td[data-state="pending"]')).to_have_text(
        f"${before + 4.90:,.2f}"
    )
    # The link's row: one click, one order, 100% conversion, $4.90 pending (10% of $49.00).
    by_link = page.get_by_role("region", name="By link")
    row = by_link.get_by_role("row", name=re.compile(re.escape(title)))
    expect(row.get_by_role("cell")).to_have_text([f"/l/{code}", "1", "1", "100%", "$4.90", "$0.00"])
    # Its campaign's row counts the same period's click and order.
    by_campaign = page.get_by_role("region", name="By campaign")
    campaign_row = by_campaign.get_by_role("row", name=re.compile(re.escape(campaign_name)))
    expect(campaign_row.get_by_role("cell")).to_have_text(["1", "1", "100%", "$4.90", "$0.00"])
    screenshot(page, "earnings")


def _paid_agrees_with_the_payouts_listed(page: Page) -> float:
    """The Paid card against the total of the payouts listed for the same period."""
    expect(page.locator('[data-current="true"]')).to_be_visible(timeout=30_000)
    totals = page.get_by_label("Totals for the period")
    paid_card = totals.locator("div").filter(has=page.get_by_text("Paid", exact=True)).last
    paid = _dollars(paid_card.get_by_role("definition").first.inner_text())
    payouts = page.get_by_role("region", name="Payouts in this period")
    either = payouts.get_by_test_id("payouts-total").or_(payouts.get_by_text("No payout"))
    expect(either).to_be_visible()
    listed = payouts.get_by_test_id("payouts-total")
    if listed.count():
        expect(listed).to_have_text(f"${paid:,.2f}")
        expect(payouts).to_contain_text("as on the Paid card")
    else:
        assert paid == 0.0
        expect(payouts).to_contain_text("No payout was sent in this period")
    return paid


def test_every_earnings_figure_is_of_the_period_it_names(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    pytest.importorskip("demo.world", reason="waiting for the demo world with payouts")
    for viewport, label in ((DESKTOP, "laptop"), (PHONE, "phone")):
        width = viewport["width"]
        page = browsing.open(role="INFLUENCER", viewport=viewport)
        page.goto("/earnings")
        period = page.get_by_test_id("earnings-period")
        expect(period).to_contain_text("(UTC days)")
        expect(period).to_contain_text("payouts by the day they were sent")
        paid = _paid_agrees_with_the_payouts_listed(page)
        # Another period gives the same agreement, over more payouts.
        before = period.inner_text()
        page.get_by_role("radio", name="12 months").click()
        expect(period).not_to_have_text(before)
        assert _paid_agrees_with_the_payouts_listed(page) >= paid
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("region", name="By campaign").scroll_into_view_if_needed()
        screenshot(page, f"period-{label}")


def test_influencer_posts_for_a_campaign_and_submits_again_after_a_rejection(
    browsing: Browsing, brand: Api, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    title = f"Wide Leg Trousers {tag}"
    campaign_name = f"Trouser Edit {tag}"
    create_product(brand, f"TRS-{tag}", title, price_minor=6900)
    me = Api(live_server, "INFLUENCER")
    try:
        campaign_id = running_campaign(
            brand, me, campaign_name, {"ruleKind": "FIXED_FEE", "ruleAmountMinor": 4000}
        )
    finally:
        me.close()

    # From the campaign's entry on the campaigns page to the composer, with it picked.
    page = browsing.open(role="INFLUENCER")
    page.goto("/campaigns")
    mine = page.get_by_role("region", name="Your campaign posts").get_by_role(
        "region", name=campaign_name
    )
    expect(mine.get_by_text("No posts for this campaign yet.")).to_be_visible()
    mine.get_by_role("link", name="Post for this campaign").click()
    expect(page).to_have_url(re.compile(rf"/post\?campaign={campaign_id}$"))
    choice = page.get_by_label("Post for a campaign")
    expect(choice).to_have_value(campaign_id)

    photo: FilePayload = {"name": "look.jpg", "mimeType": "image/jpeg", "buffer": outfit_jpeg()}
    page.get_by_label("Choose photos").set_input_files([photo])
    frame = page.get_by_role("button", name=re.compile(r"^Photo 1: tap where a product is"))
    box = frame.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.8)
    page.get_by_label("Which product is this?").fill(tag.lower())
    page.get_by_role("button", name=re.compile(re.escape(title))).click()
    caption = f"Wide legs, high waist {tag} #trousers"
    page.get_by_label("Caption").fill(caption)
    page.get_by_role("button", name="Share outfit").click()
    status = page.locator("[data-status]")
    expect(status).to_have_attribute("data-status", "PUBLISHED", timeout=30_000)
    expect(page.get_by_text(f"Submitted for \u201c{campaign_name}\u201d")).to_be_visible()
    screenshot(page, "published")
    post_link = page.get_by_role("link", name="Open the post")
    post_id = (post_link.get_attribute("href") or "").rsplit("/", 1)[1]

    # The brand sends it back; the campaigns page shows why, and it goes in again.
    brand.mutate(REJECT, {"p": post_id, "r": "Roll the hems once."}, "rejectDeliverable")
    page.get_by_role("link", name="Your campaign posts").click()
    expect(page).to_have_url(re.compile(r"/campaigns$"))
    post = mine.get_by_role("article", name=re.compile(re.escape(caption)))
    expect(post.get_by_text("Rejected", exact=True)).to_be_visible()
    expect(post.get_by_text("The brand says: Roll the hems once.")).to_be_visible()
    screenshot(page, "sent-back")
    # Nothing was edited since: it asks before sending the same post again.
    post.get_by_role("button", name="Submit again").click()
    post.get_by_role("button", name="Submit it unchanged").click()
    expect(post.get_by_text("Submitted", exact=True)).to_be_visible()
    expect(post.get_by_text("Pays $40.00 once approved")).to_be_visible()

    # Its page tells the author where it stands.
    post.get_by_role("link", name=re.compile("^Open your post")).click()
    expect(page).to_have_url(re.compile(rf"/feed/posts/{post_id}$"))
    expect(page.get_by_role("region", name="Campaign review")).to_contain_text(
        f"Submitted for \u201c{campaign_name}\u201d: waiting for the brand's review."
    )
    expect(page.get_by_text("Paid partnership with Northwind Apparel")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Campaigns", exact=True).click()
    expect(page).to_have_url(re.compile(r"/campaigns$"))


def test_influencer_sees_which_posts_and_links_drove_orders(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    pytest.importorskip("demo.world", reason="waiting for the demo world with orders")
    page = browsing.open(role="INFLUENCER")
    page.goto("/earnings")
    section = page.get_by_role("region", name="What drove your orders")
    # The report may still be computing on a fresh server: the section says so and asks again.
    chart = section.get_by_role("figure", name="Revenue per post")
    expect(chart).to_be_visible(timeout=60_000)
    expect(chart.locator(".recharts-bar-rectangle path").first).to_be_visible()
    totals = section.get_by_label("Orders from your posts")
    assert int(totals.get_by_role("definition").first.inner_text().replace(",", "")) > 0
    # Each bar's post, its orders and revenue, in the table beside the chart for screen readers.
    first = chart.locator("tbody tr").first
    cells = first.get_by_role("cell").all_inner_texts()
    assert int(cells[0]) > 0 and _dollars(cells[1]) > 0, cells
    section.scroll_into_view_if_needed()
    screenshot(page, "posts")

    section.get_by_role("radio", name="Links").click()
    links = section.get_by_role("figure", name="Revenue per link")
    expect(links).to_be_visible(timeout=60_000)
    expect(links.locator(".recharts-bar-rectangle path").first).to_be_visible()
    expect(links.locator("tbody th").filter(has_text="/l/").first).to_be_attached()
    screenshot(page, "links")
