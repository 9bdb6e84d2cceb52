"""Rows people read are named as they know them: a report's link rows carry their link (product
and post), and a KOL who cost nothing has no CAC to rank first by."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from api.state import AppState
from core import clock
from tests.api.test_reports import build, fresh_token
from tests.conftest import GraphQL

REPORT = """query($groupBy: ReportGroupBy!, $from: Date, $to: Date, $campaignId: ID) {
  attributionReport(groupBy: $groupBy, from: $from, to: $to, campaignId: $campaignId) {
    pending stale
    rows { nodes { channelId label cac { amountMinor } spend { amountMinor }
                   link { id code label product { title } } } } } }"""
LINKS = "{ myLinks { nodes { id code label postCaption product { title } } } }"


async def _computed(gql: GraphQL, variables: dict[str, Any], token: str) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + 60
    while True:
        result = await gql(REPORT, variables, token=token)
        assert "errors" not in result, result
        report: dict[str, Any] = result["data"]["attributionReport"]
        if not report["pending"] and not report["stale"]:
            return report
        assert asyncio.get_running_loop().time() < deadline, report
        await asyncio.sleep(0.1)


async def test_link_rows_are_named_by_product_and_the_link_says_its_post(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    rw = await build(state, gql, client, frozen_clock)
    token = fresh_token(state, rw.world.brand)
    report = await _computed(gql, rw.vars(groupBy="LINK"), token)
    rows = {r["channelId"]: r for r in report["rows"]["nodes"]}
    mine = rows[rw.world.link["id"]]
    assert mine["label"] == rw.world.link["code"]
    assert mine["link"]["code"] == rw.world.link["code"]
    # No post behind these links: the product's title alone.
    assert mine["link"]["label"] == mine["link"]["product"]["title"] == f"Product {rw.world.sku}"
    # Other groupings have no link.
    kols = await _computed(gql, rw.vars(groupBy="INFLUENCER"), token)
    assert all(r["link"] is None for r in kols["rows"]["nodes"])

    links = await gql(LINKS, token=fresh_token(state, rw.a))
    (link,) = links["data"]["myLinks"]["nodes"]
    assert (link["label"], link["postCaption"]) == (f"Product {rw.world.sku}", None)
