"""Leads that never were an email (issue 20): typed in by hand, on the same clocks as mail leads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leakdesk.actions import LeadActions, NewLead
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, EventKind
from leakdesk.errors import ActionError
from leakdesk.store import Store


def test_a_call_taken_and_answered_is_owned_and_answered_from_when_it_came_in(store: Store,
                                                                              clock: FakeClock) -> None:
    store.settings.set_many({"business.phone_region": "GB"})
    maya = store.people.add("Maya Patel", "MP", "#0072B2")
    called = clock.now() - timedelta(minutes=25)
    lead = LeadActions(store, clock).add_lead(NewLead(
        Channel.PHONE, "Ann Lee", "07700 900123", "", "Price for a knee assessment?", called, maya.id, True))
    assert (lead.channel, lead.contact_phone, lead.contact_name) == (Channel.PHONE, "+447700900123", "Ann Lee")
    assert lead.received_at == called and lead.captured_at == clock.now()
    assert lead.owner_id == maya.id and lead.owned_at == called and lead.first_response_at == called
    assert lead.subject == "Price for a knee assessment?"
    kinds = [e.kind for e in store.leads.events(lead.id)]
    assert kinds == [EventKind.RECEIVED, EventKind.CLAIMED, EventKind.CONTACT_LOGGED]


def test_a_walk_in_nobody_took_yet_waits_unowned_on_its_clock(store: Store, clock: FakeClock) -> None:
    lead = LeadActions(store, clock).add_lead(NewLead(Channel.WALK_IN, "Bo Chan", asked="Asked about Saturdays"))
    assert lead.owner_id is None and lead.first_response_at is None and lead.received_at == clock.now()
    assert lead.channel.label == "Walk-in"


@pytest.mark.parametrize(("new", "said"), [
    (NewLead(Channel.PHONE), "A contact needs a name, an email address or a phone number."),
    (NewLead(Channel.PHONE, "Cy", phone="12"), "'12' is not a phone number LeakDesk can read"),
    (NewLead(Channel.SOCIAL, "Cy", email="cy@"), "'cy@' is not an email address."),
    (NewLead(Channel.EMAIL, "Cy"), "A lead typed in comes by phone, walk-in, whatsapp"),
])
def test_what_cannot_be_a_lead_by_hand_is_one_sentence(store: Store, clock: FakeClock, new: NewLead,
                                                       said: str) -> None:
    with pytest.raises(ActionError, match=said.replace(".", r"\.").replace("(", r"\(")):
        LeadActions(store, clock).add_lead(new)


def test_an_enquiry_cannot_come_in_later_than_now(store: Store, clock: FakeClock) -> None:
    with pytest.raises(ActionError, match="later than now"):
        LeadActions(store, clock).add_lead(NewLead(Channel.PHONE, "Di", received_at=clock.now() + timedelta(hours=1)))


def test_a_walk_in_typed_in_alerts_and_counts_in_the_weeks_figures_like_mail(store: Store, clock: FakeClock) -> None:
    from leakdesk.alerting import Alerting
    from leakdesk.report.review import review
    from leakdesk.sla.alerts import AlertKind
    from leakdesk.sla.policy import policy_from_settings

    me = store.people.add("Maya Patel", "MP", "#0072B2").id
    lead = LeadActions(store, clock).add_lead(NewLead(Channel.WALK_IN, "Bo Chan", asked="Saturdays?"))
    policy = policy_from_settings(store.settings.load())
    alerts = Alerting(store, clock).check(store.leads.all(), policy, me)
    assert [(a.kind, list(a.lead_ids)) for a in alerts] == [(AlertKind.NEW_LEAD, [lead.id])]
    [week] = review(store, clock.now(), weeks=1).weeks
    assert week.leads == 1
