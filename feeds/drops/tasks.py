"""Celery tasks of the test drops: the periodic verdict run, and one drop's run after a change.

Both take ids only and may run twice: a run rewrites the same verdicts from the same sales, and
a "sold out soon" notice has an id derived from the product and its stock cycle, so it is stored
once. The periodic run pages through the active drops by id, `drops_recompute_batch` at a time,
queueing itself for the next page, so one run never holds the worker for long.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from pymongo.errors import PyMongoError

from core import clock
from core.celery_app import celery_app, current_settings
from core.mongo import sync_db
from core.settings import Settings
from feeds.drops import verdicts as drops_verdicts
from feeds.extraction_io import current_taxonomy

log = logging.getLogger(__name__)

_RETRY: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (PyMongoError,),
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "max_retries": 5,
}


def _run(settings: Settings, drop_ids: Sequence[str]) -> dict[str, Any]:
    db = sync_db(settings)
    now = clock.now()
    taxonomy = current_taxonomy(settings)
    stats = drops_verdicts.recompute_sync(
        db,
        settings,
        drop_ids,
        taxonomy=taxonomy,
        element_states=drops_verdicts.element_states_sync(db, taxonomy.version, now),
        now=now,
    )
    return {
        "drops": stats.drops,
        "products": stats.products,
        "notified": stats.notified,
        "verdicts": dict(stats.verdicts),
    }


@celery_app.task(name="drops.recompute_verdicts", **_RETRY)
def recompute_verdicts(after: str | None = None) -> dict[str, Any]:
    """One page of active drops (ids after `after`); queues the next page when there is one."""
    settings = current_settings()
    limit = settings.drops_recompute_batch
    ids = drops_verdicts.active_drop_ids(sync_db(settings), settings, clock.now(), after, limit)
    result = _run(settings, ids)
    if len(ids) == limit:
        recompute_verdicts.delay(ids[-1])
    log.info("test-drop verdicts recomputed", extra=result)
    return result


@celery_app.task(name="drops.recompute_drop", **_RETRY)
def recompute_drop(drop_id: str) -> dict[str, Any]:
    """After a drop is created or re-ordered: its verdicts now, not at the next periodic run."""
    return _run(current_settings(), [drop_id])
