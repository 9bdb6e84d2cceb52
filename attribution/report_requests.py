"""Serving attribution reports to the API: who sees what, from the cache, never from raw data.

Who sees what:

- a brand: its own brand (all its campaigns, or one of them);
- an admin: one brand (`brandId`), one campaign, or every brand with a shop added up;
- an influencer: only their own touchpoints' share — rows of their own links, posts and
  campaigns — in one campaign they joined, one brand, or every brand they have links with.

Reports spanning several brands list each brand's rows (rows carry their brand) and add the
totals up; they are in one currency (`currency`, else USD). A single brand's report defaults to
the campaign's currency, else the brand's reporting currency (`brand_settings`), else USD.

On a request the cached documents are read (`attribution.report_cache`). A missing report is
queued and waited for, up to `report_wait_seconds` (the worker is real and a brand's report is
a few seconds' work at most); if it is still not there the answer is an empty report marked
`pending` and `stale`, and asking again shortly gets it. A stale report is served at once,
marked `stale`, while its recomputation is queued; so is a report whose computation is queued
or running (after `refreshReports`).
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from redis.asyncio import Redis

from accounts.users import Role, User
from attribution import report_jobs
from attribution.brand_settings import brand_settings
from attribution.error_codes import ReportErrorCode
from attribution.journeys import Channel
from attribution.metrics import ChannelReport, kol_leaderboard
from attribution.models import AttributionModel
from attribution.report_cache import (
    KEY_PROJECTION,
    CachedReport,
    LabeledRow,
    ReportKey,
    change_marks,
    claim_job,
    is_stale,
    read_reports,
)
from attribution.reporting import merge_totals, with_baseline
from commerce.campaigns import get_campaign, membership_id
from commerce.catalog import CURRENCY_EXPONENTS
from core import clock
from core.errors import Forbidden, NotFound, UserError
from core.mongo import AsyncDB
from core.settings import Settings

DEFAULT_DAYS = 30
DEFAULT_CURRENCY = "USD"
POLL_SECONDS = 0.05


@dataclass(frozen=True)
class ReportQuery:
    start: date | None = None
    end: date | None = None
    campaign_id: str | None = None
    brand_id: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class Resolved:
    """The cache keys a query reads, and the model it shows unless told otherwise."""

    keys: list[ReportKey]
    default_model: AttributionModel
    currency: str
    start: date
    end: date
    campaign_id: str | None


@dataclass(frozen=True)
class ReportView:
    channel: Channel
    model: AttributionModel
    resolved: Resolved
    rows: list[LabeledRow]
    totals: ChannelReport
    computed_at: datetime | None
    stale: bool
    pending: bool
    unavailable: str | None = None


def clean_range(settings: Settings, start: date | None, end: date | None) -> tuple[date, date]:
    """[from, to] in UTC days, inclusive; by default the last 30 days up to today."""
    end = end or clock.now().date()
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise UserError(ReportErrorCode.INVALID_RANGE, "`from` must be on or before `to`.", "from")
    if (end - start).days + 1 > settings.report_max_days:
        raise UserError(
            ReportErrorCode.RANGE_TOO_LONG,
            f"A report covers at most {settings.report_max_days} days.",
            "to",
        )
    return start, end


def clean_currency(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code not in CURRENCY_EXPONENTS:
        raise UserError(
            ReportErrorCode.INVALID, "Give an ISO currency code such as USD.", "currency"
        )
    return code


async def _brands(db: AsyncDB, settings: Settings, user: User, brand_id: str | None) -> list[str]:
    if user.role is Role.BRAND:
        if brand_id is not None and brand_id != user.id:
            raise Forbidden("A brand sees its own reports only.")
        return [user.id]
    if user.role is Role.ADMIN:
        brands = [brand_id] if brand_id else await db.shops.distinct("brand_id")
    elif user.role is Role.INFLUENCER:
        brands = await db.links.distinct("brand_id", {"influencer_id": user.id})
        if brand_id is not None:
            brands = [b for b in brands if b == brand_id]
    else:
        raise Forbidden("Reports are for brands, their influencers and admins.")
    if len(brands) > settings.report_max_brands:
        raise UserError(
            ReportErrorCode.TOO_MANY_BRANDS,
            f"This covers more than {settings.report_max_brands} brands; pick a brand.",
            "brandId",
        )
    return sorted(brands)


async def resolve(db: AsyncDB, settings: Settings, user: User, query: ReportQuery) -> Resolved:
    """The cache keys `user` may read for `query`; user errors for bad input."""
    start, end = clean_range(settings, query.start, query.end)
    currency = clean_currency(query.currency)
    influencer = user.id if user.role is Role.INFLUENCER else None
    model = AttributionModel.LAST_CLICK
    if query.campaign_id is not None:
        campaign = await get_campaign(db, query.campaign_id)
        # Brands see their own campaigns; influencers their share of campaigns they joined.
        if campaign is None or (user.role is Role.BRAND and campaign.brand_id != user.id):
            raise NotFound("Campaign", "campaignId")
        if user.role is Role.INFLUENCER and not await db.campaign_members.find_one(
            {"_id": membership_id(campaign.id, user.id)}, {"_id": 1}
        ):
            raise NotFound("Campaign", "campaignId")
        if query.brand_id is not None and query.brand_id != campaign.brand_id:
            raise NotFound("Campaign", "campaignId")
        brands = [campaign.brand_id]
        currency = currency or campaign.currency
        model = campaign.attribution_model
    else:
        brands = await _brands(db, settings, user, query.brand_id)
        if currency is None and len(brands) == 1:
            currency = (await brand_settings(db, brands))[brands[0]].currency
    currency = currency or DEFAULT_CURRENCY
    keys = [
        ReportKey(
            brand_id=b,
            campaign_id=query.campaign_id,
            influencer_id=influencer,
            start=start,
            end=end,
            currency=currency,
        )
        for b in brands
    ]
    return Resolved(keys, model, currency, start, end, query.campaign_id)


async def _queue(client: Redis, settings: Settings, keys: list[ReportKey]) -> None:
    fresh = [k for k in keys if await claim_job(client, settings, k)]
    if fresh:
        report_jobs.enqueue(fresh)


async def _queued(client: Redis, settings: Settings, keys: list[ReportKey]) -> set[ReportKey]:
    if not keys:
        return set()
    flags = await client.mget([k.claim_key(settings) for k in keys])
    return {k for k, flag in zip(keys, flags, strict=True) if flag}


async def views(
    db: AsyncDB,
    client: Redis,
    settings: Settings,
    resolved: Resolved,
    channel: Channel,
    models: list[AttributionModel],
) -> list[ReportView]:
    """The reports of `resolved` grouped by `channel`, one per model, from the cache."""
    keys = resolved.keys

    def missing(found: dict[str, CachedReport]) -> list[ReportKey]:
        return [k for k in keys if any(k.doc_id(channel, m) not in found for m in models)]

    found = await read_reports(db, keys, channel, models)
    absent = missing(found)
    if absent:
        await _queue(client, settings, absent)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.report_wait_seconds
        while absent and loop.time() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            found.update(await read_reports(db, absent, channel, models))
            absent = missing(found)

    brand_ids = sorted({k.brand_id for k in keys})
    marks = await change_marks(db, brand_ids)
    now = clock.now()
    stale = {
        k
        for k in keys
        for m in models
        if (report := found.get(k.doc_id(channel, m))) is not None
        and is_stale(report, marks.get(k.brand_id), now, settings.report_max_age_seconds)
    }
    await _queue(client, settings, sorted(stale, key=lambda k: k.parts()))
    refreshing = stale | await _queued(client, settings, keys)
    baselines = {
        b: s.baseline_in(resolved.currency)
        for b, s in (await brand_settings(db, brand_ids)).items()
    }

    out = []
    for model in models:
        parts = [(k, found.get(k.doc_id(channel, model))) for k in keys]
        present = [(k, r) for k, r in parts if r is not None]
        rows = [
            dataclasses.replace(row, metrics=with_baseline(row.metrics, baselines[k.brand_id]))
            for k, report in present
            for row in report.rows
        ]
        totals = merge_totals(
            [
                (with_baseline(r.totals, baselines[k.brand_id]), r.gross_minor, r.refunded_minor)
                for k, r in present
            ]
        )
        pending = len(present) < len(keys)
        out.append(
            ReportView(
                channel=channel,
                model=model,
                resolved=resolved,
                rows=rows,
                totals=totals,
                computed_at=min((r.computed_at for _, r in present), default=None),
                stale=pending or any(k in refreshing for k, _ in present),
                pending=pending,
                unavailable=next((r.unavailable for _, r in present if r.unavailable), None),
            )
        )
    return out


def leaderboard(view: ReportView, by: Literal["roas", "cac"], first: int) -> list[LabeledRow]:
    """The view's best influencers by ROAS (highest first) or CAC (lowest first)."""
    by_metrics = {id(row.metrics): row for row in view.rows}
    ranked = kol_leaderboard([row.metrics for row in view.rows], by, limit=first)
    return [by_metrics[id(r)] for r in ranked]


async def refresh(
    db: AsyncDB, client: Redis, settings: Settings, user: User, query: ReportQuery
) -> int:
    """Queue a full recomputation of the brand's (or the campaign's) cached reports, and of the
    query's own range; returns how many report keys are being recomputed."""
    if user.role is Role.ADMIN and query.brand_id is None and query.campaign_id is None:
        raise UserError(
            ReportErrorCode.REQUIRED, "Give the brand or the campaign to refresh.", "brandId"
        )
    resolved = await resolve(db, settings, user, query)
    keys = list(resolved.keys)
    for report_key in resolved.keys:
        filters: dict[str, str | None] = {"brand_id": report_key.brand_id}
        if query.campaign_id is not None:
            filters["campaign_id"] = query.campaign_id
        docs = await db.report_cache.find(filters, KEY_PROJECTION).to_list()
        keys.extend(ReportKey.from_doc(d) for d in docs)
    unique = list(dict.fromkeys(keys))
    await _queue(client, settings, unique)
    return len(unique)
