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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
from celery.result import allow_join_result
from redis.asyncio import Redis

from accounts.users import Role, issue_token
from api.state import AppState
from attribution import report_refresh
from attribution.report_cache import cached_report, claim_job, is_stale, release_job
from attribution.report_jobs import drain_clicks
from commerce import consumer
from commerce.clicks import stream_key
from core import clock
from core.mongo import sync_db
from core.redis import sync_client
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


@asynccontextmanager
async def computations_held(state: AppState, brand_id: str) -> AsyncIterator[None]:
    """Hold the claims of the brand's cached report computations, as a queued job would.

    The embedded worker's beat runs the report sweep every 30 s; when it lands between a change
    and the read that should find the report stale, it recomputes the report first and the read
    finds it fresh. While the claims are held nobody can recompute (the sweep leaves the brand
    pending, a read serves the report stale), so what a read sees depends on the test alone.
    """
    settings = state.settings
    keys = report_refresh.cached_keys(sync_db(settings), brand_id, None)
    assert keys
    for report_key in keys:
        # A computation already queued holds the claim until it has written its documents.
        for _ in range(400):
            if await claim_job(state.redis, settings, report_key):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("a report computation never finished")
    try:
        yield
    finally:
        for report_key in keys:
            release_job(sync_client(state.redis_url), settings, report_key)


def changed_since_computed(state: AppState, brand_id: str) -> bool:
    """Whether the brand's change mark has moved past every cached report of the brand.

    A read inside `computations_held` is served stale whatever the mark says (a computation
    looks queued); this is the half of its staleness that the change itself decides."""
    db = sync_db(state.settings)
    mark = db.report_dirty.find_one({"_id": brand_id})
    docs = list(db.report_cache.find({"brand_id": brand_id}))
    return bool(docs) and all(
        is_stale(cached_report(d), mark, clock.now(), state.settings.report_max_age_seconds)
        for d in docs
    )


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

    reports = await _models_computed(gql, rw.vars(groupBy="INFLUENCER"), token)
    assert len(reports) == 6
    assert all(r["computedAt"] for r in reports.values())
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

    async with computations_held(state, rw.world.brand.user.id):
        # A creator-code order: credited to B by the code, with no click, link or post.
        frozen_clock.advance(timedelta(minutes=1))
        ordered = await rw.shop.order(
            order_payload("1004", rw.world.sku, 2_000, None, creator_code=rw.b_code)
        )
        assert ordered.json()["attribution"]["method"] == "CREATOR_CODE"
        frozen_clock.advance(timedelta(minutes=1))
        # The periodic sweep may have marked the order first; either way it is marked once.
        await asyncio.to_thread(report_refresh.mark_changes, sync_db(state.settings), clock.now())
        assert changed_since_computed(state, rw.world.brand.user.id)

        seen = await gql(REPORT, rw.vars(groupBy="INFLUENCER"), token=token)
        report = seen["data"]["attributionReport"]
        assert report["stale"] is True
        assert summary(rows_of(report)[b]) == (1.0, 10_000, 1_000, 3)  # the last result

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


DYING_WORKER = "reports-test-dying-worker"


async def click_taken_by_a_dying_worker(
    state: AppState, client: httpx.AsyncClient, code: str, visitor: str
) -> str:
    """Follow a link while a click writer waits on the stream: it takes the click and dies
    before writing it, so the click stays pending under its name until it is claimed."""
    stream = stream_key(state.settings)
    consumer.ensure_group(sync_client(state.redis_url), stream)
    dying = Redis.from_url(state.redis_url, decode_responses=True, client_name=DYING_WORKER)
    try:
        reading = asyncio.ensure_future(
            dying.xreadgroup(consumer.GROUP, DYING_WORKER, {stream: ">"}, count=1, block=30_000)
        )
        # Blocked before the click exists: Redis hands a new entry to a blocked reader before it
        # serves another command, so the periodic drain cannot take the click first.
        for _ in range(400):
            listed = await state.redis.client_list()
            if any(c["name"] == DYING_WORKER and "b" in c["flags"] for c in listed):
                break
            await asyncio.sleep(0.01)
        else:
            raise AssertionError("the reader never blocked on the stream")
        click_id = await visit(client, code, visitor)
        reply = await reading
    finally:
        await dying.aclose()
    ((_, ((_, fields),)),) = reply
    assert orjson.loads(fields["c"])["id"] == click_id
    return click_id


async def test_a_click_drained_after_its_order_makes_the_report_stale(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    a = world.influencer.user.id
    token = fresh_token(state, world.brand)
    day = clock.now().date().isoformat()
    variables = {"from": day, "to": day, "campaignId": world.campaign_id, "groupBy": "INFLUENCER"}

    click_id = await click_taken_by_a_dying_worker(
        state, client, world.link["code"], "visitor-late-00000001"
    )
    # The order arrives first: its click is pending under the dead worker, not claimable yet,
    # so the order is stored uncredited and the report computed now has no journey for it.
    frozen_clock.advance(timedelta(minutes=5))
    ordered = await shop.order(order_payload("2001", world.sku, 3_000, click_id))
    assert ordered.status_code == 201 and ordered.json()["status"] == "NOT_CREDITED"
    first = await _until_fresh(gql, REPORT, variables, token)
    assert first["totals"]["conversions"] == 0
    assert first["totals"]["clicks"] == 0

    async with computations_held(state, world.brand.user.id):
        assert not changed_since_computed(state, world.brand.user.id)
        # Another writer claims the dead one's click and writes it.
        stats = await asyncio.to_thread(
            consumer.drain,
            sync_db(state.settings),
            sync_client(state.redis_url),
            state.settings,
            consumer="survivor",
            min_idle_ms=0,
            on_written=report_refresh.mark_clicked_orders,
        )
        assert (stats.claimed, stats.inserted) == (1, 1)
        assert changed_since_computed(state, world.brand.user.id)
        seen = (await gql(REPORT, variables, token=token))["data"]["attributionReport"]
        assert seen["stale"] is True and seen["totals"]["conversions"] == 0

    report = await _until_fresh(gql, REPORT, variables, token)
    assert summary(rows_of(report)[a]) == (1.0, 3_000, 0, 1)


async def _models_computed(
    gql: GraphQL, variables: dict[str, Any], token: str, timeout: float = 60.0
) -> dict[str, dict[str, Any]]:
    """compareModels once every model's report is computed and current. The first request waits
    `REPORT_WAIT_SECONDS` for the computation and answers `pending` past it, which a loaded
    machine can reach: asking again is what a client does."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await gql(COMPARE, variables, token=token)
        reports = {r["model"]: r for r in result["data"]["compareModels"]}
        if all(not r["pending"] and not r["stale"] for r in reports.values()):
            return reports
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"the reports stayed pending or stale: {reports}")
        await asyncio.sleep(0.1)


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
