"""Validation that remembers the documents it has passed.

Validating a document walks it with every rule of the spec; under load that walk was about a
quarter of the server's CPU, for the same few dozen documents the web app and the mobile clients
send again and again. A document's validity depends only on its text and the schema (no rule
here reads variables), so a document that passed once passes again: it is remembered by its text
and skipped the next time.

Only clean results are remembered. Errors are objects that later extensions rewrite in place
(production strips name suggestions from their messages), so sharing them across requests would
let one request's answer change another's; invalid documents are rare and validated each time.

A document not seen before is validated on the `cpu` pool: the walk grows with the document,
and a client may send a new large one with every request.

The depth and alias limits are validation rules too. Strawberry's own limiter extensions build a
fresh rule class per request, which no cache can match, so the rules are built once here, with
the schema, and run inside the same validation.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document

from api.core.lru import Lru
from core import pools


class PassedDocuments(Lru[tuple[str, tuple[type[ASTValidationRule], ...]], bool]):
    """An LRU set of (document text, rules) that validated clean, bounded by `maxsize`."""

    def add(self, key: tuple[str, tuple[type[ASTValidationRule], ...]]) -> None:
        self.put(key, True)


def cached_validation(
    max_depth: int, max_aliases: int, maxsize: int = 512
) -> type[SchemaExtension]:
    """An extension class validating with the spec's rules plus depth and alias limits,
    skipping documents that have passed before."""
    limits: tuple[type[ASTValidationRule], ...] = (
        depth_rule(max_depth, None, None),
        aliases_rule(max_aliases),
    )
    passed = PassedDocuments(maxsize)

    class CachedValidation(SchemaExtension):
        remembered = passed

        async def on_validate(self) -> AsyncIterator[None]:
            run = self.execution_context
            rules = (*run.validation_rules, *limits)
            document = run.graphql_document
            if run.query is None or document is None or run.pre_execution_errors is not None:
                yield
                return
            key = (run.query, rules)
            if key in passed:
                run.pre_execution_errors = []
                yield
                return
            # Walking a new document with every rule grows with its size: off the event loop.
            errors = await pools.run("cpu", validate_document, run.schema._schema, document, rules)
            if not errors:
                passed.add(key)
            run.pre_execution_errors = errors
            yield

    return CachedValidation
