"""Per-request DataLoaders of the supplier area: a page of purchase orders or payables costs a
constant number of queries for their suppliers, payables and orders, whatever its length."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from api.context import Context, Info
from commerce import payables, purchase_orders, supplier_scoring, suppliers
from commerce.payables import Payable
from commerce.purchase_orders import PurchaseOrder
from commerce.supplier_grades import GradeResult
from commerce.supplier_kpis import SupplierKpis
from commerce.supplier_scoring import GradeRecord
from commerce.suppliers import Supplier


def suppliers_loader(context: Context) -> DataLoader[str, Supplier | None]:
    async def load(ids: list[str]) -> list[Supplier | None]:
        found = await suppliers.suppliers_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def payables_loader(context: Context) -> DataLoader[str, Payable | None]:
    """Payables by purchase order id (None before the order is received)."""

    async def load(ids: list[str]) -> list[Payable | None]:
        found = await payables.payables_of(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def orders_loader(context: Context) -> DataLoader[str, PurchaseOrder | None]:
    async def load(ids: list[str]) -> list[PurchaseOrder | None]:
        found = await purchase_orders.orders_by_ids(context.db, ids)
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


def grade_history_loader(context: Context) -> DataLoader[str, list[GradeRecord]]:
    """Monthly grades per supplier id, newest first."""

    async def load(ids: list[str]) -> list[list[GradeRecord]]:
        found = await supplier_scoring.grade_history(context.db, ids)
        return [found.get(i, []) for i in ids]

    return DataLoader(load_fn=load)


async def load_supplier(info: Info, supplier_id: str) -> Supplier | None:
    loader: DataLoader[str, Supplier | None] = info.context.dataloader(suppliers_loader)
    return await loader.load(supplier_id)


async def load_payable(info: Info, po_id: str) -> Payable | None:
    loader: DataLoader[str, Payable | None] = info.context.dataloader(payables_loader)
    return await loader.load(po_id)


async def load_order(info: Info, po_id: str) -> PurchaseOrder | None:
    loader: DataLoader[str, PurchaseOrder | None] = info.context.dataloader(orders_loader)
    return await loader.load(po_id)


async def load_grade_history(info: Info, supplier_id: str) -> list[GradeRecord]:
    loader: DataLoader[str, list[GradeRecord]] = info.context.dataloader(grade_history_loader)
    return await loader.load(supplier_id)


LiveScores = tuple[dict[str, SupplierKpis], dict[str, GradeResult]]


def live_scores_loader(context: Context) -> DataLoader[str, LiveScores]:
    """KPIs and the grade they give now, per brand id (one computation for all its suppliers:
    the cost index compares them with each other)."""

    async def load(ids: list[str]) -> list[LiveScores]:
        return [
            await supplier_scoring.live_kpis(context.db, context.settings, brand_id)
            for brand_id in ids
        ]

    return DataLoader(load_fn=load)


async def load_live_scores(info: Info, brand_id: str) -> LiveScores:
    loader: DataLoader[str, LiveScores] = info.context.dataloader(live_scores_loader)
    return await loader.load(brand_id)
