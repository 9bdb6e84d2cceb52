"""Recomputing suppliers' KPIs and grades from their purchase orders, and their grade history.

For each brand: the orders issued in the trailing window (`SUPPLIER_GRADE_WINDOW_DAYS`) up to
`as_of`, the brand's returns in that window marked as quality returns
(`commerce.quality_returns`) or whose line or return carries a quality `reason` (quality,
defective, damaged), each traced to the order that made the piece
(`commerce.supplier_kpis.trace_quality_returns`); then the pure KPIs and grades. Each supplier's
result is stored once per month in `supplier_grades` (`_id` derived from supplier and month, so
a recompute in the same month replaces that month's entry, and the monthly task run twice
writes one), and its current grade on the supplier.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from commerce import quality_returns
from commerce import suppliers as suppliers_io
from commerce.purchase_orders import PURCHASE_ORDERS
from commerce.supplier_grades import (
    Component,
    Grade,
    GradeParams,
    GradeResult,
    Improvement,
    grade_all,
)
from commerce.supplier_kpis import (
    OrderFacts,
    ReceivedBatch,
    ReturnedPiece,
    SupplierKpis,
    all_supplier_kpis,
    trace_quality_returns,
)
from commerce.suppliers import SUPPLIERS, Supplier
from core import clock
from core.derived_ids import derived_id
from core.indexes import Index, register
from core.mongo import AsyncDB, Document
from core.settings import Settings

GRADES = "supplier_grades"
QUALITY_REASONS = frozenset({"quality", "defective", "damaged", "defect"})

register(Index(GRADES, [("supplier_id", 1), ("period", -1)]))


def period_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


def _at(value: Any) -> datetime | None:
    return clock.as_utc(value) if value else None


def facts_of(doc: Document, quality_returns: int = 0) -> OrderFacts:
    receipt = doc.get("receipt") or {}
    ordered = int(doc["ordered"])
    amount = int(doc["amount_minor"])
    return OrderFacts(
        po_id=doc["_id"],
        supplier_id=doc["supplier_id"],
        category=doc["category"],
        issued_at=clock.as_utc(doc["issued_at"]),
        due_on=clock.as_utc(doc["due_on"]).date(),
        ordered=ordered,
        unit_cost_minor=amount // ordered if ordered else 0,
        amount_minor=amount,
        accepted_at=_at(doc.get("accepted_at")),
        declined_at=_at(doc.get("declined_at")),
        received_at=_at(doc.get("received_at")),
        passed=int(receipt.get("passed", 0)),
        defective=int(receipt.get("defective", 0)),
        quality_returns=quality_returns,
    )


def quality_pieces(
    return_docs: Iterable[Document], marked: Sequence[Document] = ()
) -> list[ReturnedPiece]:
    """Pieces returned for quality: the lines the brand marked (`commerce.quality_returns`),
    and unmarked lines that carry a quality reason themselves."""
    seen = {(d["return_id"], d["sku"]) for d in marked}
    found = quality_returns.as_pieces(list(marked))
    for doc in return_docs:
        whole = str(doc.get("reason") or "").strip().lower()
        for line in doc.get("lines") or ():
            if (doc["_id"], line["sku"]) in seen:
                continue
            reason = str(line.get("reason") or whole).strip().lower()
            if reason in QUALITY_REASONS:
                found.append(
                    ReturnedPiece(line["sku"], int(line["quantity"]), clock.as_utc(doc["at"]))
                )
    return found


def received_batches(po_docs: Iterable[Document]) -> list[ReceivedBatch]:
    return [
        ReceivedBatch(doc["_id"], line["sku"], clock.as_utc(doc["received_at"]))
        for doc in po_docs
        if doc.get("received_at")
        for line in doc["lines"]
    ]


def compute(
    supplier_ids: Sequence[str],
    po_docs: Sequence[Document],
    return_docs: Sequence[Document],
    as_of: datetime,
    params: GradeParams,
    marked: Sequence[Document] = (),
) -> tuple[dict[str, SupplierKpis], dict[str, GradeResult]]:
    """One brand's KPIs and grades from its orders and returns (pure)."""
    traced = trace_quality_returns(quality_pieces(return_docs, marked), received_batches(po_docs))
    facts = [facts_of(doc, traced.get(doc["_id"], 0)) for doc in po_docs]
    kpis = all_supplier_kpis(supplier_ids, facts, as_of)
    return kpis, grade_all(kpis, params)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Grade):
        return value.value
    return value


def grade_doc(
    supplier: Supplier, kpis: SupplierKpis, result: GradeResult, as_of: datetime
) -> Document:
    period = period_of(as_of)
    return {
        "_id": derived_id("sgr", supplier.id, period),
        "supplier_id": supplier.id,
        "brand_id": supplier.brand_id,
        "period": period,
        "grade": result.grade.value,
        "score_grade": result.score_grade.value,
        "score": result.score,
        "purchase_amount_minor": result.purchase_amount_minor,
        "kpis": _plain(kpis),
        "components": _plain(result.components),
        "reasons": list(result.reasons),
        "next_grade": result.next_grade.value if result.next_grade else None,
        "improvements": _plain(result.improvements),
        "previous_grade": supplier.grade.value,
        "computed_at": as_of,
    }


@dataclass(frozen=True)
class GradeRecord:
    """A supplier's grade for one month, with what made it."""

    supplier_id: str
    period: str
    grade: Grade
    score_grade: Grade
    previous_grade: Grade | None
    score: float
    purchase_amount_minor: int
    kpis: SupplierKpis
    components: tuple[Component, ...]
    reasons: tuple[str, ...]
    next_grade: Grade | None
    improvements: tuple[Improvement, ...]
    computed_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> GradeRecord:
        return cls(
            supplier_id=doc["supplier_id"],
            period=doc["period"],
            grade=Grade(doc["grade"]),
            score_grade=Grade(doc["score_grade"]),
            previous_grade=Grade(doc["previous_grade"]) if doc.get("previous_grade") else None,
            score=float(doc["score"]),
            purchase_amount_minor=int(doc["purchase_amount_minor"]),
            kpis=SupplierKpis(**doc["kpis"]),
            components=tuple(Component(**c) for c in doc["components"]),
            reasons=tuple(doc["reasons"]),
            next_grade=Grade(doc["next_grade"]) if doc.get("next_grade") else None,
            improvements=tuple(Improvement(**i) for i in doc["improvements"]),
            computed_at=clock.as_utc(doc["computed_at"]),
        )


async def _returns(
    db: AsyncDB, brand_id: str, start: datetime, end: datetime
) -> tuple[list[Document], list[Document]]:
    """The brand's returns in [start, end], and its marked quality returns among them."""
    window = {"brand_id": brand_id, "at": {"$gte": start, "$lte": end}}
    return_docs = await db.returns.find(window, {"lines": 1, "at": 1, "reason": 1}).to_list()
    marked = await db[quality_returns.QUALITY_RETURNS].find(window).to_list()
    return return_docs, marked


async def recompute(
    db: AsyncDB, settings: Settings, brand_id: str | None, as_of: datetime | None = None
) -> list[GradeRecord]:
    """Recompute the grades of one brand's suppliers (every brand's for None)."""
    as_of = as_of or clock.now()
    start = as_of - timedelta(days=settings.supplier_grade_window_days)
    params = GradeParams.from_settings(settings)
    query: dict[str, Any] = {"brand_id": brand_id} if brand_id else {}
    by_brand: dict[str, list[Supplier]] = defaultdict(list)
    async for doc in db[SUPPLIERS].find(query):
        by_brand[doc["brand_id"]].append(Supplier.from_doc(doc))
    records: list[GradeRecord] = []
    for brand, members in sorted(by_brand.items()):
        po_docs = (
            await db[PURCHASE_ORDERS]
            .find({"brand_id": brand, "issued_at": {"$gte": start, "$lte": as_of}})
            .to_list()
        )
        return_docs, marked = await _returns(db, brand, start, as_of)
        kpis, results = compute(
            [s.id for s in members], po_docs, return_docs, as_of, params, marked
        )
        for supplier in members:
            doc = grade_doc(supplier, kpis[supplier.id], results[supplier.id], as_of)
            await db[GRADES].replace_one({"_id": doc["_id"]}, doc, upsert=True)
            await suppliers_io.store_grade(
                db, supplier.id, results[supplier.id].grade, results[supplier.id].score,
                doc["period"],
            )  # fmt: skip
            records.append(GradeRecord.from_doc(doc))
    return records


async def grade_history(
    db: AsyncDB, supplier_ids: Sequence[str], limit: int = 24
) -> dict[str, list[GradeRecord]]:
    """Each supplier's monthly grades, newest first."""
    found: dict[str, list[GradeRecord]] = {sid: [] for sid in supplier_ids}
    async for doc in (
        db[GRADES].find({"supplier_id": {"$in": sorted(set(supplier_ids))}}).sort("period", -1)
    ):
        if len(found[doc["supplier_id"]]) < limit:
            found[doc["supplier_id"]].append(GradeRecord.from_doc(doc))
    return found


async def live_kpis(
    db: AsyncDB, settings: Settings, brand_id: str, as_of: datetime | None = None
) -> tuple[dict[str, SupplierKpis], dict[str, GradeResult]]:
    """KPIs and the grade they would give now, without storing anything (scorecards between
    the monthly recomputes)."""
    as_of = as_of or clock.now()
    start = as_of - timedelta(days=settings.supplier_grade_window_days)
    members = await suppliers_io.brand_suppliers(db, brand_id)
    po_docs = (
        await db[PURCHASE_ORDERS]
        .find({"brand_id": brand_id, "issued_at": {"$gte": start, "$lte": as_of}})
        .to_list()
    )
    return_docs, marked = await _returns(db, brand_id, start, as_of)
    return compute(
        [s.id for s in members],
        po_docs,
        return_docs,
        as_of,
        GradeParams.from_settings(settings),
        marked,
    )
