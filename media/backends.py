"""The media storage, limits and public URLs the settings ask for.

The pipeline and the storage backends know nothing of settings; the API and the tasks get them
configured from here, so both sides of a post (the upload request and the worker) always agree
on where originals and variants live.
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.settings import Settings
from media.storage import LocalStorage, MediaStorage, S3Storage
from media.validate import Limits

_lock = threading.Lock()
_storages: dict[tuple[object, ...], MediaStorage] = {}


def media_root(settings: Settings) -> Path:
    return settings.media_root or settings.data_dir / "media"


def storage_for(settings: Settings) -> MediaStorage:
    """One storage per configuration and process (an S3 client is worth reusing)."""
    if settings.media_backend == "s3":
        if not settings.media_s3_bucket:
            raise ValueError("MEDIA_BACKEND=s3 needs MEDIA_S3_BUCKET")
        config: tuple[object, ...] = (
            "s3",
            settings.media_s3_bucket,
            settings.media_s3_prefix,
            settings.media_s3_endpoint_url,
            settings.media_s3_region,
        )
    else:
        config = ("local", media_root(settings).resolve())
    with _lock:
        storage = _storages.get(config)
        if storage is None:
            if settings.media_backend == "s3":
                storage = S3Storage(
                    settings.media_s3_bucket or "",
                    prefix=settings.media_s3_prefix,
                    endpoint_url=settings.media_s3_endpoint_url,
                    region_name=settings.media_s3_region,
                )
            else:
                storage = LocalStorage(media_root(settings))
            _storages[config] = storage
        return storage


def limits_for(settings: Settings) -> Limits:
    return Limits(max_bytes=settings.upload_max_bytes, max_pixels=settings.upload_max_pixels)


def media_url(settings: Settings, key: str) -> str:
    """The absolute public URL of a stored object (served by GET /media/{key})."""
    return settings.public_url.rstrip("/") + "/media/" + key
