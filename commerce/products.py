"""The catalogue: brand products in Mongo, created one by one or imported from a feed.

Validation is the feed parser's (`commerce.catalog`), for a form as for a file, so a product
is refused for the same reasons whichever way it arrives. A product is identified by (brand,
SKU): its `_id` is derived from that pair, so an import upserts and never duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

import orjson
from pymongo import UpdateOne

from accounts.users import Role, User
from commerce import catalog
from commerce.error_codes import ProductErrorCode
from commerce.links import AllowList
from commerce.shops import brand_allow_list
from core import clock
from core.derived_ids import derived_id
from core.errors import Forbidden, NotFound, UserError, UserErrors
from core.ids import is_valid_id
from core.mongo import AsyncDB, Document, SyncDB, chunks, is_duplicate
from core.paging import Page, keyset_page

FeedFormat = Literal["csv", "json"]
IMPORT_BATCH = 500
# Feed column names → GraphQL input field names, so form errors point at the right field.
_FIELD_NAMES = {
    "sku": "sku",
    "title": "title",
    "price": "priceMinor",
    "currency": "currency",
    "product_url": "productUrl",
    "image_url": "imageUrl",
    "category": "category",
    "markets": "markets",
}


@dataclass(frozen=True)
class Product:
    id: str
    brand_id: str
    sku: str
    title: str
    price_minor: int
    currency: str
    product_url: str
    image_url: str | None
    category: str | None
    markets: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    photo_keys: Mapping[str, str] = field(default_factory=dict)
    """Variant name → media key of the photo uploaded here (`commerce.product_images`)."""
    photo_blurhash: str | None = None
    archived_at: datetime | None = None
    """Set while the brand has taken the product off sale (`archive_product`)."""

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def from_doc(cls, doc: Document) -> Product:
        photo = doc.get("image") or {}
        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            sku=doc["sku"],
            title=doc["title"],
            price_minor=doc["price_minor"],
            currency=doc["currency"],
            product_url=doc["product_url"],
            image_url=doc.get("image_url"),
            category=doc.get("category"),
            markets=tuple(doc.get("markets", ())),
            created_at=clock.as_utc(doc["created_at"]),
            updated_at=clock.as_utc(doc["updated_at"]),
            photo_keys={name: str(v["key"]) for name, v in (photo.get("variants") or {}).items()},
            photo_blurhash=photo.get("blurhash"),
            archived_at=clock.as_utc(doc["archived_at"]) if doc.get("archived_at") else None,
        )


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[catalog.RowError] = field(default_factory=list)


def product_id(brand_id: str, sku: str) -> str:
    return derived_id("prd", brand_id, sku)


def format_price(price_minor: int, currency: str) -> str:
    """Minor units back to the feed's decimal text (2599 USD → "25.99")."""
    exponent = catalog.CURRENCY_EXPONENTS.get(currency, 2)
    if price_minor < 0:
        return str(price_minor)  # the parser refuses it with its own message
    if exponent == 0:
        return str(price_minor)
    whole, fraction = divmod(price_minor, 10**exponent)
    return f"{whole}.{fraction:0{exponent}d}"


def _fields(item: catalog.ProductInput) -> dict[str, Any]:
    return {
        "sku": item.sku,
        "title": item.title,
        "price_minor": item.price_minor,
        "currency": item.currency,
        "product_url": item.product_url,
        "image_url": item.image_url,
        "category": item.category,
        "markets": list(item.markets),
    }


def _upsert(brand_id: str, item: catalog.ProductInput, now: datetime) -> UpdateOne:
    pid = product_id(brand_id, item.sku)
    return UpdateOne(
        {"_id": pid},
        {
            "$set": {**_fields(item), "updated_at": now},
            "$setOnInsert": {"_id": pid, "brand_id": brand_id, "created_at": now},
        },
        upsert=True,
    )


def _check_row(raw: dict[str, Any], allow: AllowList) -> catalog.ProductInput:
    """Validate one product exactly as a feed row; user errors name the GraphQL fields."""
    if not allow.domains:
        raise UserError(
            ProductErrorCode.NO_MERCHANT_DOMAIN,
            "Your brand has no shop with merchant domains yet; ask an admin to add one.",
            "productUrl",
        )
    (result,) = list(catalog.iter_json(orjson.dumps([raw]), allow))
    if result.product is None:
        raise UserErrors(
            UserError(ProductErrorCode(e.code.value), e.message, _FIELD_NAMES.get(e.field, e.field))
            for e in result.errors
        )
    return result.product


def _require_brand(user: User) -> None:
    if user.role not in (Role.BRAND, Role.ADMIN):
        raise Forbidden("Only brand accounts manage products.")


async def create_product(db: AsyncDB, brand: User, raw: dict[str, Any]) -> Product:
    """Create a product, or refuse with field errors; an existing SKU is a DUPLICATE."""
    _require_brand(brand)
    item = _check_row(raw, await brand_allow_list(db, brand.id))
    now = clock.now()
    doc = {
        "_id": product_id(brand.id, item.sku),
        "brand_id": brand.id,
        **_fields(item),
        "created_at": now,
        "updated_at": now,
    }
    try:
        await db.products.insert_one(doc)
    except Exception as exc:
        if is_duplicate(exc):
            raise UserError(
                ProductErrorCode.DUPLICATE,
                f"You already have a product with SKU {item.sku}.",
                "sku",
            ) from exc
        raise
    return Product.from_doc(doc)


async def get_product(db: AsyncDB, product_id_: str) -> Product | None:
    if not is_valid_id(product_id_, "prd"):
        return None
    doc = await db.products.find_one({"_id": product_id_})
    return Product.from_doc(doc) if doc else None


async def owned_product(db: AsyncDB, user: User, product_id_: str, field: str = "id") -> Product:
    product = await get_product(db, product_id_)
    if product is None:
        raise NotFound("Product", field)
    if user.role is not Role.ADMIN and product.brand_id != user.id:
        raise Forbidden("This product belongs to another brand.")
    return product


async def update_product(
    db: AsyncDB, user: User, product_id_: str, changes: dict[str, Any]
) -> Product:
    """Change a product's fields (not its SKU, which is its identity at the shop).

    `changes` holds title, price_minor, currency, product_url, image_url, category, markets;
    None leaves a field as it is.
    """
    product = await owned_product(db, user, product_id_)
    given = {k: v for k, v in changes.items() if v is not None}
    currency = str(given.get("currency", product.currency)).strip().upper()
    row: dict[str, Any] = {
        "sku": product.sku,
        "title": given.get("title", product.title),
        "price": format_price(given.get("price_minor", product.price_minor), currency),
        "currency": currency,
        "product_url": given.get("product_url", product.product_url),
        "image_url": given.get("image_url", product.image_url),
        "category": given.get("category", product.category),
        "markets": given.get("markets", list(product.markets)),
    }
    item = _check_row(row, await brand_allow_list(db, product.brand_id))
    fields = _fields(item)
    fields["updated_at"] = clock.now()
    await db.products.update_one({"_id": product.id}, {"$set": fields})
    doc = await db.products.find_one({"_id": product.id})
    assert doc is not None
    return Product.from_doc(doc)


# --- taking a product off sale --------------------------------------------------------------
#
# Archiving is reversible and keeps the document: posts that already tag the product keep their
# tags (shown as no longer sold), links already made keep redirecting, orders keep crediting.
# What stops is everything new: tags, links and campaign product lists refuse it
# (`check_on_sale`), and the catalogue lists it only when asked for archived products.

PRODUCT_ARCHIVED = "PRODUCT_ARCHIVED"
"""The code each area's payload carries when a product is refused for being archived (it is
in `ProductErrorCode`'s siblings: `LinkErrorCode`, `CampaignErrorCode`, `PostErrorCode`)."""


def archived_error(title: str, field: str | None) -> UserError:
    return UserError(PRODUCT_ARCHIVED, f"“{title}” is no longer sold, so it can't be added.", field)


def check_on_sale(product: Product, field: str | None = "productId") -> None:
    """Refuse an archived product for anything new (a tag, a link, a campaign's list)."""
    if product.archived:
        raise archived_error(product.title, field)


async def _set_archived(db: AsyncDB, user: User, product_id_: str, archived: bool) -> Product:
    product = await owned_product(db, user, product_id_)
    if product.archived == archived:
        return product  # archiving twice (or unarchiving twice) is not an error
    now = clock.now()
    await db.products.update_one(
        {"_id": product.id}, {"$set": {"archived_at": now if archived else None, "updated_at": now}}
    )
    doc = await db.products.find_one({"_id": product.id})
    assert doc is not None
    return Product.from_doc(doc)


async def archive_product(db: AsyncDB, user: User, product_id_: str) -> Product:
    """Take a product off sale (its brand or an admin)."""
    return await _set_archived(db, user, product_id_, True)


async def unarchive_product(db: AsyncDB, user: User, product_id_: str) -> Product:
    """Put an archived product back on sale (its brand or an admin)."""
    return await _set_archived(db, user, product_id_, False)


def form_row(
    *,
    sku: str | None,
    title: str | None,
    price_minor: int | None,
    currency: str | None,
    product_url: str | None,
    image_url: str | None = None,
    category: str | None = None,
    markets: list[str] | None = None,
) -> dict[str, Any]:
    """A form's values in the feed's shape (None = not given)."""
    currency_code = currency.strip().upper() if currency else currency
    return {
        "sku": sku,
        "title": title,
        "price": None if price_minor is None else format_price(price_minor, currency_code or ""),
        "currency": currency_code,
        "product_url": product_url,
        "image_url": image_url,
        "category": category,
        "markets": markets,
    }


def parse_rows(
    source: str | bytes | Iterable[str], fmt: FeedFormat, allow: AllowList
) -> Iterator[catalog.RowResult]:
    """Row results of a feed; raises catalog.FeedError when the file is unreadable as a whole."""
    if fmt == "csv":
        if isinstance(source, bytes):
            try:
                source = source.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise catalog.FeedError("MALFORMED", f"the file is not UTF-8: {exc}") from exc
        return catalog.iter_csv(source, allow)
    if not isinstance(source, str | bytes):
        source = "".join(source)
    return catalog.iter_json(source, allow)


def guess_format(name: str | None, head: bytes | str) -> FeedFormat:
    """A feed's format from its file name, else from its first non-blank character."""
    if name and name.lower().endswith(".json"):
        return "json"
    if name and name.lower().endswith(".csv"):
        return "csv"
    text = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    stripped = text.lstrip("\ufeff \t\r\n")
    return "json" if stripped[:1] in ("[", "{") else "csv"


def _apply_batch_counts(summary: ImportSummary, result: Any, size: int) -> None:
    created = int(result.upserted_count)
    summary.created += created
    summary.updated += size - created


async def import_rows(
    db: AsyncDB, brand_id: str, rows: Iterable[catalog.RowResult]
) -> ImportSummary:
    """Upsert the good rows by (brand, SKU) in batches; collect the bad rows' errors."""
    summary = ImportSummary()
    now = clock.now()
    for batch in chunks(_good_rows(rows, summary), IMPORT_BATCH):
        result = await db.products.bulk_write(
            [_upsert(brand_id, item, now) for item in batch], ordered=False
        )
        _apply_batch_counts(summary, result, len(batch))
    return summary


def import_rows_sync(
    db: SyncDB,
    brand_id: str,
    rows: Iterable[catalog.RowResult],
    on_batch: Callable[[int], None] | None = None,
) -> ImportSummary:
    """The same for the CLI (synchronous driver); `on_batch` hears how many rows were stored."""
    summary = ImportSummary()
    now = clock.now()
    for batch in chunks(_good_rows(rows, summary), IMPORT_BATCH):
        result = db.products.bulk_write(
            [_upsert(brand_id, item, now) for item in batch], ordered=False
        )
        _apply_batch_counts(summary, result, len(batch))
        if on_batch is not None:
            on_batch(len(batch))
    return summary


def _good_rows(
    rows: Iterable[catalog.RowResult], summary: ImportSummary
) -> Iterator[catalog.ProductInput]:
    for row in rows:
        summary.rows += 1
        summary.errors.extend(row.errors)
        if row.product is not None:
            yield row.product


async def import_feed(
    db: AsyncDB, brand: User, source: str | bytes, fmt: FeedFormat
) -> ImportSummary:
    """Import a whole feed for a brand (GraphQL): bad rows reported, good rows stored."""
    _require_brand(brand)
    allow = await brand_allow_list(db, brand.id)
    if not allow.domains:
        raise UserError(
            ProductErrorCode.NO_MERCHANT_DOMAIN,
            "Your brand has no shop with merchant domains yet; ask an admin to add one.",
            None,
        )
    try:
        rows = list(parse_rows(source, fmt, allow))
    except catalog.FeedError as exc:
        raise UserError(ProductErrorCode(exc.code), exc.message, "file") from exc
    return await import_rows(db, brand.id, rows)


SEARCH_MAX = 100


class ListingStatus(StrEnum):
    """Which products a listing holds: those on sale (the default), archived ones, or both."""

    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"
    ALL = "ALL"


def listing_query(
    brand_id: str | None, search: str | None, status: ListingStatus = ListingStatus.ACTIVE
) -> dict[str, Any]:
    """Products of a brand (or all), narrowed to those whose title or SKU holds every word of
    `search`. Words are matched literally (escaped), so a shopper's text is never a pattern."""
    query: dict[str, Any] = {"brand_id": brand_id} if brand_id else {}
    if status is ListingStatus.ACTIVE:
        query["archived_at"] = None  # also matches products made before archiving existed
    elif status is ListingStatus.ARCHIVED:
        query["archived_at"] = {"$ne": None}
    words = (search or "")[:SEARCH_MAX].split()
    if words:
        query["$and"] = [
            {
                "$or": [
                    {"title": {"$regex": re.escape(word), "$options": "i"}},
                    {"sku": {"$regex": re.escape(word), "$options": "i"}},
                ]
            }
            for word in words
        ]
    return query


async def products_by_ids(db: AsyncDB, ids: list[str]) -> dict[str, Product]:
    docs = await db.products.find({"_id": {"$in": ids}}).to_list()
    return {d["_id"]: Product.from_doc(d) for d in docs}


async def products_by_skus(db: AsyncDB, brand_id: str, skus: list[str]) -> dict[str, Product]:
    ids = {product_id(brand_id, sku): sku for sku in skus}
    found = await products_by_ids(db, list(ids))
    return {ids[pid]: product for pid, product in found.items()}


async def delete_products(db: AsyncDB, product_ids: list[str]) -> int:
    """Take back products just created (a batch that failed part-way); how many went."""
    if not product_ids:
        return 0
    return (await db.products.delete_many({"_id": {"$in": product_ids}})).deleted_count


def check_listing(viewer: User | None, brand_id: str | None, status: ListingStatus) -> None:
    """Archived products are listed to their own brand (and admins) only."""
    if status is ListingStatus.ACTIVE:
        return
    if viewer is not None and viewer.role is Role.ADMIN:
        return
    if viewer is None or viewer.role is not Role.BRAND or brand_id != viewer.id:
        raise Forbidden("Only a brand lists its own archived products.")


async def list_products(
    db: AsyncDB,
    brand_id: str | None,
    search: str | None,
    *,
    first: int,
    after: str | None,
    maximum: int,
    status: ListingStatus = ListingStatus.ACTIVE,
    viewer: User | None = None,
) -> Page[Product]:
    """A page of the catalogue (one brand's with `brand_id`), newest first; archived products
    only with `status`, for their brand."""
    check_listing(viewer, brand_id, status)
    return await keyset_page(
        db.products,
        listing_query(brand_id, search, status),
        first=first,
        after=after,
        maximum=maximum,
        to_item=Product.from_doc,
        sort_field="created_at",
    )
