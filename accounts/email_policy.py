"""Email addresses as accounts keep them, and the ones refused because they could pass for
another.

An address is kept trimmed, in NFKC and case-folded, so "Ana@Example.com" and the same written
in full-width letters are one account at log-in. At sign-up it is refused when what was typed
holds invisible or direction-changing characters, full-width or other compatibility forms of
letters, or a part before the @ that mixes alphabets (a Cyrillic "e" among Latin letters): each
of those makes an address that looks like someone else's.
"""

from __future__ import annotations

import re
import unicodedata

from accounts.error_codes import AccountErrorCode
from core import text_policy
from core.errors import UserError

EMAIL_MAX = 254
_EMAIL_RE = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$"
)
FIELD = "email"


def normalise(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()


def check(email: str) -> UserError | None:
    """What is wrong with `email` as typed, or None."""
    typed = unicodedata.normalize("NFC", email).strip()
    if not typed:
        return UserError(AccountErrorCode.REQUIRED, "Enter your email address.", FIELD)
    if hidden := text_policy.refused_characters(typed):
        return text_policy.refusal(
            "Your email address", hidden, code=AccountErrorCode.INVISIBLE_CHARACTERS, field=FIELD
        )
    local_part = typed.rpartition("@")[0] if "@" in typed else typed
    if compatibility := [c for c in local_part if unicodedata.normalize("NFKC", c) != c]:
        return UserError(
            AccountErrorCode.CONFUSABLE,
            "The part before the @ has full-width or other look-alike forms of letters "
            f"({''.join(dict.fromkeys(compatibility))}); type it with ordinary letters.",
            FIELD,
        )
    if text_policy.mixes_scripts(local_part):
        scripts = ", ".join(sorted(s.title() for s in text_policy.scripts_in(local_part)))
        return UserError(
            AccountErrorCode.CONFUSABLE,
            f"The part before the @ mixes alphabets ({scripts}), so it can pass for another "
            "address; write it in one alphabet.",
            FIELD,
        )
    normalised = normalise(typed)
    if len(normalised) > EMAIL_MAX or not _EMAIL_RE.match(normalised):
        return UserError(AccountErrorCode.INVALID, "Enter a valid email address.", FIELD)
    return None
