"""Keyset cursors: opaque, round-tripping plain values, and never carrying a query operator."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from core.errors import UserError
from core.paging import decode_cursor, encode_cursor


def raw(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_a_cursor_round_trips_its_values() -> None:
    at = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    assert decode_cursor(encode_cursor({"v": at, "id": "post_1"})) == {"v": at, "id": "post_1"}
    assert decode_cursor(encode_cursor({"v": 3.5, "id": None})) == {"v": 3.5, "id": None}


@pytest.mark.parametrize(
    "payload",
    [
        {"v": {"$ne": None}, "id": {"$ne": None}},
        {"id": {"$gt": ""}},
        {"v": ["a", "b"], "id": "x"},
        {"v": {"$dt": "not a time"}, "id": "x"},
        ["id", "x"],
    ],
)
def test_a_cursor_carrying_anything_but_plain_values_is_refused(payload: object) -> None:
    with pytest.raises(UserError) as refused:
        decode_cursor(raw(payload), "after")
    assert (refused.value.code, refused.value.field) == ("INVALID_CURSOR", "after")


def test_garbage_is_refused() -> None:
    with pytest.raises(UserError):
        decode_cursor("%%%not-base64")
