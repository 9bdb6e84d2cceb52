"""Products people can see: a brand gives a product its photo from the catalogue page on a
laptop; a shopper on a phone sees it in Shop the look."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import FilePayload, expect

from demo.photos import product_photo
from tests.e2e.api import Api, create_product, publish_post
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e


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


def test_a_brand_gives_a_product_its_photo_and_shoppers_see_it(
    browsing: Browsing, brand: Api, influencer: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    title = f"Cargo Trousers {tag}"
    product_id = create_product(brand, f"CRG-{tag}", title, price_minor=5400)

    page = browsing.open(role="BRAND")
    page.goto("/products")
    page.get_by_placeholder("Filter by title or SKU").fill(tag)
    row = page.get_by_role("row").filter(has_text=title)
    photo = FilePayload(
        name="cargo.jpg", mimeType="image/jpeg", buffer=product_photo("Bottoms", "#4f7a5a", 7)
    )
    row.get_by_label(f"Add photo for {title}").set_input_files(photo)
    thumb = row.get_by_role("img", name=f"Photo of {title}")
    expect(thumb).to_have_attribute("src", re.compile(r"/media/products/"))
    expect(row.get_by_text("Change photo")).to_be_visible()
    screenshot(page, "catalogue")
    # It stays after a reload: the photo is the product's, not the page's.
    page.reload()
    page.get_by_placeholder("Filter by title or SKU").fill(tag)
    expect(
        page.get_by_role("row").filter(has_text=title).get_by_role("img", name=f"Photo of {title}")
    ).to_be_visible()

    post_id = publish_post(influencer, f"Cargo weekend {tag} #cargo", [product_id])
    shopper = browsing.open(role="SHOPPER", viewport=PHONE)
    shopper.goto(f"/feed/posts/{post_id}")
    look = shopper.get_by_role("region", name="Shop the look")
    image = look.locator("img").first
    expect(image).to_have_attribute("src", re.compile(r"/media/products/"))
    expect(image).to_have_js_property("complete", True)
    assert shopper.evaluate("(img) => img.naturalWidth", image.element_handle()) > 0
    screenshot(shopper, "shop-the-look")
