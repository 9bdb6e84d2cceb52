"""The designer's journey: the demo world's planted emerging element tops the trend list, whose
legend explains every state (COOLING too); its page shows the history with the forecast band on
an axis scaled to the history, example photos that open their posts; it can be pinned and the
list exported."""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from core.settings import Settings
from tests.e2e.api import Api
from tests.e2e.conftest import Browsing, Screenshot

pytestmark = pytest.mark.e2e

TAKEN = """query { testDrops(first: 5) { nodes {
  elements { id name } products { sku } } } }"""

# The trend lists are computed by a periodic task after the world is seeded.
TRENDS_TIMEOUT_S = 150.0
HISTORY = """query($id: ID!) { element(id: $id) {
  history { days { date authors } }
  trend { forecast { expected upper } } } }"""


def _planted_emerging() -> set[str]:
    """Names of the elements the demo world plants as emerging (what the detector must find)."""
    world = pytest.importorskip(
        "demo.world", reason="waiting for the demo world with planted trends"
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


def _chart_data(live_server: str, element_id: str) -> tuple[float, float]:
    """The peak the chart must show (authors a day over the last 8 weeks, markets added up, and
    the forecast line) and the highest point of the forecast band."""
    designer = Api(live_server, "DESIGNER")
    try:
        element = designer.query(HISTORY, {"id": element_id})["element"]
    finally:
        designer.close()
    per_day: dict[str, float] = {}
    for series in element["history"]:
        for day in series["days"]:
            per_day[day["date"]] = per_day.get(day["date"], 0.0) + day["authors"]
    recent = [per_day[d] for d in sorted(per_day)[-56:]]
    forecast = (element["trend"] or {}).get("forecast") or []
    peak = max([*recent, *(p["expected"] for p in forecast), 0.0])
    return peak, max([p["upper"] for p in forecast] or [0.0])


def test_designer_finds_the_planted_trend_and_opens_its_chart(
    browsing: Browsing, screenshot: Screenshot, live_server: str
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
    # The legend names and explains the states, the slide into COOLING among them.
    legend = page.get_by_role("list", name="What the states mean")
    cooling = legend.locator('[data-state="COOLING"]')
    expect(cooling).to_have_text("Cooling")
    cooling_item = legend.get_by_role("listitem").filter(has=page.locator('[data-state="COOLING"]'))
    expect(cooling_item).to_contain_text("two weeks")
    colours = {
        state: legend.locator(f'[data-state="{state}"]').evaluate(
            "node => getComputedStyle(node).backgroundColor"
        )
        for state in ("EMERGING", "PEAKING", "COOLING")
    }
    assert len(set(colours.values())) == 3, colours
    expect(legend.locator('[data-state="STEADY"]')).to_have_count(0)
    screenshot(page, "trends")

    # The CSV export downloads the list as shown.
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").click()
    path = download.value.path()
    assert name in path.read_text(encoding="utf-8")

    top.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(r"/trends/[a-z]+/[a-z0-9-]+"))
    expect(page.get_by_role("heading", name=re.compile(re.escape(name)), level=1)).to_be_visible()
    chart = page.get_by_test_id("element-history")
    expect(chart.locator(".forecast-band path").first).to_be_attached()
    expect(chart.locator(".recharts-line path").first).to_be_visible()
    # The y-axis is scaled to the history and the forecast line, not to the far end of a wide
    # forecast band: its top tick is within 1.5 x (+2) of the data's peak, rounded up.
    element_id = unquote(urlsplit(page.url).path).removeprefix("/trends/")
    peak, band_top = _chart_data(live_server, element_id)
    axis_top = float(chart.get_attribute("data-y-top") or "0")
    assert peak <= axis_top <= max(4.0, peak * 1.5, peak + 2.0) * 1.2 + 1.0, (peak, axis_top)
    print(f"\nchart: data peak {peak:.1f}, band reaches {band_top:.1f}, axis top {axis_top:g}")
    # Example photos open their looks on the public page: a designer has no feed.
    photos = page.get_by_role("region", name="Example photos").get_by_role("link")
    expect(photos.first).to_have_attribute("href", re.compile(r"^/p/[^/]+$"))
    look = photos.first.get_attribute("href") or ""
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

    # An example photo opens as the look itself, with the way back to Trends rather than an
    # invitation to join.
    page.goto(look)
    expect(page.get_by_test_id("public-post")).to_be_visible()
    expect(page.get_by_role("link", name="Create an account")).to_have_count(0)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", name="Trending elements", level=1)).to_be_visible()


def test_designer_reads_the_test_drops(browsing: Browsing, screenshot: Screenshot) -> None:
    pytest.importorskip("demo.world", reason="waiting for the demo world with test drops")
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


def test_designer_starts_a_test_drop_from_a_trend(
    browsing: Browsing, screenshot: Screenshot
) -> None:
    pytest.importorskip("demo.world", reason="waiting for the demo world with test drops")
    tag = uuid.uuid4().hex[:6].upper()
    page = browsing.open(role="DESIGNER")
    # The list of one market: the drop starts in that market.
    page.goto("/trends?market=US")
    _wait_for_trends(page)
    card = page.locator('article[data-rank="1"]')
    name = card.get_by_role("heading", level=3).inner_text().strip()
    card.get_by_role("link", name=f"Start a test drop with {name}").click()

    expect(page).to_have_url(
        re.compile(r"/test-drops\?new=1&element=[a-z]+%2F[a-z0-9-]+&market=US$")
    )
    form = page.get_by_role("region", name="New test drop")
    expect(
        form.get_by_role("list", name="Linked elements").get_by_text(name, exact=False)
    ).to_be_visible()
    expect(form.get_by_role("checkbox", name="United States")).to_be_checked()
    expect(form.get_by_role("checkbox", name="Germany")).not_to_be_checked()
    drop_name = f"{name} test {tag}"
    form.get_by_label("Name").fill(drop_name)

    product = form.get_by_role("group", name="Product 1")
    product.get_by_label("Title").fill(f"{name} slip dress {tag}")
    product.get_by_label("SKU").fill(f"TD-{tag}")
    # The page on the brand's shop is suggested from the SKU.
    expect(product.get_by_label("Product page")).to_have_value(
        re.compile(rf"^https://[a-z0-9.-]+/p/td-{tag.lower()}$")
    )
    product.get_by_label("Category").fill("dresses")
    product.get_by_label("Units in the batch").fill("120")
    product.get_by_label("Price").fill("39.90")
    product.get_by_label("Unit cost").fill("11.50")
    screenshot(page, "form")
    form.get_by_role("button", name="Start the test drop").click()

    expect(page.get_by_role("status").filter(has_text=f"\u201c{drop_name}\u201d")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/test-drops$"))
    expect(form).to_have_count(0)
    drop = page.locator("section[data-drop]").filter(
        has=page.get_by_role("heading", name=drop_name, level=2)
    )
    expect(drop).to_be_visible()
    expect(drop.get_by_text("United States")).to_be_visible()
    expect(drop.get_by_role("heading", name=f"{name} slip dress {tag}", level=3)).to_be_visible()
    drop.scroll_into_view_if_needed()
    screenshot(page, "created")


def test_a_drop_with_a_taken_sku_shows_the_error_beside_it(
    browsing: Browsing, live_server: str
) -> None:
    pytest.importorskip("demo.world", reason="waiting for the demo world with test drops")
    designer = Api(live_server, "DESIGNER")
    try:
        drops = designer.query(TAKEN)["testDrops"]["nodes"]
    finally:
        designer.close()
    # A SKU the brand already sells: a product of an existing drop.
    existing = next(d for d in drops if d["elements"] and d["products"])
    sku = existing["products"][0]["sku"]
    element = existing["elements"][0]

    page = browsing.open(role="DESIGNER")
    page.goto(f"/test-drops?new=1&element={element['id']}")
    form = page.get_by_role("region", name="New test drop")
    expect(form.get_by_role("list", name="Linked elements")).to_be_visible()
    form.get_by_label("Name").fill("Taken SKU")
    form.get_by_role("checkbox", name="United Kingdom").check()
    product = form.get_by_role("group", name="Product 1")
    product.get_by_label("Title").fill("Taken")
    product.get_by_label("SKU").fill(sku)
    product.get_by_label("Category").fill("dresses")
    product.get_by_label("Units in the batch").fill("10")
    product.get_by_label("Price").fill("20")
    product.get_by_label("Unit cost").fill("5")
    form.get_by_role("button", name="Start the test drop").click()
    sku_field = product.get_by_label("SKU")
    expect(sku_field).to_have_attribute("aria-invalid", "true")
    expect(product.get_by_text(f"already sells SKU {sku}")).to_be_visible()
    expect(sku_field).to_be_focused()
