"""The rules the board and the lead window only ask about, in tables: the top bar's counts and
search, the team's load, what a dropped card means, when a handoff asks for a note, and which
actions an open and a closed lead offer. Run in Los Angeles and Sydney as well as London."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leakdesk.board import BoardColumn, board_counts, board_entries, matches_search, team_load
from leakdesk.domain import Channel, Lead, Outcome
from leakdesk.lead_offers import LeadAction, LeadRequest, actions_offered, dropped_on, needs_handoff_note
from leakdesk.sla.calendar import BusinessCalendar, parse_hours
from leakdesk.sla.policy import SlaPolicy

ZONES = ["Europe/London", "America/Los_Angeles", "Australia/Sydney"]


def lead(lead_id: int, at: datetime, **changes: object) -> Lead:
    base = Lead(id=lead_id, contact_name="Ann Lee", contact_email="ann@example.com", contact_phone="+447700900123",
                channel=Channel.EMAIL, subject="Knee pain", received_at=at, captured_at=at)
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("zone", ZONES)
def test_counts_and_load_follow_the_clocks_in_the_business_zone(zone: str) -> None:
    tz = ZoneInfo(zone)
    policy = SlaPolicy(BusinessCalendar(parse_hours("mon-fri 09:00-17:00"), tz))
    now = datetime(2026, 11, 17, 11, 0, tzinfo=tz)  # a Tuesday morning there
    leads = [
        lead(1, now - timedelta(minutes=5)),                                 # unowned, fresh
        lead(2, now - timedelta(hours=1)),                                   # unowned, ownership breached
        lead(3, now - timedelta(minutes=50), owner_id=7, owned_at=now),      # owned, reply due in 10 minutes
        lead(4, now - timedelta(hours=2), owner_id=7, owned_at=now - timedelta(hours=2)),  # reply breached
        lead(5, now - timedelta(days=9), owner_id=8, owned_at=now - timedelta(days=9),
             first_response_at=now - timedelta(days=9), last_activity_at=now - timedelta(days=9)),  # stalled
        lead(6, now - timedelta(days=1), outcome=Outcome.BOOKED, closed_at=now),  # not live
    ]
    entries = board_entries(leads, policy, now)
    counts = board_counts(entries, policy, now)
    assert counts == {"unowned": 2, "due_soon": 1, "breached": 2, "stalled": 1}
    load = team_load(entries, policy, now, tz)
    assert load[None][:2] == (2, 1) and load[7][:2] == (2, 1) and load[8][:2] == (1, 0)
    assert load[7][2] == 2  # both replies fall due today, business time


@pytest.mark.parametrize(("text", "found"), [
    ("ann", True), ("ANN LEE", True), ("example.com", True), ("7700900123", True), ("knee", True),
    ("bob", False), ("", True)])
def test_search_covers_name_address_phone_and_subject(text: str, found: bool) -> None:
    assert matches_search(lead(1, datetime(2026, 11, 17, 9, tzinfo=ZoneInfo("UTC"))), text) is found


@pytest.mark.parametrize(("column", "action"), [
    (BoardColumn.BOOKED, LeadAction.BOOKED), (BoardColumn.NOT_READY, LeadAction.NOT_READY),
    (BoardColumn.WAITING, LeadAction.CLAIM), (BoardColumn.IN_CONVERSATION, LeadAction.LOG),
    (BoardColumn.UNOWNED, None)])
def test_a_dropped_card_means_its_columns_action(column: BoardColumn, action: LeadAction | None) -> None:
    assert dropped_on(column) is action


@pytest.mark.parametrize(("owner", "to", "asks"), [(None, 7, False), (7, 7, False), (7, 8, True)])
def test_only_taking_a_lead_from_its_owner_asks_for_a_note(owner: int | None, to: int, asks: bool) -> None:
    assert needs_handoff_note(lead(1, datetime(2026, 11, 17, 9, tzinfo=ZoneInfo("UTC")), owner_id=owner), to) is asks


def test_a_closed_lead_offers_reply_note_and_reopen_only() -> None:
    at = datetime(2026, 11, 17, 9, tzinfo=ZoneInfo("UTC"))
    assert LeadAction.CLOSE in actions_offered(lead(1, at)) and LeadAction.REOPEN not in actions_offered(lead(1, at))
    assert actions_offered(lead(1, at, outcome=Outcome.LOST, closed_at=at)) == (
        LeadAction.REPLY, LeadAction.NOTE, LeadAction.REOPEN)


@pytest.mark.parametrize(("name", "request_"), [
    ("log", LeadRequest(LeadAction.LOG)), ("claim", LeadRequest(LeadAction.CLAIM)),
    ("stage:qualified", LeadRequest(LeadAction.STAGE, "qualified")),
    ("draft:follow_up", LeadRequest(LeadAction.DRAFT, "follow_up")),
    ("cadence:check_in", LeadRequest(LeadAction.CADENCE, "check_in")),
    ("templates", LeadRequest(LeadAction.TEMPLATES))])
def test_every_gesture_names_a_typed_request(name: str, request_: LeadRequest) -> None:
    assert LeadRequest.read(name) == request_


def test_a_name_that_is_no_action_is_refused() -> None:
    with pytest.raises(ValueError):
        LeadRequest.read("launch:rockets")
