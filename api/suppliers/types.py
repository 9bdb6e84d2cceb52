"""GraphQL types of suppliers: organisations, purchase orders, grades with their explanation,
payables, allocations and design-to-listing lead times."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.context import Info
from api.core.scalars import Money, money
from api.suppliers.dataloaders import (
    load_grade_history,
    load_live_scores,
    load_order,
    load_payable,
    load_supplier,
)
from commerce import allocation as core_allocation
from commerce import lead_times
from commerce import payables as core_payables
from commerce import purchase_orders as core_po
from commerce import quality_returns as core_quality
from commerce import supplier_grades as core_grades
from commerce import supplier_kpis as core_kpis
from commerce import suppliers as core_suppliers
from commerce.payables import EntryKind, PayableState, terms_days
from commerce.purchase_orders import Delivery, POState
from commerce.supplier_error_codes import SupplierErrorCode
from commerce.supplier_grades import Grade
from commerce.supplier_scoring import GradeRecord, period_of
from core import clock
from core.errors import UserError as CoreUserError

strawberry.enum(
    SupplierErrorCode,
    name="SupplierErrorCode",
    description="Why a supplier, purchase order, payable or allocation request was refused.",
)
strawberry.enum(
    POState,
    name="PurchaseOrderState",
    description="ISSUED → ACCEPTED (or DECLINED) → IN_PRODUCTION → SHIPPED (one or more "
    "shipments) → RECEIVED (with QC) → LISTED. Never backwards.",
)
strawberry.enum(
    Grade,
    name="SupplierGrade",
    description="S best … D worst (D: no new orders). Sets payment terms and allocation.",
)
strawberry.enum(
    Delivery,
    name="DeliveryOutcome",
    description="Pieces received against pieces ordered: EXACT, OVER or SHORT.",
)
strawberry.enum(
    PayableState,
    name="PayableState",
    description="OPEN → (EARLY_REQUESTED → EARLY_APPROVED) → PAID.",
)
strawberry.enum(
    EntryKind,
    name="PayableEntryKind",
    description="A supplier-ledger entry: PAYABLE (+ on receipt), EARLY_REQUESTED (0), "
    "EARLY_APPROVED (- the discount), PAID (- the balance).",
)


@strawberry.type(description="A problem with a supplier-area request, for the person who sent it.")
class SupplierError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: SupplierErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> SupplierError:
        try:
            code = SupplierErrorCode(error.code)
        except ValueError:
            code = SupplierErrorCode.INVALID
        return cls(field=error.field, code=code, message=error.message)


# --- KPIs and grades ---------------------------------------------------------------------------


@strawberry.type(
    description="A supplier's KPIs over the grading window, with the counts behind them."
)
class SupplierKpis:
    orders: int = strawberry.field(description="Purchase orders issued in the window.")
    declined: int
    due: int = strawberry.field(
        description="Orders received, or accepted and past their due date (on-time sample)."
    )
    on_time: int
    on_time_rate: float | None = strawberry.field(description="on_time / due; null without any.")
    received_orders: int
    lead_days_mean: float | None = strawberry.field(description="Days from issue to receipt.")
    lead_days_p90: float | None
    acceptance_hours_mean: float | None = strawberry.field(
        description="Hours from issue to acceptance or decline."
    )
    pieces_ordered: int
    pieces_filled: int
    fill_rate: float | None = strawberry.field(
        description="Pieces received (up to those ordered) over pieces ordered, on received orders."
    )
    pieces_received: int
    defects: int = strawberry.field(description="Pieces failing QC plus quality returns.")
    defect_rate: float | None
    over_deliveries: int
    short_deliveries: int
    cost_index: float | None = strawberry.field(
        description="Unit costs against the category's mean over the brand's suppliers (1.0)."
    )
    purchase_amount_minor: int = strawberry.field(
        description="Ordered value of the orders not declined, in minor units."
    )

    @classmethod
    def from_core(cls, k: core_kpis.SupplierKpis) -> SupplierKpis:
        return cls(
            orders=k.orders,
            declined=k.declined,
            due=k.due,
            on_time=k.on_time,
            on_time_rate=k.on_time_rate,
            received_orders=k.received_orders,
            lead_days_mean=k.lead_days_mean,
            lead_days_p90=k.lead_days_p90,
            acceptance_hours_mean=k.acceptance_hours_mean,
            pieces_ordered=k.pieces_ordered,
            pieces_filled=k.pieces_filled,
            fill_rate=k.fill_rate,
            pieces_received=k.pieces_received,
            defects=k.defects,
            defect_rate=k.defect_rate,
            over_deliveries=k.over_deliveries,
            short_deliveries=k.short_deliveries,
            cost_index=k.cost_index,
            purchase_amount_minor=k.purchase_amount_minor,
        )


@strawberry.type(description="One KPI's part in a grade.")
class GradeComponent:
    name: str = strawberry.field(
        description="on_time, quality, fill, lead_time, acceptance or cost."
    )
    label: str
    raw: float | None = strawberry.field(description="As measured; null without evidence.")
    shrunk: float = strawberry.field(description="After shrinking toward the prior.")
    evidence: float = strawberry.field(description="Orders (pieces for quality and fill).")
    score: float = strawberry.field(description="Component score in [0, 1].")
    weight: float
    contribution: float = strawberry.field(description="Its share of the overall score.")
    effect: float = strawberry.field(
        description="Contribution minus what a supplier with no history gets: how much it "
        "moved the grade."
    )

    @classmethod
    def from_core(cls, c: core_grades.Component) -> GradeComponent:
        return cls(
            name=c.name,
            label=c.label,
            raw=c.raw,
            shrunk=c.shrunk,
            evidence=c.evidence,
            score=c.score,
            weight=c.weight,
            contribution=c.contribution,
            effect=c.effect,
        )


@strawberry.type(description="What would lift a supplier to the next grade.")
class GradeImprovement:
    component: str = strawberry.field(
        description="The KPI to improve, purchase_amount, or several."
    )
    message: str
    target: float | None = strawberry.field(
        description="The KPI value needed (rate, days, hours, index or minor units)."
    )


@strawberry.type(
    description="A supplier's grade with its explanation: the KPIs, how each moved the score, "
    "and what would raise it."
)
class SupplierGradeReport:
    supplier_id: strawberry.ID
    period: str = strawberry.field(description="The month (YYYY-MM) it was computed for.")
    grade: Grade
    score_grade: Grade = strawberry.field(
        description="The grade the score alone gives, before the purchase-amount cap."
    )
    previous_grade: Grade | None
    score: float
    purchase_amount_minor: int
    terms_days: int = strawberry.field(description="Payment terms this grade gives.")
    kpis: SupplierKpis
    components: list[GradeComponent]
    reasons: list[str] = strawberry.field(description="Why, largest effect first.")
    next_grade: Grade | None
    improvements: list[GradeImprovement]
    computed_at: datetime
    stored: bool = strawberry.field(
        description="True: the stored monthly grade; false: computed live now, not stored."
    )

    @classmethod
    def from_record(cls, r: GradeRecord, terms: int) -> SupplierGradeReport:
        return cls(
            supplier_id=strawberry.ID(r.supplier_id),
            period=r.period,
            grade=r.grade,
            score_grade=r.score_grade,
            previous_grade=r.previous_grade,
            score=r.score,
            purchase_amount_minor=r.purchase_amount_minor,
            terms_days=terms,
            kpis=SupplierKpis.from_core(r.kpis),
            components=[GradeComponent.from_core(c) for c in r.components],
            reasons=list(r.reasons),
            next_grade=r.next_grade,
            improvements=[
                GradeImprovement(component=i.component, message=i.message, target=i.target)
                for i in r.improvements
            ],
            computed_at=r.computed_at,
            stored=True,
        )

    @classmethod
    def live(
        cls,
        result: core_grades.GradeResult,
        kpis: core_kpis.SupplierKpis,
        previous: Grade,
        terms: int,
    ) -> SupplierGradeReport:
        now = clock.now()
        return cls(
            supplier_id=strawberry.ID(result.supplier_id),
            period=period_of(now),
            grade=result.grade,
            score_grade=result.score_grade,
            previous_grade=previous,
            score=result.score,
            purchase_amount_minor=result.purchase_amount_minor,
            terms_days=terms,
            kpis=SupplierKpis.from_core(kpis),
            components=[GradeComponent.from_core(c) for c in result.components],
            reasons=list(result.reasons),
            next_grade=result.next_grade,
            improvements=[
                GradeImprovement(component=i.component, message=i.message, target=i.target)
                for i in result.improvements
            ],
            computed_at=now,
            stored=False,
        )


# --- suppliers ---------------------------------------------------------------------------------


@strawberry.type(description="Pieces a week a supplier can make in one category.")
class CategoryCapacity:
    category: str
    pieces_per_week: int


@strawberry.type(description="A supplier's unit cost for one SKU.")
class PriceListEntry:
    sku: str
    unit_cost: Money


@strawberry.type(description="A supplier organisation of a brand.")
class Supplier:
    id: strawberry.ID
    brand_id: strawberry.ID
    name: str
    contact_email: str
    categories: list[str]
    capacities: list[CategoryCapacity]
    min_order: int = strawberry.field(description="Fewest pieces it takes in one order.")
    currency: str
    price_list: list[PriceListEntry]
    grade: Grade = strawberry.field(description="Its current grade (the last recompute's).")
    grade_score: float
    grade_period: str | None = strawberry.field(
        description="Month of the last recompute; null for a new supplier (priors only)."
    )
    accepts_orders: bool = strawberry.field(description="False for grade D: no new orders.")
    member_ids: list[strawberry.ID] = strawberry.field(description="Its SUPPLIER accounts.")
    created_at: datetime

    @strawberry.field(description="Payment terms (days) its current grade gives.")
    def terms_days(self, info: Info) -> int:
        return terms_days(self.grade, info.context.settings)

    @strawberry.field(
        description="Its scorecard now: KPIs over the grading window and the grade they would "
        "give, with the explanation and what would raise it (computed live, not stored)."
    )
    async def scorecard(self, info: Info) -> SupplierGradeReport | None:
        kpis, results = await load_live_scores(info, str(self.brand_id))
        if str(self.id) not in results:
            return None
        return SupplierGradeReport.live(
            results[str(self.id)],
            kpis[str(self.id)],
            self.grade,
            terms_days(results[str(self.id)].grade, info.context.settings),
        )

    @strawberry.field(description="Its monthly grades, newest first (at most 24).")
    async def grade_history(self, info: Info) -> list[SupplierGradeReport]:
        records = await load_grade_history(info, str(self.id))
        return [
            SupplierGradeReport.from_record(r, terms_days(r.grade, info.context.settings))
            for r in records
        ]

    @classmethod
    def from_core(cls, s: core_suppliers.Supplier) -> Supplier:
        return cls(
            id=strawberry.ID(s.id),
            brand_id=strawberry.ID(s.brand_id),
            name=s.name,
            contact_email=s.contact_email,
            categories=list(s.categories),
            capacities=[
                CategoryCapacity(category=c, pieces_per_week=n)
                for c, n in sorted(s.capacity.items())
            ],
            min_order=s.min_order,
            currency=s.currency,
            price_list=[
                PriceListEntry(sku=sku, unit_cost=money(cost, s.currency))
                for sku, cost in sorted(s.price_list.items())
            ],
            grade=s.grade,
            grade_score=s.grade_score,
            grade_period=s.grade_period,
            accepts_orders=s.accepts_orders,
            member_ids=[strawberry.ID(m) for m in s.member_ids],
            created_at=s.created_at,
        )


# --- lead times --------------------------------------------------------------------------------


@strawberry.type(
    description="Design-to-listing lead time of a purchase order: element noticed → drop "
    "created → order issued → listed (days; null where an end is unknown)."
)
class LeadTime:
    noticed_to_drop_days: float | None
    drop_to_issue_days: float | None
    issue_to_listed_days: float | None
    total_days: float | None = strawberry.field(description="Start to listing; null until listed.")
    elapsed_days: float = strawberry.field(description="Start to listing, or to now.")
    target_days: float
    on_target: bool | None = strawberry.field(
        description="Null while not listed and still within the target."
    )

    @classmethod
    def from_core(cls, t: lead_times.LeadTime) -> LeadTime:
        return cls(
            noticed_to_drop_days=t.noticed_to_drop_days,
            drop_to_issue_days=t.drop_to_issue_days,
            issue_to_listed_days=t.issue_to_listed_days,
            total_days=t.total_days,
            elapsed_days=t.elapsed_days,
            target_days=t.target_days,
            on_target=t.on_target,
        )


@strawberry.type(description="A test drop's design-to-listing lead time over its purchase orders.")
class DropLeadTime:
    drop_id: strawberry.ID
    orders: int
    listed_orders: int
    first_issued_at: datetime | None
    first_listed_at: datetime | None
    last_listed_at: datetime | None = strawberry.field(
        description="Set once every order not declined is listed."
    )
    to_first_listing_days: float | None
    to_last_listing_days: float | None
    elapsed_days: float
    target_days: float
    on_target: bool | None

    @classmethod
    def from_core(cls, drop_id: str, t: lead_times.DropLeadTime) -> DropLeadTime:
        return cls(
            drop_id=strawberry.ID(drop_id),
            orders=t.orders,
            listed_orders=t.listed_orders,
            first_issued_at=t.first_issued_at,
            first_listed_at=t.first_listed_at,
            last_listed_at=t.last_listed_at,
            to_first_listing_days=t.to_first_listing_days,
            to_last_listing_days=t.to_last_listing_days,
            elapsed_days=t.elapsed_days,
            target_days=t.target_days,
            on_target=t.on_target,
        )


# --- payables ---------------------------------------------------------------------------------


@strawberry.type(description="One entry of a payable's ledger.")
class PayableEntry:
    kind: EntryKind
    amount: Money
    at: datetime
    due_date: date | None
    pay_on: date | None
    discount_bps: int | None


@strawberry.type(description="What a brand owes a supplier for one received purchase order.")
class Payable:
    purchase_order_id: strawberry.ID
    brand_id: strawberry.ID
    supplier_id: strawberry.ID
    state: PayableState
    amount: Money = strawberry.field(description="Passed pieces x unit cost (up to those ordered).")
    discount: Money = strawberry.field(description="Early-payment discount approved.")
    paid: Money
    balance: Money = strawberry.field(description="amount - discount - paid.")
    pieces: int = strawberry.field(description="Pieces billed.")
    grade: Grade = strawberry.field(description="The supplier's grade at receipt.")
    terms_days: int
    due_date: date = strawberry.field(description="The terms' date, or the approved early date.")
    original_due_date: date
    requested_pay_date: date | None
    discount_bps: int | None
    created_at: datetime
    paid_at: datetime | None
    entries: list[PayableEntry]

    @strawberry.field
    async def purchase_order(self, info: Info) -> PurchaseOrder | None:
        found = await load_order(info, str(self.purchase_order_id))
        return PurchaseOrder.from_core(found) if found else None

    @strawberry.field
    async def supplier(self, info: Info) -> Supplier | None:
        found = await load_supplier(info, str(self.supplier_id))
        return Supplier.from_core(found) if found else None

    @classmethod
    def from_core(cls, p: core_payables.Payable) -> Payable:
        return cls(
            purchase_order_id=strawberry.ID(p.po_id),
            brand_id=strawberry.ID(p.brand_id),
            supplier_id=strawberry.ID(p.supplier_id),
            state=p.state,
            amount=money(p.amount_minor, p.currency),
            discount=money(p.discount_minor, p.currency),
            paid=money(p.paid_minor, p.currency),
            balance=money(p.balance_minor, p.currency),
            pieces=p.pieces,
            grade=p.grade,
            terms_days=p.terms_days,
            due_date=p.due_on,
            original_due_date=p.original_due_on,
            requested_pay_date=p.requested_pay_on,
            discount_bps=p.discount_bps,
            created_at=p.created_at,
            paid_at=p.paid_at,
            entries=[
                PayableEntry(
                    kind=e.kind,
                    amount=money(e.amount_minor, e.currency),
                    at=e.at,
                    due_date=e.due_on,
                    pay_on=e.pay_on,
                    discount_bps=e.discount_bps,
                )
                for e in p.entries
            ],
        )


# --- purchase orders --------------------------------------------------------------------------


@strawberry.type(description="Pieces of one size.")
class SizeQuantity:
    size: str
    quantity: int


@strawberry.type(description="One line of a purchase order.")
class PurchaseOrderLine:
    sku: str
    product_id: strawberry.ID | None
    quantity: int
    unit_cost: Money
    amount: Money
    sizes: list[SizeQuantity]


@strawberry.type(description="One shipment of a purchase order.")
class PurchaseOrderShipment:
    key: str = strawberry.field(description="The idempotency key it was sent with.")
    quantity: int
    at: datetime


@strawberry.type(description="The receipt of a purchase order with its quality check.")
class PurchaseOrderReceipt:
    passed: int
    defective: int
    received: int
    reason: str | None = strawberry.field(description="What was wrong with the defects.")
    at: datetime
    delivery: Delivery
    difference: int = strawberry.field(
        description="Pieces received minus ordered (> 0 over-delivery, < 0 short delivery)."
    )


@strawberry.type(description="One step of a purchase order: its state, when, by whom.")
class PurchaseOrderStep:
    state: POState
    at: datetime
    by_id: strawberry.ID


@strawberry.type(description="Pieces a brand ordered from a supplier, and how far they got.")
class PurchaseOrder:
    id: strawberry.ID
    brand_id: strawberry.ID
    supplier_id: strawberry.ID
    category: str
    currency: str
    lines: list[PurchaseOrderLine]
    ordered: int
    amount: Money
    due_date: date
    state: POState
    issued_at: datetime
    accepted_at: datetime | None
    declined_at: datetime | None
    decline_reason: str | None
    production_started_at: datetime | None
    first_shipped_at: datetime | None
    received_at: datetime | None
    listed_at: datetime | None
    shipped: int = strawberry.field(description="Pieces shipped over all shipments.")
    shipments: list[PurchaseOrderShipment]
    receipt: PurchaseOrderReceipt | None
    history: list[PurchaseOrderStep]
    product_id: strawberry.ID | None
    drop_id: strawberry.ID | None
    batch_number: int | None = strawberry.field(
        description="The drop product's batch it makes (1: the test batch; then re-orders)."
    )
    allocation_reason: str | None = strawberry.field(
        description="Why allocation gave this supplier this share."
    )
    late: bool = strawberry.field(
        description="Past its due date and not received (or received after it)."
    )
    noticed_at: strawberry.Private[datetime | None]
    drop_created_at: strawberry.Private[datetime | None]

    @strawberry.field
    async def supplier(self, info: Info) -> Supplier | None:
        found = await load_supplier(info, str(self.supplier_id))
        return Supplier.from_core(found) if found else None

    @strawberry.field(description="Its payable, once received with passed pieces.")
    async def payable(self, info: Info) -> Payable | None:
        found = await load_payable(info, str(self.id))
        return Payable.from_core(found) if found else None

    @strawberry.field(description="Design-to-listing lead time against the target.")
    def lead_time(self, info: Info) -> LeadTime:
        return LeadTime.from_core(
            lead_times.order_lead_time(
                noticed_at=self.noticed_at,
                drop_created_at=self.drop_created_at,
                issued_at=self.issued_at,
                listed_at=self.listed_at,
                now=clock.now(),
                target_days=info.context.settings.design_to_listing_target_days,
            )
        )

    @classmethod
    def from_core(cls, po: core_po.PurchaseOrder) -> PurchaseOrder:
        received_on = po.received_at.date() if po.received_at else None
        late = (received_on or clock.now().date()) > po.due_on and po.state not in (
            POState.DECLINED,
        )
        return cls(
            id=strawberry.ID(po.id),
            brand_id=strawberry.ID(po.brand_id),
            supplier_id=strawberry.ID(po.supplier_id),
            category=po.category,
            currency=po.currency,
            lines=[
                PurchaseOrderLine(
                    sku=line.sku,
                    product_id=strawberry.ID(line.product_id) if line.product_id else None,
                    quantity=line.quantity,
                    unit_cost=money(line.unit_cost_minor, po.currency),
                    amount=money(line.amount_minor, po.currency),
                    sizes=[SizeQuantity(size=s, quantity=q) for s, q in line.sizes.items()],
                )
                for line in po.lines
            ],
            ordered=po.ordered,
            amount=money(po.amount_minor, po.currency),
            due_date=po.due_on,
            state=po.state,
            issued_at=po.issued_at,
            accepted_at=po.accepted_at,
            declined_at=po.declined_at,
            decline_reason=po.decline_reason,
            production_started_at=po.production_started_at,
            first_shipped_at=po.first_shipped_at,
            received_at=po.received_at,
            listed_at=po.listed_at,
            shipped=po.shipped,
            shipments=[
                PurchaseOrderShipment(key=s.key, quantity=s.quantity, at=s.at) for s in po.shipments
            ],
            receipt=PurchaseOrderReceipt(
                passed=po.receipt.passed,
                defective=po.receipt.defective,
                received=po.receipt.received,
                reason=po.receipt.reason,
                at=po.receipt.at,
                delivery=po.receipt.delivery,
                difference=po.receipt.difference,
            )
            if po.receipt
            else None,
            history=[
                PurchaseOrderStep(state=s.state, at=s.at, by_id=strawberry.ID(s.by))
                for s in po.history
            ],
            product_id=strawberry.ID(po.product_id) if po.product_id else None,
            drop_id=strawberry.ID(po.drop_id) if po.drop_id else None,
            batch_number=po.batch_number,
            allocation_reason=po.allocation_reason,
            late=late,
            noticed_at=po.noticed_at,
            drop_created_at=po.drop_created_at,
        )


@strawberry.type(description="How many purchase orders are in one state.")
class StateCount:
    state: POState
    count: int


# --- allocation --------------------------------------------------------------------------------


@strawberry.type(description="One supplier's share of a batch, and why.")
class AllocationShare:
    supplier_id: strawberry.ID
    supplier_name: str
    grade: Grade
    quantity: int
    reason: str


@strawberry.type(description="A supplier left out of a batch, and why.")
class AllocationExclusion:
    supplier_id: strawberry.ID
    supplier_name: str
    reason: str


@strawberry.type(description="A batch split across suppliers by grade and free capacity.")
class Allocation:
    category: str
    quantity: int
    allocated: int
    unallocated: int = strawberry.field(description="Pieces no qualified supplier had room for.")
    overridden: bool = strawberry.field(description="True: the brand's own split.")
    shares: list[AllocationShare]
    excluded: list[AllocationExclusion]
    notes: list[str]

    @classmethod
    def from_core(cls, a: core_allocation.Allocation) -> Allocation:
        return cls(
            category=a.category,
            quantity=a.quantity,
            allocated=a.allocated,
            unallocated=a.unallocated,
            overridden=a.overridden,
            shares=[
                AllocationShare(
                    supplier_id=strawberry.ID(s.supplier_id),
                    supplier_name=s.name,
                    grade=s.grade,
                    quantity=s.quantity,
                    reason=s.reason,
                )
                for s in a.shares
            ],
            excluded=[
                AllocationExclusion(
                    supplier_id=strawberry.ID(e.supplier_id), supplier_name=e.name, reason=e.reason
                )
                for e in a.excluded
            ],
            notes=list(a.notes),
        )


@strawberry.type(description="Pieces of a return the brand marked as returned for quality.")
class QualityReturn:
    return_id: strawberry.ID
    sku: str
    quantity: int
    note: str | None
    at: datetime = strawberry.field(description="When the shopper returned them.")
    traced_purchase_order_id: strawberry.ID | None = strawberry.field(
        description="The purchase order that made them (the latest of the SKU received before "
        "the return); null when none was."
    )

    @classmethod
    def from_core(cls, q: core_quality.QualityReturn) -> QualityReturn:
        return cls(
            return_id=strawberry.ID(q.return_id),
            sku=q.sku,
            quantity=q.quantity,
            note=q.note,
            at=q.at,
            traced_purchase_order_id=strawberry.ID(q.traced_po_id) if q.traced_po_id else None,
        )


# --- inputs -------------------------------------------------------------------------------------


@strawberry.input(description="Pieces a week in one category.")
class CategoryCapacityInput:
    category: str
    pieces_per_week: int


@strawberry.input(description="A supplier's unit cost for one SKU, in minor units.")
class PriceListEntryInput:
    sku: str
    unit_cost_minor: int


@strawberry.input(description="A supplier to invite: its organisation and its contact's account.")
class InviteSupplierInput:
    name: str
    contact_email: str
    capacities: list[CategoryCapacityInput] = strawberry.field(
        description="Its categories and pieces per week in each."
    )
    min_order: int = 0
    currency: str = "USD"
    price_list: list[PriceListEntryInput] = strawberry.field(default_factory=list)


@strawberry.input(description="Pieces of one size.")
class SizeQuantityInput:
    size: str
    quantity: int


@strawberry.input(description="One line of a purchase order.")
class PurchaseOrderLineInput:
    sku: str
    quantity: int
    unit_cost_minor: int
    sizes: list[SizeQuantityInput] = strawberry.field(
        default_factory=list, description="Size split; adds up to quantity when given."
    )
    product_id: strawberry.ID | None = None


@strawberry.input(description="A purchase order to issue to one of your suppliers.")
class IssuePurchaseOrderInput:
    supplier_id: strawberry.ID
    category: str
    due_date: date
    lines: list[PurchaseOrderLineInput]
    key: str | None = strawberry.field(
        default=None,
        description="Idempotency key: issuing again with the same key answers the first order.",
    )


@strawberry.input(description="One supplier's quantity in a split the brand sets itself.")
class AllocationShareInput:
    supplier_id: strawberry.ID
    quantity: int


@strawberry.input(description="Which purchase orders to list.")
class PurchaseOrdersFilter:
    states: list[POState] = strawberry.field(default_factory=list)
    supplier_id: strawberry.ID | None = None
    drop_id: strawberry.ID | None = None
