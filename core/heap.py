"""Keeps Python's cycle collector off the embedded store's documents.

The embedded store holds every document in this process: a demo world is a few hundred
thousand dicts and lists. Python's full (generation 2) collection visits every one of them, and
under load it runs every few dozen requests, each time for a couple of hundred milliseconds
with the event loop stopped. Stored documents are trees, freed by reference counting when they
are replaced or deleted, so the collector has nothing to find among them. Freezing moves
everything alive into a generation the collector never visits; doing it again from time to time
adds what writes have stored since.
"""

from __future__ import annotations

import asyncio
import gc
import logging

log = logging.getLogger(__name__)

REFREEZE_SECONDS = 600.0


def settle() -> None:
    """Collect the young generations' garbage, then freeze whatever is alive."""
    gc.collect(1)
    gc.freeze()
    log.debug("heap settled: %d objects frozen", gc.get_freeze_count())


async def keep_settled(every: float = REFREEZE_SECONDS) -> None:
    """`settle` now and every `every` seconds until cancelled."""
    while True:
        settle()
        await asyncio.sleep(every)
