"""The report cache: computed attribution reports in Mongo, keyed by what they answer.

One document per (brand, campaign or none, influencer or none, date range, currency, grouping,
model) in `report_cache`, with its rows, totals, when it was computed (`computed_at`) and which
of the brand's data changes it saw (`data_version`: the brand's change counter in
`report_dirty` when the computation started, see `attribution.report_refresh`). A report request
reads these documents and nothing else of the raw history.

A document is stale when the brand's data changed after it was computed (a new order or
return: the counter moved past its `data_version`), or when it is older than
`report_max_age_seconds` (clicks keep arriving). Stale documents are still served, marked stale,
while a recomputation is queued.

Jobs are deduplicated per key with a Redis `SET NX` that the job clears when it ends, so a
burst of requests for one missing report queues one computation.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import redis
from pymongo import UpdateOne
from redis.asyncio import Redis

from attribution.journeys import Channel
from attribution.metrics import ChannelReport
from attribution.models import AttributionModel
from attribution.reporting import ModelReport, Scope
from core import clock
from core.derived_ids import derived_id
from core.mongo import AsyncDB, Document, SyncDB
from core.redis import key
from core.settings import Settings

JOB_CLAIM_SECONDS = 600
# Reads refresh `read_at` at most this often, so serving a report rarely writes.
READ_MARK_EVERY = timedelta(hours=1)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class ReportKey:
    """What a set of cached reports answers; `end` is inclusive (UTC days)."""

    brand_id: str
    campaign_id: str | None
    influencer_id: str | None
    start: date
    end: date
    currency: str

    @property
    def scope(self) -> Scope:
        return Scope(campaign_id=self.campaign_id, influencer_id=self.influencer_id)

    @property
    def start_at(self) -> datetime:
        return day_start(self.start)

    @property
    def end_at(self) -> datetime:
        """The exclusive end: midnight after the last day."""
        return day_start(self.end + timedelta(days=1))

    def parts(self) -> tuple[str, ...]:
        return (
            self.brand_id,
            self.campaign_id or "",
            self.influencer_id or "",
            self.start.isoformat(),
            self.end.isoformat(),
            self.currency,
        )

    def doc_id(self, channel: Channel, model: AttributionModel) -> str:
        return derived_id("rpt", *self.parts(), channel.value, model.value)

    def claim_key(self, settings: Settings) -> str:
        return key(settings, "report-job", derived_id("rjb", *self.parts()))

    def as_task_args(self) -> list[Any]:
        return [*self.parts()]

    @classmethod
    def from_task_args(cls, args: list[Any]) -> ReportKey:
        brand, campaign, influencer, start, end, currency = args
        return cls(
            brand_id=brand,
            campaign_id=campaign or None,
            influencer_id=influencer or None,
            start=date.fromisoformat(start),
            end=date.fromisoformat(end),
            currency=currency,
        )

    @classmethod
    def from_doc(cls, doc: Document) -> ReportKey:
        return cls(
            brand_id=doc["brand_id"],
            campaign_id=doc.get("campaign_id"),
            influencer_id=doc.get("influencer_id"),
            start=clock.as_utc(doc["start_at"]).date(),
            end=clock.as_utc(doc["end_at"]).date() - timedelta(days=1),
            currency=doc["currency"],
        )


KEY_PROJECTION = {
    "brand_id": 1,
    "campaign_id": 1,
    "influencer_id": 1,
    "start_at": 1,
    "end_at": 1,
    "currency": 1,
}


@dataclass(frozen=True)
class LabeledRow:
    brand_id: str
    label: str | None
    metrics: ChannelReport


@dataclass(frozen=True)
class CachedReport:
    key: ReportKey
    channel: Channel
    model: AttributionModel
    rows: list[LabeledRow]
    totals: ChannelReport
    gross_minor: float
    refunded_minor: float
    computed_at: datetime
    data_version: int
    unavailable: str | None = None


def _row_doc(row: ChannelReport, label: str | None) -> dict[str, Any]:
    return {**dataclasses.asdict(row), "label": label}


def _row(doc: dict[str, Any]) -> ChannelReport:
    fields = {f.name for f in dataclasses.fields(ChannelReport)}
    return ChannelReport(**{k: v for k, v in doc.items() if k in fields})


def report_doc(
    report_key: ReportKey,
    channel: Channel,
    model: AttributionModel,
    report: ModelReport,
    labels: dict[str, str],
    *,
    computed_at: datetime,
    data_version: int,
) -> Document:
    return {
        "_id": report_key.doc_id(channel, model),
        "brand_id": report_key.brand_id,
        "campaign_id": report_key.campaign_id,
        "influencer_id": report_key.influencer_id,
        "start_at": report_key.start_at,
        "end_at": report_key.end_at,
        "currency": report_key.currency,
        "group_by": channel.value,
        "model": model.value,
        "rows": [_row_doc(r, labels.get(r.channel) if r.channel else None) for r in report.rows],
        "totals": _row_doc(report.totals, None),
        "gross_minor": report.gross_minor,
        "unavailable": report.unavailable,
        "refunded_minor": report.refunded_minor,
        "computed_at": computed_at,
        "data_version": data_version,
        "read_at": computed_at,
    }


def cached_report(doc: Document) -> CachedReport:
    report_key = ReportKey.from_doc(doc)
    return CachedReport(
        key=report_key,
        channel=Channel(doc["group_by"]),
        model=AttributionModel(doc["model"]),
        rows=[
            LabeledRow(brand_id=report_key.brand_id, label=r.get("label"), metrics=_row(r))
            for r in doc["rows"]
        ],
        totals=_row(doc["totals"]),
        gross_minor=float(doc.get("gross_minor", 0.0)),
        refunded_minor=float(doc.get("refunded_minor", 0.0)),
        computed_at=clock.as_utc(doc["computed_at"]),
        data_version=int(doc["data_version"]),
        unavailable=doc.get("unavailable"),
    )


def write_reports(db: SyncDB, docs: list[Document]) -> None:
    """Store the computed documents (each write atomic on its own). A recomputation keeps the
    document's `read_at`, so a report nobody reads still expires however often it changes."""
    if docs:
        db.report_cache.bulk_write(
            [
                UpdateOne(
                    {"_id": d["_id"]},
                    {
                        "$set": {k: v for k, v in d.items() if k not in ("_id", "read_at")},
                        "$setOnInsert": {"read_at": d["read_at"]},
                    },
                    upsert=True,
                )
                for d in docs
            ],
            ordered=False,
        )


def change_version(doc: Document | None) -> int:
    """The brand's change counter (0 before the sweep saw any change)."""
    return int(doc.get("version", 0)) if doc else 0


def is_stale(
    report: CachedReport, changes: Document | None, now: datetime, max_age_seconds: int
) -> bool:
    too_old = now - report.computed_at > timedelta(seconds=max_age_seconds)
    return change_version(changes) > report.data_version or too_old


# --- the request side (async) --------------------------------------------------------------


async def read_reports(
    db: AsyncDB, keys: list[ReportKey], channel: Channel, models: list[AttributionModel]
) -> dict[str, CachedReport]:
    """The cached reports found, by document id."""
    ids = [k.doc_id(channel, m) for k in keys for m in models]
    docs = await db.report_cache.find({"_id": {"$in": ids}}).to_list()
    now = clock.now()
    unread = [d["_id"] for d in docs if now - clock.as_utc(d["read_at"]) > READ_MARK_EVERY]
    if unread:
        await db.report_cache.update_many({"_id": {"$in": unread}}, {"$set": {"read_at": now}})
    return {d["_id"]: cached_report(d) for d in docs}


async def change_marks(db: AsyncDB, brand_ids: list[str]) -> dict[str, Document]:
    docs = await db.report_dirty.find({"_id": {"$in": brand_ids}}).to_list()
    return {d["_id"]: d for d in docs}


async def claim_job(client: Redis, settings: Settings, report_key: ReportKey) -> bool:
    """True if no computation of this key is queued or running (and now one is)."""
    return bool(
        await client.set(report_key.claim_key(settings), "1", nx=True, ex=JOB_CLAIM_SECONDS)
    )


def claim_job_sync(client: redis.Redis, settings: Settings, report_key: ReportKey) -> bool:
    return bool(client.set(report_key.claim_key(settings), "1", nx=True, ex=JOB_CLAIM_SECONDS))


def release_job(client: redis.Redis, settings: Settings, report_key: ReportKey) -> None:
    client.delete(report_key.claim_key(settings))
