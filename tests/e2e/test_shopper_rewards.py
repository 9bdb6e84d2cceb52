"""Every shopper a micro-KOL: a shopper's tagged look is clicked, a signed order comes in through
it, the approval job runs (the brand's points window set to 0 days, so no waiting), and the
shopper on a phone sees the points available on their profile; the brand sees the shopper
channel beside its KOLs on Reports."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.api import Api, create_product, publish_post, send_order
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

TERMS = """{ brandSettings { currency baselineCac { amountMinor }
  shopperPointsRateBps shopperReturnWindowDays } }"""
SET_TERMS = """mutation($input: UpdateBrandSettingsInput!) { updateBrandSettings(input: $input) {
  settings { shopperReturnWindowDays } errors { field code message } } }"""
TAGS = "query($id: ID!) { post(id: $id) { productTags { productId shopUrl } } }"
RUN_APPROVALS = "mutation { runDueApprovals { approved } }"


def _set_window(brand: Api, days: int) -> None:
    terms = brand.query(TERMS)["brandSettings"]
    baseline = terms["baselineCac"]
    brand.mutate(
        SET_TERMS,
        {
            "input": {
                "currency": terms["currency"] or "USD",
                "baselineCacMinor": baseline["amountMinor"] if baseline else None,
                "shopperReturnWindowDays": days,
            }
        },
        "updateBrandSettings",
    )


def test_a_shoppers_look_earns_points_they_see_on_their_phone(
    browsing: Browsing, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6]
    brand, shopper, admin = (Api(live_server, r) for r in ("BRAND", "SHOPPER", "ADMIN"))
    title = f"Striped linen shirt {tag}"
    product_id = create_product(brand, f"LOOK-{tag}".upper(), title, price_minor=6000)
    _set_window(brand, 0)
    try:
        post_id = publish_post(shopper, "Linen Sunday #stripes", [product_id])
        (tagged,) = shopper.query(TAGS, {"id": post_id})["post"]["productTags"]
        code = tagged["shopUrl"].rsplit("/l/", 1)[1]

        # A friend taps "Shop the look": their visitor cookie rides along to the shop.
        followed = httpx.get(
            f"{live_server}/l/{code}",
            headers={"user-agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"},
            cookies={"tl_vid": f"friend-{tag}"},
            follow_redirects=False,
            timeout=20,
        )
        assert followed.status_code == 302
        click_id = followed.headers["location"].rsplit("tl_click=", 1)[1].split("&")[0]
        ordered = send_order(
            live_server,
            {
                "order_id": f"look-{tag}",
                "currency": "USD",
                "customer_id": f"friend-{tag}",
                "lines": [{"sku": f"LOOK-{tag}".upper(), "quantity": 1, "amount": 6000}],
                "click_id": click_id,
            },
        )
        assert ordered.status_code == 201, ordered.text
        assert ordered.json()["points"]["points"] == 300  # the default 5 % of $60.00
        # The return window (0 days here) has closed: the daily approval job, run now.
        approvals = admin.mutate(RUN_APPROVALS, {}, "runDueApprovals")
        assert approvals["approved"] >= 1
    finally:
        _set_window(brand, 45)

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto("/profile")
    rewards = page.get_by_role("region", name="Rewards")
    expect(rewards.get_by_test_id("points-available")).not_to_contain_text("0 points")
    history = rewards.get_by_role("list", name="Points history")
    entry = history.get_by_role("listitem").filter(has_text=title)
    expect(entry).to_contain_text("+300 points")
    expect(entry).to_contain_text("Available")
    rewards.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the profile is {width} px wide on a 390 px phone"
    screenshot(page, "rewards")

    reports = browsing.open(role="BRAND")
    reports.goto("/reports")
    channel = reports.get_by_role("region", name="Shopper channel beside KOLs")
    row = channel.get_by_test_id("shopper-channel-row")
    expect(row).to_contain_text("Shoppers (points)")
    expect(row.locator("td").first).not_to_have_text("0")
    expect(channel.get_by_test_id("chart-channel-cac")).to_be_visible()
    expect(reports.get_by_role("region", name="Report settings: shopper points")).to_be_visible()
    screenshot(reports, "channel")
