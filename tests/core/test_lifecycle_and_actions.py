"""Events change leads: the reducer, claim/assign, and rebuild from the log."""

from __future__ import annotations

import pytest

from leakdesk import lifecycle
from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock
from leakdesk.domain import Event, EventKind, LeakKind, Outcome, Stage
from leakdesk.errors import ActionError
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from tests.core.test_store import received


@pytest.fixture
def team(store: Store) -> tuple[int, int]:
    return (store.people.add("Maya Patel", "MP", "#0072B2").id, store.people.add("Tom Reid", "TR", "#E69F00").id)


def test_claim_writes_an_event_and_sets_owner(store: Store, clock: FakeClock, team: tuple[int, int]) -> None:
    lead = store.leads.open_lead(received(clock))
    clock.advance(minutes=4)
    claimed = LeadActions(store, clock).claim(lead.id, team[0])
    assert (claimed.owner_id, claimed.owned_at) == (team[0], clock.now())
    last = store.leads.events(lead.id)[-1]
    assert (last.kind, last.actor_id, last.details["owner_id"]) == (EventKind.CLAIMED, team[0], team[0])


def test_claiming_someone_elses_lead_is_refused(store: Store, clock: FakeClock, team: tuple[int, int]) -> None:
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock))
    actions.claim(lead.id, team[0])
    with pytest.raises(ActionError, match="Maya Patel already owns this lead"):
        actions.claim(lead.id, team[1])
    assert actions.claim(lead.id, team[0]).owner_id == team[0]  # claiming your own is a no-op
    assert store.leads.count_events(EventKind.CLAIMED) == 1


def test_handoff_without_note_is_recorded_as_a_leak(store: Store, clock: FakeClock, team: tuple[int, int]) -> None:
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock))
    first = actions.assign(lead.id, team[0], by_person_id=team[1])
    assert store.leads.events(lead.id)[-1].kind is EventKind.ASSIGNED and not first.handoff_without_context
    handed = actions.assign(lead.id, team[1], by_person_id=team[0])
    assert store.leads.events(lead.id)[-1].kind is EventKind.HANDED_OFF
    policy = policy_from_settings(store.settings.load())
    assert LeakKind.HANDOFF_WITHOUT_CONTEXT in leak_kinds(handed, policy, clock.now())


def test_handoff_with_note_keeps_the_note(store: Store, clock: FakeClock, team: tuple[int, int]) -> None:
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock))
    actions.claim(lead.id, team[0])
    handed = actions.assign(lead.id, team[1], team[0], note="  Called her; wants Friday.  ")
    assert handed.handoff_note == "Called her; wants Friday." and not handed.handoff_without_context


def test_closed_leads_cannot_be_claimed(store: Store, clock: FakeClock, team: tuple[int, int]) -> None:
    lead = store.leads.open_lead(received(clock))
    store.leads.record(Event(lead.id, EventKind.OUTCOME_SET, clock.now(), None, {"outcome": "not_a_lead"}))
    with pytest.raises(ActionError, match="closed"):
        LeadActions(store, clock).claim(lead.id, team[0])


def test_a_reply_is_the_first_response_and_makes_the_replier_owner(store: Store, clock: FakeClock,
                                                                   team: tuple[int, int]) -> None:
    lead = store.leads.open_lead(received(clock))
    clock.advance(minutes=20)
    replied = store.leads.record(Event(lead.id, EventKind.REPLIED, clock.now(), team[1], {}))
    assert replied.first_response_at == clock.now() and replied.owner_id == team[1]
    assert replied.stage is Stage.CONTACTED and replied.outbound_touches == 1


def test_reopen_clears_the_outcome(store: Store, clock: FakeClock) -> None:
    lead = store.leads.open_lead(received(clock))
    store.leads.record(Event(lead.id, EventKind.OUTCOME_SET, clock.now(), None,
                             {"outcome": "not_ready", "revisit_on": "2027-01-10"}))
    assert store.leads.get(lead.id).outcome is Outcome.NOT_READY
    reopened = store.leads.record(Event(lead.id, EventKind.REOPENED, clock.now(), None, {}))
    assert reopened.outcome is None and reopened.revisit_on is None


def test_every_demo_lead_rebuilds_exactly_from_its_events(demo_store: Store) -> None:
    for lead in demo_store.leads.all():
        assert lifecycle.rebuild(demo_store.leads.events(lead.id)) == lead


def test_a_log_must_start_with_received(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="starts with a received event"):
        lifecycle.apply(None, Event(1, EventKind.NOTE, clock.now()))
