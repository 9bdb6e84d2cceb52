"""Validation that remembers passed documents keeps refusing everything it refused before."""

from __future__ import annotations

from typing import Any

import strawberry

from api.core.validation_cache import PassedDocuments, cached_validation


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


def test_a_valid_document_is_remembered_once_and_answers_the_same() -> None:
    schema = _schema()
    query = "{ root { child { value } } }"
    first = schema.execute_sync(query)
    second = schema.execute_sync(query)
    assert first.errors is None and second.errors is None
    assert first.data == second.data == {"root": {"child": {"value": 1}}}
    assert len(_remembered(schema)) == 1


def test_limits_and_spec_rules_refuse_every_time() -> None:
    schema = _schema(max_depth=3, max_aliases=2)
    too_deep = "{ root { child { child { child { child { value } } } } } }"
    aliased = "{ a: root { value } b: root { value } c: root { value } }"
    unknown = "{ root { nope } }"
    for _ in range(2):
        deep = schema.execute_sync(too_deep)
        assert deep.errors and "exceeds maximum operation depth" in deep.errors[0].message
        many = schema.execute_sync(aliased)
        assert many.errors and "aliases" in many.errors[0].message
        bad = schema.execute_sync(unknown)
        assert bad.errors and "nope" in bad.errors[0].message
    assert len(_remembered(schema)) == 0


def test_errors_are_not_shared_between_requests() -> None:
    schema = _schema()
    first = schema.execute_sync("{ root { nope } }")
    assert first.errors
    # Later extensions rewrite messages in place (production strips suggestions).
    first.errors[0].message = "rewritten"
    second = schema.execute_sync("{ root { nope } }")
    assert second.errors and second.errors[0].message != "rewritten"


def test_the_oldest_document_is_forgotten_first() -> None:
    schema = _schema(maxsize=2)
    documents = ["{ root { value } }", "{ root { child { value } } }", "{ a: root { value } }"]
    for document in documents:
        assert schema.execute_sync(document).errors is None
    remembered = _remembered(schema)
    assert len(remembered) == 2
    # The first document is validated again (and passes) rather than found.
    assert schema.execute_sync(documents[0]).errors is None
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
