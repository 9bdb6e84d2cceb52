"""The embedded store on disk: every write kind survives a restart (the store closed and opened
again on the same data dir), torn tails are dropped and reported, damage in the middle of the
log stops start-up, compaction keeps everything, and dump → restore gives the same store."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bson
import pytest
from pymongo import (
    DeleteMany,
    DeleteOne,
    IndexModel,
    InsertOne,
    ReplaceOne,
    ReturnDocument,
    UpdateMany,
    UpdateOne,
)
from pymongo.errors import BulkWriteError, DuplicateKeyError

from core import dump, embedded_store, mongo
from core.journal import CorruptLog
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MONGODB_URI")), reason="the embedded store's own files"
)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    opened = Settings(
        environment="test", data_dir=tmp_path, mongodb_db="journal_test", seed_demo="never"
    )
    yield opened
    mongo.close_embedded(opened)


def state_of(settings: Settings) -> dict[str, Any]:
    """Every database, collection (in natural order), document and index of the store."""
    client = mongo.embedded_client(settings)
    out: dict[str, Any] = {}
    for db_name in sorted(client.list_database_names()):
        db = client[db_name]
        for name in sorted(db.list_collection_names()):
            out[f"{db_name}.{name}"] = {
                "documents": list(db[name].find()),
                "indexes": {
                    index: {**spec, "key": list(spec["key"])}
                    for index, spec in db[name].index_information().items()
                },
            }
    return out


def restart(settings: Settings) -> embedded_store.DurableStore:
    mongo.close_embedded(settings)
    return mongo.embedded_store(settings)


def journal_file(settings: Settings) -> Path:
    (path,) = sorted((settings.data_dir / "store").glob("journal-*.log"))[-1:]
    return path


def every_write_kind(db: Any) -> None:
    at = datetime(2026, 6, 1, 12, 30, 15, 123000, tzinfo=UTC)
    db.things.create_index("key", unique=True)
    db.things.create_indexes([IndexModel([("n", 1), ("at", -1)], name="n_at")])
    db.things.create_index("gone")
    db.things.drop_index("gone_1")
    db.things.insert_one({"_id": "a", "key": "a", "n": 1, "at": at, "tags": ["x", "y"]})
    db.things.insert_many([{"key": f"m{i}", "n": i} for i in range(5)])
    db.things.update_one({"_id": "a"}, {"$inc": {"n": 5}, "$push": {"tags": "z"}})
    db.things.update_many({"n": {"$lt": 3}}, {"$set": {"small": True}})
    db.things.update_one({"key": "up"}, {"$set": {"n": 40}}, upsert=True)
    db.things.replace_one({"key": "m4"}, {"key": "m4", "replaced": True})
    db.things.replace_one({"key": "rep-up"}, {"key": "rep-up", "n": 9}, upsert=True)
    db.things.delete_one({"key": "m3"})
    db.things.find_one_and_update(
        {"key": "m2"}, {"$set": {"f": 1}}, return_document=ReturnDocument.AFTER
    )
    db.things.find_one_and_update({"key": "fau"}, {"$set": {"n": 77}}, upsert=True)
    db.things.find_one_and_replace({"key": "m1"}, {"key": "m1", "whole": "new"})
    db.things.find_one_and_delete({"key": "m0"}, sort=[("n", 1)])
    with pytest.raises(DuplicateKeyError):
        db.things.insert_one({"key": "a"})
    with pytest.raises(BulkWriteError):
        db.things.insert_many([{"key": "p1"}, {"key": "a"}, {"key": "p2"}], ordered=False)
    db.things.bulk_write(
        [
            InsertOne({"_id": "b1", "key": "b1"}),
            UpdateOne({"key": "b1"}, {"$set": {"n": 2}}),
            UpdateOne({"key": "bu"}, {"$setOnInsert": {"n": 3}}, upsert=True),
            UpdateMany({"small": True}, {"$inc": {"n": 100}}),
            ReplaceOne({"_id": "b1"}, {"key": "b1", "n": 22}),
            DeleteOne({"key": "p1"}),
        ]
    )
    db.scratch.insert_many([{"_id": i, "v": i} for i in range(10)])
    db.scratch.delete_many({"v": {"$gte": 5}})
    db.scratch.bulk_write([DeleteMany({"v": {"$lt": 2}})])
    db.dropped.insert_one({"x": 1})
    db.dropped.drop()
    db.alsodropped.insert_one({"x": 1})
    db.drop_collection("alsodropped")
    db.create_collection("empty_but_there")
    db.moving.create_index("v", unique=True)
    db.moving.insert_many([{"_id": i, "v": i} for i in range(3)])
    db.moved.insert_one({"_id": "old"})
    db.moving.rename("moved", dropTarget=True)
    db.outsource.insert_many([{"_id": i, "g": i % 2} for i in range(6)])
    db.summary.insert_one({"_id": "stale"})
    list(db.outsource.aggregate([{"$group": {"_id": "$g", "n": {"$sum": 1}}}, {"$out": "summary"}]))


def test_every_write_kind_survives_a_restart(settings: Settings) -> None:
    db = mongo.sync_db(settings)
    every_write_kind(db)
    other = mongo.sync_db(settings, "journal_other")
    other.kept.insert_one({"_id": 1})
    gone = mongo.sync_db(settings, "journal_gone")
    gone.c.insert_one({"_id": 1})
    mongo.drop_database(settings, "journal_gone")
    before = state_of(settings)
    assert "journal_test.empty_but_there" in before
    assert "journal_test.dropped" not in before and "journal_gone.c" not in before
    assert before["journal_test.things"]["indexes"]["key_1"]["unique"] is True
    assert "journal_test.moving" not in before
    assert [d["_id"] for d in before["journal_test.moved"]["documents"]] == [0, 1, 2]
    assert before["journal_test.moved"]["indexes"]["v_1"]["unique"] is True
    assert sorted(d["n"] for d in before["journal_test.summary"]["documents"]) == [3, 3]

    report = restart(settings).report
    assert report.journal_records > 20 and not report.dropped_tails
    assert state_of(settings) == before
    # The unique index still makes an insert a duplicate after the restart.
    with pytest.raises(DuplicateKeyError):
        mongo.sync_db(settings).things.insert_one({"key": "a"})


async def test_methods_pymongo_4_removed_are_absent_as_on_the_driver(settings: Settings) -> None:
    things = mongo.sync_db(settings).things
    for name in ("insert", "update", "remove", "save", "find_and_modify", "map_reduce"):
        with pytest.raises(AttributeError):
            getattr(things, name)


async def test_async_writes_survive_a_restart(settings: Settings) -> None:
    db = mongo.open_async(settings).db
    await db.things.create_index("key", unique=True)
    await db.things.insert_one({"_id": "a", "key": "a", "n": 1})
    await db.things.insert_many([{"key": f"k{i}"} for i in range(3)])
    await db.things.update_one({"_id": "a"}, {"$inc": {"n": 1}})
    await db.things.find_one_and_update({"key": "new"}, {"$set": {"n": 3}}, upsert=True)
    await db.things.delete_one({"key": "k0"})
    await db.things.bulk_write([InsertOne({"key": "bw"})])
    await db.drop_collection("nothing")
    before = state_of(settings)
    restart(settings)
    assert state_of(settings) == before
    assert len(before["journal_test.things"]["documents"]) == 5


def test_a_torn_last_record_is_dropped_and_reported(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    db = mongo.sync_db(settings)
    for i in range(20):
        db.things.insert_one({"_id": i, "v": i})
    mongo.close_embedded(settings)
    path = journal_file(settings)
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size - 3)
    with caplog.at_level(logging.WARNING, logger="core.embedded_store"):
        report = mongo.embedded_store(settings).report
    (torn,) = report.dropped_tails
    assert torn.path == path and torn.offset < size - 3
    assert any("torn end" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    ids = [d["_id"] for d in mongo.sync_db(settings).things.find()]
    assert ids == list(range(19))
    # The file was cut back to its last good record, and new writes follow it.
    assert path.stat().st_size == torn.offset
    mongo.sync_db(settings).things.insert_one({"_id": 19, "v": 19})
    restart(settings)
    assert mongo.sync_db(settings).things.count_documents({}) == 20


@pytest.mark.parametrize("garbage", [b"\xff" * 7, b"\xff\xff\xff\x7f" + b"junk" * 10, b"\0" * 64])
def test_garbage_after_the_last_record_is_dropped(settings: Settings, garbage: bytes) -> None:
    db = mongo.sync_db(settings)
    db.things.insert_many([{"_id": i} for i in range(5)])
    db.things.update_one({"_id": 4}, {"$set": {"last": True}})
    mongo.close_embedded(settings)
    with open(journal_file(settings), "ab") as handle:
        handle.write(garbage)
    report = mongo.embedded_store(settings).report
    assert len(report.dropped_tails) == 1 and report.dropped_tails[0].size == len(garbage)
    assert mongo.sync_db(settings).things.find_one({"_id": 4}) == {"_id": 4, "last": True}


def test_damage_in_the_middle_refuses_to_start(settings: Settings) -> None:
    db = mongo.sync_db(settings)
    for i in range(10):
        db.things.insert_one({"_id": i, "payload": "x" * 50})
    mongo.close_embedded(settings)
    path = journal_file(settings)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptLog) as caught:
        mongo.embedded_store(settings)
    assert str(path) in str(caught.value) and "refusing to start" in str(caught.value)
    assert 0 < caught.value.offset <= middle
    # Nothing was cut: the file is as it was, for someone to look at.
    assert path.read_bytes() == bytes(data)


def test_compaction_then_restart_keeps_everything(settings: Settings) -> None:
    db = mongo.sync_db(settings)
    every_write_kind(db)
    store = mongo.embedded_store(settings)
    store.compact()
    db.things.update_one({"_id": "a"}, {"$set": {"after": "snapshot"}})
    db.later.insert_one({"_id": 1})
    before = state_of(settings)
    files = sorted(p.name for p in (settings.data_dir / "store").iterdir())
    assert files == ["LOCK", "journal-00000001.log", "snapshot-00000001.bson"]
    report = restart(settings).report
    assert report.generation == 1 and report.snapshot_documents > 0
    assert report.journal_records == 2
    assert state_of(settings) == before


def test_compaction_starts_by_itself_past_the_threshold(tmp_path: Path) -> None:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        mongodb_db="journal_test",
        embedded_compact_bytes=4096,
    )
    try:
        db = mongo.sync_db(settings)
        for i in range(400):
            db.things.insert_one({"_id": i, "text": "y" * 40})
            db.things.update_one({"_id": i // 2}, {"$inc": {"n": 1}})
        before = state_of(settings)
        store = mongo.embedded_store(settings)
        restart(settings)
        assert store.generation > 1
        assert state_of(settings) == before
    finally:
        mongo.close_embedded(settings)


def test_a_crash_during_compaction_loses_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = mongo.sync_db(settings)
    db.things.insert_many([{"_id": i, "v": i} for i in range(50)])
    store = mongo.embedded_store(settings)
    store.compact()  # a first snapshot, so the crash below leaves an older one

    def crash(*_: Any) -> None:
        raise OSError("killed before the rename")

    db.things.update_many({}, {"$inc": {"v": 1000}})
    monkeypatch.setattr(embedded_store.os, "replace", crash)
    with pytest.raises(OSError):
        store.compact()
    monkeypatch.undo()
    db.things.insert_one({"_id": "after", "v": -1})
    before = state_of(settings)
    names = sorted(p.name for p in (settings.data_dir / "store").iterdir())
    assert "snapshot-00000002.bson.tmp" in names and "journal-00000002.log" in names
    report = restart(settings).report
    assert report.generation == 2 and report.snapshot_documents == 50
    assert state_of(settings) == before
    assert not list((settings.data_dir / "store").glob("*.tmp"))


def test_a_second_writer_on_the_same_data_dir_is_refused(settings: Settings) -> None:
    store = mongo.embedded_store(settings)
    with pytest.raises(embedded_store.StoreBusy, match=str(os.getpid())):
        embedded_store.DurableStore(store.directory)


def test_dump_has_mongodumps_layout_and_restores_the_same_store(
    settings: Settings, tmp_path: Path
) -> None:
    db = mongo.sync_db(settings)
    every_write_kind(db)
    db.orders.create_index(
        [("shop", 1), ("state", 1)],
        name="orders_in_flight",
        unique=True,
        partialFilterExpression={"state": "RECEIVED"},
    )
    db.orders.insert_one({"_id": "o1", "shop": "s", "state": "RECEIVED", "total": 1250})
    before = state_of(settings)
    out = tmp_path / "dump"
    summary = dump.dump(mongo.embedded_store(settings), out)
    assert summary.databases == ["journal_test"]

    things = out / "journal_test" / "things.bson"
    with open(things, "rb") as handle:
        documents = list(bson.decode_file_iter(handle))
    assert len(documents) == len(before["journal_test.things"]["documents"])
    metadata = json.loads((out / "journal_test" / "things.metadata.json").read_text())
    assert metadata["collectionName"] == "things" and metadata["uuid"] == ""
    names = {index["name"]: index for index in metadata["indexes"]}
    assert names["_id_"]["key"] == {"_id": {"$numberInt": "1"}}
    assert names["key_1"]["unique"] is True and names["key_1"]["v"] == {"$numberInt": "2"}
    assert list(names["n_at"]["key"]) == ["n", "at"]
    orders = json.loads((out / "journal_test" / "orders.metadata.json").read_text())
    (partial,) = [i for i in orders["indexes"] if i["name"] == "orders_in_flight"]
    assert partial["partialFilterExpression"] == {"state": "RECEIVED"}
    assert (out / "journal_test" / "empty_but_there.bson").read_bytes() == b""

    target = Settings(environment="test", data_dir=tmp_path / "other", mongodb_db="journal_test")
    try:
        restored = dump.restore(target, out)
        assert restored.documents == summary.documents
        assert state_of(target) == before
        with pytest.raises(dump.DumpError, match="already holds data"):
            dump.restore(target, out)
        mongo.sync_db(target).things.insert_one({"_id": "extra"})
        dump.restore(target, out, drop=True)
        assert state_of(target) == before
        restart(target)
        assert state_of(target) == before
    finally:
        mongo.close_embedded(target)


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"MONGODB_URI", "REDIS_URL"}},
        "DATA_DIR": str(data_dir),
        "MONGODB_DB": "journal_cli",
    }
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_dump_and_restore_commands(tmp_path: Path) -> None:
    source = Settings(environment="test", data_dir=tmp_path / "a", mongodb_db="journal_cli")
    db = mongo.sync_db(source)
    db.users.create_index("email", unique=True)
    db.users.insert_many([{"_id": f"u{i}", "email": f"{i}@x.example"} for i in range(30)])
    mongo.close_embedded(source)

    out = tmp_path / "dump"
    dumped = _cli(tmp_path / "a", "dump", str(out))
    assert dumped.returncode == 0, dumped.stderr
    assert "30 documents" in dumped.stdout and "mongorestore" in dumped.stdout
    again = _cli(tmp_path / "a", "dump", str(out))
    assert again.returncode == 2 and "not empty" in again.stderr

    restored = _cli(tmp_path / "b", "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    refused = _cli(tmp_path / "b", "restore", str(out))
    assert refused.returncode == 2
    assert "already holds data" in refused.stderr and "--drop" in refused.stderr
    assert "Traceback" not in refused.stderr
    dropped = _cli(tmp_path / "b", "restore", str(out), "--drop")
    assert dropped.returncode == 0, dropped.stderr

    target = Settings(environment="test", data_dir=tmp_path / "b", mongodb_db="journal_cli")
    try:
        users = mongo.sync_db(target).users
        assert users.count_documents({}) == 30
        assert users.index_information()["email_1"]["unique"] is True
    finally:
        mongo.close_embedded(target)


def test_the_store_tells_which_documents_were_written_since_a_version(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedded_store, "CHANGES_KEPT", 5)
    db = mongo.sync_db(settings)
    store = mongo.embedded_store(settings)
    name = settings.mongodb_db
    db.things.insert_many([{"_id": i, "n": i} for i in range(4)])
    version = store.version(name, "things")
    assert store.changed_since(name, "things", version) == set()
    db.things.update_one({"_id": 1}, {"$inc": {"n": 1}})
    db.things.delete_one({"_id": 2})
    db.things.insert_one({"_id": 9})
    db.other.insert_one({"_id": "elsewhere"})
    assert store.changed_since(name, "things", version) == {1, 2, 9}
    later = store.version(name, "things")
    db.things.update_many({"n": {"$gte": 3}}, {"$set": {"big": True}})
    assert store.changed_since(name, "things", later) == {3}
    # Further back than the writes it keeps, across an index change or a drop: it cannot say.
    for _ in range(5):
        db.things.update_one({"_id": 0}, {"$inc": {"n": 1}})
    assert store.changed_since(name, "things", version) is None
    recent = store.version(name, "things")
    db.things.create_index("n")
    assert store.changed_since(name, "things", recent) is None
    recent = store.version(name, "things")
    db.drop_collection("things")
    assert store.changed_since(name, "things", recent) is None
    # Versions of another opening of the store are not its own.
    reopened = restart(settings)
    assert reopened.changed_since(name, "other", store.version(name, "other")) is None
