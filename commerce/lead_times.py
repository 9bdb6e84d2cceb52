"""Design-to-listing lead time (pure): element noticed → drop created → purchase order issued →
pieces listed, per purchase order and per drop, against a target (7 days by default,
`DESIGN_TO_LISTING_TARGET_DAYS`).

The clock starts when the trend was noticed if that is known, else when the drop was created,
else when the order was issued; a stage whose ends are not both known is None. A drop's lead
time runs to its first listing (the drop is on sale) and, once every order of it is listed or
declined, to its last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


def _days(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 86_400


@dataclass(frozen=True)
class LeadTime:
    noticed_to_drop_days: float | None
    drop_to_issue_days: float | None
    issue_to_listed_days: float | None
    total_days: float | None
    """From the earliest known start to listing; None until listed."""
    elapsed_days: float
    """From the earliest known start to listing, or to now while not listed yet."""
    target_days: float
    on_target: bool | None
    """None while not listed and still within the target."""


def order_lead_time(
    *,
    noticed_at: datetime | None,
    drop_created_at: datetime | None,
    issued_at: datetime,
    listed_at: datetime | None,
    now: datetime,
    target_days: float,
) -> LeadTime:
    start = noticed_at or drop_created_at or issued_at
    total = _days(start, listed_at)
    elapsed = _days(start, listed_at or now) or 0.0
    return LeadTime(
        noticed_to_drop_days=_days(noticed_at, drop_created_at),
        drop_to_issue_days=_days(drop_created_at, issued_at),
        issue_to_listed_days=_days(issued_at, listed_at),
        total_days=total,
        elapsed_days=elapsed,
        target_days=target_days,
        on_target=(total <= target_days)
        if total is not None
        else (False if elapsed > target_days else None),
    )


@dataclass(frozen=True)
class OrderTimes:
    issued_at: datetime
    listed_at: datetime | None
    declined: bool


@dataclass(frozen=True)
class DropLeadTime:
    orders: int
    listed_orders: int
    first_issued_at: datetime | None
    first_listed_at: datetime | None
    last_listed_at: datetime | None
    """Set once every order not declined is listed."""
    to_first_listing_days: float | None
    to_last_listing_days: float | None
    elapsed_days: float
    target_days: float
    on_target: bool | None


def drop_lead_time(
    *,
    noticed_at: datetime | None,
    drop_created_at: datetime,
    orders: Sequence[OrderTimes],
    now: datetime,
    target_days: float,
) -> DropLeadTime:
    start = noticed_at or drop_created_at
    live = [o for o in orders if not o.declined]
    listed = sorted(o.listed_at for o in live if o.listed_at is not None)
    first = listed[0] if listed else None
    last = listed[-1] if listed and len(listed) == len(live) else None
    to_first = _days(start, first)
    elapsed = _days(start, first or now) or 0.0
    return DropLeadTime(
        orders=len(orders),
        listed_orders=len(listed),
        first_issued_at=min((o.issued_at for o in orders), default=None),
        first_listed_at=first,
        last_listed_at=last,
        to_first_listing_days=to_first,
        to_last_listing_days=_days(start, last),
        elapsed_days=elapsed,
        target_days=target_days,
        on_target=(to_first <= target_days)
        if to_first is not None
        else (False if elapsed > target_days else None),
    )
