"""Uploads at request time: the cheap checks, and keeping the originals until the task runs.

The request only does what is cheap and settles most bad uploads at once: size, format sniffed
from the bytes, the pixel count from the header (decompression bombs never get decoded), and for
JPEGs a 1/8-scale decode that still reads every byte, so a photo cut short in transit is refused
while the shopper is still looking at the form (PNG chunks and WebP lengths are checked by the
header pass itself). Everything costlier runs in the `media.process_post` task.

Originals are stored under `originals/…` content-addressed keys and are never served: they still
carry the camera's EXIF, GPS included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from media.storage import MediaStorage, content_hash, original_key
from media.validate import ImageInfo, Limits, inspect_image, sniff_format, validate_image

log = logging.getLogger(__name__)

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    info: ImageInfo
    digest: str


def check_upload(data: bytes, limits: Limits) -> CheckedUpload:
    """Raises `MediaRejected` for anything the pipeline would refuse on sight."""
    check = validate_image if sniff_format(data) == "JPEG" else inspect_image
    info = check(data, limits)
    return CheckedUpload(data=data, info=info, digest=content_hash(data))


def store_originals(
    storage: MediaStorage, post_id: str, uploads: Sequence[CheckedUpload]
) -> list[dict[str, object]]:
    """Write every original, or none: a failure part-way removes the ones already written."""
    written: list[str] = []
    stored: list[dict[str, object]] = []
    try:
        for index, upload in enumerate(uploads):
            key = original_key(post_id, index, upload.digest, EXTENSIONS[upload.info.format])
            storage.put(key, upload.data, upload.info.mime)
            written.append(key)
            stored.append(
                {
                    "key": key,
                    "format": upload.info.format,
                    "mime": upload.info.mime,
                    "bytes": upload.info.byte_size,
                    "width": upload.info.width,
                    "height": upload.info.height,
                }
            )
    except BaseException:
        delete_keys(storage, written)
        raise
    return stored


def delete_keys(storage: MediaStorage, keys: Iterable[str]) -> None:
    """Best-effort removal during clean-up: one failed delete must not hide the first error."""
    for key in keys:
        try:
            storage.delete(key)
        except Exception:
            log.warning("could not delete media %s", key, exc_info=True)
