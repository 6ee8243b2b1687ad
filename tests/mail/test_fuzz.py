"""Hostile mail, generated: the parser never raises and the sync never stops.

Messages are built from random headers, charsets, MIME nesting and
truncation. Each batch goes through the real ingest path (parse, content,
classify, store) on a real SQLite file; one batch also goes through Dovecot
and `sync --once`.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakdesk import cli
from leakdesk.capture.ingest import FolderKind, Ingestor
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail.content import extract
from leakdesk.mail.imap_source import Fetched
from leakdesk.mail.parse import UnparseableMessage, parse_message
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.dovecot import PASSWORD, USER, Dovecot

CHARSETS = ["utf-8", "iso-8859-1", "koi8-r", "shift_jis", "gb2312", "windows-1252", "x-bogus", "", "utf-16"]
NAMES = ["From", "To", "Cc", "Subject", "Reply-To", "Message-ID", "In-Reply-To", "References", "Date",
         "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted", "List-Id", "Return-Path", "X-Junk"]
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)


@st.composite
def header_value(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 5))
    text = draw(WORDS)
    charset = draw(st.sampled_from(CHARSETS))
    if kind == 0:
        return text.encode("utf-8", "surrogateescape")
    if kind == 1:
        return f"=?{charset}?b?{draw(st.text(alphabet='ABCDEFGHabcdefgh0123456789+/=', max_size=30))}?=".encode()
    if kind == 2:
        return f"=?{charset}?q?{text.encode('utf-8').hex()}?=".encode()
    if kind == 3:
        return draw(st.binary(max_size=60)).replace(b"\n", b" ").replace(b"\r", b" ")
    if kind == 4:
        return f"\"{text}\" <{draw(st.sampled_from(['a@b.test', 'bad@', '@x', 'c@d.test']))}>".encode()
    return b"multipart/" + draw(st.sampled_from([b"mixed", b"alternative", b"report"])) + b"; boundary=\"" + \
        draw(st.sampled_from([b"b", b"", b"x\"y"])) + b"\"; charset=" + charset.encode()


@st.composite
def body(draw: st.DrawFn, depth: int = 0) -> bytes:
    if depth < 3 and draw(st.booleans()):
        boundary = draw(st.sampled_from([b"b", b"zz", b"b"]))
        parts = [b"Content-Type: " + draw(st.sampled_from([b"text/plain", b"text/html", b"multipart/mixed; "
                                                            b"boundary=\"b\"", b"application/pdf"]))
                 + b"\r\n\r\n" + draw(body(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
        return b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts) + (b"--" + boundary + b"--"
                                                                                     if draw(st.booleans()) else b"")
    return draw(st.binary(max_size=200)) if draw(st.booleans()) else draw(WORDS).encode("utf-8", "replace")


@st.composite
def hostile_message(draw: st.DrawFn) -> bytes:
    headers = [draw(st.sampled_from(NAMES)).encode() + b": " + draw(header_value())
               for _ in range(draw(st.integers(0, 12)))]
    eol = draw(st.sampled_from([b"\r\n", b"\n"]))
    raw = eol.join(headers) + eol + eol + draw(body())
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, max(0, len(raw))))]  # truncated in transit
    return raw


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_message(), min_size=1, max_size=8))
def test_ingest_never_raises_and_stores_every_message(batch: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "fuzz.sqlite")
        clock = FakeClock(SystemClock().now())
        account = store.accounts.add(Account(0, USER, "127.0.0.1", 1, USER, "none"), clock.now())
        for raw in batch:
            try:
                parse_message(raw)
            except UnparseableMessage as exc:
                assert str(exc)
            extract(raw)  # never raises
        fetched = [Fetched(uid, raw, clock.now(), len(raw), ()) for uid, raw in enumerate(batch, 1)]
        result = Ingestor(store, account, clock).ingest_batch("INBOX", FolderKind.INBOX, 1, fetched, len(batch))
        assert result.stored + result.duplicates == len(batch)
        roles = [m.role.value for m in store.messages.all()]  # every UID has its row, a re-delivery too
        assert len(roles) == len(batch) and roles.count("duplicate") == result.duplicates and all(roles)
        store.close()


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(hostile_message(), min_size=5, max_size=15))
def test_sync_of_hostile_mail_never_stops(imap: Dovecot, clock: FakeClock, batch: list[bytes]) -> None:
    imap.reset_mailbox()
    with imap.client() as c:
        for raw in batch:
            c.append("INBOX", raw or b"X: y\r\n\r\n")
        c.append("INBOX", b"From: After <after@x.test>\r\nSubject: the last one\r\nMessage-ID: <last@x>\r\n\r\n"
                            b"Hi, can I book a massage on Friday?")
    with tempfile.TemporaryDirectory() as folder:
        parser = cli.build_parser()
        base = ["--data-dir", folder]
        assert cli.run(parser.parse_args([*base, "account", "add", "--host", "127.0.0.1", "--port", str(imap.port),
                                          "--user", USER, "--security", "none", "--password-stdin"]),
                       clock, io.StringIO(), io.StringIO(PASSWORD + "\n")) == 0
        assert cli.run(parser.parse_args([*base, "sync", "--once"]), clock, io.StringIO()) == 0
        out = io.StringIO()
        assert cli.run(parser.parse_args([*base, "messages", "--json"]), clock, out) == 0
    messages = json.loads(out.getvalue())
    assert messages[-1]["message_id"] == "<last@x>" and messages[-1]["role"] == "enquiry"
    assert all(m["role"] in ("enquiry", "inbound_reply", "not_a_lead", "quarantined", "undecided", "duplicate")
               for m in messages)
