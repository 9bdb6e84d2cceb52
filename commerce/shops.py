"""Shops: a brand's merchant domains (the redirect allow-list) and its webhook secrets.

A brand may run several shops; its allow-list is the union of their domains. Secrets are kept
as a list so a shop can rotate: the new secret is added, the sender switches, the old one goes.
The demo shop is seeded with a documented development secret (setting DEMO_SHOP_SECRET).
"""

from __future__ import annotations

import re
import secrets as secrets_module
from dataclasses import dataclass
from datetime import datetime

from accounts.users import Role
from commerce.error_codes import ShopErrorCode
from commerce.links import AllowList
from core import clock
from core.errors import NotFound, UserError
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, SyncDB
from core.settings import Settings

DEMO_SHOP_ID = "shop_demo"
DEMO_BRAND_EMAIL = "brand@demo.trendloop.dev"
# Shop ids arrive in a webhook header, so their shape is checked before any lookup.
_SHOP_ID_RE = re.compile(r"[a-z0-9_]{3,64}")


@dataclass(frozen=True)
class Shop:
    id: str
    brand_id: str
    name: str
    domains: tuple[str, ...]
    secrets: tuple[str, ...]
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Shop:
        return cls(
            id=doc["_id"],
            brand_id=doc["brand_id"],
            name=doc["name"],
            domains=tuple(doc.get("domains", ())),
            secrets=tuple(doc.get("secrets", ())),
            created_at=clock.as_utc(doc["created_at"]),
        )


def is_shop_id(value: str) -> bool:
    return _SHOP_ID_RE.fullmatch(value) is not None


def new_secret() -> str:
    return "whsec_" + secrets_module.token_hex(24)


def _allow_list(domains: list[str]) -> AllowList:
    try:
        return AllowList.from_domains(domains)
    except ValueError as exc:
        raise UserError(
            ShopErrorCode.INVALID, f"Invalid merchant domain: {exc}", "domains"
        ) from exc


def shop_doc(
    brand_id: str, name: str, domains: list[str], secret: str, shop_id: str | None = None
) -> Document:
    allow = _allow_list(domains)
    if not allow.domains:
        raise UserError(
            ShopErrorCode.REQUIRED, "Give the shop at least one merchant domain.", "domains"
        )
    return {
        "_id": shop_id or new_id("shop"),
        "brand_id": brand_id,
        "name": name.strip() or "Shop",
        "domains": sorted(allow.domains),
        "secrets": [secret],
        "created_at": clock.now(),
    }


async def create_shop(
    db: AsyncDB, brand_id: str, name: str, domains: list[str], secret: str | None = None
) -> tuple[Shop, str]:
    """A new shop for a brand account; returns it with its webhook secret (shown once)."""
    if not is_valid_id(brand_id, "usr"):
        raise UserError(ShopErrorCode.INVALID_ID, "That is not a user id.", "brandId")
    brand = await db.users.find_one({"_id": brand_id}, {"role": 1})
    if brand is None:
        raise NotFound("Brand", "brandId")
    if brand["role"] != Role.BRAND.value:
        raise UserError(ShopErrorCode.NOT_A_BRAND, "Shops belong to brand accounts.", "brandId")
    secret = secret or new_secret()
    doc = shop_doc(brand_id, name, domains, secret)
    await db.shops.insert_one(doc)
    return Shop.from_doc(doc), secret


async def get_shop(db: AsyncDB, shop_id: str) -> Shop | None:
    if not is_shop_id(shop_id):
        return None
    doc = await db.shops.find_one({"_id": shop_id})
    return Shop.from_doc(doc) if doc else None


async def brand_shops(db: AsyncDB, brand_id: str) -> list[Shop]:
    docs = await db.shops.find({"brand_id": brand_id}).sort("_id", 1).to_list()
    return [Shop.from_doc(d) for d in docs]


async def brand_allow_list(db: AsyncDB, brand_id: str) -> AllowList:
    """The merchant domains any of the brand's shops declares; empty when it has none."""
    domains = [d for shop in await brand_shops(db, brand_id) for d in shop.domains]
    return AllowList(frozenset(domains))


def brand_allow_list_sync(db: SyncDB, brand_id: str) -> AllowList:
    docs = db.shops.find({"brand_id": brand_id}, {"domains": 1})
    return AllowList(frozenset(d for doc in docs for d in doc.get("domains", ())))


async def seed_demo_shop(db: AsyncDB, settings: Settings) -> int:
    """The demo brand's shop with the documented development secret; 1 if it was created."""
    brand = await db.users.find_one({"email": DEMO_BRAND_EMAIL}, {"_id": 1})
    if brand is None:
        return 0
    doc = shop_doc(
        brand["_id"],
        "Northwind Apparel (demo)",
        list(settings.demo_shop_domains),
        settings.demo_shop_secret,
        shop_id=DEMO_SHOP_ID,
    )
    result = await db.shops.update_one({"_id": DEMO_SHOP_ID}, {"$setOnInsert": doc}, upsert=True)
    return int(result.upserted_id is not None)
