from __future__ import annotations

import dataclasses
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commerce.commission import RuleKind
from commerce.ledger import (
    AdjustmentReason,
    AdjustmentStatus,
    Bucket,
    Entry,
    EntryKind,
    HoldReason,
    LedgerError,
    LedgerErrorCode,
    State,
    Totals,
    apply_return,
    approve_due,
    balances,
    breakdown,
    daily_series,
    entry_from_document,
    entry_to_document,
    fold,
    fold_adjustments,
    hold_reason,
    new_adjustment,
    new_commission,
    order_commission_id,
    plan_payouts,
    post_commission_id,
    reject_hold,
    release_hold,
)

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
WINDOW = timedelta(days=45)
CLOSES = T0 + WINDOW
DAY = timedelta(days=1)


def order(
    order_id: str = "ord_1",
    *,
    influencer: str = "inf_a",
    amount: int = 1000,
    sale: int = 10_000,
    rule: RuleKind = RuleKind.PERCENT,
    at: datetime = T0,
    currency: str = "EUR",
    hold: HoldReason | None = None,
    campaign: str | None = "cmp_1",
    link: str | None = "lnk_1",
    post: str | None = None,
) -> Entry:
    return new_commission(
        commission_id=order_commission_id(order_id),
        influencer_id=influencer,
        currency=currency,
        amount_minor=amount,
        sale_minor=sale,
        rule=rule,
        at=at,
        return_window=WINDOW,
        order_id=order_id,
        campaign_id=campaign,
        link_id=link,
        post_id=post,
        hold=hold,
    )


def cid(order_id: str = "ord_1") -> str:
    return order_commission_id(order_id)


def state_of(log: list[Entry], order_id: str = "ord_1") -> State:
    return fold(log)[cid(order_id)].state


def totals(log: list[Entry], influencer: str = "inf_a", currency: str = "EUR") -> Totals:
    return balances(log).get((influencer, currency), Totals())


def pay(log: list[Entry], run: str, at: datetime, minimum: int = 0) -> int:
    """Plan a payout run and append its entries; returns the total paid."""
    plans = plan_payouts(log, minimum, run, at)
    for plan in plans:
        log.extend(plan.entries)
    return sum(plan.amount_minor for plan in plans)


# --- the happy path ------------------------------------------------------------------------


def test_pending_then_approved_then_paid() -> None:
    log = [order()]
    assert state_of(log) is State.PENDING
    assert totals(log) == Totals(pending=1000)
    assert approve_due(log, CLOSES - timedelta(seconds=1)) == []
    approvals = approve_due(log, CLOSES)
    assert [e.kind for e in approvals] == [EntryKind.APPROVAL]
    log += approvals
    assert state_of(log) is State.APPROVED
    assert totals(log) == Totals(approved=1000)
    assert totals(log).payable == 1000
    assert pay(log, "run_1", CLOSES + DAY) == 1000
    state = fold(log)[cid()]
    assert state.state is State.PAID and state.payout_id is not None
    assert totals(log) == Totals(paid=1000)


# --- returns -------------------------------------------------------------------------------


def test_full_return_inside_the_window_reverses() -> None:
    log = [order()]
    new = apply_return(log, cid(), "ret_1", 10_000, T0 + 3 * DAY)
    assert [(e.kind, e.amount_minor, e.returned_minor) for e in new] == [
        (EntryKind.REVERSAL, -1000, 10_000)
    ]
    log += new
    assert state_of(log) is State.REVERSED
    assert totals(log) == Totals(reversed=1000)
    assert approve_due(log, CLOSES + DAY) == []
    assert plan_payouts(log, 0, "run_1", CLOSES + DAY) == []


def test_partial_returns_reverse_pro_rata() -> None:
    log = [order()]
    log += apply_return(log, cid(), "ret_1", 2500, T0 + DAY)
    log += apply_return(log, cid(), "ret_2", 2500, T0 + 2 * DAY)
    assert [e.amount_minor for e in log[1:]] == [-250, -250]
    assert state_of(log) is State.PENDING
    assert totals(log) == Totals(pending=500, reversed=500)
    log += approve_due(log, CLOSES)
    assert pay(log, "run_1", CLOSES) == 500
    assert totals(log) == Totals(paid=500, reversed=500)


def test_odd_partial_returns_reverse_exactly_the_commission() -> None:
    log = [order(amount=99, sale=999)]
    for n in range(3):
        log += apply_return(log, cid(), f"ret_{n}", 333, T0 + DAY)
    assert sum(e.amount_minor for e in log[1:]) == -99
    assert state_of(log) is State.REVERSED
    assert totals(log) == Totals(reversed=99)


def test_flat_commission_survives_partial_return_and_goes_on_full_return() -> None:
    log = [order(amount=500, sale=8000, rule=RuleKind.FLAT)]
    log += apply_return(log, cid(), "ret_1", 3000, T0 + DAY)
    assert totals(log) == Totals(pending=500)
    log += apply_return(log, cid(), "ret_2", 5000, T0 + 2 * DAY)
    assert state_of(log) is State.REVERSED
    assert totals(log) == Totals(reversed=500)


def test_late_return_after_the_window_leaves_earnings_alone() -> None:
    log = [order()]
    # The approval task has not run yet, but the window is closed: the return is late.
    new = apply_return(log, cid(), "ret_1", 4000, CLOSES + DAY)
    assert [(e.kind, e.amount_minor) for e in new] == [(EntryKind.LATE_RETURN, 0)]
    log += new
    state = fold(log)[cid()]
    assert state.state is State.PENDING
    assert (state.returned_minor, state.late_returned_minor) == (4000, 4000)
    log += approve_due(log, CLOSES + DAY)
    assert totals(log) == Totals(approved=1000)


def test_approval_locks_even_when_the_return_webhook_arrives_late() -> None:
    log = [order()]
    log += approve_due(log, CLOSES)
    # Returned inside the window but reported after approval: recorded, earnings untouched.
    new = apply_return(log, cid(), "ret_1", 10_000, CLOSES - DAY)
    assert [e.kind for e in new] == [EntryKind.LATE_RETURN]
    log += new
    assert totals(log) == Totals(approved=1000)


def test_late_return_on_a_paid_commission() -> None:
    log = [order()]
    log += approve_due(log, CLOSES)
    pay(log, "run_1", CLOSES)
    log += apply_return(log, cid(), "ret_1", 10_000, CLOSES + 10 * DAY)
    assert state_of(log) is State.PAID
    assert totals(log) == Totals(paid=1000)
    assert fold(log)[cid()].late_returned_minor == 10_000


def test_returns_beyond_the_sale_are_refused() -> None:
    log = [order()]
    log += apply_return(log, cid(), "ret_1", 6000, T0 + DAY)
    with pytest.raises(LedgerError) as caught:
        apply_return(log, cid(), "ret_2", 4001, T0 + 2 * DAY)
    assert caught.value.code is LedgerErrorCode.RETURN_EXCEEDS_SALE
    log += apply_return(log, cid(), "ret_2", 3000, CLOSES + DAY)  # late, still counted
    with pytest.raises(LedgerError) as caught:
        apply_return(log, cid(), "ret_3", 1001, CLOSES + DAY)
    assert caught.value.code is LedgerErrorCode.RETURN_EXCEEDS_SALE


@pytest.mark.parametrize("amount", [0, -5])
def test_return_amount_must_be_positive(amount: int) -> None:
    with pytest.raises(LedgerError) as caught:
        apply_return([order()], cid(), "ret_1", amount, T0)
    assert caught.value.code is LedgerErrorCode.INVALID_AMOUNT


def test_fixed_fee_is_not_returnable() -> None:
    fee = new_commission(
        commission_id=post_commission_id("pst_1"),
        influencer_id="inf_a",
        currency="EUR",
        amount_minor=20_000,
        sale_minor=0,
        rule=RuleKind.FIXED_FEE,
        at=T0,
        return_window=timedelta(0),
        post_id="pst_1",
    )
    with pytest.raises(LedgerError) as caught:
        apply_return([fee], fee.id, "ret_1", 1, T0)
    assert caught.value.code is LedgerErrorCode.NOT_RETURNABLE
    assert [e.kind for e in approve_due([fee], T0)] == [EntryKind.APPROVAL]


def test_unknown_commission() -> None:
    with pytest.raises(LedgerError) as caught:
        apply_return([order()], cid("ord_x"), "ret_1", 1, T0)
    assert caught.value.code is LedgerErrorCode.UNKNOWN_COMMISSION


# --- fraud holds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("customer", "email", "flagged", "expected"),
    [
        ("cust_h1", None, False, HoldReason.SELF_PURCHASE),
        (None, "mail_h1", False, HoldReason.SELF_PURCHASE),
        ("cust_h9", "mail_h9", True, HoldReason.FLAGGED_SOURCE),
        ("cust_h9", "mail_h9", False, None),
        (None, None, False, None),
    ],
)
def test_hold_reason(
    customer: str | None, email: str | None, flagged: bool, expected: HoldReason | None
) -> None:
    assert (
        hold_reason(
            buyer_customer_hash=customer,
            buyer_email_hash=email,
            influencer_customer_hashes=["cust_h1"],
            influencer_email_hashes=["mail_h1"],
            click_source_flagged=flagged,
        )
        is expected
    )


def test_held_commission_released_then_approved() -> None:
    log = [order(hold=HoldReason.SELF_PURCHASE)]
    assert state_of(log) is State.ON_HOLD
    assert totals(log) == Totals(on_hold=1000)
    assert approve_due(log, CLOSES + DAY) == []  # review first
    assert plan_payouts(log, 0, "run_1", CLOSES + DAY) == []
    log += release_hold(log, cid(), CLOSES + 2 * DAY)
    assert state_of(log) is State.PENDING
    assert release_hold(log, cid(), CLOSES + 3 * DAY) == []  # a double click changes nothing
    log += approve_due(log, CLOSES + 3 * DAY)
    assert totals(log) == Totals(approved=1000)


def test_held_commission_rejected() -> None:
    log = [order(hold=HoldReason.FLAGGED_SOURCE)]
    log += apply_return(log, cid(), "ret_1", 2000, T0 + DAY)  # returns shrink held money too
    assert totals(log) == Totals(on_hold=800, reversed=200)
    new = reject_hold(log, cid(), T0 + 2 * DAY)
    assert [(e.kind, e.amount_minor) for e in new] == [(EntryKind.HOLD_REJECTED, -800)]
    log += new
    assert state_of(log) is State.REJECTED
    assert totals(log) == Totals(reversed=200, rejected=800)
    assert apply_return(log, cid(), "ret_2", 1000, T0 + 3 * DAY) == []
    with pytest.raises(LedgerError) as caught:
        release_hold(log, cid(), T0 + 3 * DAY)
    assert caught.value.code is LedgerErrorCode.INVALID_TRANSITION


def test_released_then_fully_returned_is_reversed() -> None:
    log = [order(hold=HoldReason.SELF_PURCHASE)]
    log += release_hold(log, cid(), T0 + DAY)
    log += apply_return(log, cid(), "ret_1", 10_000, T0 + 2 * DAY)
    assert state_of(log) is State.REVERSED
    assert totals(log) == Totals(reversed=1000)
    assert state_of(list(reversed(log))) is State.REVERSED


def test_a_fully_returned_hold_cannot_be_released_or_rejected() -> None:
    log = [order(hold=HoldReason.SELF_PURCHASE)]
    log += apply_return(log, cid(), "ret_1", 10_000, T0 + DAY)
    assert state_of(log) is State.REVERSED
    for decide in (release_hold, reject_hold):
        with pytest.raises(LedgerError) as caught:
            decide(log, cid(), T0 + 2 * DAY)
        assert caught.value.code is LedgerErrorCode.INVALID_TRANSITION


def test_release_and_reject_share_one_id_so_only_one_can_be_stored() -> None:
    log = [order(hold=HoldReason.SELF_PURCHASE)]
    released = release_hold(log, cid(), T0 + DAY)
    rejected = reject_hold(log, cid(), T0 + DAY)
    assert released[0].id == rejected[0].id


def test_only_held_commissions_can_be_released() -> None:
    with pytest.raises(LedgerError) as caught:
        release_hold([order()], cid(), T0 + DAY)
    assert caught.value.code is LedgerErrorCode.INVALID_TRANSITION


# --- adjustments, payouts ------------------------------------------------------------------


def adjustment(amount: int, request: str = "req_1", at: datetime = T0) -> Entry:
    return new_adjustment(
        request_id=request,
        influencer_id="inf_a",
        currency="EUR",
        amount_minor=amount,
        reason=AdjustmentReason.FRAUD,
        at=at,
        note="buyer and influencer share a card",
        campaign_id="cmp_1",
    )


def test_clawback_is_carried_across_a_payout() -> None:
    log = [order("ord_1", amount=1000)]
    log += approve_due(log, CLOSES)
    assert pay(log, "run_1", CLOSES) == 1000
    log.append(adjustment(-300, at=CLOSES + DAY))
    assert totals(log) == Totals(paid=1000, clawback_due=-300)
    log.append(order("ord_2", amount=800, at=T0 + 10 * DAY))
    log += approve_due(log, CLOSES + 10 * DAY)
    plans = plan_payouts(log, 0, "run_2", CLOSES + 11 * DAY)
    assert [(p.amount_minor, len(p.commission_ids), len(p.adjustment_ids)) for p in plans] == [
        (500, 1, 1)
    ]
    log += plans[0].entries
    (adj,) = fold_adjustments(log).values()
    assert adj.status is AdjustmentStatus.SETTLED and adj.payout_id == plans[0].payout_id
    assert totals(log) == Totals(paid=1800, clawed_back=-300)


def test_balance_may_go_negative_and_nothing_is_paid() -> None:
    log = [order(amount=200)]
    log += approve_due(log, CLOSES)
    log.append(adjustment(-500, at=CLOSES))
    assert totals(log).payable == -300
    assert plan_payouts(log, 0, "run_1", CLOSES) == []
    log.append(order("ord_2", amount=1000, at=T0 + DAY))
    log += approve_due(log, CLOSES + DAY)
    assert pay(log, "run_2", CLOSES + DAY) == 700
    assert totals(log).payable == 0


def test_minimum_payout_carries_over() -> None:
    log = [order("ord_1", amount=1500)]
    log += approve_due(log, CLOSES)
    assert plan_payouts(log, 2000, "run_1", CLOSES) == []
    assert state_of(log, "ord_1") is State.APPROVED
    log.append(order("ord_2", amount=1000, at=T0 + DAY))
    log += approve_due(log, CLOSES + DAY)
    assert pay(log, "run_2", CLOSES + DAY, minimum=2000) == 2500
    assert totals(log) == Totals(paid=2500)


def test_payouts_are_per_influencer_and_currency_with_minimum_per_currency() -> None:
    log = [
        order("ord_1", amount=1500, currency="EUR"),
        order("ord_2", amount=90_000, currency="JPY"),
        order("ord_3", amount=700, currency="EUR", influencer="inf_b"),
        order("ord_4", amount=400, currency="USD"),
    ]
    log += approve_due(log, CLOSES)
    plans = plan_payouts(log, {"EUR": 1000, "JPY": 100_000, "USD": 100}, "run_1", CLOSES)
    assert {(p.influencer_id, p.currency, p.amount_minor) for p in plans} == {
        ("inf_a", "EUR", 1500),
        ("inf_a", "USD", 400),
    }
    with pytest.raises(LedgerError) as caught:
        plan_payouts(log, {"EUR": 1000}, "run_1", CLOSES)
    assert caught.value.code is LedgerErrorCode.MISSING_MINIMUM


def test_adjustment_must_be_negative() -> None:
    with pytest.raises(LedgerError) as caught:
        adjustment(0)
    assert caught.value.code is LedgerErrorCode.INVALID_AMOUNT


# --- idempotency ---------------------------------------------------------------------------


def test_duplicate_order_webhook_yields_the_same_entry() -> None:
    first = order("ord_1")
    again = order("ord_1", influencer="inf_b")  # even if attribution changed meanwhile
    assert first.id == again.id
    log = [first, again]
    assert len(fold(log)) == 1
    assert totals(log) == Totals(pending=1000)
    assert balances(log).get(("inf_b", "EUR")) is None


def test_duplicate_return_webhook_is_a_no_op() -> None:
    log = [order()]
    log += apply_return(log, cid(), "ret_1", 5000, T0 + DAY)
    assert apply_return(log, cid(), "ret_1", 5000, T0 + DAY) == []
    # Even arriving after approval, a known return id is not re-recorded as late.
    log += approve_due(log, CLOSES)
    assert apply_return(log, cid(), "ret_1", 5000, T0 + DAY) == []
    assert totals(log) == Totals(approved=500, reversed=500)


def test_repeated_approval_and_payout_runs_do_nothing_twice() -> None:
    log = [order()]
    log += approve_due(log, CLOSES)
    assert approve_due(log, CLOSES + DAY) == []
    first = plan_payouts(log, 0, "run_1", CLOSES)
    assert plan_payouts(log, 0, "run_1", CLOSES) == first  # re-planning after a crash
    overlapping = plan_payouts(log, 0, "run_2", CLOSES)  # a second admin click, same snapshot
    assert {e.id for e in overlapping[0].entries} == {e.id for e in first[0].entries}
    log += first[0].entries
    assert plan_payouts(log, 0, "run_3", CLOSES + DAY) == []


def test_duplicated_log_folds_like_the_log() -> None:
    log = [order(), adjustment(-100)]
    log += apply_return(log, cid(), "ret_1", 5000, T0 + DAY)
    log += approve_due(log, CLOSES)
    assert fold(log + log) == fold(log)
    assert balances(log + log) == balances(log)


# --- fold checks ---------------------------------------------------------------------------


def test_fold_refuses_an_approval_before_the_window_closes() -> None:
    log = [order()]
    (approval,) = approve_due(log, CLOSES)
    early = dataclasses.replace(approval, at=CLOSES - DAY)
    with pytest.raises(LedgerError) as caught:
        fold([*log, early])
    assert caught.value.code is LedgerErrorCode.WINDOW_OPEN


def test_fold_refuses_a_payment_of_a_pending_commission() -> None:
    log = [order()]
    (approval,) = approve_due(log, CLOSES)
    plans = plan_payouts([*log, approval], 0, "run_1", CLOSES)
    with pytest.raises(LedgerError) as caught:
        fold([*log, *plans[0].entries])
    assert caught.value.code is LedgerErrorCode.INVALID_TRANSITION


def test_fold_refuses_mixed_currencies_and_orphans() -> None:
    log = [order()]
    (reversal,) = apply_return(log, cid(), "ret_1", 100, T0 + DAY)
    with pytest.raises(LedgerError) as caught:
        fold([*log, dataclasses.replace(reversal, currency="USD")])
    assert caught.value.code is LedgerErrorCode.CURRENCY_MISMATCH
    with pytest.raises(LedgerError) as caught:
        fold([reversal])
    assert caught.value.code is LedgerErrorCode.UNKNOWN_COMMISSION


def test_naive_times_are_refused() -> None:
    with pytest.raises(LedgerError) as caught:
        order(at=datetime(2025, 3, 1, 12, 0))
    assert caught.value.code is LedgerErrorCode.INVALID_TIME
    with pytest.raises(LedgerError):
        approve_due([order()], datetime(2025, 6, 1))


# --- reports -------------------------------------------------------------------------------


def test_daily_series_by_order_day_and_current_state() -> None:
    log = [
        order("ord_1", amount=1000, at=T0),
        order("ord_2", amount=400, at=T0 + DAY),
        order("ord_3", amount=300, at=T0 + DAY, hold=HoldReason.SELF_PURCHASE),
        order("ord_4", amount=50, at=T0 + 5 * DAY),  # outside the range
        adjustment(-100, at=T0 + 2 * DAY),
    ]
    log += apply_return(log, cid("ord_2"), "ret_1", 5000, T0 + 2 * DAY)
    log += [e for e in approve_due(log, CLOSES) if e.subject_id == cid("ord_1")]
    series = daily_series(log, date(2025, 3, 1), date(2025, 3, 3))["EUR"]
    assert series.days == (date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 3))
    assert series.values[Bucket.APPROVED] == (1000, 0, 0)
    assert series.values[Bucket.PENDING] == (0, 200, 0)
    assert series.values[Bucket.REVERSED] == (0, 200, 0)
    assert series.values[Bucket.ON_HOLD] == (0, 300, 0)
    assert series.values[Bucket.CLAWBACK_DUE] == (0, 0, -100)
    assert series.values[Bucket.PAID] == (0, 0, 0)


def test_daily_series_uses_the_given_time_zone() -> None:
    late_evening = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
    log = [order(at=late_evening)]
    utc = daily_series(log, date(2025, 3, 1), date(2025, 3, 2))["EUR"]
    tokyo = daily_series(log, date(2025, 3, 1), date(2025, 3, 2), ZoneInfo("Asia/Tokyo"))["EUR"]
    assert utc.values[Bucket.PENDING] == (1000, 0)
    assert tokyo.values[Bucket.PENDING] == (0, 1000)
    assert daily_series(log, date(2025, 4, 1), date(2025, 4, 2)) == {}


def test_breakdown_per_campaign_link_and_post() -> None:
    log = [
        order("ord_1", amount=1000, campaign="cmp_1", link="lnk_1", post="pst_1"),
        order("ord_2", amount=300, campaign="cmp_1", link="lnk_2", post=None),
        order("ord_3", amount=700, campaign="cmp_2", link="lnk_3", post="pst_1"),
        adjustment(-100),
    ]
    by_campaign = breakdown(log, "campaign")
    assert by_campaign[("cmp_1", "EUR")] == Totals(pending=1300, clawback_due=-100)
    assert by_campaign[("cmp_2", "EUR")] == Totals(pending=700)
    assert breakdown(log, "link")[("lnk_2", "EUR")] == Totals(pending=300)
    by_post = breakdown(log, "post")
    assert by_post[("pst_1", "EUR")] == Totals(pending=1700)
    assert by_post[(None, "EUR")] == Totals(pending=300, clawback_due=-100)


def test_document_round_trip() -> None:
    log = [order(hold=HoldReason.SELF_PURCHASE), adjustment(-100)]
    log += release_hold(log, cid(), T0 + DAY)
    log += apply_return(log, cid(), "ret_1", 100, T0 + DAY)
    for entry in log:
        document = entry_to_document(entry)
        assert document["_id"] == entry.id
        assert all(not hasattr(value, "value") for value in document.values())
        assert entry_from_document(document) == entry
        # BSON hands back naive UTC datetimes by default.
        naive = {
            k: v.replace(tzinfo=None) if isinstance(v, datetime) else v for k, v in document.items()
        }
        assert entry_from_document(naive) == entry


# --- properties ----------------------------------------------------------------------------

# Every operation is (name, a, b, c, d) with integer arguments; see _run for their meaning.
Op = tuple[str, int, int, int, int]
_I = st.integers(0, 3)
_ANY = st.just(0)
_OPS = st.lists(
    st.one_of(
        # order i: commission b (at most the sale), sale c, d bit 0 held, bit 1 in JPY
        st.tuples(
            st.just("order"), _I, st.integers(0, 5000), st.integers(1, 20_000), st.integers(0, 3)
        ),
        # return of b percent of order i's sale, c days after T0
        st.tuples(st.just("return"), _I, st.integers(1, 100), st.integers(0, 60), _ANY),
        # approval run a days after T0
        st.tuples(st.just("approve"), st.integers(0, 90), _ANY, _ANY, _ANY),
        st.tuples(st.just("release"), _I, _ANY, _ANY, _ANY),
        st.tuples(st.just("reject"), _I, _ANY, _ANY, _ANY),
        # adjustment of b under request id a
        st.tuples(st.just("adjust"), st.integers(0, 3), st.integers(-500, -1), _ANY, _ANY),
        # payout run with minimum a
        st.tuples(st.just("payout"), st.integers(0, 2000), _ANY, _ANY, _ANY),
    ),
    min_size=10,
    max_size=40,
)


def _store(log: list[Entry], entries: list[Entry]) -> None:
    """Append like a store with a unique index on the entry id: a known id is a no-op."""
    known = {e.id for e in log}
    log.extend(e for e in entries if e.id not in known)


def _run(ops: list[Op]) -> list[Entry]:
    log: list[Entry] = []
    for n, (name, a, b, c, d) in enumerate(ops):
        at = T0 + timedelta(hours=n)
        try:
            if name == "order":
                held = HoldReason.FLAGGED_SOURCE if d & 1 else None
                currency = "JPY" if d & 2 else "EUR"
                entry = order(
                    f"ord_{a}", amount=min(b, c), sale=c, currency=currency, hold=held, at=at
                )
                _store(log, [entry])
            elif name == "return":
                commission = fold(log).get(cid(f"ord_{a}"))
                amount = max(1, commission.sale_minor * b // 100) if commission else 1
                log += apply_return(log, cid(f"ord_{a}"), f"ret_{n}", amount, T0 + c * DAY)
            elif name == "approve":
                log += approve_due(log, T0 + a * DAY)
            elif name == "release":
                log += release_hold(log, cid(f"ord_{a}"), at)
            elif name == "reject":
                log += reject_hold(log, cid(f"ord_{a}"), at)
            elif name == "adjust":
                _store(log, [adjustment(b, request=f"req_{a}", at=at)])
            elif name == "payout":
                pay(log, f"run_{n}", T0 + 90 * DAY, minimum=a)
        except LedgerError:
            continue
    return log


@settings(max_examples=200, deadline=None)
@given(_OPS, st.randoms(use_true_random=False))
def test_ledger_invariants(ops: list[Op], rnd: random.Random) -> None:
    log = _run(ops)
    commissions = fold(log)
    # Storage order does not matter, nor do duplicate copies.
    shuffled = [*log, *rnd.sample(log, k=len(log) // 2)]
    rnd.shuffle(shuffled)
    assert fold(shuffled) == commissions
    assert balances(shuffled) == balances(log)
    # Entry ids are unique in a log built through the API.
    assert len({e.id for e in log}) == len(log)
    # Earnings are the sum of signed entry amounts, per influencer and currency.
    for (influencer, currency), total in balances(log).items():
        signed = sum(
            e.amount_minor for e in log if e.influencer_id == influencer and e.currency == currency
        )
        assert signed == (
            total.on_hold
            + total.pending
            + total.approved
            + total.paid
            + total.clawback_due
            + total.clawed_back
        )
    for state in commissions.values():
        assert 0 <= state.reversed_minor <= state.original_minor
        assert state.open_minor >= 0
        assert state.returned_minor <= state.sale_minor
        if state.state is State.REVERSED:
            assert state.open_minor == 0
        if state.state in (State.APPROVED, State.PAID):
            assert state.approved_at is not None and state.approved_at >= state.window_closes_at
