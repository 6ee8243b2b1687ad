"""A real Dovecot for the whole session, an in-memory keyring, mail helpers."""

from __future__ import annotations

import itertools
import secrets
import shutil
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

import keyring
import pytest

from leakdesk.capture.sync import sync_account
from leakdesk.clock import FakeClock
from leakdesk.mail import service
from leakdesk.signin import tokens
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.auth_server import AuthServer
from tests.support.dovecot import PASSWORD, USER, Dovecot, start_dovecot
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt_guards import garbage_on_the_main_thread, no_unexpected_message_box  # noqa: F401

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    # Not under pytest's tmp_path: its 0700 parents keep the dovecot user out.
    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def oauth2_key() -> bytes:
    """The HS256 key the test authorization server signs access tokens with and Dovecot checks."""
    return secrets.token_bytes(32)


@pytest.fixture(scope="session")
def oauth2_dovecot(oauth2_key: bytes) -> Iterator[Dovecot]:
    """A second Dovecot that also takes OAuth2 bearer tokens (XOAUTH2, OAUTHBEARER) and serves the
    shared mailbox SHARED_MAILBOX to its delegate USER; passwords work as on `dovecot`."""
    server = start_dovecot(oauth2_key=oauth2_key)
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def auth_server(oauth2_key: bytes) -> Iterator[AuthServer]:
    """A fresh local Microsoft/Google authorization server whose tokens oauth2_dovecot accepts."""
    with AuthServer(key=oauth2_key) as server:
        yield server


@pytest.fixture
def imap(dovecot: Dovecot) -> Dovecot:
    """The server with an empty mailbox (INBOX, Sent, Drafts)."""
    if dovecot.process is None or dovecot.process.poll() is not None:
        dovecot.start()
    dovecot.reset_mailbox()
    return dovecot


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def mail_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "leakdesk.sqlite")
    yield store
    store.close()


@pytest.fixture
def account(imap: Dovecot, mail_store: Store, clock: FakeClock) -> Account:
    return service.add_account(mail_store, clock, host="127.0.0.1", port=imap.tls_port, user=USER,
                               password=PASSWORD, security="ssl", cafile=str(imap.cafile),
                               team_addresses=("maya@clinic.test",))


def mail(*, sender: str = "Ann Lee <ann@example.com>", to: str = USER, subject: str = "Knee pain",
         body: str = "Hello, can I book an assessment?", message_id: str | None = "auto",
         in_reply_to: str | None = None, date: object = None, extra: str = "") -> bytes:
    """A small RFC 5322 message (CRLF)."""
    if message_id == "auto":
        message_id = f"<m{next(_counter)}.{id(body)}@example.com>"
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}"]
    if date is not None:
        lines.append(f"Date: {format_datetime(date)}")  # type: ignore[arg-type]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    if in_reply_to:
        lines += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


@pytest.fixture
def clock() -> FakeClock:
    """Now, frozen: Dovecot stamps APPENDs with the real time."""
    from leakdesk.clock import SystemClock

    return FakeClock(SystemClock().now())


def sync(store: Store, account: Account, clock: FakeClock) -> list[object]:
    return list(sync_account(store, store.accounts.get(account.id), clock))


@pytest.fixture(scope="session")
def outlook_dovecot(oauth2_key: bytes) -> Iterator[Dovecot]:
    """A Dovecot that, like Outlook's IMAP servers, offers only XOAUTH2 for tokens."""
    server = start_dovecot(oauth2_key=oauth2_key, oauth2_mechanisms=("xoauth2",))
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


SIGNIN_CLIENT_ID = "leakdesk-test-client"


@pytest.fixture
def signin_env(auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[AuthServer]:
    """LeakDesk's app registrations pointed at the local authorization server (whose CA is trusted, the
    requests way), and the test browser as the one the sign-in opens; no access token from another test."""
    google = auth_server.google_client_config()["installed"]
    for name, value in (("LEAKDESK_MICROSOFT_CLIENT_ID", SIGNIN_CLIENT_ID),
                        ("LEAKDESK_MICROSOFT_AUTHORITY", auth_server.microsoft_authority),
                        ("LEAKDESK_GOOGLE_CLIENT_ID", google["client_id"]),
                        ("LEAKDESK_GOOGLE_CLIENT_SECRET", google["client_secret"]),
                        ("LEAKDESK_GOOGLE_AUTH_URI", google["auth_uri"]),
                        ("LEAKDESK_GOOGLE_TOKEN_URI", google["token_uri"]),
                        ("REQUESTS_CA_BUNDLE", str(auth_server.cafile))):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    tokens.forget_all()
    with auth_server.as_default_browser():
        yield auth_server
    tokens.forget_all()
