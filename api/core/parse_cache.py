"""Parsing that never holds the event loop: documents seen before come from memory, a new one is
parsed on the `cpu` pool.

Parsing is pure Python and grows with the text: the 4,000-token documents the token limit lets
through take 10 to 20 ms each. Parsed on the loop, twenty of them arriving at once (a client trying
new texts against the cost limit, which refuses them only after parsing) held every other
request, health checks included, for seconds. On the pool a flood queues among itself, and
past the pool's queue gets 503 Busy; the loop keeps answering.

The web app and the mobile clients send the same few dozen documents again and again (their
variables travel apart), so after the first request of each the parse is a lookup. A parsed
document is shared by every request that sends its text: nothing downstream changes it.

Only documents that are run are remembered: valid, and within the cost ceiling. Remembering
every document parsed let a client sending new refused texts fill the cache with their trees
(a few thousand objects each), and Python's cycle collector, walking them all, then held the
loop for 200 ms at a time. A refused text sent again is parsed again, on the pool.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from graphql import DocumentNode, parse
from strawberry.extensions import SchemaExtension

from api.core.lru import Lru
from core import pools

# A document's text and the options it was parsed with (the token limit).
Key = tuple[str, tuple[tuple[str, Any], ...]]


def _parse(query: str, options: dict[str, Any]) -> DocumentNode:
    return parse(query, **options)


def off_loop_parser(maxsize: int) -> type[SchemaExtension]:
    """An extension class parsing each new document on the `cpu` pool, remembering the last
    `maxsize` documents run (by text and parse options, such as the token limit)."""
    parsed: Lru[Key, DocumentNode] = Lru(maxsize)

    class OffLoopParser(SchemaExtension):
        remembered = parsed

        def __init__(self) -> None:
            super().__init__()
            self.fresh: tuple[Key, DocumentNode] | None = None

        async def on_parse(self) -> AsyncIterator[None]:
            run = self.execution_context
            if run.query is not None and run.graphql_document is None:
                options: dict[str, Any] = dict(run.parse_options)
                key = (run.query, tuple(sorted(options.items())))
                document = parsed.get(key)
                if document is None:
                    # A syntax error or too many tokens raises here, as strawberry's own parse
                    # would: the request is answered with that error.
                    document = await pools.run("cpu", _parse, run.query, options)
                    self.fresh = (key, document)
                run.graphql_document = document
            yield

        def on_execute(self) -> Iterator[None]:
            # Reached only by a document that validated and is within the cost ceiling.
            if self.fresh is not None:
                parsed.put(*self.fresh)
            yield

    return OffLoopParser
