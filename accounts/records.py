"""What other areas keep on a person's account, written here because `users` is ours.

Each is one single-document update (the report outcomes one per person): the follow counters
and the counts of each reporter's upheld and rejected reports (kept by `posts`), the customer ids
an influencer was seen buying under (`commerce`, for self-purchase holds), a brand's report
settings (`attribution`) and the brand a designer works for (`feeds.drops`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ReturnDocument

from core import clock
from core.mongo import AsyncDB, Document


async def move_follow_counts(db: AsyncDB, follower_id: str, followee_id: str, step: int) -> int:
    """A follow was made (+1) or undone (-1): both counters move; the followee's new count."""
    await db.users.update_one({"_id": follower_id}, {"$inc": {"following_count": step}})
    target = await db.users.find_one_and_update(
        {"_id": followee_id},
        {"$inc": {"follower_count": step}},
        projection={"follower_count": 1},
        return_document=ReturnDocument.AFTER,
    )
    return int((target or {}).get("follower_count", 0))


async def follower_count(db: AsyncDB, user_id: str) -> int:
    found = await db.users.find_one({"_id": user_id}, {"follower_count": 1})
    return int((found or {}).get("follower_count", 0))


async def count_report_outcomes(db: AsyncDB, reporter_ids: Sequence[str], upheld: bool) -> None:
    """A moderator upheld (or rejected) these people's reports on a post: each one's count
    moves by one, which the weight of their next report reads (`posts.report_trust`)."""
    if not reporter_ids:
        return
    counter = "report_upheld_count" if upheld else "report_rejected_count"
    await db.users.update_many({"_id": {"$in": sorted(set(reporter_ids))}}, {"$inc": {counter: 1}})


async def remember_customer_hash(db: AsyncDB, user_id: str, customer_hash: str) -> None:
    await db.users.update_one({"_id": user_id}, {"$addToSet": {"customer_hashes": customer_hash}})


async def store_brand_settings(db: AsyncDB, brand_id: str, settings: Document) -> None:
    await db.users.update_one({"_id": brand_id}, {"$set": {"brand_settings": settings}})


async def assign_designer_brand(db: AsyncDB, designer_id: str, brand_id: str | None) -> None:
    await db.users.update_one(
        {"_id": designer_id}, {"$set": {"brand_id": brand_id, "updated_at": clock.now()}}
    )


async def insert_if_new(db: AsyncDB, doc: Document) -> bool:
    """Create the account `doc` unless one has its email; True when it was created."""
    result = await db.users.update_one({"email": doc["email"]}, {"$setOnInsert": doc}, upsert=True)
    return result.upserted_id is not None
