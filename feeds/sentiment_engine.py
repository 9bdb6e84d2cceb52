# ruff: noqa: RUF001, RUF002 - Arabic, Chinese and full-width punctuation are meant here.
"""A lexicon-and-rules sentiment scorer for short social text, one lexicon per language.

The rules are VADER's (Hutto & Gilbert, 2014), applied to any language whose lexicon says
which words carry valence, which negate, which intensify or soften, and which turn a sentence
("but"):
- each sentiment word (or phrase, longest first) adds its valence, -4..4;
- a booster among the three words before it moves it away from zero by the booster's amount
  (a dampener, negative, towards zero), less for farther words;
- a negator among the three words before it, or for languages that negate after the verb
  ("gefällt mir nicht", "j'aime pas", "gostei não") among the three after it, flips it and
  shrinks it (x -0.74): "not bad" is mildly good, not great;
- after a contrast word the clause counts 1.5 times, before it half;
- an emoji or emoticon adds its own valence where it stands; a laugh ("hahaha", "kkkk",
  "jajaja", "mdr", "哈哈", "ههههه") reads mildly positive;
- up to four exclamation marks push the total further from zero; an all-caps word among
  lower-case ones is emphasised;
- the total is squashed into -1..1 with VADER's x / sqrt(x² + 15) (the compound score).

Words are matched after normalising the text the way people type it: lower case, accents
dropped where writers often drop them (pt, es, fr; German umlauts spelt out: "schön" and
"schoen" meet), letters held longer than two ("lindaaaa") shortened, common inflections tried
off a word the lexicon does not know ("schöner" → "schön", "lindas" → "linda"), Arabic
diacritics, tatweel and letter variants unified and common clitics ("و", "ال", …) tried off.
Chinese has no spaces: it is cut by the longest lexicon entry at each position, other
characters standing alone. Punctuation ends the reach of a negator or booster.

Pure: plain text and a `Lexicon` in, a float out.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

NEGATION_SCALAR = -0.74
BOOST_DECAY = (1.0, 0.95, 0.9)  # a booster one, two, three words before
CAPS_EMPHASIS = 0.733
EXCLAMATION = 0.292
MAX_EXCLAMATIONS = 4
LAUGH = 1.2
ALPHA = 15.0  # VADER's normalisation constant
STOP = "\x00"  # punctuation ends the reach of a negator or booster

_TOKEN = re.compile(
    r"(?P<emoticon>(?<![\w/]):-?[)D(P/]|(?<!\w);-?\)|<3|(?<!\w)[xX]D(?!\w)|:'\()"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<bang>[!！])"
    r"|(?P<stop>[,.;:?，。；：？、،؛؟])"
    r"|(?P<symbol>[^\w\s])"
)
_REPEATS = re.compile(r"(.)\1{2,}")
_LAUGH = re.compile(
    r"^(?:(?:ha|he|hi|ja|je|ji|rs|hua){2,}h?|k{3,}|lo+l|lmf?ao+|mdr+|ptdr+|ه{3,}|哈{2,}|嘻{2,})$"
)
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_ARABIC_SUFFIXES = ("ها", "هم", "كم", "ني", "ه", "ك", "ي")
# Inflections tried off a word the lexicon does not know ("schöner" → "schön", "lindas" →
# "linda"), longest first.
_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "de": ("em", "en", "er", "es", "e", "s"),
    "pt": ("s",),
    "es": ("es", "s"),
    "fr": ("es", "s", "e"),
    "en": ("s",),
}
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")  # English "don't" is one word
_VARIATION = re.compile(r"[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


@dataclass(frozen=True)
class Lexicon:
    language: str
    words: Mapping[str, float]  # normalised term (phrases with single spaces) -> valence
    negators: frozenset[str]
    post_negators: frozenset[str]
    boosters: Mapping[str, float]  # > 0 intensifies, < 0 softens
    contrasts: frozenset[str]
    max_phrase: int  # words in the longest phrase (characters for segmented languages)
    segmented: bool = False  # written without spaces (Chinese)
    # Intensifiers written after the word: "lindo demais", "好看极了".
    post_boosters: Mapping[str, float] = field(default_factory=dict)

    @functools.cached_property
    def _found(self) -> dict[tuple[str, bool], str | None]:
        return {}

    def find(self, word: str, *, parts: bool = False) -> str | None:
        """The entry a word matches as typed or respelt (see `_variants`), among the words
        with a valence, or among every word of the vocabulary (`parts`). Remembered: a
        lexicon sees the same few thousand words again and again."""
        key = (word, parts)
        if key not in self._found:
            if len(self._found) > 200_000:
                self._found.clear()
            table = self.parts if parts else self.words
            self._found[key] = next((v for v in _variants(word, self.language) if v in table), None)
        return self._found[key]

    @functools.cached_property
    def parts(self) -> frozenset[str]:
        """Every single word of the vocabulary (phrases split)."""
        return frozenset(part for term in self.vocabulary for part in term.split())

    @functools.cached_property
    def vocabulary(self) -> frozenset[str]:
        return (
            frozenset(self.words)
            | self.negators
            | self.post_negators
            | self.contrasts
            | frozenset(self.boosters)
            | frozenset(self.post_boosters)
        )


@functools.lru_cache(maxsize=65536)
def normalise(language: str, text: str) -> str:
    """A word (or lexicon entry) as the matcher compares it."""
    text = text.lower()
    if language == "de":
        text = text.translate(_GERMAN)
    if language in ("pt", "es", "fr", "de", "en"):
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    if language == "en":
        text = _APOSTROPHE.sub("", text)
    if language == "ar":
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return text


@dataclass(frozen=True)
class _Token:
    text: str  # normalised word, or the emoji / symbol itself
    kind: str  # "word", "emoji", "bang"
    shouted: bool = False


def _tokens(text: str, lexicon: Lexicon, emoji: Mapping[str, float]) -> list[_Token]:
    if lexicon.language == "en":
        text = _APOSTROPHE.sub("", text)
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(_VARIATION.sub("", text)):
        kind = match.lastgroup
        raw = match.group()
        if kind == "emoticon" or (kind == "symbol" and raw in emoji):
            tokens.append(_Token(raw, "emoji"))
        elif kind == "bang":
            tokens.append(_Token(raw, "bang"))
        elif kind == "stop":
            tokens.append(_Token(STOP, "stop"))
        elif kind == "word":
            word = normalise(lexicon.language, raw)
            if lexicon.segmented:
                tokens.extend(_Token(piece, "word") for piece in _segment(word, lexicon))
            else:
                shouted = len(raw) > 1 and raw.isupper()
                tokens.append(_Token(word, "word", shouted))
    return tokens


def _segment(run: str, lexicon: Lexicon) -> list[str]:
    vocabulary = lexicon.vocabulary
    pieces: list[str] = []
    i = 0
    while i < len(run):
        for size in range(min(lexicon.max_phrase, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if size == 1 or piece in vocabulary or _LAUGH.match(piece):
                pieces.append(piece)
                i += size
                break
    return pieces


def _variants(word: str, language: str) -> list[str]:
    """Spellings to try for a word the lexicon does not know as typed."""
    found = [word]
    if _REPEATS.search(word):
        found += [_REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)]
    if language in _ENDINGS:
        for base in list(found):
            for ending in _ENDINGS[language]:
                if base.endswith(ending) and len(base) - len(ending) >= 3:
                    found.append(base[: -len(ending)])
    if language == "ar":
        for base in list(found):
            for prefix in _ARABIC_PREFIXES:
                if base.startswith(prefix) and len(base) - len(prefix) >= 2:
                    found.append(base[len(prefix) :])
            for stem in list(found):
                for suffix in _ARABIC_SUFFIXES:
                    if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                        found.append(stem[: -len(suffix)])
    return found


def known_words(text: str, lexicon: Lexicon) -> int:
    """How many of a text's words the lexicon knows, as a word or a part of a phrase."""
    return sum(
        1
        for token in _tokens(text, lexicon, {})
        if token.kind == "word" and lexicon.find(token.text, parts=True) is not None
    )


def score_text(text: str, lexicon: Lexicon, emoji: Mapping[str, float]) -> float | None:
    """Compound score in -1..1, or None when nothing in the text carries sentiment evidence
    the lexicon can read (no words, no emoji)."""
    tokens = _tokens(text, lexicon, emoji)
    if not any(t.kind in ("word", "emoji") for t in tokens):
        return None
    return _score(tokens, lexicon, emoji)


def emoji_score(text: str, lexicon: Lexicon, emoji: Mapping[str, float]) -> float | None:
    """The score of a text's emoji and emoticons alone (its words are in a language we do not
    read), or None without any."""
    tokens = [t for t in _tokens(text, lexicon, emoji) if t.kind in ("emoji", "bang")]
    if not any(t.kind == "emoji" for t in tokens):
        return None
    return _score(tokens, lexicon, emoji)


def _score(tokens: list[_Token], lexicon: Lexicon, emoji: Mapping[str, float]) -> float:
    words = [t.text if t.kind in ("word", "stop") else "" for t in tokens]
    # Words whose negation a phrase already used ("sem graça") negate nothing after it.
    negating = list(words)
    all_caps = all(t.shouted for t in tokens if t.kind == "word" and len(t.text) > 1)
    valences: list[float] = []
    bangs = 0
    contrast_at = -1
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "bang":
            bangs += 1
            valences.append(0.0)
            i += 1
            continue
        if token.kind == "stop":
            valences.append(0.0)
            i += 1
            continue
        if token.kind == "emoji":
            valences.append(emoji.get(token.text, 0.0))
            i += 1
            continue
        if words[i] in lexicon.contrasts:
            contrast_at = len(valences)
        span, value, inner_negation = _match(words, i, lexicon)
        if value != 0.0:
            value = _boost(value, words, i, span, lexicon)
            if token.shouted and not all_caps:
                value += math.copysign(CAPS_EMPHASIS, value)
            if inner_negation:
                negating[i : i + span] = [""] * span
            elif _negated(negating, i, span, lexicon):
                value *= NEGATION_SCALAR
        valences.append(value)
        valences.extend([0.0] * (span - 1))
        i += span
    if contrast_at >= 0:
        valences = [
            v * 0.5 if k < contrast_at else v * 1.5 if k > contrast_at else v
            for k, v in enumerate(valences)
        ]
    total = sum(valences)
    if total != 0.0:
        total += math.copysign(EXCLAMATION * min(bangs, MAX_EXCLAMATIONS), total)
    return max(-1.0, min(1.0, total / math.sqrt(total * total + ALPHA)))


def _match(words: list[str], i: int, lexicon: Lexicon) -> tuple[int, float, bool]:
    """(words taken, valence, whether the phrase holds its own negation) at position i."""
    if not words[i]:
        return 1, 0.0, False
    if not lexicon.segmented:
        for size in range(min(lexicon.max_phrase, len(words) - i), 1, -1):
            parts = words[i : i + size]
            if all(part and part != STOP for part in parts):
                phrase = " ".join(parts)
                if phrase in lexicon.words:
                    negating = any(
                        p in lexicon.negators or p in lexicon.post_negators for p in parts
                    )
                    return size, lexicon.words[phrase], negating
    word = words[i]
    if word == STOP:
        return 1, 0.0, False
    if word in lexicon.negators or word in lexicon.post_boosters or word in lexicon.contrasts:
        return 1, 0.0, False
    if word in lexicon.boosters and (
        word not in lexicon.words or _valence_follows(words, i, lexicon)
    ):
        # "super" in "super bequem" intensifies; alone ("super!") it is praise.
        return 1, 0.0, False
    if _LAUGH.match(word) or _LAUGH.match(_REPEATS.sub(r"\1\1", word)):
        return 1, LAUGH, False
    found = lexicon.find(word)
    if found is None:
        return 1, 0.0, False
    negating = lexicon.segmented and any(
        found.startswith(n) for n in lexicon.negators if len(n) < len(found)
    )
    return 1, lexicon.words[found], negating


def _valence_follows(words: list[str], i: int, lexicon: Lexicon) -> bool:
    for word in _reach_after(words, i + 1, 2):
        found = lexicon.find(word) if word else None
        if found is not None and lexicon.words[found] != 0.0:
            return True
    return False


def _boost(value: float, words: list[str], i: int, span: int, lexicon: Lexicon) -> float:
    for word, decay in zip(_reach_before(words, i), BOOST_DECAY, strict=False):
        amount = lexicon.boosters.get(word)
        if amount is not None:
            value += math.copysign(1.0, value) * amount * decay
    for word in _reach_after(words, i + span, 2):
        amount = lexicon.post_boosters.get(word)
        if amount is not None:
            value += math.copysign(1.0, value) * amount
    return value


def _negated(words: list[str], i: int, span: int, lexicon: Lexicon) -> bool:
    # Any negator flips once: French "ne … pas", Brazilian "não … não" and "no me gusta nada"
    # are one negation written twice, as VADER reads "not … never".
    before = any(w in lexicon.negators for w in _reach_before(words, i))
    return before or any(w in lexicon.post_negators for w in _reach_after(words, i + span, 3))


def _reach_before(words: list[str], i: int, size: int = 3) -> list[str]:
    """Up to `size` words before position i, nearest first, not across punctuation."""
    found: list[str] = []
    for word in reversed(words[max(0, i - size) : i]):
        if word == STOP:
            break
        found.append(word)
    return found


def _reach_after(words: list[str], start: int, size: int) -> list[str]:
    found: list[str] = []
    for word in words[start : start + size]:
        if word == STOP:
            break
        found.append(word)
    return found
