"""Relay-style connections over Mongo with keyset (seek) pagination.

Cursors are opaque: base64url JSON of the sort value and the id of the last item, so a page
never repeats or skips an item when new ones arrive. `first` is bounded by a setting.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry

from core import clock
from core.errors import UserError
from core.mongo import AsyncDB, Document

T = TypeVar("T")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field(description="The nodes of this page, for clients that skip edges.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": clock.as_utc(value).isoformat()}
    return value


def _revive(value: Any) -> Any:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    return value


def encode_cursor(payload: dict[str, Any]) -> str:
    raw = json.dumps({k: _plain(v) for k, v in payload.items()}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, field: str = "after") -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", field) from exc
    if not isinstance(payload, dict):
        raise UserError("INVALID_CURSOR", "That cursor is not valid.", field)
    return {k: _revive(v) for k, v in payload.items()}


def check_first(first: int, maximum: int) -> int:
    if first < 1 or first > maximum:
        raise UserError("INVALID", f"Ask for between 1 and {maximum} items.", "first")
    return first


def build_connection(
    items: Sequence[T], cursors: Sequence[str], *, has_next: bool, has_previous: bool
) -> Connection[T]:
    edges = [Edge(cursor=c, node=n) for n, c in zip(items, cursors, strict=True)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


async def paginate(
    db: AsyncDB,
    collection: str,
    query: dict[str, Any],
    *,
    first: int,
    after: str | None,
    maximum: int,
    to_node: Callable[[Document], T],
    sort_field: str = "_id",
    descending: bool = True,
    projection: dict[str, int] | None = None,
) -> Connection[T]:
    """One page of `collection` ordered by (sort_field, _id), newest first by default."""
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
        else [
            (sort_field, direction),
            ("_id", direction),
        ]
    )
    docs = await db[collection].find(filters, projection).sort(sort).limit(first + 1).to_list()
    has_next = len(docs) > first
    docs = docs[:first]
    cursors = [
        encode_cursor(
            {"id": d["_id"]} if sort_field == "_id" else {"v": d.get(sort_field), "id": d["_id"]}
        )
        for d in docs
    ]
    return build_connection(
        [to_node(d) for d in docs], cursors, has_next=has_next, has_previous=after is not None
    )
