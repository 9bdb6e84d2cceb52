"""The designer's journey: the demo world's planted emerging element tops the trend list; its
page shows the history with the forecast band; it can be pinned and the list exported."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from core.settings import Settings
from tests.e2e.conftest import Browsing, Screenshot

pytestmark = pytest.mark.e2e

# The trend lists are computed by a periodic task after the world is seeded.
TRENDS_TIMEOUT_S = 150.0


def _planted_emerging() -> set[str]:
    """Names of the elements the demo world plants as emerging (what the detector must find)."""
    world = pytest.importorskip(
        "core.demo.world", reason="waiting for the demo world with planted trends"
    )
    plan = world.plan_world(Settings().seed_demo_seed, "small")
    return {p.name for p in plan.planted if p.direction == "EMERGING"}


def _wait_for_trends(page: Page) -> None:
    deadline = time.monotonic() + TRENDS_TIMEOUT_S
    cards = page.locator("article[data-rank]")
    while True:
        try:
            expect(cards.first).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.reload()


def test_designer_finds_the_planted_trend_and_opens_its_chart(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    planted = _planted_emerging()
    page = browsing.open(role="DESIGNER")
    page.goto("/trends")
    expect(page.get_by_role("heading", name="Trending elements", level=1)).to_be_visible()
    _wait_for_trends(page)

    top = page.locator('article[data-rank="1"]')
    name = top.get_by_role("heading", level=3).inner_text().strip()
    assert name in planted, f"top of the list is {name!r}, planted: {sorted(planted)}"
    # Growing (the state word follows the stage the detector sees: emerging, rising, peaking).
    expect(top.get_by_text(re.compile(r"^\+\d+%$"))).to_be_visible()
    expect(top.locator("[data-state]")).to_have_attribute(
        "data-state", re.compile("EMERGING|RISING|PEAKING")
    )
    expect(top.get_by_role("img", name=re.compile("authors per day"))).to_be_visible()
    screenshot(page, "trends")

    # The CSV export downloads the list as shown.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    path = download.value.path()
    assert name in path.read_text(encoding="utf-8")

    top.get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile(r"/trends/[a-z]+/[a-z0-9-]+"))
    expect(page.get_by_role("heading", name=re.compile(re.escape(name)), level=1)).to_be_visible()
    chart = page.get_by_test_id("element-history")
    expect(chart.locator(".forecast-band path").first).to_be_attached()
    expect(chart.locator(".recharts-line path").first).to_be_visible()
    pin = page.get_by_role("button", name=f"Pin {name}")
    pin.click()
    expect(page.get_by_role("button", name=f"Unpin {name}")).to_have_attribute(
        "aria-pressed", "true"
    )
    screenshot(page, "element")

    # Back on the list, the pinned element is one tap away.
    page.get_by_role("link", name="Trending elements").first.click()
    expect(
        page.get_by_role("navigation", name="Pinned elements").get_by_role("link", name=name)
    ).to_be_visible()


def test_designer_reads_the_test_drops(browsing: Browsing, screenshot: Screenshot) -> None:
    pytest.importorskip("core.demo.world", reason="waiting for the demo world with test drops")
    page = browsing.open(role="DESIGNER")
    page.goto("/test-drops")
    expect(page.get_by_role("heading", name="Test drops", level=1)).to_be_visible()
    drops = page.locator("section[data-drop]")
    expect(drops.first).to_be_visible()
    # Each product has its sell-through curve and, once judged, a verdict with its reasons.
    product = drops.first.get_by_role("article").first
    expect(
        product.get_by_role("figure", name=re.compile("sell-through since launch"))
    ).to_be_visible()
    expect(product.locator("[data-verdict]")).to_have_attribute(
        "data-verdict", re.compile("REORDER|WATCH|DROP")
    )
    expect(product.get_by_role("listitem").first).to_be_visible()

    # Filtering by a verdict keeps only drops with a product of that verdict.
    with page.expect_response(
        lambda r: r.url.endswith("/graphql") and "REORDER" in (r.request.post_data or "")
    ):
        page.get_by_label("Verdict").select_option("REORDER")
    expect(
        page.locator("section[data-drop]").or_(page.get_by_text("No drop matches")).first
    ).to_be_visible()
    for verdicts in page.locator("section[data-drop]").all():
        expect(verdicts.locator('[data-verdict="REORDER"]').first).to_be_visible()
    # A product judged worth re-ordering gets its re-order placed from its card.
    reorder = page.get_by_role("button", name="Place re-order").first
    if reorder.count():
        reorder.click()
        expect(page.get_by_role("status").filter(has_text="Re-order of")).to_be_visible()
    page.get_by_label("Verdict").select_option("")
    screenshot(page)
