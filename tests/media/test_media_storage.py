from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from media.errors import InvalidMediaKey
from media.storage import (
    DEFAULT_ROOT,
    LocalStorage,
    MediaStorage,
    S3Storage,
    content_hash,
    content_type_for_key,
    digest_from_key,
    original_key,
    validate_key,
    variant_key,
)

DIGEST = content_hash(b"some variant bytes")


def test_local_storage_round_trip(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    assert isinstance(storage, MediaStorage)
    key = variant_key("post1", 0, "feed", DIGEST)
    assert storage.get(key) is None
    assert not storage.exists(key)
    assert storage.open(key) is None

    storage.put(key, b"payload", "image/webp")
    assert storage.get(key) == b"payload"
    assert storage.exists(key)
    stream = storage.open(key)
    assert stream is not None
    with stream:
        assert stream.read() == b"payload"
    assert (tmp_path / "media" / key).stat().st_mode & 0o777 == 0o644

    storage.put(key, b"payload", "image/webp")  # idempotent
    assert storage.get(key) == b"payload"
    storage.put(key, b"replaced", "image/webp")
    assert storage.get(key) == b"replaced"

    storage.delete(key)
    storage.delete(key)  # deleting twice is fine
    assert storage.get(key) is None
    assert not list((tmp_path / "media").rglob(".tmp-*"))


def test_default_root_is_var_media() -> None:
    assert LocalStorage().root == DEFAULT_ROOT == Path("var/media")


def test_a_directory_is_not_an_object(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    storage.put("posts/p/0/a.webp", b"x", "image/webp")
    assert storage.get("posts/p") is None
    assert not storage.exists("posts/p")
    assert storage.get("posts/p/0/a.webp/deeper") is None


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../etc/passwd",
        "posts/../../secret",
        "/etc/passwd",
        "posts//x.webp",
        "posts/./x.webp",
        "posts/x.webp/",
        ".hidden",
        "posts/.tmp-abc.part",
        "posts\\x.webp",
        "posts/x\x00.webp",
        "posts/é.webp",
        "a" * 600,
    ],
)
def test_unsafe_keys_are_refused(tmp_path: Path, key: str) -> None:
    storage = LocalStorage(tmp_path)
    with pytest.raises(InvalidMediaKey):
        storage.put(key, b"x", "image/webp")
    with pytest.raises(InvalidMediaKey):
        storage.get(key)
    assert list(tmp_path.iterdir()) == []


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "posts").symlink_to(outside, target_is_directory=True)
    storage = LocalStorage(root)
    with pytest.raises(InvalidMediaKey):
        storage.put("posts/x.webp", b"x", "image/webp")
    assert list(outside.iterdir()) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_accepted_key_stays_inside_the_root(key: str) -> None:
    root = Path("/srv/media-root")
    try:
        validate_key(key)
    except InvalidMediaKey:
        return
    resolved = (root / key).resolve()
    assert resolved.is_relative_to(root)
    assert resolved != root


def test_failed_replace_keeps_the_previous_object_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = LocalStorage(tmp_path)
    key = "posts/p/0/full.webp"
    storage.put(key, b"old complete object", "image/webp")

    def crash(*args: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk went away"):
        storage.put(key, b"new object" * 1000, "image/webp")
    monkeypatch.undo()
    assert storage.get(key) == b"old complete object"
    assert [p.name for p in (tmp_path / "posts/p/0").iterdir()] == ["full.webp"]


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    storage = LocalStorage(tmp_path)

    def crash(fd: int) -> None:
        raise OSError("fsync failed")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="fsync failed"):
        storage.put("posts/p/0/full.webp", b"data", "image/webp")
    monkeypatch.undo()
    assert not storage.exists("posts/p/0/full.webp")
    assert list((tmp_path / "posts/p/0").iterdir()) == []


WRITER = textwrap.dedent(
    """
    import sys
    from media.storage import LocalStorage
    storage = LocalStorage(sys.argv[1])
    size = 4 * 1024 * 1024
    generation = 0
    print("ready", flush=True)
    while True:
        generation = (generation + 1) % 256
        storage.put("posts/p/0/full.webp", bytes([generation]) * size, "image/webp")
    """
)


def test_killed_writer_never_leaves_a_partial_object(tmp_path: Path) -> None:
    """SIGKILL a process that keeps overwriting one key: what is stored is always one whole
    version, never a mix or a prefix."""
    for attempt in range(3):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)],
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"ready"
        time.sleep(0.15 + 0.1 * attempt)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored = LocalStorage(tmp_path).get("posts/p/0/full.webp")
        if stored is not None:
            assert len(stored) == 4 * 1024 * 1024
            assert stored == stored[:1] * len(stored)
    # Killed mid-put, writers leave temp files behind; the sweep clears exactly those.
    leftovers = list(tmp_path.rglob(".tmp-*"))
    assert LocalStorage(tmp_path).sweep_temp_files(older_than_seconds=-1) == len(leftovers)
    assert not list(tmp_path.rglob(".tmp-*"))


def test_sweep_only_removes_old_temp_files(tmp_path: Path) -> None:
    directory = tmp_path / "posts/p/0"
    directory.mkdir(parents=True)
    old = directory / ".tmp-old.part"
    fresh = directory / ".tmp-fresh.part"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    an_hour_ago = time.time() - 7200
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert LocalStorage(tmp_path).sweep_temp_files(older_than_seconds=3600) == 1
    assert not old.exists() and fresh.exists()


def test_content_addressed_keys() -> None:
    a, b = content_hash(b"first"), content_hash(b"second")
    assert a != b and len(a) == 32
    key = variant_key("65f0c0ffee", 2, "thumb", a)
    assert key == f"posts/65f0c0ffee/2/thumb-{a}.webp"
    assert validate_key(key) == key
    assert digest_from_key(key) == a
    assert variant_key("65f0c0ffee", 2, "thumb", b) != key
    assert content_type_for_key(key) == "image/webp"
    original = original_key("65f0c0ffee", 0, a, "jpg")
    assert original.startswith("originals/") and content_type_for_key(original) == "image/jpeg"
    assert digest_from_key("posts/x/0/plain.webp") is None


@pytest.mark.parametrize(
    "arguments",
    [
        ("../x", 0, "feed", DIGEST),
        ("post", -1, "feed", DIGEST),
        ("post", True, "feed", DIGEST),
        ("post", 0, "../feed", DIGEST),
        ("post", 0, "feed", "not-a-digest"),
        ("post", 0, "feed", DIGEST.upper()),
    ],
)
def test_key_helpers_refuse_bad_parts(arguments: tuple[Any, ...]) -> None:
    with pytest.raises(InvalidMediaKey):
        variant_key(*arguments)


class _MissingKey(Exception):
    def __init__(self) -> None:
        super().__init__("missing")
        self.response = {"Error": {"Code": "NoSuchKey"}}


class _StubS3Client:
    """Just the four calls S3Storage makes, with S3's error shape for a missing key."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}

    def put_object(self, **kwargs: Any) -> None:
        self.objects[(kwargs["Bucket"], kwargs["Key"])] = kwargs

    def get_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:
        if (Bucket, Key) not in self.objects:
            raise _MissingKey()
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)]["Body"])}

    def head_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:
        if (Bucket, Key) not in self.objects:
            raise _MissingKey()
        return {}

    def delete_object(self, *, Bucket: str, Key: str) -> None:
        self.objects.pop((Bucket, Key), None)


def test_s3_storage_against_a_stub_client() -> None:
    client = _StubS3Client()
    storage = S3Storage("media-bucket", prefix="/prod/", client=client)
    assert isinstance(storage, MediaStorage)
    key = variant_key("p", 0, "full", DIGEST)
    assert storage.get(key) is None and not storage.exists(key)
    storage.put(key, b"bytes", "image/webp")
    stored = client.objects[("media-bucket", f"prod/{key}")]
    assert stored["ContentType"] == "image/webp"
    assert "immutable" in stored["CacheControl"]
    assert storage.get(key) == b"bytes" and storage.exists(key)
    storage.delete(key)
    assert storage.get(key) is None
    with pytest.raises(InvalidMediaKey):
        storage.get("../escape")


def test_s3_storage_without_boto3_says_so() -> None:
    try:
        import boto3  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="boto3"):
            S3Storage("bucket")
    else:
        pytest.skip("boto3 is installed")
