"""MongoDB access: the real driver when `MONGODB_URI` is set, the embedded store otherwise.

The API talks to Mongo through PyMongo's async API (`AsyncMongoClient`); Celery tasks use the
synchronous `MongoClient`, because an async client is bound to one event loop. In the embedded
default both sides must see the same data, so one in-process mongomock client backs both: the
async side is a thin adapter that awaits nothing (the store is in memory) but keeps the driver's
call shapes, so the code above it is written once for both backends.

Only what both backends support is used: single-document atomic updates, unique indexes for
idempotency, no transactions, no arrayFilters, no `$dateTrunc`.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import mongomock
from pymongo import AsyncMongoClient, MongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.database import Database
from pymongo.errors import BulkWriteError, DuplicateKeyError
from pymongo.results import BulkWriteResult

from core.settings import Settings

Document = dict[str, Any]
AsyncDB = AsyncDatabase[Document]
SyncDB = Database[Document]

_embedded_lock = threading.Lock()
_embedded_client: mongomock.MongoClient | None = None


def embedded_client() -> mongomock.MongoClient:
    """The one in-process store of this process, shared by the API and the worker thread."""
    global _embedded_client
    with _embedded_lock:
        if _embedded_client is None:
            from core import embedded_speedups

            embedded_speedups.apply()
            _embedded_client = mongomock.MongoClient(tz_aware=True)
        return _embedded_client


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


class _SyncCollection:
    """A mongomock collection whose bulk_write understands current write models."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def bulk_write(self, requests: Sequence[Any], ordered: bool = True, **_: Any) -> Any:
        return _embedded_bulk_write(self._inner, requests, ordered)


class _SyncDatabase:
    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getitem__(self, name: str) -> _SyncCollection:
        return _SyncCollection(self._inner[name])

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if isinstance(attr, mongomock.Collection):
            return _SyncCollection(attr)
        return attr

    def get_collection(self, name: str, **_: Any) -> _SyncCollection:
        return self[name]


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
        items = list(self._inner)
        return items if length is None else items[:length]

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

    async def bulk_write(self, requests: Sequence[Any], ordered: bool = True, **_: Any) -> Any:
        return self._inner.bulk_write(requests, ordered=ordered)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._inner, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return method(*args, **kwargs)

        return call


class _AsyncDatabase:
    def __init__(self, inner: _SyncDatabase) -> None:
        self._inner = inner
        self.name: str = inner.name

    def __getitem__(self, name: str) -> _AsyncCollection:
        return _AsyncCollection(self._inner[name])

    def get_collection(self, name: str, **_: Any) -> _AsyncCollection:
        return self[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in {"command", "list_collection_names", "drop_collection", "create_collection"}:
            method = getattr(self._inner, name)

            async def call(*args: Any, **kwargs: Any) -> Any:
                return method(*args, **kwargs)

            return call
        return self[name]


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
    sync_db = _SyncDatabase(embedded_client()[name])
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
    return cast(SyncDB, _SyncDatabase(embedded_client()[name]))


def drop_database(settings: Settings, db_name: str) -> None:
    if settings.mongodb_uri:
        sync_db(settings, db_name).client.drop_database(db_name)
    else:
        embedded_client().drop_database(db_name)


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
