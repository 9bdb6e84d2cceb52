"""The store behaves the same whichever backend is behind it (embedded, or MONGODB_URI)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo import InsertOne, ReturnDocument, UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from api.state import AppState
from core import mongo


async def test_unique_index_makes_a_second_insert_a_duplicate(state: AppState) -> None:
    await state.db.things.create_index("key", unique=True)
    await state.db.things.insert_one({"_id": "a", "key": "k"})
    with pytest.raises(DuplicateKeyError):
        await state.db.things.insert_one({"_id": "b", "key": "k"})
    assert await state.db.things.count_documents({}) == 1


async def test_atomic_update_and_aware_datetimes(state: AppState) -> None:
    at = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    await state.db.things.insert_one({"_id": "a", "n": 1, "at": at})
    doc = await state.db.things.find_one_and_update(
        {"_id": "a"}, {"$inc": {"n": 2}}, return_document=ReturnDocument.AFTER
    )
    assert doc is not None and doc["n"] == 3
    assert doc["at"] == at and doc["at"].tzinfo is not None


async def test_cursor_sort_skip_limit_and_async_iteration(state: AppState) -> None:
    await state.db.things.insert_many([{"_id": f"t{i}", "n": i} for i in range(10)])
    page = await state.db.things.find({"n": {"$gte": 2}}).sort("n", -1).skip(1).limit(3).to_list()
    assert [d["n"] for d in page] == [8, 7, 6]
    seen = [d["_id"] async for d in state.db.things.find({}, {"_id": 1}).sort("_id", 1)]
    assert seen[:2] == ["t0", "t1"]


async def test_aggregate_group(state: AppState) -> None:
    await state.db.things.insert_many([{"k": "a", "v": 1}, {"k": "a", "v": 2}, {"k": "b", "v": 5}])
    cursor = await state.db.things.aggregate(
        [{"$group": {"_id": "$k", "total": {"$sum": "$v"}}}, {"$sort": {"_id": 1}}]
    )
    assert await cursor.to_list() == [{"_id": "a", "total": 3}, {"_id": "b", "total": 5}]


async def test_bulk_write_upserts_and_reports_duplicates(state: AppState) -> None:
    await state.db.things.create_index("key", unique=True)
    result = await state.db.things.bulk_write(
        [
            UpdateOne({"key": "x"}, {"$setOnInsert": {"n": 1}}, upsert=True),
            UpdateOne({"key": "x"}, {"$setOnInsert": {"n": 2}}, upsert=True),
            InsertOne({"key": "y"}),
        ],
        ordered=False,
    )
    assert result.upserted_count == 1 and result.inserted_count == 1
    with pytest.raises(BulkWriteError) as caught:
        await state.db.things.bulk_write(
            [InsertOne({"key": "y"}), InsertOne({"key": "z"})], ordered=False
        )
    assert caught.value.details["nInserted"] == 1
    assert [e["code"] for e in caught.value.details["writeErrors"]] == [11000]
    assert await state.db.things.count_documents({}) == 3


async def test_sync_side_sees_what_the_async_side_wrote(state: AppState) -> None:
    await state.db.things.insert_one({"_id": "shared", "v": 1})
    sync = mongo.sync_db(state.settings)
    assert sync.things.find_one({"_id": "shared"}) == {"_id": "shared", "v": 1}
    sync.things.update_one({"_id": "shared"}, {"$set": {"v": 2}})
    found = await state.db.things.find_one({"_id": "shared"})
    assert found is not None and found["v"] == 2


async def test_unique_index_follows_updates_deletes_and_rollbacks(state: AppState) -> None:
    things = state.db.things
    await things.create_index([("brand", 1), ("sku", 1)], unique=True)
    await things.insert_one({"_id": "a", "brand": "b1", "sku": "s1", "n": 0})
    await things.insert_one({"_id": "b", "brand": "b1", "sku": "s2"})
    # Moving "b" onto a's key is refused and leaves "b" as it was.
    with pytest.raises(DuplicateKeyError):
        await things.update_one({"_id": "b"}, {"$set": {"sku": "s1"}})
    assert (await things.find_one({"_id": "b"}) or {})["sku"] == "s2"
    # Counters on a document keep working and never trip its own unique key.
    for _ in range(3):
        await things.update_one({"_id": "a"}, {"$inc": {"n": 1}})
    assert (await things.find_one({"_id": "a"}) or {})["n"] == 3
    # A key freed by an update or a delete can be taken again.
    await things.update_one({"_id": "a"}, {"$set": {"sku": "s9"}})
    await things.insert_one({"_id": "c", "brand": "b1", "sku": "s1"})
    with pytest.raises(DuplicateKeyError):
        await things.insert_one({"_id": "d", "brand": "b1", "sku": "s9"})
    await things.delete_one({"_id": "a"})
    await things.insert_one({"_id": "d", "brand": "b1", "sku": "s9"})
    # A refused insert leaves nothing behind that could block the key later.
    with pytest.raises(DuplicateKeyError):
        await things.insert_one({"_id": "e", "brand": "b1", "sku": "s9"})
    await things.delete_one({"_id": "d"})
    await things.insert_one({"_id": "e", "brand": "b1", "sku": "s9"})
    assert sorted(d["_id"] for d in await things.find({}).to_list()) == ["b", "c", "e"]


async def test_lookups_by_id_and_by_id_list(state: AppState) -> None:
    await state.db.things.insert_many([{"_id": f"k{i}", "n": i} for i in range(50)])
    assert (await state.db.things.find_one({"_id": "k7", "n": 7}) or {})["n"] == 7
    assert await state.db.things.find_one({"_id": "k7", "n": 8}) is None
    found = await state.db.things.find({"_id": {"$in": ["k3", "k1", "nope", "k3"]}}).to_list()
    assert sorted(d["_id"] for d in found) == ["k1", "k3"]
    result = await state.db.things.update_one({"_id": "missing"}, {"$inc": {"n": 1}})
    assert result.matched_count == 0


async def test_a_collection_handle_acts_on_its_name_across_renames_and_drops(
    state: AppState,
) -> None:
    moving = state.db.moving
    await moving.insert_one({"_id": "a"})
    await moving.rename("moved")
    assert await moving.count_documents({}) == 0
    assert [d["_id"] async for d in state.db.moved.find({})] == ["a"]
    await moving.insert_one({"_id": "b"})
    await state.db.drop_collection("moved")
    assert await state.db.moved.count_documents({}) == 0
    await state.db.moved.insert_one({"_id": "c"})
    assert [d["_id"] async for d in moving.find({})] == ["b"]
    assert [d["_id"] async for d in state.db["moved"].find({})] == ["c"]
    sync = mongo.sync_db(state.settings)
    assert sorted(sync.moving.distinct("_id")) == ["b"]
