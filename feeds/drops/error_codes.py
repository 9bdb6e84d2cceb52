"""The codes of the user errors test drops raise (a `StrEnum`: each code is still the plain
string a client reads), including the catalogue's row checks of a drop's products
(`commerce.catalog.RowCode`) and what changing the drop's campaign can answer."""

from __future__ import annotations

from enum import StrEnum


class DropErrorCode(StrEnum):
    CONFLICT = "CONFLICT"
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    LOCKED = "LOCKED"
    NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT"
    NOT_FOUND = "NOT_FOUND"
    NO_BRAND = "NO_BRAND"
    NO_MERCHANT_DOMAIN = "NO_MERCHANT_DOMAIN"
    PAST = "PAST"
    REQUIRED = "REQUIRED"
    TOO_FAR = "TOO_FAR"
    TOO_LARGE = "TOO_LARGE"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    TOO_OLD = "TOO_OLD"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNKNOWN_ELEMENT = "UNKNOWN_ELEMENT"
    # The catalogue's checks of a product row.
    DUPLICATE_SKU = "DUPLICATE_SKU"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    NOT_AN_OBJECT = "NOT_AN_OBJECT"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    UNKNOWN_MARKET = "UNKNOWN_MARKET"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"
