"""Reply drafts against the real Dovecot: APPEND to Drafts, threaded, safe, and back through Sent."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from leakdesk.clock import FakeClock
from leakdesk.domain import EventKind, Outcome
from leakdesk.followup.drafts import DraftError
from leakdesk.followup.prepare import prepare_draft, prepare_many
from leakdesk.followup.service import FollowUp
from leakdesk.mail.imap_source import ImapSource
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.core.test_cli import run
from tests.mail.conftest import mail, sync
from tests.support.dovecot import Dovecot


def drafts_in(imap: Dovecot) -> list[tuple[set[bytes], bytes]]:
    with imap.client() as c:
        c.select_folder("Drafts", readonly=True)
        found = c.fetch(c.search(["ALL"]), ["FLAGS", "BODY.PEEK[]"])
        return [(set(v[b"FLAGS"]), v[b"BODY[]"]) for v in found.values()]


def go_live(store: Store, account: Account, clock: FakeClock) -> None:
    """The inbox was connected a minute ago: what arrives now is live mail, not imported history."""
    store.accounts.mark_connected(account.id, clock.now() - timedelta(minutes=1))


def enquiry_lead(imap: Dovecot, store: Store, account: Account, clock: FakeClock, **headers: str) -> int:
    go_live(store, account, clock)
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


# -- cadences over the real server ---------------------------------------------------------------

def test_the_sent_copy_marks_the_step_done_and_plans_the_next(imap: Dovecot, mail_store: Store, account: Account,
                                                              clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    lead = mail_store.leads.get(lead_id)
    assert (lead.cadence, lead.cadence_step, lead.next_step_template) == ("standard", 0, "acknowledge")
    draft = prepare_draft(mail_store, clock, lead_id)         # the next step's template: the acknowledgement
    assert mail_store.leads.get(lead_id).draft_ready_at == clock.now()
    [(_, raw)] = drafts_in(imap)
    assert parsed(raw)["Subject"] == "Re: Knee pain" and b"will call you today" in raw
    clock.advance(minutes=25)
    with imap.client() as c:
        c.append("Sent", raw.replace(b"X-LeakDesk: draft\r\n", b""))
    sync(mail_store, account, clock)
    lead = mail_store.leads.get(lead_id)
    assert (lead.cadence_step, lead.next_step_template, lead.draft_ready_at) == (1, "follow_up_1", None)
    assert lead.next_step == "Send: First follow-up" and lead.first_response_at is not None
    done = [e for e in mail_store.leads.events(lead_id) if e.kind is EventKind.NEXT_STEP_DONE]
    assert [(e.details["step"], e.details["via"], e.details["message_id"]) for e in done] == [
        (0, "draft", draft.message_id)]


def test_a_sent_copy_without_thread_headers_finds_its_lead_by_message_id(
        imap: Dovecot, mail_store: Store, account: Account, clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    prepare_draft(mail_store, clock, lead_id)
    [(_, raw)] = drafts_in(imap)
    head, body = raw.split(b"\r\n\r\n", 1)
    kept = [line for line in head.split(b"\r\n") if not line.startswith((b"In-Reply-To", b"References", b"To:"))]
    with imap.client() as c:  # a mail client that dropped the threading and a person who changed the address
        c.append("Sent", b"\r\n".join([*kept, b"To: ann.lee@work.example"]) + b"\r\n\r\n" + body)
    sync(mail_store, account, clock)
    assert mail_store.leads.get(lead_id).cadence_step == 1


def test_the_prospects_answer_stops_the_cadence(imap: Dovecot, mail_store: Store, account: Account,
                                                clock: FakeClock) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    with imap.client() as c:
        c.append("INBOX", mail(message_id="<enq-3@example.com>", in_reply_to="<enq-2@example.com>",
                               body="Actually, Thursday works."))
    sync(mail_store, account, clock)
    lead = mail_store.leads.get(lead_id)
    assert (lead.cadence, lead.next_step) == (None, None)


def test_prepare_todays_drafts_uses_one_connection_and_skips_what_it_cannot_draft(
        imap: Dovecot, mail_store: Store, account: Account, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    with imap.client() as c:
        for n, who in enumerate(("Ann Lee <ann@example.com>", "Bo Chan <bo@example.com>", "Cy <cy@example.com>")):
            c.append("INBOX", mail(sender=who, subject=f"Enquiry {n}"))
    go_live(mail_store, account, clock)
    sync(mail_store, account, clock)
    leads = list(mail_store.leads.all())
    mail_store.db.execute("UPDATE leads SET contact_email = NULL WHERE id = ?", [leads[2].id])  # phoned in
    connects = []
    real_connect = ImapSource.connect
    monkeypatch.setattr(ImapSource, "connect", lambda self: connects.append(1) or real_connect(self))
    followup = FollowUp(mail_store, clock)
    week = clock.now() + timedelta(days=7)              # whatever weekday the test runs on
    due = [x.id for x in followup.due_for_drafts(week)]
    assert due == [leads[0].id, leads[1].id]           # the lead without an address has a call to make instead
    steps = list(prepare_many(mail_store, clock, [*due, leads[2].id]))
    assert [(s.done, s.total, s.problem is None) for s in steps] == [(1, 3, True), (2, 3, True), (3, 3, False)]
    assert "has no email address" in (steps[2].problem or "")
    assert len(connects) == 1 and len(drafts_in(imap)) == 2
    assert followup.due_for_drafts(week) == []          # prepared once, not again


def test_instant_acknowledgement_prepares_a_draft_as_the_lead_arrives(imap: Dovecot, mail_store: Store,
                                                                      account: Account, clock: FakeClock) -> None:
    mail_store.settings.set("followup.instant_ack", "yes")
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    [(flags, raw)] = drafts_in(imap)
    assert b"\\Draft" in flags and parsed(raw)["In-Reply-To"] is not None
    assert mail_store.leads.get(lead_id).draft_ready_at is not None
    with imap.client() as c:
        c.append("INBOX", mail(sender="Dee <dee@example.com>", subject="Back pain"))
    sync(mail_store, account, clock)
    assert len(drafts_in(imap)) == 2                   # the next lead too, and the first one not again


def test_the_command_line_prepares_the_drafts_due(imap: Dovecot, mail_store: Store, account: Account,
                                                  clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    lead_id = enquiry_lead(imap, mail_store, account, clock)
    clock.set(mail_store.leads.get(lead_id).next_step_due or clock.now())   # the acknowledgement is due now
    data_dir = str(mail_store.path.parent)
    assert run(["--data-dir", data_dir, "draft", "--due", str(lead_id)], clock)[0] == 2
    assert "Give either a LEAD_ID or --due." in capsys.readouterr().err
    code, text = run(["--data-dir", data_dir, "draft", "--due"], clock)
    [(_, raw)] = drafts_in(imap)
    assert code == 0 and text == f"{lead_id}\t{parsed(raw)['Message-ID']}\n"
    assert "1 of 1 drafts due today are ready" in capsys.readouterr().err
    assert run(["--data-dir", data_dir, "draft", "--due"], clock) == (0, "")   # nothing twice
