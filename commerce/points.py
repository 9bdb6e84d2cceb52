"""Shopper rewards: points (store credit) for orders that came through a shopper's tagged look.

A shopper's product tag is a tracked link like an influencer's (`commerce.points_links`); an
order credited to it earns the shopper points, never cash. This module is the pure part: an
append-only log of :class:`PointsEntry` and the state machine folded from it. The I/O beside it
is `commerce.points_store`.

Unit: **1 point = 1 minor unit of the order's currency** (a US order of $80.00 at 5 % earns
400 points, worth $4.00 of store credit). Points are therefore kept per currency, like money,
and never converted. All arithmetic is on integers: points = net sale x rate (basis points)
// 10 000, rounded down, so a shopper is never credited a fraction the brand did not grant.

Life cycle (one *credit* per order)::

    CREDIT ──► PENDING ──APPROVAL (window closed)──► AVAILABLE
                 │
                 └─ REVERSAL (return inside the window): a negative entry, pro rata to the
                    returned share of the sale (cumulative floors, so returning the whole
                    sale reverses every point); the whole sale returned ► REVERSED

A return at or after the window's close changes nothing: the points stay (or become)
AVAILABLE, as an approved commission stays approved.

Idempotency: entry ids are derived from the event — the credit from the order, a reversal
from (order, return), the approval from the order — so a resent webhook or a second run of
the approval job builds the same id, and storage (unique `_id`) turns it into a no-op. The
builders here also return ``[]`` when the id is already in the log.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

__all__ = [
    "BPS",
    "DEFAULT_RATE_BPS",
    "MAX_RATE_BPS",
    "MAX_WINDOW_DAYS",
    "ChannelFigures",
    "EntryKind",
    "PointsBalance",
    "PointsEntry",
    "PointsError",
    "PointsState",
    "Status",
    "apply_return",
    "approve_due",
    "balances",
    "channel_figures",
    "credit_id",
    "entry_from_document",
    "entry_to_document",
    "fold",
    "new_credit",
    "next_available",
    "points_for",
]

BPS = 10_000
# A brand that never set a rate pays 5 % of the net sale in points.
DEFAULT_RATE_BPS = 500
# Points are a reward, not a commission: at most half the sale.
MAX_RATE_BPS = 5_000
MAX_WINDOW_DAYS = 365


class PointsError(ValueError):
    """An entry the state machine refuses (a programming error or a corrupt log)."""


class EntryKind(StrEnum):
    CREDIT = "CREDIT"
    REVERSAL = "REVERSAL"
    APPROVAL = "APPROVAL"


class Status(StrEnum):
    PENDING = "PENDING"
    AVAILABLE = "AVAILABLE"
    REVERSED = "REVERSED"


@dataclass(frozen=True)
class PointsEntry:
    """One line of the points log. ``points`` is the signed effect on the shopper's points:
    ``+`` for CREDIT, ``-`` for REVERSAL, ``0`` for APPROVAL."""

    id: str
    kind: EntryKind
    credit_id: str
    shopper_id: str
    brand_id: str
    currency: str
    points: int
    at: datetime
    order_id: str
    # On the CREDIT only: what the points were computed on, and where the order came from.
    sale_minor: int | None = None
    rate_bps: int | None = None
    window_closes_at: datetime | None = None
    link_id: str | None = None
    post_id: str | None = None
    product_id: str | None = None
    # On a REVERSAL: the return and how much of the sale it gave back.
    return_id: str | None = None
    returned_minor: int | None = None


@dataclass(frozen=True)
class PointsState:
    """One order's points now."""

    credit_id: str
    shopper_id: str
    brand_id: str
    currency: str
    status: Status
    credited: int
    reversed: int
    sale_minor: int
    returned_minor: int
    rate_bps: int
    at: datetime
    window_closes_at: datetime
    order_id: str
    link_id: str | None
    post_id: str | None
    product_id: str | None
    approved_at: datetime | None = None

    @property
    def open_points(self) -> int:
        """Points still standing (pending or available)."""
        return self.credited - self.reversed


@dataclass(frozen=True)
class PointsBalance:
    currency: str
    pending: int = 0
    available: int = 0
    reversed: int = 0


def _derive(prefix: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return f"{prefix}_{digest}"


def credit_id(order_id: str) -> str:
    """The credit's id (and its entry's): one per order, whoever the shopper is, so a
    redelivered order can never credit a second shopper."""
    return _derive("pts", "order", order_id)


def _reversal_id(credit: str, return_id: str) -> str:
    return _derive("ptr", credit, return_id)


def _approval_id(credit: str) -> str:
    return _derive("pta", credit)


def points_for(sale_minor: int, rate_bps: int) -> int:
    """Points earned on a net sale at a rate in basis points, rounded down."""
    if sale_minor < 0:
        raise PointsError("a sale is never negative")
    if not 0 <= rate_bps <= BPS:
        raise PointsError("a rate is between 0 and 10 000 basis points")
    return sale_minor * rate_bps // BPS


def _aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise PointsError("times must be timezone-aware")


def new_credit(
    *,
    order_id: str,
    shopper_id: str,
    brand_id: str,
    currency: str,
    sale_minor: int,
    rate_bps: int,
    at: datetime,
    window: timedelta,
    link_id: str | None = None,
    post_id: str | None = None,
    product_id: str | None = None,
) -> PointsEntry | None:
    """The order's CREDIT entry, PENDING until ``at + window``; None when it earns no point
    (a rate of 0 turns the channel off; a sale too small rounds down to nothing)."""
    _aware(at)
    if window < timedelta(0):
        raise PointsError("a return window is never negative")
    points = points_for(sale_minor, rate_bps)
    if points == 0:
        return None
    identifier = credit_id(order_id)
    return PointsEntry(
        id=identifier,
        kind=EntryKind.CREDIT,
        credit_id=identifier,
        shopper_id=shopper_id,
        brand_id=brand_id,
        currency=currency,
        points=points,
        at=at,
        order_id=order_id,
        sale_minor=sale_minor,
        rate_bps=rate_bps,
        window_closes_at=at + window,
        link_id=link_id,
        post_id=post_id,
        product_id=product_id,
    )


# --- folding -------------------------------------------------------------------------------

# Reversals fold before approvals: a reversal is dated inside the window, an approval after it,
# so the result never depends on the order the store returns entries in.
_RANK = {EntryKind.CREDIT: 0, EntryKind.REVERSAL: 1, EntryKind.APPROVAL: 2}


def _canonical(entries: Iterable[PointsEntry]) -> list[PointsEntry]:
    unique: dict[str, PointsEntry] = {}
    for entry in entries:
        unique.setdefault(entry.id, entry)
    return sorted(unique.values(), key=lambda e: (_RANK[e.kind], e.at, e.id))


def _open(entry: PointsEntry) -> PointsState:
    if entry.sale_minor is None or entry.window_closes_at is None or entry.rate_bps is None:
        raise PointsError(f"credit {entry.id} lacks its sale, rate or window")
    if entry.points <= 0:
        raise PointsError(f"credit {entry.id} must be positive")
    return PointsState(
        credit_id=entry.credit_id,
        shopper_id=entry.shopper_id,
        brand_id=entry.brand_id,
        currency=entry.currency,
        status=Status.PENDING,
        credited=entry.points,
        reversed=0,
        sale_minor=entry.sale_minor,
        returned_minor=0,
        rate_bps=entry.rate_bps,
        at=entry.at,
        window_closes_at=entry.window_closes_at,
        order_id=entry.order_id,
        link_id=entry.link_id,
        post_id=entry.post_id,
        product_id=entry.product_id,
    )


def _step(state: PointsState, entry: PointsEntry) -> PointsState:
    if entry.kind is EntryKind.REVERSAL:
        returned = entry.returned_minor or 0
        if state.status is not Status.PENDING:
            raise PointsError(f"reversal {entry.id} on {state.status} points")
        if entry.at >= state.window_closes_at:
            raise PointsError(f"reversal {entry.id} after the return window")
        if returned <= 0 or state.returned_minor + returned > state.sale_minor:
            raise PointsError(f"reversal {entry.id} returns too much")
        reversed_total = state.reversed - entry.points
        if entry.points > 0 or reversed_total > state.credited:
            raise PointsError(f"reversal {entry.id} reverses too much")
        whole = state.returned_minor + returned == state.sale_minor
        return dataclasses.replace(
            state,
            status=Status.REVERSED if whole else Status.PENDING,
            reversed=reversed_total,
            returned_minor=state.returned_minor + returned,
        )
    if entry.kind is EntryKind.APPROVAL:
        if state.status is not Status.PENDING:
            raise PointsError(f"approval {entry.id} on {state.status} points")
        if entry.at < state.window_closes_at:
            raise PointsError(f"approval {entry.id} before the return window closed")
        return dataclasses.replace(state, status=Status.AVAILABLE, approved_at=entry.at)
    raise PointsError(f"{entry.kind} {entry.id} does not change a credit")


def fold(entries: Iterable[PointsEntry]) -> dict[str, PointsState]:
    """Every credit's current state, by credit id."""
    states: dict[str, PointsState] = {}
    for entry in _canonical(entries):
        if entry.kind is EntryKind.CREDIT:
            states[entry.credit_id] = _open(entry)
            continue
        state = states.get(entry.credit_id)
        if state is None:
            raise PointsError(f"{entry.kind} {entry.id} has no credit")
        if entry.shopper_id != state.shopper_id or entry.currency != state.currency:
            raise PointsError(f"{entry.kind} {entry.id} names another shopper or currency")
        states[entry.credit_id] = _step(state, entry)
    return states


def balances(states: Iterable[PointsState]) -> list[PointsBalance]:
    """Pending, available and reversed points per currency (currencies in order)."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for state in states:
        bucket = sums[state.currency]
        bucket["reversed"] += state.reversed
        if state.status is Status.PENDING:
            bucket["pending"] += state.open_points
        elif state.status is Status.AVAILABLE:
            bucket["available"] += state.open_points
    return [PointsBalance(currency, **dict(values)) for currency, values in sorted(sums.items())]


def next_available(states: Iterable[PointsState]) -> dict[str, datetime]:
    """Per currency, when the earliest still-pending points become available."""
    soonest: dict[str, datetime] = {}
    for state in states:
        if state.status is Status.PENDING and state.open_points > 0:
            known = soonest.get(state.currency)
            if known is None or state.window_closes_at < known:
                soonest[state.currency] = state.window_closes_at
    return soonest


@dataclass(frozen=True)
class ChannelFigures:
    """The shopper channel of one brand over a period, in one currency: the orders that earned
    points, their revenue net of returns, the points they cost net of reversals, and how many
    of them were a customer's first order with the brand."""

    currency: str
    orders: int
    revenue_minor: int
    points_cost: int
    new_customers: int

    @property
    def cac_minor(self) -> int | None:
        """Points cost per new customer, rounded down; None without new customers."""
        return self.points_cost // self.new_customers if self.new_customers else None


def channel_figures(
    states: Iterable[PointsState], currency: str, new_customer_orders: set[str]
) -> ChannelFigures:
    """Sum the credits of ``states`` in ``currency`` (``new_customer_orders``: the order ids
    that were a customer's first order with the brand)."""
    chosen = [s for s in states if s.currency == currency]
    return ChannelFigures(
        currency=currency,
        orders=len(chosen),
        revenue_minor=sum(s.sale_minor - s.returned_minor for s in chosen),
        points_cost=sum(s.open_points for s in chosen),
        new_customers=sum(1 for s in chosen if s.order_id in new_customer_orders),
    )


# --- building entries from the log ---------------------------------------------------------


def apply_return(
    entries: Iterable[PointsEntry],
    credit: str,
    return_id: str,
    returned_minor: int,
    at: datetime,
) -> list[PointsEntry]:
    """The REVERSAL for a return of ``returned_minor`` of the credit's sale, or ``[]`` when it
    changes nothing: already recorded, after the window, or on points already reversed."""
    _aware(at)
    log = list(entries)
    identifier = _reversal_id(credit, return_id)
    if any(e.id == identifier for e in log):
        return []
    state = fold(log).get(credit)
    if state is None or state.status is not Status.PENDING or at >= state.window_closes_at:
        return []
    returned = min(returned_minor, state.sale_minor - state.returned_minor)
    if returned <= 0:
        return []
    # Cumulative floors: the reversed total after this return is the returned share of the
    # credited points, so partial returns add up to exactly everything on a full return.
    after = state.returned_minor + returned
    target = (
        state.credited if after == state.sale_minor else state.credited * after // state.sale_minor
    )
    return [
        PointsEntry(
            id=identifier,
            kind=EntryKind.REVERSAL,
            credit_id=credit,
            shopper_id=state.shopper_id,
            brand_id=state.brand_id,
            currency=state.currency,
            points=-(target - state.reversed),
            at=at,
            order_id=state.order_id,
            return_id=return_id,
            returned_minor=returned,
        )
    ]


def approve_due(entries: Iterable[PointsEntry], now: datetime) -> list[PointsEntry]:
    """APPROVAL entries for every PENDING credit whose return window has closed by ``now``."""
    _aware(now)
    return [
        PointsEntry(
            id=_approval_id(state.credit_id),
            kind=EntryKind.APPROVAL,
            credit_id=state.credit_id,
            shopper_id=state.shopper_id,
            brand_id=state.brand_id,
            currency=state.currency,
            points=0,
            at=now,
            order_id=state.order_id,
        )
        for state in fold(entries).values()
        if state.status is Status.PENDING and state.window_closes_at <= now
    ]


# --- storage -------------------------------------------------------------------------------

_TIMES = ("at", "window_closes_at")


def entry_to_document(entry: PointsEntry) -> dict[str, Any]:
    """``_id`` is the entry id; unset fields are left out; datetimes stay BSON dates."""
    document: dict[str, Any] = {"_id": entry.id}
    for item in dataclasses.fields(entry):
        value = getattr(entry, item.name)
        if item.name == "id" or value is None:
            continue
        document[item.name] = value.value if isinstance(value, StrEnum) else value
    return document


def entry_from_document(document: Mapping[str, Any]) -> PointsEntry:
    names = {item.name for item in dataclasses.fields(PointsEntry)}
    values: dict[str, Any] = {"id": document["_id"]}
    values.update({k: v for k, v in document.items() if k in names})
    values["kind"] = EntryKind(values["kind"])
    for name in _TIMES:
        value = values.get(name)
        if isinstance(value, datetime) and value.tzinfo is None:
            values[name] = value.replace(tzinfo=UTC)
    return PointsEntry(**values)
