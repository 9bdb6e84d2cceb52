"""GET/HEAD /l/{code}: 302 with a click id, a visitor cookie, and flags for clicks that must not
count — read back from the store the consumer drains the stream into."""

from __future__ import annotations

from typing import Any

import httpx
from celery.result import allow_join_result

from api.state import AppState
from attribution.report_jobs import drain_clicks
from commerce.clicks import stream_key
from commerce.links import is_click_id
from commerce.linkstore import cache_key
from tests.api.commerce_world import CHROME, IPHONE, World, build_world, click, click_id_of
from tests.conftest import GraphQL

WHATSAPP = "WhatsApp/2.23.20.0 A"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


async def _drained(state: AppState) -> dict[str, dict[str, Any]]:
    with allow_join_result():
        drain_clicks.delay().get(timeout=30)
    return {d["_id"]: d async for d in state.db.clicks.find({})}


async def _world(state: AppState, gql: GraphQL) -> World:
    return await build_world(state, gql)


async def test_a_browser_click_redirects_with_a_click_id_and_sets_the_visitor_cookie(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await _world(state, gql)
    response = await click(
        client,
        world.link["code"],
        IPHONE,
        **{"cf-ipcountry": "GB", "referer": "https://www.instagram.com/p/xyz/"},
    )
    assert response.status_code == 302
    assert response.headers["cache-control"] == "no-store"
    click_id = click_id_of(response)
    assert is_click_id(click_id)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("tl_vid=")
    for attribute in ("HttpOnly", "Max-Age=31536000", "SameSite=lax", "Path=/"):
        assert attribute.lower() in cookie.lower()
    stored = (await _drained(state))[click_id]
    assert stored["link_id"] == world.link["id"]
    assert stored["influencer_id"] == world.influencer.user.id
    assert stored["campaign_id"] == world.campaign_id
    assert (stored["ua"], stored["country"], stored["referrer"]) == (
        "MOBILE",
        "UK",
        "www.instagram.com",
    )
    assert stored["counted"] is True and "flags" not in stored
    assert stored["visitor"] == client.cookies["tl_vid"]

    # The same browser comes back: the cookie is kept, not set again.
    again = await click(client, world.link["code"], IPHONE)
    assert "set-cookie" not in again.headers


async def test_clicks_that_must_not_count_are_redirected_but_flagged(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await _world(state, gql)
    code = world.link["code"]
    first = await click(client, code, CHROME)
    repeat = await click(client, code, CHROME)  # same visitor within the hour
    head = await client.head(f"/l/{code}", headers={"user-agent": CHROME})
    preview = await click(httpx_fresh(client), code, WHATSAPP)
    bot = await click(httpx_fresh(client), code, GOOGLEBOT)
    for response in (first, repeat, head, preview, bot):
        assert response.status_code == 302
        assert response.headers["location"].startswith("https://shop.northwind.example/")
    stored = await _drained(state)
    flags = {
        name: stored[click_id_of(r)].get("flags", [])
        for name, r in [
            ("first", first),
            ("repeat", repeat),
            ("head", head),
            ("preview", preview),
            ("bot", bot),
        ]
    }
    assert flags == {
        "first": [],
        "repeat": ["duplicate"],
        "head": ["head"],
        "preview": ["preview"],
        "bot": ["bot"],
    }
    link = await state.db.links.find_one({"_id": world.link["id"]})
    assert link is not None
    assert (link["clicks_counted"], link["clicks_total"]) == (1, 5)


def httpx_fresh(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Another visitor: same app, no cookies."""
    return httpx.AsyncClient(transport=client._transport, base_url=client.base_url)


async def test_an_unknown_code_gets_a_404_page(state: AppState, client: httpx.AsyncClient) -> None:
    for path in ("/l/AAAAAAAA", "/l/short", "/l/has%20space"):
        response = await client.get(path, headers={"user-agent": CHROME})
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "leads nowhere" in response.text
    assert await state.redis.xlen(stream_key(state.settings)) == 0


async def test_a_lost_cache_entry_is_read_from_mongo_once_and_cached_again(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await _world(state, gql)
    code = world.link["code"]
    await state.redis.delete(cache_key(state.settings, code))
    response = await click(client, code)
    assert response.status_code == 302
    assert await state.redis.get(cache_key(state.settings, code))
    assert click_id_of(response) in await _drained(state)


async def test_a_reshared_url_keeps_its_query_and_gets_one_click_id(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await _world(state, gql)
    location = (await click(client, world.link["code"])).headers["location"]
    assert location.count("tl_click=") == 1
    assert "?ref=tl&tl_click=" in location


async def test_a_burst_from_one_address_is_flagged(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient
) -> None:
    world = await _world(state, gql)
    limit = state.settings.click_burst_per_minute
    state.settings.click_burst_per_minute = 3
    try:
        responses = [await click(httpx_fresh(client), world.link["code"]) for _ in range(5)]
    finally:
        state.settings.click_burst_per_minute = limit
    stored = await _drained(state)
    flags = [stored[click_id_of(r)].get("flags", []) for r in responses]
    assert flags == [[], [], [], ["burst"], ["burst"]]
