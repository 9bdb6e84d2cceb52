"""The commerce side's reconciliation jobs; the rules are in `commerce.reconcile` and
`core.reconcile`, the sightings and plain counter corrections in `core.reconcile_io`.

`recount_link_clicks` recounts every link's clicks and `reconcile_budgets` every campaign's held
commissions, then correct what two runs agree on. Both read a counter before and after reading
its truth and leave a subject whose counter moved in between for the next run (a write landed
while they read, so the two reads do not describe one moment). Budget corrections are recorded
in `budget_corrections` (campaign, before, after, delta, at), so a brand or an admin can see why
the spend moved; link corrections are logged.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pymongo import ReturnDocument

from commerce import campaigns as campaigns_io
from commerce import ledger
from commerce.reconcile import PlanPart, budget_differences, exhaustion_change, held_by_campaign
from core.derived_ids import derived_id
from core.mongo import Document, SyncDB, chunks
from core.reconcile import Correction, Difference, decide
from core.reconcile_io import (
    Advance,
    RunSummary,
    claim,
    load_sightings,
    reconcile_counters,
    store_decision,
)

log = logging.getLogger(__name__)

CORRECTIONS = "budget_corrections"
CAMPAIGN_CHUNK = 100
ID_CHUNK = 1000


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


# --- link click counters -------------------------------------------------------------------


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
    return reconcile_counters(
        db,
        "links",
        "links",
        ("clicks_total", "clicks_counted"),
        lambda: recount_clicks(db),
        now,
        advance,
        label_field="code",
    )


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
    summary.record(observed, decision)
    summary.unsettled = len(unjudged)
    for correction in decision.corrections:
        fix = _fix_budget(db, correction, now)
        if fix is not None:
            summary.fixes.append(fix)
    store_decision(db, "budgets", decision, now)
    summary.log("campaign budgets reconciled")
    return summary


def _fix_budget(db: SyncDB, correction: Correction, now: datetime) -> BudgetFix | None:
    if not claim(db, "budgets", correction):
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
