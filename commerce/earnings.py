"""The earnings ledger in Mongo: one document per entry, never updated, plus what reads it.

The state machine is `commerce.ledger` (pure); this module stores its entries (unique `_id`
= the entry's deterministic id, so a retried step inserts nothing new), serialises the
read-decide-append steps per influencer with a Redis lock, and answers the earnings queries.

Jobs: `approve_due_sync` (daily, beat) approves commissions whose return window has closed;
`run_payouts` (admin) pays approved commissions less due clawbacks, per influencer and currency,
when the net reaches the minimum payout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

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
    paid_out: int = 0
    """Money of this group sent by payouts made in the range (by payout day), net of the
    clawbacks those payouts deducted."""


@dataclass(frozen=True)
class PaidOut:
    """The payouts made in a range, in one currency: what was sent, and in how many payouts."""

    currency: str
    amount_minor: int
    payouts: int


@dataclass(frozen=True)
class Traffic:
    """Counted clicks and credited orders in a range, per (campaign, link)."""

    campaign_id: str | None
    link_id: str | None
    clicks: int
    orders: int


@dataclass(frozen=True)
class Report:
    """One range's figures, each counted by the day it happened: commissions by order day,
    payouts by the day they were sent, clicks by click day."""

    start: date
    end: date
    totals: list[Group]
    daily: list[ledger.DailySeries]
    by_campaign: list[Group]
    by_link: list[Group]
    by_post: list[Group]
    paid_out: list[PaidOut] = field(default_factory=list)
    traffic: list[Traffic] = field(default_factory=list)


def check_range(start: date, end: date) -> None:
    if end < start:
        raise UserError(EarningsErrorCode.INVALID, "The range ends before it starts.", "to")
    if (end - start).days + 1 > MAX_REPORT_DAYS:
        raise UserError(EarningsErrorCode.INVALID, f"Ask for at most {MAX_REPORT_DAYS} days.", "to")


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[low, high) of the UTC days start to end."""
    return (
        datetime.combine(start, time.min, UTC),
        datetime.combine(end + timedelta(days=1), time.min, UTC),
    )


def _in_range(entries: Sequence[Entry], start: date, end: date) -> list[Entry]:
    """Entries of the commissions and adjustments that opened between start and end (UTC)."""
    low, high = _bounds(start, end)
    subjects = {
        e.subject_id
        for e in entries
        if e.kind in (EntryKind.COMMISSION, EntryKind.ADJUSTMENT) and low <= e.at < high
    }
    return [e for e in entries if e.subject_id in subjects]


GroupBy = Literal["campaign", "link", "post"] | None


@dataclass(frozen=True)
class _Payment:
    payout_id: str | None
    currency: str
    amount_minor: int
    campaign_id: str | None
    link_id: str | None
    post_id: str | None


def payments(entries: Sequence[Entry], start: date, end: date) -> list[_Payment]:
    """What each payout made between start and end (UTC days) sent, entry by entry.

    A PAYMENT sends what its commission still earns (later returns are late and change
    nothing), a CLAWBACK deducts its adjustment; so the parts of one payout add up to the
    amount the payout document records."""
    low, high = _bounds(start, end)
    commissions = ledger.fold(entries)
    adjustments = ledger.fold_adjustments(entries)
    found: list[_Payment] = []
    for entry in entries:
        if not low <= entry.at < high:
            continue
        subject: ledger.CommissionState | ledger.AdjustmentState | None
        if entry.kind is EntryKind.PAYMENT:
            subject = commissions.get(entry.subject_id)
            amount = subject.open_minor if subject else 0
        elif entry.kind is EntryKind.CLAWBACK:
            subject = adjustments.get(entry.subject_id)
            amount = subject.amount_minor if subject else 0
        else:
            continue
        if subject is None:
            continue
        found.append(
            _Payment(
                payout_id=entry.payout_id,
                currency=subject.currency,
                amount_minor=amount,
                campaign_id=subject.campaign_id,
                link_id=subject.link_id,
                post_id=subject.post_id,
            )
        )
    return found


def paid_out(found: Sequence[_Payment]) -> list[PaidOut]:
    amounts: dict[str, int] = defaultdict(int)
    payouts: dict[str, set[str | None]] = defaultdict(set)
    for payment in found:
        amounts[payment.currency] += payment.amount_minor
        payouts[payment.currency].add(payment.payout_id)
    return [PaidOut(c, amounts[c], len(payouts[c])) for c in sorted(amounts)]


def _paid_by(found: Sequence[_Payment], by: GroupBy) -> dict[tuple[str | None, str], int]:
    sums: dict[tuple[str | None, str], int] = defaultdict(int)
    for payment in found:
        key = None if by is None else getattr(payment, f"{by}_id")
        sums[key, payment.currency] += payment.amount_minor
    return sums


def _groups(
    grouped: dict[tuple[Any, str], Totals], paid: dict[tuple[str | None, str], int]
) -> list[Group]:
    # A group paid in the range may have no commission opened in it: it still gets a row.
    every = {**{k: Totals() for k in paid}, **grouped}
    return [
        Group(key=k, currency=c, totals=t, paid_out=paid.get((k, c), 0))
        for (k, c), t in sorted(every.items(), key=lambda item: (str(item[0][0]), item[0][1]))
    ]


def orders_by_link(entries: Sequence[Entry], start: date, end: date) -> dict[tuple[Any, Any], int]:
    """Distinct credited orders per (campaign, link) among commissions opened in the range."""
    low, high = _bounds(start, end)
    orders: dict[tuple[Any, Any], set[str]] = defaultdict(set)
    for e in entries:
        if e.kind is EntryKind.COMMISSION and e.order_id is not None and low <= e.at < high:
            orders[e.campaign_id, e.link_id].add(e.order_id)
    return {k: len(v) for k, v in orders.items()}


def traffic(
    orders: dict[tuple[Any, Any], int], clicks: dict[tuple[Any, Any], int]
) -> list[Traffic]:
    keys = sorted(set(orders) | set(clicks), key=lambda k: (str(k[0]), str(k[1])))
    return [Traffic(c, lnk, clicks.get((c, lnk), 0), orders.get((c, lnk), 0)) for c, lnk in keys]


def report(
    entries: Sequence[Entry],
    start: date,
    end: date,
    clicks: dict[tuple[Any, Any], int] | None = None,
) -> Report:
    """For the range: totals per state, a daily series and breakdowns of the commissions opened
    in it (by order day), the payouts made in it (by payout day), and per (campaign, link)
    the clicks made and orders credited in it. `clicks`: counted clicks per (campaign, link)."""
    check_range(start, end)
    chosen = _in_range(entries, start, end)
    found = payments(entries, start, end)
    per_currency: dict[str, Totals] = {}
    for (_, currency), totals in ledger.balances(chosen).items():
        per_currency[currency] = _add(per_currency.get(currency), totals)
    paid_total = _paid_by(found, None)
    currencies = sorted(set(per_currency) | {c for _, c in paid_total})
    return Report(
        start=start,
        end=end,
        totals=[
            Group(None, c, per_currency.get(c, Totals()), paid_total.get((None, c), 0))
            for c in currencies
        ],
        daily=list(ledger.daily_series(chosen, start, end).values()),
        by_campaign=_groups(ledger.breakdown(chosen, "campaign"), _paid_by(found, "campaign")),
        by_link=_groups(ledger.breakdown(chosen, "link"), _paid_by(found, "link")),
        by_post=_groups(ledger.breakdown(chosen, "post"), _paid_by(found, "post")),
        paid_out=paid_out(found),
        traffic=traffic(orders_by_link(entries, start, end), clicks or {}),
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


async def clicks_by_link(
    db: AsyncDB, links: dict[str, Any], start: date, end: date
) -> dict[tuple[Any, Any], int]:
    """Counted clicks made between start and end (UTC days) on the links matching `links`,
    per (campaign, link)."""
    low, high = _bounds(start, end)
    owned = await db.links.find(links, {"_id": 1, "campaign_id": 1}).to_list()
    campaign_of = {d["_id"]: d.get("campaign_id") for d in owned}
    if not campaign_of:
        return {}
    rows = await (
        await db.clicks.aggregate(
            [
                {
                    "$match": {
                        "link_id": {"$in": list(campaign_of)},
                        "at": {"$gte": low, "$lt": high},
                        "counted": True,
                    }
                },
                {"$group": {"_id": "$link_id", "n": {"$sum": 1}}},
            ]
        )
    ).to_list()
    return {(campaign_of.get(r["_id"]), r["_id"]): int(r["n"]) for r in rows}


async def _commission_page(
    db: AsyncDB,
    query: dict[str, Any],
    first: int,
    after: str | None,
    maximum: int,
    *,
    oldest_first: bool = False,
) -> Page[ledger.CommissionState]:
    """A page of commission openings, newest (or oldest) first, each folded with its later
    entries."""
    page = await keyset_page(
        db.ledger,
        {**query, "kind": EntryKind.COMMISSION.value},
        first=first,
        after=after,
        maximum=maximum,
        to_item=lambda d: str(d["_id"]),
        sort_field="at",
        descending=not oldest_first,
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
    """Commissions ever held for review, the longest-held first (a hold is placed when the
    commission opens, so the oldest opening has waited longest); with `waiting`, only
    undecided ones."""
    query: dict[str, Any] = {"hold_reason": {"$exists": True}}
    if waiting:
        decided = await db.ledger.distinct(
            "subject_id",
            {"kind": {"$in": [EntryKind.HOLD_RELEASED.value, EntryKind.HOLD_REJECTED.value]}},
        )
        query["_id"] = {"$nin": decided}
    return await _commission_page(db, query, first, after, maximum, oldest_first=True)


def held_days(state: ledger.CommissionState, now: datetime) -> int | None:
    """Whole days a commission still on hold has waited since it was held; None otherwise."""
    if state.state is not ledger.State.ON_HOLD:
        return None
    return max(0, (now - state.at).days)


async def influencer_payouts(
    db: AsyncDB,
    influencer_id: str,
    *,
    first: int,
    after: str | None,
    maximum: int,
    start: date | None = None,
    end: date | None = None,
) -> Page[Payout]:
    """A page of an influencer's payouts, newest first; made between start and end (UTC
    days) when given."""
    query: dict[str, Any] = {"influencer_id": influencer_id}
    if start is not None or end is not None:
        low, high = _bounds(start or date.min, end or (date.max - timedelta(days=1)))
        query["created_at"] = {"$gte": low, "$lt": high}
    return await keyset_page(
        db.payouts,
        query,
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
