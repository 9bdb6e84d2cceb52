"""Comment sentiment through the real stores and GraphQL: each comment is counted under its
language (or as skipped) on the post's entry and its elements' days, before and after
extraction, taken back when deleted, and the market's sentiment index reports it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accounts.users import Role
from api.state import AppState
from core import clock
from feeds import elements_store, feed_store, sentiment_index
from feeds.elements_store import ELEMENT_DAYS, POST_ELEMENTS, PostFacts, market_day
from feeds.extract import Extraction, Occurrence, Source
from feeds.extraction_io import current_taxonomy, extract_post
from posts import social
from tests.api.helpers import make_account
from tests.conftest import GraphQL
from tests.feeds.feeds_world import assert_exact, insert_post, sync_db

PUBLISHED = datetime(2026, 5, 30, 15, 0, tzinfo=UTC)  # two days before the frozen clock

MARKET_SENTIMENT = """
query($market: Market!, $days: Int!) {
  marketSentiment(market: $market, days: $days) {
    market start end sentiment scored skipped
    languages { language comments }
  }
}
"""
HISTORY = """
query($id: ID!, $market: Market) {
  element(id: $id) {
    history(market: $market) { market days { date sentiment sentimentSkipped
      sentimentLanguages { language comments } } }
  }
}
"""


async def test_comments_count_per_language_on_posts_elements_and_market(
    state: AppState, gql: GraphQL, frozen_clock: clock.FrozenClock
) -> None:
    db = sync_db(state)
    author = await make_account(state, market="BR")
    fan = await make_account(state, market="BR")
    post = await insert_post(
        state, author.user, "#balletcore pink satin", market="BR", published_at=PUBLISHED
    )
    # Two comments before extraction: the first extraction counts them from the comments.
    for text in ("amei demais essa saia 😍", "이 옷 정말 예뻐요"):
        await social.comment(state.db, fan.user, post["_id"], text, engagement=feed_store)
    extract_post(db, current_taxonomy(state.settings), post["_id"])
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None
    assert entry["counted"]["sentiment_langs"] == {"pt": 1}
    assert entry["counted"]["sentiment_skipped"] == 1

    # Then comments as they come: counted on the entry and each element's day.
    kept = []
    for text in ("péssima qualidade, rasgou", "好看", "No me gusta nada", "🔥🔥"):
        comment, _ = await social.comment(
            state.db, fan.user, post["_id"], text, engagement=feed_store
        )
        kept.append(comment)
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None
    counted = entry["counted"]
    assert counted["sentiment_langs"] == {"pt": 2, "zh": 1, "es": 1, "und": 1}
    assert counted["sentiment_n"] == 5 and counted["sentiment_skipped"] == 1
    day = market_day("BR", PUBLISHED).isoformat()
    assert "style/balletcore" in entry["element_ids"]
    aggregate = await state.db[ELEMENT_DAYS].find_one({"_id": f"style/balletcore|BR|{day}"})
    assert aggregate is not None
    assert aggregate["sentiment_langs"] == {"pt": 2, "zh": 1, "es": 1, "und": 1}
    assert aggregate["sentiment_n"] == 5 and aggregate["sentiment_skipped"] == 1
    assert_exact(db)

    # Deleting a comment takes it back from its language.
    await social.delete_comment(state.db, fan.user, kept[1].id, engagement=feed_store)
    entry = await state.db[POST_ELEMENTS].find_one({"_id": post["_id"]})
    assert entry is not None and entry["counted"]["sentiment_langs"]["zh"] == 0
    assert entry["counted"]["sentiment_n"] == 4

    index = await sentiment_index.market_sentiment(state.db, "BR", 7, clock.now())
    assert index.figures.by_language == {"es": 1, "pt": 2, "und": 1}
    assert index.figures.scored == 4 and index.figures.skipped == 1
    assert index.end.isoformat() == "2026-05-31" and index.start.isoformat() == "2026-05-25"
    elsewhere = await sentiment_index.market_sentiment(state.db, "DE", 7, clock.now())
    assert elsewhere.figures.scored == 0 and elsewhere.figures.mean is None

    designer = await make_account(state, Role.DESIGNER)
    body = await gql(MARKET_SENTIMENT, {"market": "BR", "days": 7}, token=designer.token)
    found = body["data"]["marketSentiment"]
    assert found["scored"] == 4 and found["skipped"] == 1
    assert found["languages"] == [
        {"language": "pt", "comments": 2},
        {"language": "es", "comments": 1},
        {"language": "und", "comments": 1},
    ]
    assert found["start"] == "2026-05-25" and found["end"] == "2026-05-31"
    assert found["sentiment"] == pytest.approx(index.figures.mean)

    body = await gql(HISTORY, {"id": "style/balletcore", "market": "BR"}, token=designer.token)
    (series,) = body["data"]["element"]["history"]
    (point,) = [d for d in series["days"] if d["date"] == day]
    assert point["sentimentSkipped"] == 1
    assert {"language": "pt", "comments": 2} in point["sentimentLanguages"]
    assert all(entry["comments"] > 0 for entry in point["sentimentLanguages"])

    # A new extraction that moves the post to another element moves its language counts too.
    stored = db.posts.find_one({"_id": post["_id"]})
    assert stored is not None
    moved = Extraction(
        current_taxonomy(state.settings).version,
        (Occurrence("pattern/gingham", Source.CAPTION, 0.8, frozenset({Source.CAPTION})),),
    )
    assert elements_store.record_extraction(db, PostFacts.from_post(stored), moved).changed
    before = db[ELEMENT_DAYS].find_one({"_id": f"style/balletcore|BR|{day}"})
    after = db[ELEMENT_DAYS].find_one({"_id": f"pattern/gingham|BR|{day}"})
    assert before is not None and after is not None
    assert all(n == 0 for n in before["sentiment_langs"].values())
    assert after["sentiment_langs"] == {"pt": 2, "es": 1, "und": 1}
    assert after["sentiment_skipped"] == 1 and before["sentiment_skipped"] == 0
    assert_exact(db)


async def test_market_sentiment_checks_its_window_and_role(state: AppState, gql: GraphQL) -> None:
    designer = await make_account(state, Role.DESIGNER)
    body = await gql(
        MARKET_SENTIMENT, {"market": "FR", "days": 0}, token=designer.token, expect_errors=True
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID"]
    assert body["errors"][0]["extensions"]["field"] == "days"
    shopper = await make_account(state)
    body = await gql(
        MARKET_SENTIMENT, {"market": "FR", "days": 7}, token=shopper.token, expect_errors=True
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    body = await gql(MARKET_SENTIMENT, {"market": "FR", "days": 90}, token=designer.token)
    assert body["data"]["marketSentiment"]["scored"] == 0


def test_summarise_counted_adds_posts_up() -> None:
    figures = sentiment_index.summarise_counted(
        [
            {"sentiment_sum": 1.5, "sentiment_n": 2, "sentiment_langs": {"pt": 2}},
            {
                "sentiment_sum": -0.5,
                "sentiment_n": 2,
                "sentiment_skipped": 3,
                "sentiment_langs": {"pt": 1, "en": 1, "zh": 0},
            },
            {},
        ]
    )
    assert figures.scored == 4 and figures.skipped == 3
    assert figures.by_language == {"en": 1, "pt": 3}
    assert figures.mean == pytest.approx(0.25)
