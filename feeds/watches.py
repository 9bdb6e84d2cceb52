"""Elements a designer watches (pins): one document per (user, element), keyed so watching
twice is one watch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core import clock
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, keyset_page

WATCHES = "element_watches"


@dataclass(frozen=True)
class Watch:
    user_id: str
    element_id: str
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Watch:
        return cls(
            user_id=doc["user_id"],
            element_id=doc["element_id"],
            created_at=clock.as_utc(doc["created_at"]),
        )


def watch_id(user_id: str, element_id: str) -> str:
    return f"{user_id}:{element_id}"


async def watch(db: AsyncDB, user_id: str, element_id: str) -> bool:
    """True when the watch is new."""
    try:
        await db[WATCHES].insert_one(
            {
                "_id": watch_id(user_id, element_id),
                "user_id": user_id,
                "element_id": element_id,
                "created_at": clock.now(),
            }
        )
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    return True


async def unwatch(db: AsyncDB, user_id: str, element_id: str) -> bool:
    result = await db[WATCHES].delete_one({"_id": watch_id(user_id, element_id)})
    return result.deleted_count == 1


async def watched_among(db: AsyncDB, user_id: str, element_ids: Sequence[str]) -> set[str]:
    keys = sorted({watch_id(user_id, element_id) for element_id in element_ids})
    docs = await db[WATCHES].find({"_id": {"$in": keys}}, {"element_id": 1}).to_list()
    return {doc["element_id"] for doc in docs}


async def list_watches(
    db: AsyncDB, user_id: str, *, first: int, after: str | None, maximum: int
) -> Page[Watch]:
    """The elements a user watches, latest first."""
    return await keyset_page(
        db[WATCHES],
        {"user_id": user_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=Watch.from_doc,
        sort_field="created_at",
    )
