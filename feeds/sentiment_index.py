"""The sentiment index of a market: how its comments read, and in which languages they were
scored.

Read from `post_elements` (one document per extracted post, whatever its elements, so a
comment counts once), over the posts the market published in its last `days` complete days:
the mean compound score of the scored comments, how many were scored in each language, and
how many were skipped (written in no language we score, without emoji).

Public API:
    summarise_counted(counted_docs) -> SentimentIndexFigures     pure
    market_sentiment(db, market, days, now) -> SentimentIndex    reads the store
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from core.mongo import AsyncDB, Document
from feeds.elements_store import LANGUAGE_COUNTS, POST_ELEMENTS, market_yesterday

MAX_DAYS = 90


@dataclass(frozen=True)
class SentimentIndexFigures:
    mean: float | None
    scored: int
    skipped: int
    by_language: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SentimentIndex:
    market: str
    start: date
    end: date  # inclusive
    figures: SentimentIndexFigures


def summarise_counted(counted_docs: Iterable[Mapping[str, Any]]) -> SentimentIndexFigures:
    """Add up posts' `counted` sub-documents."""
    total, scored, skipped = 0.0, 0, 0
    languages: Counter[str] = Counter()
    for counted in counted_docs:
        total += float(counted.get("sentiment_sum", 0.0))
        scored += int(counted.get("sentiment_n", 0))
        skipped += int(counted.get("sentiment_skipped", 0))
        for code, n in (counted.get(LANGUAGE_COUNTS) or {}).items():
            languages[code] += int(n)
    return SentimentIndexFigures(
        mean=round(total / scored, 4) if scored else None,
        scored=scored,
        skipped=skipped,
        by_language={code: n for code, n in sorted(languages.items()) if n > 0},
    )


async def market_sentiment(db: AsyncDB, market: str, days: int, now: datetime) -> SentimentIndex:
    end = market_yesterday(market, now)
    start = end - timedelta(days=days - 1)
    query = {
        "market": market,
        "active": True,
        "day": {"$gte": start.isoformat(), "$lte": end.isoformat()},
    }
    projection = {
        "counted.sentiment_sum": 1,
        "counted.sentiment_n": 1,
        "counted.sentiment_skipped": 1,
        f"counted.{LANGUAGE_COUNTS}": 1,
    }
    docs: list[Document] = await db[POST_ELEMENTS].find(query, projection).to_list()
    figures = summarise_counted(doc.get("counted") or {} for doc in docs)
    return SentimentIndex(market=market, start=start, end=end, figures=figures)
