"""The small-batch supply journey: a designer's test drop → its first batch split between two
suppliers → the demo supplier accepts, starts and ships it (in two shipments) on its phone → the
brand receives it with a few defects and lists it → the payables schedule shows what is owed,
the supplier asks for early payment and the brand approves it → the grades, recomputed, change
on the scorecards; the drop board shows the lead time and who makes what."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.api import LOGIN, Api
from tests.e2e.conftest import DEMO_PASSWORD, DESKTOP, PHONE, Browsing, Screenshot, log_in

pytestmark = pytest.mark.e2e

SUPPLIER_EMAIL = "supplier@demo.trendloop.dev"
UNIT_COST_MINOR = 1_250
PASSED, DEFECTIVE = 57, 3

ELEMENTS = "query { testDrops(first: 5) { nodes { elements { id } } } }"
CREATE_DROP = """mutation($input: CreateTestDropInput!) {
  createTestDrop(input: $input) {
    testDrop { id products { id sku } } errors { field code message } } }"""
SUPPLIERS = """query { suppliers(category: "dresses", first: 50) { nodes {
  id name grade gradeScore acceptsOrders memberIds capacities { category piecesPerWeek } } } }"""
ME = "query { mySupplier { id name } }"
ALLOCATE = """mutation($p: ID!, $o: [AllocationShareInput!]) {
  allocateBatch(productId: $p, batchNumber: 1, override: $o) {
    allocation { shares { supplierId quantity } }
    purchaseOrders { id supplierId ordered lines { unitCost { amountMinor } } }
    errors { field code message } } }"""
ORDER = "query($id: ID!) { purchaseOrder(id: $id) { state shipped } }"


class AccountApi(Api):
    """GraphQL as any account (the supplier is not one of the conftest's role accounts)."""

    def __init__(self, base_url: str, email: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=20)
        self.token = None
        answer = self.query(LOGIN, {"input": {"email": email, "password": DEMO_PASSWORD}})
        self.token = answer["logIn"]["token"]
        assert self.token, answer


@pytest.fixture
def designer(live_server: str) -> Iterator[Api]:
    api = Api(live_server, "DESIGNER")
    yield api
    api.close()


@pytest.fixture
def supplier(live_server: str) -> Iterator[Api]:
    api = AccountApi(live_server, SUPPLIER_EMAIL)
    yield api
    api.close()


def _no_overflow(page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else DESKTOP["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _first_batch(designer: Api, supplier: Api, tag: str) -> tuple[str, str, dict[str, Any], str]:
    """A one-dress test drop whose 100-piece first batch is split 60/40 between the demo
    supplier and another qualified dress maker; returns the drop id, the product id, the demo
    supplier's order and the other supplier's name."""
    elements = [
        e["id"] for d in designer.query(ELEMENTS)["testDrops"]["nodes"] for e in d["elements"]
    ][:1]
    sku = f"SUP-{tag}"
    drop = designer.mutate(
        CREATE_DROP,
        {
            "input": {
                "name": f"Supply test {tag}",
                "elementIds": elements,
                "markets": ["US"],
                "launchDate": datetime.now(UTC).date().isoformat(),
                "products": [
                    {
                        "sku": sku,
                        "title": f"Butter Slip Dress {tag}",
                        "category": "dresses",
                        "priceMinor": 4_900,
                        "currency": "USD",
                        "unitCostMinor": UNIT_COST_MINOR,
                        "units": 100,
                        "productUrl": f"https://shop.northwind.example/p/{sku.lower()}",
                    }
                ],
            }
        },
        "createTestDrop",
    )["testDrop"]
    product_id = drop["products"][0]["id"]
    mine = supplier.query(ME)["mySupplier"]
    others = [
        s
        for s in designer.query(SUPPLIERS)["suppliers"]["nodes"]
        if s["id"] != mine["id"] and s["acceptsOrders"] and s["grade"] in ("S", "A", "B")
    ]
    assert others, "the demo world has no second qualified dress maker"
    other = max(others, key=lambda s: s["gradeScore"])
    payload = designer.mutate(
        ALLOCATE,
        {
            "p": product_id,
            "o": [
                {"supplierId": mine["id"], "quantity": 60},
                {"supplierId": other["id"], "quantity": 40},
            ],
        },
        "allocateBatch",
    )
    orders = {o["supplierId"]: o for o in payload["purchaseOrders"]}
    assert {o["ordered"] for o in orders.values()} == {60, 40}, payload
    return drop["id"], product_id, orders[mine["id"]], str(other["name"])


def _card(page: Page, po_id: str) -> Locator:
    return page.locator(f"article[data-po='{po_id}']")


def test_a_first_batch_goes_from_split_to_paid_and_graded(
    browsing: Browsing,
    designer: Api,
    supplier: Api,
    live_server: str,
    screenshot: Screenshot,
) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    drop_id, _product_id, order, other_name = _first_batch(designer, supplier, tag)
    po = order["id"]
    unit_cost = order["lines"][0]["unitCost"]["amountMinor"]

    # The brand's scorecards and payables before anything moves.
    brand = browsing.open(role="BRAND")
    brand.goto("/suppliers")
    canton = brand.locator("section[data-supplier]").filter(has_text="Canton Atelier")
    expect(canton.locator("[data-score]")).to_be_visible()
    score_before = canton.locator("[data-score]").get_attribute("data-score")
    brand.get_by_role("radio", name="Payables").click()
    expect(brand.locator("[data-open-balance]")).to_be_visible()
    balance = brand.locator("[data-open-balance]")
    balance_before = int(balance.get_attribute("data-open-balance") or 0)
    expect(brand.locator(f"li[data-payable='{po}']")).to_have_count(0)

    # The supplier, on its phone: the new order with its due date and lines; accept, start, ship.
    phone = browsing.open()
    log_in(phone, SUPPLIER_EMAIL)
    phone.set_viewport_size(PHONE)
    expect(phone).to_have_url(re.compile("/supply/orders"))
    card = _card(phone, po)
    expect(card).to_contain_text(f"SUP-{tag}")
    expect(card).to_contain_text("60 pcs")
    expect(card.get_by_text("Due", exact=True)).to_be_visible()
    screenshot(phone, "supplier-orders-phone")
    _no_overflow(phone)
    card.get_by_role("button", name="Accept").click()
    expect(phone.get_by_role("status").filter(has_text="Accepted")).to_be_visible()
    card.get_by_role("button", name="Start production").click()
    expect(card).to_have_attribute("data-state", "IN_PRODUCTION")
    # A partial shipment first, then the rest.
    card.get_by_label("Pieces to ship").fill("40")
    card.get_by_role("button", name="Ship").click()
    expect(card).to_have_attribute("data-state", "SHIPPED")
    expect(card).to_contain_text("20 left to ship")
    card.get_by_label("Pieces to ship").fill("20")
    card.get_by_role("button", name="Ship").click()
    expect(phone.get_by_role("status").filter(has_text="Shipped 20 pieces")).to_be_visible()
    assert supplier.query(ORDER, {"id": po})["purchaseOrder"] == {"state": "SHIPPED", "shipped": 60}
    screenshot(phone, "supplier-shipped-phone")
    _no_overflow(phone)

    # The brand receives with its quality check (a few defects) and lists the pieces.
    brand.get_by_role("radio", name="Orders", exact=True).click()
    received = _card(brand, po)
    expect(received).to_contain_text("Canton Atelier")
    received.get_by_label("Passed").fill(str(PASSED))
    received.get_by_label("Defective").fill(str(DEFECTIVE))
    received.get_by_label("What was wrong").fill("loose seams")
    received.get_by_role("button", name="Receive").click()
    expect(received).to_have_attribute("data-state", "RECEIVED")
    expect(received).to_contain_text(f"{PASSED} passed, {DEFECTIVE} defective (loose seams)")
    screenshot(brand, "brand-board")
    received.get_by_role("button", name="Mark listed").click()
    expect(brand.get_by_role("status").filter(has_text="Listed for sale")).to_be_visible()

    # The payables schedule now owes the passed pieces.
    brand.get_by_role("radio", name="Payables").click()
    row = brand.locator(f"li[data-payable='{po}']")
    expect(row).to_be_visible()
    owed = PASSED * unit_cost
    expect(brand.locator("[data-open-balance]")).to_have_attribute(
        "data-open-balance", str(balance_before + owed)
    )
    expect(row).to_contain_text(f"${owed / 100:,.2f}")

    # The supplier asks to be paid early; the brand approves.
    phone.goto("/supply/payments")
    mine = phone.locator(f"li[data-payable='{po}']")
    expect(mine).to_contain_text(f"{PASSED} pieces")
    mine.get_by_role("button", name="Get paid early").click()
    expect(mine.get_by_label("Be paid on")).to_be_visible()
    mine.get_by_role("button", name="Request early payment").click()
    expect(phone.locator(f"li[data-payable='{po}']")).to_have_attribute(
        "data-payable-state", "EARLY_REQUESTED"
    )
    screenshot(phone, "supplier-payments-phone")
    _no_overflow(phone)
    brand.reload()
    row = brand.locator(f"li[data-payable='{po}']")
    row.get_by_role("button", name="Approve early payment").click()
    expect(brand.locator(f"li[data-payable='{po}']")).to_have_attribute(
        "data-payable-state", "EARLY_APPROVED"
    )
    screenshot(brand, "brand-payables")

    # Recomputed, the grades take the defects in: the demo supplier's score moves.
    brand.get_by_role("radio", name="Scorecards").click()
    brand.get_by_role("button", name="Recompute grades").click()
    expect(brand.get_by_role("status").filter(has_text="Grades recomputed")).to_be_visible()
    canton = brand.locator("section[data-supplier]").filter(has_text="Canton Atelier")
    expect(canton.locator("[data-score]")).not_to_have_attribute("data-score", score_before or "")
    expect(canton.locator("figure[data-points]")).to_be_visible()
    canton.get_by_role("button", name="Why this grade").click()
    expect(canton.get_by_role("list", name="What moved the grade")).to_be_visible()
    screenshot(brand, "brand-scorecards")
    _no_overflow(brand)

    # The supplier's own grade page: the grade big, what moved it, its history.
    phone.goto("/supply/grade")
    expect(phone.locator("[data-my-grade]")).to_be_visible()
    expect(phone.get_by_role("list", name="What moved the grade")).to_be_visible()
    expect(phone.locator("figure[data-points]")).to_be_visible()
    screenshot(phone, "supplier-grade-phone")
    _no_overflow(phone)

    # The drop board: lead time against the 7-day target, and who makes what.
    board = browsing.open(role="DESIGNER")
    board.goto("/test-drops")
    supply = board.locator(f"[data-drop-supply='{drop_id}']")
    expect(supply).to_contain_text("Design to listing")
    expect(supply.locator("li[data-maker='Canton Atelier']")).to_contain_text("60 pcs")
    expect(supply.locator(f"li[data-maker='{other_name}']")).to_contain_text("40 pcs")
    screenshot(board, "drop-board")

    # Brand screens on a phone too.
    brand_phone = browsing.open(role="BRAND", viewport=PHONE)
    for tab in ("scorecards", "orders", "payables"):
        brand_phone.goto(f"/suppliers?tab={tab}")
        expect(brand_phone.get_by_role("heading", name="Suppliers", level=1)).to_be_visible()
        brand_phone.wait_for_load_state("networkidle")
        screenshot(brand_phone, f"brand-{tab}-phone")
        _no_overflow(brand_phone)
