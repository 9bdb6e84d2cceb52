"""Keyset (seek) pages over one collection, for the domain functions that list things.

A page is ordered by (sort field, `_id`), newest first by default, and its cursors are opaque:
base64url JSON of the last item's sort value and id, so a page never repeats or skips an item
when new ones arrive. A cursor is checked before it reaches a query: only plain values (text,
numbers, booleans, null, a time) may come back from a client.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from pymongo.asynchronous.collection import AsyncCollection

from core import clock
from core.errors import UserError
from core.mongo import Document

T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, a cursor per item, and whether more lie either side."""

    items: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page(
            [convert(i) for i in self.items], self.cursors, self.has_next, self.has_previous
        )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": clock.as_utc(value).isoformat()}
    return value


def _revive(value: Any, field: str) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$dt"} and isinstance(value["$dt"], str):
            try:
                return datetime.fromisoformat(value["$dt"])
            except ValueError:
                pass
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", field)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise UserError("INVALID_CURSOR", "That cursor is not valid.", field)


def encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps({k: _plain(v) for k, v in payload.items()}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, field: str = "after") -> dict[str, Any]:
    """The cursor's values, each a plain value: never an operator a query would obey."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", field) from exc
    if not isinstance(payload, dict):
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", field)
    return {k: _revive(v, field) for k, v in payload.items()}


def check_first(first: int, maximum: int) -> int:
    if first < 1 or first > maximum:
        raise UserError("INVALID", f"Ask for between 1 and {maximum} items.", "first")
    return first


async def keyset_page(
    collection: AsyncCollection[Document],
    query: dict[str, Any],
    *,
    first: int,
    after: str | None,
    maximum: int,
    to_item: Callable[[Document], T],
    sort_field: str = "_id",
    descending: bool = True,
    projection: dict[str, int] | None = None,
) -> Page[T]:
    """One page of `collection` matching `query`, ordered by (sort_field, _id)."""
    check_first(first, maximum)
    direction = -1 if descending else 1
    compare = "$lt" if descending else "$gt"
    filters = dict(query)
    if after:
        mark = decode_cursor(after)
        if "id" not in mark:
            raise UserError("INVALID_CURSOR", "That cursor is not valid.", "after")
        if sort_field == "_id":
            seek: dict[str, Any] = {"_id": {compare: mark["id"]}}
        else:
            seek = {
                "$or": [
                    {sort_field: {compare: mark.get("v")}},
                    {sort_field: mark.get("v"), "_id": {compare: mark["id"]}},
                ]
            }
        filters = {"$and": [filters, seek]} if filters else seek
    sort = (
        [(sort_field, direction)]
        if sort_field == "_id"
        else [(sort_field, direction), ("_id", direction)]
    )
    docs = await collection.find(filters, projection).sort(sort).limit(first + 1).to_list()
    has_next = len(docs) > first
    docs = docs[:first]
    cursors = [
        encode_cursor(
            {"id": d["_id"]} if sort_field == "_id" else {"v": d.get(sort_field), "id": d["_id"]}
        )
        for d in docs
    ]
    return Page([to_item(d) for d in docs], cursors, has_next, after is not None)
