"""Allocating a batch in Mongo: the brand's suppliers as candidates (grade, categories, free
capacity), the pure split (`commerce.allocation`), and issuing its purchase orders.

Free capacity of a supplier in a category: its weekly capacity times the weeks until the due
date (at least one), minus the pieces it has on open orders of that category.

Issuing is idempotent per (product, batch, supplier): each order's id is derived from them, so
allocating a batch again (a retry, a double click) finds the orders already issued.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from accounts.users import User
from commerce import purchase_orders as po_io
from commerce.allocation import (
    Allocation,
    AllocationParams,
    Candidate,
    allocate,
    check_override,
)
from commerce.purchase_orders import PODraft, POLine, PurchaseOrder
from commerce.supplier_error_codes import SupplierErrorCode as Code
from commerce.suppliers import brand_suppliers, category_key
from core import clock
from core.errors import UserError, UserErrors
from core.mongo import AsyncDB
from core.settings import Settings


async def candidates(db: AsyncDB, brand_id: str, category: str, due_on: date) -> list[Candidate]:
    members = await brand_suppliers(db, brand_id)
    in_use = await po_io.open_pieces(db, [s.id for s in members])
    weeks = max(1, math.ceil((due_on - clock.now().date()).days / 7))
    key = category_key(category)
    return [
        Candidate(
            supplier_id=s.id,
            name=s.name,
            grade=s.grade,
            score=s.grade_score,
            categories=frozenset(s.categories),
            free_capacity=max(0, s.capacity.get(key, 0) * weeks - in_use.get((s.id, key), 0)),
            min_order=s.min_order,
        )
        for s in members
    ]


async def preview(
    db: AsyncDB,
    settings: Settings,
    brand_id: str,
    category: str,
    quantity: int,
    due_on: date,
    override: Sequence[tuple[str, int]] | None = None,
) -> Allocation:
    """The split the brand would get (or its own split, checked); nothing is stored."""
    if quantity < 1:
        raise UserError(Code.INVALID, "Allocate at least 1 piece.", "quantity")
    found = await candidates(db, brand_id, category, due_on)
    if override:
        allocation, problems = check_override(category, quantity, override, found)
        if problems:
            raise UserErrors(
                UserError(
                    Code(p.code), p.message, f"override.{p.index}" if p.index >= 0 else "override"
                )
                for p in problems
            )
        assert allocation is not None
        return allocation
    return allocate(category, quantity, found, AllocationParams.from_settings(settings))


@dataclass(frozen=True)
class BatchToMake:
    """A drop product's batch, as the drops area describes it."""

    brand_id: str
    product_id: str
    sku: str
    category: str
    batch_number: int
    quantity: int
    unit_cost_minor: int
    due_on: date
    drop_id: str | None = None
    drop_created_at: datetime | None = None
    noticed_at: datetime | None = None


async def issue_batch(
    db: AsyncDB,
    settings: Settings,
    actor: User,
    batch: BatchToMake,
    override: Sequence[tuple[str, int]] | None = None,
) -> tuple[Allocation, list[PurchaseOrder]]:
    """Split the batch and issue one purchase order per share (the supplier's price-list cost
    for the SKU if it has one, else the batch's unit cost)."""
    allocation = await preview(
        db, settings, batch.brand_id, batch.category, batch.quantity, batch.due_on, override
    )
    members = {s.id: s for s in await brand_suppliers(db, batch.brand_id)}
    issued = []
    for share in allocation.shares:
        supplier = members[share.supplier_id]
        unit_cost = supplier.price_list.get(batch.sku, batch.unit_cost_minor)
        issued.append(
            await po_io.issue(
                db,
                actor,
                batch.brand_id,
                PODraft(
                    supplier_id=share.supplier_id,
                    category=batch.category,
                    lines=[POLine(batch.sku, share.quantity, unit_cost, {}, batch.product_id)],
                    due_on=batch.due_on,
                    product_id=batch.product_id,
                    drop_id=batch.drop_id,
                    batch_number=batch.batch_number,
                    noticed_at=batch.noticed_at,
                    drop_created_at=batch.drop_created_at,
                    allocation_reason=share.reason,
                    key=po_io.batch_key(batch.product_id, batch.batch_number, share.supplier_id),
                ),
            )
        )
    return allocation, issued
