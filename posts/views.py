"""Views of a post's public page: one per visitor per post per hour.

Whether a request is a person at all (not a link-preview fetcher, not a crawler) is the
caller's call: the page's edge knows the request, this module only counts. The hour's dedupe
is a Redis `SET NX EX`, so a visitor reloading the page, or two tabs at once, count once.
"""

from __future__ import annotations

import hashlib

from redis.asyncio import Redis

from core.mongo import AsyncDB
from core.redis import key
from core.settings import Settings
from posts.lifecycle import PostStatus

VIEW_DEDUPE_SECONDS = 3600


def _visitor_key(settings: Settings, post_id: str, visitor: str) -> str:
    # The visitor (an address or a cookie) is hashed so Redis holds no addresses.
    digest = hashlib.blake2b(visitor.encode(), digest_size=12).hexdigest()
    return key(settings, "post-view", post_id, digest)


async def record_view(
    db: AsyncDB, redis: Redis, settings: Settings, post_id: str, visitor: str
) -> bool:
    """Count a view of a published post by `visitor`; False when it was already counted within
    the hour (or the post is not published)."""
    first = await redis.set(
        _visitor_key(settings, post_id, visitor), 1, nx=True, ex=VIEW_DEDUPE_SECONDS
    )
    if not first:
        return False
    result = await db.posts.update_one(
        {"_id": post_id, "status": PostStatus.PUBLISHED.value}, {"$inc": {"view_count": 1}}
    )
    return result.modified_count == 1
