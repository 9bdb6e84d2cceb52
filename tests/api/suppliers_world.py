"""Builders for supplier tests: a brand that invites suppliers through the API, their members
logged in, and the GraphQL documents the portal and the brand's screens send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from accounts.users import Role, get_user_by_email, issue_token
from api.state import AppState
from tests.api.helpers import Account, make_account
from tests.conftest import GraphQL

INVITE = """
mutation($input: InviteSupplierInput!) {
  inviteSupplier(input: $input) {
    supplier { id name grade categories capacities { category piecesPerWeek } termsDays }
    memberEmail temporaryPassword
    errors { field code message }
  }
}"""

PO_FIELDS = """
  id state category ordered shipped late dueDate supplierId brandId
  amount { amountMinor currency }
  lines { sku quantity unitCost { amountMinor } amount { amountMinor } sizes { size quantity } }
  issuedAt acceptedAt declinedAt declineReason productionStartedAt firstShippedAt receivedAt
  listedAt shipments { key quantity at }
  receipt { passed defective received reason delivery difference }
  history { state at byId }
  allocationReason batchNumber dropId
  leadTime { totalDays elapsedDays targetDays onTarget issueToListedDays }
  payable { state amount { amountMinor } balance { amountMinor } dueDate termsDays grade }
"""
ERRORS = "errors { field code message }"


def order_mutation(arguments: str, call: str) -> str:
    """A lifecycle mutation answering the order with every field and the errors."""
    return f"mutation({arguments}) {{ {call} {{ purchaseOrder {{ {PO_FIELDS} }} {ERRORS} }} }}"


ISSUE = order_mutation("$input: IssuePurchaseOrderInput!", "issuePurchaseOrder(input: $input)")
ACCEPT = order_mutation("$id: ID!", "acceptPurchaseOrder(id: $id)")
DECLINE = order_mutation("$id: ID!, $r: String!", "declinePurchaseOrder(id: $id, reason: $r)")
START = order_mutation("$id: ID!", "startProduction(id: $id)")
SHIP = order_mutation(
    "$id: ID!, $q: Int!, $k: String!", "shipPurchaseOrder(id: $id, quantity: $q, key: $k)"
)
RECEIVE = order_mutation(
    "$id: ID!, $p: Int!, $d: Int!, $k: String!, $r: String",
    "receivePurchaseOrder(id: $id, passed: $p, defective: $d, key: $k, reason: $r)",
)
LIST = order_mutation("$id: ID!", "markListed(id: $id)")
PAYABLE_FIELDS = """
  purchaseOrderId state pieces grade termsDays dueDate originalDueDate requestedPayDate
  discountBps amount { amountMinor currency } discount { amountMinor } paid { amountMinor }
  balance { amountMinor } entries { kind amount { amountMinor } }
"""


def payable_mutation(arguments: str, call: str) -> str:
    return f"mutation({arguments}) {{ {call} {{ payable {{ {PAYABLE_FIELDS} }} {ERRORS} }} }}"


REQUEST_EARLY = payable_mutation(
    "$id: ID!, $d: Date!", "requestEarlyPayment(purchaseOrderId: $id, payOn: $d)"
)
APPROVE_EARLY = payable_mutation(
    "$id: ID!, $b: Int", "approveEarlyPayment(purchaseOrderId: $id, discountBps: $b)"
)
PAID = payable_mutation("$id: ID!", "markPayablePaid(purchaseOrderId: $id)")
PO = f"query($id: ID!) {{ purchaseOrder(id: $id) {{ {PO_FIELDS} }} }}"
MY_POS = f"""query($f: PurchaseOrdersFilter) {{ myPurchaseOrders(filter: $f) {{
  edges {{ node {{ {PO_FIELDS} }} }} pageInfo {{ hasNextPage }} }} }}"""
BRAND_POS = f"""query($f: PurchaseOrdersFilter) {{ purchaseOrders(filter: $f) {{
  edges {{ node {{ {PO_FIELDS} }} }} }} }}"""
SCHEDULE = f"""query {{ payablesSchedule {{ openBalanceMinor currency overdue
  payables {{ edges {{ node {{ {PAYABLE_FIELDS} }} }} }} }} }}"""
MY_PAYABLES = f"""query {{ myPayables {{ openBalanceMinor currency
  payables {{ edges {{ node {{ {PAYABLE_FIELDS} }} }} }} }} }}"""
GRADE_FIELDS = """
  supplierId period grade scoreGrade previousGrade score purchaseAmountMinor termsDays stored
  kpis { orders due onTime onTimeRate receivedOrders defects defectRate fillRate leadDaysMean
         leadDaysP90 acceptanceHoursMean costIndex purchaseAmountMinor overDeliveries
         shortDeliveries }
  components { name score effect evidence shrunk raw }
  reasons nextGrade improvements { component message target }
"""
MY_GRADE = f"query {{ myGrade {{ {GRADE_FIELDS} }} }}"
RECOMPUTE = f"mutation {{ recomputeSupplierGrades {{ grades {{ {GRADE_FIELDS} }} {ERRORS} }} }}"
SUPPLIERS = f"""query($c: String) {{ suppliers(category: $c) {{ edges {{ node {{
  id name grade termsDays acceptsOrders scorecard {{ {GRADE_FIELDS} }}
  gradeHistory {{ period grade score }} }} }} }} }}"""
BOARD = "query { purchaseOrderBoard { state count } }"
PREVIEW = """
query($c: String!, $q: Int!, $d: Date!, $o: [AllocationShareInput!]) {
  allocationPreview(category: $c, quantity: $q, dueDate: $d, override: $o) {
    category quantity allocated unallocated overridden notes
    shares { supplierId supplierName grade quantity reason }
    excluded { supplierId supplierName reason }
  }
}"""


@dataclass
class SupplierMember:
    supplier_id: str
    account: Account


@dataclass
class SupplierWorld:
    brand: Account
    suppliers: list[SupplierMember]


async def invite(
    state: AppState,
    gql: GraphQL,
    brand: Account,
    name: str,
    email: str,
    capacities: dict[str, int] | None = None,
    **extra: Any,
) -> SupplierMember:
    answer = await gql(
        INVITE,
        {
            "input": {
                "name": name,
                "contactEmail": email,
                "capacities": [
                    {"category": c, "piecesPerWeek": n}
                    for c, n in (capacities or {"dresses": 500}).items()
                ],
                **extra,
            }
        },
        token=brand.token,
    )
    payload = answer["data"]["inviteSupplier"]
    assert payload["errors"] == [], payload
    user = await get_user_by_email(state.db, payload["memberEmail"])
    assert user is not None and user.role is Role.SUPPLIER
    token = issue_token(state.settings, user)
    return SupplierMember(
        payload["supplier"]["id"], Account(user, token, payload["temporaryPassword"])
    )


async def build_supplier_world(
    state: AppState, gql: GraphQL, count: int = 2, brand_name: str = "Northwind"
) -> SupplierWorld:
    brand = await make_account(state, Role.BRAND, name=brand_name)
    tag = brand.user.id[-6:]
    members = [
        await invite(state, gql, brand, f"Atelier {chr(65 + n)}", f"atelier{n}-{tag}@example.com")
        for n in range(count)
    ]
    return SupplierWorld(brand, members)


async def issue_order(
    gql: GraphQL,
    brand: Account,
    supplier_id: str,
    due: date,
    quantity: int = 100,
    unit_cost: int = 1234,
    **extra: Any,
) -> dict[str, Any]:
    answer = await gql(
        ISSUE,
        {
            "input": {
                "supplierId": supplier_id,
                "category": "dresses",
                "dueDate": due.isoformat(),
                "lines": [{"sku": "DRS-1", "quantity": quantity, "unitCostMinor": unit_cost}],
                **extra,
            }
        },
        token=brand.token,
    )
    payload = answer["data"]["issuePurchaseOrder"]
    assert payload["errors"] == [], payload
    order: dict[str, Any] = payload["purchaseOrder"]
    return order


async def step(gql: GraphQL, document: str, token: str, **variables: Any) -> dict[str, Any]:
    """Send one lifecycle mutation; its payload (purchaseOrder or payable, and errors)."""
    answer = await gql(document, variables, token=token)
    payload: dict[str, Any] = next(iter(answer["data"].values()))
    return payload
