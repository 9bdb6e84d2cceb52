"""Media error types.

`MediaRejected(code, message)` is raised for any upload the platform refuses: the `code` is a
stable `MediaErrorCode` the API layer can put into a GraphQL user error or a post's rejection
reason, the `message` is a sentence a shopper can read as is.

`InvalidMediaKey` is raised by the storage layer for a key that could escape the storage root;
it signals a programming error in the caller, never a shopper's mistake.
"""

from __future__ import annotations

from enum import StrEnum


class MediaErrorCode(StrEnum):
    EMPTY = "EMPTY"
    TOO_LARGE = "TOO_LARGE"
    NOT_AN_IMAGE = "NOT_AN_IMAGE"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    TRUNCATED = "TRUNCATED"
    CORRUPT = "CORRUPT"
    TOO_MANY_PIXELS = "TOO_MANY_PIXELS"
    ANIMATED = "ANIMATED"


class MediaRejected(Exception):
    """An upload refused with a machine-readable code and a shopper-readable message."""

    def __init__(self, code: MediaErrorCode, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class InvalidMediaKey(ValueError):
    """A storage key that is empty, absolute, or could walk outside the storage root."""
