"""Activity is working the lead with the prospect (LEAKAGE.md, "Activity"): only that resets the
stale clock. Moving a lead between people, notes, corrections, alerts, drafts and planning do not."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from leakdesk import lifecycle
from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock
from leakdesk.domain import ContactKind, Event, EventKind, Lead, LeakKind
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from leakdesk.store.migrations import MIGRATIONS
from leakdesk.store.rows import iso
from tests.core.test_store import received

DAY = timedelta(days=1)
# (event kind, details, whether it is activity)
TABLE: list[tuple[EventKind, dict[str, object], bool]] = [
    (EventKind.INBOUND, {"message_id": "<x@y>"}, True),
    (EventKind.REPLIED, {"message_id": "<r@y>", "via": "email"}, True),
    (EventKind.CONTACT_LOGGED, {"how": "call", "summary": "Wants Friday"}, True),
    (EventKind.NEXT_STEP_DONE, {"action": "Call back"}, True),
    (EventKind.STAGE_CHANGED, {"stage": "qualified"}, True),
    (EventKind.OUTCOME_SET, {"outcome": "won"}, True),
    (EventKind.REOPENED, {"revisit": True}, True),
    (EventKind.CLAIMED, {"owner_id": 1}, False),
    (EventKind.ASSIGNED, {"owner_id": 2}, False),
    (EventKind.HANDED_OFF, {"owner_id": 2, "note": "Called her; wants Friday."}, False),
    (EventKind.NOTE, {"text": "Prefers mornings"}, False),
    (EventKind.OVERRIDDEN, {"label": "lead"}, False),
    (EventKind.CONTACT_EDITED, {"contact_phone": "+447700900123"}, False),
    (EventKind.ALERTED, {"key": "k"}, False),
    (EventKind.DRAFT_PREPARED, {"message_id": "<d@y>"}, False),
    (EventKind.NEXT_STEP_SET, {"action": "Call back", "due": "2026-11-20T10:00:00.000000+00:00"}, False),
    (EventKind.NEXT_STEP_DONE, {"action": "Call back", "cadence": "new_enquiry", "step": 0}, False),
    (EventKind.NEXT_STEP_DONE, {"action": "Call back", "replaced_by": "new_enquiry"}, False),
    (EventKind.CADENCE_STARTED, {"cadence": "new_enquiry"}, False),
    (EventKind.CADENCE_STOPPED, {"why": "replied"}, False),
]


def opened(at: datetime) -> Lead:
    return lifecycle.apply(None, Event(7, EventKind.RECEIVED, at, None, {
        "received_at": iso(at), "contact_name": "Ann Lee", "channel": "web_form", "subject": "Knee"}))


@pytest.mark.parametrize(("kind", "details", "works"), TABLE, ids=[
    f"{k.value}{'-' + next(iter(d)) if k is EventKind.NEXT_STEP_DONE else ''}" for k, d, _ in TABLE])
def test_what_resets_the_stale_clock(kind: EventKind, details: dict[str, object], works: bool) -> None:
    start = datetime.fromisoformat("2026-11-16T09:00:00+00:00")
    lead = opened(start)
    if kind is EventKind.REOPENED:
        lead = lifecycle.apply(lead, Event(7, EventKind.OUTCOME_SET, start, 1, {"outcome": "not_ready"}))
    later = start + 3 * DAY
    after = lifecycle.apply(lead, Event(7, kind, later, 1, details))
    assert lifecycle.is_activity(Event(7, kind, later, 1, details)) is works
    assert after.last_activity_at == (later if works else start)


def test_an_assignment_leaves_a_stalled_lead_stalled(store: Store, clock: FakeClock) -> None:
    maya, tom = store.people.add("Maya Patel", "MP", "#0072B2").id, store.people.add("Tom Reid", "TR", "#E69F00").id
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock))
    actions.claim(lead.id, maya)
    clock.advance(days=14)  # two working weeks of silence
    policy = policy_from_settings(store.settings.load())
    assert LeakKind.STALLED in leak_kinds(store.leads.get(lead.id), policy, clock.now())
    handed = actions.assign(lead.id, tom, maya, note="Over to you, she wants Friday.")
    actions.add_note(lead.id, tom, "Will call tomorrow")
    assert handed.owner_id == tom and store.leads.get(lead.id).last_activity_at == lead.received_at
    assert LeakKind.STALLED in leak_kinds(store.leads.get(lead.id), policy, clock.now())


def test_stored_activity_is_recomputed_when_the_rule_changes(store: Store, clock: FakeClock) -> None:
    maya = store.people.add("Maya Patel", "MP", "#0072B2").id
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock))
    untouched = store.leads.open_lead(received(clock, "Bo Ray"))
    clock.advance(days=2)
    actions.claim(lead.id, maya)
    clock.advance(days=1)
    actions.log_contact(lead.id, maya, ContactKind.CALL, "Left a message")
    logged = clock.now()
    clock.advance(days=3)
    actions.assign(lead.id, maya, maya, note="Mine")
    # A data folder from before: the old rule had every event but alerts count as activity.
    with store.transaction():
        store.db.execute("UPDATE leads SET last_activity_at = ? WHERE id = ?", [iso(clock.now()), lead.id])
        store.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_activity_is_working_the_lead'")
        store.db.execute("DELETE FROM lead_facts_stale")
    MIGRATIONS.apply(store.db)
    assert store.leads.get(lead.id).last_activity_at == logged
    assert store.leads.get(untouched.id).last_activity_at == untouched.received_at
    stale = [r[0] for r in store.db.execute("SELECT lead_id FROM lead_facts_stale")]
    assert stale == [lead.id]  # its figures are derived again; a lead whose activity stands is left alone
