"""Relay-style connections: a domain's keyset page (`core.paging.Page`) as edges, nodes and
page info. The cursors are the page's own (opaque, checked when they come back)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from core.paging import Page

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
