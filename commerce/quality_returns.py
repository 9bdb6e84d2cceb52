"""Returns a brand classifies as quality returns, for the suppliers' defect rates.

The shops' return webhook says which pieces came back, not why; the brand's customer service
marks a returned line as a quality return (`supplier_quality_returns`, one entry per (return,
SKU), so marking twice is one mark). Grading reads these, and any return line that does carry
a quality reason, and traces each piece to the purchase order that made it
(`commerce.supplier_kpis.trace_quality_returns`: the latest order of the SKU received before
the return).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from accounts.users import Role, User
from commerce.purchase_orders import PURCHASE_ORDERS
from commerce.supplier_error_codes import SupplierErrorCode as Code
from commerce.supplier_kpis import ReceivedBatch, ReturnedPiece, trace_quality_returns
from commerce.suppliers import brand_scope
from core import clock, text_policy
from core.derived_ids import derived_id
from core.errors import NotFound, UserError, raise_all
from core.ids import is_valid_id
from core.indexes import Index, register
from core.mongo import AsyncDB, Document

QUALITY_RETURNS = "supplier_quality_returns"
NOTE_MAX = 500

register(Index(QUALITY_RETURNS, [("brand_id", 1), ("at", 1)]))


@dataclass(frozen=True)
class QualityReturn:
    id: str
    return_id: str
    brand_id: str
    sku: str
    quantity: int
    note: str | None
    at: datetime
    """When the shopper returned it (the return's time, not the marking's)."""
    traced_po_id: str | None


async def _traced(db: AsyncDB, brand_id: str, sku: str, quantity: int, at: datetime) -> str | None:
    docs = (
        await db[PURCHASE_ORDERS]
        .find(
            {"brand_id": brand_id, "lines.sku": sku, "received_at": {"$ne": None, "$lte": at}},
            {"received_at": 1},
        )
        .to_list()
    )
    batches = [ReceivedBatch(d["_id"], sku, clock.as_utc(d["received_at"])) for d in docs]
    traced = trace_quality_returns([ReturnedPiece(sku, quantity, at)], batches)
    return next(iter(traced), None)


async def mark_quality_return(
    db: AsyncDB, user: User, return_id: str, sku: str, quantity: int | None, note: str | None
) -> QualityReturn:
    """Mark `quantity` pieces (all of the line when None) of a return's SKU as returned for
    quality; marking again replaces the count."""
    found = await db.returns.find_one({"_id": return_id}) if is_valid_id(return_id, "rtn") else None
    brand = await brand_scope(db, user) if user.role is not Role.ADMIN else None
    if found is None or (user.role is not Role.ADMIN and found.get("brand_id") != brand):
        raise NotFound("Return", "returnId")
    lines = [line for line in found.get("lines") or () if line.get("sku") == sku.strip()]
    if not lines:
        raise UserError(Code.NOT_FOUND, "The return has no line of this SKU.", "sku")
    returned = sum(int(line["quantity"]) for line in lines)
    pieces = returned if quantity is None else quantity
    errors: list[UserError] = []
    if not 1 <= pieces <= returned:
        errors.append(
            UserError(Code.INVALID, f"Between 1 and {returned} pieces came back.", "quantity")
        )
    text = None
    if note is not None:
        text, err = text_policy.clean(
            note, "The note", code=Code.INVISIBLE_CHARACTERS, field="note", multiline=True
        )
        if err:
            errors.append(err)
        if len(text) > NOTE_MAX:
            errors.append(UserError(Code.TOO_LONG, f"At most {NOTE_MAX} characters.", "note"))
    raise_all(errors)
    at = clock.as_utc(found["at"])
    doc: Document = {
        "_id": derived_id("qret", return_id, sku.strip()),
        "return_id": return_id,
        "brand_id": found["brand_id"],
        "sku": sku.strip(),
        "quantity": pieces,
        "note": text or None,
        "at": at,
        "marked_by": user.id,
        "marked_at": clock.now(),
    }
    await db[QUALITY_RETURNS].replace_one({"_id": doc["_id"]}, doc, upsert=True)
    return QualityReturn(
        id=doc["_id"],
        return_id=return_id,
        brand_id=doc["brand_id"],
        sku=doc["sku"],
        quantity=pieces,
        note=doc["note"],
        at=at,
        traced_po_id=await _traced(db, doc["brand_id"], doc["sku"], pieces, at),
    )


def as_pieces(docs: list[Document]) -> list[ReturnedPiece]:
    return [ReturnedPiece(d["sku"], int(d["quantity"]), clock.as_utc(d["at"])) for d in docs]
