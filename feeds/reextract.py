"""Re-extraction over history after a taxonomy change, in bounded batches.

Ranking posts extracted with two taxonomy versions side by side would turn the change itself
into a trend (an element added today has no history yet), so trend lists only ever read one
version. After a change, `start` records a job in Redis and the batch task walks every
published post by id, re-extracting those recorded with another version, then every remaining
entry of another version (posts that left the public since). Each batch re-queues the next one;
the job's progress (done of total) is what `trendloop reextract` draws. While a job runs, the
trend lists already computed keep being served; when it ends they are dropped and recomputed
with the new version.

Progress lives in Redis, not Mongo, so the CLI can follow a job that the server's embedded
worker runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import redis
from redis.asyncio import Redis as AsyncRedis

from core import clock
from core.ids import new_id
from core.mongo import SyncDB
from core.redis import key
from core.settings import Settings
from feeds import elements_store
from feeds.extraction_io import extract_post
from feeds.taxonomy import Taxonomy

RUNNING, DONE = "RUNNING", "DONE"
PUBLISHED = "PUBLISHED"


def job_key(settings: Settings) -> str:
    return key(settings, "feeds", "reextract")


@dataclass(frozen=True)
class Progress:
    job: str
    version: str
    state: str
    total: int
    done: int
    changed: int
    phase: str
    after: str

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    @classmethod
    def from_hash(cls, raw: dict[str, Any]) -> Progress | None:
        if not raw:
            return None
        return cls(
            job=raw.get("job", ""),
            version=raw.get("version", ""),
            state=raw.get("state", ""),
            total=int(raw.get("total", 0)),
            done=int(raw.get("done", 0)),
            changed=int(raw.get("changed", 0)),
            phase=raw.get("phase", "posts"),
            after=raw.get("after", ""),
        )


def progress_sync(client: redis.Redis, settings: Settings) -> Progress | None:
    return Progress.from_hash(client.hgetall(job_key(settings)))  # type: ignore[arg-type]


async def progress(client: AsyncRedis, settings: Settings) -> Progress | None:
    return Progress.from_hash(cast(dict[str, Any], await client.hgetall(job_key(settings))))


def needs_reextract(db: SyncDB, version: str) -> bool:
    """Is any entry recorded with another taxonomy version?"""
    other = db[elements_store.POST_ELEMENTS].find_one(
        {"taxonomy_version": {"$ne": version}}, {"_id": 1}
    )
    return other is not None


def start(db: SyncDB, client: redis.Redis, settings: Settings, version: str) -> Progress:
    """Begin a job for `version` unless one is already running for it."""
    current = progress_sync(client, settings)
    if current is not None and current.running and current.version == version:
        return current
    total = db.posts.count_documents({"status": PUBLISHED}) + db[
        elements_store.POST_ELEMENTS
    ].count_documents({"taxonomy_version": {"$ne": version}, "active": False})
    fields = {
        "job": new_id("job"),
        "version": version,
        "state": RUNNING,
        "total": total,
        "done": 0,
        "changed": 0,
        "phase": "posts",
        "after": "",
        "started_at": clock.now().isoformat(),
    }
    name = job_key(settings)
    with client.pipeline() as pipe:
        pipe.delete(name)
        pipe.hset(name, mapping=fields)  # type: ignore[arg-type]
        pipe.execute()
    result = progress_sync(client, settings)
    assert result is not None
    return result


def run_batch(
    db: SyncDB,
    client: redis.Redis,
    settings: Settings,
    taxonomy: Taxonomy,
    job: str,
    limit: int,
) -> Progress | None:
    """One batch of job `job`; returns its progress, or None when the job is no longer this
    one (superseded by a newer taxonomy) or has finished."""
    current = progress_sync(client, settings)
    if current is None or current.job != job or not current.running:
        return None
    if current.version != taxonomy.version:
        # The file changed again mid-job: a new job for the new version takes over.
        return None
    name = job_key(settings)
    if current.phase == "posts":
        query: dict[str, Any] = {"status": PUBLISHED}
        if current.after:
            query["_id"] = {"$gt": current.after}
        ids = [d["_id"] for d in db.posts.find(query, {"_id": 1}).sort([("_id", 1)]).limit(limit)]
        versions = {
            d["_id"]: d.get("taxonomy_version")
            for d in db[elements_store.POST_ELEMENTS].find(
                {"_id": {"$in": ids}}, {"taxonomy_version": 1}
            )
        }
        changed = 0
        for post_id in ids:
            if versions.get(post_id) != taxonomy.version:
                changed += extract_post(db, taxonomy, post_id).status == "RECORDED"
        with client.pipeline() as pipe:
            pipe.hincrby(name, "done", len(ids))
            pipe.hincrby(name, "changed", changed)
            if ids:
                pipe.hset(name, "after", ids[-1])
            else:
                pipe.hset(name, "phase", "leftovers")
            pipe.execute()
    else:
        leftovers = [
            d["_id"]
            for d in db[elements_store.POST_ELEMENTS]
            .find({"taxonomy_version": {"$ne": taxonomy.version}}, {"_id": 1})
            .limit(limit)
        ]
        changed = 0
        for post_id in leftovers:
            outcome = extract_post(db, taxonomy, post_id)
            if outcome.status == "MISSING":
                # The post document is gone altogether: its elements stop counting.
                elements_store.retire(db, post_id, taxonomy.version)
            changed += outcome.status == "RECORDED"
        with client.pipeline() as pipe:
            pipe.hincrby(name, "done", len(leftovers))
            pipe.hincrby(name, "changed", changed)
            if not leftovers:
                pipe.hset(name, mapping={"state": DONE, "finished_at": clock.now().isoformat()})
            pipe.execute()
    return progress_sync(client, settings)
