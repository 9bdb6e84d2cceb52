"""Comment sentiment with VADER, a lexicon model tuned for short social-media English.

Input: comment texts. Output: VADER's compound score in -1..1 per comment (None when the text has
no Latin letters, e.g. a Chinese-only comment, which VADER cannot read), and a summary per post.

Public API:
    comment_sentiment(text) -> float | None
    summarise_sentiment(texts, threshold=0.05) -> SentimentSummary

The ±0.05 threshold for calling a comment positive or negative is the one VADER's authors
recommend for the compound score.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

_LATIN_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class SentimentSummary:
    mean: float | None  # mean compound score of the scored comments
    scored: int  # comments VADER could read
    positive: int
    negative: int
    skipped: int  # comments without Latin text


@functools.cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def comment_sentiment(text: str) -> float | None:
    if not text or not _LATIN_LETTER.search(text):
        return None
    scores = _analyzer().polarity_scores(text)
    return float(scores["compound"])


def summarise_sentiment(texts: Iterable[str], threshold: float = 0.05) -> SentimentSummary:
    values: list[float] = []
    skipped = 0
    for text in texts:
        score = comment_sentiment(text)
        if score is None:
            skipped += 1
        else:
            values.append(score)
    return SentimentSummary(
        mean=sum(values) / len(values) if values else None,
        scored=len(values),
        positive=sum(1 for value in values if value >= threshold),
        negative=sum(1 for value in values if value <= -threshold),
        skipped=skipped,
    )
