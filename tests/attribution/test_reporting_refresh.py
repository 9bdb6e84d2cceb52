"""The change sweep and the incremental recompute: which cached reports a new order or return
touches, bounded batches, and marks that are never lost or taken twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from api.state import AppState
from attribution import report_refresh
from attribution.report_cache import ReportKey
from core import clock
from core.mongo import SyncDB, sync_db
from core.redis import sync_client

BRAND, OTHER = "usr_brand0000000000000000000000", "usr_other0000000000000000000000"


def key(brand: str, start: date, end: date) -> ReportKey:
    return ReportKey(brand, None, None, start, end, "USD")


def order_doc(order_id: str, brand: str, at: datetime) -> dict[str, Any]:
    """An order as the webhook stores it once processed (the fields the reports read)."""
    return {
        "_id": order_id,
        "brand_id": brand,
        "order_id": order_id,
        "currency": "USD",
        "lines": [{"sku": "TEE-1", "product_id": "prd_1", "quantity": 1, "amount_minor": 1_000}],
        "total_minor": 1_000,
        "returned_minor": 0,
        "click_id": None,
        "customer_hash": None,
        "at": at,
        "state": "NOT_CREDITED",
        "processed_at": at,
    }


class Recorder:
    def __init__(self) -> None:
        self.jobs: list[list[ReportKey]] = []

    def __call__(self, keys: list[ReportKey]) -> None:
        self.jobs.append(keys)

    @property
    def keys(self) -> set[ReportKey]:
        return {k for job in self.jobs for k in job}


def versions(db: SyncDB, report_key: ReportKey) -> set[int]:
    docs = db.report_cache.find(
        {"brand_id": report_key.brand_id, "start_at": report_key.start_at}, {"data_version": 1}
    )
    return {d["data_version"] for d in docs}


async def test_a_new_order_touches_only_the_ranges_that_reach_its_day(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    client = sync_client(state.redis_url)
    today = clock.now().date()
    old = key(BRAND, today - timedelta(days=20), today - timedelta(days=10))
    current = key(BRAND, today - timedelta(days=6), today)
    written = report_refresh.compute(db, client, state.settings, [old, current])
    assert written == 2 * 24  # every grouping and model of each key
    assert versions(db, old) == versions(db, current) == {0}

    db.orders.insert_one(order_doc("ord_1", BRAND, clock.now()))
    frozen_clock.advance(timedelta(seconds=10))
    assert report_refresh.mark_changes(db, clock.now()) == 1
    assert report_refresh.mark_changes(db, clock.now()) == 0  # seen once only
    mark = db.report_dirty.find_one({"_id": BRAND})
    assert mark is not None and mark["version"] == 1 and mark["pending"] is True

    queued = Recorder()
    assert report_refresh.recompute_pending(db, client, state.settings, queued) == (1, False)
    assert queued.keys == {current}
    assert versions(db, old) == {1}  # untouched by the order, and known to be current
    mark = db.report_dirty.find_one({"_id": BRAND})
    assert mark is not None and mark["pending"] is False and "since" not in mark

    # A return on an old order reaches back to that order's day.
    db.orders.insert_one(order_doc("ord_0", BRAND, clock.now() - timedelta(days=15)))
    db.returns.insert_one(
        {"_id": "rtn_1", "brand_id": BRAND, "order_key": "ord_0", "at": clock.now()}
    )
    frozen_clock.advance(timedelta(seconds=10))
    assert report_refresh.mark_changes(db, clock.now()) == 1
    queued = Recorder()
    report_refresh.recompute_pending(db, client, state.settings, queued)
    # `current` is still being computed after the first change (its job holds the claim): the
    # mark stays pending so the next sweep queues it once that job is done.
    assert queued.keys == {old}
    mark = db.report_dirty.find_one({"_id": BRAND})
    assert mark is not None and mark["pending"] is True
    for done in (old, current):  # as their jobs do when they end
        report_refresh.release_job(client, state.settings, done)
    queued = Recorder()
    report_refresh.recompute_pending(db, client, state.settings, queued)
    assert queued.keys == {old, current}
    assert db.report_dirty.count_documents({"pending": True}) == 0


async def test_the_sweep_works_in_bounded_batches(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    client = sync_client(state.redis_url)
    today = clock.now().date()
    keys = [key(brand, today - timedelta(days=1), today) for brand in (BRAND, OTHER)]
    report_refresh.compute(db, client, state.settings, keys)
    for number, brand in enumerate((BRAND, OTHER)):
        db.orders.insert_one(order_doc(f"ord_{number}", brand, clock.now()))
    frozen_clock.advance(timedelta(seconds=10))
    assert report_refresh.mark_changes(db, clock.now()) == 2

    small = state.settings.model_copy(update={"report_sweep_batch": 1})
    queued = Recorder()
    assert report_refresh.recompute_pending(db, client, small, queued) == (1, True)
    assert report_refresh.recompute_pending(db, client, small, queued) == (1, False)
    assert queued.keys == set(keys)
    assert db.report_dirty.count_documents({"pending": True}) == 0


async def test_a_mark_raised_during_a_recompute_is_kept(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    client = sync_client(state.redis_url)
    today = clock.now().date()
    report_refresh.compute(db, client, state.settings, [key(BRAND, today, today)])
    db.orders.insert_one(order_doc("ord_1", BRAND, clock.now()))
    frozen_clock.advance(timedelta(seconds=10))
    report_refresh.mark_changes(db, clock.now())

    def enqueue_while_a_new_order_lands(keys: list[ReportKey]) -> None:
        db.orders.insert_one(order_doc("ord_2", BRAND, clock.now()))
        frozen_clock.advance(timedelta(seconds=10))
        report_refresh.mark_changes(db, clock.now())

    report_refresh.recompute_pending(db, client, state.settings, enqueue_while_a_new_order_lands)
    mark = db.report_dirty.find_one({"_id": BRAND})
    assert mark is not None and mark["version"] == 2 and mark["pending"] is True


async def test_reports_nobody_reads_are_dropped(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    client = sync_client(state.redis_url)
    today = clock.now().date()
    report_refresh.compute(db, client, state.settings, [key(BRAND, today, today)])
    assert report_refresh.drop_unread(db, state.settings, clock.now()) == 0
    later = clock.now() + timedelta(days=state.settings.report_cache_days + 1)
    # Recomputing does not count as reading.
    frozen_clock.advance(timedelta(days=state.settings.report_cache_days))
    report_refresh.compute(db, client, state.settings, [key(BRAND, today, today)])
    assert report_refresh.drop_unread(db, state.settings, later) == 24


async def test_a_sweep_after_the_clock_was_set_back_still_marks_new_orders(
    state: AppState, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state.settings)
    # A sweep ran while the clock read a month ahead; then the clock was corrected.
    assert report_refresh.mark_changes(db, clock.now() + timedelta(days=30)) == 0
    db.orders.insert_one(order_doc("ord_1", BRAND, clock.now()))
    frozen_clock.advance(timedelta(seconds=10))
    assert report_refresh.mark_changes(db, clock.now()) == 1
    assert report_refresh.mark_changes(db, clock.now()) == 0  # its bound is back at now
    db.orders.insert_one(order_doc("ord_2", OTHER, clock.now()))
    frozen_clock.advance(timedelta(seconds=10))
    assert report_refresh.mark_changes(db, clock.now()) == 1
    # A sweep a few seconds behind another is not a clock set back: it reads nothing.
    assert report_refresh.mark_changes(db, clock.now() - timedelta(seconds=20)) == 0
