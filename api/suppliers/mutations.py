"""Supplier mutations: inviting suppliers, the purchase-order lifecycle, payables, grades and
allocation. Each hands off to `commerce` (or `feeds.drops.supply` for a drop's batch); user
errors come back on the payload's `errors`.

Every lifecycle step is idempotent: repeating a step already taken (a double click, a re-sent
request with the same key) answers the order as it is; a step the order has gone past is
refused with INVALID_STATE.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import strawberry

from api.context import Info
from api.core.errors import payload_errors_as
from api.permissions import IsBrand
from api.suppliers.schema import IsBrandSide, IsSupplier, brand_of
from api.suppliers.types import (
    Allocation,
    AllocationShareInput,
    InviteSupplierInput,
    IssuePurchaseOrderInput,
    Payable,
    PurchaseOrder,
    QualityReturn,
    Supplier,
    SupplierError,
    SupplierGradeReport,
)
from commerce import payables as payables_io
from commerce import purchase_orders as po_io
from commerce import quality_returns, supplier_scoring
from commerce import suppliers as suppliers_io
from commerce.payables import terms_days
from commerce.purchase_orders import PODraft, POLine
from commerce.supplier_error_codes import SupplierErrorCode as Code
from core.errors import UserError
from feeds.drops import supply as drop_supply


@strawberry.type
class InviteSupplierPayload:
    supplier: Supplier | None = None
    member_email: str | None = strawberry.field(
        default=None, description="The supplier's account: log in with this email…"
    )
    temporary_password: str | None = strawberry.field(
        default=None, description="…and this password, shown only this once."
    )
    errors: list[SupplierError] = strawberry.field(default_factory=list)


@strawberry.type
class PurchaseOrderPayload:
    purchase_order: PurchaseOrder | None = None
    errors: list[SupplierError] = strawberry.field(default_factory=list)


@strawberry.type
class PayablePayload:
    payable: Payable | None = None
    errors: list[SupplierError] = strawberry.field(default_factory=list)


@strawberry.type
class RecomputeSupplierGradesPayload:
    grades: list[SupplierGradeReport] = strawberry.field(default_factory=list)
    errors: list[SupplierError] = strawberry.field(default_factory=list)


@strawberry.type
class MarkQualityReturnPayload:
    quality_return: QualityReturn | None = None
    errors: list[SupplierError] = strawberry.field(default_factory=list)


@strawberry.type
class AllocateBatchPayload:
    allocation: Allocation | None = None
    purchase_orders: list[PurchaseOrder] = strawberry.field(default_factory=list)
    errors: list[SupplierError] = strawberry.field(default_factory=list)


async def _order_step(
    action: Callable[[], Awaitable[po_io.PurchaseOrder]],
) -> PurchaseOrderPayload:
    async def run() -> PurchaseOrder:
        return PurchaseOrder.from_core(await action())

    found, errors = await payload_errors_as(run, SupplierError.from_core)
    return PurchaseOrderPayload(purchase_order=found, errors=errors)


async def _payable_step(action: Callable[[], Awaitable[payables_io.Payable]]) -> PayablePayload:
    async def run() -> Payable:
        return Payable.from_core(await action())

    found, errors = await payload_errors_as(run, SupplierError.from_core)
    return PayablePayload(payable=found, errors=errors)


def _override(shares: list[AllocationShareInput] | None) -> list[tuple[str, int]] | None:
    return [(str(s.supplier_id), s.quantity) for s in shares] if shares else None


@strawberry.type
class SuppliersMutation:
    @strawberry.mutation(
        permission_classes=[IsBrand],
        description="Invite a supplier: its organisation (categories, capacities, minimum "
        "order, prices) and a SUPPLIER account for its contact email, whose first password "
        "is in the payload. It starts at the grade its priors give.",
    )
    async def invite_supplier(
        self, info: Info, input: InviteSupplierInput
    ) -> InviteSupplierPayload:
        ctx = info.context

        async def invite() -> suppliers_io.Invitation:
            draft = suppliers_io.SupplierDraft(
                name=input.name,
                contact_email=input.contact_email,
                capacity={c.category: c.pieces_per_week for c in input.capacities},
                min_order=input.min_order,
                currency=input.currency,
                price_list={p.sku: p.unit_cost_minor for p in input.price_list},
            )
            return await suppliers_io.invite_supplier(
                ctx.db, ctx.settings, ctx.require_user(), draft
            )

        found, errors = await payload_errors_as(invite, SupplierError.from_core)
        if found is None:
            return InviteSupplierPayload(errors=errors)
        return InviteSupplierPayload(
            supplier=Supplier.from_core(found.supplier),
            member_email=found.member.email,
            temporary_password=found.password,
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Issue a purchase order to one of your suppliers (not a D). With `key`, "
        "issuing again answers the first order.",
    )
    async def issue_purchase_order(
        self, info: Info, input: IssuePurchaseOrderInput
    ) -> PurchaseOrderPayload:
        ctx = info.context

        async def issue() -> po_io.PurchaseOrder:
            brand = await brand_of(info)
            if brand is None:
                raise UserError(Code.REQUIRED, "Admins issue orders as the brand.", None)
            return await po_io.issue(
                ctx.db,
                ctx.require_user(),
                brand,
                PODraft(
                    supplier_id=str(input.supplier_id),
                    category=input.category,
                    due_on=input.due_date,
                    key=input.key,
                    lines=[
                        POLine(
                            sku=line.sku.strip(),
                            quantity=line.quantity,
                            unit_cost_minor=line.unit_cost_minor,
                            sizes={s.size: s.quantity for s in line.sizes},
                            product_id=str(line.product_id) if line.product_id else None,
                        )
                        for line in input.lines
                    ],
                ),
            )

        return await _order_step(issue)

    @strawberry.mutation(
        permission_classes=[IsSupplier], description="Accept an issued purchase order."
    )
    async def accept_purchase_order(self, info: Info, id: strawberry.ID) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(lambda: po_io.accept(ctx.db, ctx.require_user(), str(id)))

    @strawberry.mutation(
        permission_classes=[IsSupplier],
        description="Decline an issued purchase order, saying why.",
    )
    async def decline_purchase_order(
        self, info: Info, id: strawberry.ID, reason: str
    ) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(lambda: po_io.decline(ctx.db, ctx.require_user(), str(id), reason))

    @strawberry.mutation(
        permission_classes=[IsSupplier], description="Start producing an accepted order."
    )
    async def start_production(self, info: Info, id: strawberry.ID) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(
            lambda: po_io.start_production(ctx.db, ctx.require_user(), str(id))
        )

    @strawberry.mutation(
        permission_classes=[IsSupplier],
        description="Ship pieces of an order in production (partial shipments add up). `key` "
        "identifies the shipment: sending it again (a double click) ships nothing more.",
    )
    async def ship_purchase_order(
        self, info: Info, id: strawberry.ID, quantity: int, key: str
    ) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(
            lambda: po_io.ship(ctx.db, ctx.require_user(), str(id), quantity, key)
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Receive a shipped order with its quality check (pieces passed and "
        "defective, and what was wrong). Over- or short delivery is recorded; the passed "
        "pieces become a payable due by the supplier's grade now. Re-sending the same `key` "
        "answers the order as received.",
    )
    async def receive_purchase_order(
        self,
        info: Info,
        id: strawberry.ID,
        passed: int,
        defective: int,
        key: str,
        reason: str | None = None,
    ) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(
            lambda: po_io.receive(
                ctx.db,
                ctx.settings,
                ctx.require_user(),
                str(id),
                passed=passed,
                defective=defective,
                reason=reason,
                key=key,
            )
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Mark a received order's pieces listed for sale (ends its lead time).",
    )
    async def mark_listed(self, info: Info, id: strawberry.ID) -> PurchaseOrderPayload:
        ctx = info.context
        return await _order_step(lambda: po_io.mark_listed(ctx.db, ctx.require_user(), str(id)))

    @strawberry.mutation(
        permission_classes=[IsSupplier],
        description="Ask to be paid a payable early, on `payOn` (before its due date).",
    )
    async def request_early_payment(
        self, info: Info, purchase_order_id: strawberry.ID, pay_on: date
    ) -> PayablePayload:
        ctx = info.context
        return await _payable_step(
            lambda: payables_io.request_early_payment(
                ctx.db, ctx.require_user(), str(purchase_order_id), pay_on
            )
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Approve a requested early payment at a discount in basis points (the "
        "setting SUPPLIER_EARLY_PAYMENT_DISCOUNT_BPS when not given); it is then due on the "
        "requested date.",
    )
    async def approve_early_payment(
        self, info: Info, purchase_order_id: strawberry.ID, discount_bps: int | None = None
    ) -> PayablePayload:
        ctx = info.context
        return await _payable_step(
            lambda: payables_io.approve_early_payment(
                ctx.db, ctx.settings, ctx.require_user(), str(purchase_order_id), discount_bps
            )
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Record that a payable's balance was paid.",
    )
    async def mark_payable_paid(
        self, info: Info, purchase_order_id: strawberry.ID
    ) -> PayablePayload:
        ctx = info.context
        return await _payable_step(
            lambda: payables_io.mark_paid(ctx.db, ctx.require_user(), str(purchase_order_id))
        )

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Mark a returned line (all its pieces, or `quantity`) as returned for "
        "quality: it counts in the defect rate of the purchase order that made the pieces. "
        "Marking again replaces the count.",
    )
    async def mark_quality_return(
        self,
        info: Info,
        return_id: strawberry.ID,
        sku: str,
        quantity: int | None = None,
        note: str | None = None,
    ) -> MarkQualityReturnPayload:
        ctx = info.context

        async def run() -> QualityReturn:
            marked = await quality_returns.mark_quality_return(
                ctx.db, ctx.require_user(), str(return_id), sku, quantity, note
            )
            return QualityReturn.from_core(marked)

        found, errors = await payload_errors_as(run, SupplierError.from_core)
        return MarkQualityReturnPayload(quality_return=found, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Recompute your suppliers' grades now (the monthly run does the same); "
        "this month's entry of each grade history is replaced.",
    )
    async def recompute_supplier_grades(
        self, info: Info, brand_id: strawberry.ID | None = None
    ) -> RecomputeSupplierGradesPayload:
        ctx = info.context

        async def run() -> list[SupplierGradeReport]:
            records = await supplier_scoring.recompute(
                ctx.db, ctx.settings, await brand_of(info, brand_id)
            )
            return [
                SupplierGradeReport.from_record(r, terms_days(r.grade, ctx.settings))
                for r in records
            ]

        grades, errors = await payload_errors_as(run, SupplierError.from_core)
        return RecomputeSupplierGradesPayload(grades=grades or [], errors=errors)

    @strawberry.mutation(
        permission_classes=[IsBrandSide],
        description="Split a test-drop product's batch (1: the test batch; then re-orders) "
        "across your suppliers and issue the purchase orders; `override` sets the split "
        "yourself. Allocating the same batch again finds the orders already issued.",
    )
    async def allocate_batch(
        self,
        info: Info,
        product_id: strawberry.ID,
        batch_number: int = 1,
        override: list[AllocationShareInput] | None = None,
    ) -> AllocateBatchPayload:
        ctx = info.context

        async def run() -> AllocateBatchPayload:
            allocation, orders = await drop_supply.issue_batch_orders(
                ctx.db,
                ctx.settings,
                ctx.require_user(),
                str(product_id),
                batch_number,
                _override(override),
            )
            return AllocateBatchPayload(
                allocation=Allocation.from_core(allocation),
                purchase_orders=[PurchaseOrder.from_core(o) for o in orders],
            )

        found, errors = await payload_errors_as(run, SupplierError.from_core)
        return found or AllocateBatchPayload(errors=errors)
