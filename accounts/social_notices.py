"""Likes, comments, follows and mentions in the inbox, grouped as people read them.

"Ana, Ben and 12 others liked your look" is one notification, not fourteen: the events of one
kind about one subject (a post; for follows, the person followed) on one UTC day share a
document, derived from that key. Each event adds its actor once (a marker per actor and group
in `notification_actors`, unique by `_id`, so unliking and liking again, a double click or a
retried request count once), moves the group to the top of the inbox and marks it unread.
The text is composed when it is read, from the count and the latest three names, so concurrent
events can never leave a count and a sentence that disagree.

Mentions are not grouped: each is its own notice, about the post or comment that names you.
People mute kinds they do not want (`muted_notification_kinds` on their account); nobody is
told about their own actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pymongo import ReturnDocument

from core import clock
from core.derived_ids import derived_id
from core.mongo import AsyncDB, Document, is_duplicate

PREFIX = "ntf"
RECENT_ACTORS = 3


class SocialKind(StrEnum):
    LIKE = "POST_LIKED"
    COMMENT = "POST_COMMENTED"
    FOLLOW = "NEW_FOLLOWER"
    MENTION = "MENTIONED"


SOCIAL_KINDS = frozenset(kind.value for kind in SocialKind)

_ACTIONS = {
    SocialKind.LIKE: "liked your look",
    SocialKind.COMMENT: "commented on your look",
    SocialKind.FOLLOW: "started following you",
    SocialKind.MENTION: "mentioned you",
}


def grouped_message(kind: str, recent: Sequence[str], count: int) -> str:
    """The sentence of a group: "Ana liked…", "Ana and Ben liked…", "Ana and 12 others liked…"
    (the newest name first)."""
    action = _ACTIONS[SocialKind(kind)]
    names = [name for name in recent if name]
    count = max(count, len(names), 1)
    if not names:
        return f"Someone {action}" if count == 1 else f"{count} people {action}"
    if count == 1:
        return f"{names[0]} {action}"
    if count == 2 and len(names) >= 2:
        return f"{names[0]} and {names[1]} {action}"
    others = count - 1
    return f"{names[0]} and {others} other{'s' if others > 1 else ''} {action}"


def message_of(doc: Document) -> str | None:
    """The text of a social notice document; None for other kinds."""
    if doc.get("kind") not in SOCIAL_KINDS or "actor_count" not in doc:
        return None
    return grouped_message(doc["kind"], doc.get("recent_actors") or [], int(doc["actor_count"]))


def group_id(recipient_id: str, kind: SocialKind, subject_id: str, day: str) -> str:
    return derived_id(PREFIX, recipient_id, kind.value, subject_id, day)


async def _muted(db: AsyncDB, user_id: str, kind: SocialKind) -> bool:
    doc = await db.users.find_one({"_id": user_id}, {"muted_notification_kinds": 1})
    return doc is None or kind.value in (doc.get("muted_notification_kinds") or [])


async def notify(
    db: AsyncDB,
    *,
    recipient_id: str,
    actor_id: str,
    actor_name: str,
    kind: SocialKind,
    post_id: str | None = None,
    comment_id: str | None = None,
) -> bool:
    """Tell `recipient_id` that `actor_id` did `kind`; True when the inbox changed."""
    if recipient_id == actor_id or await _muted(db, recipient_id, kind):
        return False
    now = clock.now()
    if kind is SocialKind.MENTION:
        subject = comment_id or post_id or actor_id
        notice_id = derived_id(PREFIX, recipient_id, kind.value, subject, actor_id)
    else:
        subject = post_id if kind is not SocialKind.FOLLOW and post_id else recipient_id
        notice_id = group_id(recipient_id, kind, subject, now.strftime("%Y-%m-%d"))
    try:
        await db.notification_actors.insert_one({"_id": f"{notice_id}:{actor_id}", "at": now})
    except Exception as exc:
        if is_duplicate(exc):
            return False
        raise
    refs = {"post_id": post_id} if post_id else {}
    if comment_id:
        refs["comment_id"] = comment_id
    await db.notifications.find_one_and_update(
        {"_id": notice_id},
        {
            "$setOnInsert": {"user_id": recipient_id, "kind": kind.value, "message": "", **refs},
            "$inc": {"actor_count": 1},
            "$push": {
                "recent_actors": {"$each": [actor_name], "$position": 0, "$slice": RECENT_ACTORS}
            },
            "$set": {"created_at": now, "read": False},
        },
        upsert=True,
        return_document=ReturnDocument.AFTER,
    )
    return True


async def set_muted(db: AsyncDB, user_id: str, kind: SocialKind, muted: bool) -> list[str]:
    """Mute or unmute a kind for the user; the kinds muted after."""
    operator = "$addToSet" if muted else "$pull"
    doc = await db.users.find_one_and_update(
        {"_id": user_id},
        {operator: {"muted_notification_kinds": kind.value}},
        {"muted_notification_kinds": 1},
        return_document=ReturnDocument.AFTER,
    )
    return sorted((doc or {}).get("muted_notification_kinds") or [])


async def muted_kinds(db: AsyncDB, user_id: str) -> list[str]:
    doc = await db.users.find_one({"_id": user_id}, {"muted_notification_kinds": 1})
    return sorted((doc or {}).get("muted_notification_kinds") or [])
