"""The one Celery app: broker and results on Redis, JSON only, late acks, one beat schedule.

`configure()` binds it to the settings in force; every entry point (API start-up, CLI worker and
beat, tests) calls it before sending a task. Tasks receive ids only and reload what they need, so a
redelivered task finds its work done and returns early.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery import Celery
from celery.schedules import crontab

from core.redis import celery_url, resolve_url
from core.settings import Settings

# Modules whose tasks the worker registers; each area adds its own here.
TASK_MODULES = [
    "core.tasks",
    "posts.media_tasks",
    "commerce.tasks",
    "commerce.supplier_tasks",
    "attribution.report_jobs",
    "feeds.drops.tasks",
    "feeds.tasks",
]

celery_app = Celery("trendloop")

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "heartbeat": {"task": "core.heartbeat", "schedule": timedelta(minutes=1)},
    "media-sweep": {"task": "media.sweep", "schedule": timedelta(minutes=5)},
    "drain-clicks": {"task": "attribution.drain_clicks", "schedule": timedelta(seconds=5)},
    "approve-due-commissions": {
        "task": "attribution.approve_due_commissions",
        "schedule": timedelta(days=1),
    },
    "end-expired-campaigns": {
        "task": "attribution.end_expired_campaigns",
        "schedule": timedelta(hours=1),
    },
    "sweep-reports": {"task": "attribution.sweep_reports", "schedule": timedelta(seconds=30)},
    "recount-link-clicks": {
        "task": "attribution.recount_link_clicks",
        "schedule": timedelta(hours=1),
    },
    "reconcile-budgets": {"task": "attribution.reconcile_budgets", "schedule": timedelta(hours=1)},
    "drop-verdicts": {"task": "drops.recompute_verdicts", "schedule": timedelta(hours=1)},
    "feeds-refresh-trends": {"task": "feeds.refresh_trends", "schedule": timedelta(minutes=1)},
    "feeds-count-orders": {"task": "feeds.count_orders", "schedule": timedelta(minutes=1)},
    "feeds-flush-impressions": {
        "task": "feeds.flush_impressions",
        "schedule": timedelta(seconds=10),
    },
    "feeds-sweep-pending": {"task": "feeds.sweep_pending", "schedule": timedelta(minutes=1)},
    "feeds-catch-up": {"task": "feeds.catch_up", "schedule": timedelta(minutes=1)},
    "feeds-recount-counters": {"task": "feeds.recount_counters", "schedule": timedelta(hours=1)},
    "suppliers-recompute-grades": {
        "task": "suppliers.recompute_grades",
        "schedule": crontab(minute=0, hour=2, day_of_month=1),
    },
}


def configure(settings: Settings) -> Celery:
    url = celery_url(resolve_url(settings))
    celery_app.conf.update(
        broker_url=url,
        result_backend=url,
        broker_transport_options={"global_keyprefix": settings.redis_prefix + "celery:"},
        result_backend_transport_options={"global_keyprefix": settings.redis_prefix + "celery:"},
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_always_eager=settings.celery_eager,
        task_eager_propagates=True,
        result_expires=timedelta(hours=6),
        timezone="UTC",
        beat_schedule=BEAT_SCHEDULE,
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
        worker_hijack_root_logger=False,
    )
    celery_app.conf["trendloop_settings"] = settings
    celery_app.autodiscover_tasks(lambda: TASK_MODULES, related_name=None, force=True)
    return celery_app


def current_settings() -> Settings:
    """The settings the app was configured with (tasks read them here, never from env)."""
    settings = celery_app.conf.get("trendloop_settings")
    if settings is None:
        from core.settings import get_settings

        settings = configure(get_settings()).conf["trendloop_settings"]
    assert isinstance(settings, Settings)
    return settings
