"""How errors leave the API.

Expected problems come back as data on mutation payloads (`errors {field code message}`) or, on
queries, as GraphQL errors with `extensions {code field}`. A full worker pool (`Busy`) is an
HTTP 503 with `Retry-After`: on GraphQL with `extensions {code: "BUSY", retryAfter}` on the
error, on REST routes with a JSON reason. Anything else is an accident: it is logged with its
traceback and the client sees only "Unexpected error."
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import strawberry
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from core.errors import Busy, UserErrors
from core.errors import UserError as CoreUserError

log = logging.getLogger("api.core.errors")


@strawberry.type(description="A problem with the input, for the person who sent it.")
class UserError:
    field: str | None = strawberry.field(description="Input field at fault (camelCase), if any.")
    code: str = strawberry.field(description="Stable machine-readable code, e.g. DUPLICATE.")
    message: str

    @classmethod
    def from_core(cls, error: CoreUserError) -> UserError:
        return cls(field=error.field, code=error.code, message=error.message)


def as_user_errors(exc: CoreUserError | UserErrors) -> list[UserError]:
    if isinstance(exc, UserErrors):
        return [UserError.from_core(e) for e in exc.errors]
    return [UserError.from_core(exc)]


T = TypeVar("T")
E = TypeVar("E")


async def payload_errors(
    action: Callable[[], Awaitable[T]],
) -> tuple[T | None, list[UserError]]:
    """Run a mutation's work; user errors become payload entries, anything else propagates."""
    try:
        return await action(), []
    except (CoreUserError, UserErrors) as exc:
        return None, as_user_errors(exc)


async def payload_errors_as(
    action: Callable[[], Awaitable[T]], to_error: Callable[[CoreUserError], E]
) -> tuple[T | None, list[E]]:
    """Like `payload_errors`, each user error made an area's own error type by `to_error`
    (its `from_core`), so the payload's `code` is that area's error-code enum."""
    try:
        return await action(), []
    except CoreUserError as exc:
        return None, [to_error(exc)]
    except UserErrors as exc:
        return None, [to_error(e) for e in exc.errors]


def _is_expected(error: GraphQLError) -> bool:
    original = error.original_error
    # No original error: a syntax, validation or permission error raised by GraphQL itself.
    return original is None or isinstance(
        original, CoreUserError | UserErrors | GraphQLError | Busy
    )


def busy_retry_after(errors: Sequence[GraphQLError]) -> int | None:
    """Seconds to wait when a full pool refused part of the operation, else None."""
    waits = [e.original_error.retry_after for e in errors if isinstance(e.original_error, Busy)]
    return max(waits) if waits else None


def busy_response(request: Request, exc: Exception) -> Response:
    """REST answer to `Busy`: 503, when to retry, and why."""
    assert isinstance(exc, Busy)
    return JSONResponse(
        {"error": exc.code, "message": exc.message, "retryAfter": exc.retry_after},
        status_code=503,
        headers={"Retry-After": str(exc.retry_after)},
    )


def answer_busy(errors: Sequence[GraphQLError], context: Any) -> None:
    """When a full pool refused part of the operation, its HTTP answer is a 503 with
    Retry-After (nothing to do outside an HTTP request)."""
    retry_after = busy_retry_after(errors)
    response = getattr(context, "response", None)
    if retry_after is not None and isinstance(response, Response):
        response.status_code = 503
        response.headers["Retry-After"] = str(retry_after)


class ErrorPolicy(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda e: not _is_expected(e))

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        log.error(
            "unexpected error in %s",
            ".".join(str(p) for p in error.path or []),
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL"}
        return masked
