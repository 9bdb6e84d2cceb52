"""Text normalisation shared by the taxonomy loader and element extraction.

Inputs are raw strings (captions, hashtags, synonyms, product categories); outputs are plain
strings and tuples of tokens. English is matched by tokens and phrases; Chinese has no spaces, so
Chinese synonyms are matched as substrings (see `forward_max_matches`).

- `normalise(text)`: NFKC (full-width letters become ASCII) and case-folded.
- `latin_chunks(text)`: runs of Latin tokens, split at punctuation so a phrase never spans a
  sentence break; accents are stripped ("ombré" -> "ombre"), hyphens split words ("wide-leg" ->
  "wide", "leg").
- `phrase_key(phrase)`: the token tuple a synonym is indexed under.
- `plural_variant(key)`: the same phrase with its last word in the plural ("floral" ->
  "florals"), so designers list the singular only.
- `compact(key)`: the phrase with its spaces removed, the hashtag form ("wide leg" -> "wideleg").
- `hashtags_in(text)`: "#tags" found in free text, without the "#".
- `has_cjk(text)`: whether the text holds a CJK ideograph.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
_PUNCTUATION = (
    "\u201c\u201d\u2018\u2019"  # curly quotes
    "\u3001\uff0c\u3002\uff01\uff1f\uff1b\uff1a\uff08\uff09"  # CJK and full-width punctuation
)
_HASHTAG = re.compile(r"#([^\s#.,!?;:()\[\]{}\"'" + _PUNCTUATION + "]+)")
_CHUNK_BREAK = re.compile(r"[.,!?;:()\[\]{}\"|/\\\n\r\t" + _PUNCTUATION + "\u2026]+")
_LATIN_TOKEN = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def is_cjk_char(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    return any(is_cjk_char(char) for char in text)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def latin_tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens of already-normalised text."""
    return _LATIN_TOKEN.findall(strip_accents(text))


def latin_chunks(text: str) -> list[list[str]]:
    """Token runs between punctuation marks, each a candidate span for phrase matching."""
    chunks = []
    for part in _CHUNK_BREAK.split(text):
        tokens = latin_tokens(part)
        if tokens:
            chunks.append(tokens)
    return chunks


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(latin_tokens(normalise(phrase)))


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plural_variant(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The phrase with its last word pluralised, or None when the last word is a number or
    already ends in "s" (jeans, leggings, shorts)."""
    if not key:
        return None
    last = key[-1]
    if last.isdigit() or last.endswith("s") or len(last) < 2:
        return None
    return (*key[:-1], plural(last))


def compact(key: Iterable[str]) -> str:
    return "".join(key)


def hashtags_in(text: str) -> list[str]:
    return [match.group(1) for match in _HASHTAG.finditer(text)]


def remove_hashtags(text: str) -> str:
    return _HASHTAG.sub(" ", text)


def forward_max_matches(
    text: str, lexicon: dict[str, str], max_len: int, starts: frozenset[str]
) -> list[tuple[str, str]]:
    """Forward maximum matching: scan left to right, at each position take the longest lexicon
    entry that starts there, then jump past it. Returns (matched text, value) pairs.

    Longest-first is the classic way to segment Chinese without a dictionary model: "牛仔裤"
    (jeans) wins over its prefix "牛仔" (denim). An entry starting with a Latin letter only
    matches at a word boundary, so "t恤" does not match inside "shirt恤".
    """
    found: list[tuple[str, str]] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char in starts and not (
            char.isascii()
            and char.isalnum()
            and index > 0
            and text[index - 1].isascii()
            and text[index - 1].isalnum()
        ):
            for size in range(min(max_len, length - index), 1, -1):
                piece = text[index : index + size]
                value = lexicon.get(piece)
                if value is not None:
                    found.append((piece, value))
                    index += size
                    break
            else:
                index += 1
            continue
        index += 1
    return found
