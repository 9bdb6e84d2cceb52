from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from core import clock
from core.ids import is_valid_id, new_id
from core.settings import DEV_SECRET, Settings


def test_ids_are_prefixed_unique_and_time_sortable() -> None:
    ids = [new_id("post") for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    # Many share a millisecond: they still sort in the order they were made.
    assert ids == sorted(ids)
    assert all(is_valid_id(i, "post") for i in ids)
    assert not is_valid_id(ids[0], "usr")
    first = new_id("post")
    import time

    time.sleep(0.002)
    assert new_id("post") > first


@pytest.mark.parametrize(
    "value", ["", "post_", "post_short", "../x", "POST_" + "a" * 26, "post_" + "i" * 26]
)
def test_invalid_ids_are_refused(value: str) -> None:
    assert not is_valid_id(value)


def test_frozen_clock_moves_only_when_told() -> None:
    frozen = clock.FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    clock.install(frozen)
    try:
        assert clock.now() == datetime(2026, 1, 1, tzinfo=UTC)
        frozen.advance(timedelta(days=45))
        assert clock.now() == datetime(2026, 2, 15, tzinfo=UTC)
    finally:
        clock.reset()
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 5


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(environment="production", jwt_secret=DEV_SECRET)
    with pytest.raises(ValidationError, match="32 characters"):
        Settings(jwt_secret="short")
    assert Settings(environment="production", jwt_secret="p" * 40).environment == "production"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONGODB_URI", "mongodb://db.internal:27017")
    monkeypatch.setenv("GRAPHQL_MAX_DEPTH", "7")
    settings = Settings()
    assert settings.mongodb_uri == "mongodb://db.internal:27017" and not settings.embedded_mongo
    assert settings.graphql_max_depth == 7
