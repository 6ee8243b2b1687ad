"""Capture against a real Dovecot: history, exactly once, never \\Seen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leakdesk.clock import FakeClock
from leakdesk.domain import MessageRole
from leakdesk.mail import service
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail, sync
from tests.support.dovecot import PASSWORD, USER, Dovecot


def roles(store: Store) -> list[str]:
    return [m.role.value for m in store.messages.all()]


def test_first_sync_imports_history_of_inbox_and_sent(imap: Dovecot, mail_store: Store, account: Account,
                                                      clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Too old", message_id="<old@x>"), msg_time=clock.now() - timedelta(days=120))
        c.append("INBOX", mail(subject="Back pain", message_id="<a@x>"), msg_time=clock.now() - timedelta(days=3))
        c.append("INBOX", mail(sender="Bo <bo@example.org>", subject="Prices", message_id="<b@x>"))
        c.append("Sent", mail(sender="Tom Reid <tom@clinic.test>", to="ann@example.com", subject="Re: Back pain",
                              message_id="<r@x>", in_reply_to="<a@x>"), msg_time=clock.now() - timedelta(days=2))
    progress = sync(mail_store, account, clock)
    assert progress, "sync yields progress"
    leads = {lead.subject: lead for lead in mail_store.leads.all()}
    assert set(leads) == {"Back pain", "Prices"}
    answered = leads["Back pain"]
    tom = mail_store.people.find_by_email("tom@clinic.test")
    assert tom is not None and tom.name == "Tom Reid"
    assert answered.owner_id == tom.id and answered.first_response_at is not None
    assert answered.received_at.date() == (clock.now() - timedelta(days=3)).date()
    assert "tom@clinic.test" in mail_store.accounts.get(account.id).team_addresses
    assert mail_store.accounts.get(account.id).sent_folder == "Sent"
    assert mail_store.accounts.get(account.id).connected_at == clock.now()
    assert sorted(roles(mail_store)) == ["enquiry", "enquiry", "outbound_reply"]


def test_nothing_is_marked_seen_and_read_mail_is_captured(imap: Dovecot, mail_store: Store, account: Account,
                                                          clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Unread"))
        c.append("INBOX", mail(sender="Bo Ray <bo@example.com>", subject="Already read"),
                 flags=[b"\\Seen"])  # a person read it in their client
    sync(mail_store, account, clock)
    assert {lead.subject for lead in mail_store.leads.all()} == {"Unread", "Already read"}
    with imap.client() as c:
        c.select_folder("INBOX", readonly=True)
        flags = c.get_flags(c.search("ALL"))
    assert sorted(b"\\Seen" in f for f in flags.values()) == [False, True]


def test_only_new_mail_is_fetched_and_nothing_twice(imap: Dovecot, mail_store: Store, account: Account,
                                                    clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="One"))
    sync(mail_store, account, clock)
    sync(mail_store, account, clock)
    assert mail_store.messages.count() == 1
    with imap.client() as c:
        c.append("INBOX", mail(subject="Two"))
    progress = sync(mail_store, account, clock)
    assert mail_store.messages.count() == 2
    inbox = [p for p in progress if p.folder == "INBOX"]  # type: ignore[attr-defined]
    assert inbox[-1].total == 1 and inbox[-1].done == 1  # type: ignore[attr-defined]


def test_duplicate_delivery_is_one_message(imap: Dovecot, mail_store: Store, account: Account,
                                           clock: FakeClock) -> None:
    same = mail(subject="Twice", message_id="<dup@x>")
    redelivered = b"Received: from mx2 by mx1; Tue, 17 Nov 2026 10:00:00 +0000\r\n" + same
    with imap.client() as c:
        c.append("INBOX", same)
        c.append("INBOX", same)
        c.append("INBOX", redelivered)
    sync(mail_store, account, clock)
    [first, *again] = mail_store.messages.records()  # every UID accounted for, the message stored once
    assert first["role"] == "enquiry" and mail_store.leads.count() == 1
    place = {"folder": "INBOX", "uid": first["uid"]}
    assert [(m["role"], m["duplicate_of"]) for m in again] == [("duplicate", place)] * 2
    assert mail_store.db.execute("SELECT count(*) FROM message_raw").fetchone()[0] == 1


def test_two_messages_reusing_a_message_id_are_two(imap: Dovecot, mail_store: Store, account: Account,
                                                   clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="First form", body="Name: Ann\r\nMessage: Can I book a massage?",
                               message_id="<form@site>"))
        c.append("INBOX", mail(sender="Cy <cy@example.net>", subject="Second form",
                               body="Name: Cy\r\nMessage: Do you treat knees?", message_id="<form@site>"))
    sync(mail_store, account, clock)
    assert mail_store.messages.count() == 2
    assert {lead.subject for lead in mail_store.leads.all()} == {"First form", "Second form"}


def test_uidvalidity_reset_stores_nothing_twice_and_misses_nothing(imap: Dovecot, mail_store: Store,
                                                                   clock: FakeClock) -> None:
    with imap.client() as c:
        c.create_folder("Leads")
        for n in range(3):
            c.append("Leads", mail(sender=f"P{n} <p{n}@x.test>", subject=f"Lead {n}", message_id=f"<v{n}@x>"))
    account = service.add_account(mail_store, clock, host="127.0.0.1", port=imap.port, user=USER, password=PASSWORD,
                                  security="none", inbox="Leads")
    sync(mail_store, account, clock)
    before = mail_store.accounts.folder_state(account.id, "Leads")
    with imap.client() as c:  # the folder is deleted and recreated: new UIDVALIDITY, new UIDs
        c.delete_folder("Leads")
        c.create_folder("Leads")
        for n in range(3):
            c.append("Leads", mail(sender=f"P{n} <p{n}@x.test>", subject=f"Lead {n}", message_id=f"<v{n}@x>"))
        c.append("Leads", mail(sender="P3 <p3@x.test>", subject="Lead 3", message_id="<v3@x>"))
    sync(mail_store, account, clock)
    after = mail_store.accounts.folder_state(account.id, "Leads")
    assert before is not None and after is not None and before.uidvalidity != after.uidvalidity
    assert sorted(lead.subject for lead in mail_store.leads.all()) == ["Lead 0", "Lead 1", "Lead 2", "Lead 3"]
    roles = [m["role"] for m in mail_store.messages.records()]  # the three again at new UIDs: accounted, not stored
    assert roles.count("enquiry") == 4 and roles.count("duplicate") == 3 and len(roles) == 7


def test_replies_join_and_team_mail_is_set_aside(imap: Dovecot, mail_store: Store, account: Account,
                                                 clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Shoulder", message_id="<s1@x>"))
    sync(mail_store, account, clock)
    with imap.client() as c:
        c.append("INBOX", mail(subject="Re: Shoulder", message_id="<s2@x>", in_reply_to="<s1@x>"))
        c.append("INBOX", mail(sender="Maya <maya@clinic.test>", subject="Rota for next week"))
    sync(mail_store, account, clock)
    assert mail_store.leads.count() == 1
    by_role = {m.role: m for m in mail_store.messages.all()}
    assert by_role[MessageRole.INBOUND_REPLY].lead_id == by_role[MessageRole.ENQUIRY].lead_id
    assert by_role[MessageRole.NOT_A_LEAD].reason == "from a team address"


def test_unreadable_mail_is_quarantined_and_the_rest_goes_on(imap: Dovecot, mail_store: Store, account: Account,
                                                             clock: FakeClock) -> None:
    broken = b"Subject: no sender at all\r\nX-Junk: \xff\xfe\r\n\r\n\x00\x01 binary"
    with imap.client() as c:
        c.append("INBOX", broken)
        c.append("INBOX", mail(subject="Fine"))
    sync(mail_store, account, clock)
    quarantined = [m for m in mail_store.messages.all() if m.role is MessageRole.QUARANTINED]
    assert len(quarantined) == 1 and quarantined[0].reason == "it has no sender address"
    with imap.client() as c:  # stored byte for byte as the server holds it (Dovecot rewrites NULs)
        c.select_folder("INBOX", readonly=True)
        on_server = c.fetch([quarantined[0].uid], ["BODY.PEEK[]"])[quarantined[0].uid][b"BODY[]"]
    assert quarantined[0].id is not None and mail_store.messages.raw(quarantined[0].id) == on_server
    assert [lead.subject for lead in mail_store.leads.all()] == ["Fine"]


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_is_verified_with_the_ca_file(imap: Dovecot, mail_store: Store, clock: FakeClock, security: str) -> None:
    port = imap.tls_port if security == "ssl" else imap.port
    account = service.add_account(mail_store, clock, host="127.0.0.1", port=port, user=USER, password=PASSWORD,
                                  security=security, cafile=str(imap.cafile))
    assert account.security == security


def test_only_large_mail_is_sized_before_the_fetch(imap: Dovecot, mail_store: Store, account: Account,
                                                   clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small mail shares one FETCH unsized; mail over its share is sized, grouped, and over the cap a stub."""
    from leakdesk.mail import imap_source
    from leakdesk.mail.imap_source import ImapSource

    monkeypatch.setattr(imap_source, "BATCH_BYTES", 40_000)  # 4 messages: a share of 10,000 bytes each
    monkeypatch.setattr(imap_source, "MAX_MESSAGE_BYTES", 60_000)
    bodies = {"small one": 500, "large": 25_000, "small two": 800, "too big": 90_000}
    with imap.client() as c:
        for subject, size in bodies.items():
            c.append("INBOX", mail(subject=subject, body="Could you quote?\r\n" + "x" * size))
        c.select_folder("INBOX", readonly=True)
        uids = sorted(c.search("ALL"))
    sized: list[list[int]] = []
    with ImapSource(account, PASSWORD) as source:
        source.select("INBOX")
        fetch = source.client.fetch if source.client else None
        assert fetch is not None

        def watched(asked: list[int], items: list[bytes]) -> object:
            if items == [b"RFC822.SIZE"]:
                sized.append(list(asked))
            return fetch(asked, items)

        monkeypatch.setattr(source.client, "fetch", watched)
        got = {f.uid: f for f in source.fetch(uids)}
    assert sized == [[uids[1], uids[3]]]  # only the two over 10,000 bytes
    assert sorted(got) == uids
    assert [got[u].stub for u in uids] == [False, False, False, True]
    assert b"x" * 25_000 in got[uids[1]].raw and len(got[uids[3]].raw) < 10_000
