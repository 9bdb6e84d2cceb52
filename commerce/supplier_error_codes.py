"""The codes of the user errors suppliers, purchase orders and payables raise (a `StrEnum`:
each code is still the plain string a client reads), the generic ones included."""

from __future__ import annotations

from enum import StrEnum


class SupplierErrorCode(StrEnum):
    CONFLICT = "CONFLICT"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    GRADE_D = "GRADE_D"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    NOT_FOUND = "NOT_FOUND"
    NOT_QUALIFIED = "NOT_QUALIFIED"
    NO_BRAND = "NO_BRAND"
    NO_SUPPLIER = "NO_SUPPLIER"
    OVER_CAPACITY = "OVER_CAPACITY"
    PAST = "PAST"
    REQUIRED = "REQUIRED"
    TOO_LARGE = "TOO_LARGE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
