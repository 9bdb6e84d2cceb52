from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commerce.commission import (
    CommissionError,
    CommissionErrorCode,
    CommissionRule,
    RuleKind,
    allocate,
    apply_budget,
    order_commission,
    percent_of,
    post_fee,
    prorata_reversal,
    reversal_amount,
)

# --- rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "bp", "expected"),
    [
        (1999, 1000, 199),  # 199.9 → floor
        (10_000, 1000, 1000),
        (1, 9999, 0),
        (1, 10_000, 1),
        (0, 1500, 0),
        (123_456_789_012, 1250, 15_432_098_626),  # big integers stay exact
    ],
)
def test_percent_of_floors(amount: int, bp: int, expected: int) -> None:
    assert percent_of(amount, bp) == expected


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=10_000))
def test_percent_of_is_the_exact_floor(amount: int, bp: int) -> None:
    exact = Fraction(amount * bp, 10_000)
    result = percent_of(amount, bp)
    assert result <= exact < result + 1


def test_order_commission_by_rule() -> None:
    assert order_commission(CommissionRule.percent(1200), 5000, "EUR") == 600
    assert order_commission(CommissionRule.flat(300, "EUR"), 5000, "EUR") == 300
    assert order_commission(CommissionRule.flat(300, "EUR"), 0, "EUR") == 0
    assert post_fee(CommissionRule.fixed_fee(25_000, "USD"), "USD") == 25_000


def test_rule_kind_and_currency_mismatches() -> None:
    with pytest.raises(CommissionError) as caught:
        order_commission(CommissionRule.fixed_fee(100, "USD"), 5000, "USD")
    assert caught.value.code is CommissionErrorCode.WRONG_RULE_KIND
    with pytest.raises(CommissionError) as caught:
        post_fee(CommissionRule.percent(100), "USD")
    assert caught.value.code is CommissionErrorCode.WRONG_RULE_KIND
    with pytest.raises(CommissionError) as caught:
        order_commission(CommissionRule.flat(300, "EUR"), 5000, "GBP")
    assert caught.value.code is CommissionErrorCode.CURRENCY_MISMATCH
    with pytest.raises(CommissionError) as caught:
        order_commission(CommissionRule.percent(100), -1, "GBP")
    assert caught.value.code is CommissionErrorCode.INVALID_AMOUNT


@pytest.mark.parametrize(
    "build",
    [
        lambda: CommissionRule.percent(0),
        lambda: CommissionRule.percent(10_001),
        lambda: CommissionRule(RuleKind.PERCENT, basis_points=100, amount_minor=5),
        lambda: CommissionRule.flat(0, "EUR"),
        lambda: CommissionRule.flat(-5, "EUR"),
        lambda: CommissionRule.flat(100, "eur"),
        lambda: CommissionRule(RuleKind.FLAT, amount_minor=100),
        lambda: CommissionRule(
            RuleKind.FIXED_FEE, basis_points=5, amount_minor=100, currency="EUR"
        ),
    ],
)
def test_invalid_rules(build: Callable[[], CommissionRule]) -> None:
    with pytest.raises(CommissionError) as caught:
        build()
    assert caught.value.code is CommissionErrorCode.INVALID_RULE or (
        caught.value.code is CommissionErrorCode.INVALID_AMOUNT
    )


# --- budget --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("commission", "remaining", "credited", "exhausted"),
    [
        (500, None, 500, False),
        (500, 2000, 500, False),
        (500, 500, 500, True),
        (500, 300, 300, True),
        (500, 0, 0, True),
        (500, -40, 0, True),
        (0, 100, 0, False),
    ],
)
def test_budget_cap(commission: int, remaining: int | None, credited: int, exhausted: bool) -> None:
    outcome = apply_budget(commission, remaining)
    assert outcome == (credited, exhausted)
    assert outcome.credited == credited and outcome.exhausted is exhausted


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=30), st.integers(0, 50_000))
def test_budget_is_never_overspent(commissions: list[int], budget: int) -> None:
    remaining = budget
    for commission in commissions:
        credited, exhausted = apply_budget(commission, remaining)
        assert 0 <= credited <= commission
        remaining -= credited
        assert remaining >= 0
        assert exhausted == (remaining == 0)
    assert budget - remaining == min(budget, sum(commissions))


# --- returns -------------------------------------------------------------------------------


def test_prorata_examples() -> None:
    # 10 % of 9999 = 999; half of the sale back.
    assert prorata_reversal(999, 9999, 0, 4999) == 499
    assert prorata_reversal(999, 9999, 4999, 5000) == 500
    assert prorata_reversal(1000, 3, 0, 1) == 333
    assert prorata_reversal(1000, 3, 1, 1) == 333
    assert prorata_reversal(1000, 3, 2, 1) == 334


def test_return_larger_than_the_sale_is_refused() -> None:
    with pytest.raises(CommissionError) as caught:
        prorata_reversal(100, 1000, 600, 500)
    assert caught.value.code is CommissionErrorCode.RETURN_EXCEEDS_SALE
    with pytest.raises(CommissionError):
        prorata_reversal(100, 1000, 0, -1)


@st.composite
def _sale_and_returns(draw: st.DrawFn) -> tuple[int, int, list[int], bool]:
    sale = draw(st.integers(min_value=1, max_value=10**9))
    commission = draw(st.integers(min_value=0, max_value=sale))
    cuts = draw(st.lists(st.integers(min_value=0, max_value=sale), max_size=8))
    whole = draw(st.booleans())
    points = sorted({0, *cuts, sale} if whole else {0, *cuts})
    returns = [b - a for a, b in pairwise(points) if b > a]
    return commission, sale, returns, whole


@given(_sale_and_returns())
def test_prorata_parts_never_exceed_and_sum_exactly(
    case: tuple[int, int, list[int], bool],
) -> None:
    commission, sale, returns, whole = case
    returned = reversed_total = 0
    for part in returns:
        reversed_now = prorata_reversal(commission, sale, returned, part)
        assert reversed_now >= 0
        returned += part
        reversed_total += reversed_now
        assert reversed_total <= commission
        # The running total is the floor of the exact share returned so far.
        assert reversed_total == commission * returned // sale
    if whole and returns:
        assert reversed_total == commission


@given(_sale_and_returns())
def test_flat_commission_reversed_only_when_everything_comes_back(
    case: tuple[int, int, list[int], bool],
) -> None:
    commission, sale, returns, _ = case
    assume(returns)
    returned = 0
    amounts = []
    for part in returns:
        amounts.append(reversal_amount(RuleKind.FLAT, commission, sale, returned, part))
        returned += part
    expected_last = commission if returned == sale else 0
    assert amounts == [0] * (len(amounts) - 1) + [expected_last]


def test_fixed_fee_has_no_return() -> None:
    with pytest.raises(CommissionError) as caught:
        reversal_amount(RuleKind.FIXED_FEE, 100, 0, 0, 0)
    assert caught.value.code is CommissionErrorCode.WRONG_RULE_KIND


# --- allocate ------------------------------------------------------------------------------


def test_allocate_examples() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [5, 0, 5]) == [5, 0, 5]
    assert allocate(0, [0, 0]) == [0, 0]
    assert allocate(0, []) == []
    with pytest.raises(CommissionError):
        allocate(5, [0, 0])
    with pytest.raises(CommissionError):
        allocate(5, [])


@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
)
def test_allocate_sums_exactly_and_stays_within_one_unit(total: int, weights: list[int]) -> None:
    assume(sum(weights) > 0)
    parts = allocate(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(total * weight, sum(weights))
        assert exact - 1 < part < exact + 1
        assert part >= 0
