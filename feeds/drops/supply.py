"""Who makes a drop's batches: each batch (the test batch, then every re-order) is split across
the brand's qualified suppliers by `commerce.allocation` and issued as purchase orders
(`commerce.allocation_io`), idempotently per (product, batch, supplier).

The batch's expected date is the orders' due date (today if that date has passed). The orders
carry the design-to-listing clock's start: when the designer noticed the trend (their first
watch on one of the drop's elements, `noticed_at`) and when the drop was created.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from accounts.users import User
from commerce import allocation_io
from commerce.allocation import Allocation
from commerce.allocation_io import BatchToMake
from commerce.purchase_orders import PurchaseOrder
from commerce.supplier_error_codes import SupplierErrorCode as Code
from core import clock
from core.errors import NotFound, UserError
from core.ids import is_valid_id
from core.mongo import AsyncDB
from core.settings import Settings
from feeds.drops.store import DROPS, PRODUCTS, TestDrop, as_day, scope
from feeds.watches import WATCHES, watch_id


async def noticed_at(
    db: AsyncDB, designer_id: str, element_ids: Sequence[str], created_at: datetime
) -> datetime | None:
    """When the trend behind a drop was noticed: the earliest watch its designer put on one
    of its elements before creating it (`feeds.watches`); None without one (the clock then
    starts at the drop's creation)."""
    keys = [watch_id(designer_id, element_id) for element_id in element_ids]
    docs = (
        await db[WATCHES]
        .find({"_id": {"$in": keys}, "created_at": {"$lte": created_at}}, {"created_at": 1})
        .to_list()
    )
    return min((clock.as_utc(d["created_at"]) for d in docs), default=None)


async def drop_noticed_at(db: AsyncDB, drop: TestDrop) -> datetime | None:
    return await noticed_at(db, drop.designer_id, drop.element_ids, drop.created_at)


async def batch_to_make(db: AsyncDB, user: User, product_id: str, batch_number: int) -> BatchToMake:
    doc = (
        await db[PRODUCTS].find_one({"_id": product_id}) if is_valid_id(product_id, "prd") else None
    )
    where = await scope(db, user)
    if doc is None or any(doc.get(k) != v for k, v in where.items()):
        raise NotFound("Test-drop product", "productId")
    batch = next((b for b in doc["batches"] if b["number"] == batch_number), None)
    if batch is None:
        raise UserError(Code.NOT_FOUND, f"The product has no batch {batch_number}.", "batchNumber")
    if not doc.get("category"):
        raise UserError(
            Code.REQUIRED, "The product has no category: suppliers are chosen by it.", "productId"
        )
    drop = await db[DROPS].find_one(
        {"_id": doc["drop_id"]}, {"created_at": 1, "designer_id": 1, "element_ids": 1}
    )
    created = clock.as_utc(drop["created_at"]) if drop else None
    return BatchToMake(
        brand_id=doc["brand_id"],
        product_id=doc["_id"],
        sku=doc["sku"],
        category=doc["category"],
        batch_number=batch_number,
        quantity=int(batch["quantity"]),
        unit_cost_minor=int(batch["unit_cost_minor"]),
        due_on=max(as_day(batch["arrives_on"]), clock.now().date()),
        drop_id=doc["drop_id"],
        drop_created_at=created,
        noticed_at=await noticed_at(db, drop["designer_id"], drop["element_ids"], created)
        if drop and created
        else None,
    )


async def issue_batch_orders(
    db: AsyncDB,
    settings: Settings,
    user: User,
    product_id: str,
    batch_number: int,
    override: Sequence[tuple[str, int]] | None = None,
) -> tuple[Allocation, list[PurchaseOrder]]:
    """Allocate one batch of a drop product and issue its purchase orders."""
    batch = await batch_to_make(db, user, product_id, batch_number)
    return await allocation_io.issue_batch(db, settings, user, batch, override)
