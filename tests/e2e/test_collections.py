"""A shopper on a phone saves a look into a new collection, finds it again through Saved and the
collection's page, and gives their profile a picture that is still there after a reload;
nothing on the way is wider than the phone."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.e2e.api import Api, publish_post
from tests.e2e.conftest import PHONE, Browsing, Screenshot
from tests.e2e.test_phone_layouts import WIDER_THAN_WINDOW

pytestmark = pytest.mark.e2e


@pytest.fixture
def creator(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "INFLUENCER")
    yield api
    api.close()


def _fits(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_WINDOW)
    assert width <= PHONE["width"] and not wide, f"{where} is {width} px wide at 390 px: {wide}"


def _portrait_png() -> bytes:
    """A face-like picture, wider than tall, so the square cut is visible in the screenshot."""
    image = Image.new("RGB", (800, 600), (236, 214, 196))
    draw = ImageDraw.Draw(image)
    draw.ellipse([280, 120, 520, 420], fill=(198, 140, 110))
    draw.rectangle([220, 430, 580, 600], fill=(52, 84, 140))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_shopper_saves_a_look_into_a_collection_and_sets_a_picture(
    browsing: Browsing, creator: Api, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    post_id = publish_post(creator, f"Linen set {tag} #linen", [])
    name = f"Beach {tag}"

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto(f"/feed/posts/{post_id}")
    page.get_by_role("button", name=re.compile("^Save")).click()
    sheet = page.get_by_role("dialog", name="Saved")
    expect(sheet.get_by_text("Add to collection")).to_be_visible()
    sheet.get_by_role("button", name="New collection").click()
    sheet.get_by_label("Collection name").fill(name)
    sheet.get_by_role("button", name="Create").click()
    row = sheet.get_by_role("button", name=re.compile(name))
    expect(row).to_have_attribute("aria-pressed", "true")
    _fits(page, "the Save sheet")
    screenshot(page, "sheet")
    sheet.get_by_role("link", name="See all saved").click()

    expect(page.get_by_role("heading", name="Saved", level=1)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(f"Linen set {tag}")).first).to_be_visible()
    page.get_by_role("list", name="Your collections").get_by_role(
        "link", name=re.compile(name)
    ).click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_text("Private")).to_be_visible()
    _fits(page, "the collection page")
    page.get_by_role("link", name=re.compile(f"Linen set {tag}")).click()
    expect(page).to_have_url(re.compile(f"/feed/posts/{post_id}"))
    expect(page.get_by_text(f"Linen set {tag}").first).to_be_visible()

    page.goto("/profile")
    page.locator("input[type=file]").set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": _portrait_png()}
    )
    expect(page.get_by_alt_text("Preview of your new picture")).to_be_visible()
    page.get_by_role("button", name="Save picture").click()
    expect(page.get_by_text("Picture saved.")).to_be_visible()
    page.reload()
    expect(page.locator("img[src*='/media/avatars/']").first).to_be_visible()
    # Loaded from /media/, as the 256 px square the upload was cut to.
    page.wait_for_function(
        """() => [...document.querySelectorAll("img[src*='/media/avatars/']")]
             .some((i) => i.complete && i.naturalWidth === 256 && i.naturalHeight === 256)"""
    )
    _fits(page, "the profile page")
    screenshot(page, "avatar")
