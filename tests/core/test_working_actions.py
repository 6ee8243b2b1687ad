"""Working a lead: contacts, next steps, stages, outcomes, reopen, notes; quick picks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leakdesk import lifecycle
from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock
from leakdesk.domain import ContactKind, EventKind, LeakKind, LostReason, Outcome, Stage
from leakdesk.errors import ActionError
from leakdesk.sla.calendar import BusinessCalendar, parse_hours
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.sla.quick_picks import PICKS, due_for
from leakdesk.store import Store
from tests.core.test_store import received

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def actions(store: Store, clock: FakeClock) -> LeadActions:
    return LeadActions(store, clock)


def test_a_logged_call_is_a_response(store: Store, clock: FakeClock, actions: LeadActions) -> None:
    person = store.people.add("Tom Reid", "TR", "#E69F00").id
    lead = store.leads.open_lead(received(clock))
    clock.advance(minutes=20)
    called = actions.log_contact(lead.id, person, ContactKind.CALL, "Booked her in for Friday")
    assert called.first_response_at == clock.now() and called.owner_id == person
    assert store.leads.events(lead.id)[-1].details == {"how": "call", "summary": "Booked her in for Friday"}


def test_next_steps_and_stalling(store: Store, clock: FakeClock, actions: LeadActions) -> None:
    lead = store.leads.open_lead(received(clock))
    due = clock.now() + timedelta(hours=2)
    stepped = actions.set_next_step(lead.id, None, "Call back about Saturday", due)
    assert (stepped.next_step, stepped.next_step_due) == ("Call back about Saturday", due)
    policy = policy_from_settings(store.settings.load())
    assert LeakKind.STALLED in leak_kinds(stepped, policy, due + timedelta(days=3))
    done = actions.complete_next_step(lead.id, None)
    assert done.next_step is None and done.next_step_due is None
    with pytest.raises(ActionError, match="no next step"):
        actions.complete_next_step(lead.id, None)
    with pytest.raises(ActionError, match="Say what the next step is"):
        actions.set_next_step(lead.id, None, "  ", due)


def test_outcomes_need_their_details(store: Store, clock: FakeClock, actions: LeadActions) -> None:
    lead = store.leads.open_lead(received(clock))
    with pytest.raises(ActionError, match="why the lead was lost"):
        actions.close(lead.id, None, Outcome.LOST)
    with pytest.raises(ActionError, match="in a few words"):
        actions.close(lead.id, None, Outcome.LOST, LostReason.OTHER)
    with pytest.raises(ActionError, match="revisit date must be after today"):
        actions.close(lead.id, None, Outcome.NOT_READY, revisit_on=clock.now().date())
    lost = actions.close(lead.id, None, Outcome.LOST, LostReason.OTHER, "Moved abroad")
    assert (lost.outcome, lost.lost_reason) == (Outcome.LOST, LostReason.OTHER)
    assert store.leads.events(lead.id)[-1].details["reason_text"] == "Moved abroad"
    with pytest.raises(ActionError, match="closed"):
        actions.set_stage(lead.id, None, Stage.QUALIFIED)
    reopened = actions.reopen(lead.id, None)
    assert reopened.is_open and reopened.lost_reason is None
    later = date(2027, 1, 10)
    parked = actions.close(lead.id, None, Outcome.NOT_READY, revisit_on=later)
    assert parked.revisit_on == later
    assert actions.set_stage(actions.reopen(lead.id, None).id, None, Stage.PROPOSAL).stage is Stage.PROPOSAL
    noted = actions.add_note(lead.id, None, "Prefers mornings")
    assert store.leads.events(lead.id)[-1].kind is EventKind.NOTE and noted.is_open
    assert lifecycle.rebuild(store.leads.events(lead.id)) == store.leads.get(lead.id)


@pytest.mark.parametrize(("now", "pick", "expected"), [
    ((2026, 11, 17, 10, 0), "In 1 hour", (2026, 11, 17, 11, 0)),
    ((2026, 11, 17, 16, 30), "In 1 hour", (2026, 11, 18, 9, 30)),
    ((2026, 11, 17, 10, 0), "This afternoon", (2026, 11, 17, 14, 0)),
    ((2026, 11, 17, 15, 0), "This afternoon", (2026, 11, 17, 17, 0)),  # by closing time
    ((2026, 11, 13, 10, 0), "Tomorrow morning", (2026, 11, 16, 9, 0)),  # Friday -> Monday
    ((2026, 11, 17, 10, 0), "In 3 days", (2026, 11, 20, 10, 0)),
    ((2026, 11, 18, 12, 0), "Next week", (2026, 11, 23, 9, 0)),
])
def test_quick_picks(now: tuple[int, ...], pick: str, expected: tuple[int, ...]) -> None:
    cal = BusinessCalendar(parse_hours("mon-fri 09:00-17:00"), LONDON)
    assert due_for(pick, datetime(*now, tzinfo=LONDON), cal) == datetime(*expected, tzinfo=LONDON)  # type: ignore[misc]
    assert pick in PICKS
