"""Documents kept decoded between reads always equal a new read: through inserts, updates,
deletes, a dropped collection and writes from another thread, including a write that lands
between a read and its keeping. Unchanged documents are not read again."""

from __future__ import annotations

import asyncio
import random
import threading
from typing import Any

from api.state import AppState
from core.kept_documents import KeptDocuments
from core.mongo import Document, collection_version, sync_db

COLLECTION = "kept_probe"


def _decode(doc: Document) -> tuple[str, int, str]:
    return (doc["_id"], doc["n"], doc.get("tag", ""))


async def _truth(state: AppState, ids: list[str]) -> dict[str, tuple[str, int, str]]:
    docs = await state.db[COLLECTION].find({"_id": {"$in": ids}}).to_list()
    return {doc["_id"]: _decode(doc) for doc in docs}


async def test_kept_documents_always_equal_a_new_read(state: AppState) -> None:
    rng = random.Random(7)
    kept = KeptDocuments(COLLECTION, _decode, limit=25)
    ids = [f"doc_{n:03d}" for n in range(40)]
    collection = state.db[COLLECTION]
    for step in range(300):
        action = rng.random()
        target = rng.choice(ids)
        if action < 0.3:
            await collection.update_one(
                {"_id": target}, {"$set": {"n": rng.randrange(100)}}, upsert=True
            )
        elif action < 0.4:
            await collection.delete_one({"_id": target})
        elif action < 0.45:
            await collection.update_many({}, {"$inc": {"n": 1}})
        elif action < 0.47:
            await state.db.drop_collection(COLLECTION)
        elif action < 0.55:
            # Written by another thread, as the in-process worker writes.
            def write(post_id: str = target, tag: str = f"t{step}") -> None:
                sync_db(state.settings)[COLLECTION].update_one(
                    {"_id": post_id}, {"$set": {"tag": tag}}, upsert=True
                )
                sync_db(state.settings)[COLLECTION].update_one(
                    {"_id": post_id, "n": {"$exists": False}}, {"$set": {"n": 0}}
                )

            await asyncio.to_thread(write)
        asked = rng.sample(ids, rng.randrange(1, 15))
        assert await kept.get_many(state.db, asked) == await _truth(state, asked), step


async def test_unchanged_documents_are_not_read_again(state: AppState) -> None:
    collection = state.db[COLLECTION]
    await collection.insert_many([{"_id": f"doc_{n}", "n": n} for n in range(5)])
    decoded: list[str] = []

    def counting(doc: Document) -> tuple[str, int, str]:
        decoded.append(doc["_id"])
        return _decode(doc)

    kept = KeptDocuments(COLLECTION, counting)
    ids = [f"doc_{n}" for n in range(5)]
    first = await kept.get_many(state.db, ids)
    await collection.update_one({"_id": "doc_2"}, {"$set": {"n": 20}})
    second = await kept.get_many(state.db, ids)
    assert second == await _truth(state, ids)
    if collection_version(state.db, COLLECTION) is None:
        return  # MongoDB: every call is a query, nothing is kept
    assert decoded == [*ids, "doc_2"]
    assert all(second[i] is first[i] for i in ids if i != "doc_2")


async def test_a_write_caught_up_while_a_read_was_decoding_is_not_lost(
    state: AppState,
) -> None:
    collection = state.db[COLLECTION]
    await collection.insert_many([{"_id": "doc_1", "n": 1}, {"_id": "doc_2", "n": 1}])
    kept: KeptDocuments[Any] = KeptDocuments(COLLECTION, lambda doc: decode_then_write(doc))
    landed = threading.Event()

    def decode_then_write(doc: Document) -> tuple[str, int, str]:
        # doc_1 is read; before it is kept, a write changes it and another reader (another
        # thread, its own loop) catches the kept documents up past that write.
        if doc["_id"] == "doc_1" and not landed.is_set():
            landed.set()
            sync_db(state.settings)[COLLECTION].update_one({"_id": "doc_1"}, {"$set": {"n": 2}})
            other = threading.Thread(target=lambda: asyncio.run(kept.get_many(state.db, ["doc_2"])))
            other.start()
            other.join()
        return _decode(doc)

    assert await kept.get_many(state.db, ["doc_1"]) == {"doc_1": ("doc_1", 1, "")}
    assert landed.is_set()
    assert await kept.get_many(state.db, ["doc_1"]) == {"doc_1": ("doc_1", 2, "")}
