"""Bounded worker pools: work that would stall the event loop runs here, and a full pool refuses
at once instead of queueing without end.

- `auth`: password hashing and checks. Anyone may ask for them without an account, so they have
  threads of their own: a flood of sign-ups or log-ins is refused among itself and never takes
  the threads an upload needs; and each hash holds 64 MiB, so they get half the cores.
- `cpu`: image validation and decoding, computations and exports.
- `io`: blocking file and object-storage calls (originals kept at upload, variants served).

Each pool runs at most `workers` jobs at once and holds at most `queue` more waiting; the next
job raises `Busy` (HTTP 503 with `Retry-After`). Sizes come from the settings (`POOL_*`, sized
from the CPU count by default): `configure` records them, the app does so at start-up; a pool is
made on first use in each process (a forked process makes its own) and `shutdown` ends them
with the app.

Threads rather than processes: argon2, Pillow's decoders and polars release the GIL while they
work, so a thread runs them beside the loop, and the jobs' inputs (uploads, frames) would cost
more to pickle than to hand over. On Linux the pool threads run at a lower priority
(`POOL_THREAD_NICE`): on a busy machine the event loop's thread gets a core before them, which
is what keeps health checks and cheap requests fast while hashes and decodes queue
(`bench/loop_stall.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, ParamSpec, TypeVar

from core.errors import Busy
from core.settings import Settings, get_settings

PoolName = Literal["auth", "cpu", "io"]
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class PoolSize:
    workers: int
    queue: int
    retry_after: int
    nice: int


def sizes(settings: Settings) -> dict[PoolName, PoolSize]:
    retry, nice = settings.pool_retry_after_seconds, settings.pool_thread_nice
    return {
        "auth": PoolSize(settings.pool_auth_workers, settings.pool_auth_queue, retry, nice),
        "cpu": PoolSize(settings.pool_cpu_workers, settings.pool_cpu_queue, retry, nice),
        "io": PoolSize(settings.pool_io_workers, settings.pool_io_queue, retry, nice),
    }


def lower_priority(nice: int) -> None:
    """Make the calling thread `nice` steps less important (Linux only: niceness is per
    thread there; elsewhere, or when refused, the thread keeps the process's)."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.setpriority(
            os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + nice)
        )


class BoundedPool:
    """A thread pool that admits at most `workers + queue` jobs; the next one raises `Busy`."""

    def __init__(self, name: PoolName, size: PoolSize) -> None:
        self.name = name
        self.size = size
        self._executor = ThreadPoolExecutor(
            size.workers,
            thread_name_prefix=f"pool-{name}",
            initializer=lower_priority,
            initargs=(size.nice,),
        )
        self._lock = threading.Lock()
        self._admitted = 0

    @property
    def admitted(self) -> int:
        """Jobs running or waiting now."""
        return self._admitted

    def submit(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._lock:
            if self._admitted >= self.size.workers + self.size.queue:
                raise Busy(self.name, self.size.retry_after)
            self._admitted += 1
        # The caller's context variables (the request id in log lines) go along.
        context = contextvars.copy_context()

        def job() -> T:
            return context.run(fn, *args, **kwargs)

        try:
            future = self._executor.submit(job)
        except BaseException:
            self._release()
            raise
        # Runs when the job ends, fails or is cancelled before it started.
        future.add_done_callback(lambda _: self._release())
        return future

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    def shutdown(self) -> None:
        # Jobs not started are cancelled; running ones finish on their threads.
        self._executor.shutdown(wait=False, cancel_futures=True)


_lock = threading.Lock()
_settings: Settings | None = None
_pools: dict[PoolName, BoundedPool] = {}
_pid = os.getpid()


def share_interpreter(settings: Settings) -> None:
    """How long a thread waits for the interpreter lock before the running one must hand it
    over (`INTERPRETER_SWITCH_MS`, 1 ms; Python's default is 5 ms).

    The event loop shares the interpreter with the embedded store's journal flusher, the
    in-process worker and these pools. A flusher back from its fsync, or a loop back from a
    pool's job, otherwise waits up to 5 ms while another thread runs Python; at 1 ms the
    flusher syncs one batch while the loop prepares the next (`bench/durability.py`)."""
    sys.setswitchinterval(settings.interpreter_switch_ms / 1000)


def configure(settings: Settings) -> None:
    """Size the pools from `settings` and set how threads share the interpreter; a pool
    already made with other sizes is replaced on its next use (its running jobs finish)."""
    global _settings
    share_interpreter(settings)
    with _lock:
        _settings = settings
        wanted = sizes(settings)
        for name, made in list(_pools.items()):
            if made.size != wanted[name]:
                made.shutdown()
                del _pools[name]


def configured() -> Settings:
    """The settings the pools are sized from."""
    return _settings or get_settings()


def pool(name: PoolName) -> BoundedPool:
    global _pid
    with _lock:
        if os.getpid() != _pid:
            # A forked child has none of its parent's threads: start from nothing.
            _pools.clear()
            _pid = os.getpid()
        made = _pools.get(name)
        if made is None:
            made = BoundedPool(name, sizes(configured())[name])
            _pools[name] = made
        return made


async def run(name: PoolName, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)` on pool `name`; `Busy` when that pool is full. If the caller is
    cancelled before the job starts, the job never runs."""
    return await asyncio.wrap_future(pool(name).submit(fn, *args, **kwargs))


def shutdown() -> None:
    """End every pool of this process; the next `run` makes them again."""
    with _lock:
        for made in _pools.values():
            made.shutdown()
        _pools.clear()
