"""Business time: weekly opening hours in an IANA zone, minus holidays.

``add_minutes`` and ``minutes_between`` count only minutes inside opening
hours. Work is done per local date on POSIX timestamps, with each date's
opening intervals cached, so a deadline costs a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from leakdesk.errors import SettingsError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_FORM = "business.hours must look like 'mon-fri 09:00-17:00; sat 10:00-13:00'"
_TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
_MAX_SEARCH_DAYS = 3 * 366

Interval = tuple[int, int]  # minutes from local midnight, end exclusive


@dataclass(frozen=True)
class WeeklyHours:
    """Opening intervals per weekday (0 = Monday)."""

    days: tuple[tuple[Interval, ...], ...]

    def __str__(self) -> str:
        parts: list[str] = []
        i = 0
        while i < 7:
            j = i
            while j + 1 < 7 and self.days[j + 1] == self.days[i]:
                j += 1
            if self.days[i]:
                span = DAYS[i] if i == j else f"{DAYS[i]}-{DAYS[j]}"
                times = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in self.days[i])
                parts.append(f"{span} {times}")
            i = j + 1
        return "; ".join(parts)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    m = _TIME.match(text)
    if not m:
        raise SettingsError(f"{HOURS_FORM} ('{text}' is not a time like 09:00).")
    value = int(m.group(1)) * 60 + int(m.group(2))
    if value > 24 * 60:
        raise SettingsError(f"{HOURS_FORM} ('{text}' is past 24:00).")
    return value


def _day_span(text: str) -> list[int]:
    names = text.split("-")
    try:
        idx = [DAYS.index(n[:3]) for n in names]
    except ValueError:
        raise SettingsError(f"{HOURS_FORM} ('{text}' is not a day like mon or mon-fri).") from None
    if len(idx) == 1:
        return idx
    if len(idx) == 2:
        start, end = idx
        return list(range(start, end + 1)) if start <= end else [*range(start, 7), *range(end + 1)]
    raise SettingsError(f"{HOURS_FORM} ('{text}' is not a day like mon or mon-fri).")


def parse_hours(spec: str) -> WeeklyHours:
    """Parse ``mon-fri 09:00-12:30, 13:30-17:00; sat 10:00-13:00``."""
    days: list[list[Interval]] = [[] for _ in range(7)]
    clauses = [c.strip() for c in spec.lower().split(";") if c.strip()]
    if not clauses:
        raise SettingsError(f"{HOURS_FORM} (it is empty).")
    for clause in clauses:
        head, _, rest = clause.partition(" ")
        ranges = [r for r in re.split(r"[,\s]+", rest.strip()) if r]
        if not ranges:
            raise SettingsError(f"{HOURS_FORM} ('{clause}' has no hours).")
        weekdays: list[int] = []
        for part in head.split(","):
            weekdays.extend(_day_span(part))
        for r in ranges:
            start_text, sep, end_text = r.partition("-")
            if not sep:
                raise SettingsError(f"{HOURS_FORM} ('{r}' is not a range like 09:00-17:00).")
            start, end = _minutes(start_text), _minutes(end_text)
            if start >= end:
                raise SettingsError(f"{HOURS_FORM} ('{r}' ends before it starts).")
            for wd in weekdays:
                days[wd].append((start, end))
    for wd, intervals in enumerate(days):
        intervals.sort()
        for (_, e1), (s2, _) in pairwise(intervals):
            if s2 < e1:
                raise SettingsError(f"{HOURS_FORM} ({DAYS[wd]} has overlapping hours).")
    if not any(days):
        raise SettingsError(f"{HOURS_FORM} (no day has opening hours).")
    return WeeklyHours(tuple(tuple(d) for d in days))


class BusinessCalendar:
    """Opening hours in a time zone, with holidays; arithmetic in business time."""

    def __init__(
        self,
        hours: WeeklyHours,
        tz: ZoneInfo,
        holidays: Callable[[date], bool] | Iterable[date] = (),
    ) -> None:
        self.hours = hours
        self.tz = tz
        if callable(holidays):
            self._is_holiday = holidays
        else:
            fixed = frozenset(holidays)
            self._is_holiday = fixed.__contains__
        self._intervals = lru_cache(maxsize=4096)(self._compute_intervals)

    # -- per-date opening intervals -------------------------------------------------
    def _compute_intervals(self, day: date) -> tuple[tuple[float, float], ...]:
        spans = self.hours.days[day.weekday()]
        if not spans or self._is_holiday(day):
            return ()
        out = []
        for start, end in spans:
            s = _local(day, start, self.tz)
            e = _local(day, end, self.tz) if end < 24 * 60 else _local(day + timedelta(1), 0, self.tz)
            out.append((s.timestamp(), e.timestamp()))
        return tuple(out)

    def intervals(self, day: date) -> tuple[tuple[float, float], ...]:
        """Opening intervals of a local date, as (start, end) POSIX seconds."""
        return self._intervals(day)

    def is_business_day(self, day: date) -> bool:
        return bool(self._intervals(day))

    def is_open(self, at: datetime) -> bool:
        ts = at.timestamp()
        return any(s <= ts < e for s, e in self._intervals(self._local_date(ts)))

    def _local_date(self, ts: float) -> date:
        return datetime.fromtimestamp(ts, self.tz).date()

    # -- arithmetic -----------------------------------------------------------------
    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The moment ``minutes`` business minutes after ``start``.

        With 0 minutes it is the next opening (``start`` itself when open).
        """
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        ts = start.timestamp()
        remaining = minutes * 60.0
        day = self._local_date(ts)
        for _ in range(_MAX_SEARCH_DAYS):
            for s, e in self._intervals(day):
                if e <= ts:
                    continue
                begin = s if s > ts else ts
                if begin + remaining < e or (remaining == 0 and begin < e):
                    return _utc(begin + remaining)
                if begin + remaining == e:
                    return _utc(e)
                remaining -= e - begin
            day += timedelta(days=1)
        raise ValueError("the business calendar has no opening hours in the next three years")

    def next_open(self, at: datetime) -> datetime:
        return self.add_minutes(at, 0)

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Business minutes in [start, end); 0 when end is not after start."""
        a, b = start.timestamp(), end.timestamp()
        if b <= a:
            return 0.0
        total = 0.0
        day, last = self._local_date(a), self._local_date(b)
        while day <= last:
            for s, e in self._intervals(day):
                lo = s if s > a else a
                hi = e if e < b else b
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total / 60.0

    def signed_minutes(self, now: datetime, deadline: datetime) -> float:
        """Business minutes left until ``deadline`` (negative once past it)."""
        if deadline >= now:
            return self.minutes_between(now, deadline)
        return -self.minutes_between(deadline, now)

    def add_days(self, start: datetime, days: int) -> datetime:
        """The same local time of day ``days`` business days later.

        Counted from the next opening after ``start``; the result is moved
        into that day's opening hours when the time of day falls outside them.
        """
        begin = self.next_open(start)
        local = begin.astimezone(self.tz)
        day, count = local.date(), 0
        for _ in range(_MAX_SEARCH_DAYS):
            day += timedelta(days=1)
            if self._intervals(day):
                count += 1
                if count >= days:
                    break
        else:
            raise ValueError("the business calendar has no opening hours in the next three years")
        target = datetime.combine(day, local.time().replace(tzinfo=None), self.tz).timestamp()
        spans = self._intervals(day)
        if target < spans[0][0]:
            target = spans[0][0]
        elif target > spans[-1][1]:
            target = spans[-1][1]
        else:
            for (_, e1), (s2, _) in pairwise(spans):
                if e1 < target < s2:
                    target = s2
        return _utc(target)

    def opening_label(self, at: datetime) -> str:
        """'opens Mon 09:00' in the business's time zone."""
        nxt = self.next_open(at).astimezone(self.tz)
        here = at.astimezone(self.tz)
        if nxt.date() == here.date():
            return f"opens {nxt:%H:%M}"
        return f"opens {nxt:%a %H:%M}"


def _local(day: date, minute: int, tz: ZoneInfo) -> datetime:
    # fold=0 (PEP 495): a wall time inside a spring-forward gap maps to an
    # instant at or after the jump, an ambiguous autumn time to its first
    # occurrence; both keep a day's boundaries in order.
    return datetime.combine(day, time(minute // 60, minute % 60), tz)


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)
