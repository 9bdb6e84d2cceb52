"""Keeping cached reports current: computing them, noticing new data, and refreshing on demand.

Change marks. The sweep reads the orders processed and the returns completed since its last run
(by `processed_at` / `at`, each event exactly once: it reads [last upper bound, now - settle),
and `settle` covers the moment between an order's timestamp and its write). Each brand with new
events gets its change counter raised in `report_dirty` ({version, pending, since, clean_version}):
`since` is the earliest day the new events touch (an order's own day; a return's order's day).
The click consumer raises the counter too when it writes a click that an already processed order
names (`mark_clicked_orders`): a report computed before the click arrived lacks its journey.

Incremental recompute. For each pending brand, a bounded batch at a time, the sweep queues the
cached reports whose range reaches `since` and which have not seen the latest version. Reports
that end before `since` are untouched by the change; if they were current before it, their
`data_version` moves up so they are not taken for stale. Then the brand's pending flag is
cleared, only if its counter has not moved meanwhile (a compare-and-set) and none of its reports
was already being computed (that computation may have read older data; the next sweep queues
it again). When more is pending than a batch, the sweep queues itself again.

Full recompute (`refreshReports`): every cached report of the brand (or of one campaign) is
queued, changed or not.

A computation loads the brand's data once per (brand, range) and writes every grouping and
model of each requested key (`attribution.reporting`); the documents it writes carry the change
counter read before loading, so any change that lands during the load leaves them stale.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta

import redis

from attribution.journeys import Channel
from attribution.models import AttributionModel
from attribution.report_cache import (
    KEY_PROJECTION,
    ReportKey,
    change_version,
    claim_job_sync,
    day_start,
    release_job,
    report_doc,
    write_reports,
)
from attribution.report_inputs import load_inputs
from attribution.reporting import ReportComputation
from core import clock
from core.mongo import Document, SyncDB, chunks, is_duplicate
from core.settings import Settings

log = logging.getLogger(__name__)
SWEEP_STATE = "sweep"
# Time for an order or return stamped at t to be written and visible to a reader.
SETTLE = timedelta(seconds=5)
CLICK_CLOCK_SKEW = timedelta(minutes=10)
# How far ahead of now the last sweep's bound may be before the clock is taken to have been
# set back (sweeps running side by side differ by seconds).
CLOCK_STEP_BACK = timedelta(minutes=5)
CLICK_LOOKUP_CHUNK = 1000

Enqueue = Callable[[list[ReportKey]], None]


# --- computing -----------------------------------------------------------------------------


def _window(settings: Settings, campaigns: dict[str, Document], report_key: ReportKey) -> int:
    campaign = campaigns.get(report_key.campaign_id or "")
    if campaign is None:
        return settings.default_attribution_window_days
    return int(campaign["attribution_window_days"])


def compute(db: SyncDB, client: redis.Redis, settings: Settings, keys: Iterable[ReportKey]) -> int:
    """Compute and store every grouping and model of each key; returns documents written.

    The keys' job claims are released at the end, whatever happens."""
    groups: dict[tuple[str, datetime, datetime], list[ReportKey]] = defaultdict(list)
    for report_key in keys:
        groups[(report_key.brand_id, report_key.start_at, report_key.end_at)].append(report_key)
    written = 0
    try:
        for (brand_id, start, end), group in groups.items():
            written += _compute_group(db, settings, brand_id, start, end, group)
    finally:
        for group in groups.values():
            for report_key in group:
                release_job(client, settings, report_key)
    return written


def _compute_group(
    db: SyncDB,
    settings: Settings,
    brand_id: str,
    start: datetime,
    end: datetime,
    keys: list[ReportKey],
) -> int:
    version = change_version(db.report_dirty.find_one({"_id": brand_id}))
    campaigns = {
        d["_id"]: d
        for d in db.campaigns.find({"brand_id": brand_id}, {"attribution_window_days": 1})
    }
    # A campaign of another brand has nothing to report here.
    keys = [k for k in keys if k.campaign_id is None or k.campaign_id in campaigns]
    if not keys:
        return 0
    windows = {k: _window(settings, campaigns, k) for k in keys}
    inputs = load_inputs(db, brand_id, start, end, max(windows.values()))
    computations: dict[int, ReportComputation] = {}
    now = clock.now()
    docs = []
    for report_key in keys:
        window = windows[report_key]
        if window not in computations:
            computations[window] = ReportComputation(
                inputs,
                window_days=window,
                half_life_days=settings.report_half_life_days,
                max_clicks_per_minute=settings.report_max_clicks_per_minute,
                data_driven_max_channels=settings.report_data_driven_max_channels,
            )
        computation = computations[window]
        for channel in Channel:
            labels = inputs.labels.get(channel, {})
            for model in AttributionModel:
                report = computation.report(report_key.scope, channel, model, report_key.currency)
                docs.append(
                    report_doc(
                        report_key,
                        channel,
                        model,
                        report,
                        labels,
                        computed_at=now,
                        data_version=version,
                    )
                )
    write_reports(db, docs)
    return len(docs)


def queue_keys(
    client: redis.Redis, settings: Settings, keys: Iterable[ReportKey], enqueue: Enqueue
) -> int:
    """Queue computations for the keys not already queued, one job per (brand, range)."""
    fresh = [k for k in dict.fromkeys(keys) if claim_job_sync(client, settings, k)]
    groups: dict[tuple[str, datetime, datetime], list[ReportKey]] = defaultdict(list)
    for report_key in fresh:
        groups[(report_key.brand_id, report_key.start_at, report_key.end_at)].append(report_key)
    for group in groups.values():
        enqueue(group)
    return len(fresh)


# --- noticing changes ----------------------------------------------------------------------


def _mark(db: SyncDB, brand_id: str, since: datetime) -> None:
    db.report_dirty.update_one(
        {"_id": brand_id},
        {"$inc": {"version": 1}, "$set": {"pending": True}, "$min": {"since": since}},
        upsert=True,
    )


class _Touched:
    """The brands a set of events changes, each with the earliest day it touches."""

    def __init__(self) -> None:
        self.since: dict[str, datetime] = {}

    def touch(self, brand_id: str, at: datetime) -> None:
        day = day_start(clock.as_utc(at).date())
        self.since[brand_id] = min(day, self.since.get(brand_id, day))

    def mark(self, db: SyncDB) -> int:
        for brand_id, since in self.since.items():
            _mark(db, brand_id, since)
        return len(self.since)


def mark_changes(db: SyncDB, now: datetime) -> int:
    """Raise the change counter of each brand with orders or returns since the last sweep."""
    upper = now - SETTLE
    state = db.report_state.find_one({"_id": SWEEP_STATE})
    lower = clock.as_utc(state["upper"]) if state else upper - timedelta(days=1)
    stepped_back = lower - upper > CLOCK_STEP_BACK
    if stepped_back:
        # The clock was set back since the last sweep. Its bound lies ahead of now and would
        # hold every sweep off until the clock caught up, marking nothing meanwhile.
        log.warning(
            "report sweep: the last sweep read up to %s, after now (%s): the clock was set "
            "back; reading the last day again",
            lower.isoformat(),
            now.isoformat(),
        )
        lower = upper - timedelta(days=1)
    if upper <= lower:
        return 0
    window = {"$gte": lower, "$lt": upper}
    touched = _Touched()
    touch = touched.touch

    for order in db.orders.find({"processed_at": window}, {"brand_id": 1, "at": 1}):
        touch(order["brand_id"], order["at"])
    returns = list(db.returns.find({"at": window}, {"brand_id": 1, "order_key": 1}))
    ordered = {
        d["_id"]: d["at"]
        for part in chunks(sorted({r["order_key"] for r in returns}), 1000)
        for d in db.orders.find({"_id": {"$in": part}}, {"at": 1})
    }
    for item in returns:
        if item["order_key"] in ordered:
            touch(item["brand_id"], ordered[item["order_key"]])
    touched.mark(db)
    if stepped_back and state is not None:  # the bound ahead of now is replaced, not kept
        db.report_state.update_one(
            {"_id": SWEEP_STATE, "upper": state["upper"]}, {"$set": {"upper": upper}}
        )
        return len(touched.since)
    try:
        db.report_state.update_one(
            {"_id": SWEEP_STATE, "upper": {"$lt": upper}}, {"$set": {"upper": upper}}, upsert=True
        )
    except Exception as exc:  # another sweep already went further
        if not is_duplicate(exc):
            raise
    return len(touched.since)


def mark_clicked_orders(db: SyncDB, clicks: Sequence[Document]) -> int:
    """Raise the change counter of each brand with a processed order naming one of `clicks`.

    An order can arrive before its click is drained from the stream (a consumer died holding
    it, or the stream is backed up). A report computed in between counts the order with no
    click behind it; when the click is written, the report must read stale and be recomputed.
    The touched day is the click's or the order's, whichever is earlier. Orders still being
    processed are left to the sweep, which sees them once they are.
    """
    if not clicks:
        return 0
    click_times = {c["_id"]: clock.as_utc(c["at"]) for c in clicks}
    # An order names a click made before it; the margin covers clocks of different servers.
    # The time bound comes first: the embedded store tests a filter's fields in order and
    # scans every order, and few are newer than the clicks being drained.
    earliest = min(click_times.values()) - CLICK_CLOCK_SKEW
    touched = _Touched()
    for part in chunks(sorted(click_times), CLICK_LOOKUP_CHUNK):
        for order in db.orders.find(
            {"at": {"$gte": earliest}, "click_id": {"$in": part}, "state": {"$ne": "RECEIVED"}},
            {"brand_id": 1, "at": 1, "click_id": 1},
        ):
            touched.touch(
                order["brand_id"], min(clock.as_utc(order["at"]), click_times[order["click_id"]])
            )
    return touched.mark(db)


def recompute_pending(
    db: SyncDB, client: redis.Redis, settings: Settings, enqueue: Enqueue
) -> tuple[int, bool]:
    """Queue the reports the pending brands' changes touch, a batch at a time.

    Returns (keys queued, whether pending work is left for another run)."""
    budget = settings.report_sweep_batch
    queued = 0
    for mark in db.report_dirty.find({"pending": True}).sort("_id", 1):
        if budget <= 0:
            return queued, True
        brand_id, version = mark["_id"], int(mark["version"])
        since = clock.as_utc(mark["since"]) if mark.get("since") else None
        touched = {"brand_id": brand_id, "data_version": {"$lt": version}}
        if since is not None:
            touched["end_at"] = {"$gt": since}
        keys = list(
            dict.fromkeys(
                ReportKey.from_doc(d) for d in db.report_cache.find(touched, KEY_PROJECTION)
            )
        )
        if len(keys) > budget:
            queued += queue_keys(client, settings, keys[:budget], enqueue)
            return queued, True
        fresh = queue_keys(client, settings, keys, enqueue)
        queued += fresh
        budget -= max(len(keys), 1)
        if since is not None:
            # Reports ending before the change were current before it and still are.
            db.report_cache.update_many(
                {
                    "brand_id": brand_id,
                    "end_at": {"$lte": since},
                    "data_version": {"$gte": int(mark.get("clean_version", 0)), "$lt": version},
                },
                {"$set": {"data_version": version}},
            )
        if fresh < len(keys):
            # Some are being computed already, perhaps from older data: try them next time.
            continue
        db.report_dirty.update_one(
            {"_id": brand_id, "version": version},
            {"$set": {"pending": False, "clean_version": version}, "$unset": {"since": ""}},
        )
    return queued, False


def drop_unread(db: SyncDB, settings: Settings, now: datetime) -> int:
    cutoff = now - timedelta(days=settings.report_cache_days)
    return int(db.report_cache.delete_many({"read_at": {"$lt": cutoff}}).deleted_count)


# --- on demand -----------------------------------------------------------------------------


def cached_keys(db: SyncDB, brand_id: str, campaign_id: str | None) -> list[ReportKey]:
    query: dict[str, str] = {"brand_id": brand_id}
    if campaign_id is not None:
        query["campaign_id"] = campaign_id
    return list(
        dict.fromkeys(ReportKey.from_doc(d) for d in db.report_cache.find(query, KEY_PROJECTION))
    )
