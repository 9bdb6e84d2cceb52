"""Keeping denormalised counters honest: the rule every reconciliation job follows.

Counters kept beside the data they summarise (a post's likes, a link's clicks, a campaign's
spend) can drift when a process dies between two writes that belong together: there are no
multi-document transactions. A reconciliation recomputes the truth and compares. A difference
seen once may be a write in flight, so a difference is only corrected when the *same* non-zero
difference is seen again by the next run, at least `settle` later. The first sighting is
remembered; a difference that changes or disappears replaces or drops it. The correction is an
increment by minus the difference, never an overwrite, so increments that land meanwhile are
kept.

Plain data in, plain data out; `core.reconcile_io` keeps the sightings and applies counter
corrections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
