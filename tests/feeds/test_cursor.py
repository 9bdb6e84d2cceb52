from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.cursor import (
    CursorError,
    FeedCursor,
    decode_cursor,
    encode_cursor,
    new_session_id,
    page_feed,
    session_seed,
)
from feeds.ranking import Candidate, ShopperProfile, rank_feed


def scroll(ids: list[str], session: str, first: int) -> list[list[str]]:
    pages: list[list[str]] = []
    after = None
    while True:
        page = page_feed(ids, session, first, after)
        pages.append(list(page.post_ids))
        assert page.has_previous_page == (after is not None)
        if not page.has_next_page:
            return pages
        after = page.end_cursor


def test_scrolling_visits_every_post_once_in_order() -> None:
    ids = [f"p{i}" for i in range(95)]
    pages = scroll(ids, "s1", 20)
    assert [len(page) for page in pages] == [20, 20, 20, 20, 15]
    assert [pid for page in pages for pid in page] == ids


@given(st.integers(0, 250), st.integers(1, 60))
def test_pages_never_repeat_or_skip(length: int, first: int) -> None:
    ids = [f"post-{i}" for i in range(length)]
    pages = scroll(ids, "session", first)
    assert [pid for page in pages for pid in page] == ids


def test_every_item_carries_its_own_cursor() -> None:
    ids = [f"p{i}" for i in range(10)]
    page = page_feed(ids, "s", 4)
    resumed = page_feed(ids, "s", 3, after=page.items[1].cursor)
    assert resumed.post_ids == ("p2", "p3", "p4")
    assert page.start_cursor == page.items[0].cursor and page.end_cursor == page.items[-1].cursor
    empty = page_feed([], "s", 5)
    assert empty.items == () and empty.end_cursor is None and not empty.has_next_page


def test_cursor_round_trip_is_opaque() -> None:
    cursor = FeedCursor("sess", 7, "post-7")
    token = encode_cursor(cursor)
    assert "post-7" not in token and "=" not in token
    assert decode_cursor(token) == cursor


def test_a_cursor_from_another_session_is_refused() -> None:
    ids = ["a", "b", "c"]
    token = page_feed(ids, "old", 1).end_cursor
    assert token is not None
    with pytest.raises(CursorError) as caught:
        page_feed(ids, "new", 1, after=token)
    assert caught.value.code == "SESSION_EXPIRED"


def test_a_cursor_that_does_not_match_the_list_is_refused() -> None:
    ids = ["a", "b", "c"]
    forged = encode_cursor(FeedCursor("s", 1, "z"))
    beyond = encode_cursor(FeedCursor("s", 9, "a"))
    for token in (forged, beyond):
        with pytest.raises(CursorError) as caught:
            page_feed(ids, "s", 1, after=token)
        assert caught.value.code == "CURSOR_MISMATCH"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not base64 !!",
        base64.urlsafe_b64encode(b"[1,2,3]").decode(),
        base64.urlsafe_b64encode(json.dumps([1, "s", -1, "a"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([2, "s", 0, "a"]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps([1, "s", True, "a"]).encode()).decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        "x" * 2000,
    ],
)
def test_garbage_cursors_are_invalid(token: str) -> None:
    with pytest.raises(CursorError) as caught:
        page_feed(["a"], "s", 1, after=token)
    assert caught.value.code == "INVALID_CURSOR"


@pytest.mark.parametrize("first", [0, -1, 101])
def test_page_size_is_bounded(first: int) -> None:
    with pytest.raises(CursorError) as caught:
        page_feed(["a"], "s", first)
    assert caught.value.code == "INVALID_FIRST"


def test_a_session_ranks_the_same_way_every_time() -> None:
    session = new_session_id()
    assert session != new_session_id()
    assert session_seed(session) == session_seed(session) != session_seed(session + "x")
    now = datetime(2026, 6, 30, tzinfo=UTC)
    candidates = [
        Candidate(
            f"p{i}",
            f"a{i % 9}",
            (f"style/s{i % 4}",),
            now - timedelta(hours=i % 30),
            impressions=i % 7 * 20,
            likes=i % 5,
        )
        for i in range(60)
    ]

    def ranked_ids() -> list[str]:
        ranked = rank_feed(candidates, ShopperProfile(), now, seed=session_seed(session))
        return [r.post_id for r in ranked]

    first_pass = ranked_ids()
    assert any(r.explored for r in rank_feed(candidates, ShopperProfile(), now, seed=1))
    page = page_feed(first_pass, session, 20)
    # The I/O layer lost nothing; even a re-ranking with the session's seed continues cleanly.
    rest = page_feed(ranked_ids(), session, 50, after=page.end_cursor)
    assert list(page.post_ids) + list(rest.post_ids) == first_pass
