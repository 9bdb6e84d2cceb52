"""Purchase orders through the API, step by step: every lifecycle step stamped, nothing moving
backwards, repeated steps harmless (a double-clicked ship, a re-sent QC), over- and short
delivery recorded, and the payable's money in minor units."""

from __future__ import annotations

from datetime import timedelta

from accounts.users import issue_token
from api.state import AppState
from core import clock
from tests.api.suppliers_world import (
    ACCEPT,
    APPROVE_EARLY,
    DECLINE,
    LIST,
    MY_PAYABLES,
    PAID,
    PO,
    RECEIVE,
    REQUEST_EARLY,
    SCHEDULE,
    SHIP,
    START,
    build_supplier_world,
    issue_order,
    step,
)
from tests.conftest import GraphQL


async def test_an_order_goes_from_issued_to_listed_and_every_step_is_stamped(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    today = clock.now().date()
    po = await issue_order(gql, brand, maker.supplier_id, today + timedelta(days=7))
    assert po["state"] == "ISSUED" and po["ordered"] == 100
    assert po["amount"] == {"amountMinor": 123_400, "currency": "USD"}
    assert po["payable"] is None

    frozen_clock.advance(timedelta(hours=3))
    accepted = await step(gql, ACCEPT, maker.account.token, id=po["id"])
    assert accepted["errors"] == []
    assert accepted["purchaseOrder"]["state"] == "ACCEPTED"
    accepted_at = accepted["purchaseOrder"]["acceptedAt"]

    frozen_clock.advance(timedelta(hours=1))
    started = await step(gql, START, maker.account.token, id=po["id"])
    assert started["purchaseOrder"]["state"] == "IN_PRODUCTION"

    # Two shipments: 60 now, 40 two days later.
    frozen_clock.advance(timedelta(days=2))
    first = await step(gql, SHIP, maker.account.token, id=po["id"], q=60, k="box-1")
    assert first["purchaseOrder"]["state"] == "SHIPPED"
    assert first["purchaseOrder"]["shipped"] == 60
    frozen_clock.advance(timedelta(days=2))
    second = await step(gql, SHIP, maker.account.token, id=po["id"], q=40, k="box-2")
    assert second["purchaseOrder"]["shipped"] == 100
    assert [s["key"] for s in second["purchaseOrder"]["shipments"]] == ["box-1", "box-2"]
    # The first shipment's time stays the order's first-shipped time.
    assert second["purchaseOrder"]["firstShippedAt"] == first["purchaseOrder"]["firstShippedAt"]

    frozen_clock.advance(timedelta(days=1))
    received = await step(
        gql, RECEIVE, brand.token, id=po["id"], p=95, d=5, k="qc-1", r="Loose stitching"
    )
    assert received["errors"] == []
    order = received["purchaseOrder"]
    assert order["state"] == "RECEIVED"
    assert order["receipt"] == {
        "passed": 95,
        "defective": 5,
        "received": 100,
        "reason": "Loose stitching",
        "delivery": "EXACT",
        "difference": 0,
    }
    # A new supplier is B: 30 days' terms from the day of receipt.
    received_on = clock.now().date()
    assert order["payable"] == {
        "state": "OPEN",
        "amount": {"amountMinor": 95 * 1234},
        "balance": {"amountMinor": 95 * 1234},
        "dueDate": (received_on + timedelta(days=30)).isoformat(),
        "termsDays": 30,
        "grade": "B",
    }

    frozen_clock.advance(timedelta(hours=5))
    listed = await step(gql, LIST, brand.token, id=po["id"])
    final = listed["purchaseOrder"]
    assert final["state"] == "LISTED"
    assert [h["state"] for h in final["history"]] == [
        "ISSUED",
        "ACCEPTED",
        "IN_PRODUCTION",
        "SHIPPED",
        "SHIPPED",
        "RECEIVED",
        "LISTED",
    ]
    assert final["acceptedAt"] == accepted_at
    stamps = [
        final[k]
        for k in (
            "issuedAt",
            "acceptedAt",
            "productionStartedAt",
            "firstShippedAt",
            "receivedAt",
            "listedAt",
        )
    ]
    assert all(stamps) and stamps == sorted(stamps)
    # Issued → listed in 5 days 9 hours: within the 7-day target.
    assert final["leadTime"]["onTarget"] is True
    assert abs(final["leadTime"]["totalDays"] - (5 + 9 / 24)) < 1e-6
    assert final["late"] is False


async def test_steps_never_move_an_order_backwards(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    po = await issue_order(gql, brand, maker.supplier_id, clock.now().date() + timedelta(days=7))
    # Not yet accepted: no production, no shipment, no receipt, no listing.
    for document, token, extra, action in (
        (START, maker.account.token, {}, "put into production"),
        (SHIP, maker.account.token, {"q": 1, "k": "x"}, "shipped"),
        (RECEIVE, brand.token, {"p": 1, "d": 0, "k": "x"}, "received"),
        (LIST, brand.token, {}, "listed"),
    ):
        refused = await step(gql, document, token, id=po["id"], **extra)
        assert refused["purchaseOrder"] is None
        assert refused["errors"] == [
            {
                "field": None,
                "code": "INVALID_STATE",
                "message": f"This order is issued; it cannot be {action}.",
            }
        ]
    await step(gql, ACCEPT, maker.account.token, id=po["id"])
    await step(gql, START, maker.account.token, id=po["id"])
    # Accepted and in production: it can no longer be declined.
    declined = await step(gql, DECLINE, maker.account.token, id=po["id"], r="Too busy")
    assert declined["errors"][0]["code"] == "INVALID_STATE"
    await step(gql, SHIP, maker.account.token, id=po["id"], q=100, k="all")
    await step(gql, RECEIVE, brand.token, id=po["id"], p=100, d=0, k="qc")
    # Received: no more shipments.
    late_box = await step(gql, SHIP, maker.account.token, id=po["id"], q=5, k="late")
    assert late_box["errors"][0]["code"] == "INVALID_STATE"
    # Repeating an earlier step answers the order as it is, unchanged.
    again = await step(gql, ACCEPT, maker.account.token, id=po["id"])
    assert again["errors"] == [] and again["purchaseOrder"]["state"] == "RECEIVED"
    stored = (await gql(PO, {"id": po["id"]}, token=brand.token))["data"]["purchaseOrder"]
    assert stored["state"] == "RECEIVED" and stored["shipped"] == 100


async def test_a_declined_order_says_why_and_stays_declined(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    po = await issue_order(gql, brand, maker.supplier_id, clock.now().date() + timedelta(days=7))
    blank = await step(gql, DECLINE, maker.account.token, id=po["id"], r="   ")
    assert blank["errors"] == [
        {"field": "reason", "code": "REQUIRED", "message": "Say why you decline the order."}
    ]
    declined = await step(gql, DECLINE, maker.account.token, id=po["id"], r="Fabric sold out")
    assert declined["purchaseOrder"]["state"] == "DECLINED"
    assert declined["purchaseOrder"]["declineReason"] == "Fabric sold out"
    assert declined["purchaseOrder"]["declinedAt"] is not None
    # Declining twice is one decline; accepting a declined order is refused.
    twice = await step(gql, DECLINE, maker.account.token, id=po["id"], r="Fabric sold out")
    assert (
        twice["errors"] == []
        and twice["purchaseOrder"]["declinedAt"] == (declined["purchaseOrder"]["declinedAt"])
    )
    accepted = await step(gql, ACCEPT, maker.account.token, id=po["id"])
    assert accepted["errors"][0]["code"] == "INVALID_STATE"


async def test_a_double_clicked_shipment_and_a_resent_qc_count_once(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    po = await issue_order(gql, brand, maker.supplier_id, clock.now().date() + timedelta(days=7))
    await step(gql, ACCEPT, maker.account.token, id=po["id"])
    await step(gql, START, maker.account.token, id=po["id"])
    clicks = [
        await step(gql, SHIP, maker.account.token, id=po["id"], q=50, k="ship-7f3a")
        for _ in range(3)
    ]
    assert [c["purchaseOrder"]["shipped"] for c in clicks] == [50, 50, 50]
    assert len(clicks[-1]["purchaseOrder"]["shipments"]) == 1

    sends = [
        await step(gql, RECEIVE, brand.token, id=po["id"], p=48, d=2, k="qc-1", r="Stains")
        for _ in range(2)
    ]
    assert [s["errors"] for s in sends] == [[], []]
    assert sends[0]["purchaseOrder"]["receipt"] == sends[1]["purchaseOrder"]["receipt"]
    # A second, different QC of the same order is refused, and nothing was billed twice.
    other = await step(gql, RECEIVE, brand.token, id=po["id"], p=50, d=0, k="qc-2")
    assert other["errors"][0]["code"] == "INVALID_STATE"
    ledger = await state.db.supplier_ledger.find({"po_id": po["id"]}).to_list()
    assert [(e["kind"], e["amount_minor"]) for e in ledger] == [("PAYABLE", 48 * 1234)]


async def test_over_and_short_deliveries_are_recorded_and_only_ordered_pieces_billed(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    due = clock.now().date() + timedelta(days=7)
    outcomes = {}
    for name, shipped, passed, defective in (
        ("over", 110, 108, 2),
        ("short", 90, 90, 0),
    ):
        po = await issue_order(gql, brand, maker.supplier_id, due, unit_cost=999)
        await step(gql, ACCEPT, maker.account.token, id=po["id"])
        await step(gql, START, maker.account.token, id=po["id"])
        await step(gql, SHIP, maker.account.token, id=po["id"], q=shipped, k="s")
        got = await step(
            gql, RECEIVE, brand.token, id=po["id"], p=passed, d=defective, k="q", r="Torn"
        )
        outcomes[name] = got["purchaseOrder"]
    assert outcomes["over"]["receipt"]["delivery"] == "OVER"
    assert outcomes["over"]["receipt"]["difference"] == 10
    # 108 passed, but 100 were ordered: 100 are billed.
    assert outcomes["over"]["payable"]["amount"] == {"amountMinor": 100 * 999}
    assert outcomes["short"]["receipt"]["delivery"] == "SHORT"
    assert outcomes["short"]["receipt"]["difference"] == -10
    assert outcomes["short"]["payable"]["amount"] == {"amountMinor": 90 * 999}


async def test_defects_need_a_reason_and_a_receipt_needs_pieces(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    po = await issue_order(gql, brand, maker.supplier_id, clock.now().date() + timedelta(days=7))
    await step(gql, ACCEPT, maker.account.token, id=po["id"])
    await step(gql, START, maker.account.token, id=po["id"])
    await step(gql, SHIP, maker.account.token, id=po["id"], q=100, k="s")
    no_reason = await step(gql, RECEIVE, brand.token, id=po["id"], p=90, d=10, k="q")
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REQUIRED")]
    nothing = await step(gql, RECEIVE, brand.token, id=po["id"], p=0, d=0, k="q")
    assert [(e["field"], e["code"]) for e in nothing["errors"]] == [("passed", "INVALID")]
    negative = await step(gql, RECEIVE, brand.token, id=po["id"], p=-1, d=0, k="q")
    assert negative["errors"][0]["code"] == "INVALID"
    stored = (await gql(PO, {"id": po["id"]}, token=brand.token))["data"]["purchaseOrder"]
    assert stored["state"] == "SHIPPED" and stored["payable"] is None


async def test_early_payment_at_a_stated_discount_and_the_schedule_in_minor_units(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand, maker = world.brand, world.suppliers[0]
    due = clock.now().date() + timedelta(days=7)
    ids = []
    for passed, cost in ((95, 1234), (7, 333)):
        po = await issue_order(gql, brand, maker.supplier_id, due, unit_cost=cost)
        await step(gql, ACCEPT, maker.account.token, id=po["id"])
        await step(gql, START, maker.account.token, id=po["id"])
        await step(gql, SHIP, maker.account.token, id=po["id"], q=100, k="s")
        await step(gql, RECEIVE, brand.token, id=po["id"], p=passed, d=100 - passed, k="q", r="x")
        ids.append(po["id"])
    big, small = ids
    today = clock.now().date()

    # Approving what nobody asked for is refused; the brand cannot ask, the supplier can.
    unasked = await step(gql, APPROVE_EARLY, brand.token, id=big, b=250)
    assert unasked["errors"][0]["code"] == "INVALID_STATE"
    too_late = await step(
        gql, REQUEST_EARLY, maker.account.token, id=big, d=(today + timedelta(days=30)).isoformat()
    )
    assert too_late["errors"][0]["field"] == "payOn"
    pay_on = (today + timedelta(days=3)).isoformat()
    asked = await step(gql, REQUEST_EARLY, maker.account.token, id=big, d=pay_on)
    assert asked["payable"]["state"] == "EARLY_REQUESTED"
    assert asked["payable"]["requestedPayDate"] == pay_on

    approved = await step(gql, APPROVE_EARLY, brand.token, id=big, b=250)
    payable = approved["payable"]
    amount = 95 * 1234  # 117 230
    discount = amount * 250 // 10_000  # 2 930.75 → 2 930: the fraction stays the supplier's
    assert payable["amount"]["amountMinor"] == amount == 117_230
    assert payable["discount"]["amountMinor"] == discount == 2_930
    assert payable["balance"]["amountMinor"] == amount - discount == 114_300
    assert payable["dueDate"] == pay_on and payable["state"] == "EARLY_APPROVED"
    assert payable["originalDueDate"] == (today + timedelta(days=30)).isoformat()
    # Approving twice is one approval.
    again = await step(gql, APPROVE_EARLY, brand.token, id=big, b=250)
    assert again["payable"]["balance"] == {"amountMinor": 114_300}

    schedule = (await gql(SCHEDULE, token=brand.token))["data"]["payablesSchedule"]
    rows = [e["node"] for e in schedule["payables"]["edges"]]
    # Soonest first: the early one, then the other on its terms.
    assert [r["purchaseOrderId"] for r in rows] == [big, small]
    assert schedule["openBalanceMinor"] == 114_300 + 7 * 333
    assert schedule["currency"] == "USD" and schedule["overdue"] == 0

    paid = await step(gql, PAID, brand.token, id=big)
    assert paid["payable"]["state"] == "PAID"
    assert paid["payable"]["paid"] == {"amountMinor": 114_300}
    assert paid["payable"]["balance"] == {"amountMinor": 0}
    assert [e["kind"] for e in paid["payable"]["entries"]] == [
        "PAYABLE",
        "EARLY_REQUESTED",
        "EARLY_APPROVED",
        "PAID",
    ]
    assert sum(e["amount"]["amountMinor"] for e in paid["payable"]["entries"]) == 0
    twice = await step(gql, PAID, brand.token, id=big)
    assert twice["payable"]["paid"] == {"amountMinor": 114_300}

    mine = (await gql(MY_PAYABLES, token=maker.account.token))["data"]["myPayables"]
    assert mine["openBalanceMinor"] == 7 * 333
    # Past its due date unpaid, a payable is overdue.
    frozen_clock.advance(timedelta(days=31))
    fresh = issue_token(state.settings, brand.user)  # a week-long token has expired by then
    later = (await gql(SCHEDULE, token=fresh))["data"]["payablesSchedule"]
    assert later["overdue"] == 1
