"""@handles: the short, unique, changeable names people are found and linked by (`/u/ana`).

A handle is 3 to 30 of a-z, 0-9, "." and "_", starting with a letter or digit and not ending in a
dot, with no two dots in a row. What a person types is normalised first: a leading "@" dropped,
NFKD with the accents removed, case-folded, so "@Ána", "ana" and its full-width form are one
handle. Role words ("admin", "support", also as a part such as "trendloop.support") and the
app's own route words are reserved.

Each handle is one document of `handles` keyed by its normalised form, so the unique `_id` is
what keeps two people from holding it, with no transaction: claiming is an insert. A changed
handle is not deleted: its document gets `expires_at`, and until then looking it up still finds
its owner (links and mentions keep working), after which anyone may claim it. Everyone gets one
from their display name (deduplicated with a number) when they sign up, at start-up for accounts
made before handles existed, or on first read for one made any other way.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING

from accounts.error_codes import AccountErrorCode
from accounts.name_policy import ROLE_WORDS
from accounts.users import User, get_user
from core import clock
from core.errors import NotFound, UserError
from core.indexes import Index, register
from core.mongo import AsyncDB, Document, is_duplicate
from core.settings import Settings

HANDLE_MIN, HANDLE_MAX = 3, 30
FIELD = "handle"
# Words of the app's own paths and of the platform: a handle equal to one would read as ours.
SYSTEM_WORDS = frozenset(
    {
        "about",
        "account",
        "api",
        "app",
        "brand",
        "brands",
        "explore",
        "feed",
        "graphql",
        "help",
        "login",
        "logout",
        "me",
        "media",
        "new",
        "null",
        "profile",
        "root",
        "search",
        "settings",
        "signup",
        "system",
        "undefined",
        "user",
        "users",
        "www",
    }
)
_HANDLE_RE = re.compile(r"^[a-z0-9][a-z0-9._]*$")
_PART_RE = re.compile(r"[._]+")
_WORD_RE = re.compile(r"[a-z0-9]+")

register(Index("handles", [("user_id", ASCENDING)]))


# --- the pure rules ------------------------------------------------------------------------


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(typed: str) -> str:
    """The form a handle is stored and looked up by."""
    text = typed.strip()
    if text.startswith("@"):
        text = text[1:]
    return unicodedata.normalize("NFC", _unaccented(text).casefold())


def is_reserved(handle: str) -> bool:
    parts = [p for p in _PART_RE.split(handle) if p]
    return handle in SYSTEM_WORDS or any(part in ROLE_WORDS for part in parts)


def problem(typed: str) -> UserError | None:
    """What is wrong with a handle as typed, or None."""
    handle = normalise(typed)
    if not handle:
        return UserError(AccountErrorCode.REQUIRED, "Choose a handle.", FIELD)
    if len(handle) < HANDLE_MIN:
        return UserError(
            AccountErrorCode.TOO_SHORT, f"Use at least {HANDLE_MIN} characters.", FIELD
        )
    if len(handle) > HANDLE_MAX:
        return UserError(AccountErrorCode.TOO_LONG, f"Use at most {HANDLE_MAX} characters.", FIELD)
    if not _HANDLE_RE.match(handle) or handle.endswith(".") or ".." in handle:
        return UserError(
            AccountErrorCode.INVALID,
            'Use letters a-z, digits, "." and "_"; start with a letter or digit, and do not end '
            'with "." or put two dots together.',
            FIELD,
        )
    if is_reserved(handle):
        return UserError(
            AccountErrorCode.RESERVED, f"@{handle} is reserved; choose another handle.", FIELD
        )
    return None


def base_from_name(display_name: str) -> str:
    """A handle made from a display name ("Ána Lima" → "ana.lima"), without role words; "user"
    when the name has no Latin letters or digits to make one from. It may be a reserved word
    ("user" is one): `candidates` goes on to numbered forms, which are not."""
    words = [
        w for w in _WORD_RE.findall(_unaccented(display_name).casefold()) if w not in ROLE_WORDS
    ]
    # Room is left for a number after it.
    base = ".".join(words)[: HANDLE_MAX - 6].strip(".") or "user"
    return base if len(base) >= HANDLE_MIN else f"{base}.user"


def candidates(display_name: str, *, tries: int = 50) -> Iterator[str]:
    """Handles to try in turn for a new account: the name's own, then numbered, then random."""
    base = base_from_name(display_name)
    yield base
    for number in range(2, tries + 2):
        yield f"{base}{number}"
    while True:
        yield f"{base}{secrets.randbelow(10**6):06d}"


def redirect_expiry(settings: Settings, now: datetime) -> datetime:
    return now + timedelta(days=settings.handle_redirect_days)


# --- the store -----------------------------------------------------------------------------


async def _claim(db: AsyncDB, user_id: str, handle: str, now: datetime) -> bool:
    """Make `handle` the user's; False when someone else holds it (or its redirect still runs)."""
    try:
        await db.handles.insert_one(
            {"_id": handle, "user_id": user_id, "created_at": now, "expires_at": None}
        )
        return True
    except Exception as exc:
        if not is_duplicate(exc):
            raise
    held = await db.handles.find_one({"_id": handle})
    if held is None:
        return False  # released meanwhile; the caller tries again or reports it taken
    if held["user_id"] == user_id:
        # Their own former handle, still redirecting to them: taking it back is fine.
        await db.handles.update_one(
            {"_id": handle, "user_id": user_id}, {"$set": {"expires_at": None}}
        )
        return True
    expires = held.get("expires_at")
    if expires is None or clock.as_utc(expires) > now:
        return False
    # Only over the expired claim as read: of two people taking it at once, one wins.
    taken = await db.handles.update_one(
        {"_id": handle, "user_id": held["user_id"], "expires_at": expires},
        {"$set": {"user_id": user_id, "created_at": now, "expires_at": None}},
    )
    return taken.modified_count == 1


async def ensure_handle(db: AsyncDB, user_id: str, display_name: str) -> str:
    """The user's handle, given one from their display name if they have none yet."""
    doc = await db.users.find_one({"_id": user_id}, {"handle": 1})
    if doc is None:
        raise NotFound("User")
    if doc.get("handle"):
        return str(doc["handle"])
    now = clock.now()
    for handle in candidates(display_name):
        if problem(handle) is not None or not await _claim(db, user_id, handle, now):
            continue
        given = await db.users.update_one(
            {"_id": user_id, "handle": None}, {"$set": {"handle": handle}}
        )
        if given.modified_count == 1:
            return handle
        # Another request gave them one first: keep theirs, let this one go.
        await db.handles.delete_one({"_id": handle, "user_id": user_id})
        current = await db.users.find_one({"_id": user_id}, {"handle": 1})
        return str((current or {}).get("handle") or "")
    raise AssertionError("unreachable: candidates never ends")


async def backfill(db: AsyncDB) -> int:
    """Give every account without a handle one, oldest first (so the first "Ana" keeps @ana);
    how many were given. Safe to run again and alongside requests."""
    given = 0
    cursor = db.users.find({"handle": None}, {"display_name": 1}).sort(
        [("created_at", ASCENDING), ("_id", ASCENDING)]
    )
    for doc in await cursor.to_list():
        await ensure_handle(db, doc["_id"], doc.get("display_name") or "")
        given += 1
    return given


async def change_handle(db: AsyncDB, settings: Settings, user: User, typed: str) -> User:
    """Give the user the handle they typed. Their old one keeps leading to them for
    `handle_redirect_days`, then is free for anyone."""
    if (error := problem(typed)) is not None:
        raise error
    handle = normalise(typed)
    current = user.handle or await ensure_handle(db, user.id, user.display_name)
    if handle == current:
        return await _reloaded(db, user.id)
    now = clock.now()
    if not await _claim(db, user.id, handle, now):
        raise UserError(AccountErrorCode.TAKEN, f"@{handle} is taken; choose another.", FIELD)
    moved = await db.users.update_one(
        {"_id": user.id, "handle": current},
        {"$set": {"handle": handle, "handle_changed_at": now, "updated_at": now}},
    )
    if moved.modified_count != 1:
        await db.handles.delete_one({"_id": handle, "user_id": user.id})
        raise UserError(
            AccountErrorCode.INVALID,
            "Your handle changed meanwhile; reload and try again.",
            FIELD,
        )
    await db.handles.update_one(
        {"_id": current, "user_id": user.id},
        {"$set": {"expires_at": redirect_expiry(settings, now), "released_at": now}},
    )
    return await _reloaded(db, user.id)


async def _reloaded(db: AsyncDB, user_id: str) -> User:
    found = await get_user(db, user_id)
    if found is None:
        raise NotFound("User")
    return found


async def owner_of(db: AsyncDB, typed: str) -> str | None:
    """The id of the user `typed` leads to: its holder, or its former holder while the old
    handle still redirects; None when nobody (or the redirect ran out)."""
    handle = normalise(typed)
    if len(handle) > HANDLE_MAX or not _HANDLE_RE.match(handle):
        return None
    held: Document | None = await db.handles.find_one({"_id": handle})
    if held is None:
        return None
    expires: Any = held.get("expires_at")
    if expires is not None and clock.as_utc(expires) <= clock.now():
        return None
    return str(held["user_id"])


async def user_by_handle(db: AsyncDB, typed: str) -> User | None:
    user_id = await owner_of(db, typed)
    return await get_user(db, user_id) if user_id else None
