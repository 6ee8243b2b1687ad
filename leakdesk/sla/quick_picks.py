"""Due times people pick in one click: in 1 hour, this afternoon, tomorrow
morning, in 3 days, next week, in the business's time zone and hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from leakdesk.sla.calendar import BusinessCalendar

PICKS = ("In 1 hour", "This afternoon", "Tomorrow morning", "In 3 days", "Next week")


def _at(cal: BusinessCalendar, day_offset: int, start: datetime, clock_time: time) -> datetime:
    local = start.astimezone(cal.tz)
    target = datetime.combine(local.date() + timedelta(days=day_offset), clock_time, cal.tz)
    return cal.next_open(target)


def due_for(pick: str, now: datetime, cal: BusinessCalendar) -> datetime:
    """The due time of a quick pick, moved into opening hours."""
    if pick == "In 1 hour":
        return cal.add_minutes(now, 60)
    if pick == "This afternoon":
        local = now.astimezone(cal.tz)
        due = _at(cal, 0, now, time(14, 0))
        return due if local.time() < time(14, 0) else cal.add_minutes(now, 120)
    if pick == "Tomorrow morning":
        return cal.next_open(_at(cal, 1, now, time(9, 0)))
    if pick == "In 3 days":
        return cal.add_days(now, 3)
    if pick == "Next week":
        local = now.astimezone(cal.tz)
        monday = 7 - local.weekday()
        return _at(cal, monday, now, time(9, 0))
    raise ValueError(f"unknown quick pick {pick!r}")
