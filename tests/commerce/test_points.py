"""The points state machine: crediting at the brand's rate, integer rounding, approval after the
return window, pro-rata and full reversals, idempotency, and the shopper channel's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commerce import points
from commerce.points import EntryKind, PointsError, Status

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
WINDOW = timedelta(days=30)
CLOSES = T0 + WINDOW
DAY = timedelta(days=1)


def _credit(sale: int = 8000, rate: int = 500, order: str = "ord_1") -> points.PointsEntry:
    entry = points.new_credit(
        order_id=order,
        shopper_id="usr_shopper",
        brand_id="usr_brand",
        currency="USD",
        sale_minor=sale,
        rate_bps=rate,
        at=T0,
        window=WINDOW,
        link_id="lnk_1",
        post_id="pst_1",
        product_id="prd_1",
    )
    assert entry is not None
    return entry


def _state(log: list[points.PointsEntry], credit: points.PointsEntry) -> points.PointsState:
    return points.fold(log)[credit.credit_id]


def test_credit_is_the_rate_of_the_net_sale_rounded_down() -> None:
    entry = _credit(sale=8000, rate=500)
    assert entry.points == 400  # 5 % of $80.00 = 400 points ($4.00)
    assert entry.window_closes_at == CLOSES
    assert points.points_for(1999, 500) == 99  # 99.95 → 99: never a fraction the brand gave not
    assert points.points_for(19, 500) == 0


def test_rate_zero_or_a_tiny_sale_earns_nothing() -> None:
    assert (
        points.new_credit(
            order_id="o",
            shopper_id="s",
            brand_id="b",
            currency="USD",
            sale_minor=8000,
            rate_bps=0,
            at=T0,
            window=WINDOW,
        )
        is None
    )
    assert (
        points.new_credit(
            order_id="o",
            shopper_id="s",
            brand_id="b",
            currency="USD",
            sale_minor=10,
            rate_bps=500,
            at=T0,
            window=WINDOW,
        )
        is None
    )


def test_pending_until_the_window_closes_then_available_once() -> None:
    credit = _credit()
    log = [credit]
    assert _state(log, credit).status is Status.PENDING
    assert points.approve_due(log, CLOSES - timedelta(seconds=1)) == []
    approvals = points.approve_due(log, CLOSES)
    assert [e.kind for e in approvals] == [EntryKind.APPROVAL]
    log += approvals
    state = _state(log, credit)
    assert state.status is Status.AVAILABLE
    assert state.approved_at == CLOSES
    # The job running again (or twice at once) builds nothing new / the same id.
    assert points.approve_due(log, CLOSES + DAY) == []
    assert points.approve_due([credit], CLOSES + DAY)[0].id == approvals[0].id
    assert points.balances(points.fold(log).values()) == [
        points.PointsBalance("USD", pending=0, available=400, reversed=0)
    ]


def test_partial_return_reverses_pro_rata_and_full_return_everything() -> None:
    credit = _credit(sale=3000, rate=500)  # 150 points
    log = [credit]
    first = points.apply_return(log, credit.credit_id, "rtn_1", 1000, T0 + DAY)
    assert [e.points for e in first] == [-50]
    log += first
    assert _state(log, credit).status is Status.PENDING
    assert _state(log, credit).open_points == 100
    second = points.apply_return(log, credit.credit_id, "rtn_2", 2000, T0 + 2 * DAY)
    log += second
    state = _state(log, credit)
    assert state.status is Status.REVERSED
    assert state.reversed == 150 and state.open_points == 0
    # Nothing left to approve.
    assert points.approve_due(log, CLOSES) == []
    assert points.balances(points.fold(log).values()) == [
        points.PointsBalance("USD", pending=0, available=0, reversed=150)
    ]


def test_cumulative_floors_add_up_to_exactly_the_credit() -> None:
    credit = _credit(sale=1000, rate=333)  # 33 points
    log = [credit]
    for i in range(3):  # three returns of a third each: 11 + 11 + 11, not 10 + 10 + 10
        log += points.apply_return(log, credit.credit_id, f"rtn_{i}", 333 + (i == 2), T0 + DAY)
    state = _state(log, credit)
    assert state.reversed == 33 and state.status is Status.REVERSED


def test_a_resent_return_never_reverses_twice() -> None:
    credit = _credit()
    log = [credit, *points.apply_return([credit], credit.credit_id, "rtn_1", 4000, T0 + DAY)]
    assert points.apply_return(log, credit.credit_id, "rtn_1", 4000, T0 + 2 * DAY) == []
    # Even a stored duplicate (two workers at once) folds once: same id, first one kept.
    dup = points.apply_return([credit], credit.credit_id, "rtn_1", 4000, T0 + DAY)
    assert _state([*log, *dup], credit).reversed == 200


def test_return_after_the_window_or_after_approval_changes_nothing() -> None:
    credit = _credit()
    assert points.apply_return([credit], credit.credit_id, "rtn_late", 8000, CLOSES) == []
    approved = [credit, *points.approve_due([credit], CLOSES)]
    assert points.apply_return(approved, credit.credit_id, "rtn_1", 8000, CLOSES + DAY) == []


def test_credit_id_is_per_order_and_duplicates_fold_once() -> None:
    one, again = _credit(order="ord_9"), _credit(order="ord_9")
    assert one.id == again.id == points.credit_id("ord_9")
    assert len(points.fold([one, again])) == 1


def test_the_log_folds_the_same_in_any_storage_order() -> None:
    credit = _credit()
    reversal = points.apply_return([credit], credit.credit_id, "rtn_1", 2000, T0 + DAY)
    log = [credit, *reversal]
    log += points.approve_due(log, CLOSES)
    assert points.fold(reversed(log)) == points.fold(log)


def test_invalid_logs_are_refused() -> None:
    credit = _credit()
    approval = points.approve_due([credit], CLOSES)[0]
    with pytest.raises(PointsError):
        points.fold([approval])  # no credit
    early = points.PointsEntry(**{**approval.__dict__, "at": T0 + DAY})
    with pytest.raises(PointsError):
        points.fold([credit, early])
    with pytest.raises(PointsError):
        points.points_for(100, 10_001)


def test_storage_round_trip() -> None:
    credit = _credit()
    doc = points.entry_to_document(credit)
    assert doc["_id"] == credit.id and doc["kind"] == "CREDIT"
    naive = {**doc, "at": T0.replace(tzinfo=None)}
    assert points.entry_from_document(naive) == credit


def test_next_available_and_channel_figures() -> None:
    first, second = _credit(order="ord_a"), _credit(sale=2000, order="ord_b")
    log = [first, second, *points.apply_return([second], second.credit_id, "r", 2000, T0 + DAY)]
    states = list(points.fold(log).values())
    assert points.next_available(states) == {"USD": CLOSES}
    figures = points.channel_figures(states, "USD", {"ord_a"})
    assert (figures.orders, figures.revenue_minor, figures.points_cost) == (2, 8000, 400)
    assert figures.new_customers == 1 and figures.cac_minor == 400
    assert points.channel_figures(states, "EUR", set()).cac_minor is None


@given(
    sale=st.integers(1, 10**9),
    rate=st.integers(1, points.MAX_RATE_BPS),
    cuts=st.lists(st.integers(1, 10**9), min_size=1, max_size=6),
)
def test_returns_never_reverse_more_than_credited(sale: int, rate: int, cuts: list[int]) -> None:
    entry = points.new_credit(
        order_id="o",
        shopper_id="s",
        brand_id="b",
        currency="USD",
        sale_minor=sale,
        rate_bps=rate,
        at=T0,
        window=WINDOW,
    )
    if entry is None:
        return
    log = [entry]
    for i, cut in enumerate(cuts):
        log += points.apply_return(log, entry.credit_id, f"r{i}", cut, T0 + DAY)
    state = points.fold(log)[entry.credit_id]
    assert 0 <= state.reversed <= state.credited
    if state.returned_minor == sale:
        assert state.status is Status.REVERSED and state.reversed == state.credited
    else:
        assert state.reversed == entry.points * state.returned_minor // sale
