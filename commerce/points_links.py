"""A shopper's tracked link: the same link machinery as an influencer's, for a shopper's look.

A shopper's product tag becomes a link with `kind` SHOPPER, no campaign, and the shopper as its
owner. The owner sits in the link's `influencer_id` field — the field every part of the link
machinery reads (the redirect's cache, the click stream, crediting an order) — so a click on
"Shop the look" under a shopper's post is recorded and credited to the shopper exactly as an
influencer's click would be. What differs is what the credit earns: no campaign means no cash
commission in the earnings ledger; `commerce.points_store` turns the credit into points.

The link's id is derived from (SHOPPER, shopper, product, post), so making it twice finds the
same link, and it can never be mistaken for the influencer link of the same person should
their role change.
"""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis

from accounts.users import Role, User
from commerce.error_codes import LinkErrorCode
from commerce.links import TargetError, check_target
from commerce.linkstore import Link, cache_link, insert_with_code
from commerce.products import get_product
from commerce.shops import brand_allow_list
from core import clock
from core.derived_ids import derived_id
from core.errors import Forbidden, NotFound, UserError
from core.mongo import AsyncDB, Document
from core.settings import Settings

SHOPPER_KIND = "SHOPPER"


def is_shopper_link(doc: Document | None) -> bool:
    return bool(doc) and (doc or {}).get("kind") == SHOPPER_KIND


def shopper_link_id(shopper_id: str, product_id: str, post_id: str) -> str:
    return derived_id("lnk", SHOPPER_KIND, shopper_id, product_id, post_id)


async def shopper_link(
    db: AsyncDB, redis: Redis, settings: Settings, shopper: User, product_id: str, post_id: str
) -> Link:
    """The shopper's link to a product tagged on their own post (made once, found after)."""
    if shopper.role is not Role.SHOPPER:
        raise Forbidden("Only shoppers earn points through their looks.")
    product = await get_product(db, product_id)
    if product is None:
        raise NotFound("Product", "productId")
    post = await db.posts.find_one({"_id": post_id}, {"author_id": 1, "deleted_at": 1})
    if post is None or post.get("deleted_at") or post.get("author_id") != shopper.id:
        raise Forbidden("Links can only be attached to your own posts.")
    link_id = shopper_link_id(shopper.id, product.id, post_id)
    existing = await db.links.find_one({"_id": link_id})
    if existing is not None:
        await cache_link(redis, settings, existing)
        return Link.from_doc(existing)
    try:
        target = check_target(product.product_url, await brand_allow_list(db, product.brand_id))
    except TargetError as exc:
        raise UserError(
            LinkErrorCode.URL_NOT_ALLOWED,
            f"This product's URL cannot be linked: {exc.message}",
            "productId",
        ) from exc
    doc: dict[str, Any] = {
        "_id": link_id,
        "kind": SHOPPER_KIND,
        "influencer_id": shopper.id,
        "product_id": product.id,
        "brand_id": product.brand_id,
        "post_id": post_id,
        "target_url": target,
        "created_at": clock.now(),
        "clicks_total": 0,
        "clicks_counted": 0,
    }
    return await insert_with_code(db, redis, settings, doc)
