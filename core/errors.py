"""Errors meant for the person who caused them.

`UserError` carries a field and a stable code; the GraphQL layer turns it into a payload entry
(mutations) or an unmasked error with `extensions {code field}` (queries), the REST layer into a
4xx, the CLI into one line. `UserErrors` carries several at once, so a form can show every
problem in one round trip. `Busy` is the server's own state, not the input's: it says when to
send the same request again.
"""

from __future__ import annotations

from collections.abc import Iterable


class UserError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    @property
    def extensions(self) -> dict[str, str | None]:
        # graphql-core copies an original error's `extensions` onto the error it reports.
        return {"code": self.code, "field": self.field}


class UserErrors(Exception):
    def __init__(self, errors: Iterable[UserError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(e.message for e in self.errors))


class NotFound(UserError):
    def __init__(self, what: str, field: str | None = "id") -> None:
        super().__init__("NOT_FOUND", f"{what} not found.", field)


class Forbidden(UserError):
    def __init__(self, message: str = "You are not allowed to do this.") -> None:
        super().__init__("FORBIDDEN", message, None)


class Unauthenticated(UserError):
    def __init__(self, message: str = "Log in first.") -> None:
        super().__init__("UNAUTHENTICATED", message, None)


def raise_all(errors: list[UserError]) -> None:
    if errors:
        raise UserErrors(errors)


class Busy(Exception):
    """A bounded worker pool is full: the request is refused now rather than queued without
    end. REST answers 503 with `Retry-After`; GraphQL the same status and header, with
    `extensions {code: "BUSY", retryAfter}` on the error."""

    code = "BUSY"

    def __init__(self, pool: str, retry_after: int) -> None:
        self.pool = pool
        self.retry_after = retry_after
        self.message = f"The server is busy right now; try again in {retry_after} s."
        super().__init__(self.message)

    @property
    def extensions(self) -> dict[str, str | int]:
        return {"code": self.code, "retryAfter": self.retry_after}
