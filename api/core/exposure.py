"""What the API tells a stranger about its schema in production.

Outside production the schema is open: introspection on (GraphiQL, codegen) and validation
messages suggest the field or value that was probably meant. In production introspection is off
for everyone — admins included: the schema a client needs ships with the code
(`api/schema.graphql`, from `trendloop export-schema`) — and no message suggests a name
("Did you mean …"), so the schema cannot be read back by guessing either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension

from core.settings import Settings

# graphql-core ends a message with its suggestions: " Did you mean 'x', 'y', or 'z'?",
# " Did you mean the enum value 'X'?", " Did you mean to use an inline fragment on 'T'?".
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)


class HideSuggestions(SchemaExtension):
    """Strips name suggestions from every error of the operation (validation and variables)."""

    def on_operation(self) -> Iterator[None]:
        yield
        run = self.execution_context
        errors: list[GraphQLError] = [
            *(run.pre_execution_errors or ()),
            *(getattr(run.result, "errors", None) or ()),
        ]
        for error in errors:
            error.message = without_suggestions(error.message)


def exposure_extensions(settings: Settings) -> list[type[SchemaExtension]]:
    """The extensions that close the schema in production; none elsewhere."""
    if settings.environment != "production":
        return []
    return [DisableIntrospection, HideSuggestions]
