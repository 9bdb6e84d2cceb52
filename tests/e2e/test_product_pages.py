"""Products people can see: a brand archives a product, puts it back on sale and edits its price
(laptop); a shopper on a phone opens a look, taps a product in "Shop the look" and lands on the
product's page with its looks; the look's author adds a product tag from the post page and still
sees it after a reload. Nothing is wider than the phone."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.api import Api, create_product, publish_post
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def brand(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "BRAND")
    yield api
    api.close()


@pytest.fixture
def shopper(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "SHOPPER")
    yield api
    api.close()


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def test_products_people_can_see(
    browsing: Browsing, brand: Api, shopper: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    dress_title, tote_title = f"Linen wrap dress {tag}", f"Straw tote {tag}"
    dress = create_product(brand, f"DRS-{tag}", dress_title)
    create_product(brand, f"TOT-{tag}", tote_title, price_minor=3500)
    look = publish_post(shopper, f"Market day {tag}", [dress])

    # The brand takes the tote off sale, finds it under Archived, and puts it back.
    desk = browsing.open(role="BRAND")
    desk.goto("/products")
    desk.get_by_role("button", name=f"Archive {tote_title}").click()
    expect(desk.get_by_role("status").filter(has_text=f"Archived “{tote_title}”")).to_be_visible()
    expect(desk.get_by_role("button", name=f"Archive {tote_title}")).to_have_count(0)
    desk.get_by_role("radio", name="Archived").click()
    expect(desk.get_by_role("button", name=f"Unarchive {tote_title}")).to_be_visible()
    screenshot(desk, "archived-tab")
    desk.get_by_role("button", name=f"Unarchive {tote_title}").click()
    expect(desk.get_by_text(f"“{tote_title}” is on sale again.")).to_be_visible()
    desk.get_by_role("radio", name="On sale").click()
    expect(desk.get_by_role("button", name=f"Archive {tote_title}")).to_be_visible()
    # …and changes its price from the catalogue.
    desk.get_by_role("button", name=f"Edit {tote_title}").click()
    form = desk.get_by_role("form", name=f"Edit {tote_title}")
    form.get_by_label("Price").fill("39.00")
    form.get_by_role("button", name="Save changes").click()
    row = desk.locator("tr", has=desk.get_by_role("rowheader", name=tote_title))
    expect(row.get_by_text("$39.00")).to_be_visible()

    # A shopper on a phone opens the look and taps the dress in "Shop the look".
    phone = browsing.open(role="SHOPPER", viewport=PHONE)
    phone.goto(f"/feed/posts/{look}")
    shop = phone.get_by_role("region", name="Shop the look")
    shop.get_by_role("link", name=dress_title, exact=True).click()
    expect(phone).to_have_url(re.compile(rf"/shop/{dress}\?look={look}$"))
    expect(phone.get_by_role("heading", name=dress_title, level=1)).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile(r"^Buy"))).to_be_visible()
    looks = phone.get_by_role("list", name=f"Looks with {dress_title}")
    expect(looks.locator(f"a[href='/feed/posts/{look}']")).to_be_visible()
    _fits_the_phone(phone)
    screenshot(phone, "product-page")

    # The author tags the tote on the photo from the post page; it stays after a reload.
    phone.goto(f"/feed/posts/{look}")
    phone.get_by_role("button", name="Edit tags").click()
    editor = phone.get_by_role("group", name="Edit product tags")
    editor.get_by_role("button", name=re.compile(r"^Photo 1:")).click(position={"x": 120, "y": 160})
    editor.get_by_label("Which product is this?").fill(tote_title)
    editor.get_by_role("button", name=re.compile(re.escape(tote_title))).click()
    _fits_the_phone(phone)
    editor.get_by_role("button", name="Save tags").click()
    expect(phone.get_by_text("Product tags saved.")).to_be_visible()
    expect(shop.get_by_role("link", name=tote_title, exact=True)).to_be_visible()
    phone.reload()
    expect(shop.get_by_role("link", name=tote_title, exact=True)).to_be_visible()
    expect(shop.get_by_role("link", name=dress_title, exact=True)).to_be_visible()
    _fits_the_phone(phone)
    screenshot(phone, "tags-edited")

    # Feed cards show the products of a look too, each leading to its page.
    phone.goto("/feed")
    strip = phone.get_by_role("list", name="Products in this look").first
    expect(strip.get_by_role("link").first).to_have_attribute("href", re.compile(r"^/shop/prd_"))
    _fits_the_phone(phone)
