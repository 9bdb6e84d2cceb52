"""A creator with many links finds one on a phone: links grouped by product, a search over
product, post and code, and a page no wider than the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e


def test_a_creator_finds_a_link_among_many_on_a_phone(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    page = browsing.open(role="INFLUENCER", viewport=PHONE)
    page.goto("/links")
    panel = page.get_by_role("region", name="Your links")
    groups = panel.locator("tbody")
    expect(groups.first).to_be_visible()
    total = groups.count()
    assert total > 1, "the demo creator has links to several products"
    first_product = groups.first.locator("th[scope=rowgroup]").inner_text().split(" · ")[0].strip()
    code = groups.first.locator("code").first.inner_text().removeprefix("/l/")

    # A link's code finds that one link, under its product, whatever the case.
    search = panel.get_by_placeholder("Find by product, post or code")
    search.fill(code.upper() if code.upper() != code else code.lower())
    expect(groups).to_have_count(1)
    expect(groups.first.locator("th[scope=rowgroup]")).to_contain_text(first_product)
    expect(groups.first.locator("code")).to_have_text(f"/l/{code}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the Links page is {width} px wide on a 390 px phone"
    screenshot(page, "links-found")

    search.fill("no such product at all")
    expect(panel.get_by_text("No link matches")).to_be_visible()
