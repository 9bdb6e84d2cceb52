"""The earnings ledger in Mongo: one document per entry, never updated, plus what reads it.

The state machine is `commerce.ledger` (pure); this module stores its entries (unique `_id`
= the entry's deterministic id, so a retried step inserts nothing new), serialises the
read-decide-append steps per influencer with a Redis lock, and answers the earnings queries.

Jobs: `approve_due_sync` (daily, beat) approves commissions whose return window has closed;
`run_payouts` (admin) pays approved commissions less due clawbacks, per influencer and currency,
when the net reaches the minimum payout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import redis
from pymongo.errors import BulkWriteError
from redis.asyncio import Redis

from accounts.users import Role
from commerce import campaigns, ledger
from commerce.error_codes import EarningsErrorCode
from commerce.ledger import Entry, EntryKind, LedgerError, Totals
from core import clock
from core.errors import NotFound, UserError
from core.ids import is_valid_id, new_id
from core.mongo import AsyncDB, Document, SyncDB
from core.paging import Page, keyset_page
from core.redis import key
from core.settings import Settings

LOCK_TIMEOUT_SECONDS = 60
LOCK_WAIT_SECONDS = 20
MAX_REPORT_DAYS = 366


def lock_name(settings: Settings, influencer_id: str) -> str:
    return key(settings, "ledger-lock", influencer_id)


def async_lock(client: Redis, settings: Settings, influencer_id: str) -> Any:
    """Serialises one influencer's ledger steps across API processes and workers."""
    return client.lock(
        lock_name(settings, influencer_id),
        timeout=LOCK_TIMEOUT_SECONDS,
        blocking_timeout=LOCK_WAIT_SECONDS,
    )


def sync_lock(client: redis.Redis, settings: Settings, influencer_id: str) -> Any:
    return client.lock(
        lock_name(settings, influencer_id),
        timeout=LOCK_TIMEOUT_SECONDS,
        blocking_timeout=LOCK_WAIT_SECONDS,
    )


def _documents(entries: Iterable[Entry]) -> list[Document]:
    return [ledger.entry_to_document(e) for e in entries]


def _inserted_count(exc: BulkWriteError) -> int:
    for error in exc.details.get("writeErrors", []):
        if error.get("code") != 11000:
            raise exc
    return int(exc.details.get("nInserted", 0))


async def insert_entries(db: AsyncDB, entries: Sequence[Entry]) -> int:
    """Append entries; ones already stored (same id) are skipped. Returns how many were new."""
    if not entries:
        return 0
    try:
        await db.ledger.insert_many(_documents(entries), ordered=False)
    except BulkWriteError as exc:
        return _inserted_count(exc)
    return len(entries)


def insert_entries_sync(db: SyncDB, entries: Sequence[Entry]) -> int:
    if not entries:
        return 0
    try:
        db.ledger.insert_many(_documents(entries), ordered=False)
    except BulkWriteError as exc:
        return _inserted_count(exc)
    return len(entries)


def _entries(docs: Iterable[Document]) -> list[Entry]:
    return [ledger.entry_from_document(d) for d in docs]


async def influencer_entries(db: AsyncDB, influencer_id: str) -> list[Entry]:
    return _entries(await db.ledger.find({"influencer_id": influencer_id}).to_list())


async def subject_entries(db: AsyncDB, subject_ids: Sequence[str]) -> list[Entry]:
    return _entries(await db.ledger.find({"subject_id": {"$in": list(subject_ids)}}).to_list())


async def campaign_entries(db: AsyncDB, campaign_id: str) -> list[Entry]:
    """Every entry of the campaign's commissions (state changes carry no campaign id)."""
    subjects = await db.ledger.find(
        {"campaign_id": campaign_id, "kind": {"$in": ["COMMISSION", "ADJUSTMENT"]}}, {"_id": 1}
    ).to_list()
    return await subject_entries(db, [d["_id"] for d in subjects])


# --- review, adjustments, payouts (admin) --------------------------------------------------


async def _commission_owner(db: AsyncDB, commission_id: str) -> str:
    doc = (
        await db.ledger.find_one({"_id": commission_id, "kind": "COMMISSION"}, {"influencer_id": 1})
        if commission_id.startswith("com_")
        else None
    )
    if doc is None:
        raise NotFound("Commission", "commissionId")
    return str(doc["influencer_id"])


async def decide_hold(
    db: AsyncDB, client: Redis, settings: Settings, commission_id: str, release: bool
) -> ledger.CommissionState:
    """An admin's review of a held commission: release it to PENDING, or reject it.

    A rejection gives the rejected amount back to the campaign's budget: nobody earns it, so
    the brand must not pay budget for it. Only the review whose rejection entry was inserted
    gives it back (the entry's id is derived from the commission, so a second rejection
    inserts nothing); a crash in between is caught by the budget reconciliation.
    """
    influencer_id = await _commission_owner(db, commission_id)
    async with async_lock(client, settings, influencer_id):
        entries = await subject_entries(db, [commission_id])
        step = ledger.release_hold if release else ledger.reject_hold
        try:
            new = step(entries, commission_id, clock.now())
        except LedgerError as exc:
            raise UserError(EarningsErrorCode(exc.code.value), exc.message, "commissionId") from exc
        inserted = await insert_entries(db, new)
        state = ledger.fold([*entries, *new])[commission_id]
        if not release and inserted and state.campaign_id is not None:
            await campaigns.release_budget(db, state.campaign_id, state.rejected_minor)
        return state


async def post_adjustment(
    db: AsyncDB,
    influencer_id: str,
    amount_minor: int,
    currency: str,
    reason: ledger.AdjustmentReason,
    request_id: str,
    note: str | None = None,
) -> Entry:
    """A negative adjustment, carried into the influencer's next payout as a clawback."""
    if not is_valid_id(influencer_id, "usr"):
        raise UserError(EarningsErrorCode.INVALID_ID, "That is not a user id.", "influencerId")
    user = await db.users.find_one({"_id": influencer_id}, {"role": 1})
    if user is None or user["role"] != Role.INFLUENCER.value:
        raise NotFound("Influencer", "influencerId")
    if not request_id or len(request_id) > 100:
        raise UserError(
            EarningsErrorCode.INVALID, "Give a request id of 1 to 100 characters.", "requestId"
        )
    if note is not None and len(note) > 1000:
        raise UserError(EarningsErrorCode.TOO_LONG, "Keep the note under 1000 characters.", "note")
    try:
        entry = ledger.new_adjustment(
            request_id=request_id,
            influencer_id=influencer_id,
            currency=currency.strip().upper(),
            amount_minor=amount_minor,
            reason=reason,
            at=clock.now(),
            note=note,
        )
    except LedgerError as exc:
        field = "amountMinor" if exc.code is ledger.LedgerErrorCode.INVALID_AMOUNT else "currency"
        message = (
            "An adjustment takes money back: give a negative amount in minor units."
            if field == "amountMinor"
            else exc.message
        )
        raise UserError(EarningsErrorCode(exc.code.value), message, field) from exc
    await insert_entries(db, [entry])
    stored = await db.ledger.find_one({"_id": entry.id})
    assert stored is not None
    return ledger.entry_from_document(stored)


@dataclass(frozen=True)
class Payout:
    id: str
    influencer_id: str
    currency: str
    amount_minor: int
    commission_ids: tuple[str, ...]
    adjustment_ids: tuple[str, ...]
    run_id: str
    created_at: datetime

    @classmethod
    def from_doc(cls, doc: Document) -> Payout:
        return cls(
            id=doc["_id"],
            influencer_id=doc["influencer_id"],
            currency=doc["currency"],
            amount_minor=doc["amount_minor"],
            commission_ids=tuple(doc.get("commission_ids", ())),
            adjustment_ids=tuple(doc.get("adjustment_ids", ())),
            run_id=doc["run_id"],
            created_at=clock.as_utc(doc["created_at"]),
        )


async def run_payouts(
    db: AsyncDB, client: Redis, settings: Settings, run_id: str | None = None
) -> list[Payout]:
    """Pay every influencer whose approved commissions less due clawbacks reach the minimum.

    The payout document is stored before its PAYMENT / CLAWBACK entries; running the same
    `run_id` again after a crash finds the same payout ids and completes what was missing.
    """
    run_id = run_id or new_id("run")
    if len(run_id) > 100:
        raise UserError(EarningsErrorCode.INVALID, "Keep the run id under 100 characters.", "runId")
    influencers = await db.ledger.distinct(
        "influencer_id", {"kind": {"$in": ["APPROVAL", "ADJUSTMENT"]}}
    )
    made: list[Payout] = []
    for influencer_id in sorted(influencers):
        async with async_lock(client, settings, influencer_id):
            entries = await influencer_entries(db, influencer_id)
            plans = ledger.plan_payouts(entries, settings.payout_minimum_minor, run_id, clock.now())
            for plan in plans:
                doc = {
                    "_id": plan.payout_id,
                    "influencer_id": plan.influencer_id,
                    "currency": plan.currency,
                    "amount_minor": plan.amount_minor,
                    "commission_ids": list(plan.commission_ids),
                    "adjustment_ids": list(plan.adjustment_ids),
                    "run_id": run_id,
                    "created_at": clock.now(),
                }
                await db.payouts.update_one(
                    {"_id": plan.payout_id}, {"$setOnInsert": doc}, upsert=True
                )
                await insert_entries(db, plan.entries)
                stored = await db.payouts.find_one({"_id": plan.payout_id})
                assert stored is not None
                made.append(Payout.from_doc(stored))
    return made


def approve_due_sync(db: SyncDB, client: redis.Redis, settings: Settings, now: datetime) -> int:
    """APPROVAL entries for PENDING commissions whose return window has closed; how many."""
    influencers = db.ledger.distinct(
        "influencer_id", {"kind": "COMMISSION", "window_closes_at": {"$lte": now}}
    )
    approved = 0
    for influencer_id in sorted(influencers):
        with sync_lock(client, settings, influencer_id):
            entries = _entries(db.ledger.find({"influencer_id": influencer_id}))
            approved += insert_entries_sync(db, ledger.approve_due(entries, now))
    return approved


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str | None
    currency: str
    totals: Totals


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    totals: list[Group]
    daily: list[ledger.DailySeries]
    by_campaign: list[Group]
    by_link: list[Group]
    by_post: list[Group]


def check_range(start: date, end: date) -> None:
    if end < start:
        raise UserError(EarningsErrorCode.INVALID, "The range ends before it starts.", "to")
    if (end - start).days + 1 > MAX_REPORT_DAYS:
        raise UserError(EarningsErrorCode.INVALID, f"Ask for at most {MAX_REPORT_DAYS} days.", "to")


def _in_range(entries: Sequence[Entry], start: date, end: date) -> list[Entry]:
    """Entries of the commissions and adjustments that opened between start and end (UTC)."""
    low = datetime.combine(start, time.min, UTC)
    high = datetime.combine(end + timedelta(days=1), time.min, UTC)
    subjects = {
        e.subject_id
        for e in entries
        if e.kind in (EntryKind.COMMISSION, EntryKind.ADJUSTMENT) and low <= e.at < high
    }
    return [e for e in entries if e.subject_id in subjects]


def _groups(grouped: dict[tuple[Any, str], Totals]) -> list[Group]:
    return [
        Group(key=k, currency=c, totals=t)
        for (k, c), t in sorted(grouped.items(), key=lambda item: (str(item[0][0]), item[0][1]))
    ]


def report(entries: Sequence[Entry], start: date, end: date) -> Report:
    """Totals per state, a daily series and breakdowns for the commissions opened in range."""
    check_range(start, end)
    chosen = _in_range(entries, start, end)
    per_currency: dict[str, Totals] = {}
    for (_, currency), totals in ledger.balances(chosen).items():
        per_currency[currency] = _add(per_currency.get(currency), totals)
    return Report(
        start=start,
        end=end,
        totals=[Group(None, c, t) for c, t in sorted(per_currency.items())],
        daily=list(ledger.daily_series(chosen, start, end).values()),
        by_campaign=_groups(ledger.breakdown(chosen, "campaign")),
        by_link=_groups(ledger.breakdown(chosen, "link")),
        by_post=_groups(ledger.breakdown(chosen, "post")),
    )


def _add(a: Totals | None, b: Totals) -> Totals:
    if a is None:
        return b
    return Totals(
        **{name: getattr(a, name) + getattr(b, name) for name in Totals.__dataclass_fields__}
    )


def commission_states(entries: Sequence[Entry]) -> dict[str, ledger.CommissionState]:
    return ledger.fold(entries)


# --- reading -------------------------------------------------------------------------------


async def _commission_page(
    db: AsyncDB, query: dict[str, Any], first: int, after: str | None, maximum: int
) -> Page[ledger.CommissionState]:
    """A page of commission openings, newest first, each folded with its later entries."""
    page = await keyset_page(
        db.ledger,
        {**query, "kind": EntryKind.COMMISSION.value},
        first=first,
        after=after,
        maximum=maximum,
        to_item=lambda d: str(d["_id"]),
        sort_field="at",
        projection={"_id": 1, "at": 1},
    )
    states = ledger.fold(await subject_entries(db, page.items))
    return page.map(lambda commission_id: states[commission_id])


async def influencer_commissions(
    db: AsyncDB, influencer_id: str, *, first: int, after: str | None, maximum: int
) -> Page[ledger.CommissionState]:
    return await _commission_page(db, {"influencer_id": influencer_id}, first, after, maximum)


async def held_commissions(
    db: AsyncDB, *, waiting: bool, first: int, after: str | None, maximum: int
) -> Page[ledger.CommissionState]:
    """Commissions ever held for review, newest first; with `waiting`, only undecided ones."""
    query: dict[str, Any] = {"hold_reason": {"$exists": True}}
    if waiting:
        decided = await db.ledger.distinct(
            "subject_id",
            {"kind": {"$in": [EntryKind.HOLD_RELEASED.value, EntryKind.HOLD_REJECTED.value]}},
        )
        query["_id"] = {"$nin": decided}
    return await _commission_page(db, query, first, after, maximum)


async def influencer_payouts(
    db: AsyncDB, influencer_id: str, *, first: int, after: str | None, maximum: int
) -> Page[Payout]:
    """A page of an influencer's payouts, newest first."""
    return await keyset_page(
        db.payouts,
        {"influencer_id": influencer_id},
        first=first,
        after=after,
        maximum=maximum,
        to_item=Payout.from_doc,
        sort_field="created_at",
    )


async def post_captions(db: AsyncDB, post_ids: list[str]) -> dict[str, str]:
    """What a person calls each post an earnings group stands for: its caption."""
    docs = await db.posts.find({"_id": {"$in": post_ids}}, {"caption": 1}).to_list()
    return {d["_id"]: str(d.get("caption") or "Untitled post") for d in docs}
