"""Reconciliation jobs' shared reads and writes: sightings, and correcting plain counters.

Sightings live in `reconcile_sightings` (`_id` "<job>:<subject>"). A correction first deletes
its sighting by token; only the run whose delete succeeds applies the increment, so two runs at
once (the hourly task and `trendloop reconcile`) never correct the same difference twice.

`reconcile_counters` is a whole job for counters that live on documents (a link's clicks, a
post's likes, a person's followers): it reads the counters, then their truth, then the counters
again, and leaves a document whose counters moved in between for the next run — a write landed
while it read, so the two reads do not describe one moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo import UpdateOne

from core import clock
from core.ids import new_id
from core.mongo import Document, SyncDB, chunks
from core.reconcile import Correction, Decision, Difference, Sighting, decide

log = logging.getLogger(__name__)

Advance = Callable[[int, int], None]
"""Progress callback: (done, total) subjects."""

SIGHTINGS = "reconcile_sightings"
DOC_CHUNK = 500
ID_CHUNK = 1000


@dataclass(frozen=True)
class CounterFix:
    """Counters of one document corrected by a job: what was added to each."""

    job: str
    subject: str
    label: str | None
    """What a person recognises it by (a link's code, a person's name), when there is one."""
    increments: tuple[tuple[str, int], ...]


@dataclass
class RunSummary:
    job: str
    checked: int = 0
    differing: int = 0
    remembered: int = 0
    """Differences seen for the first time (or changed since the last run)."""
    waiting: int = 0
    """Seen again too soon to be sure; the next run decides."""
    unsettled: int = 0
    """Counters that moved while the run read them; judged next time."""
    fixes: list[Any] = field(default_factory=list)

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

    def record(self, observed: Mapping[str, Difference], decision: Decision) -> None:
        self.checked = len(observed)
        self.differing = sum(1 for d in observed.values() if any(d))
        self.remembered = len(decision.remember)
        self.waiting = len(decision.waiting)

    def log(self, message: str) -> None:
        log.info(
            message,
            extra={
                "job": self.job,
                "checked": self.checked,
                "differing": self.differing,
                "remembered": self.remembered,
                "corrected": len(self.fixes),
                "unsettled": self.unsettled,
            },
        )


# --- sightings -----------------------------------------------------------------------------


def _sighting_id(job: str, subject: str) -> str:
    return f"{job}:{subject}"


def load_sightings(db: SyncDB, job: str) -> dict[str, Sighting]:
    return {
        d["subject"]: Sighting(
            subject=d["subject"],
            difference=tuple(int(v) for v in d["difference"]),
            seen_at=clock.as_utc(d["seen_at"]),
            token=d["token"],
        )
        for d in db[SIGHTINGS].find({"job": job})
    }


def store_decision(db: SyncDB, job: str, decision: Decision, now: datetime) -> None:
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


def claim(db: SyncDB, job: str, correction: Correction) -> bool:
    """Take the sighting this correction rests on; False if another run took it first."""
    sighting = correction.sighting
    taken = db[SIGHTINGS].delete_one(
        {"_id": _sighting_id(job, sighting.subject), "token": sighting.token}
    )
    return taken.deleted_count == 1


# --- counters on documents -----------------------------------------------------------------


def _read(docs: Any, fields: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    return {d["_id"]: tuple(int(d.get(name) or 0) for name in fields) for d in docs}


def reconcile_counters(
    db: SyncDB,
    job: str,
    collection: str,
    fields: tuple[str, ...],
    truth: Callable[[], Mapping[str, tuple[int, ...]]],
    now: datetime,
    advance: Advance | None = None,
    *,
    label_field: str | None = None,
    query: Document | None = None,
) -> RunSummary:
    """Compare the `fields` counters of every document of `collection` (matching `query`) with
    `truth()` (per document id; a missing id counts zero); correct what two runs agree on."""
    summary = RunSummary(job)
    projection = {name: 1 for name in fields}
    labels: dict[str, str | None] = {}
    listing = dict(projection, **({label_field: 1} if label_field else {}))
    docs = list(db[collection].find(query or {}, listing))
    before = _read(docs, fields)
    if label_field:
        labels = {d["_id"]: d.get(label_field) for d in docs}
    if advance:
        advance(0, len(before))
    # Truth is read in one pass (the embedded store scans a collection per query, so reading it
    # document by document would scan it once per document).
    counted = truth()
    zero = (0,) * len(fields)
    observed: dict[str, Difference] = {}
    unjudged: set[str] = set()
    done = 0
    for part in chunks(sorted(before), DOC_CHUNK):
        after = _read(db[collection].find({"_id": {"$in": part}}, projection), fields)
        for subject in part:
            if after.get(subject) != before[subject]:
                unjudged.add(subject)
                continue
            true = counted.get(subject, zero)
            observed[subject] = tuple(a - b for a, b in zip(before[subject], true, strict=True))
        done += len(part)
        if advance:
            advance(done, len(before))
    decision = decide(observed, load_sightings(db, job), now, unjudged=unjudged)
    summary.record(observed, decision)
    summary.unsettled = len(unjudged)
    for correction in decision.corrections:
        if not claim(db, job, correction):
            continue
        increments = tuple(zip(fields, correction.increments, strict=True))
        db[collection].update_one({"_id": correction.subject}, {"$inc": dict(increments)})
        log.warning(
            "counters corrected",
            extra={"job": job, "subject": correction.subject, **dict(increments)},
        )
        summary.fixes.append(
            CounterFix(job, correction.subject, labels.get(correction.subject), increments)
        )
    store_decision(db, job, decision, now)
    summary.log("counters reconciled")
    return summary
