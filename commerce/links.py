"""Shoppable links: short codes, click ids, redirect-target checks and click dedupe keys.

Pure helpers for the link-making mutation and the ``GET /l/{code}`` redirect. Nothing here does
I/O; the caller supplies the clock and keeps any state (Redis, Mongo).

Public API
----------
``new_code() -> str``
    An unguessable short code: 8 characters of base62 drawn with :mod:`secrets` (62**8, about
    2.2e14 codes, so guessing a live one is hopeless at any request rate we allow).
``is_valid_code(code) -> bool``
    True when ``code`` has the shape of a short code; the redirect checks it before any lookup.
``new_click_id(now_ms=None) -> str``
    A 26-character, time-sortable click id (48-bit millisecond time + 80 random bits, Crockford
    base32, the ULID layout). Ids sort by creation time to the millisecond; within one millisecond
    their order is random. It lives here because clicks are its only user; if other packages need
    sortable ids it can move to ``core`` unchanged.
``is_click_id(value) -> bool`` / ``click_id_time_ms(click_id) -> int``
    Shape check, and the millisecond timestamp encoded in a click id.
``AllowList.from_domains(domains)``
    The merchant domains a link may point to, normalised once (lower case, IDNA/punycode).
``check_target(url, allow_list, *, allow_http=False) -> str``
    Validates a redirect target and returns its canonical form (host in lower-case ASCII/punycode).
    Raises :class:`TargetError` with a code from :class:`TargetErrorCode`. The redirect must send
    the canonical string it got back, so what was checked is exactly what the browser follows.
``check_public_url(url, *, allow_http=False) -> str``
    The same shape checks without the allow-list (for image URLs on a CDN).
``append_click_id(url, click_id, param="tl_click") -> str``
    Adds ``param=click_id`` to the query, keeping the rest of the query and the fragment byte for
    byte; an existing value of ``param`` (a re-shared URL) is replaced, never duplicated.
``dedupe_key(link_id, visitor_id) -> str`` / ``DEDUPE_WINDOW_SECONDS``
    The Redis key for "has this visitor's click on this link already counted recently".
``counted_clicks(clicks, window_seconds=3600) -> list[bool]``
    The same rule over a batch of clicks, for the consumer and for reports.

Click dedupe rule
-----------------
A click counts when no *counted* click by the same visitor on the same link happened in the
preceding ``DEDUPE_WINDOW_SECONDS`` (3600). That is exactly what ``SET dedupe_key NX EX 3600``
implements: the key exists if and only if a counted click happened less than an hour ago, and a
repeat click neither counts nor extends the window. Fixed hour buckets were rejected because two
clicks at 10:59 and 11:01 would both count.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

import idna

__all__ = [
    "CLICK_ID_LENGTH",
    "CODE_LENGTH",
    "DEDUPE_WINDOW_SECONDS",
    "AllowList",
    "TargetError",
    "TargetErrorCode",
    "append_click_id",
    "check_public_url",
    "check_target",
    "click_id_time_ms",
    "counted_clicks",
    "dedupe_key",
    "is_click_id",
    "is_valid_code",
    "new_click_id",
    "new_code",
]

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CODE_LENGTH = 8
_CODE_RE = re.compile(rf"[0-9A-Za-z]{{{CODE_LENGTH}}}")

CROCKFORD32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CLICK_ID_LENGTH = 26
# The first character carries only 3 bits of the 48-bit time, so it is at most 7.
_CLICK_ID_RE = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_MAX_TIME_MS = (1 << 48) - 1

DEDUPE_WINDOW_SECONDS = 3600

MAX_URL_LENGTH = 2048
_MAX_HOST_LENGTH = 253
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# Browsers drop tabs and newlines inside URLs and treat "\" as "/" for http(s): any of them
# would let the string we check differ from the URL the browser follows.
_FORBIDDEN_CHARS_RE = re.compile(r"[\x00-\x20\x7f\\]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


# --- short codes ---------------------------------------------------------------------------


def new_code() -> str:
    """Return a fresh unguessable short code (8 base62 characters from a CSPRNG)."""
    return "".join(secrets.choice(BASE62) for _ in range(CODE_LENGTH))


def is_valid_code(code: str) -> bool:
    """True when ``code`` is exactly 8 ASCII base62 characters."""
    return _CODE_RE.fullmatch(code) is not None


# --- click ids -----------------------------------------------------------------------------


def new_click_id(now_ms: int | None = None) -> str:
    """Return a 26-character time-sortable click id for the given (or current) Unix time in ms."""
    ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    if not 0 <= ms <= _MAX_TIME_MS:
        raise ValueError("click id time must fit in 48 bits of milliseconds")
    value = (ms << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(CLICK_ID_LENGTH):
        chars.append(CROCKFORD32[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def is_click_id(value: str) -> bool:
    """True when ``value`` has the shape of a click id made by :func:`new_click_id`."""
    return _CLICK_ID_RE.fullmatch(value) is not None


def click_id_time_ms(click_id: str) -> int:
    """The Unix time in milliseconds encoded in ``click_id``."""
    if not is_click_id(click_id):
        raise ValueError("not a click id")
    value = 0
    for char in click_id[:10]:
        value = (value << 5) | CROCKFORD32.index(char)
    return value


# --- redirect targets ----------------------------------------------------------------------


class TargetErrorCode(StrEnum):
    EMPTY = "EMPTY"
    TOO_LONG = "TOO_LONG"
    BAD_CHARACTERS = "BAD_CHARACTERS"
    BAD_SCHEME = "BAD_SCHEME"
    NO_HOST = "NO_HOST"
    USERINFO = "USERINFO"
    BAD_HOST = "BAD_HOST"
    IP_HOST = "IP_HOST"
    BAD_PORT = "BAD_PORT"
    NOT_ALLOWED = "NOT_ALLOWED"


class TargetError(ValueError):
    """A URL refused as a redirect target; ``code`` says why in a stable, machine-readable way."""

    def __init__(self, code: TargetErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalise_host(host: str) -> str:
    """Lower-case ASCII form of a host name (punycode for IDNs); raises ``ValueError`` if invalid.

    Non-ASCII names go through UTS #46 mapping, as browsers do, so full-width or mixed-case
    spellings collapse to the name the browser would resolve, and lookalike letters (a Cyrillic
    U+043E for the "o" in "shop") turn into a distinct ``xn--`` name that no allowed domain matches.
    """
    name = host[:-1] if host.endswith(".") else host
    if not name:
        raise ValueError("empty host")
    if not name.isascii():
        try:
            name = idna.encode(name, uts46=True, transitional=False).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"invalid international host name: {exc}") from exc
    name = name.lower()
    if len(name) > _MAX_HOST_LENGTH:
        raise ValueError("host name too long")
    labels = name.split(".")
    if not all(_LABEL_RE.fullmatch(label) for label in labels):
        raise ValueError("host name has an invalid label")
    if any(label.startswith("xn--") for label in labels):
        try:
            idna.decode(name)
        except idna.IDNAError as exc:
            raise ValueError(f"invalid punycode label: {exc}") from exc
    return name


@dataclass(frozen=True, slots=True)
class AllowList:
    """Merchant domains (already normalised); a host matches a domain or any subdomain of it."""

    domains: frozenset[str]

    @classmethod
    def from_domains(cls, domains: Iterable[str]) -> AllowList:
        normalised = set()
        for domain in domains:
            name = normalise_host(domain.strip())
            if "." not in name:
                raise ValueError(f"allowed domain must have at least two labels: {domain!r}")
            normalised.add(name)
        return cls(frozenset(normalised))

    def allows(self, host: str) -> bool:
        """True when the normalised ``host`` equals an allowed domain or is a subdomain of one."""
        if host in self.domains:
            return True
        # Walk the parent domains: shop.example.com → example.com → com.
        dot = host.find(".")
        while dot != -1:
            if host[dot + 1 :] in self.domains:
                return True
            dot = host.find(".", dot + 1)
        return False


def _split_url(url: str, allow_http: bool) -> tuple[str, str, str, str]:
    """(scheme, host, port, rest) of a plain absolute http(s) URL; raises TargetError."""
    if not url:
        raise TargetError(TargetErrorCode.EMPTY, "URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise TargetError(TargetErrorCode.TOO_LONG, f"URL is longer than {MAX_URL_LENGTH}")
    if _FORBIDDEN_CHARS_RE.search(url):
        raise TargetError(
            TargetErrorCode.BAD_CHARACTERS,
            "URL contains whitespace, control characters or backslashes",
        )
    scheme, sep, remainder = url.partition("://")
    scheme = scheme.lower()
    allowed_schemes = ("https", "http") if allow_http else ("https",)
    if not sep or scheme not in allowed_schemes:
        raise TargetError(
            TargetErrorCode.BAD_SCHEME, f"URL must start with {' or '.join(allowed_schemes)}://"
        )
    end = len(remainder)
    for delimiter in "/?#":
        index = remainder.find(delimiter)
        if index != -1:
            end = min(end, index)
    authority, rest = remainder[:end], remainder[end:]
    if not authority:
        raise TargetError(TargetErrorCode.NO_HOST, "URL has no host")
    if "@" in authority:
        raise TargetError(TargetErrorCode.USERINFO, "URL must not carry a user name or password")
    if authority.startswith("["):
        raise TargetError(TargetErrorCode.IP_HOST, "URL host must be a domain name, not an IP")
    host, _, port = authority.partition(":")
    return scheme, host, port, rest


def _canonical(url: str, allow_http: bool) -> tuple[str, str]:
    scheme, raw_host, port, rest = _split_url(url, allow_http)
    if "%" in raw_host:
        # Browsers percent-decode hosts ("evil%2Ecom"); refuse rather than guess.
        raise TargetError(TargetErrorCode.BAD_HOST, "URL host must not be percent-encoded")
    try:
        host = normalise_host(raw_host)
    except ValueError as exc:
        raise TargetError(TargetErrorCode.BAD_HOST, f"URL host is invalid: {exc}") from exc
    if _looks_like_ip(host):
        raise TargetError(TargetErrorCode.IP_HOST, "URL host must be a domain name, not an IP")
    if port:
        if not port.isdigit() or not port.isascii() or not 0 < int(port) <= 65535:
            raise TargetError(TargetErrorCode.BAD_PORT, "URL port must be a number 1-65535")
        port = str(int(port))
        if (scheme, port) in (("https", "443"), ("http", "80")):
            port = ""
    netloc = f"{host}:{port}" if port else host
    # Location headers are ASCII; percent-encode the rest the way a browser would.
    rest = _NON_ASCII_RE.sub(lambda match: quote(match.group(), safe=""), rest)
    return f"{scheme}://{netloc}{rest}", host


def _looks_like_ip(host: str) -> bool:
    # WHATWG URL parsing reads a host whose last label is numeric (or 0x…) as IPv4 ("0x7f.1").
    last = host.rsplit(".", 1)[-1]
    if last.isdigit() or last.startswith("0x"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_public_url(url: str, *, allow_http: bool = False) -> str:
    """Canonical form of an absolute https (or http if allowed) URL on a domain name.

    Refuses user info, IP hosts, control characters, backslashes and other schemes
    (``javascript:``, ``data:`` …). Raises :class:`TargetError`.
    """
    canonical, _ = _canonical(url, allow_http)
    return canonical


def check_target(url: str, allow_list: AllowList, *, allow_http: bool = False) -> str:
    """Canonical form of ``url`` if it may be a redirect target, else :class:`TargetError`."""
    canonical, host = _canonical(url, allow_http)
    if not allow_list.allows(host):
        raise TargetError(TargetErrorCode.NOT_ALLOWED, f"{host} is not on the merchant allow-list")
    return canonical


# --- click id on the outgoing URL ----------------------------------------------------------


def append_click_id(url: str, click_id: str, param: str = "tl_click") -> str:
    """``url`` with ``param=click_id`` added to its query; other parameters and the fragment stay.

    Works on the string so that the merchant's own encoding of the query is untouched.
    """
    base, hash_mark, fragment = url.partition("#")
    path, _, query = base.partition("?")
    kept = [
        part
        for part in query.split("&")
        if part and unquote(part.partition("=")[0].replace("+", " ")) != param
    ]
    kept.append(f"{quote(param, safe='')}={quote(click_id, safe='')}")
    return f"{path}?{'&'.join(kept)}{hash_mark}{fragment}"


# --- click dedupe --------------------------------------------------------------------------


def dedupe_key(link_id: str, visitor_id: str) -> str:
    """Redis key marking a counted click by ``visitor_id`` on ``link_id`` (SET NX EX 3600).

    The visitor id comes from a cookie the client controls, so it is hashed: the key stays
    short and cannot smuggle separators.
    """
    visitor = hashlib.blake2b(visitor_id.encode("utf-8"), digest_size=12).hexdigest()
    return f"tl:click:dedupe:{link_id}:{visitor}"


def counted_clicks(
    clicks: Sequence[tuple[str, str, float]], window_seconds: int = DEDUPE_WINDOW_SECONDS
) -> list[bool]:
    """Which of ``clicks`` (visitor id, link id, Unix seconds) count, in the given order.

    The same rule as the Redis key: a click counts unless a counted click by the same visitor on
    the same link happened less than ``window_seconds`` before it. Clicks must be in time order.
    """
    last_counted: dict[tuple[str, str], float] = {}
    result: list[bool] = []
    for visitor_id, link_id, at in clicks:
        key = (visitor_id, link_id)
        previous = last_counted.get(key)
        counts = previous is None or at - previous >= window_seconds
        if counts:
            last_counted[key] = at
        result.append(counts)
    return result
