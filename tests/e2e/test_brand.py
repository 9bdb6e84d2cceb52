"""The brand's journey: create a campaign, see a KOL's sale come in, and read the campaign's
attribution report under two models, with CAC and ROAS per KOL and the leaderboard; review the
posts a KOL made for a fixed-fee campaign (approve one, send one back with a reason)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.api import (
    Api,
    create_product,
    join_campaign,
    publish_post,
    send_order,
    wait_until,
)
from tests.e2e.conftest import Browsing, Screenshot

pytestmark = pytest.mark.e2e

CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id } errors { field code message } } }"""
APPLY = """mutation($c: ID!) { applyToCampaign(campaignId: $c, pitch: "Basics, daily.") {
  membership { id } errors { field code message } } }"""
CREATE_LINK = """mutation($input: CreateShoppableLinkInput!) {
  createShoppableLink(input: $input) { link { id code } errors { field code message } } }"""
MY_LINKS = "{ myLinks(first: 100) { nodes { id clicks } } }"


@pytest.fixture
def brand(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "BRAND")
    yield api
    api.close()


@pytest.fixture
def influencer(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "INFLUENCER")
    yield api
    api.close()


def test_brand_creates_a_campaign_and_reads_its_report_under_two_models(
    browsing: Browsing, brand: Api, influencer: Api, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    sku = f"DRS-{tag}"
    name = f"Linen Week {tag}"
    brand.mutate(
        CREATE_PRODUCT,
        {
            "input": {
                "sku": sku,
                "title": f"Linen Midi Dress {tag}",
                "priceMinor": 8000,
                "currency": "USD",
                "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                "markets": ["US"],
            }
        },
        "createProduct",
    )

    page = browsing.open(role="BRAND")
    page.goto("/products")
    catalogue = page.get_by_role("region", name=re.compile("^Catalogue"))
    expect(catalogue.get_by_role("row", name=re.compile(sku))).to_contain_text("$80.00")
    # Import a feed file: the good row is added, the bad one reported with its reason.
    page.get_by_role("radio", name="Import a feed").click()
    feed = (
        "sku,title,price,currency,product_url,markets\n"
        f"TOP-{tag},Gingham Top {tag},39.90,USD,https://shop.northwind.example/p/top-{tag},US|UK\n"
        f"BAD-{tag},Off-site Top,19.90,USD,https://elsewhere.example/p/1,US\n"
    )
    page.get_by_label("Feed file").set_input_files(
        {"name": "feed.csv", "mimeType": "text/csv", "buffer": feed.encode()}
    )
    page.get_by_role("button", name="Import feed").click()
    result = page.get_by_role("status").filter(has_text="rows read")
    expect(result).to_contain_text("2 rows read: 1 added, 0 updated, 1 skipped")
    expect(result.get_by_role("listitem")).to_contain_text(re.compile("Row 2: .*allow-list"))
    expect(catalogue.get_by_role("row", name=re.compile(f"TOP-{tag}"))).to_contain_text("$39.90")
    screenshot(page, "products")
    page.goto("/brand/campaigns")
    page.get_by_role("button", name="New campaign").click()
    page.get_by_label("Campaign name").fill(name)
    page.get_by_label("Brief").fill("Linen dresses for warm evenings.")
    page.get_by_label("Budget", exact=True).fill("2500")
    page.get_by_label("Commission (%)").fill("12.5")
    page.get_by_label("Attribution window (days)").fill("14")
    page.get_by_role("button", name="Create campaign").click()

    expect(page).to_have_url(re.compile(r"/brand/campaigns/cmp_"))
    facts = page.get_by_role("region", name=name)
    expect(facts.get_by_text("Active", exact=True)).to_be_visible()
    expect(facts.get_by_text("12.5% of each sale")).to_be_visible()
    campaign_id = page.url.rsplit("/", 1)[1]

    # A KOL applies; the brand approves on the page; a shopper buys through the KOL's link.
    influencer.mutate(APPLY, {"c": campaign_id}, "applyToCampaign")
    page.reload()
    page.get_by_role("button", name="Approve Lena Style").click()
    expect(page.get_by_role("region", name="Applicants").get_by_text("Approved")).to_be_visible()
    screenshot(page, "campaign")
    product_id = brand.query(
        "query($b: ID) { products(brandId: $b, first: 100) { nodes { id sku } } }",
        {"b": None},
    )["products"]["nodes"]
    (product,) = [p for p in product_id if p["sku"] == sku]
    link = influencer.mutate(
        CREATE_LINK,
        {"input": {"productId": product["id"], "campaignId": campaign_id}},
        "createShoppableLink",
    )["link"]
    followed = httpx.get(
        f"{live_server}/l/{link['code']}",
        headers={"user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"},
        follow_redirects=False,
        timeout=20,
    )
    assert followed.status_code == 302
    click_id = followed.headers["location"].rsplit("tl_click=", 1)[1].split("&")[0]

    def click_recorded() -> bool:
        links = influencer.query(MY_LINKS)["myLinks"]["nodes"]
        return any(n["id"] == link["id"] and n["clicks"] == 1 for n in links)

    # The click stream is drained into the store in batches; the report reads the store.
    wait_until(click_recorded, what="the click to be recorded")
    ordered = send_order(
        live_server,
        {
            "order_id": f"brand-{tag}",
            "currency": "USD",
            "customer_id": f"new-{tag}",
            "lines": [{"sku": sku, "quantity": 1, "amount": 8000}],
            "click_id": click_id,
        },
    )
    assert ordered.status_code == 201, ordered.text

    page.get_by_role("link", name="Open report").click()
    expect(page).to_have_url(re.compile(rf"/reports\?campaign={campaign_id}"))
    models = page.get_by_role("radiogroup", name="Attribution model")
    expect(models.get_by_role("radio", name="Last click")).to_have_attribute("aria-checked", "true")
    rows = page.get_by_role("region", name="KOLs", exact=True)
    # The KOL's row: the $80.00 order, and $10.00 spend (12.5% commission).
    lena = rows.get_by_role("row", name=re.compile("Lena Style"))
    expect(lena).to_contain_text("$80.00", timeout=30_000)
    expect(lena).to_contain_text("$10.00")
    expect(lena).to_contain_text("8\u00d7")  # ROAS 8x
    expect(page.get_by_test_id("chart-roas")).to_be_visible()
    expect(page.get_by_role("region", name="CAC per KOL")).to_be_visible()
    board = page.get_by_role("region", name="KOL leaderboard")
    expect(board.get_by_text("Lena Style")).to_be_visible()
    screenshot(page, "last-click")

    models.get_by_role("radio", name="Linear").click()
    expect(page).to_have_url(re.compile(r"model=LINEAR"))
    expect(models.get_by_role("radio", name="Linear")).to_have_attribute("aria-checked", "true")
    report = page.locator('[data-report-model="LINEAR"]:not([data-pending])')
    expect(report).to_be_visible(timeout=30_000)
    # One click before the order: every model gives it all of the credit.
    linear_rows = report.get_by_role("region", name="KOLs")
    expect(linear_rows.get_by_role("row", name=re.compile("Lena Style"))).to_contain_text("$80.00")
    expect(page.get_by_test_id("chart-cac")).to_be_visible()
    compare = page.get_by_role("region", name="Each KOL's share, model by model")
    expect(compare.locator("tr[aria-current]")).to_contain_text("Linear")
    # One bar per KOL and model: the shares, not six equal totals.
    shares = compare.get_by_test_id("model-shares")
    expect(shares).to_be_visible()
    expect(shares.locator("tbody tr").first.get_by_role("cell")).to_have_count(6)
    screenshot(page, "linear")

    # The brand sets its paid-ads CAC; the saving per KOL shows at once.
    settings = page.get_by_role("region", name="Report settings: paid-ads CAC")
    settings.get_by_label("Paid-ads CAC").fill("25")
    settings.get_by_role("button", name="Save").click()
    expect(settings.get_by_role("status")).to_contain_text("$25.00")
    saved_rows = page.locator('[data-current="true"]').get_by_role("region", name="KOLs")
    expect(saved_rows.get_by_role("columnheader", name="Saved vs ads")).to_be_visible(
        timeout=30_000
    )
    # One new customer at $10.00 spend: $25.00 - $10.00 saved.
    expect(saved_rows.get_by_role("row", name=re.compile("Lena Style"))).to_contain_text("$15.00")
    settings.get_by_label("Paid-ads CAC").fill("")
    settings.get_by_role("button", name="Save").click()
    expect(settings.get_by_role("status")).to_contain_text("Cleared")
    screenshot(page, "baseline")

    # Link rows are named by their product (and post), with the code beside it.
    page.get_by_role("radiogroup", name="Group rows by").get_by_role("radio", name="Links").click()
    link_rows = page.locator('[data-current="true"]').get_by_role("region", name="Links")
    dress = link_rows.get_by_role("row", name=re.compile(f"Linen Midi Dress {tag}"))
    expect(dress).to_contain_text(f"/l/{link['code']}", timeout=30_000)


def test_brand_reviews_the_posts_made_for_a_fixed_fee_campaign(
    browsing: Browsing, brand: Api, influencer: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    name = f"Shirt Stories {tag}"
    product_id = create_product(brand, f"SHR-{tag}", f"Linen Shirt {tag}")

    # The campaign form offers the fixed fee per approved post.
    page = browsing.open(role="BRAND")
    page.goto("/brand/campaigns")
    page.get_by_role("button", name="New campaign").click()
    page.get_by_label("Campaign name").fill(name)
    page.get_by_label("Budget", exact=True).fill("2500")
    page.get_by_label("Commission rule").select_option(label="Fixed fee per approved post")
    page.get_by_label("Fee per post").fill("50")
    page.get_by_role("button", name="Create campaign").click()
    expect(page).to_have_url(re.compile(r"/brand/campaigns/cmp_"))
    facts = page.get_by_role("region", name=name)
    expect(facts.get_by_text("$50.00 per approved post")).to_be_visible()
    campaign_id = page.url.rsplit("/", 1)[1]

    # The KOL joins and posts twice for the campaign.
    join_campaign(brand, influencer, campaign_id)
    tucked = f"Linen shirt, tucked {tag} #linen"
    loose = f"Linen shirt, worn loose {tag} #linen"
    publish_post(influencer, tucked, [product_id], campaign_id)
    sent_back = publish_post(influencer, loose, [product_id], campaign_id, hue=(92, 128, 188))

    page.reload()
    review = page.get_by_role("region", name=re.compile("^Deliverables"))
    filters = review.get_by_role("radiogroup", name="Deliverable status")
    expect(filters.get_by_role("radio", name="Submitted")).to_have_attribute("aria-checked", "true")
    cards = review.get_by_role("article")
    expect(cards).to_have_count(2)
    first = cards.filter(has_text=tucked)
    second = cards.filter(has_text=loose)
    expect(first.get_by_text("Approving pays $50.00")).to_be_visible()
    expect(first.get_by_role("link", name="Open Lena Style's post")).to_be_visible()
    screenshot(page, "submitted")

    # Approve one (its fee comes out of the budget); send the other back with a reason.
    first.get_by_role("button", name="Approve").click()
    expect(cards).to_have_count(1)
    expect(facts.get_by_text(re.compile(r"^\$50\.00 of \$2,500\.00"))).to_be_visible()
    second.get_by_role("button", name="Reject").click()
    second.get_by_label("What should change?").fill("Show the shirt's label in one photo.")
    second.get_by_role("button", name="Send back").click()
    expect(review.get_by_text("Nothing waiting for review")).to_be_visible()

    filters.get_by_role("radio", name="Approved").click()
    expect(cards).to_have_count(1)
    expect(first.get_by_text("Approved", exact=True)).to_be_visible()
    expect(first.get_by_text("Fee $50.00")).to_be_visible()
    filters.get_by_role("radio", name="Rejected").click()
    expect(cards).to_have_count(1)
    expect(second.get_by_text("Reason: Show the shirt's label in one photo.")).to_be_visible()
    screenshot(page, "rejected")
    filters.get_by_role("radio", name="All").click()
    expect(cards).to_have_count(2)

    # The post page shows the brand the review, and leads back to the campaign.
    second.get_by_role("link", name="Open Lena Style's post").click()
    expect(page).to_have_url(re.compile(rf"/feed/posts/{sent_back}$"))
    expect(page.get_by_text("Paid partnership with Northwind Apparel")).to_be_visible()
    expect(page.get_by_role("region", name="Campaign review")).to_contain_text(
        "Reason: Show the shirt's label in one photo."
    )
    page.get_by_role("link", name="Campaign", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/brand/campaigns/{campaign_id}$"))
