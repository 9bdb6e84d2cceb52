"""Ids derived from what they name, for documents whose identity is a natural key.

A product is (brand, SKU), an order is (shop, the shop's order id), a membership is (campaign,
influencer). Deriving `_id` from that key makes the unique `_id` index the idempotency guard, so
a re-imported row, a redelivered webhook or a double-clicked button lands on the same document.
The ids have the shape of `core.ids.new_id` ids (prefix + 26 base32 characters), so
`is_valid_id` accepts them, but they carry no time.
"""

from __future__ import annotations

import hashlib

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def derived_id(prefix: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=17).digest()
    value = int.from_bytes(digest, "big") >> (136 - 130)
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return f"{prefix}_{''.join(reversed(chars))}"
