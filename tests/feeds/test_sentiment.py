from __future__ import annotations

from feeds.sentiment import comment_sentiment, summarise_sentiment


def test_vader_reads_english_comments() -> None:
    positive = comment_sentiment("I love this outfit, so cute!!")
    negative = comment_sentiment("Cheap fabric, looks awful. Hate it")
    assert positive is not None and positive > 0.5
    assert negative is not None and negative < -0.5


def test_text_without_latin_letters_is_not_scored() -> None:
    assert comment_sentiment("好看") is None
    assert comment_sentiment("") is None
    assert comment_sentiment("🔥🔥") is None


def test_summary_counts_and_mean() -> None:
    summary = summarise_sentiment(["love it", "terrible quality", "好看", "it arrived on tuesday"])
    assert summary.scored == 3 and summary.skipped == 1
    assert summary.positive == 1 and summary.negative == 1
    assert summary.mean is not None and -1.0 <= summary.mean <= 1.0
    empty = summarise_sentiment([])
    assert empty.mean is None and empty.scored == 0
