"""Attribution reports through the real surface: link clicks through the redirect, signed order
and return webhooks, the click consumer, the Celery report job, and GraphQL reads.

The world (hand-worked; amounts in cents, the campaign pays 10% and is configured LAST_CLICK):

    visitor v1: clicks A's link on day 0, B's on day 1, then orders 1001 (100.00) on day 2
    visitor v2: clicks B's link on day 0, A's on day 1, then orders 1002 (60.00) on day 2
    visitor v3: clicks A's link on day 0, then orders 1003 (40.00) on day 2, returns 10.00 of it
    visitor v4: clicks B's link on day 0 and never orders

    model        A: conversions, revenue, commission     B: conversions, revenue, commission
    LAST_CLICK   2, 90.00 (60 + 40 - 10), 9.00 (ledger)   1, 100.00, 10.00 (ledger)
    FIRST_CLICK  2, 130.00 (100 + 30),   13.00 (rule)     1,  60.00,  6.00 (rule)
    LINEAR       2, 110.00 (50 + 30 + 30), 11.00          1,  80.00 (50 + 30), 8.00

Every model credits 3 conversions and 190.00 in total.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from celery.result import allow_join_result

from api.state import AppState
from attribution import report_refresh
from attribution.tasks import drain_clicks
from core import clock
from core.accounts import Role, issue_token
from core.mongo import sync_db
from tests.api.commerce_world import (
    CHROME,
    ShopClient,
    World,
    build_world,
    click_id_of,
    join,
    make_link,
    order_payload,
)
from tests.api.helpers import Account, make_account
from tests.conftest import GraphQL

ROW = """channelId label clicks uniqueVisitors conversions conversionRate
  revenue { amountMinor currency } averageOrderValue { amountMinor } returnRate newCustomers
  commission { amountMinor } fixedFees { amountMinor } spend { amountMinor }
  cac { amountMinor } cpa { amountMinor } roas cacSaving { amountMinor } saving { amountMinor }"""
REPORT_FIELDS = f"""model groupBy currency from to computedAt stale pending unavailable
  totals {{ clicks conversions revenue {{ amountMinor }} spend {{ amountMinor }} returnRate }}
  rows(first: 50, sortBy: CHANNEL) {{ edges {{ node {{ {ROW} }} }} }}"""
REPORT = f"""query($groupBy: ReportGroupBy!, $model: AttributionModel, $from: Date, $to: Date,
  $campaignId: ID) {{ attributionReport(groupBy: $groupBy, model: $model, from: $from, to: $to,
  campaignId: $campaignId) {{ {REPORT_FIELDS} }} }}"""
COMPARE = f"""query($groupBy: ReportGroupBy!, $from: Date, $to: Date, $campaignId: ID) {{
  compareModels(groupBy: $groupBy, from: $from, to: $to, campaignId: $campaignId)
  {{ {REPORT_FIELDS} }} }}"""
LEADERBOARD = """query($by: LeaderboardOrder!, $from: Date, $to: Date, $campaignId: ID) {
  kolLeaderboard(by: $by, from: $from, to: $to, campaignId: $campaignId, first: 5) {
    by model entries { channelId label roas cac { amountMinor } } stale pending } }"""
SETTINGS = """mutation($input: UpdateBrandSettingsInput!) { updateBrandSettings(input: $input) {
  settings { brandId baselineCac { amountMinor currency } currency } errors { field code } } }"""
REFRESH = """mutation($campaignId: ID) { refreshReports(campaignId: $campaignId) {
  queued errors { field code message } } }"""


@dataclass
class ReportWorld:
    world: World
    b: Account
    b_link: dict[str, Any]
    b_code: str
    shop: ShopClient
    start: date
    end: date

    @property
    def a(self) -> Account:
        return self.world.influencer

    def vars(self, **extra: Any) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "campaignId": self.world.campaign_id,
            **extra,
        }


def fresh_token(state: AppState, account: Account) -> str:
    return issue_token(state.settings, account.user)


async def visit(client: httpx.AsyncClient, code: str, visitor: str) -> str:
    """A click by a returning browser with its own visitor cookie; the click id."""
    client.cookies.clear()
    response = await client.get(
        f"/l/{code}", headers={"user-agent": CHROME, "cookie": f"tl_vid={visitor}"}
    )
    assert response.status_code == 302, response.text
    return click_id_of(response)


async def drain(state: AppState) -> None:
    with allow_join_result():
        await asyncio.to_thread(lambda: drain_clicks.delay().get(timeout=30))


async def build(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen: clock.FrozenClock
) -> ReportWorld:
    world = await build_world(state, gql)
    b = await make_account(state, Role.INFLUENCER, name="Mara Mode")
    b_code = await join(gql, world.brand, b, world.campaign_id)
    b_link = await make_link(gql, b, world.product_id, world.campaign_id)
    shop = ShopClient(client, world.shop_id, world.secret)
    a_code, b_code_link = world.link["code"], b_link["code"]
    start = clock.now().date()

    await visit(client, a_code, "visitor-one-0000000001")
    await visit(client, b_code_link, "visitor-two-0000000002")
    v3 = await visit(client, a_code, "visitor-three-00000003")
    await visit(client, b_code_link, "visitor-four-000000004")
    frozen.advance(timedelta(days=1))
    v1 = await visit(client, b_code_link, "visitor-one-0000000001")
    v2 = await visit(client, a_code, "visitor-two-0000000002")
    frozen.advance(timedelta(days=1))
    for order_id, amount, click_id in (
        ("1001", 10_000, v1),
        ("1002", 6_000, v2),
        ("1003", 4_000, v3),
    ):
        ordered = await shop.order(order_payload(order_id, world.sku, amount, click_id))
        assert ordered.status_code == 201, ordered.text
    returned = await shop.refund(
        {
            "return_id": "r-1",
            "order_id": "1003",
            "lines": [{"sku": world.sku, "quantity": 1, "amount": 1_000}],
        }
    )
    assert returned.status_code == 201, returned.text
    await drain(state)
    frozen.advance(timedelta(hours=1))
    return ReportWorld(world, b, b_link, b_code, shop, start, clock.now().date())


def rows_of(report: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {e["node"]["channelId"]: e["node"] for e in report["rows"]["edges"]}


def summary(row: dict[str, Any]) -> tuple[float, int, int, int]:
    return (
        round(row["conversions"], 9),
        row["revenue"]["amountMinor"],
        row["commission"]["amountMinor"],
        row["clicks"],
    )


async def test_a_brand_switches_models_and_the_credit_moves_as_hand_worked(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    rw = await build(state, gql, client, frozen_clock)
    a, b = rw.a.user.id, rw.b.user.id
    token = fresh_token(state, rw.world.brand)

    result = await gql(COMPARE, rw.vars(groupBy="INFLUENCER"), token=token)
    reports = {r["model"]: r for r in result["data"]["compareModels"]}
    assert len(reports) == 6
    assert all(not r["pending"] and not r["stale"] and r["computedAt"] for r in reports.values())
    assert all(r["unavailable"] is None for r in reports.values())
    expected = {
        "LAST_CLICK": {a: (2.0, 9_000, 900, 3), b: (1.0, 10_000, 1_000, 3)},
        "FIRST_CLICK": {a: (2.0, 13_000, 1_300, 3), b: (1.0, 6_000, 600, 3)},
        "LINEAR": {a: (2.0, 11_000, 1_100, 3), b: (1.0, 8_000, 800, 3)},
    }
    for model, want in expected.items():
        got = {k: summary(v) for k, v in rows_of(reports[model]).items()}
        assert got == want, model
    for report in reports.values():
        totals = report["totals"]
        assert round(totals["conversions"], 9) == 3.0
        assert totals["revenue"]["amountMinor"] == 19_000
        assert totals["clicks"] == 6

    names = {k: v["label"] for k, v in rows_of(reports["LAST_CLICK"]).items()}
    assert names == {a: "Lena Style", b: "Mara Mode"}
    row_a = rows_of(reports["LAST_CLICK"])[a]
    assert row_a["newCustomers"] == 2.0
    assert row_a["cac"] == {"amountMinor": 450} and row_a["roas"] == 10.0
    assert row_a["returnRate"] == 0.1 and row_a["cacSaving"] is None

    # One model at a time gives the same rows; the default is the campaign's own model.
    single = await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
    report = single["data"]["attributionReport"]
    assert report["model"] == "LAST_CLICK"
    assert rows_of(report) == rows_of(reports["LAST_CLICK"])

    # Brand-wide (one campaign here): the same totals, rows by link and by campaign.
    by_link = await gql(
        REPORT, rw.vars(groupBy="LINK", model="LINEAR", campaignId=None), token=token
    )
    links = rows_of(by_link["data"]["attributionReport"])
    assert summary(links[rw.world.link["id"]]) == (2.0, 11_000, 1_100, 3)
    assert links[rw.world.link["id"]]["label"] == rw.world.link["code"]

    # The baseline CAC turns CAC into a saving, at once.
    saved = await gql(
        SETTINGS, {"input": {"baselineCacMinor": 2_000, "currency": "usd"}}, token=token
    )
    assert saved["data"]["updateBrandSettings"]["settings"]["baselineCac"] == {
        "amountMinor": 2_000,
        "currency": "USD",
    }
    again = await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
    row_a = rows_of(again["data"]["attributionReport"])[a]
    assert row_a["cacSaving"] == {"amountMinor": 1_550}  # 20.00 - 4.50
    assert row_a["saving"] == {"amountMinor": 3_100}  # 2 x 20.00 - 9.00

    ranked = await gql(LEADERBOARD, rw.vars(by="CAC"), token=token)
    entries = ranked["data"]["kolLeaderboard"]["entries"]
    assert [(e["channelId"], e["cac"]["amountMinor"]) for e in entries] == [(a, 450), (b, 1_000)]


async def test_an_influencer_sees_only_their_own_rows(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    rw = await build(state, gql, client, frozen_clock)
    a = rw.a.user.id
    token = fresh_token(state, rw.a)
    for group_by in ("INFLUENCER", "LINK", "CAMPAIGN"):
        result = await gql(REPORT, rw.vars(groupBy=group_by, model="FIRST_CLICK"), token=token)
        report = result["data"]["attributionReport"]
        rows = rows_of(report)
        assert len(rows) == 1, group_by
        (row,) = rows.values()
        assert summary(row) == (2.0, 13_000, 1_300, 3)
        # Their share of the campaign, not the campaign's totals.
        assert report["totals"]["revenue"]["amountMinor"] == 13_000
    assert list(rows_of(report)) == [rw.world.campaign_id]
    # Without a campaign: every brand they link for, still their rows only.
    everywhere = await gql(REPORT, rw.vars(groupBy="INFLUENCER", campaignId=None), token=token)
    assert list(rows_of(everywhere["data"]["attributionReport"])) == [a]
    # An influencer outside the campaign cannot read it at all.
    other = await make_account(state, Role.INFLUENCER)
    outside = await gql(
        REPORT, rw.vars(groupBy="INFLUENCER"), token=other.token, expect_errors=True
    )
    assert outside["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    nothing = await gql(REPORT, rw.vars(groupBy="INFLUENCER", campaignId=None), token=other.token)
    assert nothing["data"]["attributionReport"]["rows"]["edges"] == []
    # Leaderboards rank other KOLs: brands only.
    denied = await gql(LEADERBOARD, rw.vars(by="ROAS"), token=token, expect_errors=True)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_new_orders_make_the_report_stale_until_it_is_recomputed(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    rw = await build(state, gql, client, frozen_clock)
    b = rw.b.user.id
    token = fresh_token(state, rw.world.brand)
    first = await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
    assert summary(rows_of(first["data"]["attributionReport"])[b]) == (1.0, 10_000, 1_000, 3)

    # A creator-code order: credited to B by the code, with no click, link or post.
    frozen_clock.advance(timedelta(minutes=1))
    ordered = await rw.shop.order(
        order_payload("1004", rw.world.sku, 2_000, None, creator_code=rw.b_code)
    )
    assert ordered.json()["attribution"]["method"] == "CREATOR_CODE"
    frozen_clock.advance(timedelta(minutes=1))
    await asyncio.to_thread(report_refresh.mark_changes, sync_db(state.settings), clock.now())

    seen = await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
    report = seen["data"]["attributionReport"]
    assert report["stale"] is True
    assert summary(rows_of(report)[b]) == (1.0, 10_000, 1_000, 3)  # the last result meanwhile

    report = await _until_fresh(gql, REPORT, rw.vars(groupBy="INFLUENCER"), token)
    assert summary(rows_of(report)[b]) == (2.0, 12_000, 1_200, 3)
    by_link = await gql(REPORT, rw.vars(groupBy="LINK"), token=token)
    # The code order has no link: its credit sits in the row without a channel.
    assert summary(rows_of(by_link["data"]["attributionReport"])[None]) == (1.0, 2_000, 200, 0)


async def test_refresh_recomputes_on_demand(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    rw = await build(state, gql, client, frozen_clock)
    token = fresh_token(state, rw.world.brand)
    await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
    refreshed = await gql(REFRESH, {"campaignId": rw.world.campaign_id}, token=token)
    payload = refreshed["data"]["refreshReports"]
    assert payload["errors"] == [] and payload["queued"] >= 1
    report = await _until_fresh(gql, REPORT, rw.vars(groupBy="INFLUENCER"), token)
    assert round(report["totals"]["conversions"], 9) == 3.0


async def _until_fresh(
    gql: GraphQL, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    for _ in range(200):
        result = await gql(query, variables, token=token)
        report: dict[str, Any] = result["data"]["attributionReport"]
        if not report["stale"]:
            return report
        await asyncio.sleep(0.05)
    raise AssertionError("the report stayed stale")
