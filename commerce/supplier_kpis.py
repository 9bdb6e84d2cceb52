"""A supplier's KPIs over a period, from the facts of its purchase orders (pure: plain data in,
plain data out; `commerce.supplier_scoring` reads the facts and stores the results).

Every KPI keeps the counts behind it, because the grade (`commerce.supplier_grades`) shrinks
each rate toward a prior by how much evidence there is: a rate over two orders is not a rate
over forty.

- on-time rate: received by the due date, over the orders due by the end of the period (an
  accepted order still open past its due date is late, so a slow supplier cannot hide behind
  orders it has not delivered yet);
- lead time: days from issue to receipt, mean and p90;
- acceptance time: hours from issue to acceptance (or decline);
- fill rate: pieces received (up to what was ordered) over pieces ordered, on received orders;
- defect rate: pieces failing QC plus pieces returned for quality (each traced to the order
  that made it), over pieces received;
- cost index: the supplier's unit costs against the category's mean (1.0 = the mean);
- purchase amount: ordered value of the orders it did not decline, in minor units.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class OrderFacts:
    """What happened to one purchase order, as far as it went by the time of reading."""

    po_id: str
    supplier_id: str
    category: str
    issued_at: datetime
    due_on: date
    ordered: int
    unit_cost_minor: int
    """Quantity-weighted unit cost of its lines."""
    amount_minor: int
    """Ordered value (quantity x unit cost over its lines)."""
    accepted_at: datetime | None = None
    declined_at: datetime | None = None
    received_at: datetime | None = None
    passed: int = 0
    defective: int = 0
    quality_returns: int = 0
    """Pieces of this order that shoppers returned for a quality reason."""

    @property
    def received(self) -> int:
        return self.passed + self.defective


@dataclass(frozen=True)
class SupplierKpis:
    supplier_id: str
    orders: int
    declined: int
    due: int
    """Orders received, or accepted and past their due date, by the end of the period."""
    on_time: int
    on_time_rate: float | None
    received_orders: int
    lead_days_mean: float | None
    lead_days_p90: float | None
    acceptance_hours_mean: float | None
    answered: int
    """Orders accepted or declined (the acceptance-time sample)."""
    pieces_ordered: int
    """Pieces ordered on the received orders (the fill-rate denominator)."""
    pieces_filled: int
    fill_rate: float | None
    pieces_received: int
    defects: int
    """Pieces failing QC plus quality returns."""
    defect_rate: float | None
    over_deliveries: int
    short_deliveries: int
    cost_index: float | None
    purchase_amount_minor: int


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = 0.9 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86_400


def category_unit_costs(facts: Iterable[OrderFacts]) -> dict[str, float]:
    """Each category's quantity-weighted mean unit cost over every supplier's orders."""
    value: dict[str, int] = defaultdict(int)
    pieces: dict[str, int] = defaultdict(int)
    for fact in facts:
        if fact.declined_at is None and fact.ordered > 0:
            value[fact.category] += fact.unit_cost_minor * fact.ordered
            pieces[fact.category] += fact.ordered
    return {category: value[category] / pieces[category] for category in pieces}


def supplier_kpis(
    supplier_id: str,
    facts: Iterable[OrderFacts],
    as_of: datetime,
    category_costs: Mapping[str, float],
) -> SupplierKpis:
    """One supplier's KPIs over `facts` (its orders issued in the period), read at `as_of`."""
    mine = [f for f in facts if f.supplier_id == supplier_id]
    declined = [f for f in mine if f.declined_at is not None]
    live = [f for f in mine if f.declined_at is None]
    received = [f for f in live if f.received_at is not None]
    overdue = [
        f
        for f in live
        if f.received_at is None and f.accepted_at is not None and f.due_on < as_of.date()
    ]
    on_time = sum(1 for f in received if f.received_at and f.received_at.date() <= f.due_on)
    due = len(received) + len(overdue)
    leads = [_days(f.issued_at, f.received_at) for f in received if f.received_at]
    answers = [
        _days(f.issued_at, answered) * 24
        for f in mine
        if (answered := f.accepted_at or f.declined_at) is not None
    ]
    pieces_ordered = sum(f.ordered for f in received)
    pieces_filled = sum(min(f.received, f.ordered) for f in received)
    pieces_received = sum(f.received for f in received)
    defects = sum(f.defective + f.quality_returns for f in received)
    paid_for = sum(f.unit_cost_minor * f.ordered for f in live if f.category in category_costs)
    benchmark = sum(
        category_costs[f.category] * f.ordered for f in live if f.category in category_costs
    )
    return SupplierKpis(
        supplier_id=supplier_id,
        orders=len(mine),
        declined=len(declined),
        due=due,
        on_time=on_time,
        on_time_rate=on_time / due if due else None,
        received_orders=len(received),
        lead_days_mean=sum(leads) / len(leads) if leads else None,
        lead_days_p90=p90(leads),
        acceptance_hours_mean=sum(answers) / len(answers) if answers else None,
        answered=len(answers),
        pieces_ordered=pieces_ordered,
        pieces_filled=pieces_filled,
        fill_rate=pieces_filled / pieces_ordered if pieces_ordered else None,
        pieces_received=pieces_received,
        defects=defects,
        defect_rate=min(1.0, defects / pieces_received) if pieces_received else None,
        over_deliveries=sum(1 for f in received if f.received > f.ordered),
        short_deliveries=sum(1 for f in received if f.received < f.ordered),
        cost_index=paid_for / benchmark if benchmark else None,
        purchase_amount_minor=sum(f.amount_minor for f in live),
    )


def all_supplier_kpis(
    supplier_ids: Iterable[str], facts: Sequence[OrderFacts], as_of: datetime
) -> dict[str, SupplierKpis]:
    """Every supplier's KPIs, the cost index against the categories of all of them."""
    costs = category_unit_costs(facts)
    by_supplier: dict[str, list[OrderFacts]] = defaultdict(list)
    for fact in facts:
        by_supplier[fact.supplier_id].append(fact)
    return {sid: supplier_kpis(sid, by_supplier.get(sid, []), as_of, costs) for sid in supplier_ids}


@dataclass(frozen=True)
class ReturnedPiece:
    """Pieces of one SKU a shopper returned for a quality reason, and when."""

    sku: str
    quantity: int
    at: datetime


@dataclass(frozen=True)
class ReceivedBatch:
    po_id: str
    sku: str
    received_at: datetime


def trace_quality_returns(
    returns: Iterable[ReturnedPiece], batches: Iterable[ReceivedBatch]
) -> dict[str, int]:
    """Quality-returned pieces per purchase order: each return goes to the latest order of its
    SKU received before it (the stock a shop sells from is the newest batch in; a return before
    any receipt made by us is nobody's)."""
    by_sku: dict[str, list[ReceivedBatch]] = defaultdict(list)
    for batch in batches:
        by_sku[batch.sku].append(batch)
    for items in by_sku.values():
        items.sort(key=lambda b: (b.received_at, b.po_id))
    traced: dict[str, int] = defaultdict(int)
    for piece in returns:
        earlier = [b for b in by_sku.get(piece.sku, []) if b.received_at <= piece.at]
        if earlier:
            traced[earlier[-1].po_id] += piece.quantity
    return dict(traced)
