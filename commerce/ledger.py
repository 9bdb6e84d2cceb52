"""The earnings ledger: an append-only log of entries and the pure state machine over it.

Influencers earn commissions; every change to a commission or an adjustment is a new
:class:`Entry`, nothing is updated in place. The state of anything is obtained by folding the log.

Commission life cycle (one *commission* per credited order, or per approved post)::

    COMMISSION ──► PENDING ──APPROVAL──► APPROVED ──PAYMENT──► PAID
        │             │  ▲                   │ (locked: later returns are LATE_RETURN,
        │             │  └─HOLD_RELEASED─┐   │  earnings untouched)
        └─(fraud)──► ON_HOLD ────────────┘   │
                      │ └─HOLD_REJECTED──► REJECTED
                      └─ REVERSAL (return inside the window, on ON_HOLD or PENDING):
                         a negative entry; partial returns pro rata; the whole sale ► REVERSED

Adjustments: an admin posts a negative ADJUSTMENT with a reason code; it is *due* until a payout
deducts it (a CLAWBACK entry), so it is carried into the influencer's next payout. Balances may
go negative; a payout is made only when the net of approved commissions and due adjustments is
positive and at least the minimum, otherwise everything is carried over.

Money is integer minor units with an ISO currency. Every entry names its currency; sums are
always kept per currency and payouts are made per (influencer, currency).

Entries
-------
:class:`Entry` is a frozen dataclass; ``amount_minor`` is the entry's signed effect on the
influencer's earnings: ``+`` for COMMISSION, ``-`` for REVERSAL, HOLD_REJECTED and ADJUSTMENT, and
``0`` for the pure state changes (HOLD_RELEASED, APPROVAL, PAYMENT, CLAWBACK, LATE_RETURN). So the
sum of ``amount_minor`` over a log equals on_hold + pending + approved + paid + clawback_due +
clawed_back of :func:`balances`.

Storage contract (idempotency)
------------------------------
Store one document per entry with ``_id = entry.id`` (see :func:`entry_to_document`). Entry ids
are derived deterministically from the event, never from the clock or a counter, so a duplicate
webhook, a retried task or a second concurrent worker builds the *same* id and its insert fails
on the unique ``_id`` index, which the caller treats as "already done":

* COMMISSION: from the order id (:func:`order_commission_id`) or the post id
  (:func:`post_commission_id`). The influencer is not part of it, so a redelivered order can never
  credit a second influencer.
* REVERSAL and LATE_RETURN: from (commission id, return id) — one id for both, so a return is
  recorded once, either way.
* HOLD_RELEASED and HOLD_REJECTED: from the commission id — one id for both, so two reviewers
  deciding at once cannot both win.
* APPROVAL, PAYMENT: from the commission id (a commission is approved once and paid once, even
  if two payout runs overlap). CLAWBACK: from the adjustment id.
* ADJUSTMENT: from a caller-supplied request id (the admin form's idempotency key).

The functions that build entries from the current log return ``[]`` when the entry's id is
already in it, so calling them twice is harmless even before storage. :func:`fold` keeps the
first entry of any id and ignores later copies, as the unique index would.

Entries are folded in a canonical order (openings, reversals, hold decisions, approvals, late
returns, payments) rather than in storage order. The state changes commute with that order —
reversals need a return time before the window closes and approvals a time after it, reversals
are allowed on held and pending commissions alike, and a rejected hold takes no more reversals —
so the result does not depend on how the store returns the entries.

Writes for one influencer must still be serialised by the I/O layer (read, compute new entries,
insert; e.g. under a per-influencer lock) so that no decision is taken on a read that misses an
entry being written — a payout planned while a reversal is in flight, a hold released while the
last of the order is being returned.

Public API
----------
Building entries
    ``order_commission_id(order_id, part="") -> str`` / ``post_commission_id(post_id) -> str``
    ``hold_reason(...) -> HoldReason | None``                       fraud screening
    ``new_commission(...) -> Entry``                                 PENDING, or ON_HOLD if held
    ``new_adjustment(...) -> Entry``                                 negative, with a reason code
    ``release_hold(entries, commission_id, at) -> list[Entry]``
    ``reject_hold(entries, commission_id, at) -> list[Entry]``
    ``apply_return(entries, commission_id, return_id, returned_minor, at) -> list[Entry]``
    ``approve_due(entries, now) -> list[Entry]``
    ``plan_payouts(entries, minimum, run_id, at) -> list[PayoutPlan]``
Reading
    ``fold(entries) -> dict[commission_id, CommissionState]``
    ``fold_adjustments(entries) -> dict[adjustment_id, AdjustmentState]``
    ``balances(entries) -> dict[(influencer_id, currency), Totals]``
    ``daily_series(entries, start, end, tz=UTC) -> dict[currency, DailySeries]``
    ``breakdown(entries, by) -> dict[(campaign/link/post id, currency), Totals]``
    ``entry_to_document(entry) -> dict`` / ``entry_from_document(doc) -> Entry``

Invalid requests raise :class:`LedgerError` with a ``code`` from :class:`LedgerErrorCode`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Literal

from commerce.commission import RuleKind, reversal_amount

__all__ = [
    "DEFAULT_RETURN_WINDOW",
    "AdjustmentReason",
    "AdjustmentState",
    "AdjustmentStatus",
    "Bucket",
    "CommissionState",
    "DailySeries",
    "Entry",
    "EntryKind",
    "HoldReason",
    "LedgerError",
    "LedgerErrorCode",
    "PayoutPlan",
    "State",
    "Totals",
    "apply_return",
    "approve_due",
    "balances",
    "breakdown",
    "daily_series",
    "entry_from_document",
    "entry_to_document",
    "fold",
    "fold_adjustments",
    "hold_reason",
    "new_adjustment",
    "new_commission",
    "order_commission_id",
    "plan_payouts",
    "post_commission_id",
    "reject_hold",
    "release_hold",
]

DEFAULT_RETURN_WINDOW = timedelta(days=45)


class EntryKind(StrEnum):
    COMMISSION = "COMMISSION"
    HOLD_RELEASED = "HOLD_RELEASED"
    HOLD_REJECTED = "HOLD_REJECTED"
    REVERSAL = "REVERSAL"
    APPROVAL = "APPROVAL"
    LATE_RETURN = "LATE_RETURN"
    PAYMENT = "PAYMENT"
    ADJUSTMENT = "ADJUSTMENT"
    CLAWBACK = "CLAWBACK"


class State(StrEnum):
    ON_HOLD = "ON_HOLD"
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    PAID = "PAID"
    REVERSED = "REVERSED"
    REJECTED = "REJECTED"


class AdjustmentStatus(StrEnum):
    DUE = "DUE"
    SETTLED = "SETTLED"


class HoldReason(StrEnum):
    SELF_PURCHASE = "SELF_PURCHASE"
    FLAGGED_SOURCE = "FLAGGED_SOURCE"


class AdjustmentReason(StrEnum):
    FRAUD = "FRAUD"
    DUPLICATE = "DUPLICATE"
    TERMS_VIOLATION = "TERMS_VIOLATION"
    TRACKING_ERROR = "TRACKING_ERROR"


class Bucket(StrEnum):
    """Where money stands; the keys of :class:`Totals` and of the daily series."""

    ON_HOLD = "ON_HOLD"
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    PAID = "PAID"
    REVERSED = "REVERSED"
    REJECTED = "REJECTED"
    CLAWBACK_DUE = "CLAWBACK_DUE"
    CLAWED_BACK = "CLAWED_BACK"


class LedgerErrorCode(StrEnum):
    UNKNOWN_COMMISSION = "UNKNOWN_COMMISSION"
    UNKNOWN_ADJUSTMENT = "UNKNOWN_ADJUSTMENT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_TIME = "INVALID_TIME"
    WINDOW_OPEN = "WINDOW_OPEN"
    RETURN_EXCEEDS_SALE = "RETURN_EXCEEDS_SALE"
    NOT_RETURNABLE = "NOT_RETURNABLE"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    INFLUENCER_MISMATCH = "INFLUENCER_MISMATCH"
    MISSING_MINIMUM = "MISSING_MINIMUM"


class LedgerError(ValueError):
    def __init__(self, code: LedgerErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One immutable ledger entry. Fields after ``at`` are set only by the kinds that use them."""

    id: str
    kind: EntryKind
    subject_id: str
    """The commission or adjustment this entry belongs to (its opening entry's id)."""
    influencer_id: str
    currency: str
    amount_minor: int
    at: datetime
    """When the event happened (order time, return time, approval run …), timezone-aware."""
    order_id: str | None = None
    campaign_id: str | None = None
    link_id: str | None = None
    post_id: str | None = None
    rule: RuleKind | None = None
    sale_minor: int | None = None
    """COMMISSION: the net sale the commission was computed on (the base of pro-rata returns)."""
    window_closes_at: datetime | None = None
    hold_reason: HoldReason | None = None
    return_id: str | None = None
    returned_minor: int | None = None
    """REVERSAL / LATE_RETURN: the amount of the *sale* returned (not of the commission)."""
    payout_id: str | None = None
    reason: AdjustmentReason | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CommissionState:
    commission_id: str
    influencer_id: str
    currency: str
    state: State
    original_minor: int
    reversed_minor: int
    rejected_minor: int
    sale_minor: int
    returned_minor: int
    """Sale amount returned so far, inside and after the window."""
    late_returned_minor: int
    rule: RuleKind
    at: datetime
    window_closes_at: datetime
    order_id: str | None
    campaign_id: str | None
    link_id: str | None
    post_id: str | None
    hold_reason: HoldReason | None
    approved_at: datetime | None = None
    payout_id: str | None = None

    @property
    def open_minor(self) -> int:
        """What is still earned: the original less reversals and rejection."""
        return self.original_minor - self.reversed_minor - self.rejected_minor


@dataclass(frozen=True, slots=True)
class AdjustmentState:
    adjustment_id: str
    influencer_id: str
    currency: str
    amount_minor: int
    reason: AdjustmentReason
    status: AdjustmentStatus
    at: datetime
    campaign_id: str | None
    link_id: str | None
    post_id: str | None
    payout_id: str | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    """Amounts (minor units, one currency) in each bucket. Adjustment buckets are negative."""

    on_hold: int = 0
    pending: int = 0
    approved: int = 0
    paid: int = 0
    reversed: int = 0
    rejected: int = 0
    clawback_due: int = 0
    clawed_back: int = 0

    @property
    def payable(self) -> int:
        """What the next payout would pay: approved less due clawbacks (may be negative)."""
        return self.approved + self.clawback_due

    def get(self, bucket: Bucket) -> int:
        value: int = getattr(self, bucket.value.lower())
        return value


@dataclass(frozen=True, slots=True)
class PayoutPlan:
    """One payout to make: the amount to send and the entries to append once it is recorded."""

    payout_id: str
    influencer_id: str
    currency: str
    amount_minor: int
    commission_ids: tuple[str, ...]
    adjustment_ids: tuple[str, ...]
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class DailySeries:
    """Per day in [start, end], the money earned that day, by where it stands now."""

    currency: str
    days: tuple[date, ...]
    values: Mapping[Bucket, tuple[int, ...]] = field(default_factory=dict)


# --- ids -----------------------------------------------------------------------------------


def _derive_id(prefix: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return f"{prefix}_{digest}"


def order_commission_id(order_id: str, part: str = "") -> str:
    """Commission id for an order (``part`` separates several commissions on one order)."""
    return _derive_id("com", "order", order_id, part)


def post_commission_id(post_id: str) -> str:
    """Commission id for the fixed fee of one approved post."""
    return _derive_id("com", "post", post_id)


def _return_entry_id(commission_id: str, return_id: str) -> str:
    return _derive_id("ret", commission_id, return_id)


def _hold_decision_id(commission_id: str) -> str:
    return _derive_id("hold", commission_id)


def _approval_id(commission_id: str) -> str:
    return _derive_id("apr", commission_id)


def _payment_id(commission_id: str) -> str:
    return _derive_id("pay", commission_id)


def _clawback_id(adjustment_id: str) -> str:
    return _derive_id("clw", adjustment_id)


def _payout_id(run_id: str, influencer_id: str, currency: str) -> str:
    return _derive_id("po", run_id, influencer_id, currency)


# --- checks --------------------------------------------------------------------------------


def _aware(name: str, value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise LedgerError(LedgerErrorCode.INVALID_TIME, f"{name} must be timezone-aware")
    return value


def _currency(value: str) -> str:
    if len(value) != 3 or not value.isascii() or not value.isupper():
        raise LedgerError(LedgerErrorCode.CURRENCY_MISMATCH, f"not an ISO currency: {value!r}")
    return value


def _int(name: str, value: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise LedgerError(LedgerErrorCode.INVALID_AMOUNT, f"{name} must be an integer")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise LedgerError(LedgerErrorCode.INVALID_AMOUNT, f"{name} is out of range: {value}")
    return value


# --- building entries ----------------------------------------------------------------------


def hold_reason(
    *,
    buyer_customer_hash: str | None,
    buyer_email_hash: str | None,
    influencer_customer_hashes: Iterable[str],
    influencer_email_hashes: Iterable[str],
    click_source_flagged: bool,
) -> HoldReason | None:
    """Why an order's commission must wait for review, or ``None`` if it may go to PENDING.

    The buyer is the influencer when their hashed customer id or hashed email is one of the
    influencer's own; a click from a source flagged for fraud is held too.
    """
    if (buyer_customer_hash and buyer_customer_hash in set(influencer_customer_hashes)) or (
        buyer_email_hash and buyer_email_hash in set(influencer_email_hashes)
    ):
        return HoldReason.SELF_PURCHASE
    if click_source_flagged:
        return HoldReason.FLAGGED_SOURCE
    return None


def new_commission(
    *,
    commission_id: str,
    influencer_id: str,
    currency: str,
    amount_minor: int,
    sale_minor: int,
    rule: RuleKind,
    at: datetime,
    return_window: timedelta = DEFAULT_RETURN_WINDOW,
    order_id: str | None = None,
    campaign_id: str | None = None,
    link_id: str | None = None,
    post_id: str | None = None,
    hold: HoldReason | None = None,
) -> Entry:
    """The opening entry of a commission: PENDING, or ON_HOLD when ``hold`` is given.

    ``amount_minor`` is the credited commission (after the budget cap); ``sale_minor`` the net
    sale it was computed on (0 for a post fee); ``at`` the order time (or post approval time).
    The return window closes at ``at + return_window``.
    """
    _aware("at", at)
    _int("commission", amount_minor, minimum=0)
    _int("sale", sale_minor, minimum=0)
    if return_window < timedelta(0):
        raise LedgerError(LedgerErrorCode.INVALID_TIME, "return window must not be negative")
    return Entry(
        id=commission_id,
        kind=EntryKind.COMMISSION,
        subject_id=commission_id,
        influencer_id=influencer_id,
        currency=_currency(currency),
        amount_minor=amount_minor,
        at=at,
        order_id=order_id,
        campaign_id=campaign_id,
        link_id=link_id,
        post_id=post_id,
        rule=rule,
        sale_minor=sale_minor,
        window_closes_at=at + return_window,
        hold_reason=hold,
    )


def new_adjustment(
    *,
    request_id: str,
    influencer_id: str,
    currency: str,
    amount_minor: int,
    reason: AdjustmentReason,
    at: datetime,
    note: str | None = None,
    campaign_id: str | None = None,
    link_id: str | None = None,
    post_id: str | None = None,
) -> Entry:
    """An admin's negative adjustment (a clawback from the next payout); ``amount_minor`` < 0."""
    _aware("at", at)
    _int("adjustment", amount_minor, maximum=-1)
    adjustment_id = _derive_id("adj", request_id)
    return Entry(
        id=adjustment_id,
        kind=EntryKind.ADJUSTMENT,
        subject_id=adjustment_id,
        influencer_id=influencer_id,
        currency=_currency(currency),
        amount_minor=amount_minor,
        at=at,
        campaign_id=campaign_id,
        link_id=link_id,
        post_id=post_id,
        reason=AdjustmentReason(reason),
        note=note,
    )


def _state_change(
    kind: EntryKind, entry_id: str, commission: CommissionState, at: datetime, amount: int = 0
) -> Entry:
    return Entry(
        id=entry_id,
        kind=kind,
        subject_id=commission.commission_id,
        influencer_id=commission.influencer_id,
        currency=commission.currency,
        amount_minor=amount,
        at=at,
    )


def _existing(entries: Iterable[Entry]) -> tuple[dict[str, Entry], dict[str, CommissionState]]:
    listed = list(entries)
    by_id: dict[str, Entry] = {}
    for entry in listed:
        by_id.setdefault(entry.id, entry)
    return by_id, fold(listed)


def _commission(states: Mapping[str, CommissionState], commission_id: str) -> CommissionState:
    try:
        return states[commission_id]
    except KeyError:
        raise LedgerError(
            LedgerErrorCode.UNKNOWN_COMMISSION, f"no commission {commission_id}"
        ) from None


def _decide_hold(
    entries: Iterable[Entry], commission_id: str, at: datetime, kind: EntryKind
) -> list[Entry]:
    _aware("at", at)
    by_id, states = _existing(entries)
    entry_id = _hold_decision_id(commission_id)
    commission = _commission(states, commission_id)
    previous = by_id.get(entry_id)
    if previous is not None:
        if previous.kind is kind:
            return []
        raise LedgerError(
            LedgerErrorCode.INVALID_TRANSITION,
            f"the hold on {commission_id} was already decided ({previous.kind})",
        )
    if commission.state is not State.ON_HOLD:
        raise LedgerError(
            LedgerErrorCode.INVALID_TRANSITION,
            f"commission {commission_id} is {commission.state}, not ON_HOLD",
        )
    amount = -commission.open_minor if kind is EntryKind.HOLD_REJECTED else 0
    return [_state_change(kind, entry_id, commission, at, amount)]


def release_hold(entries: Iterable[Entry], commission_id: str, at: datetime) -> list[Entry]:
    """Review cleared a held commission: ON_HOLD → PENDING."""
    return _decide_hold(entries, commission_id, at, EntryKind.HOLD_RELEASED)


def reject_hold(entries: Iterable[Entry], commission_id: str, at: datetime) -> list[Entry]:
    """Review confirmed fraud: ON_HOLD → REJECTED; the open amount leaves the earnings."""
    return _decide_hold(entries, commission_id, at, EntryKind.HOLD_REJECTED)


def apply_return(
    entries: Iterable[Entry],
    commission_id: str,
    return_id: str,
    returned_minor: int,
    at: datetime,
) -> list[Entry]:
    """Record a return of ``returned_minor`` of the order's net sale, which happened at ``at``.

    * Inside the window on an ON_HOLD or PENDING commission: a REVERSAL (negative, pro rata for a
      PERCENT rule, all-or-nothing for FLAT); once the whole sale is back the state is REVERSED.
    * After the window, or on an APPROVED / PAID commission (approval locks it): a LATE_RETURN
      that records the returned amount for the brand's return rate and leaves earnings alone.
    * On a REJECTED commission nothing is recorded (there is nothing left to reverse).
    A return id seen before yields ``[]``.
    """
    _aware("at", at)
    _int("returned amount", returned_minor, minimum=1)
    by_id, states = _existing(entries)
    entry_id = _return_entry_id(commission_id, return_id)
    commission = _commission(states, commission_id)
    if entry_id in by_id:
        return []
    if commission.rule is RuleKind.FIXED_FEE:
        raise LedgerError(
            LedgerErrorCode.NOT_RETURNABLE, "a fixed fee for a post has no order to return"
        )
    if commission.returned_minor + returned_minor > commission.sale_minor:
        raise LedgerError(
            LedgerErrorCode.RETURN_EXCEEDS_SALE,
            f"returns would total {commission.returned_minor + returned_minor}, "
            f"more than the sale of {commission.sale_minor}",
        )
    if commission.state is State.REJECTED:
        return []
    in_window = at < commission.window_closes_at
    if not in_window or commission.state in (State.APPROVED, State.PAID):
        kind, amount = EntryKind.LATE_RETURN, 0
    else:
        kind = EntryKind.REVERSAL
        amount = -reversal_amount(
            commission.rule,
            commission.original_minor,
            commission.sale_minor,
            commission.returned_minor - commission.late_returned_minor,
            returned_minor,
        )
    return [
        Entry(
            id=entry_id,
            kind=kind,
            subject_id=commission_id,
            influencer_id=commission.influencer_id,
            currency=commission.currency,
            amount_minor=amount,
            at=at,
            return_id=return_id,
            returned_minor=returned_minor,
        )
    ]


def approve_due(entries: Iterable[Entry], now: datetime) -> list[Entry]:
    """APPROVAL entries for every PENDING commission whose return window has closed by ``now``.

    ON_HOLD commissions wait for review; released ones are approved by the next run after that.
    """
    _aware("now", now)
    _, states = _existing(entries)
    return [
        _state_change(EntryKind.APPROVAL, _approval_id(c.commission_id), c, now)
        for c in sorted(states.values(), key=lambda c: (c.at, c.commission_id))
        if c.state is State.PENDING and c.window_closes_at <= now
    ]


def plan_payouts(
    entries: Iterable[Entry],
    minimum: int | Mapping[str, int],
    run_id: str,
    at: datetime,
) -> list[PayoutPlan]:
    """Payouts for one run: per (influencer, currency), approved commissions less due clawbacks.

    ``minimum`` is the smallest payout in minor units, one figure for all currencies or one per
    currency (a currency missing from the mapping is a configuration error). A group whose net is
    not positive or is below the minimum gets no plan: its entries stay APPROVED / due and are
    carried into a later run. ``run_id`` makes payout ids deterministic, so re-planning the same
    run after a crash yields the same payouts.
    """
    _aware("at", at)
    listed = list(entries)
    states = fold(listed)
    adjustments = fold_adjustments(listed)
    approved: dict[tuple[str, str], list[CommissionState]] = defaultdict(list)
    due: dict[tuple[str, str], list[AdjustmentState]] = defaultdict(list)
    for commission in states.values():
        if commission.state is State.APPROVED:
            approved[commission.influencer_id, commission.currency].append(commission)
    for adjustment in adjustments.values():
        if adjustment.status is AdjustmentStatus.DUE:
            due[adjustment.influencer_id, adjustment.currency].append(adjustment)
    plans = []
    for influencer_id, currency in sorted(approved):
        key = (influencer_id, currency)
        commissions = sorted(approved[key], key=lambda c: c.commission_id)
        clawbacks = sorted(due.get(key, []), key=lambda a: a.adjustment_id)
        net = sum(c.open_minor for c in commissions) + sum(a.amount_minor for a in clawbacks)
        if net <= 0 or net < _minimum_for(minimum, currency):
            continue
        payout_id = _payout_id(run_id, influencer_id, currency)
        new_entries = [
            dataclasses.replace(
                _state_change(EntryKind.PAYMENT, _payment_id(c.commission_id), c, at),
                payout_id=payout_id,
            )
            for c in commissions
        ]
        new_entries.extend(
            Entry(
                id=_clawback_id(a.adjustment_id),
                kind=EntryKind.CLAWBACK,
                subject_id=a.adjustment_id,
                influencer_id=influencer_id,
                currency=currency,
                amount_minor=0,
                at=at,
                payout_id=payout_id,
            )
            for a in clawbacks
        )
        plans.append(
            PayoutPlan(
                payout_id=payout_id,
                influencer_id=influencer_id,
                currency=currency,
                amount_minor=net,
                commission_ids=tuple(c.commission_id for c in commissions),
                adjustment_ids=tuple(a.adjustment_id for a in clawbacks),
                entries=tuple(new_entries),
            )
        )
    return plans


def _minimum_for(minimum: int | Mapping[str, int], currency: str) -> int:
    if isinstance(minimum, int):
        return minimum
    try:
        return minimum[currency]
    except KeyError:
        raise LedgerError(
            LedgerErrorCode.MISSING_MINIMUM, f"no minimum payout is set for {currency}"
        ) from None


# --- folding -------------------------------------------------------------------------------

_FOLD_RANK = {
    EntryKind.COMMISSION: 0,
    EntryKind.ADJUSTMENT: 0,
    # Reversals precede hold decisions: nothing is reversed once a hold is rejected, and a
    # rejection removes what was open after every earlier reversal.
    EntryKind.REVERSAL: 1,
    EntryKind.HOLD_RELEASED: 2,
    EntryKind.HOLD_REJECTED: 2,
    EntryKind.APPROVAL: 3,
    EntryKind.LATE_RETURN: 4,
    EntryKind.PAYMENT: 5,
    EntryKind.CLAWBACK: 5,
}


def _canonical(entries: Iterable[Entry]) -> list[Entry]:
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(entry.id, entry)
    return sorted(unique.values(), key=lambda e: (_FOLD_RANK[e.kind], e.at, e.id))


def _invalid(entry: Entry, message: str) -> LedgerError:
    return LedgerError(
        LedgerErrorCode.INVALID_TRANSITION,
        f"{entry.kind} {entry.id} on {entry.subject_id}: {message}",
    )


def _belongs(entry: Entry, influencer_id: str, currency: str) -> None:
    if entry.currency != currency:
        raise LedgerError(
            LedgerErrorCode.CURRENCY_MISMATCH,
            f"{entry.kind} {entry.id} is in {entry.currency}, its subject in {currency}",
        )
    if entry.influencer_id != influencer_id:
        raise LedgerError(
            LedgerErrorCode.INFLUENCER_MISMATCH,
            f"{entry.kind} {entry.id} names another influencer than its subject",
        )


def _open(entry: Entry) -> CommissionState:
    if entry.rule is None or entry.sale_minor is None or entry.window_closes_at is None:
        raise _invalid(entry, "a commission needs its rule, sale and window")
    return CommissionState(
        commission_id=entry.subject_id,
        influencer_id=entry.influencer_id,
        currency=entry.currency,
        state=State.ON_HOLD if entry.hold_reason else State.PENDING,
        original_minor=entry.amount_minor,
        reversed_minor=0,
        rejected_minor=0,
        sale_minor=entry.sale_minor,
        returned_minor=0,
        late_returned_minor=0,
        rule=entry.rule,
        at=entry.at,
        window_closes_at=entry.window_closes_at,
        order_id=entry.order_id,
        campaign_id=entry.campaign_id,
        link_id=entry.link_id,
        post_id=entry.post_id,
        hold_reason=entry.hold_reason,
    )


def _step(state: CommissionState, entry: Entry) -> CommissionState:
    kind = entry.kind
    if kind is EntryKind.HOLD_RELEASED:
        # Reversals fold first, so a held order returned in full after its release is
        # already REVERSED here; the release still stands and the state stays REVERSED.
        if state.hold_reason is None or state.state not in (State.ON_HOLD, State.REVERSED):
            raise _invalid(entry, f"commission is {state.state}, not ON_HOLD")
        return dataclasses.replace(
            state, state=State.PENDING if state.state is State.ON_HOLD else state.state
        )
    if kind is EntryKind.HOLD_REJECTED:
        if state.state is not State.ON_HOLD:
            raise _invalid(entry, f"commission is {state.state}, not ON_HOLD")
        if -entry.amount_minor != state.open_minor:
            raise _invalid(entry, "a rejection must remove exactly the open amount")
        return dataclasses.replace(state, state=State.REJECTED, rejected_minor=-entry.amount_minor)
    if kind in (EntryKind.REVERSAL, EntryKind.LATE_RETURN):
        returned = entry.returned_minor or 0
        if returned <= 0 or state.returned_minor + returned > state.sale_minor:
            raise LedgerError(
                LedgerErrorCode.RETURN_EXCEEDS_SALE, f"{entry.kind} {entry.id} returns too much"
            )
        if kind is EntryKind.LATE_RETURN:
            return dataclasses.replace(
                state,
                returned_minor=state.returned_minor + returned,
                late_returned_minor=state.late_returned_minor + returned,
            )
        if state.state not in (State.ON_HOLD, State.PENDING):
            raise _invalid(entry, f"commission is {state.state}")
        if entry.at >= state.window_closes_at:
            raise _invalid(entry, "a return after the window must be a late return")
        reversed_total = state.reversed_minor - entry.amount_minor
        if entry.amount_minor > 0 or reversed_total > state.original_minor:
            raise LedgerError(
                LedgerErrorCode.INVALID_AMOUNT, f"reversal {entry.id} reverses too much"
            )
        fully_returned = state.returned_minor - state.late_returned_minor + returned == (
            state.sale_minor
        )
        if fully_returned and reversed_total != state.original_minor:
            raise LedgerError(
                LedgerErrorCode.INVALID_AMOUNT, f"full return {entry.id} must reverse everything"
            )
        return dataclasses.replace(
            state,
            state=State.REVERSED if fully_returned else state.state,
            reversed_minor=reversed_total,
            returned_minor=state.returned_minor + returned,
        )
    if kind is EntryKind.APPROVAL:
        if state.state is not State.PENDING:
            raise _invalid(entry, f"commission is {state.state}, not PENDING")
        if entry.at < state.window_closes_at:
            raise LedgerError(
                LedgerErrorCode.WINDOW_OPEN, f"approval {entry.id} before the return window closed"
            )
        return dataclasses.replace(state, state=State.APPROVED, approved_at=entry.at)
    if kind is EntryKind.PAYMENT:
        if state.state is not State.APPROVED:
            raise _invalid(entry, f"commission is {state.state}, not APPROVED")
        return dataclasses.replace(state, state=State.PAID, payout_id=entry.payout_id)
    raise _invalid(entry, "not a commission entry")


def _replay(
    entries: Iterable[Entry],
) -> tuple[dict[str, CommissionState], dict[str, AdjustmentState]]:
    commissions: dict[str, CommissionState] = {}
    adjustments: dict[str, AdjustmentState] = {}
    for entry in _canonical(entries):
        if entry.amount_minor != 0 and entry.kind in (
            EntryKind.HOLD_RELEASED,
            EntryKind.APPROVAL,
            EntryKind.LATE_RETURN,
            EntryKind.PAYMENT,
            EntryKind.CLAWBACK,
        ):
            raise _invalid(entry, "a state change carries no amount")
        if entry.kind is EntryKind.COMMISSION:
            if entry.amount_minor < 0:
                raise LedgerError(LedgerErrorCode.INVALID_AMOUNT, f"negative commission {entry.id}")
            commissions[entry.subject_id] = _open(entry)
        elif entry.kind is EntryKind.ADJUSTMENT:
            if entry.amount_minor >= 0 or entry.reason is None:
                raise _invalid(entry, "an adjustment is negative and has a reason")
            adjustments[entry.subject_id] = AdjustmentState(
                adjustment_id=entry.subject_id,
                influencer_id=entry.influencer_id,
                currency=entry.currency,
                amount_minor=entry.amount_minor,
                reason=entry.reason,
                status=AdjustmentStatus.DUE,
                at=entry.at,
                campaign_id=entry.campaign_id,
                link_id=entry.link_id,
                post_id=entry.post_id,
            )
        elif entry.kind is EntryKind.CLAWBACK:
            adjustment = adjustments.get(entry.subject_id)
            if adjustment is None:
                raise LedgerError(
                    LedgerErrorCode.UNKNOWN_ADJUSTMENT, f"clawback {entry.id} has no adjustment"
                )
            _belongs(entry, adjustment.influencer_id, adjustment.currency)
            if adjustment.status is not AdjustmentStatus.DUE:
                raise _invalid(entry, "adjustment already settled")
            adjustments[entry.subject_id] = dataclasses.replace(
                adjustment, status=AdjustmentStatus.SETTLED, payout_id=entry.payout_id
            )
        else:
            commission = commissions.get(entry.subject_id)
            if commission is None:
                raise LedgerError(
                    LedgerErrorCode.UNKNOWN_COMMISSION, f"{entry.kind} {entry.id} has no commission"
                )
            _belongs(entry, commission.influencer_id, commission.currency)
            commissions[entry.subject_id] = _step(commission, entry)
    return commissions, adjustments


def fold(entries: Iterable[Entry]) -> dict[str, CommissionState]:
    """The current state of every commission in the log, by commission id."""
    return _replay(entries)[0]


def fold_adjustments(entries: Iterable[Entry]) -> dict[str, AdjustmentState]:
    """The current state of every adjustment in the log, by adjustment id."""
    return _replay(entries)[1]


# --- reading -------------------------------------------------------------------------------

_OPEN_BUCKET = {
    State.ON_HOLD: Bucket.ON_HOLD,
    State.PENDING: Bucket.PENDING,
    State.APPROVED: Bucket.APPROVED,
    State.PAID: Bucket.PAID,
}


def _commission_parts(commission: CommissionState) -> list[tuple[Bucket, int]]:
    parts = [
        (Bucket.REVERSED, commission.reversed_minor),
        (Bucket.REJECTED, commission.rejected_minor),
    ]
    bucket = _OPEN_BUCKET.get(commission.state)
    if bucket is not None:  # REVERSED and REJECTED commissions have nothing open
        parts.append((bucket, commission.open_minor))
    return parts


def _adjustment_part(adjustment: AdjustmentState) -> tuple[Bucket, int]:
    if adjustment.status is AdjustmentStatus.DUE:
        return Bucket.CLAWBACK_DUE, adjustment.amount_minor
    return Bucket.CLAWED_BACK, adjustment.amount_minor


def _totals(sums: Mapping[Bucket, int]) -> Totals:
    return Totals(**{bucket.value.lower(): sums.get(bucket, 0) for bucket in Bucket})


def _grouped(
    entries: Iterable[Entry], key: Callable[[CommissionState | AdjustmentState], Any]
) -> dict[tuple[Any, str], Totals]:
    commissions, adjustments = _replay(entries)
    sums: dict[tuple[Any, str], dict[Bucket, int]] = defaultdict(lambda: defaultdict(int))
    for commission in commissions.values():
        group = sums[key(commission), commission.currency]
        for bucket, amount in _commission_parts(commission):
            group[bucket] += amount
    for adjustment in adjustments.values():
        bucket, amount = _adjustment_part(adjustment)
        sums[key(adjustment), adjustment.currency][bucket] += amount
    return {group: _totals(values) for group, values in sums.items()}


def balances(entries: Iterable[Entry]) -> dict[tuple[str, str], Totals]:
    """Totals per bucket for each (influencer id, currency)."""
    return _grouped(entries, lambda subject: subject.influencer_id)


BreakdownBy = Literal["campaign", "link", "post"]


def breakdown(entries: Iterable[Entry], by: BreakdownBy) -> dict[tuple[str | None, str], Totals]:
    """Totals per bucket for each (campaign / link / post id, currency); ``None``: not tied to one.

    Pass one influencer's entries for their dashboard, or one campaign's for the brand's.
    """
    attribute = {"campaign": "campaign_id", "link": "link_id", "post": "post_id"}[by]
    return _grouped(entries, lambda subject: getattr(subject, attribute))


def daily_series(
    entries: Iterable[Entry], start: date, end: date, tz: tzinfo = UTC
) -> dict[str, DailySeries]:
    """Per currency, for each day from ``start`` to ``end`` (inclusive, in ``tz``), the money
    earned that day (commissions by order date, adjustments by their date) split by where it
    stands now — the stacked earnings chart. Days outside the range are left out.
    """
    if end < start:
        raise LedgerError(LedgerErrorCode.INVALID_TIME, "the series ends before it starts")
    days = tuple(start + timedelta(days=i) for i in range((end - start).days + 1))
    commissions, adjustments = _replay(entries)
    columns: dict[str, dict[Bucket, list[int]]] = {}

    def add(currency: str, at: datetime, bucket: Bucket, amount: int) -> None:
        day = at.astimezone(tz).date()
        if not start <= day <= end or amount == 0:
            return
        per_bucket = columns.setdefault(currency, {b: [0] * len(days) for b in Bucket})
        per_bucket[bucket][(day - start).days] += amount

    for commission in commissions.values():
        for bucket, amount in _commission_parts(commission):
            add(commission.currency, commission.at, bucket, amount)
    for adjustment in adjustments.values():
        bucket, amount = _adjustment_part(adjustment)
        add(adjustment.currency, adjustment.at, bucket, amount)
    return {
        currency: DailySeries(
            currency=currency,
            days=days,
            values={bucket: tuple(values) for bucket, values in per_bucket.items()},
        )
        for currency, per_bucket in sorted(columns.items())
    }


# --- storage -------------------------------------------------------------------------------

_ENUM_FIELDS = {
    "kind": EntryKind,
    "rule": RuleKind,
    "hold_reason": HoldReason,
    "reason": AdjustmentReason,
}
_TIME_FIELDS = ("at", "window_closes_at")


def entry_to_document(entry: Entry) -> dict[str, Any]:
    """A storable mapping: ``_id`` is the entry id, enums are their string values, unset fields
    are left out. Datetimes stay datetimes (BSON dates)."""
    document: dict[str, Any] = {"_id": entry.id}
    for item in dataclasses.fields(entry):
        if item.name == "id":
            continue
        value = getattr(entry, item.name)
        if value is None:
            continue
        document[item.name] = value.value if isinstance(value, StrEnum) else value
    return document


def entry_from_document(document: Mapping[str, Any]) -> Entry:
    """Inverse of :func:`entry_to_document`; naive datetimes (BSON's default) are read as UTC."""
    values: dict[str, Any] = {}
    names = {item.name for item in dataclasses.fields(Entry)}
    for name, value in document.items():
        if name == "_id":
            values["id"] = value
        elif name in names:
            values[name] = value
    for name, enum in _ENUM_FIELDS.items():
        if values.get(name) is not None:
            values[name] = enum(values[name])
    for name in _TIME_FIELDS:
        value = values.get(name)
        if isinstance(value, datetime) and value.tzinfo is None:
            values[name] = value.replace(tzinfo=UTC)
    return Entry(**values)
