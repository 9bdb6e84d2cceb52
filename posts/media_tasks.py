"""Celery tasks of the media area: process a post's photos, and sweep up what got stuck.

`media.process_post` acks late and is requeued if its worker dies (the platform-wide
`task_reject_on_worker_lost`), so every run must be safe to repeat; `posts.processing` explains
why it is. Transient storage and database errors are retried with backoff.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from pymongo.errors import PyMongoError

from core import clock, mongo
from core.celery_app import celery_app, current_settings
from media.backends import storage_for
from posts.lifecycle import PostStatus, queue_element_extraction
from posts.processing import finish_cleanup, process_post

log = logging.getLogger(__name__)


@celery_app.task(
    name="media.process_post",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, PyMongoError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=5,
)
def process_post_task(post_id: str) -> str:
    settings = current_settings()
    db = mongo.sync_db(settings)
    outcome = process_post(db, storage_for(settings), settings, post_id)
    if outcome.queue_next_stage and queue_element_extraction(post_id):
        db.posts.update_one({"_id": post_id}, {"$set": {"next_stage_queued_at": clock.now()}})
    return outcome.status


def enqueue_processing(post_id: str) -> None:
    process_post_task.delay(post_id)


@celery_app.task(name="media.sweep")
def sweep() -> dict[str, int]:
    """Queue again the posts whose processing message got lost (a broker outage between the
    insert and the send, say), and finish clean-ups a dead run left behind."""
    settings = current_settings()
    db = mongo.sync_db(settings)
    cutoff = clock.now() - timedelta(seconds=settings.media_stuck_after_seconds)
    requeued = 0
    for doc in db.posts.find(
        {"status": PostStatus.PROCESSING.value, "queued_at": {"$lt": cutoff}}, {"_id": 1}
    ).limit(500):
        claimed = db.posts.update_one(
            {"_id": doc["_id"], "queued_at": {"$lt": cutoff}},
            {"$set": {"queued_at": clock.now()}},
        )
        if claimed.modified_count:
            enqueue_processing(doc["_id"])
            requeued += 1
    cleaned = 0
    storage = storage_for(settings)
    for doc in db.posts.find(
        {"cleanup_keys.0": {"$exists": True}, "updated_at": {"$lt": cutoff}}, {"cleanup_keys": 1}
    ).limit(500):
        finish_cleanup(db, storage, doc["_id"], doc["cleanup_keys"])
        cleaned += 1
    if requeued or cleaned:
        log.info("media sweep", extra={"requeued": requeued, "cleaned": cleaned})
    return {"requeued": requeued, "cleaned": cleaned}
