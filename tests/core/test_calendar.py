"""Business time: opening hours, holidays, DST, and the add/measure pair."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakdesk.errors import SettingsError
from leakdesk.sla.calendar import BusinessCalendar, parse_hours
from leakdesk.sla.policy import holiday_test

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = parse_hours("mon-fri 09:00-17:00")


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc]


@pytest.fixture
def cal() -> BusinessCalendar:
    return BusinessCalendar(WEEKDAYS, LONDON)


@pytest.mark.parametrize(
    ("received", "minutes", "due"),
    [
        # LEAKAGE.md's own examples: Friday 16:30 -> Monday 09:30; Saturday -> Monday 10:00.
        ((2026, 11, 13, 16, 30), 60, (2026, 11, 16, 9, 30)),
        ((2026, 11, 14, 12, 0), 60, (2026, 11, 16, 10, 0)),
        ((2026, 11, 13, 20, 0), 15, (2026, 11, 16, 9, 15)),  # Friday evening
        ((2026, 11, 17, 8, 0), 60, (2026, 11, 17, 10, 0)),  # before opening
        ((2026, 11, 17, 10, 0), 60, (2026, 11, 17, 11, 0)),
        ((2026, 11, 17, 16, 59), 1, (2026, 11, 17, 17, 0)),  # ends exactly at closing
        ((2026, 11, 17, 17, 0), 0, (2026, 11, 18, 9, 0)),  # at closing: next opening
        ((2026, 11, 17, 12, 0), 8 * 60, (2026, 11, 18, 12, 0)),  # a whole business day
    ],
)
def test_add_minutes_table(
    cal: BusinessCalendar, received: tuple[int, ...], minutes: int, due: tuple[int, ...]
) -> None:
    assert cal.add_minutes(local(LONDON, *received), minutes) == local(LONDON, *due)


def test_minutes_between_counts_only_opening_hours(cal: BusinessCalendar) -> None:
    friday = local(LONDON, 2026, 11, 13, 16, 0)
    monday = local(LONDON, 2026, 11, 16, 10, 0)
    assert cal.minutes_between(friday, monday) == 120
    assert cal.minutes_between(monday, friday) == 0
    assert cal.signed_minutes(monday, friday) == -120


def test_split_hours_and_saturday() -> None:
    cal = BusinessCalendar(parse_hours("mon-fri 09:00-12:30, 13:30-17:00; sat 10:00-13:00"), LONDON)
    assert cal.add_minutes(local(LONDON, 2026, 11, 17, 12, 0), 60) == local(LONDON, 2026, 11, 17, 14, 0)
    assert cal.add_minutes(local(LONDON, 2026, 11, 13, 16, 30), 60) == local(LONDON, 2026, 11, 14, 10, 30)
    assert not cal.is_open(local(LONDON, 2026, 11, 17, 13, 0))
    assert cal.is_open(local(LONDON, 2026, 11, 14, 12, 59))


def test_holidays_from_country_and_extra_dates() -> None:
    is_holiday = holiday_test("GB-ENG", (date(2026, 12, 24),))
    cal = BusinessCalendar(WEEKDAYS, LONDON, is_holiday)
    # Thu 24 Dec (extra), Fri 25 (Christmas), Mon 28 (Boxing Day observed): due Tue 29 Dec.
    assert cal.add_minutes(local(LONDON, 2026, 12, 23, 16, 30), 60) == local(LONDON, 2026, 12, 29, 9, 30)
    assert not cal.is_business_day(date(2026, 12, 25))


def test_add_days_keeps_time_of_day(cal: BusinessCalendar) -> None:
    assert cal.add_days(local(LONDON, 2026, 11, 13, 15, 0), 1) == local(LONDON, 2026, 11, 16, 15, 0)
    assert cal.add_days(local(LONDON, 2026, 11, 13, 15, 0), 5) == local(LONDON, 2026, 11, 20, 15, 0)
    # Saturday evening counts from Monday's opening.
    assert cal.add_days(local(LONDON, 2026, 11, 14, 20, 0), 1) == local(LONDON, 2026, 11, 17, 9, 0)


@pytest.mark.parametrize(
    ("tz", "day", "hours"),
    [
        (LONDON, date(2026, 3, 29), 23),  # spring forward
        (LONDON, date(2026, 10, 25), 25),  # fall back
        (NEW_YORK, date(2026, 3, 8), 23),
        (NEW_YORK, date(2026, 11, 1), 25),
    ],
)
def test_dst_days_have_their_real_length(tz: ZoneInfo, day: date, hours: int) -> None:
    always = BusinessCalendar(parse_hours("mon-sun 00:00-24:00"), tz)
    start = datetime.combine(day, datetime.min.time(), tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    assert always.minutes_between(start, end) == hours * 60


@pytest.mark.parametrize("tz", [LONDON, NEW_YORK])
def test_office_hours_across_dst_stay_local(tz: ZoneInfo) -> None:
    cal = BusinessCalendar(WEEKDAYS, tz)
    # Friday before a DST change at 16:30 local, due Monday 09:30 local.
    fri = {LONDON: (2026, 3, 27), NEW_YORK: (2026, 3, 6)}[tz]
    mon = {LONDON: (2026, 3, 30), NEW_YORK: (2026, 3, 9)}[tz]
    assert cal.add_minutes(local(tz, *fri, 16, 30), 60) == local(tz, *mon, 9, 30)


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("", "it is empty"),
        ("mon-fri", "has no hours"),
        ("funday 09:00-17:00", "not a day"),
        ("mon 17:00-09:00", "ends before it starts"),
        ("mon 09:00-12:00, 11:00-13:00", "overlapping"),
        ("mon 9am-5pm", "not a time"),
    ],
)
def test_bad_hours_get_one_sentence(spec: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as err:
        parse_hours(spec)
    assert "mon-fri 09:00-17:00" in str(err.value) and fragment in str(err.value)


def test_hours_round_trip_to_text() -> None:
    spec = "mon-fri 09:00-12:30, 13:30-17:00; sat 10:00-13:00"
    assert str(parse_hours(spec)) == spec


# -- properties ----------------------------------------------------------------------
ZONES = st.sampled_from([LONDON, NEW_YORK, ZoneInfo("Australia/Sydney"), ZoneInfo("UTC")])
SCHEDULES = st.sampled_from(
    ["mon-fri 09:00-17:00", "mon-fri 08:00-12:00, 13:00-18:00; sat 09:00-13:00", "mon-sun 00:00-24:00",
     "tue-sat 10:00-19:30"]
)
MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(zone=ZONES, spec=SCHEDULES, start=MOMENTS, minutes=st.integers(0, 5000))
def test_adding_then_measuring_returns_the_minutes(zone: ZoneInfo, spec: str, start: datetime, minutes: int) -> None:
    cal = BusinessCalendar(parse_hours(spec), zone)
    due = cal.add_minutes(start, minutes)
    assert due >= start
    assert cal.minutes_between(start, due) == pytest.approx(minutes, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(zone=ZONES, spec=SCHEDULES, a=MOMENTS, b=MOMENTS, c=MOMENTS)
def test_minutes_between_adds_up(zone: ZoneInfo, spec: str, a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    cal = BusinessCalendar(parse_hours(spec), zone)
    whole = cal.minutes_between(a, c)
    assert whole == pytest.approx(cal.minutes_between(a, b) + cal.minutes_between(b, c), abs=1e-6)
    assert 0 <= whole <= (c - a).total_seconds() / 60 + 1e-6


@settings(max_examples=200, deadline=None)
@given(zone=ZONES, spec=SCHEDULES, start=MOMENTS)
def test_next_open_is_open_and_nothing_is_skipped(zone: ZoneInfo, spec: str, start: datetime) -> None:
    cal = BusinessCalendar(parse_hours(spec), zone)
    opening = cal.next_open(start)
    assert cal.is_open(opening)
    assert cal.minutes_between(start, opening) == 0
