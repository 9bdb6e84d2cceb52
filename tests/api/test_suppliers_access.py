"""Who sees and does what in the supplier area: a supplier only its own orders and payables, a
brand only its own suppliers' data, each side only its own steps of the lifecycle."""

from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from tests.api.helpers import make_account
from tests.api.suppliers_world import (
    ACCEPT,
    BOARD,
    BRAND_POS,
    MY_GRADE,
    MY_PAYABLES,
    MY_POS,
    PO,
    RECEIVE,
    SCHEDULE,
    SHIP,
    START,
    SUPPLIERS,
    build_supplier_world,
    issue_order,
    step,
)
from tests.conftest import GraphQL

# Role → whether it may send each operation at all (the permission classes).
GUARDED = [
    ("myPurchaseOrders", "{ myPurchaseOrders { edges { cursor } } }", {"SUPPLIER", "ADMIN"}),
    ("myGrade", "{ myGrade { grade } }", {"SUPPLIER", "ADMIN"}),
    ("suppliers", "{ suppliers { edges { cursor } } }", {"BRAND", "DESIGNER", "ADMIN"}),
    (
        "payablesSchedule",
        "{ payablesSchedule { openBalanceMinor } }",
        {"BRAND", "DESIGNER", "ADMIN"},
    ),
    (
        "acceptPurchaseOrder",
        'mutation { acceptPurchaseOrder(id: "po_00000000000000000000000000") { errors { code } } }',
        {"SUPPLIER", "ADMIN"},
    ),
    (
        "receivePurchaseOrder",
        'mutation { receivePurchaseOrder(id: "po_00000000000000000000000000", passed: 1, '
        'defective: 0, key: "k") { errors { code } } }',
        {"BRAND", "DESIGNER", "ADMIN"},
    ),
    (
        "inviteSupplier",
        'mutation { inviteSupplier(input: {name: "X", contactEmail: "x@example.com", '
        "capacities: []}) { errors { code } } }",
        {"BRAND", "ADMIN"},
    ),
]


@pytest.mark.parametrize(("name", "document", "allowed"), GUARDED, ids=[g[0] for g in GUARDED])
async def test_each_role_may_send_only_its_operations(
    state: AppState, gql: GraphQL, name: str, document: str, allowed: set[str]
) -> None:
    for role in Role:
        account = await make_account(state, role)
        body = await gql(document, token=account.token, expect_errors=True)
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        if role.value in allowed:
            assert "FORBIDDEN" not in codes, (name, role, body)
        else:
            assert codes == ["FORBIDDEN"], (name, role, body)
    anonymous = await gql(document, expect_errors=True)
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]


async def test_a_supplier_sees_only_its_own_orders_and_payables(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql)
    brand = world.brand
    mine, theirs = world.suppliers
    due = clock.now().date() + timedelta(days=7)
    own = await issue_order(gql, brand, mine.supplier_id, due)
    other = await issue_order(gql, brand, theirs.supplier_id, due)
    for po, maker in ((own, mine), (other, theirs)):
        await step(gql, ACCEPT, maker.account.token, id=po["id"])
        await step(gql, START, maker.account.token, id=po["id"])
        await step(gql, SHIP, maker.account.token, id=po["id"], q=100, k="s")
        await step(gql, RECEIVE, brand.token, id=po["id"], p=100, d=0, k="q")

    listed = (await gql(MY_POS, token=mine.account.token))["data"]["myPurchaseOrders"]
    assert [e["node"]["id"] for e in listed["edges"]] == [own["id"]]
    # Asking for the other supplier's orders by filter finds none.
    filtered = await gql(
        MY_POS, {"f": {"supplierId": theirs.supplier_id}}, token=mine.account.token
    )
    assert filtered["data"]["myPurchaseOrders"]["edges"] == []
    # Another supplier's order: not found, and none of its steps can be taken.
    assert (await gql(PO, {"id": other["id"]}, token=mine.account.token))["data"][
        "purchaseOrder"
    ] is None
    refused = await step(gql, ACCEPT, mine.account.token, id=other["id"])
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    payables = (await gql(MY_PAYABLES, token=mine.account.token))["data"]["myPayables"]
    assert [e["node"]["purchaseOrderId"] for e in payables["payables"]["edges"]] == [own["id"]]
    board = (await gql(BOARD, token=mine.account.token))["data"]["purchaseOrderBoard"]
    assert {b["state"]: b["count"] for b in board}["RECEIVED"] == 1
    grade = (await gql(MY_GRADE, token=mine.account.token))["data"]["myGrade"]
    assert grade["supplierId"] == mine.supplier_id


async def test_a_brand_sees_only_its_own_suppliers_data(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    north = await build_supplier_world(state, gql, count=1, brand_name="Northwind")
    south = await build_supplier_world(state, gql, count=1, brand_name="Southwind")
    due = clock.now().date() + timedelta(days=7)
    north_po = await issue_order(gql, north.brand, north.suppliers[0].supplier_id, due)
    # A brand cannot issue to another brand's supplier.
    crossed = await gql(
        """mutation($input: IssuePurchaseOrderInput!) { issuePurchaseOrder(input: $input) {
             purchaseOrder { id } errors { field code } } }""",
        {
            "input": {
                "supplierId": north.suppliers[0].supplier_id,
                "category": "dresses",
                "dueDate": due.isoformat(),
                "lines": [{"sku": "X", "quantity": 1, "unitCostMinor": 1}],
            }
        },
        token=south.brand.token,
    )
    assert crossed["data"]["issuePurchaseOrder"]["errors"] == [
        {"field": "supplierId", "code": "NOT_FOUND"}
    ]
    south_view = (await gql(SUPPLIERS, token=south.brand.token))["data"]["suppliers"]["edges"]
    assert [e["node"]["id"] for e in south_view] == [south.suppliers[0].supplier_id]
    assert (await gql(BRAND_POS, token=south.brand.token))["data"]["purchaseOrders"]["edges"] == []
    assert (await gql(PO, {"id": north_po["id"]}, token=south.brand.token))["data"][
        "purchaseOrder"
    ] is None
    refused = await step(gql, RECEIVE, south.brand.token, id=north_po["id"], p=1, d=0, k="q")
    assert refused["errors"][0]["code"] == "NOT_FOUND"
    schedule = (await gql(SCHEDULE, token=south.brand.token))["data"]["payablesSchedule"]
    assert schedule["payables"]["edges"] == []
    # The other brand's supplier, asked for by id: nothing.
    other = await gql(
        "query($id: ID!) { supplier(id: $id) { id } }",
        {"id": north.suppliers[0].supplier_id},
        token=south.brand.token,
    )
    assert other["data"]["supplier"] is None
    # A supplier cannot take the brand's steps on its own order.
    maker = north.suppliers[0]
    await step(gql, ACCEPT, maker.account.token, id=north_po["id"])
    await step(gql, START, maker.account.token, id=north_po["id"])
    await step(gql, SHIP, maker.account.token, id=north_po["id"], q=100, k="s")
    self_receipt = await gql(
        'mutation($id: ID!) { receivePurchaseOrder(id: $id, passed: 100, defective: 0, key: "q")'
        " { errors { code } } }",
        {"id": north_po["id"]},
        token=maker.account.token,
        expect_errors=True,
    )
    assert self_receipt["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # And the brand cannot take the supplier's (its designers neither).
    designer = await make_account(state, Role.DESIGNER)
    by_brand = await gql(
        "mutation($id: ID!) { acceptPurchaseOrder(id: $id) { errors { code } } }",
        {"id": north_po["id"]},
        token=north.brand.token,
        expect_errors=True,
    )
    assert by_brand["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unattached = await gql(SUPPLIERS, token=designer.token, expect_errors=True)
    assert unattached["errors"][0]["extensions"]["code"] == "NO_BRAND"
