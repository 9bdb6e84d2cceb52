"""A person's profile picture as their account keeps it: which stored files it is made of,
and the URL every client shows (`avatar_url`). The pictures themselves are made and stored by
`posts.avatars`, above the image library; this module only switches the account over.

The account switches to the new picture in one update and the caller deletes the previous
files after it, so no reader ever finds an account naming missing files: a crash in between
leaves only files nobody names.
"""

from __future__ import annotations

from pymongo import ReturnDocument

from accounts.users import User
from core import clock
from core.errors import NotFound
from core.mongo import AsyncDB, Document


def avatar_keys(doc: Document | None) -> set[str]:
    """The media keys an account document names for its picture."""
    avatar = (doc or {}).get("avatar") or {}
    return {str(v["key"]) for v in (avatar.get("variants") or {}).values()}


async def switch_avatar(
    db: AsyncDB, user_id: str, avatar: Document | None, avatar_url: str | None
) -> tuple[User, set[str]]:
    """Point the account at `avatar` (None: no picture); the account after, and the keys
    the previous picture named that nothing names now (for the caller to delete)."""
    now = clock.now()
    if avatar is None:
        update: Document = {
            "$unset": {"avatar": ""},
            "$set": {"avatar_url": None, "updated_at": now},
        }
    else:
        update = {"$set": {"avatar": avatar, "avatar_url": avatar_url, "updated_at": now}}
    before = await db.users.find_one_and_update(
        {"_id": user_id},
        update,
        projection={"avatar": 1},
        return_document=ReturnDocument.BEFORE,
    )
    after = await db.users.find_one({"_id": user_id}, {"password_hash": 0})
    if before is None or after is None:
        raise NotFound("User")
    return User.from_doc(after), avatar_keys(before) - avatar_keys(after)


async def names_avatar_key(db: AsyncDB, user_id: str, key: str) -> bool:
    """Whether the account currently names this picture file (what /media/ serves)."""
    doc = await db.users.find_one({"_id": user_id}, {"avatar.variants": 1})
    return key in avatar_keys(doc)
