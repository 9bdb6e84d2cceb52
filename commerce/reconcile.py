"""The commerce side's reconciliation rules: what a link's click counters and a campaign's spend
should be. The rule for when to correct (a difference two runs agree on) is `core.reconcile`.

- a link's `clicks_total` / `clicks_counted`, raised by the click consumer after it inserts the
  clicks (`commerce.consumer.write_clicks`);
- a campaign's `spent_minor`, raised when an order's commission is opened and lowered when it is
  reversed or rejected, while the commission itself is a ledger entry written separately — a
  budget spent a millisecond before its ledger entry is a difference in flight.

Everything here is plain data in, plain data out; `commerce.reconcile_io` reads and writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from commerce.ledger import CommissionState
from core.reconcile import Difference

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
