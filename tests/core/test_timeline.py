"""A lead's conversation rows: who did what, what was said, LeakDesk's own steps marked quieter."""

from __future__ import annotations

from datetime import datetime, timedelta

from leakdesk.domain import Event, EventKind, Message, MessageRole
from leakdesk.timeline import RowKind, rows

T0 = datetime.fromisoformat("2026-11-16T09:00:00+00:00")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_rows_in_time_order_with_authors_words_and_quiet_system_steps() -> None:
    people = {1: "Maya Patel", 2: "Tom Reid"}
    messages = [(Message("INBOX", 5, 1, "<e@x>", MessageRole.ENQUIRY, id=11), at(0), "ann@example.com"),
                (Message("Sent", 9, 1, "<r@x>", MessageRole.OUTBOUND_REPLY, id=12), at(30), "Maya@clinic.test"),
                (Message("INBOX", 10, 1, "<i@x>", MessageRole.INBOUND_REPLY, id=13), at(35), None)]
    events = [
        Event(1, EventKind.RECEIVED, at(1), None, {"received_at": "x"}),
        Event(1, EventKind.CLAIMED, at(5), 1, {"owner_id": 1}),
        Event(1, EventKind.ALERTED, at(4), None, {"key": "k"}),
        Event(1, EventKind.REPLIED, at(30), 1, {"message_id": "<r@x>"}),
        Event(1, EventKind.CONTACT_LOGGED, at(40), 1, {"how": "whatsapp", "summary": "Sent the price list " * 8}),
        Event(1, EventKind.HANDED_OFF, at(50), 1, {"owner_id": 2}),
        Event(1, EventKind.OUTCOME_SET, at(60), 2, {"outcome": "lost", "reason": "other", "reason_text": "Moved away"}),
    ]
    out = rows(messages, events, people, at(0), "Ann Lee", {"maya@clinic.test": "Maya Patel"})
    assert [(r.title, r.author, r.kind) for r in out] == [
        ("Enquiry", "ann@example.com", RowKind.MESSAGE),
        ("Alert sent", "", RowKind.SYSTEM),
        ("Claimed", "Maya Patel", RowKind.WORK),
        ("Reply sent", "Maya Patel", RowKind.MESSAGE),
        ("Prospect wrote", "Ann Lee", RowKind.MESSAGE),
        ("WhatsApp", "Maya Patel", RowKind.WORK),
        ("Handed off to Tom Reid", "Maya Patel", RowKind.WORK),
        ("Closed: Lost", "Tom Reid", RowKind.WORK),
    ]
    assert [r.message_row for r in out if r.kind is RowKind.MESSAGE] == [11, 12, 13]
    whatsapp, handoff, closed = out[5], out[6], out[7]
    assert whatsapp.text.startswith("Sent the price list") and len(whatsapp.snippet) == 90
    assert whatsapp.snippet.endswith("…") and "\n" not in whatsapp.snippet
    assert handoff.text == "No handoff note."
    assert closed.text == "Other; Moved away"


def test_a_lead_without_stored_mail_still_opens_on_its_enquiry() -> None:
    events = [Event(1, EventKind.RECEIVED, at(2), None, {"received_at": "x", "subject": "Sports massage prices?"}),
              Event(1, EventKind.CLAIMED, at(5), 1, {"owner_id": 1})]
    out = rows([], events, {1: "Maya Patel"}, at(0), "Ann Lee")
    assert [(r.title, r.author, r.text, r.at) for r in out] == [
        ("Enquiry", "Ann Lee", "Sports massage prices?", at(0)), ("Claimed", "Maya Patel", "", at(5))]
    assert out[0].message_row is None
