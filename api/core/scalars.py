"""Scalars and value types every area of the API shares: money in minor units."""

from __future__ import annotations

from typing import Any, NewType

import strawberry

from core.errors import UserError as CoreUserError

MAX_MINOR = 2**53 - 1


def _parse_minor(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_MINOR:
        raise CoreUserError("INVALID", "Amounts are whole numbers of minor units (cents).", None)
    return value


MinorUnits = NewType("MinorUnits", int)
SCALARS: dict[object, Any] = {
    MinorUnits: strawberry.scalar(
        name="MinorUnits",
        serialize=int,
        parse_value=_parse_minor,
        description="A whole amount in minor units of its currency (cents, pence, yen); ±2^53.",
    )
}


@strawberry.type(description="An amount of money.")
class Money:
    amount_minor: MinorUnits
    currency: str


def money(amount: int, currency: str) -> Money:
    return Money(amount_minor=MinorUnits(amount), currency=currency)
