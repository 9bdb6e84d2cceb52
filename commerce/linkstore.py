"""Shoppable links: made by influencers, stored in Mongo, their targets cached in Redis.

A link is identified by what it links (influencer, product, post, campaign): asking twice for
the same link returns the same one. Its short code is what the public sees; the redirect looks
the code up in Redis only, and falls back to Mongo (then re-caches) when the cache lost it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from redis.asyncio import Redis

from accounts.users import Role, User
from commerce import campaigns
from commerce.error_codes import LinkErrorCode
from commerce.links import TargetError, check_target, new_code
from commerce.products import check_on_sale, get_product
from commerce.shops import brand_allow_list
from core import clock
from core.derived_ids import derived_id
from core.errors import Forbidden, NotFound, UserError
from core.ids import is_valid_id
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page
from core.redis import key
from core.settings import Settings

# An unknown code is remembered briefly so a scanner cannot turn each guess into a Mongo query.
UNKNOWN_CODE_TTL = 60
_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Link:
    id: str
    code: str
    influencer_id: str
    product_id: str
    brand_id: str
    campaign_id: str | None
    post_id: str | None
    target_url: str
    created_at: datetime
    clicks_total: int
    clicks_counted: int

    @classmethod
    def from_doc(cls, doc: Document) -> Link:
        return cls(
            id=doc["_id"],
            code=doc["code"],
            influencer_id=doc["influencer_id"],
            product_id=doc["product_id"],
            brand_id=doc["brand_id"],
            campaign_id=doc.get("campaign_id"),
            post_id=doc.get("post_id"),
            target_url=doc["target_url"],
            created_at=clock.as_utc(doc["created_at"]),
            clicks_total=doc.get("clicks_total", 0),
            clicks_counted=doc.get("clicks_counted", 0),
        )

    def url(self, settings: Settings) -> str:
        return public_link_url(settings, self.code)


def public_link_url(settings: Settings, code: str) -> str:
    return settings.public_url.rstrip("/") + "/l/" + code


def cache_key(settings: Settings, code: str) -> str:
    return key(settings, "link", code)


def cache_value(doc: Document) -> str:
    """What the redirect needs about a link, and what each click carries onto the stream."""
    value: dict[str, Any] = {
        "id": doc["_id"],
        "url": doc["target_url"],
        "inf": doc["influencer_id"],
    }
    if doc.get("campaign_id"):
        value["cmp"] = doc["campaign_id"]
    if doc.get("post_id"):
        value["post"] = doc["post_id"]
    value["prd"] = doc["product_id"]
    return orjson.dumps(value).decode()


async def cache_link(redis: Redis, settings: Settings, doc: Document) -> str:
    value = cache_value(doc)
    await redis.set(cache_key(settings, doc["code"]), value, ex=settings.link_cache_ttl_seconds)
    return value


async def lookup_and_cache(db: AsyncDB, redis: Redis, settings: Settings, code: str) -> str | None:
    """The cache miss path: read Mongo once, re-cache (or remember the code is unknown)."""
    doc = await db.links.find_one({"code": code})
    if doc is None:
        await redis.set(cache_key(settings, code), "", ex=UNKNOWN_CODE_TTL)
        return None
    return await cache_link(redis, settings, doc)


async def _check_post(db: AsyncDB, influencer: User, post_id: str) -> None:
    if not is_valid_id(post_id, "post"):
        raise UserError(LinkErrorCode.INVALID_ID, "That is not a post id.", "postId")
    post = await db.posts.find_one({"_id": post_id}, {"author_id": 1, "deleted_at": 1})
    if post is None or post.get("deleted_at"):
        raise NotFound("Post", "postId")
    if post.get("author_id") != influencer.id:
        raise Forbidden("Links can only be attached to your own posts.")


async def create_link(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    influencer: User,
    product_id: str,
    post_id: str | None = None,
    campaign_id: str | None = None,
) -> Link:
    """The influencer's link to a product (optionally for a post and a campaign)."""
    if influencer.role not in (Role.INFLUENCER, Role.ADMIN):
        raise Forbidden("Only influencers make shoppable links.")
    product = await get_product(db, product_id)
    if product is None:
        raise NotFound("Product", "productId")
    if post_id:
        await _check_post(db, influencer, post_id)
    if campaign_id:
        await campaigns.check_link_allowed(db, influencer, campaign_id, product)
    try:
        target = check_target(product.product_url, await brand_allow_list(db, product.brand_id))
    except TargetError as exc:
        raise UserError(
            LinkErrorCode.URL_NOT_ALLOWED,
            f"This product's URL cannot be linked: {exc.message}",
            "productId",
        ) from exc
    link_id = derived_id("lnk", influencer.id, product.id, post_id or "", campaign_id or "")
    existing = await db.links.find_one({"_id": link_id})
    if existing is not None:
        await cache_link(redis, settings, existing)
        return Link.from_doc(existing)
    check_on_sale(product)  # links already made keep working; no new one to an archived product
    doc: Document = {
        "_id": link_id,
        "influencer_id": influencer.id,
        "product_id": product.id,
        "brand_id": product.brand_id,
        "target_url": target,
        "created_at": clock.now(),
        "clicks_total": 0,
        "clicks_counted": 0,
    }
    if campaign_id:
        doc["campaign_id"] = campaign_id
    if post_id:
        doc["post_id"] = post_id
    return await insert_with_code(db, redis, settings, doc)


async def insert_with_code(
    db: AsyncDB, redis: Redis, settings: Settings, doc: dict[str, Any]
) -> Link:
    """Store a new link under a fresh short code (its `_id` derived from what it links, so a
    second request for the same link finds the first), cached for the redirect."""
    for _ in range(_CODE_ATTEMPTS):
        doc["code"] = new_code()
        try:
            await db.links.insert_one(dict(doc))
            break
        except Exception as exc:
            if not is_duplicate(exc):
                raise
            # Either a concurrent request made the same link, or (rarely) the code was taken.
            raced = await db.links.find_one({"_id": doc["_id"]})
            if raced is not None:
                await cache_link(redis, settings, raced)
                return Link.from_doc(raced)
    else:
        raise RuntimeError("could not find a free short code")
    await cache_link(redis, settings, doc)
    return Link.from_doc(doc)


async def get_link(db: AsyncDB, link_id: str) -> Link | None:
    if not is_valid_id(link_id, "lnk"):
        return None
    doc = await db.links.find_one({"_id": link_id})
    return Link.from_doc(doc) if doc else None


async def influencer_links(
    db: AsyncDB, influencer_id: str, *, first: int, after: str | None, maximum: int
) -> Page[Link]:
    """A page of an influencer's links, newest first."""
    return await keyset_page(
        db.links,
        {"influencer_id": influencer_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=Link.from_doc,
        sort_field="created_at",
    )


async def links_by_ids(db: AsyncDB, link_ids: list[str]) -> dict[str, Link]:
    docs = await db.links.find({"_id": {"$in": link_ids}}).to_list()
    return {d["_id"]: Link.from_doc(d) for d in docs}


async def order_counts(db: AsyncDB, link_ids: list[str]) -> dict[str, int]:
    """How many orders were credited to each link (links without orders are left out)."""
    counts: dict[str, int] = {}
    async for doc in db.orders.find(
        {"attribution.link_id": {"$in": link_ids}}, {"attribution.link_id": 1}
    ):
        link_id = doc["attribution"]["link_id"]
        counts[link_id] = counts.get(link_id, 0) + 1
    return counts
