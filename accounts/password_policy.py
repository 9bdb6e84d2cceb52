"""What a password must be, after NIST SP 800-63B (memorised secrets).

Length is what protects a password, so there are no composition rules (no "one digit, one
symbol"): at least 8 characters, counted as code points after NFC so an accented letter counts
once however it was typed; at most `PASSWORD_MAX`, so hashing stays bounded; not only spaces;
not one of the most common passwords of the breach corpora; and not the person's own email,
the part before its @, or their display name. Every refusal says which rule it broke.

The common-password list is the one the `zxcvbn` package ships (30,000 passwords from breach
corpora, lower case); it is read from the installed package, never downloaded.
"""

from __future__ import annotations

import functools
import unicodedata

from accounts.error_codes import AccountErrorCode
from core.errors import UserError

PASSWORD_MIN, PASSWORD_MAX = 8, 128
# Shorter email local parts and names are checked for equality only: "ana" inside a long
# passphrase is a coincidence, not the password being the name.
_CONTAINS_MIN = 4
FIELD = "password"


@functools.cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(str(word).casefold() for word in FREQUENCY_LISTS["passwords"])


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _holds(password: str, personal: str) -> bool:
    """True when the (folded) password is `personal`, or holds it and it is long enough to
    mean something; spaces in a name are ignored ("Ada Lovelace" and "adalovelace")."""
    if not personal:
        return False
    squeezed = personal.replace(" ", "")
    variants = {personal, squeezed} - {""}
    if password in variants or password.replace(" ", "") == squeezed:
        return True
    return any(len(variant) >= _CONTAINS_MIN and variant in password for variant in variants)


def check_password(password: str, email: str = "", display_name: str = "") -> UserError | None:
    """The first rule `password` breaks for this person, or None when it is acceptable."""
    password = unicodedata.normalize("NFC", password)
    length = len(password)
    if length and not password.strip():
        return UserError(
            AccountErrorCode.PASSWORD_ONLY_WHITESPACE,
            "The password is only spaces; use words or characters you can remember.",
            FIELD,
        )
    if length < PASSWORD_MIN:
        return UserError(
            AccountErrorCode.TOO_SHORT,
            f"Use at least {PASSWORD_MIN} characters for the password.",
            FIELD,
        )
    if length > PASSWORD_MAX:
        return UserError(
            AccountErrorCode.TOO_LONG,
            f"Use at most {PASSWORD_MAX} characters for the password.",
            FIELD,
        )
    folded = _fold(password)
    if folded in common_passwords():
        return UserError(
            AccountErrorCode.PASSWORD_TOO_COMMON,
            "This password is one of the most common passwords found in data breaches; "
            "choose something less predictable (a few unrelated words work well).",
            FIELD,
        )
    email = _fold(email)
    local_part = email.rpartition("@")[0] if "@" in email else email
    if _holds(folded, email) or _holds(folded, local_part):
        return UserError(
            AccountErrorCode.PASSWORD_CONTAINS_EMAIL,
            "The password must not be or contain your email address.",
            FIELD,
        )
    if _holds(folded, _fold(display_name)):
        return UserError(
            AccountErrorCode.PASSWORD_CONTAINS_NAME,
            "The password must not be or contain your display name.",
            FIELD,
        )
    return None
