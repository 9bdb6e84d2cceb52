"""Where media bytes live: a small storage interface, a local-disk and an S3-compatible backend.

`MediaStorage` is the Protocol the rest of the code depends on:
- `put(key, data, content_type)`: store (overwrite) the bytes; idempotent and atomic — a reader
  sees either the previous object or the complete new one, never a partial write.
- `get(key)` -> bytes or None; `exists(key)` -> bool; `delete(key)` (a missing key is fine);
  `open(key)` -> a binary file object for streaming, or None.

Backends:
- `LocalStorage(root)`: files under `root` (default ./var/media). Writes go to a temporary file in
  the destination directory, are fsynced, then `os.replace`d over the target, so a crash leaves
  at most a stray `.tmp-*` file (`sweep_temp_files` removes old ones), never a half-written
  object. No metadata is kept: the serving layer derives the content type from the key's
  extension (`content_type_for_key`).
- `S3Storage(bucket, ...)`: any S3-compatible service through boto3, imported only when the
  backend is built. S3 PUTs are atomic by themselves.

Keys are "/"-separated relative paths of `[A-Za-z0-9_.-]` segments that never start with a dot,
so they cannot be absolute, climb with "..", or collide with temporary files; anything else raises
`InvalidMediaKey`. Helpers build content-addressed keys (`variant_key`, `original_key`): the key
embeds the content hash, so an object under a key never changes, it can be cached forever, and
its ETag is the hash (`digest_from_key`).
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast, runtime_checkable

from media.errors import InvalidMediaKey

DEFAULT_ROOT = Path("var/media")
MAX_KEY_LENGTH = 512
DIGEST_LENGTH = 32  # hex chars of SHA-256 kept: 128 bits
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"

_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_NAME = re.compile(r"[a-z0-9_]{1,32}")
_EXT = re.compile(r"[a-z0-9]{1,8}")
_HEX = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}")
_DIGEST_IN_KEY = re.compile(rf"-([0-9a-f]{{{DIGEST_LENGTH}}})\.[a-z0-9]+$")
_TEMP_PREFIX = ".tmp-"

_CONTENT_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "heic": "image/heic",
}


@runtime_checkable
class MediaStorage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None: ...

    def open(self, key: str) -> BinaryIO | None: ...


def validate_key(key: str) -> str:
    """Return the key unchanged if it is safe, else raise InvalidMediaKey."""
    if not isinstance(key, str) or not key:
        raise InvalidMediaKey("a media key must be a non-empty string")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidMediaKey(f"a media key is at most {MAX_KEY_LENGTH} characters")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidMediaKey(f"unsafe media key {key!r}")
    return key


def content_hash(data: bytes) -> str:
    """The content address of some bytes: the first 128 bits of SHA-256, as hex."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


def _check_parts(post_id: str, image_index: int, digest: str, ext: str) -> None:
    if not _ID.fullmatch(post_id):
        raise InvalidMediaKey(f"unsafe post id {post_id!r}")
    if isinstance(image_index, bool) or not isinstance(image_index, int) or image_index < 0:
        raise InvalidMediaKey(f"image index must be a non-negative int, got {image_index!r}")
    if not _HEX.fullmatch(digest):
        raise InvalidMediaKey(f"digest must be {DIGEST_LENGTH} lowercase hex chars")
    if not _EXT.fullmatch(ext):
        raise InvalidMediaKey(f"unsafe extension {ext!r}")


def variant_key(
    post_id: str, image_index: int, variant: str, digest: str, ext: str = "webp"
) -> str:
    """posts/<post>/<index>/<variant>-<digest>.<ext>: public, immutable, cacheable forever."""
    _check_parts(post_id, image_index, digest, ext)
    if not _NAME.fullmatch(variant):
        raise InvalidMediaKey(f"unsafe variant name {variant!r}")
    return validate_key(f"posts/{post_id}/{image_index}/{variant}-{digest}.{ext}")


def product_image_key(product_id: str, variant: str, digest: str, ext: str = "webp") -> str:
    """products/<product>/<variant>-<digest>.<ext>: a catalogue photo, public and immutable."""
    _check_parts(product_id, 0, digest, ext)
    if not _NAME.fullmatch(variant):
        raise InvalidMediaKey(f"unsafe variant name {variant!r}")
    return validate_key(f"products/{product_id}/{variant}-{digest}.{ext}")


def original_key(post_id: str, image_index: int, digest: str, ext: str) -> str:
    """originals/<post>/<index>/original-<digest>.<ext>: the upload as received.

    Originals still carry their EXIF (GPS included), so they must never be served publicly;
    they live under their own prefix to make that rule easy to enforce.
    """
    _check_parts(post_id, image_index, digest, ext)
    return validate_key(f"originals/{post_id}/{image_index}/original-{digest}.{ext}")


def digest_from_key(key: str) -> str | None:
    """The content hash embedded in a content-addressed key (usable as its ETag), if any."""
    match = _DIGEST_IN_KEY.search(key)
    return match.group(1) if match else None


def content_type_for_key(key: str) -> str:
    ext = key.rsplit(".", 1)[-1].lower() if "." in key else ""
    return _CONTENT_TYPES.get(ext) or mimetypes.guess_type(key)[0] or "application/octet-stream"


class LocalStorage:
    """Media on the local filesystem, one file per key under `root`."""

    def __init__(self, root: Path | str = DEFAULT_ROOT) -> None:
        self.root = Path(root)

    def path_for(self, key: str) -> Path:
        validate_key(key)
        path = self.root / key
        # A symlink planted inside the root must not lead a key outside it.
        resolved_root = self.root.resolve()
        if not path.resolve().is_relative_to(resolved_root):
            raise InvalidMediaKey(f"media key {key!r} resolves outside the storage root")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=_TEMP_PREFIX, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            # mkstemp creates 0600; media is meant to be readable by a front web server.
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)
            raise
        _fsync_directory(path.parent)

    def get(self, key: str) -> bytes | None:
        path = self.path_for(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def exists(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def delete(self, key: str) -> None:
        path = self.path_for(key)
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            path.unlink()

    def open(self, key: str) -> BinaryIO | None:
        path = self.path_for(key)
        try:
            return path.open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def sweep_temp_files(self, older_than_seconds: float = 3600.0) -> int:
        """Remove temporary files left by writers that died mid-put; returns how many."""
        if not self.root.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        removed = 0
        for temp in self.root.rglob(f"{_TEMP_PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                if temp.is_file() and temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
        return removed


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _error_code(error: BaseException) -> str | None:
    response = getattr(error, "response", None)
    if isinstance(response, Mapping):
        details = response.get("Error")
        if isinstance(details, Mapping):
            code = details.get("Code")
            return str(code) if code is not None else None
    return None


_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


class S3Storage:
    """Media in an S3-compatible bucket. boto3 is imported only here, and only if no client is
    given; pass `client` to reuse one (or to use any object with the same four methods)."""

    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        client: Any | None = None,
        endpoint_url: str | None = None,
        region_name: str | None = None,
        cache_control: str = IMMUTABLE_CACHE_CONTROL,
    ) -> None:
        if not bucket:
            raise ValueError("an S3 bucket name is required")
        if prefix:
            validate_key(prefix.strip("/"))
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.cache_control = cache_control
        if client is None:
            try:
                import boto3
            except ImportError as error:
                raise RuntimeError(
                    "S3Storage needs the boto3 package; install it or use LocalStorage"
                ) from error
            client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region_name)
        self.client = client

    def _object_key(self, key: str) -> str:
        return self.prefix + validate_key(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self._object_key(key),
            Body=data,
            ContentType=content_type,
            CacheControl=self.cache_control,
        )

    def get(self, key: str) -> bytes | None:
        stream = self.open(key)
        if stream is None:
            return None
        try:
            return stream.read()
        finally:
            stream.close()

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object_key(key))
        except Exception as error:
            if _error_code(error) in _MISSING_CODES:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        # S3 deletes are idempotent already: deleting a missing key succeeds.
        self.client.delete_object(Bucket=self.bucket, Key=self._object_key(key))

    def open(self, key: str) -> BinaryIO | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._object_key(key))
        except Exception as error:
            if _error_code(error) in _MISSING_CODES:
                return None
            raise
        return cast(BinaryIO, response["Body"])
