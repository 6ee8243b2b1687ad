"""Leak kinds, one table row per rule of LEAKAGE.md."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leakdesk.domain import Channel, Lead, LeakKind, LostReason, Outcome
from leakdesk.sla.calendar import BusinessCalendar, parse_hours
from leakdesk.sla.deadlines import ClockKind, ClockState, clock_that_matters, countdown
from leakdesk.sla.leaks import leak_kinds, primary_leak
from leakdesk.sla.policy import SlaPolicy

LONDON = ZoneInfo("Europe/London")
CAL = BusinessCalendar(parse_hours("mon-fri 09:00-17:00"), LONDON)
POLICY = SlaPolicy(CAL)
T0 = datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)  # Tuesday 10:00


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def lead(**changes: object) -> Lead:
    base = Lead(
        id=1, contact_name="Ann", contact_email="ann@example.com", contact_phone=None,
        channel=Channel.EMAIL, subject="Hello", received_at=T0, captured_at=at(0.1),
        owner_id=1, owned_at=at(5), first_response_at=at(30), last_activity_at=at(30),
        next_step="Call", next_step_due=at(120),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


K = LeakKind
CASES = [
    ("healthy", lead(), at(60), ()),
    ("on track, nothing yet", lead(owner_id=None, owned_at=None, first_response_at=None, next_step_due=None,
                                   next_step=None), at(10), ()),
    ("unanswered after deadline", lead(first_response_at=None), at(61), (K.UNANSWERED,)),
    ("not yet unanswered at deadline", lead(first_response_at=None), at(59), ()),
    ("late response", lead(first_response_at=at(75)), at(200), (K.LATE_RESPONSE,)),
    ("response after as_of is not known yet", lead(first_response_at=at(75)), at(70), (K.UNANSWERED,)),
    ("unowned at deadline", lead(owner_id=None, owned_at=None), at(16), (K.UNOWNED,)),
    ("owned late keeps unowned", lead(owned_at=at(20)), at(60), (K.UNOWNED,)),
    ("owned exactly at deadline", lead(owned_at=at(15)), at(60), ()),
    ("late capture", lead(captured_at=at(16)), at(60), (K.LATE_CAPTURE,)),
    ("capture within target", lead(captured_at=at(15)), at(60), ()),
    ("handoff without note", lead(handoff_without_context=True), at(60), (K.HANDOFF_WITHOUT_CONTEXT,)),
    # Next step due Tue 12:00; stalled after Wed 12:00 (one business day later).
    ("next step overdue a day", lead(), datetime(2026, 11, 18, 12, 1, tzinfo=LONDON), (K.STALLED,)),
    ("next step overdue less than a day", lead(), datetime(2026, 11, 18, 11, 59, tzinfo=LONDON), ()),
    # No next step: stalled after 5 business days without activity (Tue 10:30 -> next Tue 10:30).
    ("no next step, stale", lead(next_step=None, next_step_due=None),
     datetime(2026, 11, 24, 10, 31, tzinfo=LONDON), (K.STALLED,)),
    ("no next step, not stale yet", lead(next_step=None, next_step_due=None),
     datetime(2026, 11, 24, 10, 29, tzinfo=LONDON), ()),
    ("closed leads do not stall", lead(outcome=Outcome.WON, closed_at=at(40)), at(60 * 24 * 30), ()),
    ("went cold after 2 touches", lead(outcome=Outcome.LOST, lost_reason=LostReason.NO_REPLY, closed_at=at(60),
                                       outbound_touches=2), at(100), (K.WENT_COLD,)),
    ("lost after 3 touches is not cold", lead(outcome=Outcome.LOST, lost_reason=LostReason.WENT_COLD,
                                              closed_at=at(60), outbound_touches=3), at(100), ()),
    ("lost on price is not cold", lead(outcome=Outcome.LOST, lost_reason=LostReason.PRICE, closed_at=at(60),
                                       outbound_touches=1), at(100), ()),
    ("not a lead carries nothing", lead(outcome=Outcome.NOT_A_LEAD, first_response_at=None, owned_at=None,
                                        owner_id=None, captured_at=at(100), closed_at=at(200)), at(9999), ()),
    ("several at once, in primary order",
     lead(first_response_at=None, owner_id=None, owned_at=None, captured_at=at(20), handoff_without_context=True),
     at(120), (K.UNANSWERED, K.UNOWNED, K.LATE_CAPTURE, K.HANDOFF_WITHOUT_CONTEXT)),
]


@pytest.mark.parametrize(("name", "the_lead", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_leak_kinds(name: str, the_lead: Lead, as_of: datetime, expected: tuple[LeakKind, ...]) -> None:
    assert leak_kinds(the_lead, POLICY, as_of) == expected


def test_friday_evening_lead_is_due_monday() -> None:
    friday = datetime(2026, 11, 13, 18, 0, tzinfo=LONDON)
    the_lead = lead(received_at=friday, captured_at=friday, first_response_at=None, owned_at=friday)
    assert leak_kinds(the_lead, POLICY, datetime(2026, 11, 16, 9, 59, tzinfo=LONDON)) == ()
    assert leak_kinds(the_lead, POLICY, datetime(2026, 11, 16, 10, 1, tzinfo=LONDON)) == (K.UNANSWERED,)


def test_primary_leak_is_first_in_order() -> None:
    assert primary_leak((K.LATE_RESPONSE, K.STALLED)) is K.LATE_RESPONSE
    assert primary_leak(()) is None


class TestImportedHistory:
    connected = at(60 * 24 * 10)
    policy = SlaPolicy(CAL, connected_at=connected)

    def test_no_unowned_or_late_capture_before_connection(self) -> None:
        old = lead(owner_id=None, owned_at=None, captured_at=self.connected)
        assert leak_kinds(old, self.policy, self.connected) == ()

    def test_unanswered_and_late_response_apply_to_history(self) -> None:
        assert leak_kinds(lead(first_response_at=None), self.policy, self.connected) == (K.UNANSWERED,)
        assert leak_kinds(lead(first_response_at=at(90)), self.policy, self.connected) == (K.LATE_RESPONSE,)

    def test_stalled_only_when_it_stalled_after_connection(self) -> None:
        # next step due Tue 12:00, stalled from Wed 12:00: long before connected_at.
        assert leak_kinds(lead(), self.policy, self.connected + timedelta(days=1)) == ()
        due_later = lead(next_step_due=self.connected)
        # due Fri 10:00 -> stalled after Mon 10:00
        monday = self.connected + timedelta(days=3)
        assert leak_kinds(due_later, self.policy, monday) == ()
        assert leak_kinds(due_later, self.policy, monday + timedelta(minutes=1)) == (K.STALLED,)


class TestCountdown:
    def test_clock_that_matters_goes_ownership_response_next_step(self) -> None:
        fresh = lead(owner_id=None, owned_at=None, first_response_at=None)
        assert clock_that_matters(fresh, POLICY).kind is ClockKind.OWNERSHIP
        assert clock_that_matters(lead(first_response_at=None), POLICY).kind is ClockKind.RESPONSE
        assert clock_that_matters(lead(), POLICY).kind is ClockKind.NEXT_STEP
        assert clock_that_matters(lead(next_step=None, next_step_due=None), POLICY).kind is ClockKind.NONE

    @pytest.mark.parametrize(
        ("now_min", "state", "label"),
        [(0, ClockState.ON_TRACK, "15m left"), (9, ClockState.ON_TRACK, "6m left"),
         (10, ClockState.DUE_SOON, "5m left"), (16, ClockState.BREACHED, "overdue 1m"),
         (60 * 3 + 15, ClockState.BREACHED, "overdue 3h 00m")],
    )
    def test_states(self, now_min: int, state: ClockState, label: str) -> None:
        fresh = lead(owner_id=None, owned_at=None, first_response_at=None)
        cd = countdown(clock_that_matters(fresh, POLICY), at(now_min), POLICY)
        assert (cd.state, cd.label) == (state, label)

    def test_paused_outside_opening_hours(self) -> None:
        evening = datetime(2026, 11, 17, 16, 55, tzinfo=LONDON)
        fresh = lead(owner_id=None, owned_at=None, first_response_at=None, received_at=evening)
        cd = countdown(clock_that_matters(fresh, POLICY), datetime(2026, 11, 17, 20, 0, tzinfo=LONDON), POLICY)
        assert cd.paused and cd.state is ClockState.ON_TRACK and cd.label == "10m left"

    def test_response_clock_turns_due_soon_at_the_setting(self) -> None:
        owned = lead(first_response_at=None)
        assert countdown(clock_that_matters(owned, POLICY), at(44), POLICY).state is ClockState.ON_TRACK
        assert countdown(clock_that_matters(owned, POLICY), at(45), POLICY).state is ClockState.DUE_SOON


def test_revisit_date_field_is_a_date() -> None:
    assert lead(outcome=Outcome.NOT_READY, revisit_on=date(2026, 12, 1)).revisit_on == date(2026, 12, 1)


SYDNEY = ZoneInfo("Australia/Sydney")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize("tz", [LOS_ANGELES, SYDNEY])
def test_clock_state_is_the_countdowns_state_without_its_arithmetic(tz: ZoneInfo) -> None:
    """The board's counts take a clock's state by clock_state (past the deadline: one comparison); it is
    the countdown's state for every clock and moment: across a DST change, at and around the deadline,
    outside opening hours, a clock with no deadline."""
    from leakdesk.sla.deadlines import LeadClock, clock_state

    policy = SlaPolicy(BusinessCalendar(parse_hours("mon-fri 08:00-18:00; sat 09:00-13:00"), tz))
    start = datetime(2026, 3, 27, 17, 0, tzinfo=tz)  # Sydney leaves summer time on 5 April, LA entered it 8 March
    deadlines = [start + timedelta(minutes=m) for m in (0, 1, 14, 15, 16, 59, 60, 61, 600, 2 * 24 * 60, 9 * 24 * 60)]
    clocks = [LeadClock(kind, d, w) for d in deadlines for kind in (ClockKind.OWNERSHIP, ClockKind.NEXT_STEP)
              for w in (None, 15.0, 60.0)] + [LeadClock(ClockKind.NONE, None)]
    moments = [start + timedelta(minutes=m) for m in range(-90, 14 * 24 * 60, 37)]
    for clock in clocks:
        for now in moments:
            assert clock_state(clock, now, policy) is countdown(clock, now, policy).state, (clock, now)
