"""Relay-style connections over Mongo with keyset (seek) pagination.

Cursors are opaque: base64url JSON of the sort value and the id of the last item, so a page
never repeats or skips an item when new ones arrive. `first` is bounded by a setting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from core.mongo import AsyncDB, Document
from core.paging import Page, keyset_page

T = TypeVar("T")
N = TypeVar("N")


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


def connection(page: Page[T], to_node: Callable[[T], N]) -> Connection[N]:
    """A domain's page as a Relay connection, each item made a GraphQL node by `to_node`."""
    return build_connection(
        [to_node(i) for i in page.items],
        page.cursors,
        has_next=page.has_next,
        has_previous=page.has_previous,
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
    """One page of `collection` ordered by (sort_field, _id), newest first by default.

    Being replaced by the domains' own list functions (`core.paging.keyset_page`) and
    `connection`: a resolver should not name a collection."""
    page = await keyset_page(
        db[collection],
        query,
        first=first,
        after=after,
        maximum=maximum,
        to_item=to_node,
        sort_field=sort_field,
        descending=descending,
        projection=projection,
    )
    return connection(page, lambda node: node)
