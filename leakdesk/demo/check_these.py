"""The demo's Check these: three messages LeakDesk cannot be sure about,
read by the real classifier so their evidence is what a real inbox shows."""

from __future__ import annotations

from datetime import datetime, timedelta

from leakdesk.domain import Message, MessageRole
from leakdesk.mail.business import reading_context
from leakdesk.mail.classify import Decision, classify
from leakdesk.mail.content import extract
from leakdesk.mail.parse import parse_message
from leakdesk.store import Store

MAILS = (
    ("Superprof <no-reply@superprof.example>", "New lesson request from Pablo",
     "List-Unsubscribe: <https://superprof.example/unsubscribe>",
     "You have a new request!\n\nPablo wants sessions with you.\n\nLevel: beginner\nWhen: weekday evenings\n"
     "Message: Hello, I hurt my back lifting boxes. How much is an hour?\n\n"
     "Accept the request to see their contact details: https://superprof.example/requests/8192736\n"),
    ("Jo Hart <jo@hartcreative.example>", "An idea for Brightside", "",
     "Hi there,\n\nWe help local clinics with their websites. Do you have ten minutes next week?\n\nJo\n"),
    ("Bookings <noreply@clinicbook.example>", "Callback", "",
     "Someone pressed the call-back button on your page: maria.lopez@mail.example\n"),
)


def add_check_these(store: Store, now: datetime) -> int:
    """Store the demo's undecided messages (those the reading really is unsure of); how many."""
    context = reading_context(store)
    added = 0
    for n, (sender, subject, extra, body) in enumerate(MAILS):
        at = now - timedelta(minutes=40 + 55 * n)
        mid = f"<demo-check-{n}@brightsidephysio.example>"
        raw = (f"From: {sender}\r\nTo: hello@brightsidephysio.co.uk\r\nSubject: {subject}\r\nMessage-ID: {mid}\r\n"
               + (f"{extra}\r\n" if extra else "") + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
               + body.replace("\n", "\r\n")).encode()
        parsed = parse_message(raw)
        content = extract(raw)
        verdict = classify(parsed, content, context)
        if verdict.decision is not Decision.UNDECIDED:
            continue
        message = Message("INBOX", None, None, mid, MessageRole.UNDECIDED, reason=verdict.reason)
        with store.transaction():
            store.messages.add_captured(message, raw, parsed.fingerprint, parsed, len(raw), at, at,
                                        verdict.channel.value, (), [(e.weight, e.words) for e in verdict.evidence],
                                        verdict.confidence)
            store.messages.flush_raw()
        added += 1
    return added
