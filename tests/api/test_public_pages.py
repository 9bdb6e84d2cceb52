"""/p/{id}: a published look readable by anyone, with the tags link previews are drawn from;
nothing of any other post; people's views counted, previews' and crawlers' not."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from accounts.users import Role
from api.app import create_app
from api.state import AppState
from tests.api.helpers import make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

SHELL = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Generic app description." />
    <title>Trendloop</title>
  </head>
  <body><div id="root"></div></body>
</html>
"""
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
PREVIEWS = ("facebookexternalhit/1.1", "WhatsApp/2.23.20.0", "Slackbot-LinkExpanding 1.0")


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            name = values.get("property") or values.get("name")
            if name:
                self.meta[name] = values.get("content") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


@pytest_asyncio.fixture
async def site(state: AppState, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "index.html").write_text(SHELL, encoding="utf-8")
    settings = state.settings.model_copy(update={"frontend_dist": tmp_path})
    app = create_app(settings, state=state)
    transport = httpx.ASGITransport(app=app, client=("198.51.100.20", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def _view_count(state: AppState, post_id: str) -> int:
    doc = await state.db.posts.find_one({"_id": post_id})
    assert doc is not None
    return int(doc.get("view_count", 0))


async def test_a_published_look_has_a_preview_card(
    client: httpx.AsyncClient, site: httpx.AsyncClient, state: AppState
) -> None:
    author = await make_account(state, Role.SHOPPER, name="Ana Lima")
    post = await published_post(
        client, state, author.token, caption='Linen & "sun" <b>Sunday</b> #linen #ootd'
    )
    page = await site.get(f"/p/{post['_id']}", headers={"user-agent": PHONE})
    assert page.status_code == 200
    tags = head(page.text)
    assert tags.title == "Ana Lima's look on Trendloop"
    assert tags.meta["og:title"] == "Ana Lima's look on Trendloop"
    assert tags.meta["og:description"] == 'Linen & "sun" <b>Sunday</b> #linen #ootd'
    # Escaped in the page: the caption cannot close the attribute or open a tag.
    assert "<b>Sunday</b>" not in page.text
    public = state.settings.public_url.rstrip("/")
    assert tags.meta["og:url"] == f"{public}/p/{post['_id']}"
    feed = next(v for v in post["images"][0]["variants"].values() if v["width"] <= 1080)
    assert tags.meta["og:image"].startswith(f"{public}/media/")
    assert tags.meta["og:image:width"] == str(feed["width"])
    assert tags.meta["twitter:card"] == "summary_large_image"
    assert tags.meta["twitter:image"] == tags.meta["og:image"]
    # The shell's generic description gives way to the post's.
    assert tags.meta["description"] == tags.meta["og:description"]
    assert page.text.count('name="description"') == 1
    # The image it names is served.
    image = await client.get(tags.meta["og:image"].removeprefix(public))
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"


@pytest.mark.parametrize("status", ["HIDDEN", "REMOVED", "DELETED", "PROCESSING", "REJECTED"])
async def test_other_posts_leak_nothing(
    client: httpx.AsyncClient, site: httpx.AsyncClient, state: AppState, status: str
) -> None:
    author = await make_account(state, Role.SHOPPER, name="Bea Costa")
    post = await published_post(client, state, author.token, caption="Secret fit #private")
    await state.db.posts.update_one({"_id": post["_id"]}, {"$set": {"status": status}})
    page = await site.get(f"/p/{post['_id']}", headers={"user-agent": PHONE})
    assert page.status_code == 404
    assert "Secret fit" not in page.text and "Bea Costa" not in page.text
    assert "/media/" not in page.text
    assert head(page.text).meta.get("robots") == "noindex"
    assert await _view_count(state, post["_id"]) == 0


@pytest.mark.parametrize(
    "post_id", ["nope", "post_00000000000000000000000000", "prd_00000000000000000000000000"]
)
async def test_unknown_ids_are_not_found(site: httpx.AsyncClient, post_id: str) -> None:
    page = await site.get(f"/p/{post_id}")
    assert page.status_code == 404
    assert re.search(r"<title>Post not found", page.text)


async def test_people_are_counted_once_an_hour_and_previews_never(
    client: httpx.AsyncClient, site: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    author = await make_account(state, Role.SHOPPER)
    post = await published_post(client, state, author.token, caption="Counted #views")
    path = f"/p/{post['_id']}"
    for agent in PREVIEWS:
        assert (await site.get(path, headers={"user-agent": agent})).status_code == 200
    assert (await site.head(path, headers={"user-agent": PHONE})).status_code == 200
    assert await _view_count(state, post["_id"]) == 0

    await site.get(path, headers={"user-agent": PHONE})
    await site.get(path, headers={"user-agent": PHONE})  # a reload within the hour
    assert await _view_count(state, post["_id"]) == 1
    other = {"user-agent": PHONE, "cookie": "tl_vid=" + "a" * 32}
    await site.get(path, headers=other)
    count = await _view_count(state, post["_id"])
    assert count == 2  # another visitor (by cookie) on the same network
    read = await gql("query($id: ID!) { post(id: $id) { viewCount } }", {"id": post["_id"]})
    assert read["data"]["post"]["viewCount"] == count


async def test_the_look_is_readable_without_an_account(
    client: httpx.AsyncClient, state: AppState, gql: GraphQL
) -> None:
    author = await make_account(state, Role.SHOPPER, name="Caro Diaz")
    post = await published_post(client, state, author.token, caption="Open to all #public")
    read = await gql(
        """query($id: ID!) { post(id: $id) {
             caption viewerHasLiked author { displayName }
             images { url(variant: FEED) } } }""",
        {"id": post["_id"]},
    )
    found = read["data"]["post"]
    assert found["caption"] == "Open to all #public"
    assert found["author"]["displayName"] == "Caro Diaz"
    assert found["viewerHasLiked"] is False
    private = await gql(
        "query($id: ID!) { post(id: $id) { author { email } } }",
        {"id": post["_id"]},
        expect_errors=True,
    )
    assert private["errors"]
