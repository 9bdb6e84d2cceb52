"""The designers' side through GraphQL and REST: planted trends of a synthetic world, recorded
through the store, come out on top of `trendingElements` with sensible labels and chart data;
element pages, watches, taxonomy browsing and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from core.redis import key
from feeds.synthetic import SyntheticConfig, SyntheticStream, generate_stream
from feeds.taxonomy import default_taxonomy
from feeds.trends import designers_list, rank_trending
from tests.api.helpers import make_account
from tests.conftest import GraphQL
from tests.feeds.feeds_world import record_stream, sync_db

END = date(2026, 5, 31)  # the day before the frozen clock's
MARKETS = ("US", "UK", "DE", "FR", "BR")
# Small enough for the embedded store, with the volume per element the detector needs; the
# seed is one whose spammer sits low in the US list (as it does for most seeds).
WORLD = SyntheticConfig(
    days=49,
    end=END,
    markets=MARKETS,
    n_elements=30,
    occurrences_per_day=600.0,
    n_authors=6000,
    onset_days_before_end=(9, 13),
    n_emerging=3,
    n_declining=2,
)
SMALL = SyntheticConfig(
    days=42,
    end=END,
    markets=MARKETS,
    n_elements=20,
    occurrences_per_day=200.0,
    n_authors=2000,
    onset_days_before_end=(9, 12),
    n_emerging=2,
    n_declining=1,
)
UP = {"EMERGING", "RISING", "PEAKING"}

TRENDING = """
query($market: Market, $kind: ElementKind, $window: Int!, $first: Int!, $after: String) {
  trendingElements(market: $market, kind: $kind, window: $window, first: $first, after: $after) {
    asOf window totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      rank state growthPct distinctAuthors posts engagementLift conversionLift
      element { id name kind }
      sparkline { date value }
      forecast { date expected lower upper }
      examplePosts { id market author { id } }
    } }
  }
}
"""


@pytest.fixture(autouse=True)
async def _no_periodic_refresh(state: AppState) -> None:
    """The embedded worker's beat refreshes the lists once a minute; one run landing while a
    test records its world would save a list of half the rows, dated today and so taken as
    fresh. Each test here records its world first and asks after, as a designer would."""
    interval = state.settings.trend_refresh_minutes * 60
    await state.redis.set(key(state.settings, "trends", "refreshed"), "1", ex=interval)


def world(config: SyntheticConfig, seed: int) -> SyntheticStream:
    return generate_stream(config, seed=seed)


async def trending(
    gql: GraphQL, token: str, market: str | None = None, **variables: Any
) -> dict[str, Any]:
    sent = {"market": market, "window": 7, "first": 10, **variables}
    body = await gql(TRENDING, sent, token=token)
    page: dict[str, Any] = body["data"]["trendingElements"]
    return page


async def test_planted_trends_top_the_designers_list(
    gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    stream = world(WORLD, seed=3)
    record_stream(sync_db(state), stream, with_posts=True)
    designer = await make_account(state, Role.DESIGNER)
    truth = stream.truth

    for planted in truth.emerging:
        page = await trending(gql, designer.token, planted.market)
        assert page["asOf"] == END.isoformat()
        top = [edge["node"] for edge in page["edges"]]
        ids = [node["element"]["id"] for node in top]
        assert planted.element_id in ids[:3], (planted, ids)
        node = top[ids.index(planted.element_id)]
        assert node["state"] in {"EMERGING", "PEAKING"}
        assert node["growthPct"] > 100 and node["distinctAuthors"] > 10
        assert node["engagementLift"] > 1.0  # planted posts are engaged with more
        # The store fed the detector the very rows it was given; the list is the designers'.
        pure = rank_trending(stream.frame, market=planted.market, as_of=END)
        listed, _ = designers_list(pure, state.settings.trend_min_authors)
        assert ids == [row.element_id for row in listed[:10]]
        assert all(node["state"] != "STEADY" and node["distinctAuthors"] >= 3 for node in top)
        # Charts' data: 28 days of sparkline ending on the list's day, 14 forecast days.
        sparkline = node["sparkline"]
        assert len(sparkline) == 28 and sparkline[-1]["date"] == END.isoformat()
        values = [point["value"] for point in sparkline]
        assert sum(values[-7:]) > 2 * sum(values[:7])
        forecast = node["forecast"]
        assert len(forecast) == 14 and forecast[0]["date"] == (END + timedelta(1)).isoformat()
        assert all(p["lower"] <= p["expected"] <= p["upper"] for p in forecast)
        examples = node["examplePosts"]
        assert examples and all(p["market"] == planted.market for p in examples if planted.market)
        # Nothing from the stable background outranks it.
        background = set(truth.background_ids)
        assert not [i for i in ids[: ids.index(planted.element_id)] if i in background]

    pooled = await trending(gql, designer.token, None, first=30)
    states = {edge["node"]["element"]["id"]: edge["node"]["state"] for edge in pooled["edges"]}
    for declining in truth.declining:
        assert states[declining.element_id] in {"COOLING", "DECLINING"}
    assert sum(1 for i in truth.background_ids if states.get(i) in UP) <= 1

    spammer = truth.spammer
    assert spammer is not None
    us = await trending(gql, designer.token, "US", first=30)
    spam = [e["node"] for e in us["edges"] if e["node"]["element"]["id"] == spammer.element_id]
    assert all(node["state"] not in UP and node["rank"] > 5 for node in spam)

    # Paging through the list: ranks follow on, nothing repeats.
    # (the pooled list holds only what moves: the planted trends and a few others).
    first = await trending(gql, designer.token, None, first=2)
    rest = await trending(gql, designer.token, None, first=2, after=first["pageInfo"]["endCursor"])
    ranks = [e["node"]["rank"] for e in first["edges"] + rest["edges"]]
    assert ranks == list(range(1, 5)) and first["pageInfo"]["hasNextPage"]

    # One kind only: the planted element leads its kind.
    planted = truth.emerging[0]
    kind = default_taxonomy()[planted.element_id].kind.name
    by_kind = await trending(gql, designer.token, planted.market, kind=kind)
    assert by_kind["edges"][0]["node"]["element"]["id"] == planted.element_id
    assert {e["node"]["element"]["kind"] for e in by_kind["edges"]} == {kind}


ELEMENT = """
query($id: ID!) {
  element(id: $id) {
    id name kind viewerIsWatching
    history { market days { date posts authors engagement orders } }
    uk: history(market: UK) { market days { date posts } }
    trend(window: 14) { rank state forecast { date expected lower upper } }
    examplePosts(first: 3) { id }
  }
}
"""


async def test_element_pages_watches_and_browsing(
    gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    stream = world(SMALL, seed=1)
    record_stream(sync_db(state), stream, with_posts=True)
    designer = await make_account(state, Role.DESIGNER)
    planted = stream.truth.emerging[0].element_id

    body = await gql(ELEMENT, {"id": planted}, token=designer.token)
    element = body["data"]["element"]
    assert element["id"] == planted and element["viewerIsWatching"] is False
    markets = {series["market"] for series in element["history"]}
    frame = stream.frame.filter(stream.frame["element_id"] == planted)
    assert markets == set(frame["market"].unique().to_list())
    posts_by_day = sum(day["posts"] for series in element["history"] for day in series["days"])
    assert posts_by_day == frame.height  # every post carrying it, on its day
    assert [s["market"] for s in element["uk"]] in (["UK"], [])
    assert element["trend"]["state"] in UP and len(element["trend"]["forecast"]) == 14
    assert len(element["examplePosts"]) == 3

    watch = """mutation($id: ID!) {
      watchElement(id: $id) { watching element { id } errors { field code } }
    }"""
    for _ in range(2):
        body = await gql(watch, {"id": planted}, token=designer.token)
    assert body["data"]["watchElement"] == {
        "watching": True,
        "element": {"id": planted},
        "errors": [],
    }
    missing = await gql(watch, {"id": "pattern/unheard-of"}, token=designer.token)
    assert missing["data"]["watchElement"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    listed = await gql(
        "{ watchedElements { edges { node { id viewerIsWatching } } } }", token=designer.token
    )
    nodes = [e["node"] for e in listed["data"]["watchedElements"]["edges"]]
    assert nodes == [{"id": planted, "viewerIsWatching": True}]
    unwatch = "mutation($id: ID!) { unwatchElement(id: $id) { watching } }"
    await gql(unwatch, {"id": planted}, token=designer.token)
    listed = await gql("{ watchedElements { edges { node { id } } } }", token=designer.token)
    assert listed["data"]["watchedElements"]["edges"] == []

    browse = """query($kind: ElementKind, $search: String, $after: String) {
      elements(kind: $kind, search: $search, first: 10, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor }
      }
    }"""
    found = await gql(browse, {"search": "维希格"}, token=designer.token)
    assert [e["node"]["id"] for e in found["data"]["elements"]["edges"]] == ["pattern/gingham"]
    colours, after = [], None
    while True:
        page = (await gql(browse, {"kind": "COLOUR", "after": after}, token=designer.token))[
            "data"
        ]["elements"]
        colours += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert colours == [e.id for e in default_taxonomy().by_kind("colour")]


async def test_trend_lists_export_as_csv(
    client: httpx.AsyncClient, gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    stream = world(SMALL, seed=2)
    record_stream(sync_db(state), stream)
    brand = await make_account(state, Role.BRAND)
    shopper = await make_account(state, Role.SHOPPER)
    page = await trending(gql, brand.token, "US", first=100)

    response = await client.get(
        "/exports/trending.csv?market=US&window=7",
        headers={"authorization": f"Bearer {brand.token}"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        f'attachment; filename="trending-US-all-7d-{END.isoformat()}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == page["totalCount"]
    assert [r["element_id"] for r in rows[:10]] == [
        e["node"]["element"]["id"] for e in page["edges"][:10]
    ]
    assert rows[0]["rank"] == "1" and rows[0]["state"] == page["edges"][0]["node"]["state"]

    # A signed link the browser can download without a token, for a few minutes.
    made = await gql(
        "mutation { trendingExport(market: US, kind: PATTERN, window: 14) "
        "{ url expiresAt errors { code } } }",
        token=brand.token,
    )
    url = urlsplit(made["data"]["trendingExport"]["url"])
    link = f"{url.path}?{url.query}"
    download = await client.get(link)
    assert download.status_code == 200
    assert "trending-US-pattern-14d" in download.headers["content-disposition"]
    assert all(r["kind"] == "pattern" for r in csv.DictReader(io.StringIO(download.text)))
    tampered = await client.get(link.replace("window=14", "window=28"))
    assert tampered.status_code == 403 and tampered.json()["error"] == "INVALID_LINK"
    frozen_clock.advance(timedelta(seconds=state.settings.export_link_ttl_seconds + 1))
    expired = await client.get(link)
    assert expired.status_code == 403 and expired.json()["error"] == "LINK_EXPIRED"

    refused = await client.get(
        "/exports/trending.csv", headers={"authorization": f"Bearer {shopper.token}"}
    )
    assert refused.status_code == 403
    assert (await client.get("/exports/trending.csv")).status_code == 401
    bad = await client.get(
        "/exports/trending.csv?window=9", headers={"authorization": f"Bearer {brand.token}"}
    )
    assert bad.status_code == 422 and bad.json()["field"] == "window"
    invalid = await gql(
        "mutation { trendingExport(window: 5) { url errors { field code } } }", token=brand.token
    )
    assert invalid["data"]["trendingExport"] == {
        "url": None,
        "errors": [{"field": "window", "code": "INVALID"}],
    }

    # A token whose sessions were ended downloads nothing either.
    ended = await gql("mutation { logOutEverywhere { errors { code } } }", token=brand.token)
    assert ended["data"]["logOutEverywhere"]["errors"] == []
    logged_out = await client.get(
        "/exports/trending.csv", headers={"authorization": f"Bearer {brand.token}"}
    )
    assert logged_out.status_code == 401
    assert "logged out" in logged_out.json()["message"]


@pytest.mark.parametrize("window", [3, 30])
async def test_unknown_windows_are_refused_with_their_field(
    gql: GraphQL, state: AppState, window: int
) -> None:
    designer = await make_account(state, Role.DESIGNER)
    body = await gql(
        TRENDING,
        {"window": window, "first": 5},
        token=designer.token,
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "window"}


ELEMENT_TREND = """
query($id: ID!, $market: Market) {
  element(id: $id) { trend(market: $market) { rank listed state distinctAuthors } }
}
"""


async def test_a_listed_element_needs_enough_distinct_authors(
    gql: GraphQL, state: AppState, frozen_clock: clock.FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = world(SMALL, seed=1)
    record_stream(sync_db(state), stream)
    designer = await make_account(state, Role.DESIGNER)
    planted = stream.truth.emerging[0]
    assert state.settings.trend_min_authors == 3  # the documented default

    page = await trending(gql, designer.token, planted.market, first=50)
    nodes = [edge["node"] for edge in page["edges"]]
    # No STEADY filler and nobody's lone taste: every entry moves, among three authors or more.
    assert nodes and all(n["state"] != "STEADY" and n["distinctAuthors"] >= 3 for n in nodes)
    assert (
        [n["rank"] for n in nodes]
        == list(range(1, len(nodes) + 1))
        == list(range(1, page["totalCount"] + 1))
    )
    row = next(n for n in nodes if n["element"]["id"] == planted.element_id)
    authors = row["distinctAuthors"]

    # Raise the minimum above the planted element's authors: it leaves the list, its page
    # still shows its trend, ranked after everything listed.
    monkeypatch.setattr(state.settings, "trend_min_authors", authors + 1)
    stricter = await trending(gql, designer.token, planted.market, first=50)
    kept = [edge["node"] for edge in stricter["edges"]]
    assert planted.element_id not in [n["element"]["id"] for n in kept]
    assert all(n["distinctAuthors"] > authors for n in kept)
    assert stricter["totalCount"] == len(kept) < page["totalCount"]
    body = await gql(
        ELEMENT_TREND, {"id": planted.element_id, "market": planted.market}, token=designer.token
    )
    trend = body["data"]["element"]["trend"]
    assert trend["listed"] is False and trend["distinctAuthors"] == authors
    assert trend["rank"] > stricter["totalCount"]
