"""Grades, payment terms and allocation through the API: recomputing (on demand and by the
monthly Celery task), the scorecard and its explanation, terms fixed at receipt by the grade
then, a drop's batches split across suppliers and issued — by `allocateBatch` and by
`placeReorder`."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import httpx
from celery.result import allow_join_result

from accounts.users import Role, issue_token
from api.state import AppState
from commerce.orders import return_key
from commerce.supplier_tasks import recompute_grades
from core import clock
from tests.api.commerce_world import ShopClient, make_product, make_shop
from tests.api.drops_world import BUTTER, CREATE_DROP, build_drop_world, drop_input, product_input
from tests.api.helpers import Account, make_account
from tests.api.suppliers_world import (
    ACCEPT,
    MY_GRADE,
    PREVIEW,
    RECEIVE,
    RECOMPUTE,
    SHIP,
    START,
    SUPPLIERS,
    SupplierMember,
    build_supplier_world,
    invite,
    issue_order,
    step,
)
from tests.conftest import GraphQL

TERMS = {"S": 7, "A": 15, "B": 30, "C": 45, "D": 45}
ORDER = "SABCD"


def fresh(account: Account, state: AppState) -> Account:
    """The account with a token made now (a week-long token expires as the clock moves)."""
    return Account(account.user, issue_token(state.settings, account.user), account.password)


async def deliver(
    state: AppState,
    gql: GraphQL,
    brand: Account,
    maker: SupplierMember,
    frozen: clock.FrozenClock,
    *,
    orders: int = 1,
    late: bool,
    defective: int,
) -> list[dict[str, Any]]:
    """`orders` orders of 100 pieces due in 7 days, delivered on day 5 or (late) day 10; the
    clock is put back where it was, so suppliers can be compared over the same days."""
    start = clock.now()
    due = start.date() + timedelta(days=7)
    ids = [(await issue_order(gql, brand, maker.supplier_id, due))["id"] for _ in range(orders)]
    for po_id in ids:
        await step(gql, ACCEPT, maker.account.token, id=po_id)
        await step(gql, START, maker.account.token, id=po_id)
    frozen.advance(timedelta(days=10 if late else 5))
    brand_now, maker_now = fresh(brand, state), fresh(maker.account, state)
    received = []
    for po_id in ids:
        await step(gql, SHIP, maker_now.token, id=po_id, q=100, k="s")
        got = await step(
            gql, RECEIVE, brand_now.token, id=po_id, p=100 - defective, d=defective, k="q",
            r="Holes",
        )  # fmt: skip
        received.append(got["purchaseOrder"])
    frozen.advance(start - clock.now())
    return received


async def test_grades_follow_the_record_and_explain_themselves(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    good, poor = world.suppliers
    await deliver(state, gql, world.brand, good, frozen_clock, orders=6, late=False, defective=0)
    await deliver(state, gql, world.brand, poor, frozen_clock, orders=6, late=True, defective=15)
    frozen_clock.advance(timedelta(days=11))
    world.brand = fresh(world.brand, state)
    poor.account = fresh(poor.account, state)
    recomputed = await gql(RECOMPUTE, token=world.brand.token)
    grades = {g["supplierId"]: g for g in recomputed["data"]["recomputeSupplierGrades"]["grades"]}
    assert recomputed["data"]["recomputeSupplierGrades"]["errors"] == []
    g, p = grades[good.supplier_id], grades[poor.supplier_id]
    assert g["score"] > p["score"]
    assert ORDER.index(g["grade"]) < ORDER.index(p["grade"])
    assert g["kpis"]["onTimeRate"] == 1.0 and p["kpis"]["onTimeRate"] == 0.0
    assert p["kpis"]["defectRate"] == 0.15
    assert g["termsDays"] == TERMS[g["grade"]] and p["termsDays"] == TERMS[p["grade"]]
    assert any("On-time rate" in r and "lowered" in r for r in p["reasons"])
    assert p["nextGrade"] is not None and p["improvements"]
    # Shrinkage: six perfect orders move the good supplier toward, not onto, perfection.
    on_time = next(c for c in g["components"] if c["name"] == "on_time")
    assert on_time["raw"] == 1.0 and 0.75 < on_time["shrunk"] < 1.0

    # The supplier reads its own grade and what would raise it; the brand the scorecards.
    mine = (await gql(MY_GRADE, token=poor.account.token))["data"]["myGrade"]
    assert mine["grade"] == p["grade"] and mine["stored"] is True
    listed = (await gql(SUPPLIERS, token=world.brand.token))["data"]["suppliers"]["edges"]
    cards = {e["node"]["id"]: e["node"] for e in listed}
    assert cards[poor.supplier_id]["grade"] == p["grade"]
    assert [h["grade"] for h in cards[poor.supplier_id]["gradeHistory"]] == [p["grade"]]
    assert cards[poor.supplier_id]["scorecard"]["stored"] is False
    assert cards[poor.supplier_id]["acceptsOrders"] is (p["grade"] != "D")

    # A payable created now takes the terms of the grade now.
    good.account = fresh(good.account, state)
    [po] = await deliver(state, gql, world.brand, good, frozen_clock, late=False, defective=0)
    assert po["payable"]["grade"] == g["grade"]
    assert po["payable"]["termsDays"] == TERMS[g["grade"]]


async def test_the_monthly_task_recomputes_once_per_month(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    await deliver(
        state, gql, world.brand, world.suppliers[0], frozen_clock, late=False, defective=0
    )
    with allow_join_result():
        first = recompute_grades.delay(world.brand.user.id).get(timeout=60)
        again = recompute_grades.delay(world.brand.user.id).get(timeout=60)
    assert first == again == 2
    stored = await state.db.supplier_grades.find({}).to_list()
    assert len(stored) == 2 and {d["period"] for d in stored} == {"2026-06"}
    frozen_clock.advance(timedelta(days=31))
    with allow_join_result():
        recompute_grades.delay().get(timeout=60)
    periods = sorted(d["period"] for d in await state.db.supplier_grades.find({}).to_list())
    assert periods == ["2026-06", "2026-06", "2026-07", "2026-07"]


async def test_allocation_preview_and_the_brands_own_split(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql, count=2)
    knits = await invite(state, gql, world.brand, "Knit Co", "knit@example.com", {"knitwear": 300})
    due = (clock.now().date() + timedelta(days=7)).isoformat()
    preview = (await gql(PREVIEW, {"c": "Dresses", "q": 200, "d": due}, token=world.brand.token))[
        "data"
    ]["allocationPreview"]
    assert preview["allocated"] == 200 and preview["unallocated"] == 0
    assert {s["supplierId"] for s in preview["shares"]} == {m.supplier_id for m in world.suppliers}
    assert all(s["reason"] for s in preview["shares"])
    assert [e["supplierId"] for e in preview["excluded"]] == [knits.supplier_id]
    first, second = world.suppliers
    own = (
        await gql(
            PREVIEW,
            {
                "c": "dresses",
                "q": 200,
                "d": due,
                "o": [
                    {"supplierId": first.supplier_id, "quantity": 150},
                    {"supplierId": second.supplier_id, "quantity": 50},
                ],
            },
            token=world.brand.token,
        )
    )["data"]["allocationPreview"]
    assert own["overridden"] is True
    assert [(s["supplierId"], s["quantity"]) for s in own["shares"]] == [
        (first.supplier_id, 150),
        (second.supplier_id, 50),
    ]
    refused = await gql(
        PREVIEW,
        {
            "c": "dresses",
            "q": 200,
            "d": due,
            "o": [{"supplierId": knits.supplier_id, "quantity": 200}],
        },
        token=world.brand.token,
        expect_errors=True,
    )
    assert refused["errors"][0]["extensions"] == {"code": "NOT_QUALIFIED", "field": "override.0"}


ALLOCATE = """
mutation($p: ID!, $b: Int!, $o: [AllocationShareInput!]) {
  allocateBatch(productId: $p, batchNumber: $b, override: $o) {
    allocation { quantity allocated unallocated shares { supplierId quantity reason } }
    purchaseOrders { id supplierId ordered batchNumber dropId state allocationReason
                     lines { sku unitCost { amountMinor } }
                     leadTime { noticedToDropDays dropToIssueDays elapsedDays } }
    errors { field code message }
  }
}"""
REORDER = """
mutation($p: ID!, $q: Int!, $d: Date!) {
  placeReorder(productId: $p, quantity: $q, expectedDate: $d) {
    product { id batches { number quantity } }
    errors { field code }
    allocation { allocated unallocated }
    purchaseOrders { id supplierId ordered batchNumber }
    allocationErrors { field code }
  }
}"""
LEAD = """query($d: ID!) { dropLeadTime(dropId: $d) { orders listedOrders onTarget targetDays
  toFirstListingDays } }"""


async def test_a_drops_first_batch_and_its_reorder_become_purchase_orders(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    drops = await build_drop_world(state)
    # The designer noticed the trend two days before making the drop.
    watched = await gql(
        "mutation($id: ID!) { watchElement(id: $id) { errors { code } } }",
        {"id": BUTTER},
        token=drops.designer.token,
    )
    assert watched["data"]["watchElement"]["errors"] == []
    frozen_clock.advance(timedelta(days=2))
    makers = [
        await invite(state, gql, drops.brand, f"Maker {n}", f"maker{n}@example.com")
        for n in range(2)
    ]
    created = await gql(
        CREATE_DROP,
        {"input": drop_input([product_input("DRS-SUN", "dresses", units=100)])},
        token=drops.designer.token,
    )
    drop = created["data"]["createTestDrop"]["testDrop"]
    product_id = drop["products"][0]["id"]

    frozen_clock.advance(timedelta(hours=6))
    answer = await gql(ALLOCATE, {"p": product_id, "b": 1}, token=drops.designer.token)
    payload = answer["data"]["allocateBatch"]
    assert payload["errors"] == []
    assert payload["allocation"]["allocated"] == 100
    orders = payload["purchaseOrders"]
    assert {o["supplierId"] for o in orders} == {m.supplier_id for m in makers}
    assert sum(o["ordered"] for o in orders) == 100
    assert all(o["batchNumber"] == 1 and o["dropId"] == drop["id"] for o in orders)
    assert all(o["lines"][0]["unitCost"]["amountMinor"] == 1100 for o in orders)
    assert all(abs(o["leadTime"]["dropToIssueDays"] - 0.25) < 1e-9 for o in orders)
    assert all(abs(o["leadTime"]["noticedToDropDays"] - 2) < 1e-9 for o in orders)
    assert all(abs(o["leadTime"]["elapsedDays"] - 2.25) < 1e-9 for o in orders)
    # Allocating the same batch again finds the same orders.
    again = await gql(ALLOCATE, {"p": product_id, "b": 1}, token=drops.designer.token)
    assert {o["id"] for o in again["data"]["allocateBatch"]["purchaseOrders"]} == {
        o["id"] for o in orders
    }
    assert await state.db.purchase_orders.count_documents({}) == 2

    # A re-order keeps its contract (the product with its new batch) and issues its orders.
    due = (clock.now().date() + timedelta(days=10)).isoformat()
    placed = (await gql(REORDER, {"p": product_id, "q": 60, "d": due}, token=drops.brand.token))[
        "data"
    ]["placeReorder"]
    assert placed["errors"] == [] and placed["allocationErrors"] == []
    assert [b["number"] for b in placed["product"]["batches"]] == [1, 2]
    assert placed["allocation"] == {"allocated": 60, "unallocated": 0}
    assert sum(o["ordered"] for o in placed["purchaseOrders"]) == 60
    assert {o["batchNumber"] for o in placed["purchaseOrders"]} == {2}

    lead = (await gql(LEAD, {"d": drop["id"]}, token=drops.brand.token))["data"]["dropLeadTime"]
    # Noticed 2 days 6 hours ago, nothing listed yet: still within the 7-day target.
    assert lead["orders"] == 4 and lead["listedOrders"] == 0 and lead["onTarget"] is None
    assert lead["targetDays"] == 7


MARK = """
mutation($r: ID!, $s: String!, $q: Int) {
  markQualityReturn(returnId: $r, sku: $s, quantity: $q, note: "Seam split after one wear") {
    qualityReturn { returnId sku quantity note tracedPurchaseOrderId }
    errors { field code }
  }
}"""


async def test_quality_returns_count_against_the_order_that_made_the_pieces(
    state: AppState, gql: GraphQL, client: httpx.AsyncClient, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql, count=1)
    shop_id, secret = await make_shop(state, world.brand)
    shop = ShopClient(client, shop_id, secret)
    await make_product(gql, world.brand, sku="DRS-1", price=3000)
    [po] = await deliver(
        state, gql, world.brand, world.suppliers[0], frozen_clock, late=False, defective=0
    )
    frozen_clock.advance(timedelta(days=7))  # after the receipt
    brand = fresh(world.brand, state)
    sold = await shop.order(
        {
            "order_id": "A-1",
            "currency": "USD",
            "customer_id": "c-1",
            "lines": [{"sku": "DRS-1", "quantity": 3, "amount": 9000}],
        }
    )
    assert sold.status_code in (200, 201), sold.text
    refund = {
        "return_id": "R-1",
        "order_id": "A-1",
        "lines": [{"sku": "DRS-1", "quantity": 3, "amount": 9000}],
    }
    deadline = time.monotonic() + 20
    while (answer := await shop.refund(refund)).status_code == 409 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)  # the order is still being credited
    assert answer.status_code in (200, 201), answer.text
    return_id = return_key(shop_id, "R-1")

    too_many = await gql(MARK, {"r": return_id, "s": "DRS-1", "q": 4}, token=brand.token)
    assert too_many["data"]["markQualityReturn"]["errors"] == [
        {"field": "quantity", "code": "INVALID"}
    ]
    for _ in range(2):  # marking twice is one mark
        marked = await gql(MARK, {"r": return_id, "s": "DRS-1", "q": 2}, token=brand.token)
        got = marked["data"]["markQualityReturn"]
        assert got["errors"] == []
        assert got["qualityReturn"]["tracedPurchaseOrderId"] == po["id"]
    other_brand = await make_account(state, Role.BRAND)
    hidden = await gql(MARK, {"r": return_id, "s": "DRS-1"}, token=other_brand.token)
    assert hidden["data"]["markQualityReturn"]["errors"] == [
        {"field": "returnId", "code": "NOT_FOUND"}
    ]

    grades = (await gql(RECOMPUTE, token=brand.token))["data"]["recomputeSupplierGrades"]
    [grade] = grades["grades"]
    assert grade["kpis"]["defects"] == 2
    assert grade["kpis"]["defectRate"] == 2 / 100
