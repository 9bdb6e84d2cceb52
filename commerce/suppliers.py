"""Supplier organisations: who makes a brand's batches, in which categories, how many pieces a
week, at what minimum order and prices; and the `SUPPLIER` accounts that act for them.

A brand invites a supplier: the organisation is created with one member account (the contact's
email, role SUPPLIER, a one-time password shown to the brand once). A supplier belongs to the
brand that invited it: its purchase orders, payables and grades are that brand's data. Members
are kept on the supplier (`member_ids`), so the account itself is never rewritten.

The current grade is kept on the supplier (`grade`, `grade_score`, `grade_period`); its history
is in `supplier_grades` (`commerce.supplier_scoring`). A new supplier starts at the grade its
priors give, with no history.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts import email_policy, records
from accounts.users import Role, User, hasher, new_user_doc
from commerce import catalog
from commerce.supplier_error_codes import SupplierErrorCode as Code
from commerce.supplier_grades import Grade, GradeParams, grade_supplier
from commerce.supplier_kpis import supplier_kpis
from core import clock, pools, text_policy
from core.errors import NotFound, UserError, raise_all
from core.ids import is_valid_id, new_id
from core.indexes import Index, register
from core.mongo import AsyncDB, Document
from core.paging import Page, keyset_page
from core.settings import Settings

SUPPLIERS = "suppliers"
NAME_MAX = 80
MAX_CATEGORIES = 20
MAX_CAPACITY = 1_000_000
MAX_PRICE_MINOR = 2**53 - 1

register(
    Index(SUPPLIERS, [("brand_id", 1), ("_id", -1)]),
    Index(SUPPLIERS, [("member_ids", 1)]),
)


@dataclass(frozen=True)
class Supplier:
    id: str
    brand_id: str
    name: str
    contact_email: str
    categories: tuple[str, ...]
    capacity: Mapping[str, int]
    """Pieces per week it can make, by category."""
    min_order: int
    price_list: Mapping[str, int]
    """Unit cost by SKU, in minor units of `currency`."""
    currency: str
    member_ids: tuple[str, ...]
    grade: Grade
    grade_score: float
    grade_period: str | None
    """The month (YYYY-MM) of the last recompute; None before the first."""
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Supplier:
        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            name=doc["name"],
            contact_email=doc["contact_email"],
            categories=tuple(doc.get("categories") or ()),
            capacity=dict(doc.get("capacity") or {}),
            min_order=int(doc.get("min_order", 0)),
            price_list=dict(doc.get("price_list") or {}),
            currency=doc.get("currency", "USD"),
            member_ids=tuple(doc.get("member_ids") or ()),
            grade=Grade(doc.get("grade", Grade.B.value)),
            grade_score=float(doc.get("grade_score", 0.0)),
            grade_period=doc.get("grade_period"),
            created_at=clock.as_utc(doc["created_at"]),
        )

    @property
    def accepts_orders(self) -> bool:
        return self.grade is not Grade.D


@dataclass(frozen=True)
class SupplierDraft:
    name: str
    contact_email: str
    capacity: Mapping[str, int]
    """Category → pieces per week; its keys are the supplier's categories."""
    min_order: int = 0
    currency: str = "USD"
    price_list: Mapping[str, int] | None = None


@dataclass(frozen=True)
class Invitation:
    supplier: Supplier
    member: User
    password: str
    """The member's first password, shown once to the inviting brand."""


def category_key(category: str) -> str:
    return category.strip().lower()


def _check(draft: SupplierDraft) -> tuple[str, dict[str, int], list[UserError]]:
    errors: list[UserError] = []
    name, err = text_policy.clean(
        draft.name, "The name", code=Code.INVISIBLE_CHARACTERS, field="name"
    )
    if err:
        errors.append(err)
    if not name:
        errors.append(UserError(Code.REQUIRED, "Name the supplier.", "name"))
    elif len(name) > NAME_MAX:
        errors.append(UserError(Code.TOO_LONG, f"Use at most {NAME_MAX} characters.", "name"))
    if (problem := email_policy.check(draft.contact_email)) is not None:
        errors.append(UserError(problem.code, problem.message, "contactEmail"))
    capacity: dict[str, int] = {}
    if not draft.capacity:
        errors.append(
            UserError(Code.REQUIRED, "Give at least one category and its capacity.", "capacity")
        )
    elif len(draft.capacity) > MAX_CATEGORIES:
        errors.append(UserError(Code.TOO_MANY, f"At most {MAX_CATEGORIES} categories.", "capacity"))
    for index, (category, pieces) in enumerate(draft.capacity.items()):
        key = category_key(category)
        if not key or text_policy.refused_characters(key):
            errors.append(UserError(Code.INVALID, "Name the category.", f"capacity.{index}"))
        elif not 1 <= pieces <= MAX_CAPACITY:
            errors.append(
                UserError(
                    Code.INVALID,
                    f"Capacity is between 1 and {MAX_CAPACITY} pieces a week.",
                    f"capacity.{index}",
                )
            )
        else:
            capacity[key] = capacity.get(key, 0) + pieces
    if not 0 <= draft.min_order <= MAX_CAPACITY:
        errors.append(UserError(Code.INVALID, "The minimum order is 0 or more.", "minOrder"))
    if draft.currency not in catalog.CURRENCY_EXPONENTS:
        errors.append(UserError(Code.UNKNOWN_CURRENCY, "Unknown currency.", "currency"))
    for sku, price in (draft.price_list or {}).items():
        if not sku.strip() or not 0 <= price <= MAX_PRICE_MINOR:
            errors.append(
                UserError(Code.INVALID, f"Unit cost of {sku!r} is not valid.", "priceList")
            )
    return name, capacity, errors


def initial_grade(settings: Settings) -> tuple[Grade, float]:
    """Where a supplier with no history stands: the priors' grade (the amount caps it at B)."""
    empty = supplier_kpis("new", [], clock.now(), {})
    result = grade_supplier(empty, GradeParams.from_settings(settings))
    return result.grade, result.score


def supplier_doc(
    brand_id: str, draft: SupplierDraft, settings: Settings, member_ids: Sequence[str] = ()
) -> Document:
    name, capacity, errors = _check(draft)
    raise_all(errors)
    grade, score = initial_grade(settings)
    now = clock.now()
    return {
        "_id": new_id("sup"),
        "brand_id": brand_id,
        "name": name,
        "contact_email": email_policy.normalise(draft.contact_email),
        "categories": sorted(capacity),
        "capacity": capacity,
        "min_order": draft.min_order,
        "price_list": {sku.strip(): p for sku, p in (draft.price_list or {}).items()},
        "currency": draft.currency,
        "member_ids": list(member_ids),
        "grade": grade.value,
        "grade_score": score,
        "grade_period": None,
        "created_at": now,
        "updated_at": now,
    }


async def invite_supplier(
    db: AsyncDB, settings: Settings, brand: User, draft: SupplierDraft
) -> Invitation:
    """A new supplier of `brand` with one member account for its contact email."""
    doc = supplier_doc(brand.id, draft, settings)
    password = secrets.token_urlsafe(12)
    password_hash = await pools.run("auth", hasher(settings).hash, password)
    member = new_user_doc(
        doc["contact_email"], password_hash, doc["name"], Role.SUPPLIER, home_market=None
    )
    if not await records.insert_if_new(db, member):
        raise UserError(
            Code.DUPLICATE,
            "An account with this email exists already; invite the supplier with another "
            "contact email.",
            "contactEmail",
        )
    doc["member_ids"] = [member["_id"]]
    await db[SUPPLIERS].insert_one(doc)
    return Invitation(Supplier.from_doc(doc), User.from_doc(member), password)


async def create_supplier(
    db: AsyncDB, settings: Settings, brand_id: str, draft: SupplierDraft, member_ids: Sequence[str]
) -> Supplier:
    """A supplier whose member accounts exist already (the demo seeder, tests)."""
    doc = supplier_doc(brand_id, draft, settings, member_ids)
    await db[SUPPLIERS].insert_one(doc)
    return Supplier.from_doc(doc)


async def get_supplier(db: AsyncDB, supplier_id: str) -> Supplier | None:
    if not is_valid_id(supplier_id, "sup"):
        return None
    doc = await db[SUPPLIERS].find_one({"_id": supplier_id})
    return Supplier.from_doc(doc) if doc else None


async def suppliers_by_ids(db: AsyncDB, ids: Sequence[str]) -> dict[str, Supplier]:
    docs = await db[SUPPLIERS].find({"_id": {"$in": sorted(set(ids))}}).to_list()
    return {d["_id"]: Supplier.from_doc(d) for d in docs}


async def supplier_of_member(db: AsyncDB, user: User) -> Supplier | None:
    """The supplier a SUPPLIER account acts for (None for anyone else)."""
    if user.role is not Role.SUPPLIER:
        return None
    doc = await db[SUPPLIERS].find_one({"member_ids": user.id})
    return Supplier.from_doc(doc) if doc else None


async def brand_scope(db: AsyncDB, user: User) -> str | None:
    """The brand whose suppliers the user manages: a brand itself, a designer's brand."""
    if user.role is Role.BRAND:
        return user.id
    if user.role is Role.DESIGNER:
        doc = await db.users.find_one({"_id": user.id}, {"brand_id": 1})
        brand_id = (doc or {}).get("brand_id")
        return str(brand_id) if brand_id else None
    return None


async def visible_supplier(db: AsyncDB, user: User, supplier_id: str) -> Supplier:
    """The supplier if the user may see it: its brand (and the brand's designers), its own
    members, an admin; NotFound otherwise (never saying whether it exists)."""
    found = await get_supplier(db, supplier_id)
    if found is None:
        raise NotFound("Supplier", "supplierId")
    if user.role is Role.ADMIN or user.id in found.member_ids:
        return found
    if await brand_scope(db, user) == found.brand_id:
        return found
    raise NotFound("Supplier", "supplierId")


async def brand_suppliers(db: AsyncDB, brand_id: str) -> list[Supplier]:
    docs = await db[SUPPLIERS].find({"brand_id": brand_id}).sort("_id", 1).to_list()
    return [Supplier.from_doc(d) for d in docs]


async def list_suppliers(
    db: AsyncDB,
    brand_id: str | None,
    *,
    category: str | None,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Supplier]:
    """A brand's suppliers (every one for None: admins), newest first."""
    query: dict[str, Any] = {}
    if brand_id is not None:
        query["brand_id"] = brand_id
    if category:
        query["categories"] = category_key(category)
    return await keyset_page(
        db[SUPPLIERS],
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=Supplier.from_doc,
    )


async def store_grade(
    db: AsyncDB, supplier_id: str, grade: Grade, score: float, period: str
) -> None:
    await db[SUPPLIERS].update_one(
        {"_id": supplier_id},
        {
            "$set": {
                "grade": grade.value,
                "grade_score": score,
                "grade_period": period,
                "updated_at": clock.now(),
            }
        },
    )
