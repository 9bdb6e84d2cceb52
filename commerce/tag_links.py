"""Product tags on an influencer's post become shoppable links, so "Shop the look" pays them.

Each tagged product gets the influencer's link for (product, post, campaign) — the same link
`createShoppableLink` would make, found again if it exists. The campaign is the post's own when
the product is in it, else a running campaign the influencer is approved in that sells the
product, else none (the click still attributes, but no commission is due). The post keeps a
map product id → short code in `tag_links`, so reading a feed never touches the links.

A shopper's tagged products get the shopper's own tracked link (`commerce.points_links`: kind
SHOPPER, no campaign), so a click on "Shop the look" under a shopper's look is the shopper's
click and an order through it earns them points (`commerce.points_store`), not a commission.

Linking is a post-save step: a tag that cannot be linked (a product URL off the brand's
allow-list, a campaign that just ended) stays a plain product tag, and the post is saved either
way.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from redis.asyncio import Redis

from accounts.users import Role, User
from commerce import campaigns as campaigns_io
from commerce.campaigns import CampaignStatus, MembershipStatus
from commerce.linkstore import create_link
from commerce.points_links import shopper_link
from commerce.products import get_product
from core.errors import Forbidden, NotFound, UserError
from core.mongo import AsyncDB
from core.settings import Settings
from posts import marks
from posts.lifecycle import Post

log = logging.getLogger(__name__)


async def _running_campaigns(db: AsyncDB, influencer_id: str) -> list[str]:
    """Running campaigns the influencer is approved in, oldest membership first."""
    members = await db.campaign_members.find(
        {"influencer_id": influencer_id, "status": MembershipStatus.APPROVED.value},
        {"campaign_id": 1, "created_at": 1},
    ).to_list()
    members.sort(key=lambda m: (m["created_at"], m["campaign_id"]))
    ids = [m["campaign_id"] for m in members]
    running = await db.campaigns.find(
        {"_id": {"$in": ids}, "status": CampaignStatus.ACTIVE.value}, {"_id": 1}
    ).to_list()
    active = {c["_id"] for c in running}
    return [cid for cid in ids if cid in active]


async def link_post_tags(
    db: AsyncDB, redis: Redis, settings: Settings, author: User, post: Post
) -> Post:
    """Make (or find) a link for each product tagged on the post; store the codes and return
    the post carrying them."""
    if post.author_id != author.id:
        return post
    if author.role is Role.SHOPPER:
        return await _link_shopper_tags(db, redis, settings, author, post)
    if author.role is not Role.INFLUENCER:
        return post
    product_ids = list(dict.fromkeys(t.product_id for t in post.product_tags))
    candidates: list[str] = []
    if product_ids:
        own = post.campaign_id
        candidates = [c for c in [own, *await _running_campaigns(db, author.id)] if c]
        candidates = list(dict.fromkeys(candidates))
    codes: dict[str, str] = {}
    for product_id in product_ids:
        code = await _link_one(db, redis, settings, author, post.id, product_id, candidates)
        if code is not None:
            codes[product_id] = code
    if codes == dict(post.tag_links):
        return post
    await marks.set_tag_links(db, post.id, codes)
    return replace(post, tag_links=codes)


async def _link_shopper_tags(
    db: AsyncDB, redis: Redis, settings: Settings, author: User, post: Post
) -> Post:
    codes: dict[str, str] = {}
    for product_id in dict.fromkeys(t.product_id for t in post.product_tags):
        try:
            link = await shopper_link(db, redis, settings, author, product_id, post.id)
        except (UserError, Forbidden, NotFound) as exc:
            log.info(
                "product tag left unlinked",
                extra={"post": post.id, "product": product_id, "why": str(exc)},
            )
            continue
        codes[product_id] = link.code
    if codes == dict(post.tag_links):
        return post
    await marks.set_tag_links(db, post.id, codes)
    return replace(post, tag_links=codes)


async def _link_one(
    db: AsyncDB,
    redis: Redis,
    settings: Settings,
    author: User,
    post_id: str,
    product_id: str,
    campaign_ids: list[str],
) -> str | None:
    product = await get_product(db, product_id)
    if product is None:
        return None
    campaign_id: str | None = None
    for candidate in campaign_ids:
        try:
            await campaigns_io.check_link_allowed(db, author, candidate, product)
        except (UserError, Forbidden, NotFound):
            continue
        campaign_id = candidate
        break
    try:
        link = await create_link(db, redis, settings, author, product_id, post_id, campaign_id)
    except (UserError, Forbidden, NotFound) as exc:
        log.info(
            "product tag left unlinked",
            extra={"post": post_id, "product": product_id, "why": str(exc)},
        )
        return None
    return link.code
