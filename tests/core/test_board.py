"""The board's rules: columns, order, and which closed leads still show."""

from __future__ import annotations

from datetime import timedelta

from leakdesk.actions import LeadActions
from leakdesk.board import BoardColumn, BoardWindow, board_entries, column_of
from leakdesk.clock import FakeClock
from leakdesk.domain import Event, EventKind
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from tests.core.test_store import received


def close(store: Store, lead_id: int, clock: FakeClock, **details: str) -> None:
    store.leads.record(Event(lead_id, EventKind.OUTCOME_SET, clock.now(), None, details))


def test_columns_follow_owner_response_and_outcome(store: Store, clock: FakeClock) -> None:
    person = store.people.add("Maya Patel", "MP", "#0072B2").id
    lead = store.leads.open_lead(received(clock))
    assert column_of(lead) is BoardColumn.UNOWNED
    lead = LeadActions(store, clock).claim(lead.id, person)
    assert column_of(lead) is BoardColumn.WAITING
    lead = store.leads.record(Event(lead.id, EventKind.REPLIED, clock.now(), person, {}))
    assert column_of(lead) is BoardColumn.IN_CONVERSATION
    close(store, lead.id, clock, outcome="booked")
    assert column_of(store.leads.get(lead.id)) is BoardColumn.BOOKED
    close(store, lead.id, clock, outcome="won")
    assert column_of(store.leads.get(lead.id)) is None


def test_order_is_by_deadline_so_ticking_never_reorders(store: Store, clock: FakeClock) -> None:
    ids = []
    for minutes in (0, 30, 10):
        clock.advance(minutes=minutes)
        ids.append(store.leads.open_lead(received(clock)).id)
    policy = policy_from_settings(store.settings.load())
    order = [e.lead.id for e in board_entries(list(store.leads.all()), policy)]
    assert order == ids  # received earliest -> ownership deadline earliest -> first


def test_board_window_bounds_closed_leads(store: Store, clock: FakeClock) -> None:
    today = (clock.now() + timedelta(days=15)).date()  # the board is looked at 15 days on
    wanted, unwanted = [], []
    for revisit, keep in ((today + timedelta(days=10), True), (today - timedelta(days=59), True),
                          (today + timedelta(days=31), False), (today - timedelta(days=61), False)):
        lead = store.leads.open_lead(received(clock))
        close(store, lead.id, clock, outcome="not_ready", revisit_on=revisit.isoformat())
        (wanted if keep else unwanted).append(lead.id)
    old_booked = store.leads.open_lead(received(clock))
    close(store, old_booked.id, clock, outcome="booked")
    clock.advance(days=15)
    fresh_booked = store.leads.open_lead(received(clock))
    close(store, fresh_booked.id, clock, outcome="booked")
    open_lead = store.leads.open_lead(received(clock))
    shown = {lead.id for lead in store.leads.for_board(BoardWindow.as_of(clock.now()))}
    assert shown == {*wanted, fresh_booked.id, open_lead.id}
    assert BoardWindow.as_of(clock.now()).revisit_to == clock.now().date() + timedelta(days=30)
