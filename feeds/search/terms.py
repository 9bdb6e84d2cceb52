"""Search terms: text folded so that a typed prefix finds what it means, and split into the
tokens an index stores.

Folding: NFKC (full-width letters and digits count), accents dropped ("Zoé" → "zoe"),
case-folded ("ANA" → "ana", "ß" → "ss"). Tokens are runs of letters and digits; a Chinese,
Japanese or Korean run is kept whole and also as each of its suffixes (up to `CJK_SUFFIXES`
characters in), because those scripts write words without spaces: "碎花连衣裙" is found by "碎花"
(a prefix) and by "连衣裙" (a suffix's prefix).

A query is folded the same way and split into tokens; an entity matches when every query
token is the prefix of one of its tokens. The index is probed with the longest query token,
the most selective, through a range on an indexed field (`prefix_range`), never a `$regex`.

Pure functions: text in, text out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from enum import StrEnum

QUERY_MAX = 64
CJK_SUFFIXES = 12
TERM_MAX = 40
# One past every character: `{$gte: p, $lt: p + TOP}` holds every string starting with `p`.
# U+10FFFF rather than U+FFFF so a prefix followed by an ideograph outside the Basic
# Multilingual Plane (CJK extension B and later) is still inside the range.
TOP = "\U0010ffff"

_WORD = re.compile(r"[^\W_]+")
_CJK_RANGES = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


class SearchErrorCode(StrEnum):
    EMPTY_QUERY = "EMPTY_QUERY"
    TOO_LONG = "TOO_LONG"
    INVALID = "INVALID"
    INVALID_CURSOR = "INVALID_CURSOR"
    NOT_FOUND = "NOT_FOUND"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def fold(text: str) -> str:
    """The form text is compared in: compatibility-normalised, unaccented, case-folded."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare.casefold())


def _runs(word: str) -> list[tuple[str, bool]]:
    """A word cut where it moves between CJK and other scripts ("碎花dress" → 碎花, dress)."""
    runs: list[tuple[str, bool]] = []
    for char in word:
        cjk = is_cjk(char)
        if runs and runs[-1][1] == cjk:
            runs[-1] = (runs[-1][0] + char, cjk)
        else:
            runs.append((char, cjk))
    return runs


def query_tokens(text: str) -> list[str]:
    """The tokens of folded text, in order, without suffixes (what a query is made of)."""
    tokens: list[str] = []
    for word in _WORD.findall(fold(text)):
        for run, _ in _runs(word):
            if run not in tokens:
                tokens.append(run[:TERM_MAX])
    return tokens


def index_tokens(*texts: str | None) -> set[str]:
    """Every token an entity is found by: its words, and each suffix of its CJK runs."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for word in _WORD.findall(fold(text)):
            for run, cjk in _runs(word):
                found.add(run[:TERM_MAX])
                if cjk:
                    for start in range(1, min(len(run), CJK_SUFFIXES)):
                        found.add(run[start : start + TERM_MAX])
    return found


def hashtag_tokens(tag: str) -> set[str]:
    """A hashtag is found by its whole folded form ("ootd_2026") and by its words."""
    whole = fold(tag.lstrip("#"))
    return {whole[:TERM_MAX], *index_tokens(whole)} if whole else set()


def probe(tokens: Sequence[str]) -> str:
    """The query token to look up in the index: the longest, so the fewest candidates."""
    return max(tokens, key=lambda token: (len(token), token))


def prefix_range(prefix: str) -> dict[str, str]:
    """The anchored range of every string that starts with `prefix` (an index range scan)."""
    return {"$gte": prefix, "$lt": prefix + TOP}


def matches(query: Sequence[str], tokens: Iterable[str]) -> bool:
    """Whether every query token is the start of one of the entity's tokens."""
    own = list(tokens)
    return all(any(token.startswith(q) for token in own) for q in query)


def rank_key(query: Sequence[str], tokens: Iterable[str], label: str) -> tuple[int, int, str]:
    """Closer matches first: a token typed in full, then the shorter label, then A to Z."""
    own = set(tokens)
    exact = sum(1 for q in query if q in own)
    return (-exact, len(label), fold(label))
