"""The demo world's comments are in its markets' languages, so every market's sentiment index
has comments to read on the first day."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from demo.world import plan_world
from feeds.language import MARKET_LANGUAGES
from feeds.sentiment import score_comment


def test_demo_comments_are_scored_in_each_markets_language() -> None:
    plan = plan_world(1, "small", end=date(2026, 5, 31))
    market_of = {post.index: post.market for post in plan.posts}
    languages: dict[str, Counter[str]] = defaultdict(Counter)
    for event in plan.interactions:
        if event.kind == "comment" and event.text is not None and event.post is not None:
            market = market_of[event.post]
            result = score_comment(event.text, market)
            assert result.score is not None, event.text
            languages[market][result.language or ""] += 1
    assert set(languages) == {post.market for post in plan.posts}
    for market, counts in languages.items():
        # Mostly the market's own language; some English everywhere, some Chinese in the
        # English-speaking markets; nothing read as a language nobody there writes.
        own = MARKET_LANGUAGES[market]
        assert counts[own] >= 0.5 * sum(counts.values()), (market, counts)
        assert set(counts) <= {own, "en", "zh"}, (market, counts)
    non_english = [m for m in languages if MARKET_LANGUAGES[m] != "en"]
    assert non_english, "the small world has markets that write other languages"
