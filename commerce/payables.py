"""What a brand owes its suppliers: a ledger of entries per purchase order, in minor units.

Entries (`supplier_ledger`), each immutable, each with an id derived from (order, kind) so a
retried write lands on the same entry:

    PAYABLE            + the passed pieces' value, on receipt; due `terms` days after receipt,
                         the terms fixed by the supplier's grade at that moment
                         (S 7, A 15, B 30, C 45, D 45 — settings `SUPPLIER_TERMS_DAYS_*`)
    EARLY_REQUESTED    0, the supplier asks to be paid early (on a date it gives)
    EARLY_APPROVED     - the discount the brand approves the early payment at (basis points
                         of the payable, rounded down: a fraction of a cent goes to the
                         supplier), and the new pay date
    PAID               - the balance, when the brand pays

A payable's state and balance are the fold of its entries (`fold`), never a stored counter.
Passed pieces are paid up to the quantity ordered, line by line in order: an over-delivery is
recorded on the order but not billed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from accounts.users import Role, User
from commerce.supplier_error_codes import SupplierErrorCode as Code
from commerce.supplier_grades import Grade
from commerce.suppliers import SUPPLIERS, brand_scope, get_supplier
from core import clock
from core.derived_ids import derived_id
from core.errors import NotFound, UserError
from core.indexes import Index, register
from core.mongo import AsyncDB, Document, is_duplicate
from core.settings import Settings

LEDGER = "supplier_ledger"
EARLY_AHEAD_MAX_DAYS = 365

register(
    Index(LEDGER, [("brand_id", 1), ("due_on", 1)]),
    Index(LEDGER, [("supplier_id", 1), ("due_on", 1)]),
    Index(LEDGER, [("po_id", 1)]),
)


class EntryKind(StrEnum):
    PAYABLE = "PAYABLE"
    EARLY_REQUESTED = "EARLY_REQUESTED"
    EARLY_APPROVED = "EARLY_APPROVED"
    PAID = "PAID"


# Entries of one instant are listed in the order they can happen in.
_KIND_ORDER = list(EntryKind)


class PayableState(StrEnum):
    OPEN = "OPEN"
    EARLY_REQUESTED = "EARLY_REQUESTED"
    EARLY_APPROVED = "EARLY_APPROVED"
    PAID = "PAID"


# --- pure ------------------------------------------------------------------------------------


def terms_days(grade: Grade, settings: Settings) -> int:
    return {
        Grade.S: settings.supplier_terms_days_s,
        Grade.A: settings.supplier_terms_days_a,
        Grade.B: settings.supplier_terms_days_b,
        Grade.C: settings.supplier_terms_days_c,
        Grade.D: settings.supplier_terms_days_d,
    }[grade]


def passed_amount(lines: Sequence[tuple[int, int]], passed: int) -> tuple[int, int]:
    """(pieces billed, amount in minor units) for `passed` pieces over (quantity, unit cost)
    lines: lines filled in order, never beyond what was ordered."""
    billed = amount = 0
    left = passed
    for quantity, unit_cost in lines:
        take = min(left, quantity)
        billed += take
        amount += take * unit_cost
        left -= take
    return billed, amount


def discount_of(amount_minor: int, bps: int) -> int:
    """The discount on `amount_minor` at `bps` basis points, rounded down."""
    return amount_minor * bps // 10_000


@dataclass(frozen=True)
class Entry:
    id: str
    kind: EntryKind
    po_id: str
    brand_id: str
    supplier_id: str
    currency: str
    amount_minor: int
    at: datetime
    due_on: date | None = None
    grade: Grade | None = None
    terms_days: int | None = None
    pieces: int | None = None
    discount_bps: int | None = None
    pay_on: date | None = None
    by: str | None = None

    def as_doc(self) -> Document:
        return {
            "_id": self.id,
            "kind": self.kind.value,
            "po_id": self.po_id,
            "brand_id": self.brand_id,
            "supplier_id": self.supplier_id,
            "currency": self.currency,
            "amount_minor": self.amount_minor,
            "at": self.at,
            "due_on": _day_start(self.due_on) if self.due_on else None,
            "grade": self.grade.value if self.grade else None,
            "terms_days": self.terms_days,
            "pieces": self.pieces,
            "discount_bps": self.discount_bps,
            "pay_on": _day_start(self.pay_on) if self.pay_on else None,
            "by": self.by,
        }

    @classmethod
    def from_doc(cls, doc: Document) -> Entry:
        def day(name: str) -> date | None:
            value = doc.get(name)
            return clock.as_utc(value).date() if value else None

        return cls(
            id=doc["_id"],
            kind=EntryKind(doc["kind"]),
            po_id=doc["po_id"],
            brand_id=doc["brand_id"],
            supplier_id=doc["supplier_id"],
            currency=doc["currency"],
            amount_minor=int(doc["amount_minor"]),
            at=clock.as_utc(doc["at"]),
            due_on=day("due_on"),
            grade=Grade(doc["grade"]) if doc.get("grade") else None,
            terms_days=doc.get("terms_days"),
            pieces=doc.get("pieces"),
            discount_bps=doc.get("discount_bps"),
            pay_on=day("pay_on"),
            by=doc.get("by"),
        )


@dataclass(frozen=True)
class Payable:
    po_id: str
    brand_id: str
    supplier_id: str
    currency: str
    state: PayableState
    amount_minor: int
    """The passed pieces' value."""
    discount_minor: int
    paid_minor: int
    balance_minor: int
    pieces: int
    grade: Grade
    """The supplier's grade at receipt, which set the terms."""
    terms_days: int
    due_on: date
    """When it is to be paid: the terms' date, or the approved early date."""
    original_due_on: date
    requested_pay_on: date | None
    discount_bps: int | None
    created_at: datetime
    paid_at: datetime | None
    entries: tuple[Entry, ...]


def entry_id(po_id: str, kind: EntryKind) -> str:
    return derived_id("sled", po_id, kind.value)


def fold(entries: Iterable[Entry]) -> dict[str, Payable]:
    """Each order's payable from its entries (orders without a PAYABLE entry are left out)."""
    by_po: dict[str, list[Entry]] = {}
    for entry in entries:
        by_po.setdefault(entry.po_id, []).append(entry)
    found: dict[str, Payable] = {}
    for po_id, items in by_po.items():
        kinds = {e.kind: e for e in items}
        opening = kinds.get(EntryKind.PAYABLE)
        if opening is None or opening.due_on is None:
            continue
        request = kinds.get(EntryKind.EARLY_REQUESTED)
        approval = kinds.get(EntryKind.EARLY_APPROVED)
        payment = kinds.get(EntryKind.PAID)
        discount = -approval.amount_minor if approval else 0
        paid = -payment.amount_minor if payment else 0
        state = (
            PayableState.PAID
            if payment
            else PayableState.EARLY_APPROVED
            if approval
            else PayableState.EARLY_REQUESTED
            if request
            else PayableState.OPEN
        )
        found[po_id] = Payable(
            po_id=po_id,
            brand_id=opening.brand_id,
            supplier_id=opening.supplier_id,
            currency=opening.currency,
            state=state,
            amount_minor=opening.amount_minor,
            discount_minor=discount,
            paid_minor=paid,
            balance_minor=opening.amount_minor - discount - paid,
            pieces=opening.pieces or 0,
            grade=opening.grade or Grade.B,
            terms_days=opening.terms_days or 0,
            due_on=approval.pay_on if approval and approval.pay_on else opening.due_on,
            original_due_on=opening.due_on,
            requested_pay_on=request.pay_on if request else None,
            discount_bps=approval.discount_bps if approval else None,
            created_at=opening.at,
            paid_at=payment.at if payment else None,
            entries=tuple(sorted(items, key=lambda e: (e.at, _KIND_ORDER.index(e.kind)))),
        )
    return found


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


# --- I/O -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipted:
    """What a received order tells the ledger."""

    po_id: str
    brand_id: str
    supplier_id: str
    currency: str
    lines: Sequence[tuple[int, int]]
    passed: int
    received_at: datetime


async def _insert(db: AsyncDB, entry: Entry) -> bool:
    try:
        await db[LEDGER].insert_one(entry.as_doc())
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    return True


async def open_payable(db: AsyncDB, settings: Settings, source: Receipted) -> Payable | None:
    """The payable of a received order (once: a repeat finds the first). None when no piece
    passed QC: nothing is owed."""
    pieces, amount = passed_amount(source.lines, source.passed)
    if pieces == 0:
        return None
    supplier = await db[SUPPLIERS].find_one({"_id": source.supplier_id}, {"grade": 1})
    grade = Grade((supplier or {}).get("grade", Grade.B.value))
    days = terms_days(grade, settings)
    await _insert(
        db,
        Entry(
            id=entry_id(source.po_id, EntryKind.PAYABLE),
            kind=EntryKind.PAYABLE,
            po_id=source.po_id,
            brand_id=source.brand_id,
            supplier_id=source.supplier_id,
            currency=source.currency,
            amount_minor=amount,
            at=source.received_at,
            due_on=source.received_at.date() + timedelta(days=days),
            grade=grade,
            terms_days=days,
            pieces=pieces,
        ),
    )
    return (await payables_of(db, [source.po_id])).get(source.po_id)


async def payables_of(db: AsyncDB, po_ids: Sequence[str]) -> dict[str, Payable]:
    docs = await db[LEDGER].find({"po_id": {"$in": sorted(set(po_ids))}}).to_list()
    return fold(Entry.from_doc(d) for d in docs)


async def _visible(db: AsyncDB, user: User, po_id: str) -> tuple[Payable, bool, bool]:
    """The payable, whether the user is its supplier's member, whether its brand."""
    payable = (await payables_of(db, [po_id])).get(po_id)
    if payable is None:
        raise NotFound("Payable", "purchaseOrderId")
    supplier = await get_supplier(db, payable.supplier_id)
    member = user.role is Role.ADMIN or (supplier is not None and user.id in supplier.member_ids)
    brand = user.role is Role.ADMIN or await brand_scope(db, user) == payable.brand_id
    if not (member or brand):
        raise NotFound("Payable", "purchaseOrderId")
    return payable, member, brand


async def visible_payable(db: AsyncDB, user: User, po_id: str) -> Payable:
    return (await _visible(db, user, po_id))[0]


async def request_early_payment(db: AsyncDB, user: User, po_id: str, pay_on: date) -> Payable:
    """The supplier asks to be paid on `pay_on`, before the due date (once per payable)."""
    payable, member, _ = await _visible(db, user, po_id)
    if not member:
        raise UserError(Code.FORBIDDEN, "Only the supplier's members can ask for this.", None)
    if payable.state is not PayableState.OPEN:
        if payable.state is PayableState.EARLY_REQUESTED and payable.requested_pay_on == pay_on:
            return payable
        raise UserError(
            Code.INVALID_STATE,
            f"This payable is {payable.state.value.replace('_', ' ').lower()} already.",
            None,
        )
    today = clock.now().date()
    if pay_on < today:
        raise UserError(Code.PAST, "The date cannot be in the past.", "payOn")
    if pay_on >= payable.due_on:
        raise UserError(
            Code.INVALID, f"Ask for a date before the due date {payable.due_on}.", "payOn"
        )
    await _insert(
        db,
        Entry(
            id=entry_id(po_id, EntryKind.EARLY_REQUESTED),
            kind=EntryKind.EARLY_REQUESTED,
            po_id=po_id,
            brand_id=payable.brand_id,
            supplier_id=payable.supplier_id,
            currency=payable.currency,
            amount_minor=0,
            at=clock.now(),
            pay_on=pay_on,
            by=user.id,
        ),
    )
    return (await payables_of(db, [po_id]))[po_id]


async def approve_early_payment(
    db: AsyncDB, settings: Settings, user: User, po_id: str, discount_bps: int | None
) -> Payable:
    """The brand approves a requested early payment at a stated discount (the setting
    `SUPPLIER_EARLY_PAYMENT_DISCOUNT_BPS` unless given); it is then due on the requested date."""
    payable, _, brand = await _visible(db, user, po_id)
    if not brand:
        raise UserError(Code.FORBIDDEN, "Only the brand can approve this.", None)
    bps = settings.supplier_early_payment_discount_bps if discount_bps is None else discount_bps
    if not 0 <= bps <= 5_000:
        raise UserError(Code.INVALID, "The discount is 0 to 5000 basis points.", "discountBps")
    if payable.state is PayableState.EARLY_APPROVED and payable.discount_bps == bps:
        return payable
    if payable.state is not PayableState.EARLY_REQUESTED:
        raise UserError(
            Code.INVALID_STATE,
            "Only a requested early payment can be approved; this payable is "
            f"{payable.state.value.replace('_', ' ').lower()}.",
            None,
        )
    await _insert(
        db,
        Entry(
            id=entry_id(po_id, EntryKind.EARLY_APPROVED),
            kind=EntryKind.EARLY_APPROVED,
            po_id=po_id,
            brand_id=payable.brand_id,
            supplier_id=payable.supplier_id,
            currency=payable.currency,
            amount_minor=-discount_of(payable.amount_minor, bps),
            at=clock.now(),
            discount_bps=bps,
            pay_on=payable.requested_pay_on,
            by=user.id,
        ),
    )
    return (await payables_of(db, [po_id]))[po_id]


async def mark_paid(db: AsyncDB, user: User, po_id: str) -> Payable:
    """The brand paid the balance (once)."""
    payable, _, brand = await _visible(db, user, po_id)
    if not brand:
        raise UserError(Code.FORBIDDEN, "Only the brand can record a payment.", None)
    if payable.state is PayableState.PAID:
        return payable
    await _insert(
        db,
        Entry(
            id=entry_id(po_id, EntryKind.PAID),
            kind=EntryKind.PAID,
            po_id=po_id,
            brand_id=payable.brand_id,
            supplier_id=payable.supplier_id,
            currency=payable.currency,
            amount_minor=-payable.balance_minor,
            at=clock.now(),
            by=user.id,
        ),
    )
    return (await payables_of(db, [po_id]))[po_id]


async def schedule(
    db: AsyncDB,
    scope: Mapping[str, Any],
    *,
    states: Sequence[PayableState] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[Payable]:
    """The payables in `scope` ({"brand_id": …} or {"supplier_id": …}) by due date, soonest
    first; only those in `states` and due within [start, end] when given."""
    query: dict[str, Any] = dict(scope)
    po_ids = [d["po_id"] async for d in db[LEDGER].find(query, {"po_id": 1})]
    found = list((await payables_of(db, po_ids)).values())
    if states:
        found = [p for p in found if p.state in states]
    if start is not None:
        found = [p for p in found if p.due_on >= start]
    if end is not None:
        found = [p for p in found if p.due_on <= end]
    return sorted(found, key=lambda p: (p.due_on, p.po_id))


def totals_by_currency(items: Iterable[Payable]) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for p in items:
        out[p.currency] = out.get(p.currency, 0) + p.balance_minor
    return out
