"""Deadlines of a lead and the countdown of the clock that matters now.

Order of clocks on the board: ownership, then first response, then the next
step. Countdowns are in business minutes and pause outside opening hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from leakdesk.domain import Lead
from leakdesk.sla.policy import SlaPolicy


class ClockKind(StrEnum):
    OWNERSHIP = "ownership"
    RESPONSE = "response"
    NEXT_STEP = "next_step"
    NONE = "none"


class ClockState(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    BREACHED = "breached"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class LeadClock:
    kind: ClockKind
    deadline: datetime | None
    window_minutes: float | None = None  # the clock's whole target, when it has one


@dataclass(frozen=True, slots=True)
class Countdown:
    state: ClockState
    minutes_left: float | None  # negative when breached
    label: str
    paused: bool = False


def ownership_deadline(lead: Lead, policy: SlaPolicy) -> datetime:
    return policy.calendar.add_minutes(lead.received_at, policy.ownership_minutes)


def response_deadline(lead: Lead, policy: SlaPolicy) -> datetime:
    return policy.calendar.add_minutes(lead.received_at, policy.response_minutes)


def clock_that_matters(lead: Lead, policy: SlaPolicy) -> LeadClock:
    """The one clock the board shows for an open lead."""
    if not lead.is_open:
        return LeadClock(ClockKind.NONE, None)
    if lead.owner_id is None:
        return LeadClock(ClockKind.OWNERSHIP, ownership_deadline(lead, policy), policy.ownership_minutes)
    if lead.first_response_at is None:
        return LeadClock(ClockKind.RESPONSE, response_deadline(lead, policy), policy.response_minutes)
    if lead.next_step_due is not None:
        return LeadClock(ClockKind.NEXT_STEP, lead.next_step_due)
    return LeadClock(ClockKind.NONE, None)


def format_minutes(minutes: float) -> str:
    """'42m', '3h 05m', '3d' (days of 24 hours, whole days past two)."""
    m = int(abs(minutes))
    if m < 60:
        return f"{m}m"
    if m < 48 * 60:
        return f"{m // 60}h {m % 60:02d}m"
    return f"{m // 1440}d"


def due_soon_point(clock: LeadClock, policy: SlaPolicy) -> float:
    """Business minutes left at which a clock turns 'due soon'.

    The setting, but never more than a third of the clock's window: a
    15-minute ownership clock would otherwise be amber from its first second.
    """
    if clock.window_minutes is None:
        return float(policy.due_soon_minutes)
    return min(float(policy.due_soon_minutes), clock.window_minutes / 3)


def clock_state(clock: LeadClock, now: datetime, policy: SlaPolicy) -> ClockState:
    """``countdown(...).state`` without its text: a clock past its deadline is breached by one comparison,
    no business-minute arithmetic (counting thousands of cards, most of a backlog is)."""
    if clock.deadline is None:
        return ClockState.NONE
    if now >= clock.deadline:
        return ClockState.BREACHED
    return countdown(clock, now, policy).state


def countdown(clock: LeadClock, now: datetime, policy: SlaPolicy) -> Countdown:
    if clock.deadline is None:
        return Countdown(ClockState.NONE, None, "no next step" if clock.kind is ClockKind.NONE else "")
    cal = policy.calendar
    left = cal.signed_minutes(now, clock.deadline)
    if left <= 0 and now >= clock.deadline:
        return Countdown(ClockState.BREACHED, left, f"overdue {format_minutes(left)}")
    paused = not cal.is_open(now)
    state = ClockState.DUE_SOON if left <= due_soon_point(clock, policy) else ClockState.ON_TRACK
    return Countdown(state, left, f"{format_minutes(left)} left", paused)
