"""The codes of the user errors attribution reports and brand settings raise (a `StrEnum`:
each code is still the plain string a client reads)."""

from __future__ import annotations

from enum import StrEnum


class ReportErrorCode(StrEnum):
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_RANGE = "INVALID_RANGE"
    NOT_FOUND = "NOT_FOUND"
    RANGE_TOO_LONG = "RANGE_TOO_LONG"
    REQUIRED = "REQUIRED"
    TOO_MANY_BRANDS = "TOO_MANY_BRANDS"
    UNAUTHENTICATED = "UNAUTHENTICATED"
