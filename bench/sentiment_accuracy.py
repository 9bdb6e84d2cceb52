"""Benchmark: comment sentiment per language, the new scorer against the English-only VADER.

Reads the labelled sets kept with the tests (`tests/feeds/sentiment_sets/<lang>.tsv`: at least
100 short fashion and shopping comments per language, positive / negative / neutral) and, per
language, measures:
- accuracy of `feeds.sentiment.score_comment` (language detection, then that language's
  lexicon; a comment is called positive at compound >= 0.05, negative at <= -0.05);
- accuracy of the reference, the scorer this one replaced: VADER's compound on every comment
  with a Latin letter, nothing on the others (a comment it does not score counts as wrong,
  since it is missing from the index); and the share of comments it scored at all;
- how often the detected language is the set's (emoji-only comments count as right);
- the same accuracy with each comment under a post of the market that writes the language
  (pt BR, es MX, de DE, fr FR, ar SA, en US; Chinese has no market of its own), as the
  worker and the API score them.
Then throughput, comments per second over all sets, without the scorer's cache: the new
scorer, its language detection alone, and the reference.

Target: accuracy >= 0.75 in every language, and >= 1,000 comments/s on one core (the
extraction worker scores a post's comments when it first records the post, and the API one
comment per request). Timings move with the machine's load.

    .venv/bin/python bench/sentiment_accuracy.py [--quick] [--rounds N]

Ends with one JSON line:
{"bench": "sentiment_accuracy", "figures": {...}, "targets": {...}, "meets": ...}.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from feeds.language import LANGUAGES, MARKET_LANGUAGES, language_candidates
from feeds.sentiment import THRESHOLD, UNDETERMINED, CommentSentiment, score_comment

SETS = ROOT / "tests" / "feeds" / "sentiment_sets"
TARGET_ACCURACY = 0.75
TARGET_PER_SECOND = 1000.0
_LATIN = re.compile(r"[A-Za-z]")


def load(language: str) -> list[tuple[str, str]]:
    with (SETS / f"{language}.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row["label"], row["text"]) for row in rows]


def label(score: float | None) -> str | None:
    if score is None:
        return None
    return "positive" if score >= THRESHOLD else "negative" if score <= -THRESHOLD else "neutral"


def reference_score(analyzer: SentimentIntensityAnalyzer, text: str) -> float | None:
    """The replaced scorer: VADER, and nothing for text without a Latin letter."""
    if not text or not _LATIN.search(text):
        return None
    return float(analyzer.polarity_scores(text)["compound"])


def per_second(function: Callable[[str], object], texts: list[str], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            function(text)
    return rounds * len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timing round, a few seconds")
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 5)

    uncached = score_comment.__wrapped__
    analyzer = SentimentIntensityAnalyzer()
    figures: dict[str, object] = {}
    all_texts: list[str] = []
    meets = True
    markets = {language: market for market, language in sorted(MARKET_LANGUAGES.items())}
    print(
        f"{'lang':5} {'n':>4} {'new':>6} {'in mkt':>7} {'vader':>6} {'vader scored':>13} "
        f"{'detected':>9}"
    )
    for language in LANGUAGES:
        rows = load(language)
        all_texts += [text for _, text in rows]
        results: list[CommentSentiment] = [uncached(text) for _, text in rows]
        right = sum(1 for (want, _), got in zip(rows, results, strict=True) if got.label() == want)
        in_market = [uncached(text, markets.get(language)) for _, text in rows]
        right_in_market = sum(
            1 for (want, _), got in zip(rows, in_market, strict=True) if got.label() == want
        )
        old = [reference_score(analyzer, text) for _, text in rows]
        old_right = sum(1 for (want, _), got in zip(rows, old, strict=True) if label(got) == want)
        detected = sum(1 for got in results if got.language in (language, UNDETERMINED))
        accuracy = right / len(rows)
        old_accuracy = old_right / len(rows)
        scored_share = sum(1 for got in old if got is not None) / len(rows)
        print(
            f"{language:5} {len(rows):>4} {accuracy:>6.1%} {right_in_market / len(rows):>7.1%} "
            f"{old_accuracy:>6.1%} "
            f"{scored_share:>13.0%} {detected / len(rows):>9.1%}"
        )
        figures[f"accuracy_{language}"] = round(accuracy, 3)
        figures[f"accuracy_in_market_{language}"] = round(right_in_market / len(rows), 3)
        figures[f"vader_accuracy_{language}"] = round(old_accuracy, 3)
        figures[f"vader_scored_{language}"] = round(scored_share, 3)
        figures[f"detected_{language}"] = round(detected / len(rows), 3)
        figures[f"comments_{language}"] = len(rows)
        meets = meets and accuracy >= TARGET_ACCURACY

    uncached(all_texts[0])  # warm-up: lexicons and Lingua's models load once
    new_rate = per_second(uncached, all_texts, rounds)
    # Under a Brazilian post: most of the sets are not Portuguese, so the market's lexicon is
    # consulted on nearly every comment (the costly case).
    market_rate = per_second(lambda text: uncached(text, "BR"), all_texts, rounds)
    detect_rate = per_second(language_candidates, all_texts, rounds)
    old_rate = per_second(lambda text: reference_score(analyzer, text), all_texts, rounds)
    print(
        f"throughput over {len(all_texts)} comments x {rounds}: new {new_rate:,.0f}/s "
        f"({market_rate:,.0f}/s under a BR post; language detection alone "
        f"{detect_rate:,.0f}/s), English-only VADER {old_rate:,.0f}/s"
    )
    figures.update(
        {
            "per_second": round(new_rate),
            "per_second_under_br_post": round(market_rate),
            "detect_per_second": round(detect_rate),
            "vader_per_second": round(old_rate),
            "comments": len(all_texts),
            "quick": args.quick,
        }
    )
    meets = meets and min(new_rate, market_rate) >= TARGET_PER_SECOND
    targets: dict[str, object] = {f"accuracy_{code}": TARGET_ACCURACY for code in LANGUAGES}
    targets["per_second"] = TARGET_PER_SECOND
    targets["per_second_under_br_post"] = TARGET_PER_SECOND
    print(
        json.dumps(
            {"bench": "sentiment_accuracy", "figures": figures, "targets": targets, "meets": meets}
        )
    )


if __name__ == "__main__":
    main()
