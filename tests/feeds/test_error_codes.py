"""The feeds areas' error codes cover what their payloads can carry."""

from __future__ import annotations

from commerce.catalog import RowCode
from feeds.drops.error_codes import DropErrorCode


def test_every_product_row_check_is_a_drop_error_code() -> None:
    assert {code.value for code in RowCode} <= {code.value for code in DropErrorCode}
