"""Bad input to the supplier area gets a clear error on the right field and changes nothing;
lists page with cursors."""

from __future__ import annotations

from datetime import timedelta

from api.state import AppState
from commerce import suppliers as suppliers_io
from commerce.supplier_grades import Grade
from core import clock
from tests.api.suppliers_world import INVITE, ISSUE, build_supplier_world, issue_order
from tests.conftest import GraphQL

PAGE = """query($a: String) { myPurchaseOrders(filter: {states: [ISSUED]}, first: 1, after: $a) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


async def test_an_invitation_is_checked_field_by_field(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql, count=1)
    bad = await gql(
        INVITE,
        {
            "input": {
                "name": " ",
                "contactEmail": "not-an-email",
                "capacities": [{"category": "dresses", "piecesPerWeek": 0}],
                "minOrder": -1,
                "currency": "XXX",
            }
        },
        token=world.brand.token,
    )
    payload = bad["data"]["inviteSupplier"]
    assert payload["supplier"] is None and payload["temporaryPassword"] is None
    assert {e["field"] for e in payload["errors"]} == {
        "name",
        "contactEmail",
        "capacity.0",
        "minOrder",
        "currency",
    }
    # The contact's email already has an account: refused, nothing created.
    member = world.suppliers[0].account.user.email
    again = await gql(
        INVITE,
        {
            "input": {
                "name": "Copy Co",
                "contactEmail": member,
                "capacities": [{"category": "dresses", "piecesPerWeek": 10}],
            }
        },
        token=world.brand.token,
    )
    assert again["data"]["inviteSupplier"]["errors"] == [
        {
            "field": "contactEmail",
            "code": "DUPLICATE",
            "message": "An account with this email exists already; invite the supplier with "
            "another contact email.",
        }
    ]
    assert await state.db.suppliers.count_documents({}) == 1


async def test_a_purchase_order_is_checked_before_it_is_issued(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql, count=1)
    supplier_id = world.suppliers[0].supplier_id
    today = clock.now().date()

    async def errors(**change: object) -> list[tuple[str, str]]:
        data = {
            "supplierId": supplier_id,
            "category": "dresses",
            "dueDate": (today + timedelta(days=7)).isoformat(),
            "lines": [{"sku": "DRS-1", "quantity": 10, "unitCostMinor": 100}],
            **change,
        }
        answer = await gql(ISSUE, {"input": data}, token=world.brand.token)
        payload = answer["data"]["issuePurchaseOrder"]
        assert payload["purchaseOrder"] is None
        return [(e["field"], e["code"]) for e in payload["errors"]]

    assert await errors(dueDate=(today - timedelta(days=1)).isoformat()) == [("dueDate", "PAST")]
    assert await errors(category="shoes") == [("category", "NOT_QUALIFIED")]
    assert await errors(supplierId="sup_00000000000000000000000000") == [
        ("supplierId", "NOT_FOUND")
    ]
    assert await errors(lines=[]) == [("lines", "REQUIRED")]
    assert await errors(
        lines=[
            {
                "sku": "DRS-1",
                "quantity": 10,
                "unitCostMinor": -5,
                "sizes": [{"size": "S", "quantity": 4}, {"size": "M", "quantity": 4}],
            }
        ]
    ) == [("lines.0.unitCostMinor", "INVALID"), ("lines.0.sizes", "INVALID")]
    # A supplier graded D gets no new orders.
    await suppliers_io.store_grade(state.db, supplier_id, Grade.D, 0.3, "2026-06")
    assert await errors() == [("supplierId", "GRADE_D")]
    assert await state.db.purchase_orders.count_documents({}) == 0


async def test_issuing_with_a_key_twice_is_one_order_and_lists_page_with_cursors(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    world = await build_supplier_world(state, gql, count=1)
    maker = world.suppliers[0]
    due = clock.now().date() + timedelta(days=7)
    first = await issue_order(gql, world.brand, maker.supplier_id, due, key="reorder-42")
    second = await issue_order(gql, world.brand, maker.supplier_id, due, key="reorder-42")
    assert first["id"] == second["id"]
    frozen_clock.advance(timedelta(minutes=1))
    sized = await issue_order(
        gql,
        world.brand,
        maker.supplier_id,
        due,
        lines=[
            {
                "sku": "DRS-2",
                "quantity": 30,
                "unitCostMinor": 1000,
                "sizes": [{"size": "S", "quantity": 10}, {"size": "M", "quantity": 20}],
            }
        ],
    )
    assert sized["lines"][0]["sizes"] == [
        {"size": "S", "quantity": 10},
        {"size": "M", "quantity": 20},
    ]
    frozen_clock.advance(timedelta(minutes=1))
    third = await issue_order(gql, world.brand, maker.supplier_id, due)
    seen: list[str] = []
    after = None
    for _ in range(5):
        page = await gql(PAGE, {"a": after}, token=maker.account.token)
        found = page["data"]["myPurchaseOrders"]
        seen += [e["node"]["id"] for e in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            break
        after = found["pageInfo"]["endCursor"]
    # Newest first, each once.
    assert seen == [third["id"], sized["id"], first["id"]]
