"""The codes of the user errors the posts area raises, one enum (a `StrEnum`, so a code is
still the plain string a client reads)."""

from __future__ import annotations

from enum import StrEnum


class PostErrorCode(StrEnum):
    ALREADY_SUBMITTED = "ALREADY_SUBMITTED"
    CONFLICT = "CONFLICT"
    FORBIDDEN = "FORBIDDEN"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_ID = "INVALID_ID"
    INVALID_STATE = "INVALID_STATE"
    INVISIBLE_CHARACTERS = "INVISIBLE_CHARACTERS"
    NOT_A_FILE = "NOT_A_FILE"
    NOT_FOUND = "NOT_FOUND"
    OPEN = "OPEN"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    PRODUCT_ARCHIVED = "PRODUCT_ARCHIVED"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    TOO_MANY = "TOO_MANY"
    TOO_MANY_HASHTAGS = "TOO_MANY_HASHTAGS"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    UNCHANGED = "UNCHANGED"  # a deliverable submitted again with nothing changed (commerce)
    # A photo refused on upload: `media.errors.MediaErrorCode`, field `images.<index>`.
    ANIMATED = "ANIMATED"
    CORRUPT = "CORRUPT"
    EMPTY = "EMPTY"
    NOT_AN_IMAGE = "NOT_AN_IMAGE"
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"
    TRUNCATED = "TRUNCATED"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
