"""Test drops mutations: create a drop, place a re-order, attach a designer to a brand. Each
hands off to `feeds.drops.store`, then queues the drop's verdict (`drops.*` Celery tasks). A
re-order's batch is then split across the brand's suppliers and issued as purchase orders
(`feeds.drops.supply`)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import strawberry

from api.context import Info
from api.core.errors import payload_errors_as
from api.drops.types import CreateTestDropInput, DropError, DropProduct, TestDrop
from api.permissions import IsAdmin, IsDesigner, IsDesignerOrBrand
from api.suppliers.types import Allocation, AllocationShareInput, PurchaseOrder, SupplierError
from commerce import allocation_io
from feeds.drops import store as drops_store
from feeds.drops import supply as drop_supply
from feeds.drops.store import DropDraft, ProductDraft
from feeds.drops.tasks import recompute_drop
from feeds.extraction_io import current_taxonomy


@strawberry.type
class CreateTestDropPayload:
    test_drop: TestDrop | None = None
    errors: list[DropError] = strawberry.field(default_factory=list)


@strawberry.type
class PlaceReorderPayload:
    product: DropProduct | None = None
    errors: list[DropError] = strawberry.field(default_factory=list)
    allocation: Allocation | None = strawberry.field(
        default=None,
        description="How the new batch was split across the brand's suppliers (pieces no "
        "qualified supplier could take are `unallocated`).",
    )
    purchase_orders: list[PurchaseOrder] = strawberry.field(
        default_factory=list, description="The purchase orders issued for the new batch."
    )
    allocation_errors: list[SupplierError] = strawberry.field(
        default_factory=list,
        description="Why the batch's orders could not be issued; the re-order itself stands "
        "unless `split` was refused (then nothing is recorded).",
    )


@strawberry.type
class SetDesignerBrandPayload:
    designer_id: strawberry.ID | None = None
    brand_id: strawberry.ID | None = None
    errors: list[DropError] = strawberry.field(default_factory=list)


def _draft(data: CreateTestDropInput) -> DropDraft:
    return DropDraft(
        name=data.name,
        element_ids=[e.strip() for e in data.element_ids],
        markets=[m.value for m in data.markets],
        launch_on=data.launch_date,
        campaign_id=str(data.campaign_id) if data.campaign_id else None,
        products=[
            ProductDraft(
                sku=p.sku,
                title=p.title,
                category=p.category,
                price_minor=p.price_minor,
                currency=p.currency,
                unit_cost_minor=p.unit_cost_minor,
                units=p.units,
                product_url=p.product_url,
                image_url=p.image_url,
            )
            for p in data.products
        ],
    )


@strawberry.type
class DropsMutation:
    @strawberry.mutation(
        permission_classes=[IsDesigner],
        description="Create a test drop: new products in your brand's catalogue, each with its "
        "first batch, linked to trending elements.",
    )
    async def create_test_drop(
        self, info: Info, input: CreateTestDropInput
    ) -> CreateTestDropPayload:
        ctx = info.context

        async def create() -> TestDrop:
            created = await drops_store.create_drop(
                ctx.db,
                ctx.settings,
                ctx.require_user(),
                _draft(input),
                current_taxonomy(ctx.settings),
            )
            # Sending to the broker is a blocking socket write: off the event loop.
            await asyncio.to_thread(recompute_drop.delay, created.id)
            return TestDrop.from_core(created)

        drop, errors = await payload_errors_as(create, DropError.from_core)
        return CreateTestDropPayload(test_drop=drop, errors=errors)

    @strawberry.mutation(
        permission_classes=[IsDesignerOrBrand],
        description="Record a re-order as the product's next batch; its units count from the "
        "expected date on.",
    )
    async def place_reorder(
        self,
        info: Info,
        product_id: strawberry.ID,
        quantity: int,
        expected_date: date,
        split: Annotated[
            list[AllocationShareInput] | None,
            strawberry.argument(
                description="Your own split of the batch across suppliers (else allocation "
                "by grade and free capacity)."
            ),
        ] = None,
    ) -> PlaceReorderPayload:
        ctx = info.context
        override = [(str(s.supplier_id), s.quantity) for s in split] if split else None
        if override:
            # A refused split records nothing: checked before the batch is placed.
            async def check() -> object:
                batch = await drop_supply.batch_to_make(
                    ctx.db, ctx.require_user(), str(product_id), 1
                )
                return await allocation_io.preview(
                    ctx.db, ctx.settings, batch.brand_id, batch.category, quantity,
                    max(expected_date, batch.due_on), override,
                )  # fmt: skip

            _, refused = await payload_errors_as(check, SupplierError.from_core)
            if refused:
                return PlaceReorderPayload(allocation_errors=refused)

        async def place() -> tuple[DropProduct, int]:
            placed, number = await drops_store.place_reorder_numbered(
                ctx.db, ctx.require_user(), str(product_id), quantity, expected_date
            )
            await asyncio.to_thread(recompute_drop.delay, placed.drop_id)
            return DropProduct.from_core(placed), number

        result, errors = await payload_errors_as(place, DropError.from_core)
        if result is None:
            return PlaceReorderPayload(errors=errors)
        product, number = result
        issued, allocation_errors = await payload_errors_as(
            lambda: drop_supply.issue_batch_orders(
                ctx.db, ctx.settings, ctx.require_user(), str(product_id), number, override
            ),
            SupplierError.from_core,
        )
        if issued is None:
            return PlaceReorderPayload(product=product, allocation_errors=allocation_errors)
        allocation, orders = issued
        return PlaceReorderPayload(
            product=product,
            allocation=Allocation.from_core(allocation),
            purchase_orders=[PurchaseOrder.from_core(o) for o in orders],
        )

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Attach a designer to the brand whose catalogue their test drops go into "
        "(null detaches).",
    )
    async def set_designer_brand(
        self, info: Info, designer_id: strawberry.ID, brand_id: strawberry.ID | None
    ) -> SetDesignerBrandPayload:
        ctx = info.context
        result, errors = await payload_errors_as(
            lambda: drops_store.set_designer_brand(
                ctx.db, str(designer_id), str(brand_id) if brand_id else None
            ),
            DropError.from_core,
        )
        if result is None:
            return SetDesignerBrandPayload(errors=errors)
        return SetDesignerBrandPayload(
            designer_id=strawberry.ID(result.designer_id),
            brand_id=strawberry.ID(result.brand_id) if result.brand_id else None,
        )
