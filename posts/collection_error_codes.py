"""The codes of the user errors the saved-collections area raises (a `StrEnum`, so a code is
still the plain string a client reads)."""

from __future__ import annotations

from enum import StrEnum


class CollectionErrorCode(StrEnum):
    DUPLICATE = "DUPLICATE"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    UNAUTHENTICATED = "UNAUTHENTICATED"
