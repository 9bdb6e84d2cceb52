"""One source of "now" for the whole platform, so tests can move time forward.

Return windows, attribution windows and trend windows all read `now()`; tests install a
`FrozenClock` instead of patching datetime.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    def __init__(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta


_clock: Clock = SystemClock()


def now() -> datetime:
    return _clock.now()


def install(clock: Clock) -> None:
    global _clock
    _clock = clock


def reset() -> None:
    install(SystemClock())


def as_utc(value: datetime) -> datetime:
    """Mongo hands back naive datetimes (UTC by convention); make them aware again."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
