"""Display names: the text policy, plus names reserved for the platform and its brands.

A name may not pose as the platform's people or as a brand on it. It is refused when one of its
words is a role word ("Ada Admin", "trendloop_support") or when a brand's name appears in it as
whole words ("Northwind Apparel Deals"); words are compared after NFKC and case-folding, with
invisible characters removed and any run of characters other than letters and digits taken as
a space, so "ADMIN", a full-width "admin" and one with a zero-width space inside are all
"admin". A word that only contains a reserved one ("Badminton") is fine. A word that mixes
alphabets ("admin" with a Cyrillic "a") is refused too, since it exists only to look like
another.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.error_codes import AccountErrorCode
from core import text_policy
from core.errors import UserError

ROLE_WORDS = frozenset(
    {"admin", "administrator", "moderator", "official", "staff", "support", "trendloop"}
)
FIELD = "displayName"
_WORD_RE = re.compile(r"[^\W_]+")


def words(name: str) -> tuple[str, ...]:
    """The words a reader sees in `name`, folded for comparison."""
    visible = text_policy.strip_refused(name)
    return tuple(_WORD_RE.findall(unicodedata.normalize("NFKC", visible).casefold()))


@dataclass(frozen=True)
class ReservedNames:
    """Word sequences a display name may not contain."""

    phrases: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, names: Iterable[str], *, role_words: bool = True) -> ReservedNames:
        phrases = {words(name) for name in names} - {()}
        if role_words:
            phrases |= {(word,) for word in ROLE_WORDS}
        return cls(frozenset(phrases))

    def found_in(self, name: str) -> tuple[str, ...] | None:
        """The first reserved phrase among the words of `name`, or None."""
        seen = words(name)
        lengths = sorted({len(phrase) for phrase in self.phrases})
        for start in range(len(seen)):
            for length in lengths:
                candidate = seen[start : start + length]
                if len(candidate) == length and candidate in self.phrases:
                    return candidate
        return None


ROLE_NAMES = ReservedNames.of(())


def clean(name: str) -> str:
    """The name as stored: NFC, trimmed."""
    return text_policy.normalise(name).strip()


def check(name: str, reserved: ReservedNames, *, max_length: int) -> UserError | None:
    """What is wrong with `name` (as typed), or None."""
    name = clean(name)
    if not name:
        return UserError(AccountErrorCode.REQUIRED, "Enter a display name.", FIELD)
    if hidden := text_policy.refused_characters(name):
        if not text_policy.strip_refused(name).strip():
            return UserError(
                AccountErrorCode.INVISIBLE_CHARACTERS,
                "Your display name is only invisible characters; enter a name people can read.",
                FIELD,
            )
        return text_policy.refusal(
            "Your display name", hidden, code=AccountErrorCode.INVISIBLE_CHARACTERS, field=FIELD
        )
    if len(name) > max_length:
        return UserError(
            AccountErrorCode.TOO_LONG, f"Use at most {max_length} characters for the name.", FIELD
        )
    if any(text_policy.mixes_lookalike_scripts(word) for word in name.split()):
        return UserError(
            AccountErrorCode.CONFUSABLE,
            "A word of the name mixes alphabets (such as a Cyrillic letter among Latin ones); "
            "write each word in one alphabet.",
            FIELD,
        )
    if (phrase := reserved.found_in(name)) is not None:
        return UserError(
            AccountErrorCode.RESERVED_NAME,
            f'"{" ".join(phrase)}" is reserved for the platform\'s staff and brands; '
            "choose another name.",
            FIELD,
        )
    return None
