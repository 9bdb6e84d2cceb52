"""Celery tasks of the attribution reports: drain the clicks they read, compute them, and sweep
for changes.

The click drain lives here rather than in `commerce`, which stores the clicks: after each write
the reports are told of clicks that orders already named (`report_refresh.mark_clicked_orders`).

Tasks take ids and plain key parts only and are safe to run twice: a computation replaces the
same documents, marks only raise counters, and clearing a mark is a compare-and-set.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

from attribution import report_refresh
from attribution.report_cache import ReportKey
from commerce import consumer
from core import clock
from core.celery_app import celery_app, current_settings
from core.mongo import sync_db
from core.redis import resolve_url, sync_client


def consumer_name() -> str:
    """Unique per worker thread, so each consumer's pending clicks are its own."""
    return f"{socket.gethostname()}-{os.getpid()}-{threading.get_ident()}"


@celery_app.task(name="attribution.drain_clicks")
def drain_clicks() -> dict[str, Any]:
    settings = current_settings()
    stats = consumer.drain(
        sync_db(settings),
        sync_client(resolve_url(settings)),
        settings,
        consumer=consumer_name(),
        on_written=report_refresh.mark_clicked_orders,
        max_batches=200,
    )
    return vars(stats)


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
