"""Which language a comment is written in, among the ones the markets use.

Script first: Han characters mean Chinese, Arabic letters mean Arabic, whichever script has
most letters wins (a Han character carries about a word, so it weighs two Latin letters). Text
in Latin letters goes to Lingua (`lingua-language-detector`, Apache-2.0, its n-gram models ship
inside the wheel), restricted to the Latin-script languages we serve, which is what keeps short
comments ("amei!!", "talla?") from being read as some language nobody here writes. Text whose
letters are mostly of another script (Korean, Cyrillic…) is in a language we do not serve:
None, as is text without letters (emoji only, "10/10").

Public API:
    detect_language(text) -> str | None      ISO 639-1 code of a served language
    language_candidates(text) -> [(code, confidence)]   most likely first
    LANGUAGES                                 the served codes
    MARKET_LANGUAGES                          market -> the language most of it writes in
"""

from __future__ import annotations

import functools
import re

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Lingua's names for the Latin-script languages of our markets (US/UK en, BR pt, MX es, DE de,
# FR fr); Chinese and Arabic are told by their script alone.
_LATIN: dict[Language, str] = {
    Language.ENGLISH: "en",
    Language.PORTUGUESE: "pt",
    Language.SPANISH: "es",
    Language.GERMAN: "de",
    Language.FRENCH: "fr",
}
LANGUAGES: tuple[str, ...] = ("en", "pt", "es", "de", "fr", "zh", "ar")
# The language most of a market's shoppers write in.
MARKET_LANGUAGES: dict[str, str] = {
    "US": "en",
    "UK": "en",
    "DE": "de",
    "FR": "fr",
    "BR": "pt",
    "MX": "es",
    "SA": "ar",
}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(
    r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"
)
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def _detector() -> LanguageDetector:
    # Low-accuracy mode reads trigrams only: ~17 MB and a quarter of a second to load, where
    # the full models take ~170 MB and seconds in every API and worker process. Its close
    # calls on three-word comments are what the lexicon vote in `feeds.sentiment` settles.
    # Preloaded, so the first comment costs what the others do.
    return (
        LanguageDetectorBuilder.from_languages(*_LATIN)
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


def detect_language(text: str) -> str | None:
    """The most likely served language, or None (no letters, or another script)."""
    candidates = language_candidates(text)
    return candidates[0][0] if candidates else None


def language_candidates(text: str) -> list[tuple[str, float]]:
    """Served languages the text may be in, most likely first, with Lingua's confidence
    (1.0 when the script alone decides). Short Latin-script comments are often close calls
    between Portuguese and Spanish, or French and English; the caller may break them."""
    script = _script(text)
    if script != "latin":
        return [] if script is None else [(script, 1.0)]
    values = _detector().compute_language_confidence_values(text)
    return [(_LATIN[v.language], v.value) for v in values if v.value > 0.0]


def _script(text: str) -> str | None:
    han = len(_HAN.findall(text))
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    other = len(_LETTER.findall(text)) - han - arabic - latin
    if han == arabic == latin == 0:
        return None
    if other > 2 * han + arabic + latin:
        return None
    if 2 * han >= max(arabic, latin):
        return "zh"
    if arabic >= latin:
        return "ar"
    return "latin"
