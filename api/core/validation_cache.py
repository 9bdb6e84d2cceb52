"""Validation that remembers the documents it has passed.

Validating a document walks it with every rule of the spec; under load that walk was about a
quarter of the server's CPU, for the same few dozen documents the web app and the mobile clients
send again and again. A document's validity depends only on its text and the schema (no rule
here reads variables), so a document that passed once passes again: it is remembered by its text
and skipped the next time.

Only clean results are remembered. Errors are objects that later extensions rewrite in place
(production strips name suggestions from their messages), so sharing them across requests would
let one request's answer change another's; invalid documents are rare and validated each time.

The depth and alias limits are validation rules too. Strawberry's own limiter extensions build a
fresh rule class per request, which no cache can match, so the rules are built once here, with
the schema, and run inside the same validation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from threading import Lock

from graphql import ASTValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document


class PassedDocuments:
    """An LRU set of (document text, rules) that validated clean, bounded by `maxsize`."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[str, tuple[type[ASTValidationRule], ...]], None] = (
            OrderedDict()
        )
        # Sync resolvers run in worker threads; the LRU's reordering must not interleave.
        self._lock = Lock()

    def __contains__(self, key: tuple[str, tuple[type[ASTValidationRule], ...]]) -> bool:
        with self._lock:
            if key not in self._entries:
                return False
            self._entries.move_to_end(key)
            return True

    def add(self, key: tuple[str, tuple[type[ASTValidationRule], ...]]) -> None:
        with self._lock:
            self._entries[key] = None
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


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

        def on_validate(self) -> Iterator[None]:
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
            errors = validate_document(run.schema._schema, document, rules)
            if not errors:
                passed.add(key)
            run.pre_execution_errors = errors
            yield

    return CachedValidation
