"""The posts area's error codes cover what its payloads can carry."""

from __future__ import annotations

from media.errors import MediaErrorCode
from posts.error_codes import PostErrorCode


def test_every_photo_rejection_is_a_post_error_code() -> None:
    assert {code.value for code in MediaErrorCode} <= {code.value for code in PostErrorCode}
