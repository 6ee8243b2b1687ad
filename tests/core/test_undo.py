"""Every lead action can be taken back: an UNDONE event is appended (the log stays append-only) and
the lead is exactly what it was before; an action the lead was worked past cannot be undone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock
from leakdesk.domain import ContactKind, EventKind, Lead, LostReason, Outcome, Stage
from leakdesk.errors import ActionError
from leakdesk.store import Store
from leakdesk.timeline import rows
from tests.core.test_store import received

Action = Callable[[LeadActions, int, int, int], object]
ACTIONS: dict[str, Action] = {
    "claim": lambda a, lead, me, other: a.claim(lead, me),
    "assign": lambda a, lead, me, other: a.assign(lead, other, me, note="Yours: wants Friday"),
    "log contact": lambda a, lead, me, other: a.log_contact(lead, me, ContactKind.CALL, "Wants Friday"),
    "next step": lambda a, lead, me, other: a.set_next_step(lead, me, "Call back", a.clock.now() + timedelta(days=1)),
    "stage": lambda a, lead, me, other: a.set_stage(lead, me, Stage.QUALIFIED),
    "booked": lambda a, lead, me, other: a.close(lead, me, Outcome.BOOKED),
    "lost": lambda a, lead, me, other: a.close(lead, me, Outcome.LOST, LostReason.PRICE),
    "not ready": lambda a, lead, me, other: a.close(lead, me, Outcome.NOT_READY, revisit_on=date(2026, 12, 24)),
    "note": lambda a, lead, me, other: a.add_note(lead, me, "Prefers mornings"),
    "edit contact": lambda a, lead, me, other: a.edit_contact(lead, me, "Ann Lee-Smith", "ann@example.com",
                                                              "+44 7700 900123"),
}


@pytest.fixture
def team(store: Store) -> tuple[int, int]:
    return store.people.add("Maya Patel", "MP", "#0072B2").id, store.people.add("Tom Reid", "TR", "#E69F00").id


def started(store: Store, clock: FakeClock, actions: LeadActions, me: int) -> Lead:
    """A lead claimed, answered and with a cadence: undoing must restore all of it."""
    lead = store.leads.open_lead(received(clock))
    clock.advance(minutes=5)
    actions.claim(lead.id, me)
    clock.advance(minutes=5)
    actions.log_contact(lead.id, me, ContactKind.CALL, "Left a message")
    clock.advance(hours=2)
    return store.leads.get(lead.id)


@pytest.mark.parametrize("name", list(ACTIONS))
def test_each_action_is_undone_to_the_lead_it_was(name: str, store: Store, clock: FakeClock,
                                                  team: tuple[int, int]) -> None:
    me, other = team
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock)) if name == "claim" else started(store, clock, actions, me)
    before_events = store.leads.events(lead.id)
    done, undo = actions.undoable(lead.id, name, lambda: ACTIONS[name](actions, lead.id, me, other))  # type: ignore[arg-type, return-value]
    assert undo is not None and (done != lead or name == "note")  # a note changes no field: it is read, not counted
    clock.advance(minutes=1)
    back = actions.undo(undo, me)
    assert back == lead == store.leads.get(lead.id)
    after = store.leads.events(lead.id)
    assert after[:len(before_events)] == before_events  # nothing rewritten
    last = after[-1]
    assert (last.kind, last.actor_id, last.details["undoes"]) == (EventKind.UNDONE, me, list(undo.event_ids))
    marked = [r.title for r in rows([], after, {me: "Maya Patel", other: "Tom Reid"}, lead.received_at)]
    assert any(t.endswith("(undone)") for t in marked) and "Undid the last action" in marked
    with pytest.raises(ActionError, match="undone already"):
        actions.undo(undo, me)


def test_an_action_the_lead_was_worked_past_cannot_be_undone(store: Store, clock: FakeClock,
                                                             team: tuple[int, int]) -> None:
    me, other = team
    actions = LeadActions(store, clock)
    lead = started(store, clock, actions, me)
    _, undo = actions.undoable(lead.id, "Assigned to Tom Reid", lambda: actions.assign(lead.id, other, me, "Yours"))
    assert undo is not None
    actions.add_note(lead.id, other, "Calling her at 3")
    with pytest.raises(ActionError, match="“Assigned to Tom Reid” cannot be undone: the lead changed since "
                                          r"\(Tom Reid\)"):
        actions.undo(undo, me)
    assert store.leads.get(lead.id).owner_id == other
