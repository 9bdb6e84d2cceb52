"""What other areas record on a post, written here because `posts` is ours.

Commerce decides a post's campaign review (submitted, approved, sent back, its fee) and the
shoppable codes of its product tags; the feeds note when its next processing stage was queued.
Each is one single-document update, the review ones compare-and-set on the state they read.
"""

from __future__ import annotations

from pymongo import ReturnDocument

from core import clock
from core.mongo import AsyncDB, Document, SyncDB


async def submit_for_campaign(
    db: AsyncDB, post_id: str, expected: Document | None, fields: Document
) -> Document | None:
    """Set the post's campaign fields if its review state is still `expected`; the post after,
    or None when it changed meanwhile."""
    return await db.posts.find_one_and_update(
        {"_id": post_id, "deliverable": expected},
        {"$set": {**fields, "updated_at": clock.now()}},
        return_document=ReturnDocument.AFTER,
    )


async def decide_deliverable(
    db: AsyncDB, post_id: str, expected: Document, decided: Document
) -> Document | None:
    """Replace the review state `expected` with `decided`; None when it changed meanwhile."""
    return await db.posts.find_one_and_update(
        {"_id": post_id, "deliverable": expected},
        {"$set": {"deliverable": decided}},
        return_document=ReturnDocument.AFTER,
    )


async def set_deliverable_fee(db: AsyncDB, post_id: str, fee_minor: int) -> Document | None:
    return await db.posts.find_one_and_update(
        {"_id": post_id},
        {"$set": {"deliverable.fee_minor": fee_minor}},
        return_document=ReturnDocument.AFTER,
    )


async def set_tag_links(db: AsyncDB, post_id: str, codes: dict[str, str]) -> None:
    await db.posts.update_one({"_id": post_id}, {"$set": {"tag_links": codes}})


def mark_next_stage_queued(db: SyncDB, post_id: str) -> None:
    db.posts.update_one({"_id": post_id}, {"$set": {"next_stage_queued_at": clock.now()}})
