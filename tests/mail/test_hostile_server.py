"""Limits against a hostile or broken IMAP server (issue 15), with a fake
server that misbehaves on purpose: a malformed UIDVALIDITY or UID is a
sentence naming the server; endless answers and a trickled literal are cut
off; mail over the size cap is kept as a stub of its headers; a huge
subject is cut. Never a traceback, never a hang."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from leakdesk.mail import imap_source
from tests.mail.conftest import mail
from tests.support.command import leakdesk
from tests.support.fake_imap import FakeImap, Misbehaviour


def synced(tmp_path: Path, messages: list[bytes], misbehave: Misbehaviour) -> tuple[int, str, Path, float]:
    server = FakeImap(messages, misbehave)
    data = tmp_path / "data"
    try:
        code, _, err = leakdesk(data, "account", "add", "--host", "127.0.0.1", "--port", str(server.port), "--user",
                           "front@clinic.test", "--security", "none", "--password-stdin", stdin="pw\n")
        assert code == 0, err
        started = time.monotonic()
        code, _, err = leakdesk(data, "sync", "--once")
        return code, err, data, time.monotonic() - started
    finally:
        server.stop()


def enquiries(n: int) -> list[bytes]:
    return [mail(sender=f"Ann Lee <ann{i}@example.com>", subject=f"Knee {i}") for i in range(n)]


def test_a_uidvalidity_that_is_not_a_number(tmp_path: Path) -> None:
    code, err, _, _ = synced(tmp_path, enquiries(2), Misbehaviour(uidvalidity=b"banana"))
    assert code == 2 and "Traceback" not in err
    assert "The server 127.0.0.1 gave a status for INBOX with b'banana' where a number must be" in err


def test_a_uid_that_is_not_a_number(tmp_path: Path) -> None:
    code, err, _, _ = synced(tmp_path, enquiries(2), Misbehaviour(uid_text=b"x7"))
    assert code == 2 and "Traceback" not in err and "The server 127.0.0.1" in err


def test_endless_answers_are_cut_off_with_bounded_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_source, "MAX_RESPONSE_BYTES", 8 * 1024 * 1024)
    code, err, _, took = synced(tmp_path, enquiries(2), Misbehaviour(endless_fetch=True))
    assert code == 2 and "kept sending more than one answer may hold (8 MB)" in err
    assert took < 30


def test_a_trickled_literal_meets_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_source, "FETCH_DEADLINE_S", 2.0)
    code, err, _, took = synced(tmp_path, enquiries(1), Misbehaviour(trickle=10 * 1024 * 1024))
    assert code == 2 and "took more than 2 s to answer" in err
    assert took < 10


def test_a_literal_over_the_size_cap_is_refused_at_once(tmp_path: Path) -> None:
    code, err, _, took = synced(tmp_path, enquiries(1), Misbehaviour(trickle=100 * 1024 * 1024))
    assert code == 2 and "offered a single message of 104,857,600 bytes" in err and took < 10


def test_big_mail_is_a_stub_and_a_huge_subject_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imap_source, "MAX_MESSAGE_BYTES", 2 * 1024 * 1024)
    big = mail(sender="Bo Ray <bo@example.com>", subject="Drawings", body="Could you quote?\r\n" + "x" * 3_000_000)
    loud = mail(sender="Cy Dee <cy@example.com>", subject="S" * 1_500_000, body="Can I book?")
    code, err, data, _ = synced(tmp_path, [big, loud], Misbehaviour())
    assert code == 0, err
    code, out, _ = leakdesk(data, "messages", "--json")
    by_sender = {m["sender"]: m for m in json.loads(out)}
    assert by_sender["bo@example.com"]["role"] in ("enquiry", "undecided")
    assert len(by_sender["cy@example.com"]["subject"]) <= 998
    from leakdesk.store import Store

    store = Store.open(data / "leakdesk.sqlite")
    row = next(m for m in store.messages.all() if m.message_id and "@" in m.message_id
               and store.db.execute("SELECT sender FROM messages WHERE id = ?", [m.id]).fetchone()[0]
               == "bo@example.com")
    raw = store.messages.raw(row.id or 0) or b""
    assert len(raw) < 100_000 and b"LeakDesk kept only the headers of this message: it is 3 MB" in raw
    store.close()


def test_a_server_that_cannot_search_by_size_has_every_message_sized(tmp_path: Path) -> None:
    code, err, data, _ = synced(tmp_path, enquiries(3), Misbehaviour(no_size_search=True))
    assert code == 0, err
    code, out, _ = leakdesk(data, "messages", "--json")
    assert sorted(m["sender"] for m in json.loads(out)) == [f"ann{i}@example.com" for i in range(3)]
