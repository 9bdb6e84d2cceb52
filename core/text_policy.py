"""One policy for the text people type: captions, comments, bios, display names, campaign and
product text.

Text is put in Unicode NFC (so "é" typed as e + accent and as one letter is the same text), line
breaks are unified to "\\n", and a byte-order mark left at the start by a paste is dropped. What
could hide or disguise text is refused, never silently kept: control characters (line breaks and
tabs only where the field is multi-line), the characters that change the direction of text
(overrides, embeddings, isolates, marks), zero-width spaces and the other invisible format
characters, and the blank "filler" letters used to make a name look empty.

Two invisible characters have honest uses and stay where they do their job: a zero-width joiner
or non-joiner between two visible characters other than Latin letters (emoji sequences such as
👩‍💻 or 🏳️‍🌈, Persian and Indic spelling), and the tag characters that spell a subdivision flag
after 🏴. Between two Latin letters, or at either end, they only hide something.

Pure functions: text in, text and the characters refused out; callers turn a refusal into their
area's `UserError` with `refusal`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from core.errors import UserError

REFUSED_MESSAGE = "contains invisible or direction-changing characters"

ZWJ, ZWNJ = "\u200d", "\u200c"
_BOM = "\ufeff"
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
# Letters and symbols that draw nothing: the Hangul fillers, the braille blank, the combining
# grapheme joiner and Khmer's inherent vowels. Names made of them look empty.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
_LINE_SEPARATORS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")
_MULTILINE_CONTROLS = frozenset("\n\t")


def normalise(text: str, *, multiline: bool = False) -> str:
    """NFC, one kind of line break, and no byte-order mark at the start."""
    text = unicodedata.normalize("NFC", text)
    if multiline:
        for separator in _LINE_SEPARATORS:
            text = text.replace(separator, "\n")
    return text.removeprefix(_BOM)


def _is_visible_neighbour(char: str | None) -> bool:
    if char is None or char.isspace():
        return False
    return unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _is_latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN ")


def _joiner_does_its_job(before: str | None, after: str | None) -> bool:
    if not (_is_visible_neighbour(before) and _is_visible_neighbour(after)):
        return False
    assert before is not None and after is not None
    return not (_is_latin(before) and _is_latin(after))


def _is_refused(text: str, index: int, multiline: bool) -> bool:
    char = text[index]
    if char in _BLANK_LOOKING:
        return True
    category = unicodedata.category(char)
    if category == "Cc":
        return not (multiline and char in _MULTILINE_CONTROLS)
    if category in {"Zl", "Zp", "Cs"}:
        return True
    if category != "Cf":
        return False
    before = text[index - 1] if index > 0 else None
    after = text[index + 1] if index + 1 < len(text) else None
    if char in (ZWJ, ZWNJ):
        return not _joiner_does_its_job(before, after)
    if ord(char) in _TAGS:
        # A subdivision flag: 🏴 then tag letters, ended by CANCEL TAG (U+E007F).
        start = index
        while start > 0 and ord(text[start - 1]) in _TAGS:
            start -= 1
        return not (start > 0 and text[start - 1] == _BLACK_FLAG)
    return True


def refused_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The characters of `text` the policy refuses, each once, in order of first appearance."""
    found: dict[str, None] = {}
    for index in range(len(text)):
        if _is_refused(text, index, multiline):
            found.setdefault(text[index], None)
    return list(found)


def strip_refused(text: str, *, multiline: bool = False) -> str:
    """`text` without the characters the policy refuses (what a person would see of it).

    Removing one can make a joiner next to it lose its job, so this repeats until nothing is
    left to remove."""
    while True:
        kept = "".join(
            char for index, char in enumerate(text) if not _is_refused(text, index, multiline)
        )
        if kept == text:
            return kept
        text = kept


def describe(chars: Iterable[str], limit: int = 3) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE, U+0000": names a person can look up."""
    chars = list(chars)
    named = []
    for char in chars[:limit]:
        control = unicodedata.category(char) == "Cc"
        name = unicodedata.name(char, "a control character" if control else "")
        named.append(f"U+{ord(char):04X} {name}".strip())
    more = len(chars) - limit
    return ", ".join(named) + (f" and {more} more" if more > 0 else "")


def refusal(label: str, chars: Iterable[str], *, code: str, field: str) -> UserError:
    """The user error for text holding refused characters: `label` is what the person typed
    into ("The caption", "Your display name")."""
    return UserError(
        code,
        f"{label} {REFUSED_MESSAGE} ({describe(chars)}); remove them and try again.",
        field,
    )


def clean(
    text: str, label: str, *, code: str, field: str, multiline: bool = False
) -> tuple[str, UserError | None]:
    """The text as stored (normalised, trimmed) and the error when it holds refused characters."""
    text = normalise(text, multiline=multiline).strip()
    chars = refused_characters(text, multiline=multiline)
    if chars:
        return text, refusal(label, chars, code=code, field=field)
    return text, None


# Scripts that are written together in one word: Japanese mixes kanji and both kanas, Korean
# may mix hanja into hangul.
_COMPATIBLE_SCRIPTS = (frozenset({"HAN", "HIRAGANA", "KATAKANA", "HANGUL"}),)
_SCRIPT_ALIASES = {
    "CJK": "HAN",
    "KANGXI": "HAN",
    "IDEOGRAPHIC": "HAN",
    "KATAKANA-HIRAGANA": "KATAKANA",
}


def script_of(char: str) -> str | None:
    """The script a letter belongs to, from its Unicode name ("LATIN", "CYRILLIC", "HAN" …);
    None for digits, punctuation and everything else shared by every script."""
    if not unicodedata.category(char).startswith(("L", "M")):
        return None
    name = unicodedata.name(char, "")
    if not name:
        return None
    first = name.split(" ", 1)[0]
    if first in ("FULLWIDTH", "HALFWIDTH") and " " in name:
        first = name.split(" ", 2)[1]
    if first in ("COMBINING", "MODIFIER"):
        return None  # an accent takes its letter's script
    return _SCRIPT_ALIASES.get(first, first)


def scripts_in(text: str) -> set[str]:
    return {script for script in map(script_of, text) if script is not None}


def mixes_scripts(text: str) -> bool:
    """True when the letters of `text` come from more than one script (a Cyrillic "e" among
    Latin letters), bar the scripts that are written together."""
    scripts = scripts_in(text)
    if len(scripts) <= 1:
        return False
    return not any(scripts <= group for group in _COMPATIBLE_SCRIPTS)


# Alphabets with letters that look alike (Cyrillic "a" and Latin "a", Greek "o" and Latin "o").
_LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def mixes_lookalike_scripts(text: str) -> bool:
    """True when `text` has letters from two alphabets whose letters look alike: what a word
    made to pass for another has, where "Mia陈" (Latin and Han) is just a name."""
    return len(scripts_in(text) & _LOOKALIKE_SCRIPTS) > 1
