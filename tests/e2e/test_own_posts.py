"""A shopper fixes and removes their own look from a phone: the caption edited (and kept after a
reload), then the post deleted (gone from its public address)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.api import Api, publish_post
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture
def shopper(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "SHOPPER")
    yield api
    api.close()


def test_a_shopper_edits_then_deletes_their_look(
    browsing: Browsing, shopper: Api, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    post_id = publish_post(shopper, f"Sunday fit {tag} #sunday", [])

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto(f"/feed/posts/{post_id}")
    page.get_by_role("button", name="Edit caption").click()
    caption = page.get_by_label("Caption")
    caption.fill(f"Sunday fit {tag}, linen edition #sunday #linen")
    page.get_by_role("button", name="Save caption").click()
    expect(page.get_by_text(f"Sunday fit {tag}, linen edition")).to_be_visible()
    page.reload()
    expect(page.get_by_text(f"Sunday fit {tag}, linen edition")).to_be_visible()
    screenshot(page, "edited")

    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("group", name="Delete this post").get_by_role(
        "button", name="Delete post"
    ).click()
    expect(page).not_to_have_url(re.compile(post_id))
    # Its author still reaches it by address, marked deleted and with nothing left to change;
    # everyone else, and its public page, find nothing.
    page.goto(f"/feed/posts/{post_id}")
    expect(page.get_by_text("This post is deleted.")).to_be_visible()
    expect(page.get_by_role("button", name="Edit caption")).to_have_count(0)
    assert httpx.get(f"{live_server}/p/{post_id}").status_code == 404
