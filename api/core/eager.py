"""Resolvers that answer at once when what they need is already loaded.

graphql-core awaits whatever a resolver returns when it is awaitable, whether the resolver is
a coroutine function or not. An `async def` resolver, though, costs the executor a coroutine,
a future and a gather around the object holding it every time, even when its value was loaded
long before: on a page of twenty posts that was a third of the request's CPU. A resolver that
returns `now_or_later(...)` answers synchronously from a DataLoader that already holds the
value (a page loads its loaders up front, `selected_paths` saying which) and hands back the
pending load otherwise, so it is never slower than an async one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


def later(pending: Awaitable[R]) -> R:
    """`pending`, returned from a synchronous resolver whose value is not at hand: graphql-core
    awaits it. Typed as its result because that is what the field resolves to."""
    return cast(R, pending)


def now_or_later(loader: DataLoader[K, V], key: K, convert: Callable[[V], R]) -> R:
    """`convert` of the loader's value for `key`: now when the loader holds it, else once the
    batch it joins has loaded (a failed load raises there, as in an async resolver)."""
    pending = loader.load(key)
    if (
        isinstance(pending, asyncio.Future)
        and pending.done()
        and not pending.cancelled()
        and pending.exception() is None
    ):
        return convert(pending.result())
    return later(_converted(pending, convert))


async def _converted(pending: Awaitable[V], convert: Callable[[V], R]) -> R:
    return convert(await pending)


async def load_all(loads: Iterable[Awaitable[Any]]) -> None:
    """Wait for loaders filled up front. A failure is left in its loader, where the field that
    asks for it reports it, rather than failing the whole page here."""
    await asyncio.gather(*loads, return_exceptions=True)


def selected_paths(info: Info[Any, Any]) -> frozenset[str]:
    """The dotted paths of every field selected below the current one (`edges.node.author.id`),
    fragments and inline fragments flattened, aliases ignored."""
    found: set[str] = set()

    def walk(selections: list[Selection], prefix: str) -> None:
        for selection in selections:
            if isinstance(selection, SelectedField):
                path = prefix + selection.name
                found.add(path)
                walk(selection.selections, path + ".")
            else:
                walk(selection.selections, prefix)

    for field in info.selected_fields:
        walk(field.selections, "")
    return frozenset(found)


def node_paths(paths: frozenset[str]) -> frozenset[str]:
    """Of a connection's selected paths, those below its nodes, by either way to them."""
    found = set()
    for path in paths:
        for prefix in ("edges.node.", "nodes."):
            if path.startswith(prefix):
                found.add(path[len(prefix) :])
    return frozenset(found)
