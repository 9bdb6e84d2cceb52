"""What the server logs about GraphQL errors: an accident once, with its traceback and path;
nothing for the answers it gives on purpose (a full pool, a user error, a malformed query)."""

from __future__ import annotations

import logging

import pytest
import strawberry

from api.core.errors import ErrorPolicy
from api.schema import Schema
from core.errors import Busy, UserError


@strawberry.type
class Query:
    @strawberry.field
    def accident(self) -> int:
        raise RuntimeError("a bug")

    @strawberry.field
    def busy(self) -> int:
        raise Busy("auth", 2)

    @strawberry.field
    def refused(self) -> int:
        raise UserError("INVALID", "Not like that.", "field")


SCHEMA = Schema(query=Query, extensions=[ErrorPolicy])


def _errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_an_accident_is_logged_once_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO):
        result = await SCHEMA.execute("{ accident }")
    assert result.errors and result.errors[0].message == "Unexpected error."
    (record,) = _errors_logged(caplog)
    assert "accident" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


@pytest.mark.parametrize("document", ["{ busy }", "{ refused }", "{ nope }", "{ busy "])
async def test_answers_given_on_purpose_are_not_logged_as_errors(
    caplog: pytest.LogCaptureFixture, document: str
) -> None:
    with caplog.at_level(logging.INFO):
        result = await SCHEMA.execute(document)
    assert result.errors and result.errors[0].message != "Unexpected error."
    assert _errors_logged(caplog) == []
