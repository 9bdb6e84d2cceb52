"""Celery tasks of the attribution reports: compute them, and sweep for changes.

Tasks take ids and plain key parts only and are safe to run twice: a computation replaces the
same documents, marks only raise counters, and clearing a mark is a compare-and-set.
"""

from __future__ import annotations

from typing import Any

from attribution import report_refresh
from attribution.report_cache import ReportKey
from core import clock
from core.celery_app import celery_app, current_settings
from core.mongo import sync_db
from core.redis import resolve_url, sync_client


def enqueue(keys: list[ReportKey]) -> None:
    compute_reports.delay([k.as_task_args() for k in keys])


@celery_app.task(name="attribution.compute_reports")
def compute_reports(keys: list[list[Any]]) -> int:
    settings = current_settings()
    return report_refresh.compute(
        sync_db(settings),
        sync_client(resolve_url(settings)),
        settings,
        [ReportKey.from_task_args(k) for k in keys],
    )


@celery_app.task(name="attribution.sweep_reports")
def sweep_reports() -> dict[str, Any]:
    """Mark brands with new orders or returns, queue what they touch, a batch at a time."""
    settings = current_settings()
    db = sync_db(settings)
    now = clock.now()
    marked = report_refresh.mark_changes(db, now)
    queued, more = report_refresh.recompute_pending(
        db, sync_client(resolve_url(settings)), settings, enqueue
    )
    dropped = report_refresh.drop_unread(db, settings, now)
    if more:
        sweep_reports.apply_async(countdown=1)
    return {"marked": marked, "queued": queued, "more": more, "dropped": dropped}
