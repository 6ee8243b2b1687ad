"""Overrides and rules from stored events: not a lead, this is a lead, and the rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from leakdesk import lifecycle
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, EventKind, MessageRole, Outcome
from leakdesk.errors import ActionError
from leakdesk.mail.business import reading_context
from leakdesk.overrides import make_lead, mark_not_a_lead
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail, sync
from tests.support.dovecot import Dovecot


def test_not_a_lead_with_a_rule_sets_later_mail_aside(imap: Dovecot, mail_store: Store, account: Account,
                                                       clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(sender="Rita Cole <cv@recruit.test>", subject="Quick question", message_id="<r1@x>"))
    sync(mail_store, account, clock)
    [lead] = mail_store.leads.all()
    closed = mark_not_a_lead(mail_store, clock, lead.id, None, rule="ignore_domain")
    assert closed.outcome is Outcome.NOT_A_LEAD
    kinds = [e.kind for e in mail_store.leads.events(lead.id)]
    assert kinds[-2:] == [EventKind.OVERRIDDEN, EventKind.OUTCOME_SET]
    assert mail_store.leads.events(lead.id)[-2].details == {"to": "not_a_lead", "rule": "ignore_domain:recruit.test"}
    assert lifecycle.rebuild(mail_store.leads.events(lead.id)) == mail_store.leads.get(lead.id)
    assert mail_store.messages.all()[0].role is MessageRole.NOT_A_LEAD
    with imap.client() as c:
        c.append("INBOX", mail(sender="Other <jobs@recruit.test>", subject="More CVs", message_id="<r2@x>"))
    sync(mail_store, account, clock)
    assert mail_store.leads.count() == 1
    assert mail_store.messages.all()[-1].reason == "ignored sender (your rule)"


def test_a_robots_form_is_a_lead_and_this_is_a_lead_makes_its_rule_stick(imap: Dovecot, mail_store: Store,
                                                                        account: Account, clock: FakeClock) -> None:
    form = (b"From: Site Robot <robot@mysite.test>\r\nTo: front@clinic.test\r\nSubject: Submission #88\r\n"
            b"Message-ID: <form88@x>\r\nList-Unsubscribe: <mailto:u@mysite.test>\r\n\r\n"
            b"Name: Wendy Hall\r\nEmail: wendy@hall.test\r\nPhone: 07700 900321\r\n")
    # A robot that only says someone wants a call: LeakDesk cannot be sure, so it waits in Check these.
    note = (b"From: Site Robot <robot@mysite.test>\r\nTo: front@clinic.test\r\nSubject: Callback #90\r\n"
            b"Message-ID: <note90@x>\r\nList-Unsubscribe: <mailto:u@mysite.test>\r\n\r\n"
            b"Somebody pressed the callback button: xena@ward.test\r\n")
    mail_store.settings.set("business.phone_region", "GB")  # 07700 ... is a UK number
    with imap.client() as c:
        c.append("INBOX", form)  # List-Unsubscribe, yet a real person is behind it
        c.append("INBOX", note)
    sync(mail_store, account, clock)
    [lead] = mail_store.leads.all()
    assert (lead.contact_name, lead.contact_email, lead.contact_phone) == ("Wendy Hall", "wendy@hall.test",
                                                                          "+447700900321")
    [waiting] = mail_store.reading.undecided()
    assert mail_store.messages.set_aside() == []  # nothing was set aside silently
    made = make_lead(mail_store, clock, waiting.row, None, rule="form_sender")
    assert made.contact_email == "xena@ward.test"
    assert [e.kind for e in mail_store.leads.events(made.id)] == [EventKind.RECEIVED, EventKind.OVERRIDDEN]
    assert mail_store.reading.undecided() == []
    with pytest.raises(ActionError, match="already part of a lead"):
        make_lead(mail_store, clock, waiting.row, None)
    with imap.client() as c:  # the rule sticks for the next mail from that robot
        c.append("INBOX", note.replace(b"90", b"91").replace(b"xena@ward.test", b"yan@ho.test"))
    sync(mail_store, account, clock)
    assert {lead.contact_email for lead in mail_store.leads.all()} == {"wendy@hall.test", "xena@ward.test",
                                                                      "yan@ho.test"}


def test_a_team_members_note_of_a_call_is_the_callers_lead(imap: Dovecot, mail_store: Store, account: Account,
                                                             clock: FakeClock) -> None:
    # Maya is on the team only as the account's team address (no person in the Team window holds it).
    mail_store.settings.set("business.phone_region", "GB")
    with imap.client() as c:
        c.append("INBOX", mail(sender="Maya Fox <maya@clinic.test>", subject="Phone message",
                               body="Hi all, can someone ring Dora Price back? She asked about home visits, "
                                    "her number is 07700 900456.\r\n\r\nMaya"))
    sync(mail_store, account, clock)
    [lead] = mail_store.leads.all()
    assert (lead.contact_email, lead.contact_phone, lead.channel) == (None, "+447700900456", Channel.PHONE)


def test_corrections_read_mail_with_what_ingest_knows_of_the_business(mail_store: Store, clock: FakeClock) -> None:
    """make_lead reads a message again with reading_context: the inboxes' own and team addresses (a form
    relayed from the inbox's own Gmail is no enquiry of the business's), the Team window's people, former
    ones too, the rules, the region and the corrections learned."""
    mail_store.accounts.add(Account(0, "Shop", "127.0.0.1", 993, "shop@gmail.test", address="shop@gmail.test",
                                    team_addresses=("maya@gmail.test",)), clock.now())
    person = mail_store.people.add("Lena Vogt", "LV", "#336699", ["lena@vogt.test"])
    mail_store.people.update(replace(person, active=False))
    mail_store.settings.set("business.phone_region", "AU")
    mail_store.rules.add("ignore_domain", "spam.test", clock.now())
    context = reading_context(mail_store)
    assert context.team == {"shop@gmail.test", "maya@gmail.test", "lena@vogt.test"}
    assert context.team_names == {"Lena Vogt"}
    assert (context.region, context.rules.ignore_domains) == ("AU", frozenset({"spam.test"}))
    assert context.learned is not None  # what people decided, none yet
