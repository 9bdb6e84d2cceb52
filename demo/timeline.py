"""The demo's clock and progress: where seeding stands in time, and what it tells the screen.

A `Timeline` is installed as the platform clock (`core.clock`) while a world is seeded, so each
call stamps what it stores with the moment of the event it replays. Each thread may stand at its
own moment (photos are processed on a pool, each at its own post's time); threads the seeding
did not start (the embedded worker) see the shared one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Protocol

from core import clock

log = logging.getLogger(__name__)


class Timeline:
    """The platform clock while a world is seeded: each thread may stand at its own moment.

    `now()` is the calling thread's moment if it set one (`at`), else the shared one (`set`),
    else real time. Threads the seeding did not start (the embedded worker) see the shared one.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._shared: datetime | None = None

    def now(self) -> datetime:
        moment: datetime | None = getattr(self._local, "moment", None)
        if moment is None:
            moment = self._shared
        return moment if moment is not None else datetime.now(UTC)

    def set(self, moment: datetime) -> None:
        self._shared = moment

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self._local.moment = moment
        try:
            yield
        finally:
            self._local.moment = None


@contextmanager
def installed(timeline: Timeline) -> Iterator[Timeline]:
    clock.install(timeline)
    try:
        yield timeline
    finally:
        clock.reset()


class Progress(Protocol):
    """Told where seeding is; the CLI draws bars, the server logs lines."""

    def begin(self, stage: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def end(self, stage: str, seconds: float) -> None: ...


class LogProgress:
    def begin(self, stage: str, total: int) -> None:
        log.info("seeding %s", stage, extra={"stage": stage, "total": total})

    def advance(self, count: int = 1) -> None:
        return None

    def end(self, stage: str, seconds: float) -> None:
        log.info("seeded %s", stage, extra={"stage": stage, "seconds": round(seconds, 2)})
