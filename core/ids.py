"""Identifiers: short, time-sortable, prefixed by what they name.

`post_01jd…` reads better in logs than an ObjectId and sorts by creation time, which keyset
pagination relies on. The prefix also lets the API refuse an id of the wrong kind early.
"""

from __future__ import annotations

import os
import re
import threading
import time

# Crockford base32: no I, L, O, U, so ids survive being read aloud or retyped.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_ID_RE = re.compile(r"^([a-z]{2,12})_([0-9a-hjkmnp-tv-z]{26})$")


def _encode(value: int, length: int) -> str:
    out = []
    for _ in range(length):
        out.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


_RANDOM_BITS = 80
_lock = threading.Lock()
_last = (0, 0)  # (millisecond, random part) of the last id made in this process


def new_id(prefix: str) -> str:
    """48-bit millisecond time + 80 random bits, base32: 26 characters after the prefix.

    Within one process ids only grow: one made in the same millisecond as the last (or while
    the system clock stepped back) takes the last one's random part plus one, so "newest
    first" by id is the order things were made in, not a coin toss within a millisecond.
    """
    global _last
    now = int(time.time() * 1000) & ((1 << 48) - 1)
    with _lock:
        last_millis, last_rand = _last
        if now > last_millis:
            millis, rand = now, int.from_bytes(os.urandom(_RANDOM_BITS // 8), "big")
        elif last_rand + 1 < 1 << _RANDOM_BITS:
            millis, rand = last_millis, last_rand + 1
        else:
            millis, rand = last_millis + 1, 0
        _last = (millis, rand)
    return f"{prefix}_{_encode(millis, 10)}{_encode(rand, 16)}"


def is_valid_id(value: str, prefix: str | None = None) -> bool:
    match = _ID_RE.match(value)
    if match is None:
        return False
    return prefix is None or match.group(1) == prefix
