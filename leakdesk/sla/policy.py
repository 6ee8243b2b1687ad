"""The SLA policy: targets and the business calendar, built from settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from leakdesk.sla.calendar import BusinessCalendar


class SettingValues(Protocol):
    """What the policy reads of the settings (leakdesk.settings.Settings, which sits above the SLA
    rules: its parsers use the calendar's)."""

    def get(self, name: str) -> Any: ...


@dataclass(frozen=True)
class SlaPolicy:
    calendar: BusinessCalendar
    ownership_minutes: int = 15
    response_minutes: int = 60
    stale_business_days: int = 5
    due_soon_minutes: int = 15
    connected_at: datetime | None = None  # None: every lead was captured live


def load_holiday_rules() -> None:
    """Import every country's holiday rules now: the first calendar with a holiday country imports
    them all (200 ms), which the app does before its window runs, not at the window's first countdown."""
    import holidays.countries  # noqa: F401


def holiday_test(country: str, extra: tuple[date, ...]) -> Callable[[date], bool]:
    """A ``date -> bool`` for the country's public holidays plus extra dates."""
    extra_set = frozenset(extra)
    if not country:
        return extra_set.__contains__
    import holidays

    code, _, subdiv = country.partition("-")
    public = holidays.country_holidays(code, subdiv=subdiv or None)

    def is_holiday(day: date) -> bool:
        return day in extra_set or day in public

    return is_holiday


def calendar_from_settings(settings: SettingValues) -> BusinessCalendar:
    return BusinessCalendar(
        settings.get("business.hours"),
        settings.get("business.timezone"),
        holiday_test(settings.get("business.holidays_country"), settings.get("business.holidays_extra")),
    )


def policy_from_settings(settings: SettingValues, connected_at: datetime | None = None) -> SlaPolicy:
    return SlaPolicy(
        calendar=calendar_from_settings(settings),
        ownership_minutes=settings.get("sla.ownership_minutes"),
        response_minutes=settings.get("sla.response_minutes"),
        stale_business_days=settings.get("sla.stale_business_days"),
        due_soon_minutes=settings.get("sla.due_soon_minutes"),
        connected_at=connected_at,
    )
