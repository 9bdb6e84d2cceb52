"""Webhook signatures: HMAC-SHA256 over ``f"{timestamp}.{raw_body}"`` with a per-shop secret.

Header format (``X-Trendloop-Signature``)::

    t=1717000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

``t`` is the Unix time (seconds) the shop signed at; ``v1`` the lower-case hex HMAC-SHA256 of
the ASCII timestamp, a dot, and the raw request body bytes exactly as received. A sender rotating
its secret may send several ``v1`` values (one per secret); unknown keys (``v0`` …) are ignored so
the scheme can grow.

Public API
----------
``sign(secret, body, timestamp) -> str``
    The header value for one secret.
``sign_with_all(secrets, body, timestamp) -> str``
    One header carrying a ``v1`` for each secret (a sender in the middle of a rotation).
``verify(secrets, header, body, now, tolerance=300) -> None``
    Accepts when any ``v1`` in the header matches any of the shop's active ``secrets`` and
    ``|now - t| <= tolerance``. Otherwise raises :class:`SignatureError` whose ``code`` is one of
    :class:`SignatureErrorCode`: MISSING (no header), MALFORMED (unparseable, no ``v1``, bad hex),
    STALE (timestamp outside the window: a replay or a skewed clock), MISMATCH (no secret
    matches). Comparisons use :func:`hmac.compare_digest`.

The replay window only bounds how old a captured request can be; the I/O layer still dedupes by
order id / return id, so a replay inside the window changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from enum import StrEnum

__all__ = [
    "HEADER_NAME",
    "SignatureError",
    "SignatureErrorCode",
    "sign",
    "sign_with_all",
    "verify",
]

HEADER_NAME = "X-Trendloop-Signature"
DEFAULT_TOLERANCE_SECONDS = 300
# A header is a handful of short pairs; anything longer is garbage or an attempt to make us
# compute many HMACs.
_MAX_HEADER_LENGTH = 1024
_MAX_SIGNATURES = 8
_HEX_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")
_TIMESTAMP_RE = re.compile(r"[0-9]{1,12}")

Secret = str | bytes


class SignatureErrorCode(StrEnum):
    MISSING = "MISSING"
    MALFORMED = "MALFORMED"
    STALE = "STALE"
    MISMATCH = "MISMATCH"


class SignatureError(Exception):
    """A webhook signature was refused; ``code`` is stable, ``message`` is for humans."""

    def __init__(self, code: SignatureErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _key(secret: Secret) -> bytes:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise ValueError("webhook secret must not be empty")
    return key


def _digest(key: bytes, body: bytes, timestamp: int) -> str:
    mac = hmac.new(key, f"{timestamp}.".encode("ascii"), hashlib.sha256)
    mac.update(body)
    return mac.hexdigest()


def sign(secret: Secret, body: bytes, timestamp: int) -> str:
    """Header value signing ``body`` at Unix time ``timestamp`` with ``secret``."""
    return sign_with_all([secret], body, timestamp)


def sign_with_all(secrets: Iterable[Secret], body: bytes, timestamp: int) -> str:
    """Header value with one ``v1`` signature per secret, in the order given."""
    if timestamp < 0:
        raise ValueError("timestamp must not be negative")
    parts = [f"t={timestamp}"]
    parts.extend(f"v1={_digest(_key(secret), body, timestamp)}" for secret in secrets)
    if len(parts) == 1:
        raise ValueError("at least one secret is needed")
    return ",".join(parts)


def _parse(header: str) -> tuple[int, list[str]]:
    if len(header) > _MAX_HEADER_LENGTH:
        raise SignatureError(SignatureErrorCode.MALFORMED, "signature header is too long")
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            raise SignatureError(SignatureErrorCode.MALFORMED, f"expected key=value, got {item!r}")
        if key == "t":
            if timestamp is not None:
                raise SignatureError(SignatureErrorCode.MALFORMED, "timestamp given twice")
            if not _TIMESTAMP_RE.fullmatch(value):
                raise SignatureError(SignatureErrorCode.MALFORMED, "timestamp is not a number")
            timestamp = int(value)
        elif key == "v1":
            if not _HEX_SHA256_RE.fullmatch(value):
                raise SignatureError(SignatureErrorCode.MALFORMED, "v1 must be 64 hex digits")
            signatures.append(value.lower())
    if timestamp is None:
        raise SignatureError(SignatureErrorCode.MALFORMED, "signature header has no timestamp")
    if not signatures:
        raise SignatureError(SignatureErrorCode.MALFORMED, "signature header has no v1 signature")
    if len(signatures) > _MAX_SIGNATURES:
        raise SignatureError(SignatureErrorCode.MALFORMED, "too many signatures")
    return timestamp, signatures


def verify(
    secrets: Iterable[Secret],
    header: str | None,
    body: bytes,
    now: float,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> None:
    """Return if ``header`` is a fresh, valid signature of ``body``; raise SignatureError if not.

    ``secrets`` are all of the shop's active secrets (the new one and, during a rotation, the
    old ones). ``now`` is the current Unix time in seconds, passed in so tests control the clock.
    """
    keys = [_key(secret) for secret in secrets]
    if not keys:
        raise ValueError("the shop has no active webhook secret")
    if header is None or not header.strip():
        raise SignatureError(SignatureErrorCode.MISSING, f"{HEADER_NAME} header is missing")
    timestamp, signatures = _parse(header)
    if abs(now - timestamp) > tolerance:
        raise SignatureError(
            SignatureErrorCode.STALE,
            f"signature timestamp is more than {tolerance} seconds away from the server clock",
        )
    expected = [_digest(key, body, timestamp).encode("ascii") for key in keys]
    matched = False
    # Every pair is compared, so the time taken does not depend on which one matched.
    for signature in signatures:
        given = signature.encode("ascii")
        for candidate in expected:
            matched |= hmac.compare_digest(given, candidate)
    if not matched:
        raise SignatureError(SignatureErrorCode.MISMATCH, "signature does not match")
