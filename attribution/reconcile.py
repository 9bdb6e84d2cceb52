"""Keeping denormalised counters honest: the pure rules of the reconciliation jobs.

Two counters are kept beside the data they summarise, because reading the data on every request
would be too slow, and both can drift when a process dies between two writes that belong
together (no multi-document transactions):

- a link's `clicks_total` / `clicks_counted`, raised by the click consumer after it inserts the
  clicks (`attribution.consumer.write_clicks`);
- a campaign's `spent_minor`, raised when an order's commission is opened and lowered when it is
  reversed or rejected, while the commission itself is a ledger entry written separately.

A reconciliation recomputes the truth (clicks per link; what the campaign's commissions still
hold in the ledger) and compares. A difference seen once may be a write in flight — a click
batch inserted but not yet counted, a budget spent a millisecond before its ledger entry — so a
difference is only corrected when the *same* non-zero difference is seen again by the next run,
at least `settle` later. The first sighting is remembered; a difference that changes or
disappears replaces or drops it. The correction is an increment by minus the difference, never
an overwrite, so increments that land meanwhile are kept.

Everything here is plain data in, plain data out; `attribution.reconcile_io` reads and writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from attribution.ledger import CommissionState

Difference = tuple[int, ...]
"""Counter minus truth, per counter of the subject: (total, counted) for a link, (spent,) for a
campaign."""

SETTLE = timedelta(minutes=5)
"""How long a difference must last before it is corrected: far longer than any write in flight."""


@dataclass(frozen=True)
class Sighting:
    """A difference seen by one run, remembered until the next decides on it."""

    subject: str
    difference: Difference
    seen_at: datetime
    token: str
    """Identifies this sighting: the run that deletes it by token is the one that corrects."""


@dataclass(frozen=True)
class Correction:
    subject: str
    difference: Difference
    sighting: Sighting

    @property
    def increments(self) -> Difference:
        """What to add to the counters: minus the difference."""
        return tuple(-value for value in self.difference)


@dataclass(frozen=True)
class Decision:
    corrections: list[Correction] = field(default_factory=list)
    remember: list[tuple[str, Difference]] = field(default_factory=list)
    """New first sightings (a subject's earlier, different sighting is replaced)."""
    forget: list[str] = field(default_factory=list)
    """Subjects whose sighting is dropped: the difference is gone, or the subject is."""
    waiting: list[str] = field(default_factory=list)
    """Seen again with the same difference, but too soon after the first sighting."""


def decide(
    observed: Mapping[str, Difference],
    sightings: Mapping[str, Sighting],
    now: datetime,
    *,
    settle: timedelta = SETTLE,
    unjudged: Iterable[str] = (),
) -> Decision:
    """What to do about each difference observed by this run, given the last run's sightings.

    `observed` holds every subject this run judged (zero differences included); `unjudged`
    names subjects it could not judge (their counter moved while it read), whose sightings are
    kept for the next run. Any other sighting belongs to a subject that no longer exists.
    """
    decision = Decision()
    skipped = set(unjudged)
    for subject, difference in sorted(observed.items()):
        previous = sightings.get(subject)
        if not any(difference):
            if previous is not None:
                decision.forget.append(subject)
        elif previous is not None and previous.difference == difference:
            if now - previous.seen_at >= settle:
                decision.corrections.append(Correction(subject, difference, previous))
            else:
                decision.waiting.append(subject)
        else:
            decision.remember.append((subject, difference))
    for subject in sorted(sightings):
        if subject not in observed and subject not in skipped:
            decision.forget.append(subject)
    return decision


# --- link click counters -------------------------------------------------------------------

ClickCounts = tuple[int, int]
"""(total, counted) clicks of one link."""


def link_differences(
    counters: Mapping[str, ClickCounts], recount: Mapping[str, ClickCounts]
) -> dict[str, Difference]:
    """Each link's stored counters minus its clicks recounted (links without clicks count 0)."""
    out: dict[str, Difference] = {}
    for link_id, (total, counted) in counters.items():
        true_total, true_counted = recount.get(link_id, (0, 0))
        out[link_id] = (total - true_total, counted - true_counted)
    return out


# --- campaign budgets ----------------------------------------------------------------------


@dataclass(frozen=True)
class PlanPart:
    """One influencer's part of a split order's commission plan, fixed on the order.

    The plan's whole amount was taken from the budget when it was fixed; its ledger entries are
    written after it. Until they are (an order still being processed, or waiting for a takeover
    after a crash), the part's amount is held by the plan itself.
    """

    campaign_id: str
    commission_id: str
    amount_minor: int


def held_by_campaign(
    commissions: Iterable[CommissionState], plans: Iterable[PlanPart] = ()
) -> dict[str, int]:
    """The money each campaign's commissions still hold: original less reversed and rejected.

    Every COMMISSION entry counts, whatever opened it (an order, a split order's part, a post's
    fixed fee); plan parts count only while their entry is not in the ledger yet.
    """
    held: dict[str, int] = defaultdict(int)
    opened: set[str] = set()
    for state in commissions:
        opened.add(state.commission_id)
        if state.campaign_id is not None:
            held[state.campaign_id] += state.open_minor
    for part in plans:
        if part.commission_id not in opened and part.amount_minor > 0:
            held[part.campaign_id] += part.amount_minor
    return dict(held)


def budget_differences(spent: Mapping[str, int], held: Mapping[str, int]) -> dict[str, Difference]:
    """Each campaign's `spent_minor` minus what its commissions hold."""
    return {
        campaign_id: (value - held.get(campaign_id, 0),) for campaign_id, value in spent.items()
    }


ExhaustionChange = Literal["clear", "set"] | None


def exhaustion_change(
    before_minor: int, delta_minor: int, budget_minor: int, exhausted: bool
) -> ExhaustionChange:
    """How a correction of `delta_minor` moves the campaign's "budget used up" mark.

    Freeing budget below the cap lets commissions accrue again ("clear"); raising the spend to
    the cap stops them, and the brand is told ("set"). A mark already in place is left alone, so
    the brand is not told twice about one exhaustion.
    """
    after = before_minor + delta_minor
    if delta_minor < 0 and exhausted and after < budget_minor:
        return "clear"
    if delta_minor > 0 and not exhausted and after >= budget_minor:
        return "set"
    return None
