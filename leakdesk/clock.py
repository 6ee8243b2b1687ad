"""The one home of "now": a Clock protocol, the system clock and a fake.

Every other module gets the time from a Clock it is handed, so tests move
time instead of sleeping (ruff's banned-api keeps ``datetime.now`` and
``time.time`` out of the rest of the code).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...


class SystemClock:
    """The computer's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that stands still until told to move (tests, screenshots)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)


class OffsetClock:
    """The system clock shifted to start at a chosen moment, then running.

    Used to show the demo at a chosen business hour (README screenshot).
    """

    def __init__(self, start: datetime) -> None:
        self._offset = start.astimezone(UTC) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset


def monotonic() -> float:
    """Seconds from an arbitrary origin, for measuring durations."""
    return time.monotonic()


def wall_seconds() -> float:
    """Wall-clock seconds since the epoch (to notice sleep/resume jumps)."""
    return time.time()


def business_today(now: datetime, tz: tzinfo) -> date:
    """The business's date at ``now``: the one way to get "today" wherever a date is compared
    (revisit dates, "due today", backups, the board's window). At 20:30 in New York it is still
    today there, though it is tomorrow in UTC."""
    return now.astimezone(tz).date()
