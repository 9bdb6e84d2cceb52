"""Platform-level tasks: a liveness probe for the worker and the beat heartbeat."""

from __future__ import annotations

import os

from core import clock
from core.celery_app import celery_app, current_settings
from core.redis import key, resolve_url, sync_client


@celery_app.task(name="core.ping")
def ping(payload: str) -> dict[str, object]:
    """Echo with the worker's pid, so a caller can tell which process ran it."""
    return {"echo": payload, "pid": os.getpid()}


@celery_app.task(name="core.heartbeat")
def heartbeat() -> str:
    settings = current_settings()
    stamp = clock.now().isoformat()
    sync_client(resolve_url(settings)).set(key(settings, "beat", "last"), stamp, ex=3600)
    return stamp
