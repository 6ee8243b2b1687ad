"""Cadences with the fake clock: steps on the right business days, stopped by a reply or a close,
check-ins from the revisit date, and an unsent draft that turns into a stalled lead."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from leakdesk import lifecycle
from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, ContactKind, Event, EventKind, Lead, LeakKind, Outcome
from leakdesk.domain.cadences import Step, parse_channel_cadences, parse_steps
from leakdesk.errors import ActionError, SettingsError
from leakdesk.followup.service import FollowUp
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from leakdesk.store.rows import iso

# London in winter is UTC, so the times below read as the clinic's wall clock (open mon-fri 09:00-17:00).
TUE = datetime(2026, 11, 17, 11, 20, tzinfo=UTC)
FRI_LATE = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)


@pytest.fixture
def shop(store: Store) -> Store:
    store.settings.set_many({"business.timezone": "Europe/London", "business.hours": "mon-fri 09:00-17:00",
                             "sla.response_minutes": "60"})
    return store


def new_lead(store: Store, clock: FakeClock, *, channel: Channel = Channel.WEB_FORM,
             email: str | None = "ann@example.com") -> Lead:
    lead = store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now()), "contact_name": "Ann Lee", "contact_email": email,
        "channel": channel.value, "subject": "Knee pain"}))
    FollowUp(store, clock).start_for_new_leads([lead.id])
    return store.leads.get(lead.id)


def reply(store: Store, clock: FakeClock, lead_id: int, kind: EventKind = EventKind.REPLIED,
          message_id: str = "<r@clinic.test>") -> Lead:
    """What sync does with a sent copy (REPLIED) or the prospect's message (INBOUND)."""
    store.leads.record(Event(lead_id, kind, clock.now(), None, {"message_id": message_id}))
    FollowUp(store, clock).advance([lead_id])
    return store.leads.get(lead_id)


def kinds(store: Store, lead_id: int) -> list[EventKind]:
    return [e.kind for e in store.leads.events(lead_id)]


# -- the written form ---------------------------------------------------------------------------

def test_steps_are_read_the_way_people_write_them() -> None:
    assert parse_steps("x", "0 acknowledge, 2 follow_up_1,10 close") == (
        Step(0, "acknowledge"), Step(2, "follow_up_1"), Step(10, None))
    with pytest.raises(SettingsError, match="'two follow_up_1' is not one"):
        parse_steps("followup.cadence.standard", "0 acknowledge, two follow_up_1")
    with pytest.raises(SettingsError, match="day 2 comes after day 5"):
        parse_steps("followup.cadence.standard", "5 follow_up_1, 2 last_try")
    assert parse_channel_cadences("all=standard, phone=none")[Channel.PHONE] == "none"
    assert parse_channel_cadences("all=standard, phone=none")[Channel.WEB_FORM] == "standard"
    with pytest.raises(SettingsError, match="not 'fax'"):
        parse_channel_cadences("fax=standard")
    with pytest.raises(SettingsError, match="'email=fast' is not that"):
        parse_channel_cadences("email=fast")


# -- steps on business days ---------------------------------------------------------------------

def test_a_new_lead_gets_the_acknowledgement_within_the_response_target(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = new_lead(shop, clock)
    assert (lead.cadence, lead.cadence_step, lead.next_step_template) == ("standard", 0, "acknowledge")
    assert lead.next_step == "Send: Acknowledgement"
    assert lead.next_step_due == TUE + timedelta(minutes=60)
    assert kinds(shop, lead.id) == [EventKind.RECEIVED, EventKind.CADENCE_STARTED, EventKind.NEXT_STEP_SET]
    assert lead.last_activity_at == TUE  # LeakDesk planning is not activity on the lead


def test_each_sent_step_plans_the_next_on_its_business_day(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = new_lead(shop, clock)
    clock.advance(minutes=30)
    lead = reply(shop, clock, lead.id)                                   # acknowledgement sent Tue 11:50
    assert (lead.cadence_step, lead.next_step_template) == (1, "follow_up_1")
    assert lead.next_step_due == datetime(2026, 11, 19, 11, 20, tzinfo=UTC)  # day 2: Thursday, same time
    done = shop.leads.events(lead.id)[-2]
    assert done.kind is EventKind.NEXT_STEP_DONE and done.details["via"] == "reply"
    clock.set(datetime(2026, 11, 19, 10, 0, tzinfo=UTC))
    lead = reply(shop, clock, lead.id, message_id="<r2@clinic.test>")
    assert lead.next_step_due == datetime(2026, 11, 24, 11, 20, tzinfo=UTC)  # day 5: next Tuesday
    clock.set(datetime(2026, 11, 27, 15, 0, tzinfo=UTC))                   # day 5 sent three days late (Fri)
    lead = reply(shop, clock, lead.id, message_id="<r3@clinic.test>")
    # Day 10 would be Tue 1 Dec, but the gap of 5 business days after a late send is kept: Fri 4 Dec.
    assert (lead.next_step_template, lead.next_step_due) == ("last_try", datetime(2026, 12, 4, 15, 0, tzinfo=UTC))


def test_a_friday_evening_enquiry_is_due_on_monday_and_holidays_are_skipped(shop: Store) -> None:
    shop.settings.set("business.holidays_extra", "2026-11-25")            # the Wednesday is closed
    clock = FakeClock(FRI_LATE)
    lead = new_lead(shop, clock)
    assert lead.next_step_due == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # 30 min Friday + 30 min Monday
    clock.set(datetime(2026, 11, 23, 9, 10, tzinfo=UTC))
    lead = reply(shop, clock, lead.id)
    # Day 2 from Friday 16:30: Monday, then Tuesday (Wednesday's holiday is after it).
    assert lead.next_step_due == datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    clock.set(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    lead = reply(shop, clock, lead.id, message_id="<r2@x>")
    # Day 5: Mon, Tue, (Wed closed), Thu, Fri, Mon 30 Nov.
    assert lead.next_step_due == datetime(2026, 11, 30, 16, 30, tzinfo=UTC)


def test_a_lead_without_email_gets_calls_not_drafts(shop: Store) -> None:
    lead = new_lead(shop, FakeClock(TUE), channel=Channel.PHONE, email=None)
    assert (lead.next_step, lead.next_step_template) == ("Call: Acknowledgement", None)


# -- what stops a cadence -----------------------------------------------------------------------

def test_a_reply_from_the_prospect_stops_the_cadence(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = new_lead(shop, clock)
    clock.advance(minutes=20)
    lead = reply(shop, clock, lead.id)
    clock.advance(days=1)
    lead = reply(shop, clock, lead.id, EventKind.INBOUND, "<ann-2@example.com>")
    assert (lead.cadence, lead.next_step, lead.next_step_due, lead.next_step_template) == (None, None, None, None)
    stopped = shop.leads.events(lead.id)[-1]
    assert stopped.kind is EventKind.CADENCE_STOPPED and stopped.details["reason"] == "the prospect replied"
    clock.advance(days=1)
    assert reply(shop, clock, lead.id, message_id="<r9@x>").cadence is None  # and it stays stopped


def test_closing_the_lead_stops_the_cadence(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = new_lead(shop, clock)
    closed = LeadActions(shop, clock).close(lead.id, None, Outcome.BOOKED)
    assert (closed.cadence, closed.next_step, closed.next_step_template) == (None, None, None)
    assert lifecycle.rebuild(shop.leads.events(lead.id)) == closed


def test_a_person_planning_the_next_step_takes_over(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = new_lead(shop, clock)
    mine = LeadActions(shop, clock).set_next_step(lead.id, None, "Call about Saturday", TUE + timedelta(days=1))
    assert (mine.cadence, mine.next_step, mine.next_step_template) == (None, "Call about Saturday", None)
    assert reply(shop, clock, lead.id).next_step == "Call about Saturday"


def test_a_logged_call_counts_as_the_touch_and_the_cadence_runs_to_its_end(shop: Store) -> None:
    clock = FakeClock(TUE)
    actions = LeadActions(shop, clock)
    lead = new_lead(shop, clock)
    seen = []
    for _ in range(4):
        clock.set(lead.next_step_due or clock.now())
        lead = actions.log_contact(lead.id, None, ContactKind.CALL, "left a message")
        seen.append(lead.next_step_template)
    assert seen == ["follow_up_1", "follow_up_2", "last_try", None]
    assert lead.next_step == "Close the file if there is still no reply"
    lead = actions.complete_next_step(lead.id, None)
    assert (lead.cadence, lead.next_step) == (None, None)
    assert shop.leads.events(lead.id)[-1].details["reason"] == "every step is done"
    assert lifecycle.rebuild(shop.leads.events(lead.id)) == lead


def test_a_person_can_choose_another_cadence_or_none(shop: Store) -> None:
    clock = FakeClock(TUE)
    followup = FollowUp(shop, clock)
    lead = new_lead(shop, clock)
    changed = followup.choose(lead.id, "no_show", None)
    assert (changed.cadence, changed.next_step_template) == ("no_show", "no_show")
    stopped = followup.choose(lead.id, "none", None)
    assert (stopped.cadence, stopped.next_step) == (None, None)
    with pytest.raises(ActionError, match="no cadence called 'fast'"):
        followup.choose(lead.id, "fast", None)


def test_channels_and_history_decide_who_gets_a_cadence(shop: Store) -> None:
    shop.settings.set("followup.channel_cadences", "all=standard, referral=none")
    clock = FakeClock(TUE)
    assert new_lead(shop, clock, channel=Channel.REFERRAL).cadence is None
    assert new_lead(shop, clock, channel=Channel.EMAIL).cadence == "standard"
    shop.db.execute("INSERT INTO accounts (name, host, port, username, connected_at, created_at) "
                    "VALUES ('a', 'h', 993, 'u', ?, ?)", [iso(TUE + timedelta(hours=1)), iso(TUE)])
    assert new_lead(shop, clock).cadence is None  # received before the inbox was connected: history


# -- not ready, and a draft nobody sent ---------------------------------------------------------

def test_a_not_ready_lead_resumes_with_the_check_in_on_its_revisit_date(shop: Store) -> None:
    clock = FakeClock(TUE)
    actions = LeadActions(shop, clock)
    lead = new_lead(shop, clock)
    actions.close(lead.id, None, Outcome.NOT_READY, revisit_on=date(2026, 12, 1))
    clock.set(datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
    assert actions.bring_back_revisits() == []
    clock.set(datetime(2026, 12, 1, 7, 45, tzinfo=UTC))                    # the morning of the revisit date
    [back] = actions.bring_back_revisits()
    assert (back.is_open, back.cadence, back.next_step_template) == (True, "check_in", "check_in")
    assert back.next_step_due == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # opening + the response target
    clock.set(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    back = reply(shop, clock, back.id, message_id="<check@x>")
    assert (back.next_step_template, back.next_step_due) == ("follow_up_2", datetime(2026, 12, 4, 9, 0,
                                                                                     tzinfo=UTC))


def test_an_unsent_draft_past_its_step_turns_the_lead_stalled(shop: Store) -> None:
    clock = FakeClock(TUE)
    lead = reply(shop, clock, new_lead(shop, clock).id)                   # answered; follow-up 1 due Thu 11:20
    shop.leads.record(Event(lead.id, EventKind.DRAFT_PREPARED, clock.now(), None,
                            {"message_id": "<d@x>", "template": "follow_up_1", "cadence": "standard", "step": 1}))
    policy = policy_from_settings(shop.settings.load())
    lead = shop.leads.get(lead.id)
    assert lead.draft_ready_at == TUE
    assert LeakKind.STALLED not in leak_kinds(lead, policy, datetime(2026, 11, 20, 11, 0, tzinfo=UTC))
    assert LeakKind.STALLED in leak_kinds(lead, policy, datetime(2026, 11, 20, 11, 30, tzinfo=UTC))


def test_drafts_due_today_are_the_steps_without_a_draft(shop: Store) -> None:
    clock = FakeClock(TUE)
    followup = FollowUp(shop, clock)
    first, second = new_lead(shop, clock), new_lead(shop, clock)
    later = reply(shop, clock, new_lead(shop, clock).id)                  # its next draft is Thursday's
    no_email = new_lead(shop, clock, email=None)
    end = followup.end_of_today()
    assert end == datetime(2026, 11, 18, 0, 0, tzinfo=UTC)
    assert [x.id for x in followup.due_for_drafts(end)] == [first.id, second.id]
    shop.leads.record(Event(first.id, EventKind.DRAFT_PREPARED, clock.now(), None, {"message_id": "<d@x>"}))
    assert [x.id for x in followup.due_for_drafts(end)] == [second.id]
    assert later.id not in [x.id for x in followup.due_for_drafts(end)] and no_email.cadence == "standard"


def test_a_schema_0004_database_migrates_with_its_leads_and_drafts(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "schema_0004.sqlite", path)
    store = Store.open(path)
    leads = list(store.leads.all())
    assert [x.contact_name for x in leads] == ["Ann Lee", "Bob Ray", "Cy Dean"]
    assert leads[0].next_step == "Call back" and leads[0].cadence is None   # a person's step stays theirs
    assert leads[1].draft_ready_at is not None                            # its draft still waits to be sent
    assert store.leads.lead_of_draft("<d1@leakdesk>") == leads[1].id      # the old draft still finds its lead
    assert [t.name for t in store.templates.all()][:2] == ["acknowledge", "follow_up_1"]
    for lead in leads:  # every row is still exactly what its log says, new columns included
        assert lifecycle.rebuild(store.leads.events(lead.id)) == lead
    store.close()
