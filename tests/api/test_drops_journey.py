"""The test-batch loop through the real surface: an admin attaches a designer to a brand, the
designer makes a drop from an emerging element, a KOL's link is clicked, the shop's signed
webhooks sell and partly return units over six (injected) days, the verdict job runs through
Celery, the hit shows REORDER with its reasons while the slow product does not, the designer
hears it is about to sell out, places the re-order, and batch 2 carries the sales on."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from celery.result import allow_join_result

from accounts.users import Role, issue_token
from api.state import AppState
from core import clock
from feeds.drops.tasks import recompute_verdicts
from feeds.tasks import flush_impressions
from tests.api.commerce_world import ShopClient, click, click_id_of, make_link, make_shop
from tests.api.drops_world import (
    BUTTER,
    CREATE_DROP,
    DROP,
    DROPS,
    GINGHAM,
    REORDER,
    RISING,
    SET_BRAND,
    drop_input,
    plant_trends,
    product_input,
)
from tests.api.helpers import Account, make_account
from tests.api.post_helpers import published_post
from tests.conftest import GraphQL

NOTIFICATIONS = """{ myNotifications { edges { node {
  id kind message testDropId productId read } } } }"""
FEED = "{ feed(first: 10) { edges { node { id } } } }"
MARK_READ = """mutation($id: ID!) { markNotificationRead(id: $id) {
  notification { id read } errors { code } } }"""


def at(day: int, hour: int = 14, minute: int = 0) -> datetime:
    return datetime(2026, 6, 1, hour, minute, tzinfo=UTC) + timedelta(days=day)


def token(state: AppState, account: Account) -> str:
    """A token issued now: the clock moves past the first one's lifetime."""
    return issue_token(state.settings, account.user)


async def computed(gql: GraphQL, state: AppState, who: Account, drop_id: str) -> dict[str, Any]:
    """The drop once the verdict task queued by its creation has run."""
    for _ in range(200):
        result = await gql(DROP, {"id": drop_id}, token=token(state, who))
        if result["data"]["testDrop"]["computedAt"]:
            return dict(result["data"]["testDrop"])
        await asyncio.sleep(0.02)
    raise AssertionError("the drop's verdicts were never computed")


def run_verdict_job() -> dict[str, Any]:
    with allow_join_result():
        result: dict[str, Any] = recompute_verdicts.delay().get(timeout=30)
    return result


async def test_from_an_emerging_element_to_a_second_batch(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    frozen_clock.advance(at(0, 9) - frozen_clock.now())
    brand = await make_account(state, Role.BRAND, name="Northwind")
    designer = await make_account(state, Role.DESIGNER, name="Ravi Design")
    admin = await make_account(state, Role.ADMIN)
    influencer = await make_account(state, Role.INFLUENCER, name="Lena Style")
    shop_id, secret = await make_shop(state, brand)
    shop = ShopClient(client, shop_id, secret)

    # Not attached to a brand yet: the designer is told what to do.
    early = await gql(
        CREATE_DROP, {"input": drop_input([product_input("DRS-1", "Dresses")])}, designer.token
    )
    assert early["data"]["createTestDrop"]["errors"][0]["code"] == "NO_BRAND"
    attached = await gql(SET_BRAND, {"d": designer.user.id, "b": brand.user.id}, admin.token)
    assert attached["data"]["setDesignerBrand"]["brandId"] == brand.user.id

    made = await gql(
        CREATE_DROP,
        {"input": drop_input([product_input("DRS-1", "Dresses"), product_input("TOP-1", "Tops")])},
        designer.token,
    )
    payload = made["data"]["createTestDrop"]
    assert payload["errors"] == []
    drop = payload["testDrop"]
    assert drop["elements"] == [{"id": BUTTER, "name": "Butter yellow"}]
    assert [p["sku"] for p in drop["products"]] == ["DRS-1", "TOP-1"]
    dress_id = drop["products"][0]["id"]
    slow = await gql(
        CREATE_DROP,
        {
            "input": drop_input(
                [product_input("GNG-1", "Dresses")], name="Gingham", elementIds=[GINGHAM]
            )
        },
        designer.token,
    )
    slow_id = slow["data"]["createTestDrop"]["testDrop"]["id"]
    first = await computed(gql, state, designer, drop["id"])
    assert first["products"][0]["verdict"]["verdict"] == "WATCH"  # launched this morning

    # A KOL posts the new dress and links it; a shopper sees the post in their feed, follows
    # the link and buys through it.
    post = await published_post(
        client,
        state,
        influencer.token,
        seed=9,
        caption="Butter yellow for summer #ootd",
        product_tags=[{"productId": dress_id, "imageIndex": 0, "x": 0.5, "y": 0.6}],
    )
    for _ in range(300):
        if await state.db.post_elements.find_one({"_id": post["_id"]}):
            break
        await asyncio.sleep(0.02)
    shopper = await make_account(state, Role.SHOPPER, market="US")
    fed = await gql(FEED, token=shopper.token)
    assert post["_id"] in [e["node"]["id"] for e in fed["data"]["feed"]["edges"]]
    with allow_join_result():
        flush_impressions.delay().get(timeout=30)
    link = await make_link(gql, influencer, dress_id)
    click_id = click_id_of(await click(client, link["code"]))

    order_number = 0

    async def sell(day: int, lines: dict[str, int], with_click: bool = False) -> str:
        nonlocal order_number
        frozen_clock.advance(at(day, 10 + order_number % 8) - frozen_clock.now())
        order_number += 1
        order_id = f"NW-{order_number}"
        body: dict[str, Any] = {
            "order_id": order_id,
            "currency": "USD",
            "customer_id": f"cust-{order_number}",
            "lines": [{"sku": s, "quantity": q, "amount": 3999 * q} for s, q in lines.items()],
        }
        if with_click:
            body["click_id"] = click_id
        response = await shop.order(body)
        assert response.status_code == 201, response.text
        return order_id

    for day, dresses in enumerate([14, 14, 15, 14, 14, 14]):
        first_half = dresses // 2
        order_id = await sell(day, {"DRS-1": first_half, "TOP-1": 1}, with_click=day == 0)
        await sell(
            day,
            {"DRS-1": dresses - first_half},
        )
        await sell(day, {"GNG-1": 1})
        if day == 2:
            partly_returned = order_id
    for day, units in ((3, 2), (4, 1)):  # two, then one of the seven dresses come back
        frozen_clock.advance(at(day, 19) - frozen_clock.now())
        back = await shop.refund(
            {
                "return_id": f"RT-{day}",
                "order_id": partly_returned,
                "lines": [{"sku": "DRS-1", "quantity": units, "amount": 3999 * units}],
            }
        )
        assert back.status_code == 201, back.text

    # The next night: the trending feed shows butter yellow emerging; the job runs.
    frozen_clock.advance(at(6, 0, 30) - frozen_clock.now())
    plant_trends(state, {BUTTER: RISING})
    ran = run_verdict_job()
    assert ran["drops"] == 2 and ran["verdicts"] == {"REORDER": 1, "WATCH": 2}

    seen = (await gql(DROP, {"id": drop["id"]}, token(state, designer)))["data"]["testDrop"]
    assert seen["verdicts"] == ["REORDER", "WATCH"]
    assert seen["elements"][0]["state"] == "EMERGING"
    dress, top = seen["products"]
    verdict = dress["verdict"]
    assert verdict["verdict"] == "REORDER"
    # The gingham dress is its one peer (1 % a day): baseline (0.01 + 3 x 0.03) / 4 = 2.5 %.
    assert verdict["baselineDailySellThrough"] == pytest.approx((0.06 / (6 + 1 / 48) + 0.09) / 4)
    assert verdict["reasons"][:3] == [
        "sold 82% of 100 units in 6 days, 5.4\u00d7 the dresses baseline",
        "element “butter yellow” emerging",
        "returns 4%",
    ]
    forecast = verdict["forecast"]
    assert verdict["suggestedQuantity"] == forecast["quantity"] == 400
    assert forecast["need"] == forecast["cycleDemand"] + forecast["safetyStock"] - 18
    assert forecast["cycleDemand"] == forecast["dailyRate"] * 28
    assert verdict["reasons"][3].startswith("re-order 400 units: 13.5 a day \u00d7 (14 days")
    assert verdict["reorderCost"] == {"amountMinor": 400 * 1100, "currency": "USD"}
    assert (dress["unitsSold"], dress["unitsReturned"], dress["netUnitsSold"]) == (85, 3, 82)
    assert (dress["stockOnHand"], dress["sellThrough"], dress["clicks"]) == (18, 0.82, 1)
    assert (dress["posts"], dress["views"], top["posts"], top["views"]) == (1, 1, 0, 0)
    assert [p["netToDate"] for p in dress["series"]] == [14, 28, 43, 55, 68, 82, 82]
    assert dress["series"][0]["clicks"] == 1
    assert [b["number"] for b in dress["batches"]] == [1]
    assert top["verdict"]["verdict"] == "WATCH"  # 1 a day: slow, judged after a week
    assert top["verdict"]["reasons"][0].startswith("sold 6% of 100 units in 6 days, 0.3")

    # The dashboard: the dress is about to sell out, so its drop comes first; filters narrow.
    listed = await gql(DROPS, {}, token(state, designer))
    names = [e["node"]["name"] for e in listed["data"]["testDrops"]["edges"]]
    assert names == ["Butter yellow summer", "Gingham"]
    for chosen, expected in (
        ({"verdict": "REORDER"}, [drop["id"]]),
        ({"category": "TOPS"}, [drop["id"]]),
        ({"elementId": GINGHAM}, [slow_id]),
        ({"designerId": designer.user.id, "verdict": "DROP"}, []),
    ):
        found = await gql(DROPS, {"filter": chosen}, token(state, brand))
        assert [e["node"]["id"] for e in found["data"]["testDrops"]["edges"]] == expected, chosen

    # The designer was told, and marks the notice read.
    notes = await gql(NOTIFICATIONS, token=token(state, designer))
    (note,) = [e["node"] for e in notes["data"]["myNotifications"]["edges"]]
    assert note["kind"] == "SOLD_OUT_SOON" and note["productId"] == dress_id
    assert note["testDropId"] == drop["id"]
    assert "Suggested re-order: 400 units." in note["message"]
    read = await gql(MARK_READ, {"id": note["id"]}, token(state, designer))
    assert read["data"]["markNotificationRead"]["notification"]["read"] is True

    # Re-order: batch 2 arrives on the 10th; sales on the 11th run through it.
    placed = await gql(
        REORDER, {"p": dress_id, "q": 400, "d": "2026-06-10"}, token(state, designer)
    )
    product = placed["data"]["placeReorder"]["product"]
    assert placed["data"]["placeReorder"]["errors"] == []
    assert product["unitsOnOrder"] == 400
    assert [(b["number"], b["quantity"], b["arrived"]) for b in product["batches"]] == [
        (1, 100, True),
        (2, 400, False),
    ]
    await sell(10, {"DRS-1": 20})
    frozen_clock.advance(at(10, 23) - frozen_clock.now())
    later = (await gql(DROP, {"id": drop["id"]}, token(state, designer)))["data"]["testDrop"]
    dress = later["products"][0]
    assert [(b["number"], b["arrived"], b["sold"]) for b in dress["batches"]] == [
        (1, True, 100),
        (2, True, 2),
    ]
    assert dress["batches"][0]["soldOutOn"] == "2026-06-11"
    assert (dress["unitsReceived"], dress["unitsOnOrder"], dress["stockOnHand"]) == (500, 0, 398)
    assert dress["series"][-1]["receivedToDate"] == 500
    assert dress["sellThrough"] == 102 / 500
    run_verdict_job()
    judged = (await gql(DROP, {"id": drop["id"]}, token(state, designer)))["data"]["testDrop"]
    assert judged["products"][0]["verdict"]["forecast"]["position"] == 398
    assert judged["products"][0]["verdict"]["verdict"] in {"REORDER", "WATCH"}
