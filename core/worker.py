"""A Celery worker (and beat) running in threads of the current process.

The embedded Mongo store lives in this process's memory, so with it the worker must live here
too: `serve` starts one, consuming from the same Redis broker a separate `trendloop worker`
would use. With a real MongoDB the threads are optional and `trendloop worker` scales out.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Celery
from celery.beat import EmbeddedService

log = logging.getLogger(__name__)


class EmbeddedWorker:
    def __init__(self, app: Celery, *, concurrency: int = 2, beat: bool = True) -> None:
        self._app = app
        self._concurrency = concurrency
        self._beat_enabled = beat
        self._worker: Any = None
        self._thread: threading.Thread | None = None
        self._beat: Any = None
        self._ready = threading.Event()

    def start(self, timeout: float = 20.0) -> None:
        # A worker normally owns its process; here it shares ours, so make this app the
        # current one before the worker's threads read it.
        self._app.finalize()
        self._app.set_current()
        self._app.set_default()
        self._worker = self._app.WorkController(
            pool="threads",
            concurrency=self._concurrency,
            loglevel="WARNING",
            without_heartbeat=True,
            without_mingle=True,
            without_gossip=True,
            ready_callback=lambda _consumer: self._ready.set(),
        )
        self._thread = threading.Thread(
            target=self._worker.start, name="celery-embedded", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the embedded Celery worker did not start")
        if self._beat_enabled:
            self._beat = EmbeddedService(self._app, thread=True)
            self._beat.start()
        log.info("embedded worker started", extra={"concurrency": self._concurrency})

    def stop(self) -> None:
        if self._beat is not None:
            self._beat.stop()
            self._beat = None
        if self._worker is not None:
            self._worker.stop(in_sighandler=False, exitcode=0)
            self._worker = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
