"""Comment sentiment in every language the markets use.

Each comment's language is detected (`feeds.language`: script, then Lingua among the
Latin-script languages), then it is scored by `feeds.sentiment_engine` with that language's
lexicon: VADER's rules (negation, boosters, "but", exclamation, caps) over a lexicon per
language. English uses VADER's own lexicon, negators and boosters (shipped in the
`vaderSentiment` package, MIT) with fashion and shopping entries on top; Portuguese, Spanish,
German, French, Chinese and Arabic use the lexicons kept in `feeds/sentiment_lexicons/`, as
does the emoji table every language shares. Nothing is downloaded at run time.

Input: comment texts. Output per comment: its language and the compound score in -1..1
(`score_comment`); a comment in no language we serve and without emoji is skipped (None). An
emoji-only comment ("😍😍") is scored from its emoji, under the language "und".

Public API:
    score_comment(text, market=None) -> CommentSentiment   language, score, label
    comment_sentiment(text) -> float | None         the score alone
    summarise_sentiment(texts, threshold=0.05, market=None) -> SentimentSummary
    counters(result, step) -> dict                  what a comment adds to the stored counters
    LANGUAGES, UNDETERMINED

The ±0.05 threshold for calling a comment positive or negative is the one VADER's authors
recommend for the compound score.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from feeds.language import LANGUAGES, MARKET_LANGUAGES, language_candidates
from feeds.sentiment_engine import Lexicon, emoji_score, known_words, normalise, score_text

__all__ = [
    "LANGUAGES",
    "UNDETERMINED",
    "CommentSentiment",
    "SentimentSummary",
    "comment_sentiment",
    "counters",
    "score_comment",
    "summarise_sentiment",
]

UNDETERMINED = "und"  # BCP 47: emoji-only comments
THRESHOLD = 0.05
LEXICON_DIR = Path(__file__).with_name("sentiment_lexicons")


@dataclass(frozen=True)
class CommentSentiment:
    language: str | None  # a served language, UNDETERMINED, or None when skipped
    score: float | None  # compound -1..1; None when skipped

    def label(self, threshold: float = THRESHOLD) -> str | None:
        if self.score is None:
            return None
        if self.score >= threshold:
            return "positive"
        if self.score <= -threshold:
            return "negative"
        return "neutral"


@dataclass(frozen=True)
class SentimentSummary:
    mean: float | None  # mean compound score of the scored comments
    scored: int
    positive: int
    negative: int
    skipped: int  # comments in no language we serve, without emoji
    by_language: Mapping[str, int] = field(default_factory=dict)  # scored comments per language


@functools.lru_cache(maxsize=8192)
def score_comment(text: str, market: str | None = None) -> CommentSentiment:
    """`market`: the post's, whose language wins a comment Lingua is unsure of when its
    lexicon reads at least as many of the words. Cached: the same short comments ("love it",
    "😍", "talla?") come back all the time."""
    if not text or not text.strip():
        return CommentSentiment(None, None)
    language = _language(text, MARKET_LANGUAGES.get(market or ""))
    if language is None:
        score = emoji_score(text, _lexicon(UNDETERMINED), _emoji())
        return CommentSentiment(UNDETERMINED, score) if score is not None else _SKIPPED
    score = score_text(text, _lexicon(language), _emoji())
    return CommentSentiment(language, 0.0 if score is None else score)


_SKIPPED = CommentSentiment(None, None)
# Languages Lingua finds within this much confidence of its first choice are close calls.
CLOSE_CALL = 0.5


def _language(text: str, expected: str | None = None) -> str | None:
    """Lingua's choice, unless another served language came close and its lexicon knows more
    of the comment's words: on three-word comments ("que tecido horroroso", "vale la pena
    totalmente") Lingua's character statistics often cannot tell Portuguese from Spanish,
    while the words themselves can. The market's language (`expected`) goes further: when
    Lingua saw any of it and its lexicon reads at least as many words as the first choice's
    ("Amei esse look!" under a Brazilian post, which Lingua calls German), it wins; "love it"
    under the same post stays English."""
    candidates = language_candidates(text)
    if not candidates:
        return None
    best = candidates[0][1]
    close = [code for code, confidence in candidates if confidence >= best - CLOSE_CALL]
    known: dict[str, int] = {}

    def reads(code: str) -> int:
        if code not in known:
            known[code] = known_words(text, _lexicon(code))
        return known[code]

    # max keeps Lingua's order on ties
    chosen = close[0] if len(close) == 1 else max(close, key=reads)
    found = {code for code, _ in candidates}
    if expected in found and expected != chosen and reads(expected) >= reads(chosen):
        return expected
    return chosen


def comment_sentiment(text: str) -> float | None:
    return score_comment(text).score


def summarise_sentiment(
    texts: Iterable[str], threshold: float = THRESHOLD, market: str | None = None
) -> SentimentSummary:
    values: list[float] = []
    languages: Counter[str] = Counter()
    skipped = 0
    for text in texts:
        result = score_comment(text, market)
        if result.score is None or result.language is None:
            skipped += 1
            continue
        values.append(result.score)
        languages[result.language] += 1
    return SentimentSummary(
        mean=sum(values) / len(values) if values else None,
        scored=len(values),
        positive=sum(1 for value in values if value >= threshold),
        negative=sum(1 for value in values if value <= -threshold),
        skipped=skipped,
        by_language=dict(sorted(languages.items())),
    )


def counters(result: CommentSentiment, step: int = 1) -> dict[str, float]:
    """What one comment adds to (step 1) or takes from (step -1) a post's stored counters:
    the score's sum and count, the count under its language, or one skipped comment."""
    if result.score is None or result.language is None:
        return {"sentiment_skipped": step}
    return {
        "sentiment_sum": step * result.score,
        "sentiment_n": step,
        f"sentiment_langs.{result.language}": step,
    }


# --- lexicons ---------------------------------------------------------------------------------


@functools.cache
def _emoji() -> dict[str, float]:
    table: dict[str, float] = {}
    for line in _lines(LEXICON_DIR / "emoji.tsv"):
        symbol, value = line.split("\t")
        table[symbol] = float(value)
    return table


@functools.cache
def _lexicon(language: str) -> Lexicon:
    words: dict[str, float] = {}
    negators: set[str] = set()
    post_negators: set[str] = set()
    boosters: dict[str, float] = {}
    post_boosters: dict[str, float] = {}
    contrasts: set[str] = set()
    if language == "en":
        words.update(_vader_words())
        negators.update(normalise("en", word) for word in _vader_negators())
        boosters.update({normalise("en", w): v for w, v in _vader_boosters().items()})
    if language != UNDETERMINED:
        for line in _lines(LEXICON_DIR / f"{language}.tsv"):
            kind, term, *rest = line.split("\t")
            term = " ".join(normalise(language, term).split())
            value = float(rest[0]) if rest else 0.0
            if kind == "word":
                if value == 0.0 and " " not in term:
                    words.pop(term, None)
                else:
                    # A phrase at 0 is neutral as a whole: "looks like" is no liking.
                    words[term] = value
            elif kind == "negator":
                negators.add(term)
            elif kind == "after":
                post_negators.add(term)
            elif kind == "booster":
                boosters[term] = value
            elif kind == "after-booster":
                post_boosters[term] = value
            elif kind == "contrast":
                contrasts.add(term)
            else:
                raise ValueError(f"{language}.tsv: unknown kind {kind!r}")
    segmented = language == "zh"
    terms = [*words, *negators, *boosters, *post_boosters, *contrasts]
    longest = max((len(t) if segmented else len(t.split()) for t in terms), default=1)
    return Lexicon(
        language=language,
        words=words,
        negators=frozenset(negators),
        post_negators=frozenset(post_negators),
        boosters=boosters,
        contrasts=frozenset(contrasts),
        max_phrase=longest,
        segmented=segmented,
        post_boosters=post_boosters,
    )


def _lines(path: Path) -> list[str]:
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _vader_words() -> dict[str, float]:
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    words: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        # Emoticons are scored from the shared emoji table; VADER's word entries are kept.
        if len(parts) >= 2 and any(c.isalpha() for c in parts[0]):
            words[normalise("en", parts[0])] = float(parts[1])
    return words


def _vader_negators() -> list[str]:
    from vaderSentiment.vaderSentiment import NEGATE

    return list(NEGATE)


def _vader_boosters() -> dict[str, float]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return dict(BOOSTER_DICT)
