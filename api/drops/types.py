"""GraphQL types of test drops: drops, their products' sell-through and batches, verdicts."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from api.catalogue.types import Product
from api.context import Info
from api.core.enums import Market
from api.core.scalars import MinorUnits, Money, money
from api.drops.dataloaders import load_drop_products, load_live
from api.feeds.types import ElementKind, TrendState
from api.posts.dataloaders import load_product
from core.errors import UserError as CoreUserError
from feeds.drops.error_codes import DropErrorCode
from feeds.drops.judging import Verdict
from feeds.drops.store import DropProduct as CoreDropProduct
from feeds.drops.store import StoredVerdict
from feeds.drops.store import TestDrop as CoreTestDrop
from feeds.extraction_io import current_taxonomy

strawberry.enum(
    Verdict,
    name="DropVerdict",
    description="REORDER: a hit, re-order the suggested quantity; WATCH: not decided yet, or a "
    "hit held back for a reason given; DROP: do not re-order.",
)

strawberry.enum(
    DropErrorCode,
    name="DropErrorCode",
    description="Why a test drop, re-order or designer's brand change was refused; a "
    "product's row checks come back on `products.<n>.<field>`.",
)


@strawberry.type(description="A problem with a test drops request, for the person who sent it.")
class DropError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: DropErrorCode
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> DropError:
        return cls(field=error.field, code=DropErrorCode(error.code), message=error.message)


REORDER_FORMULA = (
    "rate = EWMA of the daily net sales of the last complete days that started with stock; "
    "quantity = rate x (leadTimeDays + coverageDays) + serviceZ x sigma x sqrt(leadTimeDays) - "
    "(stock on hand + units on order), rounded up to a multiple of batchMultiple (0 when "
    "already covered)."
)


# --- products ------------------------------------------------------------------------------


@strawberry.type(description="One day of a product's sales since launch (UTC days).")
class SellThroughPoint:
    day: date
    sold: int = strawberry.field(description="Units ordered that day.")
    returned: int = strawberry.field(description="Units returned that day.")
    net: int
    net_to_date: int
    received_to_date: int = strawberry.field(description="Units of the batches arrived so far.")
    stock: int = strawberry.field(description="Units on hand at the end of the day.")
    sell_through: float = strawberry.field(description="netToDate / receivedToDate, 0…1.")
    clicks: int = strawberry.field(description="Counted clicks on links to the product.")


@strawberry.type(description="A production batch: batch 1 is the test batch, then re-orders.")
class DropBatch:
    number: int
    quantity: int
    unit_cost: Money
    placed_at: datetime
    expected_date: date = strawberry.field(description="When its units can be sold.")
    arrived: bool
    sold: int = strawberry.field(description="Its units sold so far, older batches first.")
    sell_through: float
    sold_out_on: date | None


@strawberry.type(description=f"The demand forecast behind a re-order quantity. {REORDER_FORMULA}")
class ReorderForecast:
    daily_rate: float = strawberry.field(description="Expected net units sold per day.")
    sigma: float = strawberry.field(description="Standard deviation of daily net units.")
    days_used: int = strawberry.field(description="Complete in-stock days the rate rests on.")
    lead_time_days: float
    coverage_days: float
    service_z: float
    batch_multiple: int
    cycle_demand: float = strawberry.field(description="dailyRate x (leadTime + coverage).")
    safety_stock: float = strawberry.field(description="serviceZ x sigma x sqrt(leadTime).")
    position: int = strawberry.field(description="Stock on hand plus units on order.")
    need: float = strawberry.field(description="cycleDemand + safetyStock - position.")
    quantity: int = strawberry.field(description="need rounded up to the batch multiple.")


@strawberry.type(description="A product's verdict from the last verdict run, with its reasons.")
class DropJudgement:
    verdict: Verdict
    reasons: list[str] = strawberry.field(description="Why, in words, most telling first.")
    summary: str = strawberry.field(description="The reasons in one line.")
    suggested_quantity: int = strawberry.field(
        description=f"Units to re-order now (0 unless REORDER). {REORDER_FORMULA}"
    )
    reorder_cost: Money = strawberry.field(description="suggestedQuantity x the unit cost.")
    speed_ratio: float | None = strawberry.field(
        description="Sell-through per day on sale over the category baseline."
    )
    baseline_daily_sell_through: float = strawberry.field(
        description="The category's usual sell-through per day (other test drops, shrunk to "
        "the platform default while there are few)."
    )
    days_of_cover: float | None = strawberry.field(
        description="Stock on hand / daily rate; null when nothing sells."
    )
    forecast: ReorderForecast
    computed_at: datetime

    @classmethod
    def from_core(
        cls, verdict: StoredVerdict, unit_cost_minor: int, currency: str
    ) -> DropJudgement:
        return cls(
            verdict=verdict.verdict,
            reasons=list(verdict.reasons),
            summary="; ".join(verdict.reasons),
            suggested_quantity=verdict.suggested_quantity,
            reorder_cost=money(verdict.suggested_quantity * unit_cost_minor, currency),
            speed_ratio=verdict.speed_ratio,
            baseline_daily_sell_through=verdict.baseline,
            days_of_cover=verdict.days_of_cover,
            forecast=ReorderForecast(
                daily_rate=verdict.rate,
                sigma=verdict.sigma,
                days_used=verdict.rate_days,
                lead_time_days=verdict.lead_days,
                coverage_days=verdict.coverage_days,
                service_z=verdict.z,
                batch_multiple=verdict.batch_multiple,
                cycle_demand=verdict.cycle_demand,
                safety_stock=verdict.safety_stock,
                position=verdict.position,
                need=verdict.need,
                quantity=verdict.plan_quantity,
            ),
            computed_at=verdict.computed_at,
        )


@strawberry.type(description="A product of a test drop: its batches, sales and verdict.")
class DropProduct:
    id: strawberry.ID = strawberry.field(description="The catalogue product's id.")
    test_drop_id: strawberry.ID
    sku: str
    title: str
    category: str | None
    price: Money
    unit_cost: Money
    launch_date: date
    _core: strawberry.Private[CoreDropProduct]

    @classmethod
    def from_core(cls, product: CoreDropProduct) -> DropProduct:
        return cls(
            id=strawberry.ID(product.id),
            test_drop_id=strawberry.ID(product.drop_id),
            sku=product.sku,
            title=product.title,
            category=product.category,
            price=money(product.price_minor, product.currency),
            unit_cost=money(product.unit_cost_minor, product.currency),
            launch_date=product.launch_on,
            _core=product,
        )

    @strawberry.field(description="The product in the brand's catalogue.")
    async def product(self, info: Info) -> Product | None:
        found = await load_product(info, str(self.id))
        return Product.from_core(found) if found else None

    @strawberry.field(description="The last verdict; null until the first verdict run.")
    def verdict(self) -> DropJudgement | None:
        stored = self._core.verdict
        if stored is None:
            return None
        return DropJudgement.from_core(stored, self._core.unit_cost_minor, self._core.currency)

    @strawberry.field(description="Batch 1 (the test batch), then each re-order.")
    async def batches(self, info: Info) -> list[DropBatch]:
        progress = (await load_live(info, str(self.id))).evaluation.batches
        stored = {b.number: b for b in self._core.batches}
        return [
            DropBatch(
                number=p.number,
                quantity=p.quantity,
                unit_cost=money(stored[p.number].unit_cost_minor, self._core.currency),
                placed_at=stored[p.number].placed_at,
                expected_date=p.arrives_on,
                arrived=p.arrived,
                sold=p.sold,
                sell_through=p.sell_through,
                sold_out_on=p.sold_out_on,
            )
            for p in progress
        ]

    @strawberry.field(description="Daily sales and sell-through since launch (the curve).")
    async def series(self, info: Info) -> list[SellThroughPoint]:
        live = await load_live(info, str(self.id))
        clicks = live.reach.clicks_by_day
        return [
            SellThroughPoint(
                day=p.day,
                sold=p.sold,
                returned=p.returned,
                net=p.net,
                net_to_date=p.net_to_date,
                received_to_date=p.received_to_date,
                stock=p.stock,
                sell_through=p.sell_through,
                clicks=clicks.get(p.day, 0),
            )
            for p in live.evaluation.series
        ]

    @strawberry.field(description="Net units sold / units received so far, now.")
    async def sell_through(self, info: Info) -> float:
        return (await load_live(info, str(self.id))).evaluation.performance.sell_through

    @strawberry.field(description="Units on hand now.")
    async def stock_on_hand(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.stock_on_hand

    @strawberry.field(description="Units of batches that have arrived.")
    async def units_received(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.units_received

    @strawberry.field(description="Units of re-orders not arrived yet.")
    async def units_on_order(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.units_on_order

    @strawberry.field(description="Units ordered since launch.")
    async def units_sold(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.sold

    @strawberry.field(description="Units returned since launch.")
    async def units_returned(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.returned

    @strawberry.field(description="Units sold net of returns.")
    async def net_units_sold(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).evaluation.performance.net_sold

    @strawberry.field(description="Returned / sold units.")
    async def return_rate(self, info: Info) -> float:
        return (await load_live(info, str(self.id))).evaluation.performance.return_rate

    @strawberry.field(description="Days that started with stock, today in part.")
    async def days_on_sale(self, info: Info) -> float:
        return (await load_live(info, str(self.id))).evaluation.performance.days_on_sale

    @strawberry.field(description="Counted clicks on shoppable links to the product.")
    async def clicks(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).reach.clicks

    @strawberry.field(description="Published posts that tag the product.")
    async def posts(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).reach.posts

    @strawberry.field(description="Feed impressions of the posts that tag the product.")
    async def views(self, info: Info) -> int:
        return (await load_live(info, str(self.id))).reach.views


# --- drops ---------------------------------------------------------------------------------


@strawberry.type(description="A trending element a test drop was made from.")
class DropElement:
    id: str
    name: str
    kind: ElementKind
    state: TrendState | None = strawberry.field(
        description="Its trend state in the drop's market(s) at the last verdict run; null "
        "without trend data."
    )


@strawberry.type(description="New products made from trending elements, judged by real sales.")
class TestDrop:
    id: strawberry.ID
    name: str
    brand_id: strawberry.ID
    designer_id: strawberry.ID
    markets: list[Market]
    launch_date: date
    campaign_id: strawberry.ID | None
    verdicts: list[Verdict] = strawberry.field(description="Its products' verdicts, distinct.")
    days_of_cover: float | None = strawberry.field(
        description="The least days of cover among its products: how soon something sells out "
        "(0: something has sold out); null when nothing sells yet."
    )
    created_at: datetime
    computed_at: datetime | None
    _core: strawberry.Private[CoreTestDrop]

    @classmethod
    def from_core(cls, drop: CoreTestDrop) -> TestDrop:
        return cls(
            id=strawberry.ID(drop.id),
            name=drop.name,
            brand_id=strawberry.ID(drop.brand_id),
            designer_id=strawberry.ID(drop.designer_id),
            markets=[Market(m) for m in drop.markets],
            launch_date=drop.launch_on,
            campaign_id=strawberry.ID(drop.campaign_id) if drop.campaign_id else None,
            verdicts=list(drop.verdicts),
            days_of_cover=drop.days_of_cover,
            created_at=drop.created_at,
            computed_at=drop.computed_at,
            _core=drop,
        )

    @strawberry.field
    async def products(self, info: Info) -> list[DropProduct]:
        found = await load_drop_products(info, str(self.id))
        return [DropProduct.from_core(product) for product in found]

    @strawberry.field
    async def elements(self, info: Info) -> list[DropElement]:
        taxonomy = current_taxonomy(info.context.settings)
        found = await load_drop_products(info, str(self.id))
        states: dict[str, str | None] = {}
        for product in found:
            if product.verdict is not None:
                states.update(product.verdict.element_states)
        out = []
        for element_id in self._core.element_ids:
            element = taxonomy.get(element_id)
            state = states.get(element_id)
            out.append(
                DropElement(
                    id=element_id,
                    name=element.name if element else element_id,
                    kind=ElementKind(element_id.split("/", 1)[0]),
                    state=TrendState(state) if state else None,
                )
            )
        return out


# --- inputs and payloads -------------------------------------------------------------------


@strawberry.input(description="One new product of a test drop and its first (test) batch.")
class TestDropProductInput:
    sku: str
    title: str
    category: str = strawberry.field(description="Its sales are judged against this category.")
    price_minor: MinorUnits
    currency: str
    unit_cost_minor: MinorUnits
    units: int = strawberry.field(description="Units produced in the test batch.")
    product_url: str
    image_url: str | None = None


@strawberry.input
class CreateTestDropInput:
    name: str
    element_ids: list[str] = strawberry.field(
        description="Taxonomy ids, e.g. colour/butter-yellow."
    )
    markets: list[Market]
    launch_date: date = strawberry.field(
        description="UTC day it goes on sale; at most DROPS_LAUNCH_PAST_MAX_DAYS back."
    )
    products: list[TestDropProductInput]
    campaign_id: strawberry.ID | None = strawberry.field(
        default=None, description="A campaign of the brand that gives KOLs the new products."
    )


@strawberry.input
class TestDropsFilter:
    designer_id: strawberry.ID | None = None
    category: str | None = None
    element_id: str | None = None
    verdict: Verdict | None = None
