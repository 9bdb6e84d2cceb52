"""A shopper's saved looks: everything they saved, and the named collections they sort them
into (private unless made public).

A collection is one `saved_collections` document; each look in it is one
`saved_collection_posts` document keyed "<collection>:<post>", so adding twice hits the unique
`_id` and changes nothing, and removing twice removes once. Adding a look also saves it
(`posts.social.save`); deleting a collection leaves its looks saved.

What a list shows is decided when it is read: only looks still PUBLISHED appear (a deleted,
hidden or removed look drops out of Saved and of every collection), so nothing has to be
rewritten when a post changes. The per-collection cap counts the stored entries, kept in the
collection's `item_count` and reserved with one conditional `$inc` before the entry is written,
so two concurrent adds cannot both pass a full collection.

Someone else's private collection is reported as not found, exactly like one that does not
exist: its id, name and contents leak nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection

from accounts.users import User
from core import clock, text_policy
from core.errors import UserError
from core.ids import is_valid_id, new_id
from core.indexes import Index, register
from core.mongo import AsyncDB, Document, is_duplicate
from core.paging import Page, check_first, decode_cursor, encode_cursor, keyset_page
from posts.collection_error_codes import CollectionErrorCode
from posts.lifecycle import Post, check_post_id, published_by_ids

NAME_MAX = 40
COLLECTIONS_MAX = 50
POSTS_MAX = 500
# A page of looks skips entries whose post is no longer published; it reads this many rounds
# of entries at most, so a list full of deleted looks costs a bounded amount per request.
SCAN_ROUNDS = 6

COLLECTIONS = "saved_collections"
ENTRIES = "saved_collection_posts"

register(
    # A person's collections, newest first; a name is unique per owner whatever its case.
    Index(COLLECTIONS, [("owner_id", 1), ("_id", -1)]),
    Index(COLLECTIONS, [("owner_id", 1), ("name_key", 1)], {"unique": True, "name": "owner_name"}),
    # A collection's looks, the latest added first; a person's entries for one look.
    Index(ENTRIES, [("collection_id", 1), ("added_at", -1), ("_id", -1)]),
    Index(ENTRIES, [("owner_id", 1), ("post_id", 1)]),
)


class Engagement(Protocol):
    """Saving (or unsaving) a look: `posts.social.save` (`unsave`) with the feeds' engagement
    bound by the caller."""

    async def __call__(self, db: AsyncDB, user: User, post_id: str) -> Post: ...


@dataclass(frozen=True)
class Collection:
    id: str
    owner_id: str
    name: str
    is_public: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Collection:
        created = clock.as_utc(doc["created_at"])
        return cls(
            id=doc["_id"],
            owner_id=doc["owner_id"],
            name=doc["name"],
            is_public=bool(doc.get("is_public")),
            created_at=created,
            updated_at=clock.as_utc(doc.get("updated_at") or created),
        )


@dataclass(frozen=True)
class CollectionStats:
    """What a collection's card shows: its published looks and the latest one added."""

    post_count: int
    cover_post_id: str | None


def _error(code: CollectionErrorCode, message: str, field: str) -> UserError:
    return UserError(code, message, field)


def _not_found(field: str = "id") -> UserError:
    return _error(CollectionErrorCode.NOT_FOUND, "Collection not found.", field)


def clean_name(name: str) -> str:
    """The name as stored, or the error with it: required, visible characters, NAME_MAX."""
    text, refused = text_policy.clean(
        name, "The name", code=CollectionErrorCode.INVISIBLE_CHARACTERS, field="name"
    )
    if refused is not None:
        raise refused
    text = " ".join(text.split())  # one space between words, as a name is shown
    if not text:
        raise _error(CollectionErrorCode.REQUIRED, "Give the collection a name.", "name")
    if len(text) > NAME_MAX:
        raise _error(
            CollectionErrorCode.TOO_LONG, f"Keep the name to {NAME_MAX} characters.", "name"
        )
    return text


def _duplicate_name(name: str) -> UserError:
    return _error(
        CollectionErrorCode.DUPLICATE, f"You already have a collection called “{name}”.", "name"
    )


def can_see(collection: Collection, viewer: User | None) -> bool:
    return collection.is_public or (viewer is not None and viewer.id == collection.owner_id)


def _check_id(collection_id: str, field: str) -> None:
    if not is_valid_id(collection_id, "col"):
        raise _error(CollectionErrorCode.INVALID_ID, "That is not a collection id.", field)


async def get_visible(
    db: AsyncDB, viewer: User | None, collection_id: str, field: str = "id"
) -> Collection:
    """The collection if the viewer may see it; missing and private look the same."""
    _check_id(collection_id, field)
    doc = await db[COLLECTIONS].find_one({"_id": collection_id})
    found = Collection.from_doc(doc) if doc is not None else None
    if found is None or not can_see(found, viewer):
        raise _not_found(field)
    return found


async def _owned(db: AsyncDB, user: User, collection_id: str, field: str = "id") -> Collection:
    """The user's own collection; someone else's (even a public one) is not found for
    changing, so the error never tells a private collection exists."""
    _check_id(collection_id, field)
    doc = await db[COLLECTIONS].find_one({"_id": collection_id, "owner_id": user.id})
    if doc is None:
        raise _not_found(field)
    return Collection.from_doc(doc)


async def create_collection(
    db: AsyncDB, user: User, name: str, *, is_public: bool = False
) -> Collection:
    text = clean_name(name)
    if await db[COLLECTIONS].count_documents({"owner_id": user.id}) >= COLLECTIONS_MAX:
        raise _error(
            CollectionErrorCode.TOO_MANY,
            f"You can have up to {COLLECTIONS_MAX} collections; delete one first.",
            "name",
        )
    now = clock.now()
    doc = {
        "_id": new_id("col"),
        "owner_id": user.id,
        "name": text,
        "name_key": text.casefold(),
        "is_public": is_public,
        "item_count": 0,
        "created_at": now,
        "updated_at": now,
    }
    try:
        await db[COLLECTIONS].insert_one(doc)
    except Exception as exc:
        if is_duplicate(exc):
            raise _duplicate_name(text) from exc
        raise
    return Collection.from_doc(doc)


async def update_collection(
    db: AsyncDB,
    user: User,
    collection_id: str,
    *,
    name: str | None = None,
    is_public: bool | None = None,
) -> Collection:
    """Rename it and/or make it public or private (its owner only)."""
    await _owned(db, user, collection_id)
    changes: dict[str, Any] = {"updated_at": clock.now()}
    if name is not None:
        text = clean_name(name)
        changes |= {"name": text, "name_key": text.casefold()}
    if is_public is not None:
        changes["is_public"] = is_public
    try:
        doc = await db[COLLECTIONS].find_one_and_update(
            {"_id": collection_id, "owner_id": user.id},
            {"$set": changes},
            return_document=ReturnDocument.AFTER,
        )
    except Exception as exc:
        if is_duplicate(exc):
            raise _duplicate_name(changes["name"]) from exc
        raise
    if doc is None:
        raise _not_found()
    return Collection.from_doc(doc)


async def delete_collection(db: AsyncDB, user: User, collection_id: str) -> Collection:
    """Delete it and its entries; the looks in it stay saved."""
    found = await _owned(db, user, collection_id)
    # The collection goes first: a reader never sees it half emptied, and entries left by a
    # crash in between belong to no collection anybody can open.
    await db[COLLECTIONS].delete_one({"_id": collection_id, "owner_id": user.id})
    await db[ENTRIES].delete_many({"collection_id": collection_id})
    return found


def _entry_id(collection_id: str, post_id: str) -> str:
    return f"{collection_id}:{post_id}"


async def add_to_collection(
    db: AsyncDB, user: User, collection_id: str, post_id: str, *, save: Engagement
) -> tuple[Collection, Post]:
    """Put a published look in the user's collection, saving it too. Adding it again is a
    no-op; the look is saved again if it had been unsaved meanwhile."""
    await _owned(db, user, collection_id, "collectionId")
    check_post_id(post_id, "postId")
    try:
        post = await save(db, user, post_id)
    except UserError as exc:
        exc.field = "postId" if exc.field == "id" else exc.field
        raise
    entry = _entry_id(collection_id, post_id)
    if await db[ENTRIES].find_one({"_id": entry}, {"_id": 1}) is None:
        await _add_entry(db, user, collection_id, post_id)
    return await _owned(db, user, collection_id, "collectionId"), post


async def _add_entry(db: AsyncDB, user: User, collection_id: str, post_id: str) -> None:
    now = clock.now()
    reserved = await db[COLLECTIONS].find_one_and_update(
        {"_id": collection_id, "owner_id": user.id, "item_count": {"$lt": POSTS_MAX}},
        {"$inc": {"item_count": 1}, "$set": {"updated_at": now}},
    )
    if reserved is None:
        await _owned(db, user, collection_id, "collectionId")  # deleted meanwhile: not found
        raise _error(
            CollectionErrorCode.TOO_MANY,
            f"A collection holds up to {POSTS_MAX} looks; start another one.",
            "collectionId",
        )
    try:
        await db[ENTRIES].insert_one(
            {
                "_id": _entry_id(collection_id, post_id),
                "collection_id": collection_id,
                "post_id": post_id,
                "owner_id": user.id,
                "added_at": now,
            }
        )
    except Exception as exc:
        # A concurrent add of the same look wrote it first: give the reserved place back.
        await db[COLLECTIONS].update_one({"_id": collection_id}, {"$inc": {"item_count": -1}})
        if not is_duplicate(exc):
            raise


async def remove_from_collection(
    db: AsyncDB, user: User, collection_id: str, post_id: str
) -> Collection:
    """Take a look out of the user's collection (it stays saved). Removing one that is not in
    it is a no-op, and so is removing a look that was deleted since."""
    await _owned(db, user, collection_id, "collectionId")
    check_post_id(post_id, "postId")
    removed = await db[ENTRIES].delete_one({"_id": _entry_id(collection_id, post_id)})
    if removed.deleted_count == 1:
        await db[COLLECTIONS].update_one(
            {"_id": collection_id},
            {"$inc": {"item_count": -1}, "$set": {"updated_at": clock.now()}},
        )
    return await _owned(db, user, collection_id, "collectionId")


async def unsave_everywhere(db: AsyncDB, user: User, post_id: str, *, unsave: Engagement) -> Post:
    """Take a look out of Saved and out of every one of the user's collections. Doing it
    again changes nothing."""
    check_post_id(post_id, "postId")
    try:
        post = await unsave(db, user, post_id)
    except UserError as exc:
        exc.field = "postId" if exc.field == "id" else exc.field
        raise
    await take_out_of_collections(db, user.id, post_id)
    return post


async def take_out_of_collections(db: AsyncDB, owner_id: str, post_id: str) -> int:
    """Remove a look from every collection of its owner (an unsaved look is in none)."""
    entries = (
        await db[ENTRIES]
        .find({"owner_id": owner_id, "post_id": post_id}, {"collection_id": 1})
        .to_list()
    )
    taken = 0
    for entry in entries:
        removed = await db[ENTRIES].delete_one({"_id": entry["_id"]})
        if removed.deleted_count == 1:  # a concurrent removal counts its own
            taken += 1
            await db[COLLECTIONS].update_one(
                {"_id": entry["collection_id"]}, {"$inc": {"item_count": -1}}
            )
    return taken


# --- reading -------------------------------------------------------------------------------


async def list_collections(
    db: AsyncDB,
    viewer: User | None,
    owner_id: str,
    *,
    first: int,
    after: str | None,
    maximum: int,
) -> Page[Collection]:
    """A person's collections, newest first: all of them to their owner, public ones to
    everybody else."""
    query: dict[str, Any] = {"owner_id": owner_id}
    if viewer is None or viewer.id != owner_id:
        query["is_public"] = True
    return await keyset_page(
        db[COLLECTIONS],
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=Collection.from_doc,
    )


async def collection_stats(
    db: AsyncDB, collection_ids: Sequence[str]
) -> dict[str, CollectionStats]:
    """Each collection's count of published looks and its latest added one, in one query for
    a whole page of collections (each bounded by POSTS_MAX entries)."""
    rows = await (
        await db[ENTRIES].aggregate(
            [
                {"$match": {"collection_id": {"$in": sorted(set(collection_ids))}}},
                {
                    "$lookup": {
                        "from": "posts",
                        "localField": "post_id",
                        "foreignField": "_id",
                        "as": "post",
                    }
                },
                {"$match": {"post.status": "PUBLISHED"}},
                {"$sort": {"added_at": -1, "_id": -1}},
                {
                    "$group": {
                        "_id": "$collection_id",
                        "n": {"$sum": 1},
                        "cover": {"$first": "$post_id"},
                    }
                },
            ]
        )
    ).to_list()
    found = {str(r["_id"]): CollectionStats(int(r["n"]), str(r["cover"])) for r in rows}
    return {cid: found.get(cid, CollectionStats(0, None)) for cid in collection_ids}


async def holding(db: AsyncDB, collection_ids: Sequence[str], post_id: str) -> set[str]:
    """The collections among `collection_ids` that hold `post_id`."""
    keys = [_entry_id(cid, post_id) for cid in collection_ids]
    docs = await db[ENTRIES].find({"_id": {"$in": keys}}, {"collection_id": 1}).to_list()
    return {str(doc["collection_id"]) for doc in docs}


async def _published_page(
    db: AsyncDB,
    source: AsyncCollection[Document],
    query: dict[str, Any],
    sort_field: str,
    *,
    first: int,
    after: str | None,
) -> Page[Post]:
    """Entries of `source` (each naming a `post_id`), newest `sort_field` first, as the
    published posts they name: entries whose post is gone or not published are skipped and
    the page is filled from the next ones."""
    seek: dict[str, Any] | None = None
    if after:
        mark = decode_cursor(after)
        if "id" not in mark:
            raise UserError(
                CollectionErrorCode.INVALID_CURSOR, "That cursor is not valid.", "after"
            )
        seek = _past(sort_field, mark.get("v"), mark["id"])
    batch = min(max(2 * (first + 1), 20), 200)
    kept: list[tuple[Post, str]] = []
    exhausted = False
    for _ in range(SCAN_ROUNDS):
        filters = {"$and": [query, seek]} if seek else query
        docs = (
            await source.find(filters, {"post_id": 1, sort_field: 1})
            .sort([(sort_field, -1), ("_id", -1)])
            .limit(batch)
            .to_list()
        )
        posts = await published_by_ids(db, [str(d["post_id"]) for d in docs])
        for doc in docs:
            post = posts.get(str(doc["post_id"]))
            if post is not None:
                kept.append((post, encode_cursor({"v": doc.get(sort_field), "id": doc["_id"]})))
        if len(docs) < batch:
            exhausted = True
            break
        if len(kept) > first:
            break
        seek = _past(sort_field, docs[-1].get(sort_field), docs[-1]["_id"])
    page = kept[:first]
    return Page(
        [post for post, _ in page],
        [cursor for _, cursor in page],
        has_next=len(kept) > first or not exhausted,
        has_previous=after is not None,
    )


def _past(sort_field: str, value: Any, last_id: Any) -> dict[str, Any]:
    return {
        "$or": [
            {sort_field: {"$lt": value}},
            {sort_field: value, "_id": {"$lt": last_id}},
        ]
    }


async def saved_posts(
    db: AsyncDB, user: User, *, first: int, after: str | None, maximum: int
) -> Page[Post]:
    """Everything the user saved that is still published, the latest save first."""
    check_first(first, maximum)
    return await _published_page(
        db, db.saves, {"user_id": user.id}, "created_at", first=first, after=after
    )


async def collection_posts(
    db: AsyncDB, collection: Collection, *, first: int, after: str | None, maximum: int
) -> Page[Post]:
    """A collection's published looks, the latest added first (the caller has checked that
    the viewer may see the collection)."""
    check_first(first, maximum)
    return await _published_page(
        db,
        db[ENTRIES],
        {"collection_id": collection.id},
        "added_at",
        first=first,
        after=after,
    )
