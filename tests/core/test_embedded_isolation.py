"""A reader in another thread never sees a write half done: the embedded store changes documents
in place (a replace clears the document, then fills it), so readers wait for the write."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core import mongo
from core.settings import Settings

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("MONGODB_URI")), reason="the embedded store's own threading"
)


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    opened = Settings(
        environment="test", data_dir=tmp_path, mongodb_db="isolation_test", seed_demo="never"
    )
    yield opened
    mongo.close_embedded(opened)


def test_readers_never_see_a_replace_half_done(settings: Settings) -> None:
    db = mongo.sync_db(settings)
    # A document large enough that replacing it takes a while (mongomock encodes it to BSON
    # between clearing the old one and filling in the new).
    payload = {f"field{i}": list(range(50)) for i in range(200)}
    db.snapshots.insert_one({"_id": "list", "as_of": "2026-01-01", "n": 0, **payload})
    stop = threading.Event()
    torn: list[dict[str, object]] = []
    reads = 0

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            db.snapshots.replace_one(
                {"_id": "list"}, {"_id": "list", "as_of": "2026-01-02", "n": n, **payload}
            )

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            doc = db.snapshots.find_one({"_id": "list"}, {"as_of": 1, "n": 1})
            reads += 1
            if doc is None or "as_of" not in doc or "n" not in doc:
                torn.append(dict(doc or {}))
    finally:
        stop.set()
        thread.join()
    assert reads > 50
    assert torn == [], f"{len(torn)} of {reads} reads saw a half-replaced document"
