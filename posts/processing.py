"""Turn a PROCESSING post's originals into served images, then publish or reject it.

This is the body of the `media.process_post` task, written against a synchronous database and a
storage so a test can run it directly, twice, or after a simulated crash.

Why a redelivered or repeated run is harmless:
- it starts only while the post is PROCESSING (anything else returns at once);
- variant keys are content-addressed, so a second run writes the very same keys with the very
  same bytes (LocalStorage writes by atomic rename, S3 PUTs are atomic);
- before writing an image's variants their keys are added to the post's `staged_keys`, so if a
  run ever produced different bytes (another library version, say), the run that publishes can
  still find and delete every key it does not keep;
- the post moves PROCESSING → PUBLISHED (or REJECTED) in ONE conditional update, and whoever
  loses that race removes only the keys the winner does not reference;
- `process_attempts` counts runs, so a photo that kills its worker every time (and is
  redelivered every time, as late acks want) is rejected after `media_max_attempts` runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo import ReturnDocument

from core import clock
from core.mongo import Document, SyncDB
from core.settings import Settings
from media.backends import limits_for
from media.errors import MediaRejected
from media.intake import delete_keys
from media.pipeline import ProcessedImage, process_image
from media.storage import MediaStorage, variant_key
from posts.lifecycle import PostStatus
from posts.reposts import find_likely_repost, record_hashes

log = logging.getLogger(__name__)

UNPROCESSABLE = (
    "UNPROCESSABLE",
    "We couldn't process these photos. Please try posting them again.",
)


@dataclass(frozen=True)
class Outcome:
    status: str  # PUBLISHED, REJECTED, or SKIPPED when the post was not PROCESSING
    # The post is PUBLISHED and its next stage has not been queued yet (also true when a
    # redelivered run finds a post that an earlier run published but died before queueing).
    queue_next_stage: bool = False
    reason: str | None = None


def _image_doc(processed: ProcessedImage, keys: dict[str, str]) -> dict[str, Any]:
    return {
        "width": processed.width,
        "height": processed.height,
        "blurhash": processed.blurhash,
        "palette": [colour.as_dict() for colour in processed.palette],
        "phash": processed.phash,
        "variants": {
            name: {
                "key": keys[name],
                "width": variant.width,
                "height": variant.height,
                "bytes": len(variant.data),
            }
            for name, variant in processed.variants.items()
        },
    }


def variant_keys_of(doc: Document) -> set[str]:
    return {
        variant["key"]
        for image in doc.get("images") or []
        for variant in image["variants"].values()
    }


def process_post(db: SyncDB, storage: MediaStorage, settings: Settings, post_id: str) -> Outcome:
    post = db.posts.find_one_and_update(
        {"_id": post_id, "status": PostStatus.PROCESSING.value},
        {"$inc": {"process_attempts": 1}},
        return_document=ReturnDocument.AFTER,
    )
    if post is None:
        current = db.posts.find_one({"_id": post_id}, {"status": 1, "next_stage_queued_at": 1})
        pending = (
            current is not None
            and current["status"] == PostStatus.PUBLISHED
            and current.get("next_stage_queued_at") is None
        )
        return Outcome("SKIPPED", queue_next_stage=pending)
    if post["process_attempts"] > settings.media_max_attempts:
        log.error("post %s failed %d times; rejecting it", post_id, post["process_attempts"] - 1)
        return _reject(db, storage, post, *UNPROCESSABLE, written=())

    limits = limits_for(settings)
    images: list[dict[str, Any]] = []
    written: set[str] = set()
    phashes: list[str] = []
    for index, original in enumerate(post["originals"]):
        data = storage.get(original["key"])
        if data is None:
            return _reject(
                db,
                storage,
                post,
                "MISSING",
                f"Photo {index + 1} was lost before it could be processed. Please post again.",
                written=written,
            )
        try:
            processed = process_image(data, limits=limits)
        except MediaRejected as exc:
            several = len(post["originals"]) > 1
            message = f"Photo {index + 1}: {exc.message}" if several else exc.message
            return _reject(db, storage, post, exc.code.value, message, written=written)
        keys = {
            name: variant_key(post_id, index, name, variant.digest)
            for name, variant in processed.variants.items()
        }
        # Name the keys on the post before the files exist: a crash in between leaves a name
        # to clean up, never an unknown file.
        db.posts.update_one(
            {"_id": post_id}, {"$addToSet": {"staged_keys": {"$each": sorted(set(keys.values()))}}}
        )
        stored: set[str] = set()
        for name, variant in processed.variants.items():
            if keys[name] not in stored:  # a small photo's variants can share one file
                storage.put(keys[name], variant.data, variant.mime)
                stored.add(keys[name])
        written |= stored
        images.append(_image_doc(processed, keys))
        phashes.append(processed.phash)

    repost = find_likely_repost(
        db, post["author_id"], post["created_at"], phashes, settings.repost_max_distance
    )
    record_hashes(db, post_id, post["author_id"], post["created_at"], phashes)

    final_keys = {v["key"] for image in images for v in image["variants"].values()}
    delete_keys(storage, (set(post.get("staged_keys") or []) | written) - final_keys)
    now = clock.now()
    update: dict[str, Any] = {
        "$set": {
            "status": PostStatus.PUBLISHED.value,
            "images": images,
            "published_at": now,
            "updated_at": now,
        },
        "$unset": {"staged_keys": ""},
    }
    if repost is not None:
        update["$set"].update(
            likely_repost=repost.as_doc(), repost_of=repost.original_post_id, needs_review=True
        )
        update["$addToSet"] = {"review_reasons": "LIKELY_REPOST"}
    published = db.posts.update_one({"_id": post_id, "status": PostStatus.PROCESSING.value}, update)
    if published.matched_count == 0:
        _discard_unreferenced(db, storage, post_id, written)
        return Outcome("SKIPPED")
    if repost is not None:
        log.info(
            "post %s looks like a repost of %s (distance %d)",
            post_id,
            repost.original_post_id,
            repost.distance,
        )
    return Outcome("PUBLISHED", queue_next_stage=True)


def _discard_unreferenced(
    db: SyncDB, storage: MediaStorage, post_id: str, written: Iterable[str]
) -> None:
    """Another run or a delete changed the post first: keep only what it now references."""
    current = db.posts.find_one({"_id": post_id}, {"images": 1, "status": 1}) or {}
    referenced = variant_keys_of(current) if current.get("status") == "PUBLISHED" else set()
    delete_keys(storage, set(written) - referenced)


def _reject(
    db: SyncDB,
    storage: MediaStorage,
    post: Document,
    code: str,
    message: str,
    *,
    written: Iterable[str],
) -> Outcome:
    """REJECTED with a reason the author can read, and nothing of the post left in storage.

    The keys to remove are saved on the post in the same update, so if this run dies before
    removing them the periodic sweep finishes the job.
    """
    doomed = sorted(
        set(written)
        | set(post.get("staged_keys") or [])
        | {str(o["key"]) for o in post["originals"]}
    )
    now = clock.now()
    result = db.posts.update_one(
        {"_id": post["_id"], "status": PostStatus.PROCESSING.value},
        {
            "$set": {
                "status": PostStatus.REJECTED.value,
                "rejection": {"code": code, "message": message},
                "rejected_at": now,
                "updated_at": now,
                "cleanup_keys": doomed,
            },
            "$unset": {"staged_keys": ""},
        },
    )
    if result.matched_count == 0:
        _discard_unreferenced(db, storage, post["_id"], written)
        return Outcome("SKIPPED")
    finish_cleanup(db, storage, post["_id"], doomed)
    return Outcome("REJECTED", reason=message)


def finish_cleanup(db: SyncDB, storage: MediaStorage, post_id: str, keys: Iterable[str]) -> None:
    delete_keys(storage, keys)
    db.posts.update_one({"_id": post_id}, {"$unset": {"cleanup_keys": ""}})
