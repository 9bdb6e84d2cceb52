"""Trend lists against the stores: bulk loading matches recording post by post, the periodic
refresh keeps asked-for lists fresh and waits for a re-extraction, and `trendloop reextract`
follows a real job to its end."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from celery.result import allow_join_result
from rich.console import Console

from accounts.users import Role
from api.cli.feeds import run_reextract
from api.state import AppState
from core import clock
from core.errors import UserError
from core.redis import key
from feeds import elements_store, reextract, trend_store
from feeds.elements_store import ELEMENT_DAYS, POST_ELEMENTS, PostFacts
from feeds.extract import Extraction, Occurrence, Source
from feeds.extraction_io import current_taxonomy, extract_post
from feeds.synthetic import SyntheticConfig, generate_stream
from feeds.tasks import refresh_trends
from feeds.taxonomy import DEFAULT_PATH, TaxonomyError
from feeds.trend_store import ListKey
from tests.api.helpers import make_account
from tests.feeds.feeds_world import assert_exact, insert_post, record_stream, stored, sync_db

TINY = SyntheticConfig(
    days=35,
    end=date(2026, 5, 31),
    markets=("US", "UK"),
    market_weights=(0.6, 0.4),
    n_elements=12,
    occurrences_per_day=40.0,
    n_authors=300,
    n_emerging=1,
    n_declining=1,
)


async def test_bulk_loading_builds_what_recording_post_by_post_builds(state: AppState) -> None:
    db = sync_db(state)
    stream = generate_stream(TINY, seed=4)
    record_stream(db, stream)
    bulk = stored(db)
    entries = list(db[POST_ELEMENTS].find({}))
    assert len(entries) == stream.frame["post_id"].n_unique()
    assert_exact(db)

    db[ELEMENT_DAYS].delete_many({})
    db[POST_ELEMENTS].delete_many({})
    for entry in entries:
        facts = PostFacts(
            post_id=entry["_id"],
            author_id=entry["author_id"],
            market=entry["market"],
            published_at=entry["published_at"],
            active=True,
            likes=entry["counted"]["likes"],
            orders=entry["counted"]["orders"],
        )
        occurrences = tuple(
            Occurrence(o["element_id"], Source(o["source"]), o["confidence"], frozenset())
            for o in entry["occurrences"]
        )
        elements_store.record_extraction(
            db, facts, Extraction(entry["taxonomy_version"], occurrences)
        )
    assert stored(db) == bulk


async def test_the_periodic_refresh_keeps_asked_for_lists_fresh(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state)
    record_stream(db, generate_stream(TINY, seed=4))
    version = current_taxonomy(state.settings).version
    asked = ListKey("UK", None, 14)
    first = await trend_store.current_list(state.db, state.redis, state.settings, asked, version)
    assert first.as_of == TINY.end and first.rows

    frozen_clock.advance(timedelta(days=1))
    await state.redis.delete(key(state.settings, "trends", "refreshed"))
    with allow_join_result():
        outcome = refresh_trends.delay().get(timeout=30)
        again = refresh_trends.delay().get(timeout=30)
    assert outcome["status"] == "REFRESHED" and again == {"status": "NOT_DUE"}
    refreshed = await trend_store.load(state.db, asked)
    assert refreshed is not None and refreshed.as_of == TINY.end + timedelta(days=1)
    pooled = await trend_store.load(state.db, ListKey(None, None, 7))
    assert pooled is not None  # the default lists are always kept


async def test_lists_wait_for_a_re_extraction_and_say_so(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state)
    author = await make_account(state, Role.SHOPPER)
    post = await insert_post(state, author.user, "#gingham dress")
    taxonomy = current_taxonomy(state.settings)
    extract_post(db, taxonomy, post["_id"])
    db[POST_ELEMENTS].update_one({"_id": post["_id"]}, {"$set": {"taxonomy_version": "tx-old"}})
    with pytest.raises(UserError) as refused:
        await trend_store.current_list(
            state.db, state.redis, state.settings, ListKey(None, None, 7), taxonomy.version
        )
    assert refused.value.code == "REEXTRACTING"

    await state.redis.delete(key(state.settings, "trends", "refreshed"))
    with allow_join_result():
        outcome = refresh_trends.delay().get(timeout=30)
    assert outcome["status"] in {"REEXTRACT_QUEUED", "REEXTRACTING"}

    async def done() -> bool:
        progress = await reextract.progress(state.redis, state.settings)
        return progress is not None and progress.state == "DONE"

    from tests.feeds.feeds_world import wait_until

    await wait_until(done, timeout=30)
    entry = db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None and entry["taxonomy_version"] == taxonomy.version
    listed = await trend_store.current_list(
        state.db, state.redis, state.settings, ListKey(None, None, 7), taxonomy.version
    )
    assert listed.taxonomy_version == taxonomy.version


async def test_the_reextract_command_follows_the_job_to_its_end(
    state: AppState, tmp_path: Path
) -> None:
    db = sync_db(state)
    author = await make_account(state, Role.SHOPPER)
    posts = [await insert_post(state, author.user, f"#y2k look {i}") for i in range(3)]
    for post in posts:
        extract_post(db, current_taxonomy(state.settings), post["_id"])
    edited = tmp_path / "taxonomy.toml"
    edited.write_text(
        DEFAULT_PATH.read_text() + '\n[style.test-core]\nname = "Test core"\n'
        'en = ["test core"]\nzh = ["测试风格"]\n'
    )
    state.settings.taxonomy_file = edited
    try:
        out = io.StringIO()
        progress = run_reextract(state.settings, Console(file=out, width=100), pickup_seconds=20)
        assert progress is not None and progress.state == "DONE" and progress.done >= 3
        assert "Done: " in out.getvalue() and current_taxonomy(state.settings).version in (
            out.getvalue()
        )
        versions = {d["taxonomy_version"] for d in db[POST_ELEMENTS].find({})}
        assert versions == {current_taxonomy(state.settings).version}

        edited.write_text('[colour.black]\nname = "Black"\n')
        with pytest.raises(TaxonomyError) as invalid:
            run_reextract(state.settings, Console(file=io.StringIO()))
        assert "colour.black.en: required" in str(invalid.value)
    finally:
        state.settings.taxonomy_file = None
