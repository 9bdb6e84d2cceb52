"""Celery tasks of the feeds area.

- `feeds.extract_post(post_id)`: a published (or edited, deleted, moderated) post's elements,
  recorded with the aggregates moved by the difference; running it twice changes nothing.
- `feeds.reextract()` / `feeds.reextract_batch(job)`: a taxonomy change over the whole history,
  one bounded batch per task, each queueing the next (`feeds.reextract`).
- `feeds.refresh_trends()`: the designers' trend lists (`feeds.trend_store`), every
  `TREND_REFRESH_MINUTES` (beat calls it every minute; it runs when the interval has passed).
- `feeds.count_orders()`: orders attributed to a post, counted on the post's elements once.
- `feeds.flush_impressions()`: feed impressions from Redis into Mongo.
- `feeds.sweep_pending()`: finishes aggregate differences a dead task left half applied.
- `feeds.catch_up()`: published posts that were never handed to extraction (published by a
  path other than the image task, or before this task existed) are extracted, a batch at a time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import PyMongoError

from core import clock, mongo
from core.celery_app import celery_app, current_settings
from core.redis import key, resolve_url, sync_client
from core.settings import MARKETS
from feeds import elements_store, feed_store, reextract, trend_store
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.trend_store import DEFAULT_WINDOW, ListKey
from posts import counter_recount, marks

log = logging.getLogger(__name__)

STATE = "feeds_state"
ORDERS_OVERLAP = timedelta(minutes=5)
ORDERS_BATCH = 1000
# Lists asked for within this long are kept fresh by the periodic refresh.
REQUESTED_FOR = timedelta(days=1)
DEFAULT_LISTS = [ListKey(None, None, DEFAULT_WINDOW)] + [
    ListKey(market, None, DEFAULT_WINDOW) for market in MARKETS
]


@celery_app.task(
    name="feeds.extract_post",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(PyMongoError,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def extract_post_task(post_id: str) -> dict[str, Any]:
    settings = current_settings()
    outcome = extract_post(mongo.sync_db(settings), current_taxonomy(settings), post_id)
    return {"status": outcome.status, "elements": list(outcome.elements)}


@celery_app.task(name="feeds.reextract", acks_late=True)
def reextract_task() -> dict[str, Any]:
    """Start re-extracting history with the taxonomy file as it is now."""
    settings = current_settings()
    taxonomy = current_taxonomy(settings)
    progress = reextract.start(
        mongo.sync_db(settings), sync_client(resolve_url(settings)), settings, taxonomy.version
    )
    reextract_batch.delay(progress.job)
    return vars(progress)


@celery_app.task(
    name="feeds.reextract_batch",
    acks_late=True,
    autoretry_for=(PyMongoError,),
    retry_backoff=2,
    max_retries=10,
)
def reextract_batch(job: str) -> dict[str, Any] | None:
    settings = current_settings()
    db = mongo.sync_db(settings)
    client = sync_client(resolve_url(settings))
    progress = reextract.run_batch(
        db, client, settings, current_taxonomy(settings), job, settings.reextract_batch
    )
    if progress is None:
        return None
    if progress.running:
        reextract_batch.delay(job)
    else:
        # The lists describe the old taxonomy: drop them, compute the defaults again now.
        trend_store.forget_all_sync(db)
        client.delete(key(settings, "trends", "refreshed"))
        refresh_trends.delay()
        log.info("re-extraction done", extra={"version": progress.version, "posts": progress.done})
    return vars(progress)


def _lists_to_refresh(client: Any, settings: Any, now: datetime) -> list[ListKey]:
    name = trend_store.requested_key(settings)
    horizon = (now - REQUESTED_FOR).timestamp()
    client.zremrangebyscore(name, "-inf", f"({horizon}")
    asked = [ListKey.parse(value) for value in client.zrange(name, 0, -1)]
    return list(dict.fromkeys([*DEFAULT_LISTS, *asked]))


@celery_app.task(name="feeds.refresh_trends")
def refresh_trends() -> dict[str, Any]:
    settings = current_settings()
    client = sync_client(resolve_url(settings))
    interval = settings.trend_refresh_minutes * 60
    # Beat calls every minute; the key makes it run once per interval across workers.
    if not client.set(key(settings, "trends", "refreshed"), "1", nx=True, ex=interval):
        return {"status": "NOT_DUE"}
    db = mongo.sync_db(settings)
    taxonomy = current_taxonomy(settings)
    progress = reextract.progress_sync(client, settings)
    if progress is not None and progress.running:
        return {"status": "REEXTRACTING"}
    if reextract.needs_reextract(db, taxonomy.version):
        reextract_task.delay()
        return {"status": "REEXTRACT_QUEUED"}
    now = clock.now()
    lists = _lists_to_refresh(client, settings, now)
    snapshots = trend_store.refresh_sync(db, lists, taxonomy.version, now)
    return {"status": "REFRESHED", "lists": len(snapshots)}


@celery_app.task(name="feeds.count_orders")
def count_orders() -> dict[str, int]:
    """Orders credited to a post since the last run (with an overlap; credits are keyed by
    order, so an order seen twice counts once). An order counted for the first time also
    teaches its buyer's taste profile, when the shop named a buyer we know."""
    settings = current_settings()
    db = mongo.sync_db(settings)
    state = db[STATE].find_one({"_id": "orders"}) or {}
    since = state.get("after")
    query: dict[str, Any] = {"attribution.post_id": {"$type": "string"}}
    if since is not None:
        query["processed_at"] = {"$gte": clock.as_utc(since) - ORDERS_OVERLAP}
    counted = seen = 0
    latest = since
    for order in (
        db.orders.find(
            query,
            {
                "attribution.post_id": 1,
                "at": 1,
                "processed_at": 1,
                "email_hash": 1,
                "lines.product_id": 1,
            },
        )
        .sort([("processed_at", 1)])
        .limit(ORDERS_BATCH)
    ):
        seen += 1
        post_id = order["attribution"]["post_id"]
        if elements_store.credit_order(db, order["_id"], post_id, order["at"]):
            counted += 1
            feed_store.learn_purchase(db, order, post_id)
        latest = order["processed_at"]
    if latest is not None and latest != since:
        db[STATE].update_one({"_id": "orders"}, {"$set": {"after": latest}}, upsert=True)
    return {"seen": seen, "counted": counted}


@celery_app.task(name="feeds.flush_impressions")
def flush_impressions() -> int:
    settings = current_settings()
    return feed_store.flush_impressions(
        mongo.sync_db(settings), sync_client(resolve_url(settings)), settings
    )


@celery_app.task(name="feeds.sweep_pending")
def sweep_pending() -> int:
    settings = current_settings()
    return elements_store.sweep_pending(mongo.sync_db(settings), timedelta(seconds=30))


CATCH_UP_BATCH = 200


@celery_app.task(name="feeds.catch_up")
def catch_up() -> int:
    """Extract published posts whose hand-over to this stage never happened, marking them the
    way the image task does (`next_stage_queued_at`); re-queues itself while more remain."""
    settings = current_settings()
    db = mongo.sync_db(settings)
    waiting = [
        doc["_id"]
        for doc in db.posts.find(
            {"status": "PUBLISHED", "next_stage_queued_at": None}, {"_id": 1}
        ).limit(CATCH_UP_BATCH)
    ]
    if not waiting:
        return 0
    taxonomy = current_taxonomy(settings)
    for post_id in waiting:
        extract_post(db, taxonomy, post_id)
        marks.mark_next_stage_queued(db, post_id)
    if len(waiting) == CATCH_UP_BATCH:
        catch_up.delay()
    else:
        # A burst of history arrived (a seeded world, an import): rank it now rather than at
        # the next interval.
        client = sync_client(resolve_url(settings))
        client.delete(key(settings, "trends", "refreshed"))
        refresh_trends.delay()
    return len(waiting)


@celery_app.task(name="feeds.recount_counters")
def recount_counters() -> dict[str, Any]:
    """Posts' like, save and comment counters and people's follow counters, against the
    documents they count (corrected only when two runs agree)."""
    db = mongo.sync_db(current_settings())
    now = clock.now()
    return {
        "posts": counter_recount.recount_posts(db, now).as_dict(),
        "people": counter_recount.recount_people(db, now).as_dict(),
    }
