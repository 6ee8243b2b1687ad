"""Reply drafts against the real Dovecot: APPEND to Drafts, threaded, safe, and back through Sent."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from leakdesk.clock import FakeClock
from leakdesk.domain import EventKind, Outcome
from leakdesk.followup.drafts import DraftError
from leakdesk.followup.prepare import prepare_draft
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail, sync
from tests.support.dovecot import Dovecot


def drafts_in(imap: Dovecot) -> list[tuple[set[bytes], bytes]]:
    with imap.client() as c:
        c.select_folder("Drafts", readonly=True)
        found = c.fetch(c.search(["ALL"]), ["FLAGS", "BODY.PEEK[]"])
        return [(set(v[b"FLAGS"]), v[b"BODY[]"]) for v in found.values()]


def enquiry_lead(imap: Dovecot, store: Store, account: Account, clock: FakeClock, **headers: str) -> int:
    with imap.client() as c:
        c.append("INBOX", mail(message_id="<enq-1@example.com>", **headers))  # type: ignore[arg-type]
        c.append("INBOX", mail(message_id="<enq-2@example.com>", in_reply_to="<enq-1@example.com>",
                               body="Also, do you have parking?", **headers))  # type: ignore[arg-type]
    sync(store, account, clock)
    [lead] = list(store.leads.all())
    return lead.id


def parsed(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_draft_lands_in_drafts_threaded_to_the_prospect(imap: Dovecot, mail_store: Store, account: Account,
                                                          clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    mail_store.settings.set_many({"business.name": "Brightside Physio",
                                  "followup.booking_link": "https://book.example/brightside"})
    draft = prepare_draft(mail_store, clock, lead_id, "acknowledge")
    [(flags, raw)] = drafts_in(imap)
    assert b"\\Draft" in flags
    message = parsed(raw)
    assert message["Message-ID"] == draft.message_id
    assert message["To"].addresses[0].addr_spec == "ann@example.com"
    assert message["From"].addresses[0].addr_spec == account.username
    assert message["Subject"] == "Re: Knee pain"
    assert message["In-Reply-To"] == "<enq-2@example.com>"                  # the prospect's last message
    assert message["References"] == "<enq-1@example.com> <enq-2@example.com>"
    text = message.get_body(("plain",)).get_content()                       # type: ignore[union-attr]
    assert text.startswith("Hi Ann,") and "https://book.example/brightside" in text
    assert message.get_body(("html",)) is not None
    events = mail_store.leads.events(lead_id)
    assert events[-1].kind is EventKind.DRAFT_PREPARED and events[-1].details["message_id"] == draft.message_id
    assert mail_store.leads.get(lead_id).first_response_at is None  # an unsent draft is not a response


def test_the_sent_copy_joins_the_conversation_as_the_response(imap: Dovecot, mail_store: Store, account: Account,
                                                              clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    [(_, raw)] = [prepare_draft(mail_store, clock, lead_id, "follow_up_1")] and drafts_in(imap)
    with imap.client() as c:  # the person sends it from their mail client: the copy lands in Sent
        c.append("Sent", raw.replace(b"X-LeakDesk: draft\r\n", b""))
    sync(mail_store, account, clock)
    lead = mail_store.leads.get(lead_id)
    assert lead.first_response_at is not None and lead.outbound_touches == 1
    assert parsed(raw)["Message-ID"] in {m.message_id for m, _, _ in mail_store.messages.for_lead(lead_id)}


def test_hostile_placeholders_make_a_safe_draft(imap: Dovecot, mail_store: Store, account: Account,
                                                clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    hostile = "<script>alert(1)</script>\r\nBcc: victim@evil.test\r\n" + "x" * 10_000
    mail_store.db.execute("UPDATE leads SET contact_name = ?, subject = ? WHERE id = ?",
                          [hostile, "Hi\r\nX-Injected: yes", lead_id])
    prepare_draft(mail_store, clock, lead_id, "last_try")
    [(_, raw)] = drafts_in(imap)
    header_block = raw.split(b"\r\n\r\n", 1)[0].decode()
    names = [line.split(":", 1)[0] for line in header_block.split("\r\n") if line and not line[0].isspace()]
    assert "Bcc" not in names and "X-Injected" not in names
    assert sorted(set(names)) == sorted(set(names) & {
        "From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "X-LeakDesk", "MIME-Version",
        "Content-Type"})
    message = parsed(raw)
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert len(raw) < 8_000  # a 10 kB name is cut, not pasted


def test_a_draft_needs_an_address_and_a_known_template(imap: Dovecot, mail_store: Store, account: Account,
                                                       clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    with pytest.raises(DraftError, match="no template called 'hello'; the templates are acknowledge"):
        prepare_draft(mail_store, clock, lead_id, "hello")
    mail_store.db.execute("UPDATE leads SET contact_email = NULL WHERE id = ?", [lead_id])
    with pytest.raises(DraftError, match="has no email address"):
        prepare_draft(mail_store, clock, lead_id)
    assert drafts_in(imap) == []
    assert mail_store.leads.get(lead_id).outcome is not Outcome.NOT_A_LEAD
