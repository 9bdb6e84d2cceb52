"""The embedded store's files: an append-only journal of after-images, and snapshots.

A record is `<length: u32 LE><crc32 of body: u32 LE><body: one BSON document>`. The journal
holds one record per acknowledged write (the documents as they are after it, the ids it
deleted, a collection's index definitions after an index change, or a drop), so replaying it
is deterministic whatever the write was. A snapshot holds the same records for a whole store
and ends with an `{"end": n}` record; without that record it is incomplete and ignored.

With fsync off, `Journal.append` write()s the record before it returns, so a killed process
never loses an acknowledged write. With fsync on, a flusher thread write()s and fdatasyncs
whatever has been appended (every writer waiting at that moment shares one sync) and
`wait` / `wait_async` return once the caller's record is on disk.

Reading: a record that runs past the end of its file, or a bad last record, is a torn tail (a
crash during its write): `read_records` reports it as `TornTail` with its offset, and the
caller drops it. A bad record with valid-looking data after it is corruption in the middle of
the log, reported as `CorruptLog` naming the file and offset: nothing after it is trusted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bson

log = logging.getLogger(__name__)
HEADER = struct.Struct("<II")
MIN_BODY = 5  # the smallest BSON document
MAX_BODY = 1 << 30


class CorruptLog(Exception):
    """A damaged record in the middle of a journal or snapshot; the message names where."""

    def __init__(self, path: Path, offset: int, reason: str) -> None:
        super().__init__(
            f"{path} is damaged at byte {offset} ({reason}) and data follows it; refusing to "
            "start rather than lose what comes after. Restore the file from a backup or move "
            "it aside knowing that its writes from that point on are lost."
        )
        self.path = path
        self.offset = offset


@dataclass(frozen=True)
class TornTail:
    """The unfinished last record of a file: where it starts and how many bytes it spans."""

    path: Path
    offset: int
    size: int
    reason: str


def frame(body: bytes) -> bytes:
    return HEADER.pack(len(body), zlib.crc32(body)) + body


def encode(record: dict[str, Any]) -> bytes:
    return frame(bson.encode(record))


def read_records(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], TornTail | None]:
    """Every intact record of `path` with its offset, and the torn tail if there is one."""
    data = path.read_bytes()
    records: list[tuple[int, dict[str, Any]]] = []
    offset = 0
    end = len(data)
    while offset < end:
        problem = _check(data, offset)
        if problem is None:
            length, _ = HEADER.unpack_from(data, offset)
            body = data[offset + HEADER.size : offset + HEADER.size + length]
            records.append((offset, bson.decode(body)))
            offset += HEADER.size + length
            continue
        reason, spans_to_end = problem
        if spans_to_end or not data[offset:].strip(b"\0"):
            return records, TornTail(path, offset, end - offset, reason)
        raise CorruptLog(path, offset, reason)
    return records, None


def _check(data: bytes, offset: int) -> tuple[str, bool] | None:
    """None when the record at `offset` is intact; else why not, and whether it is the last."""
    end = len(data)
    if end - offset < HEADER.size:
        return "incomplete header", True
    length, crc = HEADER.unpack_from(data, offset)
    if length < MIN_BODY or length > MAX_BODY:
        return f"impossible length {length}", offset + HEADER.size + length >= end
    stop = offset + HEADER.size + length
    if stop > end:
        return f"record of {length} bytes cut short at {end - offset - HEADER.size}", True
    body = data[offset + HEADER.size : stop]
    if zlib.crc32(body) != crc:
        return "checksum mismatch", stop == end
    try:
        bson.decode(body)
    except Exception:  # a body that passed its CRC yet is not BSON: written wrong, not torn
        return "not a BSON document", stop == end
    return None


def _sync(fd: int) -> None:
    # The data and the file's size, which is all a reader needs (not its timestamps).
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Journal:
    """One open journal file and, with fsync on, the flusher that makes appends durable.

    Tickets are sequence numbers of appends; `wait(ticket)` returns once that append is on
    disk. With fsync off, `append` write()s the record itself. With fsync on, it queues the
    record and the flusher write()s everything queued in one call and fdatasyncs it (the
    writers waiting at that moment share both); a record is acknowledged only after that, so
    it is written before it is acknowledged either way. `switch(path)` moves later appends to
    a new file once everything before is synced (compaction starts a new segment this way).

    The flusher never waits on a lock the writers take. A thread woken from a condition
    variable must take its lock back and then the interpreter lock; while it held the one and
    waited for the other, every writer queued behind it, once per sync. Instead it sleeps on
    a doorbell (a bare lock) that the first record of each batch rings, and the state it shares
    with writers sits behind a mutex held only for a few assignments.
    """

    def __init__(self, path: Path, *, fsync: bool) -> None:
        self.path = path
        self.fsync = fsync
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.size = os.fstat(self._fd).st_size
        self._mutex = threading.Lock()
        self._synced_changed = threading.Condition(self._mutex)  # for blocking waiters only
        self._doorbell = threading.Lock()
        self._doorbell.acquire()  # released ("rung") when there is something to write
        self._io = threading.Lock()  # whoever holds it writes and syncs the file
        self._queue: list[bytes] = []
        self._appended = 0
        self._taken = 0  # the last ticket handed to a write+sync that may still be running
        self._synced = 0
        # Futures of asyncio waiters, one per event loop and batch: those due at the sync
        # now running, and those due at the one after it.
        self._running: dict[asyncio.AbstractEventLoop, asyncio.Future[None]] = {}
        self._next: dict[asyncio.AbstractEventLoop, asyncio.Future[None]] = {}
        self._closed = False
        self._error: OSError | None = None
        self._flusher: threading.Thread | None = None
        if fsync:
            self._flusher = threading.Thread(
                target=self._flush_loop, name=f"journal-flush:{path.parent}", daemon=True
            )
            self._flusher.start()

    # --- writing (callers hold the store's write lock) -----------------------------------

    def append(self, record: bytes) -> int:
        self.size += len(record)
        if not self.fsync:
            _write_all(self._fd, record)
            self._appended += 1
            self._synced = self._appended
            return self._appended
        with self._mutex:
            if self._error is not None:
                raise OSError(f"the embedded store cannot write {self.path}: {self._error}")
            self._queue.append(record)
            self._appended += 1
            ticket = self._appended
            first = len(self._queue) == 1
        if first:
            self._ring()
        return ticket

    def _ring(self) -> None:
        with contextlib.suppress(RuntimeError):  # already rung and not yet answered
            self._doorbell.release()

    def switch(self, path: Path) -> None:
        """Later appends go to `path`; everything appended before is synced first."""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        with self._io:
            self._flush_queue()
            with self._mutex:
                old, self._fd = self._fd, fd
                self.path = path
                self.size = 0
            os.close(old)
        fsync_dir(path.parent)

    def sync_now(self) -> None:
        with self._io:
            self._flush_queue()

    def _flush_queue(self) -> None:
        """Write and sync what is queued (with self._io held)."""
        with self._mutex:
            queued, self._queue = self._queue, []
            target = self._taken = self._appended
            running, self._running, self._next = self._next, self._next, {}
        try:
            if queued:
                _write_all(self._fd, b"".join(queued))
            _sync(self._fd)
        except OSError as exc:
            with self._mutex:
                self._error = exc
                self._wake_all()
            raise
        with self._mutex:
            if target > self._synced:
                self._synced = target
            self._synced_changed.notify_all()
            if self._running is running:
                self._running = {}
        _settle(running)

    # --- waiting -------------------------------------------------------------------------

    def wait(self, ticket: int) -> None:
        if not self.fsync or ticket <= 0:
            return
        with self._mutex:
            while self._synced < ticket and self._error is None and not self._closed:
                self._synced_changed.wait()
            self._raise_if_failed(ticket)

    async def wait_async(self, ticket: int) -> None:
        if not self.fsync or ticket <= 0 or self._synced >= ticket:
            return
        loop = asyncio.get_running_loop()
        with self._mutex:
            if self._synced >= ticket or self._error is not None or self._closed:
                self._raise_if_failed(ticket)
                return
            batch = self._running if ticket <= self._taken else self._next
            future = batch.get(loop)
            if future is None:
                future = batch[loop] = _SharedFuture(loop=loop)
        # Every writer of this loop in the batch awaits the same future; it cannot be
        # cancelled, so cancelling one writer's task leaves the others waiting.
        await future
        self._raise_if_failed(ticket)

    def _raise_if_failed(self, ticket: int) -> None:
        if self._synced >= ticket:
            return
        if self._error is not None:
            raise OSError(f"the embedded store could not write {self.path}: {self._error}")
        raise RuntimeError("the embedded store was closed before the write reached disk")

    # --- the flusher ---------------------------------------------------------------------

    def _flush_loop(self) -> None:
        while True:
            # Rung by the first record of a batch. The flusher then runs once the writers
            # give up the interpreter lock, which on a busy event loop is when they are all
            # waiting: the batch is whatever they queued by then.
            self._doorbell.acquire()
            if self._closed:
                return
            try:
                with self._io:
                    self._flush_queue()
            except OSError:
                log.exception("embedded store: cannot write %s; writes now fail", self.path)
                return

    def _wake_all(self) -> None:
        # with self._mutex held
        self._synced_changed.notify_all()
        batches = (self._running, self._next)
        self._running, self._next = {}, {}
        for batch in batches:
            _settle(batch)

    def close(self) -> None:
        with self._io:
            with contextlib.suppress(OSError):
                self._flush_queue()
            with self._mutex:
                if self._closed:
                    return
                self._closed = True
                self._wake_all()
        if self._flusher is not None:
            self._ring()
            self._flusher.join(timeout=5)
        os.close(self._fd)


class _SharedFuture(asyncio.Future[None]):
    """A future awaited by many tasks: cancelling one of them does not cancel it."""

    def cancel(self, msg: Any = None) -> bool:
        return False


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _settle(batch: dict[asyncio.AbstractEventLoop, asyncio.Future[None]]) -> None:
    """One wake-up of each loop settles its future for the batch."""
    for loop, future in batch.items():
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(_set_done, future)


def _set_done(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


def iter_chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
