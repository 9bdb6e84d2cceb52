"""Stable feed cursors: rank once per feed session, then page through the frozen ranking.

Input: the ranked post ids of one feed session (from `rank_feed`), the session id, `first` and
the opaque `after` cursor the client sent. Output: a `FeedPage` (post ids with their cursors,
`has_next_page`, `end_cursor`). Because pages are cut from one frozen list by position, a page
never repeats or skips a post, whatever happens to scores while the shopper scrolls.

Public API:
    new_session_id() -> str                     random, URL-safe
    session_seed(session_id) -> int             the seed to pass to rank_feed for this session
    encode_cursor(FeedCursor) -> str / decode_cursor(str) -> FeedCursor
    page_feed(ranked_ids, session_id, first, after=None, max_first=100) -> FeedPage
    FeedCursor, FeedPage, PageItem, CursorError

A cursor carries the session id, the position of the post it points at and that post's id;
base64url of a small versioned JSON array, opaque to clients. `page_feed` checks all three, so a
cursor from another session, a forged position or a list that changed underneath fail with a
`CursorError` code instead of silently serving the wrong page.

What the I/O layer must persist per session (the pure part holds no state):
- the ranked id list, e.g. a Redis list `feed:{shopper_id}:{session_id}` written once with
  RPUSH when the first page is served, TTL ~30 minutes refreshed on every page;
- nothing else: the session id travels inside the cursor, and the seed is derived from it.
If the stored list has expired when a cursor comes back, the I/O layer answers SESSION_EXPIRED
and the client restarts from the top with a new session: a re-ranked list differs, and paging it
from the old position could repeat or skip posts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

CURSOR_VERSION = 1
DEFAULT_MAX_FIRST = 100


class CursorError(ValueError):
    """A cursor that cannot be honoured; `code` is stable for API error payloads."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class FeedCursor:
    session_id: str
    position: int  # index in the session's ranked list
    post_id: str  # the post at that index, checked on use


@dataclass(frozen=True, slots=True)
class PageItem:
    post_id: str
    cursor: str


@dataclass(frozen=True)
class FeedPage:
    items: tuple[PageItem, ...]
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @property
    def post_ids(self) -> tuple[str, ...]:
        return tuple(item.post_id for item in self.items)


def new_session_id() -> str:
    return secrets.token_urlsafe(12)


def session_seed(session_id: str) -> int:
    digest = hashlib.blake2b(session_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def encode_cursor(cursor: FeedCursor) -> str:
    payload = json.dumps(
        [CURSOR_VERSION, cursor.session_id, cursor.position, cursor.post_id],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return base64.urlsafe_b64encode(payload.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(value: str) -> FeedCursor:
    if not isinstance(value, str) or not value or len(value) > 1024:
        raise CursorError("INVALID_CURSOR", "cursor is empty or too long")
    try:
        padded = value + "=" * (-len(value) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        data = json.loads(raw.decode("ascii"))
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise CursorError("INVALID_CURSOR", "cursor is not one this server issued") from error
    if (
        not isinstance(data, list)
        or len(data) != 4
        or data[0] != CURSOR_VERSION
        or not isinstance(data[1], str)
        or not isinstance(data[2], int)
        or isinstance(data[2], bool)
        or not isinstance(data[3], str)
        or data[2] < 0
    ):
        raise CursorError("INVALID_CURSOR", "cursor is not one this server issued")
    return FeedCursor(session_id=data[1], position=data[2], post_id=data[3])


def page_feed(
    ranked_ids: Sequence[str],
    session_id: str,
    first: int,
    after: str | None = None,
    max_first: int = DEFAULT_MAX_FIRST,
) -> FeedPage:
    if first < 1 or first > max_first:
        raise CursorError("INVALID_FIRST", f"first must be between 1 and {max_first}")
    start = 0
    if after is not None:
        cursor = decode_cursor(after)
        if cursor.session_id != session_id:
            raise CursorError("SESSION_EXPIRED", "cursor belongs to another feed session")
        if cursor.position >= len(ranked_ids) or ranked_ids[cursor.position] != cursor.post_id:
            raise CursorError("CURSOR_MISMATCH", "cursor does not match this feed session")
        start = cursor.position + 1
    stop = min(len(ranked_ids), start + first)
    items = tuple(
        PageItem(
            post_id=ranked_ids[position],
            cursor=encode_cursor(FeedCursor(session_id, position, ranked_ids[position])),
        )
        for position in range(start, stop)
    )
    return FeedPage(
        items=items,
        has_next_page=stop < len(ranked_ids),
        has_previous_page=start > 0,
        start_cursor=items[0].cursor if items else None,
        end_cursor=items[-1].cursor if items else None,
    )
