"""The codes of the user errors the accounts area raises (a `StrEnum`: each code is still the
plain string a client reads)."""

from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    RATE_LIMITED = "RATE_LIMITED"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_SHORT = "TOO_SHORT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
