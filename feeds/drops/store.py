"""Test drops in Mongo: creating them, re-orders, what sold, and the stored verdicts.

Collections:
    test_drops     one per drop (`drop_…`): brand, designer, name, element ids, markets, launch
                   day, campaign, product ids; and, from the last verdict run, `verdicts` and
                   `categories` (for filters) and `urgency` (the least days of cover of its
                   products, for the dashboard's order)
    drop_products  one per product (`_id` = the catalogue product id): drop, brand, SKU, title,
                   category, unit cost, price, `batches` [{number, quantity, unit_cost_minor,
                   placed_at, arrives_on, placed_by}], `batch_count`, and the last `verdict`
                   with the figures behind it
Read, never written: orders (`lines.product_id`, `at`), returns (`brand_id`, `lines.sku`, `at`),
clicks (`product_id`, `counted`, `at`), posts (`product_tags.product_id`) and their
impressions in `post_elements`.

A designer works for one brand (`brand_id` on the designer's account, set by an admin); the
drop's products are created in that brand's catalogue through the catalogue's own functions, so
they are validated exactly like any product. Everything is validated before anything is stored.

Re-orders append a batch with a compare-and-set on `batch_count`, so two clicks make batches 2
and 3, never two batch 2s. Verdicts are written by the verdict run (`feeds.drops.verdicts`,
queued by `feeds.drops.tasks`); the API reads them and computes the live sell-through itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import orjson

from accounts import records
from accounts.users import Role, User
from commerce import campaigns as campaigns_io
from commerce import catalog
from commerce import products as catalogue
from commerce.campaigns import CampaignStatus
from commerce.shops import brand_allow_list
from core import clock
from core.errors import NotFound, UserError, UserErrors, raise_all
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, SyncDB
from core.paging import Page, keyset_page
from core.settings import MARKETS, Settings
from feeds.drops import judging as drops
from feeds.drops.error_codes import DropErrorCode
from feeds.drops.judging import (
    Batch,
    BatchProgress,
    DayPoint,
    DemandForecast,
    Performance,
    ReorderPolicy,
    Verdict,
    VerdictParams,
)
from feeds.taxonomy import Taxonomy

DROPS = "test_drops"
PRODUCTS = "drop_products"
NAME_MAX = 120
MAX_ELEMENTS = 10
MAX_PRODUCTS = 30
MAX_UNITS = 1_000_000
MAX_MINOR = 2**53 - 1
LAUNCH_AHEAD_MAX_DAYS = 365
REORDER_AHEAD_MAX_DAYS = 365
# Sort key of a drop whose products sell nothing yet: after every drop that does.
URGENCY_NONE = 1_000_000.0
_CAS_ATTEMPTS = 10
# Feed columns -> the GraphQL input fields of one product.
_PRODUCT_FIELDS = {
    "sku": "sku",
    "title": "title",
    "price": "priceMinor",
    "currency": "currency",
    "product_url": "productUrl",
    "image_url": "imageUrl",
    "category": "category",
    "markets": "markets",
}


def policy(settings: Settings) -> ReorderPolicy:
    return ReorderPolicy(
        lead_days=settings.drops_lead_time_days,
        coverage_days=settings.drops_coverage_days,
        z=settings.drops_service_z,
        batch_multiple=settings.drops_batch_multiple,
    )


def verdict_params(settings: Settings) -> VerdictParams:
    return VerdictParams(
        hit_ratio=settings.drops_hit_ratio,
        slow_ratio=settings.drops_slow_ratio,
        returns_watch=settings.drops_returns_watch,
        returns_drop=settings.drops_returns_drop,
    )


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def as_day(value: datetime) -> date:
    return clock.as_utc(value).date()


# --- what the other areas read ----------------------------------------------------------------


@dataclass(frozen=True)
class StoredBatch:
    """A production batch as placed: batch 1 is the test batch, then each re-order."""

    number: int
    quantity: int
    unit_cost_minor: int
    placed_at: datetime
    arrives_on: date
    placed_by: str

    @classmethod
    def from_doc(cls, doc: Document) -> StoredBatch:
        return cls(
            number=doc["number"],
            quantity=doc["quantity"],
            unit_cost_minor=doc["unit_cost_minor"],
            placed_at=clock.as_utc(doc["placed_at"]),
            arrives_on=as_day(doc["arrives_on"]),
            placed_by=doc["placed_by"],
        )


@dataclass(frozen=True)
class StoredVerdict:
    """A product's verdict from the last verdict run, with the figures behind it."""

    verdict: Verdict
    reasons: tuple[str, ...]
    suggested_quantity: int
    speed_ratio: float | None
    baseline: float
    """The category's usual sell-through per day."""
    days_of_cover: float | None
    rate: float
    sigma: float
    rate_days: int
    lead_days: float
    coverage_days: float
    z: float
    batch_multiple: int
    cycle_demand: float
    safety_stock: float
    position: int
    need: float
    plan_quantity: int
    element_states: Mapping[str, str | None]
    """Element id → its trend state at the run (None without trend data)."""
    computed_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> StoredVerdict:
        return cls(
            verdict=Verdict(doc["verdict"]),
            reasons=tuple(doc["reasons"]),
            suggested_quantity=doc["suggested_quantity"],
            speed_ratio=doc.get("speed_ratio"),
            baseline=doc["baseline"],
            days_of_cover=doc.get("days_of_cover"),
            rate=doc["rate"],
            sigma=doc["sigma"],
            rate_days=doc["rate_days"],
            lead_days=doc["lead_days"],
            coverage_days=doc["coverage_days"],
            z=doc["z"],
            batch_multiple=doc["batch_multiple"],
            cycle_demand=doc["cycle_demand"],
            safety_stock=doc["safety_stock"],
            position=doc["position"],
            need=doc["need"],
            plan_quantity=doc["plan_quantity"],
            element_states=dict(doc.get("element_states") or {}),
            computed_at=clock.as_utc(doc["computed_at"]),
        )


@dataclass(frozen=True)
class DropProduct:
    """A product of a test drop (its id is the catalogue product's), its batches and verdict."""

    id: str
    drop_id: str
    brand_id: str
    designer_id: str
    sku: str
    title: str
    category: str | None
    price_minor: int
    unit_cost_minor: int
    currency: str
    launch_on: date
    batches: tuple[StoredBatch, ...]
    verdict: StoredVerdict | None
    """The last verdict run's; None until the first."""

    @classmethod
    def from_doc(cls, doc: Document) -> DropProduct:
        verdict = doc.get("verdict")
        return cls(
            id=doc["_id"],
            drop_id=doc["drop_id"],
            brand_id=doc["brand_id"],
            designer_id=doc["designer_id"],
            sku=doc["sku"],
            title=doc["title"],
            category=doc.get("category"),
            price_minor=doc["price_minor"],
            unit_cost_minor=doc["unit_cost_minor"],
            currency=doc["currency"],
            launch_on=as_day(doc["launch_on"]),
            batches=tuple(StoredBatch.from_doc(b) for b in doc["batches"]),
            verdict=StoredVerdict.from_doc(verdict) if verdict else None,
        )


@dataclass(frozen=True)
class TestDrop:
    """New products made from trending elements, with what the last verdict run found."""

    id: str
    brand_id: str
    designer_id: str
    name: str
    element_ids: tuple[str, ...]
    markets: tuple[str, ...]
    launch_on: date
    campaign_id: str | None
    product_ids: tuple[str, ...]
    verdicts: tuple[Verdict, ...]
    """Its products' verdicts, distinct."""
    days_of_cover: float | None
    """The least days of cover among its products; None when nothing sells yet."""
    created_at: datetime
    computed_at: datetime | None

    @classmethod
    def from_doc(cls, doc: Document) -> TestDrop:
        urgency = doc.get("urgency", URGENCY_NONE)
        computed = doc.get("computed_at")
        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            designer_id=doc["designer_id"],
            name=doc["name"],
            element_ids=tuple(doc["element_ids"]),
            markets=tuple(doc["markets"]),
            launch_on=as_day(doc["launch_on"]),
            campaign_id=doc.get("campaign_id") or None,
            product_ids=tuple(doc.get("product_ids") or []),
            verdicts=tuple(Verdict(v) for v in doc.get("verdicts", [])),
            days_of_cover=None if urgency >= URGENCY_NONE else urgency,
            created_at=clock.as_utc(doc["created_at"]),
            computed_at=clock.as_utc(computed) if computed else None,
        )


@dataclass(frozen=True)
class DesignerBrand:
    designer_id: str
    brand_id: str | None


# --- designers and their brand --------------------------------------------------------------


async def set_designer_brand(db: AsyncDB, designer_id: str, brand_id: str | None) -> DesignerBrand:
    """Attach a designer to the brand whose catalogue their drops go into (None detaches)."""
    errors: list[UserError] = []
    designer = (
        await db.users.find_one({"_id": designer_id}, {"role": 1})
        if is_valid_id(designer_id, "usr")
        else None
    )
    if designer is None or designer["role"] != Role.DESIGNER.value:
        errors.append(
            UserError(DropErrorCode.NOT_FOUND, "No designer account has this id.", "designerId")
        )
    if brand_id is not None:
        brand = (
            await db.users.find_one({"_id": brand_id}, {"role": 1})
            if is_valid_id(brand_id, "usr")
            else None
        )
        if brand is None or brand["role"] != Role.BRAND.value:
            errors.append(
                UserError(DropErrorCode.NOT_FOUND, "No brand account has this id.", "brandId")
            )
    raise_all(errors)
    await records.assign_designer_brand(db, designer_id, brand_id)
    return DesignerBrand(designer_id=designer_id, brand_id=brand_id)


async def brand_of(db: AsyncDB, user: User) -> str | None:
    """The brand whose drops the user works on: a brand itself, a designer's assigned brand."""
    if user.role is Role.BRAND:
        return user.id
    doc = await db.users.find_one({"_id": user.id}, {"brand_id": 1})
    brand_id = (doc or {}).get("brand_id")
    return str(brand_id) if brand_id else None


async def scope(db: AsyncDB, user: User) -> dict[str, Any]:
    """The drops a user may see: all for admins, a brand's own, a designer's brand's."""
    if user.role is Role.ADMIN:
        return {}
    brand_id = await brand_of(db, user)
    if brand_id is not None:
        return {"brand_id": brand_id}
    return {"designer_id": user.id}


def _in_scope(doc: Document, where: Mapping[str, Any]) -> bool:
    return all(doc.get(name) == value for name, value in where.items())


# --- creating a drop ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductDraft:
    sku: str
    title: str
    category: str
    price_minor: int
    currency: str
    unit_cost_minor: int
    units: int
    product_url: str
    image_url: str | None = None


@dataclass(frozen=True)
class DropDraft:
    name: str
    element_ids: list[str]
    markets: list[str]
    launch_on: date
    products: list[ProductDraft]
    campaign_id: str | None = None


def _check_drop(
    draft: DropDraft, taxonomy: Taxonomy, settings: Settings, today: date
) -> list[UserError]:
    errors: list[UserError] = []
    name = draft.name.strip()
    if not name:
        errors.append(UserError(DropErrorCode.REQUIRED, "Name the test drop.", "name"))
    elif len(name) > NAME_MAX:
        errors.append(
            UserError(DropErrorCode.TOO_LONG, f"Use at most {NAME_MAX} characters.", "name")
        )
    if not draft.element_ids:
        errors.append(
            UserError(
                DropErrorCode.REQUIRED,
                "Link the drop to at least one trending element.",
                "elementIds",
            )
        )
    elif len(draft.element_ids) > MAX_ELEMENTS:
        errors.append(
            UserError(
                DropErrorCode.TOO_MANY, f"Link at most {MAX_ELEMENTS} elements.", "elementIds"
            )
        )
    for index, element_id in enumerate(draft.element_ids):
        if element_id not in taxonomy:
            errors.append(
                UserError(
                    DropErrorCode.UNKNOWN_ELEMENT,
                    f"{element_id!r} is not an element of the taxonomy "
                    "(ids look like colour/butter-yellow).",
                    f"elementIds.{index}",
                )
            )
    if not draft.markets:
        errors.append(
            UserError(DropErrorCode.REQUIRED, "Choose the markets it launches in.", "markets")
        )
    for index, market in enumerate(draft.markets):
        if market not in MARKETS:
            errors.append(
                UserError(
                    DropErrorCode.INVALID,
                    f"Choose among the markets {', '.join(MARKETS)}.",
                    f"markets.{index}",
                )
            )
    oldest = today - timedelta(days=settings.drops_launch_past_max_days)
    if draft.launch_on < oldest:
        errors.append(
            UserError(
                DropErrorCode.TOO_OLD,
                f"The launch date may lie at most {settings.drops_launch_past_max_days} days "
                f"back (not before {oldest.isoformat()}).",
                "launchDate",
            )
        )
    elif draft.launch_on > today + timedelta(days=LAUNCH_AHEAD_MAX_DAYS):
        errors.append(
            UserError(DropErrorCode.TOO_FAR, "Launch within a year from today.", "launchDate")
        )
    if not draft.products:
        errors.append(UserError(DropErrorCode.REQUIRED, "Add at least one product.", "products"))
    elif len(draft.products) > MAX_PRODUCTS:
        errors.append(
            UserError(
                DropErrorCode.TOO_MANY, f"A drop holds at most {MAX_PRODUCTS} products.", "products"
            )
        )
    for index, item in enumerate(draft.products):
        path = f"products.{index}"
        if item.units < 1:
            errors.append(
                UserError(
                    DropErrorCode.INVALID,
                    f"Produce at least 1 unit (got {item.units}).",
                    f"{path}.units",
                )
            )
        elif item.units > MAX_UNITS:
            errors.append(
                UserError(
                    DropErrorCode.TOO_LARGE, f"At most {MAX_UNITS} units a batch.", f"{path}.units"
                )
            )
        if item.unit_cost_minor < 0:
            errors.append(
                UserError(
                    DropErrorCode.NEGATIVE_AMOUNT,
                    "The unit cost cannot be negative.",
                    f"{path}.unitCostMinor",
                )
            )
        elif item.unit_cost_minor > MAX_MINOR:
            errors.append(
                UserError(
                    DropErrorCode.TOO_LARGE, "The unit cost is too large.", f"{path}.unitCostMinor"
                )
            )
        if not item.category.strip():
            errors.append(
                UserError(
                    DropErrorCode.REQUIRED,
                    "Give the category (its sales are judged against the category's).",
                    f"{path}.category",
                )
            )
    return errors


def _rows(draft: DropDraft) -> list[dict[str, Any]]:
    return [
        catalogue.form_row(
            sku=item.sku,
            title=item.title,
            price_minor=item.price_minor,
            currency=item.currency,
            product_url=item.product_url,
            image_url=item.image_url,
            category=drops.category_key(item.category) or None,
            markets=list(draft.markets),
        )
        for item in draft.products
    ]


async def _check_catalogue(db: AsyncDB, brand_id: str, draft: DropDraft) -> list[UserError]:
    """The catalogue's own checks on every product, and no SKU the brand already sells."""
    allow = await brand_allow_list(db, brand_id)
    if not allow.domains:
        return [
            UserError(
                DropErrorCode.NO_MERCHANT_DOMAIN,
                "The brand has no shop with merchant domains yet; ask an admin to add one.",
                None,
            )
        ]
    errors: list[UserError] = []
    for result in catalog.iter_json(orjson.dumps(_rows(draft)), allow):
        for error in result.errors:
            name = _PRODUCT_FIELDS.get(error.field, error.field)
            errors.append(
                UserError(
                    DropErrorCode(error.code), error.message, f"products.{result.row - 1}.{name}"
                )
            )
    skus = [item.sku.strip() for item in draft.products]
    existing = await catalogue.products_by_skus(db, brand_id, skus)
    for index, sku in enumerate(skus):
        if sku in existing:
            errors.append(
                UserError(
                    DropErrorCode.DUPLICATE,
                    f"The brand already sells SKU {sku}; a test product needs a new SKU.",
                    f"products.{index}.sku",
                )
            )
    return errors


async def _check_campaign(
    db: AsyncDB, brand_id: str, campaign_id: str | None
) -> tuple[campaigns_io.Campaign | None, list[UserError]]:
    if campaign_id is None:
        return None, []
    campaign = await campaigns_io.get_campaign(db, campaign_id)
    if campaign is None or campaign.brand_id != brand_id:
        return None, [
            UserError(
                DropErrorCode.NOT_FOUND, "No campaign of the brand has this id.", "campaignId"
            )
        ]
    if campaign.status is CampaignStatus.ENDED:
        return None, [
            UserError(DropErrorCode.INVALID_STATE, "This campaign has ended.", "campaignId")
        ]
    if campaign.product_ids and campaign.status is not CampaignStatus.DRAFT:
        return None, [
            UserError(
                DropErrorCode.LOCKED,
                "This running campaign is limited to the products chosen when it started; pick "
                "a draft or a campaign open to all of the brand's products.",
                "campaignId",
            )
        ]
    return campaign, []


async def create_drop(
    db: AsyncDB, settings: Settings, designer: User, draft: DropDraft, taxonomy: Taxonomy
) -> TestDrop:
    """Validate everything, then create the catalogue products, the drop and its batch 1s."""
    brand_id = await brand_of(db, designer)
    if brand_id is None:
        raise UserError(
            DropErrorCode.NO_BRAND,
            "Your account is not attached to a brand yet; ask an admin to attach it.",
            None,
        )
    brand_doc = await db.users.find_one({"_id": brand_id}, {"password_hash": 0})
    if brand_doc is None:
        raise UserError(
            DropErrorCode.NO_BRAND, "The brand your account is attached to is gone.", None
        )
    brand = User.from_doc(brand_doc)
    draft = DropDraft(
        name=draft.name.strip(),
        element_ids=list(dict.fromkeys(draft.element_ids)),
        markets=list(dict.fromkeys(draft.markets)),
        launch_on=draft.launch_on,
        products=draft.products,
        campaign_id=draft.campaign_id,
    )
    now = clock.now()
    errors = _check_drop(draft, taxonomy, settings, now.date())
    campaign, campaign_errors = await _check_campaign(db, brand_id, draft.campaign_id)
    errors += campaign_errors
    if draft.products and len(draft.products) <= MAX_PRODUCTS:
        errors += await _check_catalogue(db, brand_id, draft)
    raise_all(errors)

    created = await _create_products(db, brand, draft)
    drop_id = new_id("drop")
    launch_at = day_start(draft.launch_on)
    product_docs = [
        {
            "_id": product.id,
            "drop_id": drop_id,
            "brand_id": brand_id,
            "designer_id": designer.id,
            "sku": product.sku,
            "title": product.title,
            "category": product.category,
            "element_ids": draft.element_ids,
            "markets": draft.markets,
            "launch_on": launch_at,
            "unit_cost_minor": item.unit_cost_minor,
            "price_minor": product.price_minor,
            "currency": product.currency,
            "batches": [
                {
                    "number": 1,
                    "quantity": item.units,
                    "unit_cost_minor": item.unit_cost_minor,
                    "placed_at": now,
                    "arrives_on": launch_at,
                    "placed_by": designer.id,
                }
            ],
            "batch_count": 1,
            "verdict": None,
            "created_at": now,
        }
        for product, item in zip(created, draft.products, strict=True)
    ]
    drop_doc: Document = {
        "_id": drop_id,
        "brand_id": brand_id,
        "designer_id": designer.id,
        "name": draft.name,
        "element_ids": draft.element_ids,
        "markets": draft.markets,
        "launch_on": launch_at,
        "campaign_id": campaign.id if campaign else None,
        "product_ids": [p.id for p in created],
        "categories": sorted({drops.category_key(p.category) for p in created}),
        "verdicts": [],
        "urgency": URGENCY_NONE,
        "created_at": now,
        "updated_at": now,
        "computed_at": None,
    }
    await db[PRODUCTS].insert_many(product_docs)
    await db[DROPS].insert_one(drop_doc)
    if campaign is not None and campaign.product_ids:
        await campaigns_io.update_campaign(
            db,
            brand,
            campaign.id,
            {"product_ids": [*campaign.product_ids, *(p.id for p in created)]},
        )
    return TestDrop.from_doc(drop_doc)


async def _create_products(db: AsyncDB, brand: User, draft: DropDraft) -> list[catalogue.Product]:
    """Create the products; if one fails (a race on its SKU), take back those made before."""
    created: list[catalogue.Product] = []
    try:
        for index, row in enumerate(_rows(draft)):
            try:
                created.append(await catalogue.create_product(db, brand, row))
            except UserError as exc:
                raise UserError(
                    DropErrorCode(exc.code), exc.message, f"products.{index}.{exc.field}"
                ) from exc
            except UserErrors as exc:
                raise UserErrors(
                    UserError(DropErrorCode(e.code), e.message, f"products.{index}.{e.field}")
                    for e in exc.errors
                ) from exc
    except BaseException:
        if created:
            await catalogue.delete_products(db, [p.id for p in created])
        raise
    return created


# --- reading drops --------------------------------------------------------------------------


@dataclass(frozen=True)
class DropFilter:
    designer_id: str | None = None
    category: str | None = None
    element_id: str | None = None
    verdict: str | None = None


def list_query(where: Mapping[str, Any], chosen: DropFilter) -> dict[str, Any]:
    query: dict[str, Any] = dict(where)
    if chosen.designer_id is not None:
        if "designer_id" in query and query["designer_id"] != chosen.designer_id:
            return {"_id": {"$in": []}}
        query["designer_id"] = chosen.designer_id
    if chosen.category:
        query["categories"] = drops.category_key(chosen.category)
    if chosen.element_id:
        query["element_ids"] = chosen.element_id
    if chosen.verdict:
        query["verdicts"] = chosen.verdict
    return query


async def list_drops(
    db: AsyncDB,
    user: User,
    chosen: DropFilter,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[TestDrop]:
    """The user's brand's drops matching `chosen`, most urgent first."""
    query = list_query(await scope(db, user), chosen)
    return await keyset_page(
        db[DROPS],
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=TestDrop.from_doc,
        sort_field="urgency",
        descending=False,
    )


async def open_campaigns(
    db: AsyncDB, brand_id: str, limit: int = 50
) -> list[campaigns_io.Campaign]:
    """The brand's draft and running campaigns, newest first: those a drop can go through."""
    docs = (
        await db.campaigns.find(
            {
                "brand_id": brand_id,
                "status": {"$in": [CampaignStatus.DRAFT.value, CampaignStatus.ACTIVE.value]},
            }
        )
        .sort("created_at", -1)
        .limit(limit)
        .to_list()
    )
    return [campaigns_io.Campaign.from_doc(d) for d in docs]


async def find_visible_drop(db: AsyncDB, user: User, drop_id: str) -> TestDrop | None:
    """The drop if the user may see it; None for an unknown id or another brand's drop."""
    doc = await db[DROPS].find_one({"_id": drop_id}) if is_valid_id(drop_id, "drop") else None
    if doc is None or not _in_scope(doc, await scope(db, user)):
        return None
    return TestDrop.from_doc(doc)


async def products_of(db: AsyncDB, drop_docs: Sequence[Document]) -> dict[str, list[Document]]:
    """Each drop's product documents, in the order the designer entered them."""
    found = {
        doc["_id"]: doc
        async for doc in db[PRODUCTS].find({"drop_id": {"$in": [d["_id"] for d in drop_docs]}})
    }
    return {
        drop["_id"]: [found[pid] for pid in drop["product_ids"] if pid in found]
        for drop in drop_docs
    }


async def products_of_drops(db: AsyncDB, drop_ids: Sequence[str]) -> dict[str, list[DropProduct]]:
    """The products of each drop id, in the order the designer entered them."""
    drops_found = await db[DROPS].find({"_id": {"$in": list(drop_ids)}}).to_list()
    by_drop = await products_of(db, drops_found)
    return {
        drop_id: [DropProduct.from_doc(doc) for doc in docs] for drop_id, docs in by_drop.items()
    }


# --- sales ----------------------------------------------------------------------------------


@dataclass
class Sales:
    sold: Counter[date] = field(default_factory=Counter)
    returned: Counter[date] = field(default_factory=Counter)


def orders_query(product_ids: Sequence[str]) -> dict[str, Any]:
    return {"lines.product_id": {"$in": list(product_ids)}}


ORDER_FIELDS = {"lines.product_id": 1, "lines.quantity": 1, "at": 1}


def returns_query(docs: Sequence[Document]) -> dict[str, Any]:
    skus: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        skus[doc["brand_id"]].append(doc["sku"])
    clauses = [{"brand_id": b, "lines.sku": {"$in": s}} for b, s in sorted(skus.items())]
    return {"$or": clauses} if clauses else {"_id": {"$in": []}}


RETURN_FIELDS = {"brand_id": 1, "lines.sku": 1, "lines.quantity": 1, "at": 1}


def fold_sales(
    docs: Sequence[Document], orders: Iterable[Document], returns: Iterable[Document]
) -> dict[str, Sales]:
    """Units sold and returned per product and UTC day; a return names units, not money."""
    sales = {doc["_id"]: Sales() for doc in docs}
    for order in orders:
        day = as_day(order["at"])
        for line in order["lines"]:
            if line.get("product_id") in sales:
                sales[line["product_id"]].sold[day] += int(line["quantity"])
    by_sku = {(doc["brand_id"], doc["sku"]): doc["_id"] for doc in docs}
    for back in returns:
        day = as_day(back["at"])
        for line in back["lines"]:
            product_id = by_sku.get((back["brand_id"], line["sku"]))
            if product_id is not None:
                sales[product_id].returned[day] += int(line["quantity"])
    return sales


def batches_of(doc: Document) -> list[Batch]:
    return [
        Batch(number=b["number"], quantity=b["quantity"], arrives_on=as_day(b["arrives_on"]))
        for b in doc["batches"]
    ]


@dataclass(frozen=True)
class Evaluation:
    series: list[DayPoint]
    performance: Performance
    batches: list[BatchProgress]
    forecast: DemandForecast


def evaluate(doc: Document, sales: Sales, now: datetime, settings: Settings) -> Evaluation:
    launch_at = clock.as_utc(doc["launch_on"])
    batches = batches_of(doc)
    series = drops.sell_through_series(
        launch_at.date(), now.date(), batches, sales.sold, sales.returned
    )
    return Evaluation(
        series=series,
        performance=drops.performance(series, batches, launch_at, now),
        batches=drops.batch_progress(batches, series),
        forecast=drops.forecast_demand(
            series,
            now.date(),
            window_days=settings.drops_rate_days,
            alpha=settings.drops_rate_alpha,
        ),
    )


async def sales_of(db: AsyncDB, docs: Sequence[Document]) -> dict[str, Sales]:
    if not docs:
        return {}
    ids = [doc["_id"] for doc in docs]
    orders = await db.orders.find(orders_query(ids), ORDER_FIELDS).to_list()
    returns = await db.returns.find(returns_query(docs), RETURN_FIELDS).to_list()
    return fold_sales(docs, orders, returns)


def sales_of_sync(db: SyncDB, docs: Sequence[Document]) -> dict[str, Sales]:
    if not docs:
        return {}
    ids = [doc["_id"] for doc in docs]
    orders = list(db.orders.find(orders_query(ids), ORDER_FIELDS))
    returns = list(db.returns.find(returns_query(docs), RETURN_FIELDS))
    return fold_sales(docs, orders, returns)


@dataclass(frozen=True)
class Reach:
    """How many people the product reached: counted clicks of its links, and the posts that
    tag it with their feed impressions."""

    clicks: int = 0
    clicks_by_day: Mapping[date, int] = field(default_factory=dict)
    posts: int = 0
    views: int = 0


@dataclass(frozen=True)
class Live:
    """A product's sell-through computed now, with its clicks, posts and views."""

    evaluation: Evaluation
    reach: Reach


async def live_of(db: AsyncDB, settings: Settings, product_ids: Sequence[str]) -> dict[str, Live]:
    """Each product's live standing: a constant number of queries however many there are."""
    docs = await db[PRODUCTS].find({"_id": {"$in": list(product_ids)}}).to_list()
    sales = await sales_of(db, docs)
    reach = await reach_of(db, product_ids)
    now = clock.now()
    return {
        doc["_id"]: Live(evaluate(doc, sales[doc["_id"]], now, settings), reach[doc["_id"]])
        for doc in docs
    }


async def reach_of(db: AsyncDB, product_ids: Sequence[str]) -> dict[str, Reach]:
    ids = list(product_ids)
    clicks: dict[str, Counter[date]] = {pid: Counter() for pid in ids}
    async for click in db.clicks.find(
        {"product_id": {"$in": ids}, "counted": True}, {"product_id": 1, "at": 1}
    ):
        clicks[click["product_id"]][as_day(click["at"])] += 1
    posts: dict[str, set[str]] = {pid: set() for pid in ids}
    async for post in db.posts.find(
        {"product_tags.product_id": {"$in": ids}, "status": "PUBLISHED"},
        {"product_tags.product_id": 1},
    ):
        for tag in post.get("product_tags") or []:
            if tag.get("product_id") in posts:
                posts[tag["product_id"]].add(post["_id"])
    all_posts = sorted(set().union(*posts.values())) if posts else []
    impressions: dict[str, int] = {}
    if all_posts:
        async for entry in db.post_elements.find({"_id": {"$in": all_posts}}, {"impressions": 1}):
            impressions[entry["_id"]] = int(entry.get("impressions") or 0)
    return {
        pid: Reach(
            clicks=sum(clicks[pid].values()),
            clicks_by_day=dict(clicks[pid]),
            posts=len(posts[pid]),
            views=sum(impressions.get(post_id, 0) for post_id in posts[pid]),
        )
        for pid in ids
    }


# --- re-orders ------------------------------------------------------------------------------


async def place_reorder(
    db: AsyncDB, user: User, product_id: str, quantity: int, expected_on: date
) -> DropProduct:
    """Record a re-order as the product's next batch; returns the product with it."""
    product, _ = await place_reorder_numbered(db, user, product_id, quantity, expected_on)
    return product


async def place_reorder_numbered(
    db: AsyncDB, user: User, product_id: str, quantity: int, expected_on: date
) -> tuple[DropProduct, int]:
    """`place_reorder`, with the number of the batch it added (the suppliers' orders are
    issued for that batch: `feeds.drops.supply`)."""
    doc = (
        await db[PRODUCTS].find_one({"_id": product_id}) if is_valid_id(product_id, "prd") else None
    )
    if doc is None or not _in_scope(doc, await scope(db, user)):
        raise NotFound("Test-drop product", "productId")
    today = clock.now().date()
    errors: list[UserError] = []
    if quantity < 1:
        errors.append(UserError(DropErrorCode.INVALID, "Re-order at least 1 unit.", "quantity"))
    elif quantity > MAX_UNITS:
        errors.append(
            UserError(DropErrorCode.TOO_LARGE, f"At most {MAX_UNITS} units a batch.", "quantity")
        )
    if expected_on < today:
        errors.append(
            UserError(
                DropErrorCode.PAST, "The expected date cannot be in the past.", "expectedDate"
            )
        )
    elif expected_on > today + timedelta(days=REORDER_AHEAD_MAX_DAYS):
        errors.append(UserError(DropErrorCode.TOO_FAR, "Expect it within a year.", "expectedDate"))
    raise_all(errors)
    for _ in range(_CAS_ATTEMPTS):
        count = int(doc["batch_count"])
        batch = {
            "number": count + 1,
            "quantity": quantity,
            "unit_cost_minor": doc["unit_cost_minor"],
            "placed_at": clock.now(),
            "arrives_on": day_start(expected_on),
            "placed_by": user.id,
        }
        changed = await db[PRODUCTS].update_one(
            {"_id": product_id, "batch_count": count},
            {"$push": {"batches": batch}, "$inc": {"batch_count": 1}},
        )
        if changed.modified_count == 1:
            fresh = await db[PRODUCTS].find_one({"_id": product_id})
            assert fresh is not None
            return DropProduct.from_doc(fresh), count + 1
        reread = await db[PRODUCTS].find_one({"_id": product_id})
        assert reread is not None
        doc = reread
    raise RuntimeError("the product's batches are too contended to update")
