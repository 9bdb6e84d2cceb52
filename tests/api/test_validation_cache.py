"""Validation that remembers passed documents keeps refusing everything it refused before;
parsing and validating a new document happen off the event loop."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import strawberry

from api.core.parse_cache import off_loop_parser
from api.core.validation_cache import PassedDocuments, cached_validation
from core import pools
from core.errors import Busy
from tests.core.test_pools import held, resize, sized

__all__ = ["resize"]  # the fixture, shared with the pools' tests


@strawberry.type
class Node:
    value: int

    @strawberry.field
    def child(self) -> Node:
        return Node(value=self.value + 1)


@strawberry.type
class Query:
    @strawberry.field
    def root(self) -> Node:
        return Node(value=0)


def _schema(max_depth: int = 3, max_aliases: int = 2, maxsize: int = 8) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, extensions=[cached_validation(max_depth, max_aliases, maxsize)]
    )


def _remembered(schema: strawberry.Schema) -> PassedDocuments:
    extension: Any = schema.extensions[0]
    return extension.remembered  # type: ignore[no-any-return]


async def test_a_valid_document_is_remembered_once_and_answers_the_same() -> None:
    schema = _schema()
    query = "{ root { child { value } } }"
    first = await schema.execute(query)
    second = await schema.execute(query)
    assert first.errors is None and second.errors is None
    assert first.data == second.data == {"root": {"child": {"value": 1}}}
    assert len(_remembered(schema)) == 1


async def test_limits_and_spec_rules_refuse_every_time() -> None:
    schema = _schema(max_depth=3, max_aliases=2)
    too_deep = "{ root { child { child { child { child { value } } } } } }"
    aliased = "{ a: root { value } b: root { value } c: root { value } }"
    unknown = "{ root { nope } }"
    for _ in range(2):
        deep = await schema.execute(too_deep)
        assert deep.errors and "exceeds maximum operation depth" in deep.errors[0].message
        many = await schema.execute(aliased)
        assert many.errors and "aliases" in many.errors[0].message
        bad = await schema.execute(unknown)
        assert bad.errors and "nope" in bad.errors[0].message
    assert len(_remembered(schema)) == 0


async def test_errors_are_not_shared_between_requests() -> None:
    schema = _schema()
    first = await schema.execute("{ root { nope } }")
    assert first.errors
    # Later extensions rewrite messages in place (production strips suggestions).
    first.errors[0].message = "rewritten"
    second = await schema.execute("{ root { nope } }")
    assert second.errors and second.errors[0].message != "rewritten"


async def test_the_oldest_document_is_forgotten_first() -> None:
    schema = _schema(maxsize=2)
    documents = ["{ root { value } }", "{ root { child { value } } }", "{ a: root { value } }"]
    for document in documents:
        assert (await schema.execute(document)).errors is None
    remembered = _remembered(schema)
    assert len(remembered) == 2
    # The first document is validated again (and passes) rather than found.
    assert (await schema.execute(documents[0])).errors is None
    assert len(remembered) == 2


def test_the_lru_keeps_what_was_used_last() -> None:
    passed = PassedDocuments(maxsize=2)
    a: tuple[str, tuple[Any, ...]] = ("a", ())
    b: tuple[str, tuple[Any, ...]] = ("b", ())
    c: tuple[str, tuple[Any, ...]] = ("c", ())
    passed.add(a)
    passed.add(b)
    assert a in passed  # a is now the most recent
    passed.add(c)
    assert a in passed and c in passed and b not in passed


async def test_only_a_new_document_waits_for_the_cpu_pool(resize: None) -> None:
    schema = strawberry.Schema(
        query=Query, extensions=[off_loop_parser(8), cached_validation(3, 2, 8)]
    )
    known, new = "{ root { value } }", "{ root { child { value } } }"
    assert (await schema.execute(known)).errors is None
    pools.configure(sized(workers=1, queue=0))
    release = threading.Event()
    holding = asyncio.wrap_future(pools.pool("cpu").submit(held, release))
    try:
        # The pool is full: a document parsed and validated before still answers at once; a
        # new one, which would be parsed and validated there, is turned away.
        again = await schema.execute(known)
        assert again.errors is None and again.data == {"root": {"value": 0}}
        refused = await schema.execute(new)
        assert refused.errors and isinstance(refused.errors[0].original_error, Busy)
    finally:
        release.set()
        await holding
    answered = await schema.execute(new)
    assert answered.errors is None and answered.data == {"root": {"child": {"value": 1}}}
    broken = await schema.execute("{ root { value }")
    assert broken.errors and "Syntax Error" in broken.errors[0].message


async def test_the_parser_remembers_only_documents_that_ran() -> None:
    parser = off_loop_parser(8)
    schema = strawberry.Schema(query=Query, extensions=[parser, cached_validation(3, 2, 8)])
    remembered: Any = parser.remembered  # type: ignore[attr-defined]
    for text in ("{ root { nope } }", "{ a: root { value } b: root { value } c: root { value } }"):
        refused = await schema.execute(text)
        assert refused.errors
    assert len(remembered) == 0
    ran = await schema.execute("{ root { value } }")
    assert ran.errors is None
    assert len(remembered) == 1
