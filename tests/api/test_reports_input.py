"""Reports and bad input: who counts as a new customer, orders without a customer, empty and
inverted ranges, unknown models, campaigns of other brands — clear errors or empty reports."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import httpx

from accounts.users import Role, issue_token
from api.state import AppState
from core import clock
from tests.api.commerce_world import ShopClient, build_world, order_payload
from tests.api.helpers import make_account
from tests.api.test_reports import REPORT, drain, rows_of, summary, visit
from tests.conftest import GraphQL

TOTALS = """query($from: Date, $to: Date, $campaignId: ID, $currency: String) {
  attributionReport(groupBy: INFLUENCER, model: LINEAR, from: $from, to: $to,
    campaignId: $campaignId, currency: $currency) {
    pending totals { clicks conversions conversionRate newCustomers returnRate roas
      revenue { amountMinor } averageOrderValue { amountMinor } cac { amountMinor } }
    rows { edges { node { channelId } } } } }"""


def codes(result: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(e["extensions"]["code"], e["extensions"].get("field")) for e in result["errors"]]


async def test_new_customers_and_orders_without_a_customer(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_world(state, gql)
    shop = ShopClient(client, world.shop_id, world.secret)
    code = world.link["code"]
    # Day 0: a customer's first order with the brand, before the report's range.
    first = await shop.order(order_payload("2001", world.sku, 1_000, customer_id="cust-9"))
    assert first.status_code == 201
    frozen_clock.advance(timedelta(days=1))
    start = clock.now().date()
    returning = await visit(client, code, "visitor-returning-0001")
    anonymous = await visit(client, code, "visitor-anonymous-0001")
    frozen_clock.advance(timedelta(hours=1))
    for order_id, click_id, customer in (
        ("2002", returning, "cust-9"),  # the same customer again: credited, not new
        ("2003", anonymous, None),  # no customer id: the click still earns the credit
        ("2004", None, None),  # neither: nobody to credit
    ):
        response = await shop.order(
            order_payload(order_id, world.sku, 2_000, click_id, customer_id=customer)
        )
        assert response.status_code == 201, response.text
    await drain(state)
    frozen_clock.advance(timedelta(hours=1))

    token = issue_token(state.settings, world.brand.user)
    variables = {"from": start.isoformat(), "to": start.isoformat(), "groupBy": "INFLUENCER"}
    result = await gql(REPORT, {**variables, "model": "LAST_CLICK"}, token=token)
    report = result["data"]["attributionReport"]
    row = rows_of(report)[world.influencer.user.id]
    assert summary(row) == (2.0, 4_000, 400, 2)
    assert row["newCustomers"] == 0.0 and row["cac"] is None
    assert report["totals"]["conversions"] == 2.0


async def test_an_empty_range_gives_an_empty_report_without_nan(
    state: AppState, gql: GraphQL
) -> None:
    brand = await make_account(state, Role.BRAND)
    result = await gql(TOTALS, {"from": "2026-01-01", "to": "2026-01-31"}, token=brand.token)
    report = result["data"]["attributionReport"]
    assert report["pending"] is False and report["rows"]["edges"] == []
    totals = report["totals"]
    assert (totals["clicks"], totals["conversions"], totals["revenue"]) == (
        0,
        0.0,
        {"amountMinor": 0},
    )
    for name in ("conversionRate", "returnRate", "roas", "averageOrderValue", "cac"):
        assert totals[name] is None
    assert not any(isinstance(v, float) and math.isnan(v) for v in totals.values())


async def test_bad_report_input_gets_clear_errors(state: AppState, gql: GraphQL) -> None:
    brand = await make_account(state, Role.BRAND)
    inverted = await gql(
        TOTALS, {"from": "2026-02-01", "to": "2026-01-01"}, token=brand.token, expect_errors=True
    )
    assert codes(inverted) == [("INVALID_RANGE", "from")]
    too_long = await gql(
        TOTALS, {"from": "2020-01-01", "to": "2026-01-01"}, token=brand.token, expect_errors=True
    )
    assert codes(too_long) == [("RANGE_TOO_LONG", "to")]
    currency = await gql(TOTALS, {"currency": "DOLLARS"}, token=brand.token, expect_errors=True)
    assert codes(currency) == [("INVALID", "currency")]
    unknown = await gql(
        TOTALS,
        {"campaignId": "cmp_00000000000000000000000000"},
        token=brand.token,
        expect_errors=True,
    )
    assert codes(unknown) == [("NOT_FOUND", "campaignId")]
    model = await gql(
        "{ attributionReport(groupBy: INFLUENCER, model: MOST_LIKED) { pending } }",
        token=brand.token,
        expect_errors=True,
    )
    assert "data" not in model or model["data"] is None
    assert "MOST_LIKED" in model["errors"][0]["message"]
    rows = await gql(
        "{ attributionReport(groupBy: LINK) { rows(first: 0) { edges { cursor } } } }",
        token=brand.token,
        expect_errors=True,
    )
    assert codes(rows) == [("INVALID", "first")]
    cursor = await gql(
        '{ attributionReport(groupBy: LINK) { rows(after: "nope") { edges { cursor } } } }',
        token=brand.token,
        expect_errors=True,
    )
    assert codes(cursor) == [("INVALID_CURSOR", "after")]


async def test_another_brands_campaign_and_reports_are_not_found(
    state: AppState, gql: GraphQL
) -> None:
    world = await build_world(state, gql)
    rival = await make_account(state, Role.BRAND)
    stolen = await gql(
        TOTALS, {"campaignId": world.campaign_id}, token=rival.token, expect_errors=True
    )
    assert codes(stolen) == [("NOT_FOUND", "campaignId")]
    other_brand = await gql(
        f'{{ attributionReport(groupBy: LINK, brandId: "{world.brand.user.id}") {{ pending }} }}',
        token=rival.token,
        expect_errors=True,
    )
    assert codes(other_brand) == [("FORBIDDEN", None)]
    refresh = await gql(
        f'mutation {{ refreshReports(campaignId: "{world.campaign_id}") {{ queued errors '
        "{ field code } } }",
        token=rival.token,
    )
    assert refresh["data"]["refreshReports"]["errors"] == [
        {"field": "campaignId", "code": "NOT_FOUND"}
    ]


async def test_brand_settings_are_checked(state: AppState, gql: GraphQL) -> None:
    brand = await make_account(state, Role.BRAND)
    update = """mutation($input: UpdateBrandSettingsInput!) { updateBrandSettings(input: $input) {
      settings { baselineCac { amountMinor currency } } errors { field code } } }"""
    bad = await gql(
        update, {"input": {"baselineCacMinor": -5, "currency": "XX"}}, token=brand.token
    )
    assert bad["data"]["updateBrandSettings"] == {
        "settings": None,
        "errors": [
            {"field": "currency", "code": "INVALID"},
            {"field": "baselineCacMinor", "code": "INVALID"},
        ],
    }
    good = await gql(
        update, {"input": {"baselineCacMinor": 3_000, "currency": "GBP"}}, token=brand.token
    )
    assert good["data"]["updateBrandSettings"]["settings"]["baselineCac"] == {
        "amountMinor": 3_000,
        "currency": "GBP",
    }
    read = await gql(
        "{ brandSettings { currency baselineCac { amountMinor } } }", token=brand.token
    )
    assert read["data"]["brandSettings"] == {
        "currency": "GBP",
        "baselineCac": {"amountMinor": 3_000},
    }
    # The reporting currency is now the default currency of the brand's reports.
    report = await gql("{ attributionReport(groupBy: CAMPAIGN) { currency } }", token=brand.token)
    assert report["data"]["attributionReport"]["currency"] == "GBP"
