"""Suppliers: the supplier portal (my orders, payables and grade) and the brand's side
(suppliers with scorecards and grade history, the purchase-order board, the payables schedule,
lead times, allocation previews). Mutations: `api.suppliers.mutations`.

Who sees what is decided in one place, `scope_of`: a SUPPLIER account sees its own supplier's
orders and payables; a brand (and the designers attached to it) its own suppliers' data; an
admin everything (or one brand's, with `brandId`). Anyone else is FORBIDDEN by the permission
classes before a resolver runs.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, TypeVar

import strawberry

from accounts.users import Role, User
from api.context import Info
from api.core.pagination import Connection, build_connection, connection
from api.permissions import RoleRequired
from api.suppliers.types import (
    Allocation,
    AllocationShareInput,
    DropLeadTime,
    Payable,
    PurchaseOrder,
    PurchaseOrdersFilter,
    StateCount,
    Supplier,
    SupplierGradeReport,
)
from commerce import allocation_io, lead_times, supplier_scoring
from commerce import payables as payables_io
from commerce import purchase_orders as po_io
from commerce import suppliers as suppliers_io
from commerce.payables import PayableState, terms_days
from commerce.purchase_orders import OrderFilter, POState
from commerce.supplier_error_codes import SupplierErrorCode as Code
from core import clock
from core.errors import NotFound, UserError, UserErrors
from core.paging import check_first, decode_cursor, encode_cursor
from feeds.drops import store as drops_store
from feeds.drops import supply as drop_supply

T = TypeVar("T")


class IsSupplier(RoleRequired):
    roles: ClassVar[frozenset[Role]] = frozenset({Role.SUPPLIER})
    message = "Only supplier accounts can see this."


class IsBrandSide(RoleRequired):
    roles: ClassVar[frozenset[Role]] = frozenset({Role.BRAND, Role.DESIGNER})
    message = "Only brand accounts and their designers can see this."


class IsSupplyParty(RoleRequired):
    roles: ClassVar[frozenset[Role]] = frozenset({Role.BRAND, Role.DESIGNER, Role.SUPPLIER})
    message = "Only brands, their designers and suppliers can see this."


async def my_supplier(info: Info) -> suppliers_io.Supplier:
    user = info.context.require_user()
    found = await suppliers_io.supplier_of_member(info.context.db, user)
    if found is None:
        raise UserError(Code.NO_SUPPLIER, "Your account is not a member of a supplier.", None)
    return found


async def brand_of(info: Info, brand_id: strawberry.ID | None = None) -> str | None:
    """The brand whose supplier data the user works on; None: every brand (admins only)."""
    user = info.context.require_user()
    if user.role is Role.ADMIN:
        return str(brand_id) if brand_id else None
    found = await suppliers_io.brand_scope(info.context.db, user)
    if found is None:
        raise UserError(
            Code.NO_BRAND, "Your account is not attached to a brand yet; ask an admin.", None
        )
    return found


async def scope_of(info: Info, brand_id: strawberry.ID | None = None) -> dict[str, Any]:
    """The Mongo filter of the orders and payables the user may see."""
    user: User = info.context.require_user()
    if user.role is Role.SUPPLIER:
        return {"supplier_id": (await my_supplier(info)).id}
    found = await brand_of(info, brand_id)
    return {"brand_id": found} if found else {}


def offset_connection(items: list[T], first: int, after: str | None, maximum: int) -> Connection[T]:
    """A connection over a list computed in full (a schedule sorted by due date)."""
    check_first(first, maximum)
    start = 0
    if after:
        mark = decode_cursor(after)
        if not isinstance(mark.get("i"), int):
            raise UserError("INVALID_CURSOR", "That cursor is not valid.", "after")
        start = int(mark["i"]) + 1
    page = items[start : start + first]
    return build_connection(
        page,
        [encode_cursor({"i": start + n}) for n in range(len(page))],
        has_next=start + first < len(items),
        has_previous=start > 0,
    )


@strawberry.type(description="Payables by due date, with what is owed in all.")
class PayablesSchedule:
    payables: Connection[Payable]
    open_balance_minor: int = strawberry.field(
        description="Balance not yet paid over the schedule's payables (its currency: `currency`)."
    )
    currency: str | None = strawberry.field(
        description="The currency of the balance; null when the payables mix currencies."
    )
    overdue: int = strawberry.field(description="Unpaid payables past their due date.")


async def _schedule(
    info: Info,
    scope: dict[str, Any],
    states: list[PayableState],
    start: date | None,
    end: date | None,
    first: int,
    after: str | None,
) -> PayablesSchedule:
    found = await payables_io.schedule(info.context.db, scope, states=states, start=start, end=end)
    unpaid = [p for p in found if p.state is not PayableState.PAID]
    currencies = {p.currency for p in unpaid}
    today = clock.now().date()
    return PayablesSchedule(
        payables=offset_connection(
            [Payable.from_core(p) for p in found],
            first,
            after,
            info.context.settings.graphql_page_max,
        ),
        open_balance_minor=sum(p.balance_minor for p in unpaid) if len(currencies) <= 1 else 0,
        currency=next(iter(currencies)) if len(currencies) == 1 else None,
        overdue=sum(1 for p in unpaid if p.due_on < today),
    )


async def _orders(
    info: Info, scope: dict[str, Any], filter: PurchaseOrdersFilter | None, first: int,
    after: str | None,
) -> Connection[PurchaseOrder]:  # fmt: skip
    chosen = filter or PurchaseOrdersFilter()
    page = await po_io.list_orders(
        info.context.db,
        scope,
        OrderFilter(
            states=list(chosen.states),
            supplier_id=str(chosen.supplier_id) if chosen.supplier_id else None,
            drop_id=str(chosen.drop_id) if chosen.drop_id else None,
        ),
        first=first,
        after=after,
        maximum=info.context.settings.graphql_page_max,
    )
    return connection(page, PurchaseOrder.from_core)


async def _board(info: Info, scope: dict[str, Any]) -> list[StateCount]:
    counts = await po_io.state_counts(info.context.db, scope)
    return [StateCount(state=s, count=counts[s]) for s in POState]


async def latest_grade(info: Info, supplier: suppliers_io.Supplier) -> SupplierGradeReport:
    """The stored grade of the last recompute, or (before the first) the live one."""
    history = await supplier_scoring.grade_history(info.context.db, [supplier.id], limit=1)
    settings = info.context.settings
    if history[supplier.id]:
        record = history[supplier.id][0]
        return SupplierGradeReport.from_record(record, terms_days(record.grade, settings))
    kpis, results = await supplier_scoring.live_kpis(info.context.db, settings, supplier.brand_id)
    result = results[supplier.id]
    return SupplierGradeReport.live(
        result, kpis[supplier.id], supplier.grade, terms_days(result.grade, settings)
    )


@strawberry.type
class SuppliersQuery:
    # --- the supplier portal ---------------------------------------------------------------

    @strawberry.field(
        permission_classes=[IsSupplier],
        description="The supplier your account acts for (a SUPPLIER account's organisation).",
    )
    async def my_supplier(self, info: Info) -> Supplier:
        return Supplier.from_core(await my_supplier(info))

    @strawberry.field(
        permission_classes=[IsSupplier],
        description="Your supplier's purchase orders, newest first; only those in `filter."
        "states` when given.",
    )
    async def my_purchase_orders(
        self,
        info: Info,
        filter: PurchaseOrdersFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[PurchaseOrder]:
        supplier = await my_supplier(info)
        return await _orders(info, {"supplier_id": supplier.id}, filter, first, after)

    @strawberry.field(
        permission_classes=[IsSupplier],
        description="Your supplier's payables by due date (upcoming payments), soonest first; "
        "only those in `states` and due within [from, to] when given.",
    )
    async def my_payables(
        self,
        info: Info,
        states: list[PayableState] | None = None,
        first: int = 20,
        after: str | None = None,
        due_from: date | None = None,
        due_to: date | None = None,
    ) -> PayablesSchedule:
        supplier = await my_supplier(info)
        return await _schedule(
            info, {"supplier_id": supplier.id}, states or [], due_from, due_to, first, after
        )

    @strawberry.field(
        permission_classes=[IsSupplier],
        description="Your grade with its explanation and what would raise it: the last monthly "
        "recompute's (before the first, computed live).",
    )
    async def my_grade(self, info: Info) -> SupplierGradeReport:
        return await latest_grade(info, await my_supplier(info))

    # --- the brand's side --------------------------------------------------------------------

    @strawberry.field(
        permission_classes=[IsBrandSide],
        description="Your brand's suppliers (admins: every brand's, or `brandId`'s), newest "
        "first; those making `category` when given. Each has its scorecard and grade history.",
    )
    async def suppliers(
        self,
        info: Info,
        category: str | None = None,
        brand_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Supplier]:
        page = await suppliers_io.list_suppliers(
            info.context.db,
            await brand_of(info, brand_id),
            category=category,
            first=first,
            after=after,
            maximum=info.context.settings.graphql_page_max,
        )
        return connection(page, Supplier.from_core)

    @strawberry.field(
        permission_classes=[IsSupplyParty],
        description="One supplier: its brand's, its own members', an admin's to see; null "
        "otherwise.",
    )
    async def supplier(self, info: Info, id: strawberry.ID) -> Supplier | None:
        try:
            found = await suppliers_io.visible_supplier(
                info.context.db, info.context.require_user(), str(id)
            )
        except NotFound:
            return None
        return Supplier.from_core(found)

    @strawberry.field(
        permission_classes=[IsBrandSide],
        description="Your brand's purchase orders, newest first (the PO board's columns: "
        "filter by states).",
    )
    async def purchase_orders(
        self,
        info: Info,
        filter: PurchaseOrdersFilter | None = None,
        brand_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[PurchaseOrder]:
        return await _orders(info, await scope_of(info, brand_id), filter, first, after)

    @strawberry.field(
        permission_classes=[IsSupplyParty],
        description="One purchase order, for its brand or its supplier; null otherwise.",
    )
    async def purchase_order(self, info: Info, id: strawberry.ID) -> PurchaseOrder | None:
        try:
            found = await po_io.visible_order(info.context.db, info.context.require_user(), str(id))
        except NotFound:
            return None
        return PurchaseOrder.from_core(found)

    @strawberry.field(
        permission_classes=[IsSupplyParty],
        description="How many purchase orders are in each state (yours, as brand or supplier).",
    )
    async def purchase_order_board(
        self, info: Info, brand_id: strawberry.ID | None = None
    ) -> list[StateCount]:
        return await _board(info, await scope_of(info, brand_id))

    @strawberry.field(
        permission_classes=[IsBrandSide],
        description="Your brand's payables by due date, soonest first, with the open balance; "
        "only those in `states` and due within [from, to] when given.",
    )
    async def payables_schedule(
        self,
        info: Info,
        states: list[PayableState] | None = None,
        due_from: date | None = None,
        due_to: date | None = None,
        brand_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> PayablesSchedule:
        return await _schedule(
            info, await scope_of(info, brand_id), states or [], due_from, due_to, first, after
        )

    @strawberry.field(
        permission_classes=[IsBrandSide],
        description="A test drop's design-to-listing lead time over its purchase orders "
        "(element noticed → drop created → order issued → listed) against the target.",
    )
    async def drop_lead_time(self, info: Info, drop_id: strawberry.ID) -> DropLeadTime | None:
        ctx = info.context
        drop = await drops_store.find_visible_drop(ctx.db, ctx.require_user(), str(drop_id))
        if drop is None:
            return None
        orders = await po_io.orders_of_drop(ctx.db, drop.id)
        found = lead_times.drop_lead_time(
            noticed_at=await drop_supply.drop_noticed_at(ctx.db, drop),
            drop_created_at=drop.created_at,
            orders=[
                lead_times.OrderTimes(
                    issued_at=o.issued_at,
                    listed_at=o.listed_at,
                    declined=o.state is POState.DECLINED,
                )
                for o in orders
            ],
            now=clock.now(),
            target_days=ctx.settings.design_to_listing_target_days,
        )
        return DropLeadTime.from_core(str(drop_id), found)

    @strawberry.field(
        permission_classes=[IsBrandSide],
        description="How a batch of `quantity` pieces of `category` due on `dueDate` would be "
        "split across your suppliers (grade, free capacity, caps), and why; with `override`, "
        "your own split checked. Nothing is issued.",
    )
    async def allocation_preview(
        self,
        info: Info,
        category: str,
        quantity: int,
        due_date: date,
        override: list[AllocationShareInput] | None = None,
        brand_id: strawberry.ID | None = None,
    ) -> Allocation:
        brand = await brand_of(info, brand_id)
        if brand is None:
            raise UserError(Code.REQUIRED, "Give the brand (brandId).", "brandId")
        try:
            found = await allocation_io.preview(
                info.context.db,
                info.context.settings,
                brand,
                category,
                quantity,
                due_date,
                [(str(s.supplier_id), s.quantity) for s in override] if override else None,
            )
        except UserErrors as exc:
            # A query answers one error with its code and field: the first problem.
            raise exc.errors[0] from exc
        return Allocation.from_core(found)
