"""Perceptual hashes for duplicate and repost detection.

Input: a Pillow image. Output: a 64-bit DCT perceptual hash (pHash, via `imagehash`) as 16
lowercase hex characters, which stores as a string in MongoDB without the sign trouble a 64-bit
unsigned integer would have. Two images that look alike (re-encoded, resized, lightly
recoloured) have hashes a small Hamming distance apart; unrelated images sit around 32 of 64.

Public API:
- `perceptual_hash(image)` -> str (16 hex chars)
- `hamming(a, b)` -> int, number of differing bits (hashes as hex strings or ints)
- `is_near_duplicate(a, b, max_distance=NEAR_DUPLICATE_DISTANCE)` -> bool
"""

from __future__ import annotations

import imagehash
from PIL import Image

HASH_BITS = 64
HEX_LENGTH = HASH_BITS // 4
# Re-encodes and resizes of the same photo land at 0-6 in practice; unrelated photos rarely
# come closer than ~20, so 10 leaves a margin on both sides.
NEAR_DUPLICATE_DISTANCE = 10


def perceptual_hash(image: Image.Image) -> str:
    value = str(imagehash.phash(image, hash_size=8))
    return value.rjust(HEX_LENGTH, "0")


def _as_int(value: str | int) -> int:
    if isinstance(value, int):
        if not 0 <= value < 1 << HASH_BITS:
            raise ValueError(f"a perceptual hash is a {HASH_BITS}-bit unsigned integer")
        return value
    if len(value) != HEX_LENGTH:
        raise ValueError(f"a perceptual hash is {HEX_LENGTH} hex characters, got {value!r}")
    try:
        return int(value, 16)
    except ValueError:
        raise ValueError(f"not a hex perceptual hash: {value!r}") from None


def hamming(a: str | int, b: str | int) -> int:
    return (_as_int(a) ^ _as_int(b)).bit_count()


def is_near_duplicate(
    a: str | int, b: str | int, max_distance: int = NEAR_DUPLICATE_DISTANCE
) -> bool:
    return hamming(a, b) <= max_distance
