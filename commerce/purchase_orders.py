"""Purchase orders: a brand asks a supplier for pieces of its products, and the supplier drives
the order through its lifecycle.

    ISSUED ──► ACCEPTED ──► IN_PRODUCTION ──► SHIPPED ──► RECEIVED ──► LISTED
       └─────► DECLINED (with a reason)        (partial       (QC: passed /
                                                shipments)     defective, reason)

Every step is stamped (`<step>_at`, and `history` lists each one with who did it), and nothing
moves backwards: each step is one conditional single-document update from the state it leaves,
so of two racing clicks one moves the order and the other finds it moved. Repeating a step
already taken answers the order as it is (a double-clicked accept, a re-sent QC with the same
key); a step the order has gone past is refused with INVALID_STATE.

Idempotency without transactions:
- issuing: an order for a drop's batch has its `_id` derived from (product, batch, supplier),
  so allocating the same batch twice lands on the same orders;
- shipping: each shipment carries the client's key, pushed only if no shipment has it;
- receiving: one receipt per order, keyed; the payable it creates has a derived id
  (`commerce.payables`).

Over- and short delivery are recorded on the receipt (`delivery`, `difference`): pieces received
against pieces ordered.

Who does what: the brand (or its designers) issues, receives and lists; the supplier's members
accept, decline, start production and ship. An admin may do anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from pymongo import ReturnDocument

from accounts.users import Role, User
from commerce import payables
from commerce.supplier_error_codes import SupplierErrorCode as Code
from commerce.suppliers import brand_scope, category_key, get_supplier
from core import clock, text_policy
from core.derived_ids import derived_id
from core.errors import NotFound, UserError, raise_all
from core.ids import is_valid_id, new_id
from core.indexes import Index, register
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page
from core.settings import Settings

PURCHASE_ORDERS = "purchase_orders"
MAX_LINES = 50
MAX_PIECES = 1_000_000
MAX_MINOR = 2**53 - 1
REASON_MAX = 500
KEY_MAX = 100
DUE_AHEAD_MAX_DAYS = 365

register(
    Index(PURCHASE_ORDERS, [("brand_id", 1), ("state", 1), ("issued_at", -1), ("_id", -1)]),
    Index(PURCHASE_ORDERS, [("supplier_id", 1), ("state", 1), ("issued_at", -1), ("_id", -1)]),
    Index(PURCHASE_ORDERS, [("brand_id", 1), ("issued_at", 1)]),
    Index(PURCHASE_ORDERS, [("drop_id", 1)], {"sparse": True}),
    Index(PURCHASE_ORDERS, [("product_id", 1), ("batch_number", 1)]),
)


class POState(StrEnum):
    ISSUED = "ISSUED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    IN_PRODUCTION = "IN_PRODUCTION"
    SHIPPED = "SHIPPED"
    RECEIVED = "RECEIVED"
    LISTED = "LISTED"


# The forward order of the states; DECLINED ends a branch of its own.
_RANK = {
    POState.ISSUED: 0,
    POState.ACCEPTED: 1,
    POState.DECLINED: 1,
    POState.IN_PRODUCTION: 2,
    POState.SHIPPED: 3,
    POState.RECEIVED: 4,
    POState.LISTED: 5,
}
OPEN_STATES = (POState.ISSUED, POState.ACCEPTED, POState.IN_PRODUCTION, POState.SHIPPED)


class Delivery(StrEnum):
    EXACT = "EXACT"
    OVER = "OVER"
    SHORT = "SHORT"


@dataclass(frozen=True)
class POLine:
    sku: str
    quantity: int
    unit_cost_minor: int
    sizes: Mapping[str, int] = field(default_factory=dict)
    """Size → pieces; adds up to `quantity` when given."""
    product_id: str | None = None

    @property
    def amount_minor(self) -> int:
        return self.quantity * self.unit_cost_minor

    def as_doc(self) -> Document:
        return {
            "sku": self.sku,
            "product_id": self.product_id,
            "quantity": self.quantity,
            "unit_cost_minor": self.unit_cost_minor,
            "sizes": dict(self.sizes),
        }

    @classmethod
    def from_doc(cls, doc: Document) -> POLine:
        return cls(
            sku=doc["sku"],
            product_id=doc.get("product_id"),
            quantity=int(doc["quantity"]),
            unit_cost_minor=int(doc["unit_cost_minor"]),
            sizes=dict(doc.get("sizes") or {}),
        )


@dataclass(frozen=True)
class Shipment:
    key: str
    quantity: int
    at: datetime


@dataclass(frozen=True)
class Receipt:
    key: str
    passed: int
    defective: int
    reason: str | None
    at: datetime
    delivery: Delivery
    difference: int
    """Pieces received minus pieces ordered (over-delivery > 0, short delivery < 0)."""

    @property
    def received(self) -> int:
        return self.passed + self.defective


@dataclass(frozen=True)
class Step:
    state: POState
    at: datetime
    by: str


@dataclass(frozen=True)
class PurchaseOrder:
    id: str
    brand_id: str
    supplier_id: str
    category: str
    currency: str
    lines: tuple[POLine, ...]
    due_on: date
    state: POState
    issued_at: datetime
    accepted_at: datetime | None
    declined_at: datetime | None
    decline_reason: str | None
    production_started_at: datetime | None
    first_shipped_at: datetime | None
    received_at: datetime | None
    listed_at: datetime | None
    shipments: tuple[Shipment, ...]
    receipt: Receipt | None
    history: tuple[Step, ...]
    product_id: str | None
    drop_id: str | None
    batch_number: int | None
    noticed_at: datetime | None
    """When the trend behind its drop was noticed (the start of design-to-listing), if known."""
    drop_created_at: datetime | None
    allocation_reason: str | None

    @property
    def ordered(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def amount_minor(self) -> int:
        return sum(line.amount_minor for line in self.lines)

    @property
    def shipped(self) -> int:
        return sum(s.quantity for s in self.shipments)

    @property
    def unit_cost_minor(self) -> int:
        """Quantity-weighted unit cost, rounded down (lines usually share one)."""
        return self.amount_minor // self.ordered if self.ordered else 0

    @classmethod
    def from_doc(cls, doc: Document) -> PurchaseOrder:
        receipt = doc.get("receipt")

        def at(name: str) -> datetime | None:
            value = doc.get(name)
            return clock.as_utc(value) if value else None

        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            supplier_id=doc["supplier_id"],
            category=doc["category"],
            currency=doc["currency"],
            lines=tuple(POLine.from_doc(line) for line in doc["lines"]),
            due_on=clock.as_utc(doc["due_on"]).date(),
            state=POState(doc["state"]),
            issued_at=clock.as_utc(doc["issued_at"]),
            accepted_at=at("accepted_at"),
            declined_at=at("declined_at"),
            decline_reason=doc.get("decline_reason"),
            production_started_at=at("production_started_at"),
            first_shipped_at=at("first_shipped_at"),
            received_at=at("received_at"),
            listed_at=at("listed_at"),
            shipments=tuple(
                Shipment(s["key"], int(s["quantity"]), clock.as_utc(s["at"]))
                for s in doc.get("shipments") or ()
            ),
            receipt=Receipt(
                key=receipt["key"],
                passed=int(receipt["passed"]),
                defective=int(receipt["defective"]),
                reason=receipt.get("reason"),
                at=clock.as_utc(receipt["at"]),
                delivery=Delivery(receipt["delivery"]),
                difference=int(receipt["difference"]),
            )
            if receipt
            else None,
            history=tuple(
                Step(POState(s["state"]), clock.as_utc(s["at"]), s["by"])
                for s in doc.get("history") or ()
            ),
            product_id=doc.get("product_id"),
            drop_id=doc.get("drop_id"),
            batch_number=doc.get("batch_number"),
            noticed_at=at("noticed_at"),
            drop_created_at=at("drop_created_at"),
            allocation_reason=doc.get("allocation_reason"),
        )


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


# --- pure rules ---------------------------------------------------------------------------------


def delivery_of(ordered: int, received: int) -> tuple[Delivery, int]:
    difference = received - ordered
    if difference > 0:
        return Delivery.OVER, difference
    if difference < 0:
        return Delivery.SHORT, difference
    return Delivery.EXACT, 0


def _refused(po: PurchaseOrder, action: str) -> UserError:
    return UserError(
        Code.INVALID_STATE,
        f"This order is {po.state.value.replace('_', ' ').lower()}; it cannot be {action}.",
        None,
    )


def check_lines(lines: Sequence[POLine]) -> list[UserError]:
    errors: list[UserError] = []
    if not lines:
        errors.append(UserError(Code.REQUIRED, "Order at least one line.", "lines"))
    elif len(lines) > MAX_LINES:
        errors.append(UserError(Code.TOO_MANY, f"At most {MAX_LINES} lines.", "lines"))
    for index, line in enumerate(lines):
        where = f"lines.{index}"
        if not line.sku.strip():
            errors.append(UserError(Code.REQUIRED, "Give the SKU.", f"{where}.sku"))
        if not 1 <= line.quantity <= MAX_PIECES:
            errors.append(
                UserError(
                    Code.INVALID, f"Order between 1 and {MAX_PIECES} pieces.", f"{where}.quantity"
                )
            )
        if not 0 <= line.unit_cost_minor <= MAX_MINOR:
            errors.append(
                UserError(Code.INVALID, "The unit cost is 0 or more.", f"{where}.unitCostMinor")
            )
        if line.sizes:
            if any(q < 0 for q in line.sizes.values()):
                errors.append(
                    UserError(Code.INVALID, "Sizes have 0 or more pieces.", f"{where}.sizes")
                )
            elif sum(line.sizes.values()) != line.quantity:
                errors.append(
                    UserError(
                        Code.INVALID,
                        f"The size split adds up to {sum(line.sizes.values())}, not "
                        f"{line.quantity}.",
                        f"{where}.sizes",
                    )
                )
    return errors


# --- issuing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PODraft:
    supplier_id: str
    category: str
    lines: Sequence[POLine]
    due_on: date
    product_id: str | None = None
    drop_id: str | None = None
    batch_number: int | None = None
    noticed_at: datetime | None = None
    drop_created_at: datetime | None = None
    allocation_reason: str | None = None
    key: str | None = None
    """Idempotency key: the same key from the same brand lands on the same order."""


def order_id_for(brand_id: str, key: str) -> str:
    return derived_id("po", brand_id, key)


def batch_key(product_id: str, batch_number: int, supplier_id: str) -> str:
    return f"batch:{product_id}:{batch_number}:{supplier_id}"


async def issue(db: AsyncDB, actor: User, brand_id: str, draft: PODraft) -> PurchaseOrder:
    """Issue an order to one of the brand's suppliers (checked: it exists, is the brand's,
    makes the category and is not D). With `draft.key`, issuing again answers the first."""
    errors = check_lines(draft.lines)
    supplier = await get_supplier(db, draft.supplier_id)
    if supplier is None or supplier.brand_id != brand_id:
        errors.append(UserError(Code.NOT_FOUND, "Not one of your suppliers.", "supplierId"))
    elif not supplier.accepts_orders:
        errors.append(
            UserError(Code.GRADE_D, "This supplier is graded D: no new orders.", "supplierId")
        )
    elif category_key(draft.category) not in supplier.categories:
        errors.append(
            UserError(
                Code.NOT_QUALIFIED, f"{supplier.name} does not make {draft.category}.", "category"
            )
        )
    today = clock.now().date()
    if draft.due_on < today:
        errors.append(UserError(Code.PAST, "The due date cannot be in the past.", "dueDate"))
    elif draft.due_on > today + timedelta(days=DUE_AHEAD_MAX_DAYS):
        errors.append(UserError(Code.INVALID, "Make it due within a year.", "dueDate"))
    if draft.key is not None and not 1 <= len(draft.key) <= KEY_MAX:
        errors.append(UserError(Code.INVALID, "The key is 1 to 100 characters.", "key"))
    raise_all(errors)
    assert supplier is not None
    now = clock.now()
    doc: Document = {
        "_id": order_id_for(brand_id, draft.key) if draft.key else new_id("po"),
        "brand_id": brand_id,
        "supplier_id": supplier.id,
        "category": category_key(draft.category),
        "currency": supplier.currency,
        "lines": [line.as_doc() for line in draft.lines],
        "ordered": sum(line.quantity for line in draft.lines),
        "amount_minor": sum(line.amount_minor for line in draft.lines),
        "due_on": day_start(draft.due_on),
        "state": POState.ISSUED.value,
        "issued_at": now,
        "issued_by": actor.id,
        "shipments": [],
        "shipped": 0,
        "receipt": None,
        "history": [{"state": POState.ISSUED.value, "at": now, "by": actor.id}],
        "product_id": draft.product_id,
        "drop_id": draft.drop_id,
        "batch_number": draft.batch_number,
        "noticed_at": draft.noticed_at,
        "drop_created_at": draft.drop_created_at,
        "allocation_reason": draft.allocation_reason,
    }
    try:
        await db[PURCHASE_ORDERS].insert_one(doc)
    except Exception as exc:
        if not is_duplicate(exc):
            raise
        existing = await db[PURCHASE_ORDERS].find_one({"_id": doc["_id"]})
        assert existing is not None
        return PurchaseOrder.from_doc(existing)
    return PurchaseOrder.from_doc(doc)


# --- reading ---------------------------------------------------------------------------------


async def get_order(db: AsyncDB, po_id: str) -> PurchaseOrder | None:
    if not is_valid_id(po_id, "po"):
        return None
    doc = await db[PURCHASE_ORDERS].find_one({"_id": po_id})
    return PurchaseOrder.from_doc(doc) if doc else None


async def orders_by_ids(db: AsyncDB, ids: Sequence[str]) -> dict[str, PurchaseOrder]:
    docs = await db[PURCHASE_ORDERS].find({"_id": {"$in": sorted(set(ids))}}).to_list()
    return {d["_id"]: PurchaseOrder.from_doc(d) for d in docs}


async def _can_manage(db: AsyncDB, user: User, po: PurchaseOrder) -> bool:
    return user.role is Role.ADMIN or await brand_scope(db, user) == po.brand_id


async def _is_member(db: AsyncDB, user: User, po: PurchaseOrder) -> bool:
    if user.role is Role.ADMIN:
        return True
    supplier = await get_supplier(db, po.supplier_id)
    return supplier is not None and user.id in supplier.member_ids


async def visible_order(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    """The order if the user may see it (its brand, its supplier's members, an admin)."""
    po = await get_order(db, po_id)
    if po is None or not (await _can_manage(db, user, po) or await _is_member(db, user, po)):
        raise NotFound("Purchase order", "purchaseOrderId")
    return po


@dataclass(frozen=True)
class OrderFilter:
    states: Sequence[POState] = ()
    supplier_id: str | None = None
    drop_id: str | None = None


async def list_orders(
    db: AsyncDB,
    scope: Mapping[str, Any],
    chosen: OrderFilter,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[PurchaseOrder]:
    """Orders within `scope` ({"brand_id": …} or {"supplier_id": …}), newest issued first."""
    query: dict[str, Any] = dict(scope)
    if chosen.states:
        query["state"] = {"$in": [s.value for s in chosen.states]}
    if chosen.supplier_id is not None:
        if query.get("supplier_id", chosen.supplier_id) != chosen.supplier_id:
            query = {"_id": {"$in": []}}
        else:
            query["supplier_id"] = chosen.supplier_id
    if chosen.drop_id is not None:
        query["drop_id"] = chosen.drop_id
    return await keyset_page(
        db[PURCHASE_ORDERS],
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=PurchaseOrder.from_doc,
        # By issue time: the ids of keyed orders are derived from their key and carry none.
        sort_field="issued_at",
    )


async def orders_of_drop(db: AsyncDB, drop_id: str) -> list[PurchaseOrder]:
    docs = await db[PURCHASE_ORDERS].find({"drop_id": drop_id}).sort("_id", 1).to_list()
    return [PurchaseOrder.from_doc(d) for d in docs]


async def state_counts(db: AsyncDB, scope: Mapping[str, Any]) -> dict[POState, int]:
    counts = {state: 0 for state in POState}
    async for doc in db[PURCHASE_ORDERS].find(dict(scope), {"state": 1}):
        counts[POState(doc["state"])] += 1
    return counts


async def open_pieces(db: AsyncDB, supplier_ids: Sequence[str]) -> dict[tuple[str, str], int]:
    """Pieces ordered and not yet received, by (supplier, category): the capacity in use."""
    found: dict[tuple[str, str], int] = {}
    async for doc in db[PURCHASE_ORDERS].find(
        {
            "supplier_id": {"$in": sorted(set(supplier_ids))},
            "state": {"$in": [s.value for s in OPEN_STATES]},
        },
        {"supplier_id": 1, "category": 1, "ordered": 1},
    ):
        slot = (doc["supplier_id"], doc["category"])
        found[slot] = found.get(slot, 0) + int(doc["ordered"])
    return found


# --- the lifecycle ---------------------------------------------------------------------------


async def _step(
    db: AsyncDB,
    po: PurchaseOrder,
    user: User,
    frm: Sequence[POState],
    to: POState,
    stamp: str,
    extra: Mapping[str, Any] | None = None,
) -> PurchaseOrder | None:
    """Move the order from one of `frm` to `to` in one conditional update; None if it was not
    in one of `frm` any more."""
    now = clock.now()
    doc = await db[PURCHASE_ORDERS].find_one_and_update(
        {"_id": po.id, "state": {"$in": [s.value for s in frm]}},
        {
            "$set": {"state": to.value, stamp: now, **(extra or {})},
            "$push": {"history": {"state": to.value, "at": now, "by": user.id}},
        },
        return_document=ReturnDocument.AFTER,
    )
    return PurchaseOrder.from_doc(doc) if doc else None


async def _reread(db: AsyncDB, po_id: str) -> PurchaseOrder:
    fresh = await get_order(db, po_id)
    assert fresh is not None
    return fresh


async def _supplier_order(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    po = await visible_order(db, user, po_id)
    if not await _is_member(db, user, po):
        raise UserError(Code.FORBIDDEN, "Only the supplier's members can do this.", None)
    return po


async def _brand_order(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    po = await visible_order(db, user, po_id)
    if not await _can_manage(db, user, po):
        raise UserError(Code.FORBIDDEN, "Only the brand that issued it can do this.", None)
    return po


async def accept(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    po = await _supplier_order(db, user, po_id)
    moved = await _step(db, po, user, [POState.ISSUED], POState.ACCEPTED, "accepted_at")
    if moved:
        return moved
    po = await _reread(db, po_id)
    if po.accepted_at is not None:
        return po  # accepted already: a repeated click
    raise _refused(po, "accepted")


async def decline(db: AsyncDB, user: User, po_id: str, reason: str) -> PurchaseOrder:
    po = await _supplier_order(db, user, po_id)
    text, err = text_policy.clean(
        reason, "The reason", code=Code.INVISIBLE_CHARACTERS, field="reason", multiline=True
    )
    errors = [err] if err else []
    if not text:
        errors.append(UserError(Code.REQUIRED, "Say why you decline the order.", "reason"))
    elif len(text) > REASON_MAX:
        errors.append(UserError(Code.TOO_LONG, f"At most {REASON_MAX} characters.", "reason"))
    raise_all(errors)
    moved = await _step(
        db, po, user, [POState.ISSUED], POState.DECLINED, "declined_at", {"decline_reason": text}
    )
    if moved:
        return moved
    po = await _reread(db, po_id)
    if po.state is POState.DECLINED:
        return po
    raise _refused(po, "declined")


async def start_production(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    po = await _supplier_order(db, user, po_id)
    moved = await _step(
        db, po, user, [POState.ACCEPTED], POState.IN_PRODUCTION, "production_started_at"
    )
    if moved:
        return moved
    po = await _reread(db, po_id)
    if po.production_started_at is not None:
        return po
    raise _refused(po, "put into production")


async def ship(db: AsyncDB, user: User, po_id: str, quantity: int, key: str) -> PurchaseOrder:
    """Record a shipment (one of several, if the order ships in parts). The key makes it
    idempotent: a shipment with a key the order already holds is not counted again."""
    po = await _supplier_order(db, user, po_id)
    errors: list[UserError] = []
    key = key.strip()
    if not 1 <= len(key) <= KEY_MAX:
        errors.append(UserError(Code.INVALID, "The key is 1 to 100 characters.", "key"))
    if quantity < 1:
        errors.append(UserError(Code.INVALID, "Ship at least 1 piece.", "quantity"))
    elif po.shipped + quantity > 2 * po.ordered:
        errors.append(
            UserError(
                Code.TOO_LARGE,
                f"That would ship {po.shipped + quantity} of {po.ordered} ordered; "
                "check the quantity.",
                "quantity",
            )
        )
    raise_all(errors)
    if any(s.key == key for s in po.shipments):
        return po
    now = clock.now()
    shipment = {"key": key, "quantity": quantity, "at": now}
    step = {"state": POState.SHIPPED.value, "at": now, "by": user.id}
    # The first shipment moves the order out of production; later ones add to it.
    for frm, extra in (
        (POState.IN_PRODUCTION, {"first_shipped_at": now}),
        (POState.SHIPPED, {}),
    ):
        doc = await db[PURCHASE_ORDERS].find_one_and_update(
            {"_id": po.id, "state": frm.value, "shipments.key": {"$ne": key}},
            {
                "$set": {"state": POState.SHIPPED.value, "last_shipped_at": now, **extra},
                "$push": {"shipments": shipment, "history": step},
                "$inc": {"shipped": quantity},
            },
            return_document=ReturnDocument.AFTER,
        )
        if doc:
            return PurchaseOrder.from_doc(doc)
    po = await _reread(db, po_id)
    if any(s.key == key for s in po.shipments):
        return po
    raise _refused(po, "shipped")


async def receive(
    db: AsyncDB,
    settings: Settings,
    user: User,
    po_id: str,
    *,
    passed: int,
    defective: int,
    reason: str | None,
    key: str,
) -> PurchaseOrder:
    """Receive the shipped pieces with their quality check; the passed pieces become a payable
    due by the supplier's grade at receipt. A re-sent QC with the same key answers the order;
    another receipt of a received order is refused."""
    po = await _brand_order(db, user, po_id)
    errors: list[UserError] = []
    key = key.strip()
    if not 1 <= len(key) <= KEY_MAX:
        errors.append(UserError(Code.INVALID, "The key is 1 to 100 characters.", "key"))
    if passed < 0:
        errors.append(UserError(Code.INVALID, "Passed pieces are 0 or more.", "passed"))
    if defective < 0:
        errors.append(UserError(Code.INVALID, "Defective pieces are 0 or more.", "defective"))
    if passed + defective > MAX_PIECES:
        errors.append(UserError(Code.TOO_LARGE, "Too many pieces.", "passed"))
    text: str | None = None
    if reason is not None:
        text, err = text_policy.clean(
            reason, "The reason", code=Code.INVISIBLE_CHARACTERS, field="reason", multiline=True
        )
        if err:
            errors.append(err)
        if len(text) > REASON_MAX:
            errors.append(UserError(Code.TOO_LONG, f"At most {REASON_MAX} characters.", "reason"))
        text = text or None
    if defective > 0 and not text:
        errors.append(UserError(Code.REQUIRED, "Say what was wrong with the defects.", "reason"))
    if passed + defective == 0 and not errors:
        errors.append(UserError(Code.INVALID, "Receive at least one piece.", "passed"))
    raise_all(errors)
    if po.receipt is not None and po.receipt.key == key:
        return po
    delivery, difference = delivery_of(po.ordered, passed + defective)
    now = clock.now()
    receipt = {
        "key": key,
        "passed": passed,
        "defective": defective,
        "reason": text,
        "at": now,
        "delivery": delivery.value,
        "difference": difference,
    }
    moved = await _step(
        db, po, user, [POState.SHIPPED], POState.RECEIVED, "received_at", {"receipt": receipt}
    )
    if moved is None:
        po = await _reread(db, po_id)
        if po.receipt is not None and po.receipt.key == key:
            moved = po
        else:
            raise _refused(po, "received")
    # Also on a repeat: a crash between the two writes is completed by the retry.
    assert moved.receipt is not None and moved.received_at is not None
    await payables.open_payable(
        db,
        settings,
        payables.Receipted(
            po_id=moved.id,
            brand_id=moved.brand_id,
            supplier_id=moved.supplier_id,
            currency=moved.currency,
            lines=[(line.quantity, line.unit_cost_minor) for line in moved.lines],
            passed=moved.receipt.passed,
            received_at=moved.received_at,
        ),
    )
    return moved


async def mark_listed(db: AsyncDB, user: User, po_id: str) -> PurchaseOrder:
    po = await _brand_order(db, user, po_id)
    moved = await _step(db, po, user, [POState.RECEIVED], POState.LISTED, "listed_at")
    if moved:
        return moved
    po = await _reread(db, po_id)
    if po.state is POState.LISTED:
        return po
    raise _refused(po, "listed")


def rank(state: POState) -> int:
    return _RANK[state]
