"""The demo's Check these: four messages LeakDesk cannot be sure about (a patient asking for a receipt, a
letter in Welsh, a pitch that asks a question, a call-back button), read by the real classifier so their
evidence is what a real inbox shows."""

from __future__ import annotations

from datetime import datetime, timedelta

from leakdesk.domain import Message, MessageRole
from leakdesk.mail.business import reading_context
from leakdesk.mail.classify import Decision, classify
from leakdesk.mail.content import extract
from leakdesk.mail.parse import parse_message
from leakdesk.store import Store

MAILS = (
    ("Helen Price <helen.price@btinternet.example>", "Receipt for my sessions", "",
     "Hello,\n\nCould you send me a receipt for my last three sessions? My insurer needs the invoice before "
     "they pay out.\n\nThanks,\nHelen\n"),
    ("Siân Pritchard <sian.p@btinternet.example>", "Mam", "",
     "Shwmae,\n\nMae Mam wedi cael codwm wythnos diwethaf ac mae ei chlun yn brifo. Hoffwn drefnu i rywun "
     "ddod i'w gweld hi adref.\n\nDiolch,\nSiân\n"),
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
