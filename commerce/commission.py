"""Commission arithmetic on integer minor units (cents, yen, fils …); no floats anywhere.

Rules (:class:`CommissionRule`)
-------------------------------
* PERCENT of the order's net sale, in basis points (1 bp = 0.01 %, 1_000 bp = 10 %).
  Rounding: **floor** — the influencer is credited ``floor(net * bp / 10_000)`` minor units, so
  rounding never pays more than the rule states nor spends budget the brand did not grant.
* FLAT: a fixed amount per attributed order (any order with a positive net sale).
* FIXED_FEE: a fixed amount per approved post (a deliverable), not tied to any order.

Public API
----------
``CommissionRule.percent(bp)`` / ``.flat(amount, currency)`` / ``.fixed_fee(amount, currency)``
``percent_of(amount_minor, basis_points) -> int``                 floor of the share
``order_commission(rule, net_sale_minor, currency) -> int``       PERCENT or FLAT on one order
``post_fee(rule, currency) -> int``                               FIXED_FEE for one approved post
``apply_budget(commission_minor, budget_remaining_minor) -> BudgetOutcome(credited, exhausted)``
``prorata_reversal(commission, sale, returned_before, returned_now) -> int``
``reversal_amount(kind, commission, sale, returned_before, returned_now) -> int``
``allocate(total_minor, weights) -> list[int]``                   split exactly, largest remainder

Returns
-------
A partial return reverses commission pro rata to the share of the net sale returned, computed
on the *cumulative* returned amount: after returns totalling ``R`` of a sale ``S`` the reversed
total is ``floor(C * R / S)``, and each return reverses the difference from the previous total.
So the sum of reversals never exceeds ``C`` and reaches exactly ``C`` when the whole sale is
returned, whatever the number and order of partial returns. A FLAT commission is earned by the
order as such: partial returns leave it whole, and it is reversed entirely when the last of the
sale comes back. FIXED_FEE commissions have no order and no return.

Errors are :class:`CommissionError` with a ``code`` from :class:`CommissionErrorCode`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "BASIS_POINTS_PER_UNIT",
    "BudgetOutcome",
    "CommissionError",
    "CommissionErrorCode",
    "CommissionRule",
    "RuleKind",
    "allocate",
    "apply_budget",
    "order_commission",
    "percent_of",
    "post_fee",
    "prorata_reversal",
    "reversal_amount",
]

BASIS_POINTS_PER_UNIT = 10_000


class RuleKind(StrEnum):
    PERCENT = "PERCENT"
    FLAT = "FLAT"
    FIXED_FEE = "FIXED_FEE"


class CommissionErrorCode(StrEnum):
    INVALID_RULE = "INVALID_RULE"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    WRONG_RULE_KIND = "WRONG_RULE_KIND"
    RETURN_EXCEEDS_SALE = "RETURN_EXCEEDS_SALE"


class CommissionError(ValueError):
    def __init__(self, code: CommissionErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _require_amount(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CommissionError(
            CommissionErrorCode.INVALID_AMOUNT, f"{name} must be a non-negative integer"
        )


@dataclass(frozen=True, slots=True)
class CommissionRule:
    """How a campaign pays; build with :meth:`percent`, :meth:`flat` or :meth:`fixed_fee`."""

    kind: RuleKind
    basis_points: int = 0
    amount_minor: int = 0
    currency: str | None = None

    def __post_init__(self) -> None:
        if self.kind is RuleKind.PERCENT:
            if not 0 < self.basis_points <= BASIS_POINTS_PER_UNIT:
                raise CommissionError(
                    CommissionErrorCode.INVALID_RULE, "percent rule needs 1..10000 basis points"
                )
            if self.amount_minor or self.currency is not None:
                raise CommissionError(
                    CommissionErrorCode.INVALID_RULE, "percent rule takes no amount or currency"
                )
        else:
            _require_amount("rule amount", self.amount_minor)
            if self.amount_minor == 0 or self.basis_points:
                raise CommissionError(
                    CommissionErrorCode.INVALID_RULE,
                    f"{self.kind} rule needs a positive amount and no basis points",
                )
            if self.currency is None or len(self.currency) != 3 or not self.currency.isupper():
                raise CommissionError(
                    CommissionErrorCode.INVALID_RULE, f"{self.kind} rule needs an ISO currency"
                )

    @classmethod
    def percent(cls, basis_points: int) -> CommissionRule:
        return cls(RuleKind.PERCENT, basis_points=basis_points)

    @classmethod
    def flat(cls, amount_minor: int, currency: str) -> CommissionRule:
        return cls(RuleKind.FLAT, amount_minor=amount_minor, currency=currency)

    @classmethod
    def fixed_fee(cls, amount_minor: int, currency: str) -> CommissionRule:
        return cls(RuleKind.FIXED_FEE, amount_minor=amount_minor, currency=currency)


def percent_of(amount_minor: int, basis_points: int) -> int:
    """``floor(amount * basis_points / 10_000)`` for non-negative integers."""
    _require_amount("amount", amount_minor)
    _require_amount("basis points", basis_points)
    return amount_minor * basis_points // BASIS_POINTS_PER_UNIT


def _same_currency(rule: CommissionRule, currency: str) -> None:
    if rule.currency != currency:
        raise CommissionError(
            CommissionErrorCode.CURRENCY_MISMATCH,
            f"rule pays in {rule.currency}, the sale is in {currency}",
        )


def order_commission(rule: CommissionRule, net_sale_minor: int, currency: str) -> int:
    """Commission earned by one attributed order with the given net sale (before any budget cap)."""
    _require_amount("net sale", net_sale_minor)
    if rule.kind is RuleKind.PERCENT:
        return percent_of(net_sale_minor, rule.basis_points)
    if rule.kind is RuleKind.FLAT:
        _same_currency(rule, currency)
        return rule.amount_minor if net_sale_minor > 0 else 0
    raise CommissionError(
        CommissionErrorCode.WRONG_RULE_KIND, "a fixed-fee campaign pays per post, not per order"
    )


def post_fee(rule: CommissionRule, currency: str) -> int:
    """Fee earned by one approved post under a FIXED_FEE rule."""
    if rule.kind is not RuleKind.FIXED_FEE:
        raise CommissionError(
            CommissionErrorCode.WRONG_RULE_KIND, f"a {rule.kind} campaign pays per order"
        )
    _same_currency(rule, currency)
    return rule.amount_minor


class BudgetOutcome(NamedTuple):
    credited: int
    """What may be credited: the commission, cut to what is left of the budget."""
    exhausted: bool
    """Nothing is left of the budget after this credit; accrual stops and the brand is told."""


def apply_budget(commission_minor: int, budget_remaining_minor: int | None) -> BudgetOutcome:
    """Cap a commission by the campaign's remaining budget (``None``: the campaign has no cap).

    A negative remaining budget (overspent by an earlier race) is treated as zero.
    """
    _require_amount("commission", commission_minor)
    if budget_remaining_minor is None:
        return BudgetOutcome(commission_minor, exhausted=False)
    remaining = max(budget_remaining_minor, 0)
    credited = min(commission_minor, remaining)
    return BudgetOutcome(credited, exhausted=remaining - credited == 0)


def _check_return(sale_minor: int, returned_before_minor: int, returned_now_minor: int) -> None:
    _require_amount("sale", sale_minor)
    _require_amount("amount returned before", returned_before_minor)
    _require_amount("amount returned", returned_now_minor)
    if returned_before_minor + returned_now_minor > sale_minor:
        raise CommissionError(
            CommissionErrorCode.RETURN_EXCEEDS_SALE,
            f"returns total {returned_before_minor + returned_now_minor}, "
            f"more than the sale of {sale_minor}",
        )


def prorata_reversal(
    commission_minor: int, sale_minor: int, returned_before_minor: int, returned_now_minor: int
) -> int:
    """Commission to reverse for a return of ``returned_now`` after ``returned_before`` returned.

    Cumulative floor rounding; see the module docstring for why the parts never overshoot.
    """
    _require_amount("commission", commission_minor)
    _check_return(sale_minor, returned_before_minor, returned_now_minor)
    if sale_minor == 0:
        return 0
    before = commission_minor * returned_before_minor // sale_minor
    after = commission_minor * (returned_before_minor + returned_now_minor) // sale_minor
    return after - before


def reversal_amount(
    kind: RuleKind,
    commission_minor: int,
    sale_minor: int,
    returned_before_minor: int,
    returned_now_minor: int,
) -> int:
    """Commission to reverse for a return, by rule kind (PERCENT pro rata, FLAT on full return)."""
    if kind is RuleKind.PERCENT:
        return prorata_reversal(
            commission_minor, sale_minor, returned_before_minor, returned_now_minor
        )
    if kind is RuleKind.FLAT:
        _require_amount("commission", commission_minor)
        _check_return(sale_minor, returned_before_minor, returned_now_minor)
        fully_returned = returned_now_minor > 0 and (
            returned_before_minor + returned_now_minor == sale_minor
        )
        return commission_minor if fully_returned else 0
    raise CommissionError(
        CommissionErrorCode.WRONG_RULE_KIND, "a fixed fee for a post has nothing to return"
    )


def allocate(total_minor: int, weights: Sequence[int]) -> list[int]:
    """Split ``total_minor`` in proportion to ``weights``; the parts sum to it exactly.

    Each part gets the floor of its share; the minor units left over go one each to the largest
    remainders (ties to the earlier weight). Useful to spread a commission over order lines.
    """
    _require_amount("total", total_minor)
    for weight in weights:
        _require_amount("weight", weight)
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total_minor:
            raise CommissionError(
                CommissionErrorCode.INVALID_AMOUNT, "cannot split an amount over zero weights"
            )
        return [0] * len(weights)
    shares = [total_minor * weight for weight in weights]
    parts = [share // weight_sum for share in shares]
    left = total_minor - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(shares[i] % weight_sum), i))
    for index in by_remainder[:left]:
        parts[index] += 1
    return parts
