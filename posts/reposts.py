"""Likely reposts: an image a few pHash bits away from another author's earlier image.

Comparing a new hash with every stored one does not scale, so each 64-bit hash is also stored as
four 16-bit bands ("0:a1f3", "1:…", position first so equal values in different positions do not
match), under a multikey index. Two hashes at most 7 bits apart share at least one band with at
most one bit different (four bands with two or more differing bits would make eight), so asking
for each band's value and its 16 one-bit neighbours (68 values) finds every hash within 7 bits in
one indexed query; the Hamming distance is then computed on those candidates only. That makes
the search exact for any threshold up to 7 (the setting is capped there).

`band_keys` and `probe_keys` are pure; `record_hashes` and `find_likely_repost` are the thin I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pymongo import UpdateOne

from core.mongo import SyncDB
from media.phash import HEX_LENGTH, hamming

BANDS = 4
BAND_BITS = 16
_BAND_HEX = HEX_LENGTH // BANDS
COLLECTION = "image_hashes"


def band_keys(phash: str) -> list[str]:
    return [f"{i}:{phash[i * _BAND_HEX : (i + 1) * _BAND_HEX]}" for i in range(BANDS)]


def probe_keys(phash: str) -> list[str]:
    """Each band's value and every value one bit away from it."""
    keys: list[str] = []
    for i in range(BANDS):
        value = int(phash[i * _BAND_HEX : (i + 1) * _BAND_HEX], 16)
        for candidate in [value, *(value ^ (1 << bit) for bit in range(BAND_BITS))]:
            keys.append(f"{i}:{candidate:0{_BAND_HEX}x}")
    return keys


@dataclass(frozen=True)
class RepostMatch:
    image_index: int
    original_post_id: str
    original_image_index: int
    distance: int

    def as_doc(self) -> dict[str, object]:
        return {
            "image_index": self.image_index,
            "original_post_id": self.original_post_id,
            "original_image_index": self.original_image_index,
            "distance": self.distance,
        }


def record_hashes(
    db: SyncDB, post_id: str, author_id: str, created_at: datetime, phashes: Sequence[str]
) -> None:
    """Upserts keyed by post and image index: a second run writes the same rows."""
    db[COLLECTION].bulk_write(
        [
            UpdateOne(
                {"_id": f"{post_id}:{index}"},
                {
                    "$set": {
                        "post_id": post_id,
                        "author_id": author_id,
                        "image_index": index,
                        "phash": phash,
                        "bands": band_keys(phash),
                        "post_created_at": created_at,
                    }
                },
                upsert=True,
            )
            for index, phash in enumerate(phashes)
        ],
        ordered=False,
    )


def find_likely_repost(
    db: SyncDB,
    author_id: str,
    created_at: datetime,
    phashes: Sequence[str],
    max_distance: int,
) -> RepostMatch | None:
    """The closest earlier image by someone else within `max_distance`, over all the post's
    images in one query; ties go to the earliest post."""
    if not phashes:
        return None
    probes = sorted({key for phash in phashes for key in probe_keys(phash)})
    candidates = db[COLLECTION].find(
        {
            "bands": {"$in": probes},
            "author_id": {"$ne": author_id},
            "post_created_at": {"$lt": created_at},
        },
        {"post_id": 1, "image_index": 1, "phash": 1, "post_created_at": 1},
    )
    best: tuple[int, datetime, RepostMatch] | None = None
    for candidate in candidates:
        for index, phash in enumerate(phashes):
            distance = hamming(phash, candidate["phash"])
            if distance > max_distance:
                continue
            match = RepostMatch(index, candidate["post_id"], candidate["image_index"], distance)
            rank = (distance, candidate["post_created_at"], match)
            if best is None or rank[:2] < best[:2]:
                best = rank
    return best[2] if best else None
