"""The embedded MongoDB-compatible store, kept on disk under `DATA_DIR/store/`.

A mongomock client holds the data in memory; every write through `core.mongo`'s wrappers runs
inside `DurableStore.run`, which holds the store's write lock, lets the wrapper note which
documents (by `_id`), indexes or collections the write touched, and then appends one journal
record with their after-images (a document as it is now, or its deletion; a collection's index
definitions; a drop). Replaying after-images is deterministic whatever the write was.

Files (generation g counts compactions):

    LOCK                   held (flock) by the one process that has the store open for writing
    snapshot-<g>.bson      the whole store as it was when journal-<g> began (absent for g = 0)
    journal-<g>.log        the writes after that snapshot, in order

Start-up loads the newest snapshot and replays the journals from its generation on. When the
journal passes `EMBEDDED_COMPACT_BYTES`, a compaction starts journal-<g+1>, encodes the store
under the write lock, and writes snapshot-<g+1> beside it (temp file, fsync, rename, fsync of
the directory) before deleting the older files; a crash at any point leaves either the old
snapshot with both journals, or the new snapshot with its journal.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import re
import threading
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import bson
import mongomock
from bson.raw_bson import RawBSONDocument

from core import embedded_speedups, journal
from core.journal import CorruptLog, TornTail

log = logging.getLogger(__name__)

T = TypeVar("T")
SNAPSHOT = re.compile(r"^snapshot-(\d{8})\.bson$")
JOURNAL = re.compile(r"^journal-(\d{8})\.log$")
CHUNK_DOCS = 1000
CHUNK_BYTES = 4 * 1024 * 1024
# Writes per collection whose document ids are remembered (`changed_since`).
CHANGES_KEPT = 20_000


class StoreBusy(Exception):
    """Another process has this data dir's store open for writing."""


@dataclass
class ReplayReport:
    generation: int = 0
    snapshot_documents: int = 0
    journal_records: int = 0
    dropped_tails: list[TornTail] = field(default_factory=list)
    seconds: float = 0.0


class _Pending:
    """What the write being run has touched, in the order it touched it."""

    __slots__ = ("documents", "structural")

    def __init__(self) -> None:
        self.documents: dict[tuple[str, str], dict[Any, None]] = {}
        self.structural: list[dict[str, Any]] = []


def _snapshot_path(directory: Path, generation: int) -> Path:
    return directory / f"snapshot-{generation:08d}.bson"


def _journal_path(directory: Path, generation: int) -> Path:
    return directory / f"journal-{generation:08d}.log"


def _generations(directory: Path, pattern: re.Pattern[str]) -> list[int]:
    found = []
    for path in directory.iterdir():
        match = pattern.match(path.name)
        if match:
            found.append(int(match.group(1)))
    return sorted(found)


def index_entries(collection_store: Any) -> list[dict[str, Any]]:
    return [
        {"name": name, "spec": {**spec, "key": [[k, d] for k, d in spec["key"]]}}
        for name, spec in collection_store.indexes.items()
    ]


def _index_spec(spec: dict[str, Any]) -> dict[str, Any]:
    # BSON brings the key back as lists; mongomock compares it with tuples.
    out = dict(spec)
    out["key"] = [(str(k), d) for k, d in spec["key"]]
    return out


class DurableStore:
    def __init__(
        self,
        directory: Path,
        *,
        fsync: bool = True,
        compact_bytes: int = 64 * 1024 * 1024,
        read_only: bool = False,
    ) -> None:
        self.directory = directory
        self.fsync = fsync
        self.compact_bytes = compact_bytes
        self.read_only = read_only
        self.client: Any = mongomock.MongoClient(tz_aware=True)
        self.lock = threading.RLock()
        # mongomock changes documents in place (a replace clears the document, then fills it):
        # readers in other threads take the same lock, so none sees a write half done.
        setattr(self.client, "trendloop_read_lock", self.lock)  # noqa: B010
        self.generation = 0
        self.journal: journal.Journal | None = None
        self.report = ReplayReport()
        self._pending: _Pending | None = None
        # Write counters: a collection's version moves on every write that touches it, so a
        # result computed from it can be kept until the version moves (`version`).
        self._token = uuid.uuid4().hex
        self._writes: dict[tuple[str, str], int] = {}
        self._database_drops: dict[str, int] = {}
        # The ids each recent write touched (None: the collection itself changed), numbered as
        # `_writes` counts them, so a view kept beside the store can catch up (`changed_since`).
        self._changes: dict[tuple[str, str], deque[tuple[int, tuple[Any, ...] | None]]] = {}
        self._lock_fd: int | None = None
        self._compaction: threading.Thread | None = None
        self._closed = False
        directory.mkdir(parents=True, exist_ok=True)
        if not read_only:
            self._take_lock()
        try:
            self._load()
        except BaseException:
            self._release_lock()
            raise

    # --- opening -------------------------------------------------------------------------

    def _take_lock(self) -> None:
        fd = os.open(self.directory / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise StoreBusy(
                f"The embedded store in {self.directory} is open in process {holder}; "
                "stop that process (`trendloop serve`) first."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._lock_fd, 0)
            os.close(self._lock_fd)  # closing drops the flock
            self._lock_fd = None

    def _load(self) -> None:
        started = time.perf_counter()
        for leftover in self.directory.glob("*.tmp"):
            if not self.read_only:
                leftover.unlink(missing_ok=True)
        snapshots = _generations(self.directory, SNAPSHOT)
        generation = snapshots[-1] if snapshots else 0
        if snapshots:
            self.report.snapshot_documents = self._load_snapshot(
                _snapshot_path(self.directory, generation)
            )
        journals = [g for g in _generations(self.directory, JOURNAL) if g >= generation]
        for number in journals:
            path = _journal_path(self.directory, number)
            records, torn = journal.read_records(path)
            for _, record in records:
                self._apply(record)
            self.report.journal_records += len(records)
            if torn is not None:
                self._drop_tail(torn)
        current = max([generation, *journals])
        self.generation = current
        self.report.generation = current
        if not self.read_only:
            self._remove_older_than(generation)
            self.journal = journal.Journal(_journal_path(self.directory, current), fsync=self.fsync)
        self.report.seconds = time.perf_counter() - started

    def _load_snapshot(self, path: Path) -> int:
        records, torn = journal.read_records(path)
        if torn is not None or not records or "end" not in records[-1][1]:
            offset = torn.offset if torn is not None else path.stat().st_size
            raise CorruptLog(path, offset, "snapshot without its end record")
        documents = 0
        for _, record in records[:-1]:
            documents += self._apply(record)
        return documents

    def _drop_tail(self, torn: TornTail) -> None:
        log.warning(
            "embedded store: dropped the torn end of %s: %d bytes from offset %d (%s); "
            "everything before it is kept",
            torn.path,
            torn.size,
            torn.offset,
            torn.reason,
            extra={"path": str(torn.path), "offset": torn.offset, "bytes": torn.size},
        )
        self.report.dropped_tails.append(torn)
        if not self.read_only:
            with open(torn.path, "r+b") as handle:
                handle.truncate(torn.offset)
                handle.flush()
                os.fsync(handle.fileno())

    def _remove_older_than(self, generation: int) -> None:
        removed = False
        for number in _generations(self.directory, SNAPSHOT):
            if number < generation:
                _snapshot_path(self.directory, number).unlink(missing_ok=True)
                removed = True
        for number in _generations(self.directory, JOURNAL):
            if number < generation:
                _journal_path(self.directory, number).unlink(missing_ok=True)
                removed = True
        if removed:
            journal.fsync_dir(self.directory)

    # --- applying records (replay, restore) ----------------------------------------------

    def _collection_store(self, db: str, collection: str) -> Any:
        return self.client._store[db][collection]

    def _apply(self, record: dict[str, Any]) -> int:
        """Apply one record's operations to memory; returns the documents it put."""
        put = 0
        for op in record.get("ops", ()):
            kind = op["o"]
            if kind == "w":
                store = self._collection_store(op["d"], op["c"])
                documents = store._documents
                written = []
                for document in op.get("put", ()):
                    documents[document["_id"]] = document
                    written.append(document["_id"])
                    put += 1
                for removed in op.get("del", ()):
                    documents.pop(removed, None)
                    written.append(removed)
                embedded_speedups.documents_changed(store, written)
            elif kind == "idx":
                store = self._collection_store(op["d"], op["c"])
                store.indexes = {}
                store._ttl_indexes = {}
                for entry in op["ix"]:
                    store.create_index(entry["name"], _index_spec(entry["spec"]))
            elif kind == "create":
                self._collection_store(op["d"], op["c"]).create()
            elif kind == "drop":
                self._collection_store(op["d"], op["c"]).drop()
            elif kind == "dropdb":
                for store in self.client._store[op["d"]]._collections.values():
                    store.drop()
        return put

    # --- writing -------------------------------------------------------------------------

    def run(
        self, action: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> tuple[T | None, BaseException | None, int]:
        """Run `action(*args, **kwargs)`, a write, under the store's lock and journal what it
        touched.

        Returns the result (or the error the write raised, after journaling whatever part of
        it was applied) and a ticket for `wait` / `wait_async`. A write run inside another
        (a bulk write's operations) joins the outer one's record and raises its own errors.
        """
        with self.lock:
            if self._pending is not None:
                return action(*args, **kwargs), None, 0
            if self._closed or self.read_only:
                self._check_open()
            self._pending = _Pending()
            result: T | None = None
            error: BaseException | None = None
            try:
                result = action(*args, **kwargs)
            except Exception as exc:
                error = exc
            finally:
                pending, self._pending = self._pending, None
            ticket = self._commit(pending)
            compact = (
                self.journal is not None
                and self.journal.size > self.compact_bytes
                and self._compaction is None
            )
            if compact:
                self._compaction = threading.Thread(
                    target=self._compact_in_background, name="store-compaction", daemon=True
                )
                self._compaction.start()
        return result, error, ticket

    def touch(self, db: str, collection: str, ids: Any) -> None:
        """The write being run may have changed or deleted these documents."""
        assert self._pending is not None, "touch() outside DurableStore.run"
        seen = self._pending.documents.setdefault((db, collection), {})
        for value in ids:
            seen[value] = None

    def structural(self, op: dict[str, Any]) -> None:
        assert self._pending is not None, "structural() outside DurableStore.run"
        self._pending.structural.append(op)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the embedded store in {self.directory} is closed")
        if self.read_only:
            raise RuntimeError(f"the embedded store in {self.directory} is open read-only")

    def version(self, db: str, collection: str) -> tuple[str, int, int]:
        """Equal versions of a collection in this store mean equal contents: it moves with
        every write that touches the collection (or drops, creates or re-indexes it)."""
        with self.lock:
            return (
                self._token,
                self._database_drops.get(db, 0),
                self._writes.get((db, collection), 0),
            )

    def changed_since(
        self, db: str, collection: str, version: tuple[str, int, int]
    ) -> set[Any] | None:
        """The ids of the documents of `collection` written since `version` (a value of
        `version`), or None when that cannot be told: another store, a drop, an index change,
        or more writes since than are remembered."""
        token, drops, writes = version
        with self.lock:
            if token != self._token or drops != self._database_drops.get(db, 0):
                return None
            key = (db, collection)
            if self._writes.get(key, 0) == writes:
                return set()
            changes = self._changes.get(key)
            if not changes or changes[0][0] > writes + 1:
                return None
            out: set[Any] = set()
            for number, ids in reversed(changes):
                if number <= writes:
                    break
                if ids is None:
                    return None
                out.update(ids)
            return out

    def _note(self, db: str, collection: str, ids: tuple[Any, ...] | None) -> None:
        """Count a write to `collection` and remember the ids it wrote (None: all of them)."""
        key = (db, collection)
        number = self._writes[key] = self._writes.get(key, 0) + 1
        changes = self._changes.get(key)
        if changes is None:
            changes = self._changes[key] = deque(maxlen=CHANGES_KEPT)
        changes.append((number, ids))

    def _commit(self, pending: _Pending) -> int:
        ops: list[dict[str, Any]] = pending.structural
        for op in ops:
            if op["o"] == "dropdb":
                self._database_drops[op["d"]] = self._database_drops.get(op["d"], 0) + 1
            else:
                self._note(op["d"], op["c"], None)
        databases = self.client._store._databases
        for (db, name), ids in pending.documents.items():
            if not ids:
                continue
            try:
                documents = databases[db]._collections[name]._documents
            except KeyError:  # touched but never created: every id is a deletion
                documents = self._collection_store(db, name)._documents
            put: list[Any] = []
            deleted: list[Any] = []
            for value in ids:
                document = documents.get(value)
                if document is None:
                    deleted.append(value)
                else:
                    put.append(document)
            ops.append({"o": "w", "d": db, "c": name, "put": put, "del": deleted})
            # Each id touched is either put or deleted: together, the ids it wrote.
            self._note(db, name, tuple(ids))
        if not ops:
            return 0
        assert self.journal is not None
        try:
            record = journal.encode({"ops": ops})
        except (bson.errors.InvalidDocument, OverflowError) as exc:
            log.error("embedded store: a write could not be journaled: %s", exc)
            raise
        return self.journal.append(record)

    def wait(self, ticket: int) -> None:
        if ticket and self.journal is not None:
            self.journal.wait(ticket)

    def wait_async(self, ticket: int) -> Awaitable[None]:
        """Await it: done once `ticket` is on disk (at once for ticket 0, a read-only store or
        fsync off)."""
        if ticket and self.journal is not None and self.journal.fsync:
            return self.journal.wait_async(ticket)
        return _DONE

    # --- snapshots -----------------------------------------------------------------------

    def encode_state(self) -> list[bytes]:
        """The whole store as framed snapshot records (taken under the write lock)."""
        records: list[bytes] = []
        with self.lock:
            databases: dict[str, Any] = self.client._store._databases
            for db_name, database in list(databases.items()):
                for name, store in list(database._collections.items()):
                    if not store.is_created:
                        continue
                    head: list[dict[str, Any]] = []
                    if store._is_force_created:
                        head.append({"o": "create", "d": db_name, "c": name})
                    if store.indexes:
                        head.append(
                            {"o": "idx", "d": db_name, "c": name, "ix": index_entries(store)}
                        )
                    if head:
                        records.append(journal.encode({"ops": head}))
                    chunk: list[RawBSONDocument] = []
                    size = 0
                    for document in store._documents.values():
                        raw = RawBSONDocument(bson.encode(document))
                        chunk.append(raw)
                        size += len(raw.raw)
                        if len(chunk) >= CHUNK_DOCS or size >= CHUNK_BYTES:
                            records.append(self._put_record(db_name, name, chunk))
                            chunk, size = [], 0
                    if chunk:
                        records.append(self._put_record(db_name, name, chunk))
        return records

    @staticmethod
    def _put_record(db: str, name: str, chunk: list[RawBSONDocument]) -> bytes:
        return journal.encode({"ops": [{"o": "w", "d": db, "c": name, "put": chunk}]})

    def compact(self) -> None:
        """Start a new journal segment and write the snapshot it follows."""
        with self.lock:
            self._check_open()
            assert self.journal is not None
            generation = self.generation + 1
            self.journal.switch(_journal_path(self.directory, generation))
            self.generation = generation
            records = self.encode_state()
        final = _snapshot_path(self.directory, generation)
        temp = final.with_name(final.name + ".tmp")
        with open(temp, "wb") as handle:
            for record in records:
                handle.write(record)
            handle.write(journal.encode({"end": len(records)}))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
        journal.fsync_dir(self.directory)
        self._remove_older_than(generation)
        log.info(
            "embedded store compacted",
            extra={"generation": generation, "records": len(records), "path": str(final)},
        )

    def _compact_in_background(self) -> None:
        try:
            if not self._closed:
                self.compact()
        except Exception:
            log.exception("embedded store: compaction failed; the journal keeps growing")
        finally:
            with self.lock:
                self._compaction = None

    # --- closing -------------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            if self._closed:
                return
            self._closed = True
            compaction = self._compaction
        if compaction is not None and compaction is not threading.current_thread():
            compaction.join(timeout=30)
        with self.lock:
            if self.journal is not None:
                self.journal.close()
            self._release_lock()


class _Done:
    """An awaitable that is already done (what waiting for a write on no disk costs)."""

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield


_DONE = _Done()
_registry_lock = threading.Lock()
_stores: dict[Path, DurableStore] = {}


def store_directory(data_dir: Path) -> Path:
    return (data_dir / "store").resolve()


def open_store(data_dir: Path, *, fsync: bool, compact_bytes: int) -> DurableStore:
    """The process's store for `data_dir`, replayed from disk the first time it is asked for."""
    directory = store_directory(data_dir)
    with _registry_lock:
        store = _stores.get(directory)
        if store is None:
            store = DurableStore(directory, fsync=fsync, compact_bytes=compact_bytes)
            _stores[directory] = store
            report = store.report
            log.info(
                "embedded store opened",
                extra={
                    "path": str(directory),
                    "generation": report.generation,
                    "snapshot_documents": report.snapshot_documents,
                    "journal_records": report.journal_records,
                    "seconds": round(report.seconds, 3),
                },
            )
        return store


def open_for_reading(data_dir: Path) -> DurableStore:
    """This process's open store for `data_dir`, or a read-only copy replayed from its files
    (safe while another process writes them: it reads a consistent prefix)."""
    directory = store_directory(data_dir)
    with _registry_lock:
        store = _stores.get(directory)
    if store is not None:
        return store
    for attempt in range(3):
        try:
            return DurableStore(directory, read_only=True)
        except FileNotFoundError:  # a compaction removed a file between listing and reading
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def close_store(data_dir: Path) -> None:
    directory = store_directory(data_dir)
    with _registry_lock:
        store = _stores.pop(directory, None)
    if store is not None:
        store.close()


def close_all() -> None:
    with _registry_lock:
        stores = list(_stores.values())
        _stores.clear()
    for store in stores:
        with contextlib.suppress(Exception):
            store.close()


def open_stores() -> Iterator[DurableStore]:
    with _registry_lock:
        yield from list(_stores.values())


atexit.register(close_all)
