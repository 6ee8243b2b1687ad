"""A lead typed in by hand meets the mail: a later email from its address or phone joins it."""

from __future__ import annotations

from datetime import timedelta

from leakdesk.actions import LeadActions, NewLead
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, MessageRole
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail, sync
from tests.support.dovecot import Dovecot


def test_a_later_email_from_a_phone_lead_joins_it(imap: Dovecot, mail_store: Store, account: Account,
                                                  clock: FakeClock) -> None:
    mail_store.accounts.mark_connected(account.id, clock.now() - timedelta(days=1))
    typed = LeadActions(mail_store, clock).add_lead(NewLead(Channel.PHONE, "Ann Lee", "", "ann@example.com",
                                                            "Knee assessment price"))
    clock.advance(minutes=30)
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Following up on my call",
                               body="Hi, as discussed on the phone, could you send the prices?"))
    sync(mail_store, account, clock)
    assert [lead.id for lead in mail_store.leads.all()] == [typed.id]
    [message] = [m for m in mail_store.messages.records() if m["lead_id"] is not None]
    assert message["lead_id"] == typed.id and message["role"] == MessageRole.INBOUND_REPLY.value
