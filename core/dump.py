"""The embedded store in mongodump's layout, both ways: the move to a real MongoDB.

    DIR/<db>/<collection>.bson            the documents, concatenated BSON (as mongodump writes)
    DIR/<db>/<collection>.metadata.json   {"indexes": [...], "uuid": "", "collectionName": ...,
                                           "type": "collection"} in canonical extended JSON

`mongorestore DIR` loads such a directory into MongoDB, and `restore` loads it (or a real
mongodump's output) into the embedded store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bson
from bson import json_util
from bson.son import SON
from pymongo.errors import DuplicateKeyError, OperationFailure

from core import mongo
from core.embedded_store import DurableStore
from core.settings import Settings

SYSTEM_DATABASES = frozenset({"admin", "local", "config"})
RESTORE_BATCH = 1000
_JSON = json_util.JSONOptions(json_mode=json_util.JSONMode.CANONICAL)

# (collection "db.name", documents done in it, its total)
Progress = Callable[[str, int, int], None]


class DumpError(Exception):
    """A dump or restore that cannot go ahead; the message says why."""


@dataclass
class CollectionDump:
    db: str
    name: str
    documents: list[bytes]
    indexes: list[dict[str, Any]]


@dataclass
class Summary:
    collections: int = 0
    documents: int = 0
    indexes: int = 0
    databases: list[str] = field(default_factory=list)


def _index_document(name: str, spec: dict[str, Any]) -> SON[str, Any]:
    entry: SON[str, Any] = SON([("v", 2), ("key", SON([(k, d) for k, d in spec["key"]]))])
    entry["name"] = name
    for option in ("unique", "sparse", "expireAfterSeconds", "partialFilterExpression"):
        if spec.get(option) is not None:
            entry[option] = spec[option]
    return entry


def read_store(store: DurableStore, only_db: str | None = None) -> list[CollectionDump]:
    """Every collection of the store, its documents encoded, taken under its write lock."""
    out: list[CollectionDump] = []
    with store.lock:
        databases: dict[str, Any] = store.client._store._databases
        for db_name, database in sorted(databases.items()):
            if db_name in SYSTEM_DATABASES or (only_db and db_name != only_db):
                continue
            for name, collection in sorted(database._collections.items()):
                if not collection.is_created:
                    continue
                indexes: list[dict[str, Any]] = [
                    SON([("v", 2), ("key", SON([("_id", 1)])), ("name", "_id_")])
                ]
                indexes += [_index_document(n, s) for n, s in collection.indexes.items()]
                documents = [bson.encode(doc) for doc in collection._documents.values()]
                out.append(CollectionDump(db_name, name, documents, indexes))
    return out


def dump(
    store: DurableStore,
    directory: Path,
    only_db: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    collections = read_store(store, only_db)
    summary = Summary()
    for collection in collections:
        folder = directory / collection.db
        folder.mkdir(parents=True, exist_ok=True)
        label = f"{collection.db}.{collection.name}"
        total = len(collection.documents)
        with open(folder / f"{collection.name}.bson", "wb") as handle:
            for done, raw in enumerate(collection.documents, 1):
                handle.write(raw)
                if progress is not None and (done % 500 == 0 or done == total):
                    progress(label, done, total)
        if progress is not None and total == 0:
            progress(label, 0, 0)
        metadata = SON(
            [
                ("indexes", collection.indexes),
                ("uuid", ""),
                ("collectionName", collection.name),
                ("type", "collection"),
            ]
        )
        (folder / f"{collection.name}.metadata.json").write_text(
            json_util.dumps(metadata, json_options=_JSON)
        )
        summary.collections += 1
        summary.documents += total
        summary.indexes += len(collection.indexes)
        if collection.db not in summary.databases:
            summary.databases.append(collection.db)
    return summary


@dataclass
class _Source:
    db: str
    name: str
    data: Path | None
    metadata: dict[str, Any]


def _sources(directory: Path) -> list[_Source]:
    if not directory.is_dir():
        raise DumpError(f"{directory} is not a directory.")
    found: list[_Source] = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        if folder.name in SYSTEM_DATABASES:
            continue
        names = {p.name.removesuffix(".bson") for p in folder.glob("*.bson")}
        names |= {p.name.removesuffix(".metadata.json") for p in folder.glob("*.metadata.json")}
        for name in sorted(names):
            meta_path = folder / f"{name}.metadata.json"
            metadata: dict[str, Any] = {}
            if meta_path.is_file():
                try:
                    metadata = json_util.loads(meta_path.read_text())
                except (ValueError, json.JSONDecodeError) as exc:
                    raise DumpError(f"{meta_path} is not valid extended JSON: {exc}") from None
            data = folder / f"{name}.bson"
            found.append(_Source(folder.name, name, data if data.is_file() else None, metadata))
    if not found:
        raise DumpError(f"{directory} holds no dump (expected <db>/<collection>.bson files).")
    return found


def _documents(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as handle:
        try:
            yield from bson.decode_file_iter(handle)
        except bson.errors.InvalidBSON as exc:
            raise DumpError(f"{path} is damaged: {exc}") from None


def _count(path: Path | None) -> int:
    return 0 if path is None else sum(1 for _ in _documents(path))


def non_empty_targets(settings: Settings, directory: Path) -> list[str]:
    """The databases the dump would restore into that already hold documents."""
    busy = []
    for db_name in sorted({source.db for source in _sources(directory)}):
        db = mongo.sync_db(settings, db_name)
        if any(db[name].count_documents({}, limit=1) for name in db.list_collection_names()):
            busy.append(db_name)
    return busy


def restore(
    settings: Settings, directory: Path, *, drop: bool = False, progress: Progress | None = None
) -> Summary:
    """Load a mongodump-layout directory into the embedded store (indexes after the data, as
    mongorestore does). Refuses a database that holds documents unless `drop`, which drops
    each collection of the dump before loading it."""
    sources = _sources(directory)
    busy = non_empty_targets(settings, directory)
    if busy and not drop:
        raise DumpError(
            f"The database {', '.join(busy)} already holds data; restore with --drop to "
            "replace the collections of the dump."
        )
    summary = Summary()
    for source in sources:
        collection = mongo.sync_db(settings, source.db)[source.name]
        if drop:
            collection.drop()
        label = f"{source.db}.{source.name}"
        total = _count(source.data)
        done = 0
        if progress is not None:
            progress(label, 0, total)
        if source.data is not None:
            batch: list[dict[str, Any]] = []
            for document in _documents(source.data):
                batch.append(document)
                if len(batch) >= RESTORE_BATCH:
                    collection.insert_many(batch)
                    done += len(batch)
                    batch = []
                    if progress is not None:
                        progress(label, done, total)
            if batch:
                collection.insert_many(batch)
                done += len(batch)
        if progress is not None:
            progress(label, done, total)
        for index in source.metadata.get("indexes", []):
            if index.get("name") == "_id_":
                continue
            options = {
                option: index[option]
                for option in ("unique", "sparse", "expireAfterSeconds", "partialFilterExpression")
                if option in index
            }
            try:
                collection.create_index(list(index["key"].items()), name=index["name"], **options)
            except (OperationFailure, DuplicateKeyError) as exc:
                raise DumpError(f"Index {index['name']} of {label}: {exc}") from None
            summary.indexes += 1
        database = mongo.sync_db(settings, source.db)
        if source.name not in database.list_collection_names():
            database.create_collection(source.name)
        summary.collections += 1
        summary.documents += done
        if source.db not in summary.databases:
            summary.databases.append(source.db)
    return summary
