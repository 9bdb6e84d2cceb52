"""Passwords after NIST SP 800-63B: length, not only spaces, not a common breached password,
not the person's own email or name; no composition rules."""

from __future__ import annotations

import pytest

from accounts.password_policy import PASSWORD_MAX, PASSWORD_MIN, check_password, common_passwords


def code(password: str, email: str = "ana@example.com", name: str = "Ana Lima") -> str | None:
    error = check_password(password, email, name)
    if error is None:
        return None
    assert error.field == "password"
    return error.code


@pytest.mark.parametrize(
    "password",
    ["password", "12345678", "PASSWORD", "Password", "qwertyuiop", "iloveyou", "sunshine"],
)
def test_common_breached_passwords_are_refused_in_any_case(password: str) -> None:
    assert code(password) == "PASSWORD_TOO_COMMON"


def test_the_list_is_the_shipped_one_and_large() -> None:
    passwords = common_passwords()
    assert len(passwords) >= 10_000
    assert {"password", "12345678", "qwerty"} <= passwords


def test_only_whitespace_is_refused() -> None:
    assert code(" " * 8) == "PASSWORD_ONLY_WHITESPACE"
    assert code("\u3000" * 10) == "PASSWORD_ONLY_WHITESPACE"
    # Spaces inside a passphrase are welcome.
    assert code("  lantern orbit gravel  ") is None


def test_length_counts_code_points_after_nfc() -> None:
    assert code("") == "TOO_SHORT"
    assert code("x7!qzz") == "TOO_SHORT"
    # Seven letters, one of them typed as e + combining accent: still seven, too short.
    assert code("cre\u0301pes!") == "TOO_SHORT"
    # Eight code points of CJK are eight characters, however many bytes they take.
    assert code("春眠不覚暁処処聞") is None
    assert PASSWORD_MIN == 8
    assert code("k" * 5 + "w" * (PASSWORD_MAX - 5)) is None
    assert code("k" * 5 + "w" * (PASSWORD_MAX - 4)) == "TOO_LONG"


def test_no_composition_rules() -> None:
    # All lower case, no digit, no symbol: long and uncommon is enough.
    assert code("lantern orbit gravel") is None
    assert code("tangerinewhistle") is None


@pytest.mark.parametrize(
    "password",
    [
        "ana.lima@example.com",
        "ANA.LIMA@EXAMPLE.COM",
        "ana.lima@example.com1",
        "ana.lima.2026",
        "my-ana.lima-pw",
    ],
)
def test_the_email_or_its_local_part_is_refused(password: str) -> None:
    assert code(password, email="ana.lima@example.com", name="Someone Else") == (
        "PASSWORD_CONTAINS_EMAIL"
    )


def test_a_short_local_part_is_refused_only_when_it_is_the_whole_password() -> None:
    # "ana" inside a long passphrase is a coincidence.
    assert code("banana split sunday", email="ana@example.com", name="X") is None


@pytest.mark.parametrize(
    "password", ["Ada Lovelace", "adalovelace", "ADALOVELACE!!", "ada lovelace 1"]
)
def test_the_display_name_is_refused(password: str) -> None:
    assert code(password, email="countess@example.com", name="Ada Lovelace") == (
        "PASSWORD_CONTAINS_NAME"
    )


def test_every_refusal_says_why() -> None:
    for password in ("password", " " * 8, "short", "ana.lima@example.com"):
        error = check_password(password, "ana.lima@example.com", "Ana Lima")
        assert error is not None and error.message and error.message.endswith(".")


def test_fixture_and_demo_passwords_pass() -> None:
    from core.settings import Settings

    assert check_password("correct horse battery", "member@example.com", "Member 1a2b3c4d") is None
    assert (
        check_password(Settings().demo_password, "admin@demo.trendloop.dev", "Ada Okafor") is None
    )
    assert check_password("s3cret-pass", "ana@example.com", "Ana") is None
    assert check_password("a-long-enough-password", "e2e@example.com", "Noor Haddad") is None
