"""The image task survives being run twice, dying part-way, and losing its worker.

`process_post` is run directly against the real embedded store and real files for the crash
cases (a wrapper storage written here makes a put fail, as a killed worker would stop); the
redelivery case goes through the real broker, a consumer process killed with SIGKILL, kombu's
own visibility-timeout sweep, and the embedded worker.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

import kombu
import pytest
from celery.result import allow_join_result
from PIL import Image

from accounts.users import Role, User
from api.state import AppState
from core import mongo
from core.celery_app import celery_app
from core.mongo import Document
from media.backends import limits_for, media_root, storage_for
from media.storage import MediaStorage, variant_key
from posts.lifecycle import create_post
from posts.media_tasks import process_post_task, sweep
from posts.processing import process_post, variant_keys_of
from tests.api.helpers import make_account
from tests.api.post_helpers import phone_jpeg, wait_for_status

pytestmark = pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]


class Upload:
    """What the web framework hands the domain: something with an async read()."""

    def __init__(self, data: bytes) -> None:
        self._stream = io.BytesIO(data)

    async def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)


class DyingStorage:
    """The real storage, except that the n-th put raises, as a worker killed mid-task stops."""

    def __init__(self, inner: MediaStorage, die_on_put: int) -> None:
        self.inner = inner
        self.die_on_put = die_on_put
        self.puts = 0

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.puts += 1
        if self.puts == self.die_on_put:
            raise KeyboardInterrupt("worker killed")
        self.inner.put(key, data, content_type)

    def get(self, key: str) -> bytes | None:
        return self.inner.get(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def delete(self, key: str) -> None:
        self.inner.delete(key)

    def open(self, key: str) -> BinaryIO | None:
        return self.inner.open(key)


async def _processing_post(state: AppState, author: User, photos: list[bytes]) -> Document:
    """The stored document of a post as createPost leaves it (originals stored, PROCESSING)
    but with no task queued."""
    post = await create_post(
        state.db,
        storage_for(state.settings),
        limits_for(state.settings),
        author,
        images=[Upload(p) for p in photos],
        caption="#test",
        product_tags=[],
        market=None,
    )
    doc = await state.db.posts.find_one({"_id": post.id})
    assert doc is not None
    return doc


def _files_of(state: AppState, post_id: str) -> set[str]:
    root = media_root(state.settings)
    folder = root / "posts" / post_id
    return {str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file()}


async def test_a_run_that_dies_part_way_is_finished_by_the_next(state: AppState) -> None:
    author = (await make_account(state)).user
    doc = await _processing_post(state, author, [phone_jpeg(900, 600, 1), phone_jpeg(700, 500, 2)])
    post_id = doc["_id"]
    db = mongo.sync_db(state.settings)
    storage = storage_for(state.settings)

    # First run: image 0's three variants are written, then the worker dies on image 1.
    dying = DyingStorage(storage, die_on_put=4)
    with pytest.raises(KeyboardInterrupt):
        process_post(db, dying, state.settings, post_id)
    half = db.posts.find_one({"_id": post_id})
    assert half is not None and half["status"] == "PROCESSING" and half["images"] == []
    assert len(_files_of(state, post_id)) == 3
    assert len(half["staged_keys"]) == 6  # both images' keys named before their files

    # A run with another encoder would have left different bytes under other keys: the
    # publishing run must remove whatever it does not keep.
    stray = variant_key(post_id, 0, "feed", "0" * 32)
    storage.put(stray, b"bytes from an older run", "image/webp")
    db.posts.update_one({"_id": post_id}, {"$addToSet": {"staged_keys": stray}})

    outcome = process_post(db, storage, state.settings, post_id)
    assert outcome.status == "PUBLISHED" and outcome.queue_next_stage
    done = db.posts.find_one({"_id": post_id})
    assert done is not None and done["status"] == "PUBLISHED"
    assert "staged_keys" not in done and done["process_attempts"] == 2
    keys = variant_keys_of(done)
    assert len(keys) == 6
    assert _files_of(state, post_id) == keys  # every file referenced, nothing else, no .tmp-*
    for key in keys:
        data = storage.get(key)
        assert data is not None
        Image.open(io.BytesIO(data)).load()  # complete files, not half-written ones

    # A redelivered message after publishing changes nothing.
    mtimes = {k: (media_root(state.settings) / k).stat().st_mtime_ns for k in keys}
    again = process_post(db, storage, state.settings, post_id)
    assert again.status == "SKIPPED"
    after = db.posts.find_one({"_id": post_id})
    assert after is not None and after["process_attempts"] == 2
    assert {k: (media_root(state.settings) / k).stat().st_mtime_ns for k in keys} == mtimes


async def test_running_the_whole_task_twice_writes_the_same_keys(state: AppState) -> None:
    author = (await make_account(state)).user
    doc = await _processing_post(state, author, [phone_jpeg(640, 480, 3)])
    db = mongo.sync_db(state.settings)
    first = process_post(db, storage_for(state.settings), state.settings, doc["_id"])
    published = db.posts.find_one({"_id": doc["_id"]})
    assert first.status == "PUBLISHED" and published is not None
    # Force a second full run, as a worker that published but died before acking would
    # get when its message comes back and the post had been reset.
    db.posts.update_one({"_id": doc["_id"]}, {"$set": {"status": "PROCESSING"}})
    second = process_post(db, storage_for(state.settings), state.settings, doc["_id"])
    republished = db.posts.find_one({"_id": doc["_id"]})
    assert second.status == "PUBLISHED" and republished is not None
    assert variant_keys_of(republished) == variant_keys_of(published)
    assert _files_of(state, doc["_id"]) == variant_keys_of(published)


async def test_a_photo_the_pipeline_refuses_rejects_the_post_and_leaves_nothing(
    state: AppState,
) -> None:
    author = (await make_account(state)).user
    good = phone_jpeg(400, 300, 4)
    # A PNG whose chunks all check out but whose compressed pixels stop early: the header
    # checks at upload pass it, only decoding finds out.
    image = Image.new("RGB", (300, 200), "navy")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    png = buffer.getvalue()
    broken = _png_with_short_pixels(png)
    doc = await _processing_post(state, author, [good, broken])
    db = mongo.sync_db(state.settings)
    outcome = process_post(db, storage_for(state.settings), state.settings, doc["_id"])
    assert outcome.status == "REJECTED"
    rejected = db.posts.find_one({"_id": doc["_id"]})
    assert rejected is not None and rejected["status"] == "REJECTED"
    assert rejected["rejection"]["message"].startswith("Photo 2: ")
    assert rejected["rejection"]["code"] in {"TRUNCATED", "CORRUPT"}
    assert "cleanup_keys" not in rejected
    assert _files_of(state, doc["_id"]) == set()  # photo 1's variants removed again
    for original in rejected["originals"]:
        assert storage_for(state.settings).get(original["key"]) is None


def _png_with_short_pixels(png: bytes) -> bytes:
    import struct
    import zlib

    start = png.index(b"IDAT") - 4
    length = struct.unpack(">I", png[start : start + 4])[0]
    end = start + 12 + length
    pixels = zlib.decompress(png[start + 8 : start + 8 + length])
    short = zlib.compress(pixels[: len(pixels) // 3])
    chunk = (
        struct.pack(">I", len(short))
        + b"IDAT"
        + short
        + struct.pack(">I", zlib.crc32(b"IDAT" + short) & 0xFFFFFFFF)
    )
    return png[:start] + chunk + png[end:]


async def test_a_post_that_keeps_killing_its_worker_is_rejected(state: AppState) -> None:
    author = (await make_account(state)).user
    doc = await _processing_post(state, author, [phone_jpeg(320, 240, 5)])
    db = mongo.sync_db(state.settings)
    storage = storage_for(state.settings)
    for _ in range(state.settings.media_max_attempts):
        with pytest.raises(KeyboardInterrupt):
            process_post(db, DyingStorage(storage, die_on_put=1), state.settings, doc["_id"])
    outcome = process_post(db, storage, state.settings, doc["_id"])
    assert outcome.status == "REJECTED"
    rejected = db.posts.find_one({"_id": doc["_id"]})
    assert rejected is not None and rejected["rejection"]["code"] == "UNPROCESSABLE"
    assert _files_of(state, doc["_id"]) == set()


async def test_a_stuck_post_is_queued_again_by_the_sweep(state: AppState) -> None:
    author = (await make_account(state)).user
    doc = await _processing_post(state, author, [phone_jpeg(320, 240, 6)])
    # Its message was lost (say the broker was down at the time) long enough ago.
    old = doc["queued_at"] - timedelta(seconds=state.settings.media_stuck_after_seconds + 1)
    await state.db.posts.update_one({"_id": doc["_id"]}, {"$set": {"queued_at": old}})
    with allow_join_result():
        assert sweep.delay().get(timeout=20)["requeued"] == 1
    assert (await wait_for_status(state, doc["_id"]))["status"] == "PUBLISHED"
    with allow_join_result():
        assert sweep.delay().get(timeout=20)["requeued"] == 0


async def test_the_sweep_finishes_a_clean_up_a_dead_run_left(state: AppState) -> None:
    author = (await make_account(state)).user
    doc = await _processing_post(state, author, [phone_jpeg(320, 240, 8)])
    original = doc["originals"][0]["key"]
    # Rejected, with the keys to remove saved, and the run died before removing them.
    old = doc["queued_at"] - timedelta(seconds=state.settings.media_stuck_after_seconds + 1)
    await state.db.posts.update_one(
        {"_id": doc["_id"]},
        {"$set": {"status": "REJECTED", "cleanup_keys": [original], "updated_at": old}},
    )
    assert storage_for(state.settings).exists(original)
    with allow_join_result():
        assert sweep.delay().get(timeout=20)["cleaned"] == 1
    assert not storage_for(state.settings).exists(original)
    cleaned = await state.db.posts.find_one({"_id": doc["_id"]})
    assert cleaned is not None and "cleanup_keys" not in cleaned


CONSUMER = textwrap.dedent(
    """
    import sys, time
    import kombu
    from core.celery_app import configure
    from core.settings import get_settings

    app = configure(get_settings())
    name = sys.argv[1]
    with app.connection_for_read() as connection:
        queue = kombu.Queue(name, kombu.Exchange(name), routing_key=name)
        with connection.SimpleQueue(queue, no_ack=False) as simple:
            message = simple.get(timeout=30)
            print(message.headers["id"], flush=True)
            time.sleep(600)  # busy "processing" until killed; never acks
    """
)


@pytest.mark.slow
async def test_a_message_whose_worker_was_killed_is_redelivered(state: AppState) -> None:
    author = (await make_account(state, Role.SHOPPER)).user
    doc = await _processing_post(state, author, [phone_jpeg(480, 360, 7)])
    post_id = doc["_id"]
    queue = f"media-redelivery-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "REDIS_URL": state.redis_url,
        "REDIS_PREFIX": state.settings.redis_prefix,
        "DATA_DIR": str(state.settings.data_dir),
        "LOG_JSON": "false",
    }
    first_worker = subprocess.Popen(
        [sys.executable, "-c", CONSUMER, queue],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        sent = process_post_task.apply_async(args=[post_id], queue=queue)
        assert first_worker.stdout is not None
        assert first_worker.stdout.readline().strip() == sent.id  # it holds the message
        first_worker.send_signal(signal.SIGKILL)
        first_worker.wait(timeout=10)
    finally:
        if first_worker.poll() is None:
            first_worker.kill()
            first_worker.wait(timeout=10)
    assert (await state.db.posts.find_one({"_id": post_id}))["status"] == "PROCESSING"

    # The embedded worker starts listening on that queue too.
    replies = celery_app.control.add_consumer(queue, reply=True, timeout=5, limit=1)
    assert replies, "the embedded worker did not answer"
    try:
        # Any live worker runs kombu's sweep every few seconds and puts back messages left
        # unacknowledged longer than the visibility timeout; here a 1 s one, set for the test.
        options = {**celery_app.conf.broker_transport_options, "visibility_timeout": 1}
        time.sleep(1.2)
        # Listening alone brings nothing back: the message sits unacknowledged.
        assert (await state.db.posts.find_one({"_id": post_id}))["status"] == "PROCESSING"
        with kombu.Connection(celery_app.conf.broker_url, transport_options=options) as conn:
            conn.default_channel.qos.restore_visible(interval=1)
        published = await wait_for_status(state, post_id, timeout=30)
    finally:
        celery_app.control.cancel_consumer(queue, reply=True, timeout=5, limit=1)
    assert published["status"] == "PUBLISHED"
    assert published["process_attempts"] == 1  # the killed consumer never got to run it
    assert _files_of(state, post_id) == variant_keys_of(published)
