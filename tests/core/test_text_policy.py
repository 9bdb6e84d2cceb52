"""The text policy: what is refused, what is kept, and that ordinary text in any script passes
untouched."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import text_policy
from core.text_policy import (
    REFUSED_MESSAGE,
    clean,
    mixes_lookalike_scripts,
    mixes_scripts,
    normalise,
    refused_characters,
    strip_refused,
)

RLO, LRI, PDI, ZWSP, WJ = "\u202e", "\u2066", "\u2069", "\u200b", "\u2060"
CYRILLIC_IE = "\u0435"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man, woman, girl joined
TECHNOLOGIST = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # woman, skin tone, laptop
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
SCOTLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
PERSIAN_ZWNJ = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "mikhaham", as spelled
HINDI_ZWJ = "\u0915\u094d\u200d\u0937"  # a half form kept visible with a joiner

ORDINARY = [
    "Crème brûlée à la française",
    "Ñandú, São Paulo, Łódź, İstanbul",
    "今天的穿搭 #穿搭 很好看",
    "東京で古着を探す",
    "مرحبا بكم في متجرنا",
    "שלום עולם",
    "Привет, мир",
    "Καλημέρα κόσμε",
    "नमस्ते दुनिया",
    f"Family day {FAMILY}",
    f"Coding in {TECHNOLOGIST} mode",
    f"Pride {RAINBOW_FLAG}",
    f"Highlands {SCOTLAND}",
    PERSIAN_ZWNJ,
    HINDI_ZWJ,
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_passes_unchanged(text: str) -> None:
    assert refused_characters(text) == []
    assert clean(text, "The caption", code="X", field="caption") == (text, None)


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("bell\x07", ["\x07"]),
        ("nul\x00byte", ["\x00"]),
        (f"{RLO}gnp.exe", [RLO]),
        (f"a{LRI}b{PDI}c", [LRI, PDI]),
        (f"ad{ZWSP}min", [ZWSP]),
        (f"word{WJ}joiner", [WJ]),
        ("soft\u00adhyphen", ["\u00ad"]),
        ("mark\u200fhere", ["\u200f"]),
        # A joiner between Latin letters, or at an edge, only hides something.
        ("ad\u200dmin", ["\u200d"]),
        ("\u200dalone", ["\u200d"]),
        ("tail\u200c", ["\u200c"]),
        # Letters that draw nothing, used for names that look empty.
        ("\u3164", ["\u3164"]),
        ("\u2800\u2800", ["\u2800"]),
        # Tag characters away from a black flag.
        ("tag\U000e0061", ["\U000e0061"]),
        ("line\u2028separator", ["\u2028"]),
    ],
)
def test_hidden_and_direction_changing_characters_are_refused(
    text: str, refused: list[str]
) -> None:
    assert refused_characters(text) == refused
    _, error = clean(text, "The comment", code="INVISIBLE_CHARACTERS", field="body")
    assert error is not None
    assert (error.field, error.code) == ("body", "INVISIBLE_CHARACTERS")
    assert error.message.startswith(f"The comment {REFUSED_MESSAGE} (U+")


def test_line_breaks_only_where_the_field_is_multi_line() -> None:
    assert refused_characters("two\nlines\tand a tab", multiline=True) == []
    assert refused_characters("two\nlines") == ["\n"]
    assert normalise("a\r\nb\rc\u2028d", multiline=True) == "a\nb\nc\nd"
    # A trailing newline is trimmed, not refused.
    assert clean("look of the day\n", "The caption", code="X", field="c", multiline=True) == (
        "look of the day",
        None,
    )


def test_text_is_stored_in_nfc_without_a_leading_byte_order_mark() -> None:
    decomposed = "Cre\u0300me"
    assert normalise(decomposed) == "Crème" == unicodedata.normalize("NFC", decomposed)
    assert normalise("\ufeffhello") == "hello"
    assert refused_characters("in\ufeffside") == ["\ufeff"]


def test_the_message_names_what_was_found() -> None:
    _, error = clean(f"x{RLO}y\x00", "Your display name", code="C", field="displayName")
    assert error is not None
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in error.message
    assert "U+0000 a control character" in error.message


def test_scripts() -> None:
    assert not mixes_scripts("adam")
    assert mixes_scripts(f"ad{CYRILLIC_IE}m")
    assert not mixes_scripts("иван")
    assert not mixes_scripts("やまだ太郎")  # kana and kanji are written together
    assert not mixes_scripts("jose.maria_99")
    assert mixes_lookalike_scripts(f"Ad{CYRILLIC_IE}")
    assert not mixes_lookalike_scripts("Mia陈")
    assert text_policy.script_of("\uff53") == "LATIN"  # a full-width "s" is still Latin


_ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(
        [RLO, LRI, PDI, ZWSP, WJ, "\u200d", "\u200c", "\x00", "\n", "\r", "\u3164", "\ufeff"]
    ),
    max_size=60,
)


@given(_ANY_TEXT, st.booleans())
def test_stripped_text_never_holds_a_refused_character(text: str, multiline: bool) -> None:
    kept = strip_refused(normalise(text, multiline=multiline), multiline=multiline)
    assert refused_characters(kept, multiline=multiline) == []
    for char in (RLO, LRI, PDI, ZWSP, WJ, "\x00", "\u3164"):
        assert char not in kept


@given(_ANY_TEXT, st.booleans())
def test_accepted_text_holds_no_control_or_direction_character(text: str, multiline: bool) -> None:
    cleaned, error = clean(text, "The caption", code="X", field="caption", multiline=multiline)
    if error is None:
        allowed = {"\n", "\t"} if multiline else set()
        assert all(unicodedata.category(c) != "Cc" or c in allowed for c in cleaned), repr(cleaned)
        assert not set(cleaned) & {RLO, LRI, PDI, ZWSP, WJ, "\u200e", "\u200f"}
    assert normalise(normalise(text, multiline=multiline), multiline=multiline) == normalise(
        text, multiline=multiline
    )


@given(st.lists(st.sampled_from(ORDINARY), min_size=1, max_size=4))
def test_ordinary_text_in_any_mix_of_scripts_passes_unchanged(parts: list[str]) -> None:
    text = " ".join(parts)
    assert clean(text, "The bio", code="X", field="bio", multiline=True) == (text, None)
    assert strip_refused(text) == text
