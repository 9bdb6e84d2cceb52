"""A shopper explores from a phone: the market's trending strip, a search for a person by an
unaccented prefix of an accented name, a search for a Chinese hashtag, and the hashtag's page
with its look — nothing wider than the screen on the way."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.api import Api, publish_post
from tests.e2e.conftest import PHONE, Browsing, Screenshot

pytestmark = pytest.mark.e2e

SIGN_UP = """
mutation($input: SignUpInput!) { signUp(input: $input) { user { id } errors { message } } }"""


@pytest.fixture
def shopper(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "SHOPPER")
    yield api
    api.close()


def _fits(page: Page, where: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where} is {width} px wide at 390 px"


def test_a_shopper_explores_trends_people_and_a_chinese_hashtag(
    browsing: Browsing, shopper: Api, live_server: str, screenshot: Screenshot
) -> None:
    tag = uuid.uuid4().hex[:6]
    surname = "Quill" + "".join(chr(ord("a") + int(c, 16) % 26) for c in tag)
    signed_up = httpx.post(
        f"{live_server}/graphql",
        json={
            "query": SIGN_UP,
            "variables": {
                "input": {
                    "email": f"zoe-{tag}@example.com",
                    "password": "a long enough passphrase",
                    "displayName": f"Zoé {surname}",
                }
            },
        },
        timeout=20,
    ).json()
    assert signed_up["data"]["signUp"]["errors"] == [], signed_up
    hashtag = f"碎花裙{tag}"
    publish_post(shopper, f"Picnic in florals #{hashtag}", [])

    page = browsing.open(role="SHOPPER", viewport=PHONE)
    page.goto("/explore")
    expect(page.get_by_role("heading", name="Explore")).to_be_visible()
    expect(page.get_by_role("heading", name="Trending in", exact=False)).to_be_visible()
    expect(
        page.get_by_role("list", name="Trending hashtags").get_by_role("link").first
    ).to_be_visible()
    _fits(page, "Explore")

    search = page.get_by_role("searchbox", name="Search people, hashtags and products")
    search.fill("zo")
    expect(page.get_by_role("region", name="People").get_by_role("link").first).to_be_visible()
    search.fill(f"zoe {surname.lower()}")
    people = page.get_by_role("region", name="People")
    expect(people.get_by_role("link", name=f"Zoé {surname}")).to_be_visible()
    expect(people.get_by_role("link")).to_have_count(1)
    _fits(page, "Explore's people")
    screenshot(page, "people")

    search.fill(hashtag)
    result = page.get_by_role("region", name="Hashtags").get_by_role("link", name=f"#{hashtag}")
    expect(result).to_be_visible()
    _fits(page, "Explore's hashtags")
    result.click()

    expect(page.get_by_role("heading", name=f"#{hashtag}")).to_be_visible()
    expect(page.get_by_text("1 look", exact=True)).to_be_visible()
    looks = page.get_by_role("list", name=f"Looks tagged #{hashtag}")
    expect(looks.get_by_role("link")).to_have_count(1)
    _fits(page, "a hashtag's page")
    screenshot(page, "hashtag")
