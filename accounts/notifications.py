"""What the platform tells a user: stored once, listed newest first, marked read by its owner.
People's likes, comments, follows and mentions arrive grouped (`accounts.social_notices`).

Every area writes to the one `notifications` collection (`user_id`, `kind`, `message`,
`created_at`, `read`, plus the ids the kind refers to), so a user has a single inbox. A
notification's `_id` is derived from what it is about, which makes a redelivered task's second
notice a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from accounts.social_notices import message_of
from accounts.users import User
from core import clock
from core.errors import NotFound
from core.ids import is_valid_id
from core.mongo import AsyncDB, Document, SyncDB, is_duplicate
from core.paging import Page, keyset_page

PREFIX = "ntf"


def _notification(
    notification_id: str, user_id: str, kind: str, message: str, refs: dict[str, Any]
) -> Document:
    return {
        "_id": notification_id,
        "user_id": user_id,
        "kind": kind,
        "message": message,
        "created_at": clock.now(),
        "read": False,
        **refs,
    }


def store_sync(
    db: SyncDB, notification_id: str, user_id: str, kind: str, message: str, **refs: Any
) -> bool:
    """Store a notification unless one with this id exists; True when it was new."""
    try:
        db.notifications.insert_one(_notification(notification_id, user_id, kind, message, refs))
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    return True


async def store(
    db: AsyncDB, notification_id: str, user_id: str, kind: str, message: str, **refs: Any
) -> bool:
    """`store_sync` for request handlers."""
    try:
        await db.notifications.insert_one(
            _notification(notification_id, user_id, kind, message, refs)
        )
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    return True


@dataclass(frozen=True)
class Notice:
    """One notification, with the ids of what it is about (None where it is not)."""

    id: str
    user_id: str
    kind: str
    message: str
    created_at: datetime
    read: bool
    campaign_id: str | None = None
    test_drop_id: str | None = None
    product_id: str | None = None
    post_id: str | None = None
    actor_count: int = 0

    @classmethod
    def from_doc(cls, doc: Document) -> Notice:
        return cls(
            id=doc["_id"],
            user_id=doc["user_id"],
            kind=doc["kind"],
            message=message_of(doc) or doc["message"],
            created_at=clock.as_utc(doc["created_at"]),
            read=bool(doc.get("read")),
            campaign_id=doc.get("campaign_id"),
            test_drop_id=doc.get("test_drop_id"),
            product_id=doc.get("product_id"),
            post_id=doc.get("post_id"),
            actor_count=int(doc.get("actor_count", 0)),
        )


async def list_for(
    db: AsyncDB, user: User, *, first: int, after: str | None, maximum: int
) -> Page[Notice]:
    """The user's notifications, newest first."""
    return await keyset_page(
        db.notifications,
        {"user_id": user.id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=Notice.from_doc,
        sort_field="created_at",
    )


async def mark_read(db: AsyncDB, user: User, notification_id: str) -> Notice:
    """Mark one of the user's notifications read (again is fine); NotFound for anyone else's."""
    if not is_valid_id(notification_id, PREFIX):
        raise NotFound("Notification")
    doc = await db.notifications.find_one_and_update(
        {"_id": notification_id, "user_id": user.id},
        {"$set": {"read": True, "read_at": clock.now()}},
        return_document=ReturnDocument.AFTER,
    )
    if doc is None:
        raise NotFound("Notification")
    return Notice.from_doc(doc)


async def mark_all_read(db: AsyncDB, user: User) -> int:
    """Mark every unread notification of the user read; how many were."""
    result = await db.notifications.update_many(
        {"user_id": user.id, "read": False}, {"$set": {"read": True, "read_at": clock.now()}}
    )
    return int(result.modified_count)


async def unread_count(db: AsyncDB, user: User) -> int:
    return int(await db.notifications.count_documents({"user_id": user.id, "read": False}))
