"""Looks for shoppers: the published posts carrying a hashtag or a style element, TOP (most
engaged) or RECENT (newest first), page by page.

RECENT is a keyset page on an index: posts by (hashtags, status, published_at) for a hashtag,
`post_elements` by (element_ids, published_at) or (market, element_ids, published_at) for an
element. TOP ranks the `TOP_SCAN` newest looks by engagement (likes + saves + comments, the
measure the designers' examples use) and pages through that ranking by position, so a page
costs one index range read whatever the tag's size. Only published posts are ever listed:
deleted, hidden, removed, rejected and processing ones never are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from core.errors import UserError
from core.mongo import AsyncDB, Document
from core.paging import Page, check_first, decode_cursor, encode_cursor, keyset_page
from feeds.elements_store import POST_ELEMENTS
from feeds.search.terms import SearchErrorCode
from posts.lifecycle import Post, PostStatus, published_by_ids

TOP_SCAN = 300


class LookOrder(StrEnum):
    TOP = "TOP"
    RECENT = "RECENT"


@dataclass(frozen=True)
class Scored:
    post_id: str
    engagement: int
    published_at: Any


def rank_top(looks: Sequence[Scored]) -> list[str]:
    """Most engaged first; among equals the newer, then by id (a stable order to page)."""
    newest = sorted(looks, key=lambda look: (look.published_at, look.post_id), reverse=True)
    return [look.post_id for look in sorted(newest, key=lambda look: -look.engagement)]


def hashtag_filter(tag: str) -> dict[str, Any]:
    return {"hashtags": tag, "status": PostStatus.PUBLISHED.value}


def element_filter(element_id: str, market: str | None) -> dict[str, Any]:
    query: dict[str, Any] = {"element_ids": element_id, "active": True}
    if market is not None:
        query = {"market": market, **query}
    return query


async def hashtag_post_count(db: AsyncDB, tag: str) -> int:
    """Published posts carrying the tag (a count over the hashtag index)."""
    return await db.posts.count_documents(hashtag_filter(tag))


def _offset(after: str | None, scope: str) -> int:
    if after is None:
        return 0
    mark = decode_cursor(after)
    offset = mark.get("o")
    if mark.get("s") != scope or not isinstance(offset, int) or isinstance(offset, bool):
        raise UserError(SearchErrorCode.INVALID_CURSOR, "That cursor is not valid.", "after")
    if offset < 0:
        raise UserError(SearchErrorCode.INVALID_CURSOR, "That cursor is not valid.", "after")
    return offset


async def _ranked_page(
    db: AsyncDB, ranked: list[str], scope: str, first: int, after: str | None
) -> Page[Post]:
    start = _offset(after, scope)
    ids = ranked[start : start + first]
    found = await published_by_ids(db, ids)
    items, cursors = [], []
    for position, post_id in enumerate(ids, start=start + 1):
        if post_id in found:
            items.append(found[post_id])
            cursors.append(encode_cursor({"s": scope, "o": position}))
    return Page(items, cursors, start + len(ids) < len(ranked), start > 0)


def _scored(doc: Document, counted: dict[str, Any]) -> Scored:
    engagement = sum(max(0, int(counted.get(name, 0))) for name in ("likes", "saves", "comments"))
    return Scored(doc["_id"], engagement, doc.get("published_at"))


async def hashtag_looks(
    db: AsyncDB, tag: str, order: LookOrder, *, first: int, after: str | None, maximum: int
) -> Page[Post]:
    check_first(first, maximum)
    if order is LookOrder.RECENT:
        return await keyset_page(
            db.posts,
            hashtag_filter(tag),
            first=first,
            after=after,
            maximum=maximum,
            to_item=Post.from_doc,
            sort_field="published_at",
        )
    docs = (
        await db.posts.find(
            hashtag_filter(tag),
            {"like_count": 1, "save_count": 1, "comment_count": 1, "published_at": 1},
        )
        .sort([("published_at", -1), ("_id", -1)])
        .limit(TOP_SCAN)
        .to_list()
    )
    looks = [
        _scored(
            doc,
            {
                "likes": doc.get("like_count", 0),
                "saves": doc.get("save_count", 0),
                "comments": doc.get("comment_count", 0),
            },
        )
        for doc in docs
    ]
    return await _ranked_page(db, rank_top(looks), f"tag|{tag}", first, after)


async def element_looks(
    db: AsyncDB,
    element_id: str,
    market: str | None,
    order: LookOrder,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Post]:
    check_first(first, maximum)
    query = element_filter(element_id, market)
    if order is LookOrder.RECENT:
        page = await keyset_page(
            db[POST_ELEMENTS],
            query,
            first=first,
            after=after,
            maximum=maximum,
            to_item=lambda doc: str(doc["_id"]),
            sort_field="published_at",
            projection={"published_at": 1},
        )
        found = await published_by_ids(db, page.items)
        kept = [(found[i], c) for i, c in zip(page.items, page.cursors, strict=True) if i in found]
        return Page(
            [post for post, _ in kept], [c for _, c in kept], page.has_next, page.has_previous
        )
    docs = (
        await db[POST_ELEMENTS]
        .find(query, {"counted": 1, "published_at": 1})
        .sort([("published_at", -1), ("_id", -1)])
        .limit(TOP_SCAN)
        .to_list()
    )
    looks = [_scored(doc, doc.get("counted") or {}) for doc in docs]
    scope = f"el|{element_id}|{market or '*'}"
    return await _ranked_page(db, rank_top(looks), scope, first, after)
