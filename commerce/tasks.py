"""Celery tasks of the commerce side: approve commissions, end campaigns, notify, and reconcile
the counters kept beside the data (link clicks, campaign spend). The click drain is
`attribution.report_jobs.drain_clicks`, which also tells the reports.

Each task takes ids only and is safe to run twice: approvals by entry id, notifications by a
derived id, and a reconciliation corrects a difference only once (the run that takes its
sighting).
"""

from __future__ import annotations

from typing import Any

from commerce import campaigns, earnings, points_store, reconcile_io
from core import clock
from core.celery_app import celery_app, current_settings
from core.mongo import sync_db
from core.redis import resolve_url, sync_client


@celery_app.task(name="attribution.approve_due_commissions")
def approve_due_commissions() -> int:
    """Approve commissions, and make shoppers' points available, whose return window has
    closed; how many approvals of either were made."""
    settings = current_settings()
    db, client, now = sync_db(settings), sync_client(resolve_url(settings)), clock.now()
    approved = earnings.approve_due_sync(db, client, settings, now)
    return approved + points_store.approve_due_sync(db, client, settings, now)


@celery_app.task(name="attribution.end_expired_campaigns")
def end_expired_campaigns() -> int:
    return campaigns.end_expired_sync(sync_db(current_settings()), clock.now())


@celery_app.task(name="attribution.notify_budget_exhausted")
def notify_budget_exhausted(campaign_id: str) -> bool:
    return campaigns.store_budget_notification(sync_db(current_settings()), campaign_id)


@celery_app.task(name="attribution.recount_link_clicks")
def recount_link_clicks() -> dict[str, Any]:
    summary = reconcile_io.recount_link_clicks(sync_db(current_settings()), clock.now())
    return summary.as_dict()


@celery_app.task(name="attribution.reconcile_budgets")
def reconcile_budgets() -> dict[str, Any]:
    summary = reconcile_io.reconcile_budgets(sync_db(current_settings()), clock.now())
    return summary.as_dict()
