"""MongoDB access: the real driver when `MONGODB_URI` is set, the embedded store otherwise.

The API talks to Mongo through PyMongo's async API (`AsyncMongoClient`); Celery tasks use the
synchronous `MongoClient`, because an async client is bound to one event loop. In the embedded
default both sides must see the same data, so one in-process mongomock client per data dir
backs both, kept on disk by `core.embedded_store` (every write is journaled before it returns).
The async side is a thin adapter that keeps the driver's call shapes and awaits only the
journal's fsync, so the code above it is written once for both backends.

Only what both backends support is used: single-document atomic updates, unique indexes for
idempotency, no transactions, no arrayFilters, no `$dateTrunc`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import mongomock
from bson import ObjectId
from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError
from pymongo.results import BulkWriteResult

from core.embedded_speedups import pinned_ids
from core.embedded_store import DurableStore, close_store, index_entries, open_store
from core.settings import Settings

Document = dict[str, Any]
AsyncDB = AsyncDatabase[Document]
SyncDB = Database[Document]

_embedded_lock = threading.Lock()


def embedded_store(settings: Settings) -> DurableStore:
    """The durable embedded store of `settings.data_dir` (one per data dir in a process),
    shared by the API and the worker thread; replayed from disk when first opened."""
    from core import embedded_speedups

    embedded_speedups.apply()
    return open_store(
        settings.data_dir,
        fsync=settings.embedded_fsync,
        compact_bytes=settings.embedded_compact_bytes,
    )


def embedded_client(settings: Settings) -> mongomock.MongoClient:
    return embedded_store(settings).client


def close_embedded(settings: Settings) -> None:
    """Sync and close the embedded store of `settings.data_dir` (the next use reopens it)."""
    close_store(settings.data_dir)


class _BulkRecorder:
    """Receives a pymongo write model through its own `_add_to_bulk` dispatch."""

    def __init__(self) -> None:
        self.op: tuple[str, tuple[Any, ...], dict[str, Any]] | None = None

    def add_insert(self, document: Document) -> None:
        self.op = ("insert", (document,), {})

    def add_update(
        self, selector: Mapping[str, Any], update: Any, multi: bool, upsert: bool, **_: Any
    ) -> None:
        self.op = ("update", (selector, update, multi, upsert), {})

    def add_replace(
        self, selector: Mapping[str, Any], replacement: Any, upsert: bool, **_: Any
    ) -> None:
        self.op = ("replace", (selector, replacement, upsert), {})

    def add_delete(self, selector: Mapping[str, Any], limit: int, **_: Any) -> None:
        self.op = ("delete", (selector, limit), {})


def _embedded_bulk_write(
    collection: Any, requests: Sequence[Any], ordered: bool = True
) -> BulkWriteResult:
    """mongomock's bulk_write lags behind the driver's write models; replay them one by one.

    Each operation is a single-document (or per-document) atomic write, as on a real server,
    and the result and error shapes match the driver's.
    """
    counts = {"nInserted": 0, "nMatched": 0, "nModified": 0, "nUpserted": 0, "nRemoved": 0}
    upserted: list[dict[str, Any]] = []
    write_errors: list[dict[str, Any]] = []
    for index, request in enumerate(requests):
        recorder = _BulkRecorder()
        request._add_to_bulk(recorder)
        assert recorder.op is not None
        kind, args, _ = recorder.op
        try:
            if kind == "insert":
                collection.insert_one(args[0])
                counts["nInserted"] += 1
            elif kind in ("update", "replace"):
                if kind == "update":
                    selector, update, multi, upsert = args
                    method = collection.update_many if multi else collection.update_one
                    result = method(selector, update, upsert=upsert)
                else:
                    selector, replacement, upsert = args
                    result = collection.replace_one(selector, replacement, upsert=upsert)
                counts["nMatched"] += result.matched_count
                counts["nModified"] += result.modified_count
                if result.upserted_id is not None:
                    counts["nUpserted"] += 1
                    upserted.append({"index": index, "_id": result.upserted_id})
            else:
                selector, limit = args
                method = collection.delete_one if limit == 1 else collection.delete_many
                counts["nRemoved"] += method(selector).deleted_count
        except DuplicateKeyError as exc:
            write_errors.append({"index": index, "code": 11000, "errmsg": str(exc), "op": request})
            if ordered:
                break
    document = {**counts, "upserted": upserted, "writeErrors": write_errors}
    if write_errors:
        raise BulkWriteError(document)
    return BulkWriteResult(document, acknowledged=True)


# Writes the embedded store journals; anything else that would write is refused.
_COLLECTION_WRITES = frozenset(
    {
        "insert_one",
        "insert_many",
        "update_one",
        "update_many",
        "replace_one",
        "delete_one",
        "delete_many",
        "find_one_and_update",
        "find_one_and_replace",
        "find_one_and_delete",
        "bulk_write",
        "create_index",
        "create_indexes",
        "drop_index",
        "drop_indexes",
        "drop",
    }
)
_DATABASE_WRITES = frozenset({"drop_collection", "create_collection"})
# What mongomock still offers but PyMongo 4 removed: the driver has no such attribute, so
# neither has the embedded store (code written against it then runs on a real MongoDB too).
_REMOVED_FROM_THE_DRIVER = frozenset(
    {
        "insert",
        "update",
        "remove",
        "save",
        "find_and_modify",
        "ensure_index",
        "map_reduce",
        "inline_map_reduce",
        "initialize_ordered_bulk_op",
        "initialize_unordered_bulk_op",
    }
)
_MISSING = object()


def _finish(outcome: tuple[Any, BaseException | None, int], store: DurableStore) -> Any:
    result, error, ticket = outcome
    store.wait(ticket)
    if error is not None:
        raise error
    return result


def _output_collection(pipeline: Sequence[Any]) -> str | None:
    """The collection a pipeline's `$out` or `$merge` stage writes, if it has one."""
    for stage in pipeline:
        if not isinstance(stage, Mapping):
            continue
        target = stage.get("$out", stage.get("$merge"))
        if isinstance(target, Mapping):
            target = target.get("into", target.get("coll", target))
            if isinstance(target, Mapping):
                target = target.get("coll")
        if isinstance(target, str):
            return target
    return None


class _SyncCollection:
    """A mongomock collection whose writes are journaled by the durable store (each write's
    touched documents are read back after it and logged as after-images), and whose
    bulk_write understands current write models."""

    def __init__(self, inner: Any, store: DurableStore) -> None:
        self._inner = inner
        self._durable = store
        self._db_name: str = inner.database.name
        self.name: str = inner.name

    def __getattr__(self, name: str) -> Any:
        if name in _REMOVED_FROM_THE_DRIVER:
            raise AttributeError(f"'Collection' object has no attribute {name!r} (PyMongo 4)")
        return getattr(self._inner, name)

    def with_options(self, **kwargs: Any) -> _SyncCollection:
        return _SyncCollection(self._inner.with_options(**kwargs), self._durable)

    def aggregate(self, pipeline: list[Any], **kwargs: Any) -> Any:
        if _output_collection(pipeline) is None:
            return self._inner.aggregate(pipeline, **kwargs)
        return _finish(self.begin("aggregate", (pipeline,), kwargs), self._durable)

    def rename(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("rename", args, kwargs), self._durable)

    # --- the journaled writes ------------------------------------------------------------

    def begin(self, name: str, args: Any, kwargs: Any) -> tuple[Any, BaseException | None, int]:
        """Run write `name` and journal it; the caller waits for the ticket, then raises the
        error or returns the result (the async adapter waits without blocking its loop)."""
        return self._durable.run(getattr(self, "_" + name), *args, **kwargs)

    def _touch(self, ids: Iterable[Any]) -> None:
        self._durable.touch(self._db_name, self.name, ids)

    def _first_id(self, filter: Any, sort: Any = None) -> list[Any]:
        pinned = pinned_ids(filter)
        if pinned is not None:  # the documents named by `_id`; whichever one it writes
            return pinned
        cursor = self._inner.find(filter, {"_id": 1})
        if sort:
            cursor = cursor.sort(sort)
        return [document["_id"] for document in cursor.limit(1)]

    def _all_ids(self, filter: Any) -> list[Any]:
        pinned = pinned_ids(filter)
        if pinned is not None:
            return pinned
        return [document["_id"] for document in self._inner.find(filter, {"_id": 1})]

    def _last_id(self) -> Any:
        documents = self._inner._store._documents
        return next(reversed(documents)) if documents else _MISSING

    def _insert_one(self, document: Any, *args: Any, **kwargs: Any) -> Any:
        if "_id" not in document:
            document["_id"] = ObjectId()
        try:
            return self._inner.insert_one(document, *args, **kwargs)
        finally:
            self._touch([document["_id"]])

    def _insert_many(self, documents: Iterable[Any], *args: Any, **kwargs: Any) -> Any:
        documents = list(documents)
        for document in documents:
            if "_id" not in document:
                document["_id"] = ObjectId()
        try:
            return self._inner.insert_many(documents, *args, **kwargs)
        finally:
            self._touch([document["_id"] for document in documents])

    def _changed(self, ids: list[Any], write: Callable[[], Any]) -> Any:
        try:
            result = write()
        finally:
            self._touch(ids)
        upserted = getattr(result, "upserted_id", None)
        if upserted is not None:
            self._touch([upserted])
        return result

    def _update_one(self, filter: Any, update: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._first_id(filter)
        return self._changed(ids, lambda: self._inner.update_one(filter, update, *args, **kwargs))

    def _update_many(self, filter: Any, update: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._all_ids(filter)
        return self._changed(ids, lambda: self._inner.update_many(filter, update, *args, **kwargs))

    def _replace_one(self, filter: Any, replacement: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._first_id(filter)
        return self._changed(
            ids, lambda: self._inner.replace_one(filter, replacement, *args, **kwargs)
        )

    def _delete_one(self, filter: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._first_id(filter)
        return self._changed(ids, lambda: self._inner.delete_one(filter, *args, **kwargs))

    def _delete_many(self, filter: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._all_ids(filter)
        return self._changed(ids, lambda: self._inner.delete_many(filter, *args, **kwargs))

    def _find_one_and(self, method: str, filter: Any, *args: Any, **kwargs: Any) -> Any:
        ids = self._first_id(filter, kwargs.get("sort"))
        last = self._last_id()
        try:
            return getattr(self._inner, method)(filter, *args, **kwargs)
        finally:
            self._touch(ids)
            if not ids and kwargs.get("upsert"):
                now_last = self._last_id()
                if now_last is not _MISSING and now_last != last:
                    self._touch([now_last])

    def _find_one_and_update(self, filter: Any, *args: Any, **kwargs: Any) -> Any:
        return self._find_one_and("find_one_and_update", filter, *args, **kwargs)

    def _find_one_and_replace(self, filter: Any, *args: Any, **kwargs: Any) -> Any:
        return self._find_one_and("find_one_and_replace", filter, *args, **kwargs)

    def _find_one_and_delete(self, filter: Any, *args: Any, **kwargs: Any) -> Any:
        return self._find_one_and("find_one_and_delete", filter, *args, **kwargs)

    def _bulk_write(self, requests: Sequence[Any], ordered: bool = True, **_: Any) -> Any:
        # Each operation goes through this wrapper's own writes, which join this record.
        return _embedded_bulk_write(self, requests, ordered)

    def _indexes(self, write: Callable[[], Any]) -> Any:
        store = self._inner._store
        before = dict(store.indexes)
        try:
            return write()
        finally:
            if store.indexes != before:
                self._durable.structural(
                    {"o": "idx", "d": self._db_name, "c": self.name, "ix": index_entries(store)}
                )

    def _create_index(self, *args: Any, **kwargs: Any) -> Any:
        return self._indexes(lambda: self._inner.create_index(*args, **kwargs))

    def _create_indexes(self, *args: Any, **kwargs: Any) -> Any:
        return self._indexes(lambda: self._inner.create_indexes(*args, **kwargs))

    def _drop_index(self, *args: Any, **kwargs: Any) -> Any:
        return self._indexes(lambda: self._inner.drop_index(*args, **kwargs))

    def _drop_indexes(self, *args: Any, **kwargs: Any) -> Any:
        return self._indexes(lambda: self._inner.drop_indexes(*args, **kwargs))

    def _aggregate(self, pipeline: list[Any], **kwargs: Any) -> Any:
        """A pipeline ending in `$out` / `$merge` writes another collection: every document
        it held before and holds after is journaled (as after-image or deletion)."""
        target = self._inner.database[_output_collection(pipeline)]
        before = list(target._store._documents)
        result = self._inner.aggregate(pipeline, **kwargs)
        self._durable.touch(self._db_name, target.name, [*before, *target._store._documents])
        return result

    def _rename(self, new_name: str, *args: Any, **kwargs: Any) -> Any:
        """The collection under its new name: the old one and whatever held the name before
        are dropped, the new one journaled whole with its indexes."""
        result = self._inner.rename(new_name, *args, **kwargs)
        target = self._inner.database[new_name]
        for op, name in (("drop", self.name), ("drop", new_name), ("create", new_name)):
            self._durable.structural({"o": op, "d": self._db_name, "c": name})
        self._durable.structural(
            {"o": "idx", "d": self._db_name, "c": new_name, "ix": index_entries(target._store)}
        )
        self._durable.touch(self._db_name, new_name, list(target._store._documents))
        return result

    def _drop(self, *args: Any, **kwargs: Any) -> Any:
        self._durable.structural({"o": "drop", "d": self._db_name, "c": self.name})
        return self._inner.drop(*args, **kwargs)

    def insert_one(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("insert_one", args, kwargs), self._durable)

    def insert_many(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("insert_many", args, kwargs), self._durable)

    def update_one(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("update_one", args, kwargs), self._durable)

    def update_many(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("update_many", args, kwargs), self._durable)

    def replace_one(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("replace_one", args, kwargs), self._durable)

    def delete_one(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("delete_one", args, kwargs), self._durable)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("delete_many", args, kwargs), self._durable)

    def find_one_and_update(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("find_one_and_update", args, kwargs), self._durable)

    def find_one_and_replace(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("find_one_and_replace", args, kwargs), self._durable)

    def find_one_and_delete(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("find_one_and_delete", args, kwargs), self._durable)

    def bulk_write(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("bulk_write", args, kwargs), self._durable)

    def create_index(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("create_index", args, kwargs), self._durable)

    def create_indexes(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("create_indexes", args, kwargs), self._durable)

    def drop_index(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("drop_index", args, kwargs), self._durable)

    def drop_indexes(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("drop_indexes", args, kwargs), self._durable)

    def drop(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("drop", args, kwargs), self._durable)


class _SyncDatabase:
    def __init__(self, inner: Any, store: DurableStore) -> None:
        self._inner = inner
        self._durable = store
        # mongomock copies a collection object on every access; ours hold no state of their
        # own, so one per name serves every caller (a drop or rename acts on the name).
        self._collections: dict[str, _SyncCollection] = {}

    def __getitem__(self, name: str) -> _SyncCollection:
        collection = self._collections.get(name)
        if collection is None:
            collection = self._collections[name] = _SyncCollection(self._inner[name], self._durable)
        return collection

    def __getattr__(self, name: str) -> Any:
        collection = self.__dict__.get("_collections", {}).get(name)
        if collection is not None:
            return collection
        attr = getattr(self._inner, name)
        if isinstance(attr, mongomock.Collection):
            return self[name]
        return attr

    def get_collection(self, name: str, **_: Any) -> _SyncCollection:
        return self[name]

    def begin(self, name: str, args: Any, kwargs: Any) -> tuple[Any, BaseException | None, int]:
        return self._durable.run(getattr(self, "_" + name), *args, **kwargs)

    def _drop_collection(self, name_or_collection: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(name_or_collection, "name", name_or_collection)
        self._durable.structural({"o": "drop", "d": self._inner.name, "c": name})
        return self._inner.drop_collection(name, *args, **kwargs)

    def _create_collection(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self._inner.create_collection(name, *args, **kwargs)
        self._durable.structural({"o": "create", "d": self._inner.name, "c": name})
        return self[name]

    def drop_collection(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("drop_collection", args, kwargs), self._durable)

    def create_collection(self, *args: Any, **kwargs: Any) -> Any:
        return _finish(self.begin("create_collection", args, kwargs), self._durable)


class _AsyncCursor:
    """Driver-shaped cursor: chainable sort/skip/limit, `async for`, `await to_list()`."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def sort(self, *args: Any, **kwargs: Any) -> _AsyncCursor:
        self._inner = self._inner.sort(*args, **kwargs)
        return self

    def skip(self, count: int) -> _AsyncCursor:
        self._inner = self._inner.skip(count)
        return self

    def limit(self, count: int) -> _AsyncCursor:
        self._inner = self._inner.limit(count)
        return self

    def batch_size(self, _: int) -> _AsyncCursor:
        return self

    async def to_list(self, length: int | None = None) -> list[Document]:
        items = self.read_all()
        return items if length is None else items[:length]

    def read_all(self) -> list[Document]:
        return list(self._inner)

    def __aiter__(self) -> AsyncIterator[Document]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Document]:
        for item in list(self._inner):
            yield item


class _AsyncCollection:
    def __init__(self, inner: _SyncCollection) -> None:
        self._inner = inner
        self.name: str = inner.name

    def find(self, *args: Any, **kwargs: Any) -> _AsyncCursor:
        return _AsyncCursor(self._inner.find(*args, **kwargs))

    async def aggregate(self, pipeline: list[Any], **_: Any) -> _AsyncCursor:
        return _AsyncCursor(iter(list(self._inner.aggregate(pipeline))))

    def __getattr__(self, name: str) -> Any:
        if name in _COLLECTION_WRITES:
            call = _async_write(self._inner, name)
        else:
            method = getattr(self._inner, name)

            async def call(*args: Any, **kwargs: Any) -> Any:
                return method(*args, **kwargs)

        # Found in the instance from now on: a hot write is not rebuilt on every call.
        self.__dict__[name] = call
        return call


def _async_write(inner: _SyncCollection | _SyncDatabase, name: str) -> Any:
    """A journaled write whose wait for the disk does not block the event loop, so the writes
    of concurrent requests share one fsync."""

    store = inner._durable
    write = getattr(inner, "_" + name)

    async def call(*args: Any, **kwargs: Any) -> Any:
        result, error, ticket = store.run(write, *args, **kwargs)
        if ticket:
            await store.wait_async(ticket)
        if error is not None:
            raise error
        return result

    return call


class _AsyncDatabase:
    def __init__(self, inner: _SyncDatabase) -> None:
        self._inner = inner
        self.name: str = inner.name
        self._collections: dict[str, _AsyncCollection] = {}

    def __getitem__(self, name: str) -> _AsyncCollection:
        collection = self._collections.get(name)
        if collection is None:
            collection = self._collections[name] = _AsyncCollection(self._inner[name])
        return collection

    def get_collection(self, name: str, **_: Any) -> _AsyncCollection:
        return self[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in _DATABASE_WRITES:
            return _async_write(self._inner, name)
        if name in {"command", "list_collection_names"}:
            method = getattr(self._inner, name)

            async def call(*args: Any, **kwargs: Any) -> Any:
                return method(*args, **kwargs)

            return call
        return self[name]


def collection_version(db: AsyncDB, collection: str) -> tuple[str, int, int] | None:
    """On the embedded store, a value that changes whenever `collection` does (so something
    computed from it can be kept while it stays equal); None on MongoDB, where there is none."""
    if isinstance(db, _AsyncDatabase):
        return db._inner._durable.version(db.name, collection)
    return None


def collection_changes(
    db: AsyncDB, collection: str, version: tuple[str, int, int]
) -> set[Any] | None:
    """On the embedded store, the ids of the documents of `collection` written since
    `version` (from `collection_version`); None when that cannot be told (or on MongoDB)."""
    if isinstance(db, _AsyncDatabase):
        return db._inner._durable.changed_since(db.name, collection, version)
    return None


async def to_list_off_loop(cursor: Any) -> list[Document]:
    """Every document of `cursor`; on the embedded store, read on a worker thread.

    The embedded store answers synchronously, so a read that visits hundreds of documents
    would hold the event loop (every other request, every Redis reply) for its whole length.
    MongoDB's driver awaits the network instead, so there the cursor is simply awaited."""
    if isinstance(cursor, _AsyncCursor):
        return await asyncio.to_thread(cursor.read_all)
    documents: list[Document] = await cursor.to_list()
    return documents


@dataclass
class MongoHandles:
    """What the API process holds: an async database, and how to close it."""

    db: AsyncDB
    client: Any

    async def ping(self) -> None:
        await self.db.command("ping")

    async def close(self) -> None:
        if isinstance(self.client, AsyncMongoClient):
            await self.client.close()


def open_async(settings: Settings, db_name: str | None = None) -> MongoHandles:
    name = db_name or settings.mongodb_db
    if settings.mongodb_uri:
        client: AsyncMongoClient[Document] = AsyncMongoClient(
            settings.mongodb_uri, tz_aware=True, serverSelectionTimeoutMS=3000
        )
        return MongoHandles(db=client[name], client=client)
    store = embedded_store(settings)
    sync_db = _SyncDatabase(store.client[name], store)
    return MongoHandles(db=cast(AsyncDB, _AsyncDatabase(sync_db)), client=None)


_sync_clients: dict[str, MongoClient[Document]] = {}


def sync_db(settings: Settings, db_name: str | None = None) -> SyncDB:
    """Synchronous database for Celery tasks and the CLI (one pooled client per URI)."""
    name = db_name or settings.mongodb_db
    if settings.mongodb_uri:
        with _embedded_lock:
            client = _sync_clients.get(settings.mongodb_uri)
            if client is None:
                client = MongoClient(
                    settings.mongodb_uri, tz_aware=True, serverSelectionTimeoutMS=3000
                )
                _sync_clients[settings.mongodb_uri] = client
        return client[name]
    store = embedded_store(settings)
    return cast(SyncDB, _SyncDatabase(store.client[name], store))


def drop_database(settings: Settings, db_name: str) -> None:
    if settings.mongodb_uri:
        sync_db(settings, db_name).client.drop_database(db_name)
    else:
        store = embedded_store(settings)

        def drop() -> None:
            store.structural({"o": "dropdb", "d": db_name})
            store.client.drop_database(db_name)

        _finish(store.run(drop), store)


def is_duplicate(exc: BaseException) -> bool:
    return isinstance(exc, DuplicateKeyError)


def chunks(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
