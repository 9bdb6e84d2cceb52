"""The reconciliation jobs' reads and writes; the rules are in `attribution.reconcile`.

`recount_link_clicks` recounts every link's clicks and `reconcile_budgets` every campaign's held
commissions, then correct what two runs agree on. Both read a counter before and after reading
its truth and leave a subject whose counter moved in between for the next run (a write landed
while they read, so the two reads do not describe one moment).

Sightings live in `reconcile_sightings` (`_id` "<job>:<subject>"). A correction first deletes
its sighting by token; only the run whose delete succeeds applies the increment, so two runs at
once (the hourly task and `trendloop reconcile`) never correct the same difference twice.
Budget corrections are recorded in `budget_corrections` (campaign, before, after, delta, at), so
a brand or an admin can see why the spend moved; link corrections are logged.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pymongo import ReturnDocument, UpdateOne

from attribution import campaigns as campaigns_io
from attribution import ledger
from attribution.derived_ids import derived_id
from attribution.reconcile import (
    Correction,
    Decision,
    Difference,
    PlanPart,
    Sighting,
    budget_differences,
    decide,
    exhaustion_change,
    held_by_campaign,
    link_differences,
)
from core import clock
from core.ids import new_id
from core.mongo import Document, SyncDB, chunks

log = logging.getLogger(__name__)

Job = Literal["links", "budgets"]
Advance = Callable[[int, int], None]
"""Progress callback: (done, total) subjects."""

SIGHTINGS = "reconcile_sightings"
CORRECTIONS = "budget_corrections"
LINK_CHUNK = 500
CAMPAIGN_CHUNK = 100
ID_CHUNK = 1000


@dataclass(frozen=True)
class LinkFix:
    link_id: str
    code: str | None
    total_delta: int
    counted_delta: int


@dataclass(frozen=True)
class BudgetFix:
    campaign_id: str
    name: str
    currency: str
    before_minor: int
    after_minor: int
    delta_minor: int
    exhaustion: str | None
    """"set" (the brand was told) or "clear" (commissions accrue again), if the mark moved."""


@dataclass
class RunSummary:
    job: Job
    checked: int = 0
    differing: int = 0
    remembered: int = 0
    """Differences seen for the first time (or changed since the last run)."""
    waiting: int = 0
    """Seen again too soon to be sure; the next run decides."""
    unsettled: int = 0
    """Counters that moved while the run read them; judged next time."""
    fixes: list[LinkFix | BudgetFix] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "checked": self.checked,
            "differing": self.differing,
            "remembered": self.remembered,
            "waiting": self.waiting,
            "unsettled": self.unsettled,
            "corrected": [vars(fix) for fix in self.fixes],
        }


# --- sightings -----------------------------------------------------------------------------


def _sighting_id(job: Job, subject: str) -> str:
    return f"{job}:{subject}"


def load_sightings(db: SyncDB, job: Job) -> dict[str, Sighting]:
    return {
        d["subject"]: Sighting(
            subject=d["subject"],
            difference=tuple(int(v) for v in d["difference"]),
            seen_at=clock.as_utc(d["seen_at"]),
            token=d["token"],
        )
        for d in db[SIGHTINGS].find({"job": job})
    }


def _store_decision(db: SyncDB, job: Job, decision: Decision, now: datetime) -> None:
    writes: list[Any] = [
        UpdateOne(
            {"_id": _sighting_id(job, subject)},
            {
                "$set": {
                    "job": job,
                    "subject": subject,
                    "difference": list(difference),
                    "seen_at": now,
                    "token": new_id("rcs"),
                }
            },
            upsert=True,
        )
        for subject, difference in decision.remember
    ]
    if writes:
        db[SIGHTINGS].bulk_write(writes, ordered=False)
    for part in chunks(decision.forget, ID_CHUNK):
        db[SIGHTINGS].delete_many({"_id": {"$in": [_sighting_id(job, s) for s in part]}})


def _claim(db: SyncDB, job: Job, correction: Correction) -> bool:
    """Take the sighting this correction rests on; False if another run took it first."""
    sighting = correction.sighting
    taken = db[SIGHTINGS].delete_one(
        {"_id": _sighting_id(job, sighting.subject), "token": sighting.token}
    )
    return taken.deleted_count == 1


def _summarise(summary: RunSummary, observed: dict[str, Difference], decision: Decision) -> None:
    summary.differing = sum(1 for d in observed.values() if any(d))
    summary.remembered = len(decision.remember)
    summary.waiting = len(decision.waiting)


# --- link click counters -------------------------------------------------------------------

_COUNTERS = {"clicks_total": 1, "clicks_counted": 1, "code": 1}


def _counters(docs: Iterable[Document]) -> dict[str, tuple[int, int]]:
    return {
        d["_id"]: (int(d.get("clicks_total") or 0), int(d.get("clicks_counted") or 0)) for d in docs
    }


def recount_clicks(db: SyncDB) -> dict[str, tuple[int, int]]:
    """(total, counted) clicks per link id, from the clicks themselves (one pass)."""
    rows = db.clicks.aggregate(
        [
            {
                "$group": {
                    "_id": "$link_id",
                    "total": {"$sum": 1},
                    "counted": {"$sum": {"$cond": ["$counted", 1, 0]}},
                }
            }
        ]
    )
    return {r["_id"]: (int(r["total"]), int(r["counted"])) for r in rows if r["_id"] is not None}


def recount_link_clicks(db: SyncDB, now: datetime, advance: Advance | None = None) -> RunSummary:
    """Compare every link's click counters with its clicks; correct what two runs agree on."""
    summary = RunSummary("links")
    docs = list(db.links.find({}, _COUNTERS))
    before = _counters(docs)
    codes = {d["_id"]: d.get("code") for d in docs}
    total = len(before)
    if advance:
        advance(0, total)
    # One pass over the clicks (the embedded store scans a collection per query, so recounting
    # link by link would scan it once per link).
    recount = recount_clicks(db)
    observed: dict[str, Difference] = {}
    unjudged: set[str] = set()
    done = 0
    for part in chunks(sorted(before), LINK_CHUNK):
        after = _counters(db.links.find({"_id": {"$in": part}}, _COUNTERS))
        settled = {k: v for k, v in after.items() if before[k] == v}
        unjudged.update(k for k in part if k not in settled)
        observed.update(link_differences(settled, recount))
        done += len(part)
        if advance:
            advance(done, total)
    decision = decide(observed, load_sightings(db, "links"), now, unjudged=unjudged)
    summary.checked = len(observed)
    summary.unsettled = len(unjudged)
    _summarise(summary, observed, decision)
    for correction in decision.corrections:
        fix = _fix_link(db, correction, codes.get(correction.subject))
        if fix is not None:
            summary.fixes.append(fix)
    _store_decision(db, "links", decision, now)
    log.info(
        "link click counters reconciled",
        extra={
            "links": summary.checked,
            "differing": summary.differing,
            "remembered": summary.remembered,
            "corrected": len(summary.fixes),
            "unsettled": summary.unsettled,
        },
    )
    return summary


def _fix_link(db: SyncDB, correction: Correction, code: str | None) -> LinkFix | None:
    if not _claim(db, "links", correction):
        return None
    total_delta, counted_delta = correction.increments
    db.links.update_one(
        {"_id": correction.subject},
        {"$inc": {"clicks_total": total_delta, "clicks_counted": counted_delta}},
    )
    log.warning(
        "link click counters corrected",
        extra={
            "link": correction.subject,
            "clicks_total_delta": total_delta,
            "clicks_counted_delta": counted_delta,
        },
    )
    return LinkFix(correction.subject, code, total_delta, counted_delta)


# --- campaign budgets ----------------------------------------------------------------------

_CAMPAIGN = {
    "spent_minor": 1,
    "budget_minor": 1,
    "budget_exhausted_at": 1,
    "name": 1,
    "currency": 1,
    "brand_id": 1,
}


def _spent(docs: Iterable[Document]) -> dict[str, int]:
    return {d["_id"]: int(d.get("spent_minor") or 0) for d in docs}


def commission_states(
    db: SyncDB, campaign_ids: list[str]
) -> tuple[list[ledger.CommissionState], set[str]]:
    """The folded commissions of these campaigns, and the campaigns whose log does not fold."""
    owner: dict[str, str] = {}
    for part in chunks(campaign_ids, ID_CHUNK):
        for d in db.ledger.find(
            {"campaign_id": {"$in": part}, "kind": ledger.EntryKind.COMMISSION.value},
            {"campaign_id": 1},
        ):
            owner[d["_id"]] = d["campaign_id"]
    entries: dict[str, list[ledger.Entry]] = defaultdict(list)
    for part in chunks(sorted(owner), ID_CHUNK):
        for d in db.ledger.find({"subject_id": {"$in": part}}):
            entries[owner[d["subject_id"]]].append(ledger.entry_from_document(d))
    states: list[ledger.CommissionState] = []
    broken: set[str] = set()
    for campaign_id, log_ in entries.items():
        try:
            states.extend(ledger.fold(log_).values())
        except ledger.LedgerError as exc:
            # Leave the spend alone rather than correct it from a log that cannot be read.
            broken.add(campaign_id)
            log.error(
                "campaign ledger does not fold", extra={"campaign": campaign_id, "why": str(exc)}
            )
    return states, broken


def plan_parts(db: SyncDB, campaign_ids: list[str]) -> list[PlanPart]:
    """Parts of split plans on orders still being processed (their entries may be missing)."""
    parts = []
    for order in db.orders.find(
        {
            "state": "RECEIVED",
            "commission_plan": {"$exists": True},
            "split.credit.campaign_id": {"$in": campaign_ids},
        },
        {"commission_plan": 1, "split.credit.campaign_id": 1},
    ):
        campaign_id = order["split"]["credit"]["campaign_id"]
        for item in order.get("commission_plan") or ():
            parts.append(
                PlanPart(
                    campaign_id=campaign_id,
                    commission_id=ledger.order_commission_id(
                        order["_id"], part=item["influencer_id"]
                    ),
                    amount_minor=int(item["amount_minor"]),
                )
            )
    return parts


def reconcile_budgets(db: SyncDB, now: datetime, advance: Advance | None = None) -> RunSummary:
    """Compare every campaign's spend with what its commissions hold; correct what two runs
    agree on."""
    summary = RunSummary("budgets")
    campaign_ids = sorted(d["_id"] for d in db.campaigns.find({}, {"_id": 1}))
    total = len(campaign_ids)
    if advance:
        advance(0, total)
    observed: dict[str, Difference] = {}
    unjudged: set[str] = set()
    done = 0
    for part in chunks(campaign_ids, CAMPAIGN_CHUNK):
        before = _spent(db.campaigns.find({"_id": {"$in": part}}, {"spent_minor": 1}))
        states, broken = commission_states(db, part)
        held = held_by_campaign(states, plan_parts(db, part))
        after = _spent(db.campaigns.find({"_id": {"$in": part}}, {"spent_minor": 1}))
        settled = {k: v for k, v in before.items() if after.get(k) == v and k not in broken}
        unjudged.update(k for k in part if k not in settled)
        observed.update(budget_differences(settled, held))
        done += len(part)
        if advance:
            advance(done, total)
    decision = decide(observed, load_sightings(db, "budgets"), now, unjudged=unjudged)
    summary.checked = len(observed)
    summary.unsettled = len(unjudged)
    _summarise(summary, observed, decision)
    for correction in decision.corrections:
        fix = _fix_budget(db, correction, now)
        if fix is not None:
            summary.fixes.append(fix)
    _store_decision(db, "budgets", decision, now)
    log.info(
        "campaign budgets reconciled",
        extra={
            "campaigns": summary.checked,
            "differing": summary.differing,
            "remembered": summary.remembered,
            "corrected": len(summary.fixes),
            "unsettled": summary.unsettled,
        },
    )
    return summary


def _fix_budget(db: SyncDB, correction: Correction, now: datetime) -> BudgetFix | None:
    if not _claim(db, "budgets", correction):
        return None
    (delta,) = correction.increments
    campaign_id = correction.subject
    before = db.campaigns.find_one_and_update(
        {"_id": campaign_id},
        {"$inc": {"spent_minor": delta}},
        projection=_CAMPAIGN,
        return_document=ReturnDocument.BEFORE,
    )
    if before is None:  # deleted meanwhile
        return None
    spent_before = int(before.get("spent_minor") or 0)
    budget = int(before["budget_minor"])
    change = exhaustion_change(spent_before, delta, budget, bool(before.get("budget_exhausted_at")))
    # Both marks are conditional updates: a spend or release landing meanwhile may already have
    # moved the campaign across its cap.
    if change == "clear":
        db.campaigns.update_one(
            {"_id": campaign_id, "spent_minor": {"$lt": budget}},
            {"$set": {"budget_exhausted_at": None}},
        )
    elif change == "set":
        marked = db.campaigns.update_one(
            {"_id": campaign_id, "spent_minor": {"$gte": budget}, "budget_exhausted_at": None},
            {"$set": {"budget_exhausted_at": now}},
        )
        if marked.modified_count == 1:
            campaigns_io.store_budget_notification(db, campaign_id)
    fix = BudgetFix(
        campaign_id=campaign_id,
        name=str(before.get("name", "")),
        currency=str(before.get("currency", "")),
        before_minor=spent_before,
        after_minor=spent_before + delta,
        delta_minor=delta,
        exhaustion=change,
    )
    db[CORRECTIONS].update_one(
        {"_id": derived_id("bgc", correction.sighting.token)},
        {
            "$setOnInsert": {
                "campaign_id": campaign_id,
                "brand_id": before.get("brand_id"),
                "currency": fix.currency,
                "before_minor": fix.before_minor,
                "after_minor": fix.after_minor,
                "delta_minor": delta,
                "exhaustion": change,
                "reason": "LEDGER",
                "at": now,
            }
        },
        upsert=True,
    )
    log.warning(
        "campaign spend corrected from the ledger",
        extra={
            "campaign": campaign_id,
            "before_minor": fix.before_minor,
            "after_minor": fix.after_minor,
            "delta_minor": delta,
        },
    )
    return fix
