"""The `search_terms` index: one document per (kind, entity, token), kept in step with the
accounts, products and posts it points to.

`_id` is "<kind>|<ref>|<token>", so writing a term twice changes nothing; `k` (kind) and `t`
(token) carry the compound index a query ranges over, `r` the entity (a user id, a product id,
or the hashtag itself).

Following the sources: accounts, products and posts stamp `updated_at` on every change, and a
claimed handle its `created_at`, so `catch_up` reads each source onwards from a cursor kept in
`feeds_state` (its last (stamp, id), an index range) and re-indexes what changed: a changed
display name or handle, a product created, edited or imported, a caption with a hashtag used
for the first time. A search runs one pass before it reads the index, so what was written
before a search is found by it; start-up and the demo seed run passes until nothing is left.
Terms of a deleted product or an old name may linger until their entity is read again: a query
checks every hit against the entity as it is now, so a stale term can only fail to match, never
show something wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import UpdateOne

from core.mongo import AsyncDB, Document
from feeds.search.terms import hashtag_tokens, index_tokens

TERMS = "search_terms"
STATE = "feeds_state"
STATE_ID = "search_terms"
BATCH = 500

PERSON, PRODUCT, HASHTAG = "person", "product", "hashtag"


def term_id(kind: str, ref: str, token: str) -> str:
    return f"{kind}|{ref}|{token}"


def person_tokens(doc: Mapping[str, Any]) -> set[str]:
    return index_tokens(doc.get("display_name"), doc.get("handle"))


def product_tokens(doc: Mapping[str, Any]) -> set[str]:
    return index_tokens(doc.get("title"), doc.get("sku"))


@dataclass(frozen=True)
class Source:
    """A collection the index follows, the field stamped on each change, what to read."""

    collection: str
    kind: str
    stamp: str
    fields: tuple[str, ...]


SOURCES = (
    Source("users", PERSON, "updated_at", ("display_name", "handle")),
    # Giving an account its first handle does not stamp the account; the claim is stamped.
    Source("handles", PERSON, "created_at", ("user_id",)),
    Source("products", PRODUCT, "updated_at", ("title", "sku")),
    Source("posts", HASHTAG, "updated_at", ("hashtags",)),
)


async def _entries(db: AsyncDB, source: Source, docs: list[Document]) -> dict[str, set[str]]:
    """Entity ref → its tokens, for a batch of one source's documents."""
    entries: dict[str, set[str]] = {}
    if source.collection == "handles":
        ids = sorted({doc["user_id"] for doc in docs if doc.get("user_id")})
        docs = await db.users.find(
            {"_id": {"$in": ids}}, {"display_name": 1, "handle": 1}
        ).to_list()
    for doc in docs:
        if source.kind == PERSON:
            entries[doc["_id"]] = person_tokens(doc)
        elif source.kind == PRODUCT:
            entries[doc["_id"]] = product_tokens(doc)
        else:
            for tag in doc.get("hashtags") or ():
                entries[tag] = hashtag_tokens(tag)
    return entries


def _writes(kind: str, entries: Mapping[str, set[str]]) -> list[Any]:
    ops: list[Any] = []
    for ref, tokens in entries.items():
        for token in sorted(tokens):
            doc_id = term_id(kind, ref, token)
            ops.append(
                UpdateOne(
                    {"_id": doc_id},
                    {"$setOnInsert": {"_id": doc_id, "k": kind, "r": ref, "t": token}},
                    upsert=True,
                )
            )
    return ops


async def index_entries(db: AsyncDB, kind: str, entries: Mapping[str, set[str]]) -> None:
    """Make the index hold exactly these tokens for each entity (hashtags only ever gain:
    a tag's tokens never change)."""
    if not entries:
        return
    if kind != HASHTAG:
        for ref, tokens in entries.items():
            await db[TERMS].delete_many({"k": kind, "r": ref, "t": {"$nin": sorted(tokens)}})
    ops = _writes(kind, entries)
    if ops:
        await db[TERMS].bulk_write(ops, ordered=False)


def _after(source: Source, cursor: Mapping[str, Any] | None) -> dict[str, Any]:
    if not cursor:
        return {}
    at, last = cursor.get("at"), cursor.get("id")
    return {
        "$or": [
            {source.stamp: {"$gt": at}},
            {source.stamp: at, "_id": {"$gt": last}},
        ]
    }


async def _pass(db: AsyncDB, source: Source, cursor: Mapping[str, Any] | None) -> int:
    projection = {field: 1 for field in (*source.fields, source.stamp)}
    docs = (
        await db[source.collection]
        .find(_after(source, cursor), projection)
        .sort([(source.stamp, 1), ("_id", 1)])
        .limit(BATCH)
        .to_list()
    )
    docs = [doc for doc in docs if isinstance(doc.get(source.stamp), datetime)]
    if not docs:
        return 0
    await index_entries(db, source.kind, await _entries(db, source, docs))
    last = docs[-1]
    await db[STATE].update_one(
        {"_id": STATE_ID},
        {"$set": {source.collection: {"at": last[source.stamp], "id": last["_id"]}}},
        upsert=True,
    )
    return len(docs)


async def catch_up(db: AsyncDB, sources: Iterable[Source] = SOURCES) -> int:
    """One pass over each source from its cursor; how many source documents it read (a
    source with more than `BATCH` changes waiting is finished by later passes)."""
    state = await db[STATE].find_one({"_id": STATE_ID}) or {}
    read = 0
    for source in sources:
        read += await _pass(db, source, state.get(source.collection))
    return read


async def catch_up_all(db: AsyncDB) -> int:
    """Passes until every source is read to its end (start-up, the demo seed)."""
    total = 0
    while read := await catch_up(db):
        total += read
    return total
