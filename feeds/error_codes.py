"""The codes of the user errors the trends and feeds raise (a `StrEnum`: each code is still the
plain string a client reads). Test drops have their own, `feeds.drops.error_codes`."""

from __future__ import annotations

from enum import StrEnum


class TrendErrorCode(StrEnum):
    CURSOR_MISMATCH = "CURSOR_MISMATCH"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_FIRST = "INVALID_FIRST"
    NOT_FOUND = "NOT_FOUND"
    REEXTRACTING = "REEXTRACTING"
    SESSION_EXPIRED = "SESSION_EXPIRED"
    TOO_LONG = "TOO_LONG"
    UNAUTHENTICATED = "UNAUTHENTICATED"
