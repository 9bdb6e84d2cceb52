"""Keeps Python's cycle collector off the embedded store's documents.

The embedded store holds every document in this process: a demo world is a few hundred
thousand dicts and lists. Python's full (generation 2) collection visits every one of them, and
under load it runs every few dozen requests, each time for a couple of hundred milliseconds
with the event loop stopped. Stored documents are trees, freed by reference counting when they
are replaced or deleted, so the collector has nothing to find among them.

Settling collects every generation, then freezes what is alive into a generation the collector
never visits. It is done only when no request is in flight: an object frozen while in use and
later left in a reference cycle is never collected, and a request in flight holds thousands of
such objects. Settling again from time to time adds what writes have stored since.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import math
import time

log = logging.getLogger(__name__)

SETTLE_EVERY_SECONDS = 30.0


def settle() -> None:
    """Collect all garbage, then freeze whatever is alive."""
    gc.collect()
    gc.freeze()
    log.debug("heap settled: %d objects frozen", gc.get_freeze_count())


class IdleSettler:
    """Counts the requests in flight on one event loop, and settles the heap when the count
    drops to zero, at most every `every` seconds (and never before `enable`)."""

    def __init__(self, every: float = SETTLE_EVERY_SECONDS) -> None:
        self.every = every
        self.in_flight = 0
        self.enabled = False
        self.last = -math.inf

    def enable(self) -> None:
        self.enabled = True
        self._settle()

    def started(self) -> None:
        self.in_flight += 1

    def finished(self) -> None:
        self.in_flight -= 1
        if self._due():
            # After this request's own objects are released, not while it still holds them.
            asyncio.get_running_loop().call_soon(self._settle_if_idle)

    def _due(self) -> bool:
        return self.enabled and self.in_flight == 0 and time.monotonic() - self.last >= self.every

    def _settle_if_idle(self) -> None:
        if self._due():
            self._settle()

    def _settle(self) -> None:
        settle()
        self.last = time.monotonic()
