"""Signing in with Microsoft 365 and Google, end to end: the real msal and google-auth-oauthlib against a
local authorization server (tests/support/auth_server.py), the real Dovecot taking the tokens over
XOAUTH2 and OAUTHBEARER, the refresh token in the keyring only."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from leakdesk.capture.sync import sync_account
from leakdesk.capture.watch import Watcher, WatchSettings, WatchState
from leakdesk.clock import FakeClock, monotonic
from leakdesk.domain.accounts import SignIn
from leakdesk.errors import SignInNeeded
from leakdesk.followup.prepare import prepare_draft
from leakdesk.mail import service
from leakdesk.signin import tokens
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import SIGNIN_CLIENT_ID, mail
from tests.support.auth_server import AuthServer
from tests.support.command import leakdesk
from tests.support.dovecot import PASSWORD, SHARED_MAILBOX, USER, Dovecot
from tests.support.processes import poll_until


def server_args(imap: Dovecot) -> list[str]:
    return ["--host", "127.0.0.1", "--port", str(imap.tls_port), "--cafile", str(imap.cafile)]


def deliver(imap: Dovecot, auth: AuthServer, user: str, *messages: bytes) -> None:
    with imap.oauth2_client(user, auth.mint(user)) as c:
        for raw in messages:
            c.append("INBOX", raw)


def emptied(imap: Dovecot, auth: AuthServer, *users: str) -> Dovecot:
    """The session's server with these mailboxes empty (the shared one has no password to reset it with)."""
    for user in users:
        with imap.oauth2_client(user, auth.mint(user)) as c:
            for _, _, name in c.list_folders():
                c.select_folder(name)
                uids = c.search("ALL")
                if uids:
                    c.delete_messages(uids)
                    c.expunge()
    return imap


def logins(imap: Dovecot, mechanism: str) -> int:
    return (imap.folder / "dovecot.log").read_text(errors="replace").count(f"method={mechanism}")


def no_token_in(folder: Path, auth: AuthServer, *texts: str) -> None:
    """Byte by byte: no refresh or access token in any file of the data folder (database, its journal,
    backups, the log) nor in what the commands printed."""
    secrets_issued = [t.encode() for t in auth.issued_refresh_tokens + auth.issued_access_tokens]
    assert secrets_issued
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s in data for s in secrets_issued), path
    for text in texts:
        assert not any(s.decode() in text for s in secrets_issued)


def test_the_command_line_signs_in_with_microsoft_and_imports_over_xoauth2(
        outlook_dovecot: Dovecot, signin_env: AuthServer, memory_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    imap = emptied(outlook_dovecot, signin_env, USER)
    deliver(imap, signin_env, USER, mail(subject="Quote for a kitchen"), mail(sender="Bo <bo@example.com>",
                                                                              subject="Bathroom refit"))
    before = logins(imap, "XOAUTH2")
    data = tmp_path / "data"
    code, out, err = leakdesk(data, "account", "add", "--oauth", "microsoft", "--user", USER, *server_args(imap))
    assert code == 0, err
    assert "Signed in with Microsoft and connected front@clinic.test" in err
    asked = signin_env.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["login_hint"] == USER
    assert "https://outlook.office.com/IMAP.AccessAsUser.All" in asked["scope"].split()
    assert "offline_access" in asked["scope"].split()
    assert asked["redirect_uri"].startswith("http://localhost:")          # the loopback redirect (RFC 8252)
    tokens.forget_all()                                                   # as a new process: only the keyring
    code, _, err2 = leakdesk(data, "sync", "--once")
    assert code == 0, err2
    code, listed, _ = leakdesk(data, "leads", "--json")
    assert sorted(lead["subject"] for lead in json.loads(listed)) == ["Bathroom refit", "Quote for a kitchen"]
    assert logins(imap, "XOAUTH2") >= before + 2                          # the check at add, and the sync
    key = next(k for (_, k) in memory_keyring.items if k.startswith("oauth2+imap://"))
    assert memory_keyring.items[("LeakDesk", key)] == signin_env.issued_refresh_tokens[-1]  # rotated, kept
    store = Store.open(data / "leakdesk.sqlite")
    try:
        account = store.accounts.all()[0]
        assert (account.sign_in, account.signed_in_as, account.oauth_client_id) == (SignIn.MICROSOFT, USER,
                                                                                   SIGNIN_CLIENT_ID)
    finally:
        store.close()
    no_token_in(data, signin_env, out, err, err2, listed)


def test_google_signs_in_in_the_browser_and_logs_in_with_oauthbearer_where_offered(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)
    deliver(imap, signin_env, USER, mail(subject="Garden design"))
    before = logins(imap, "OAUTHBEARER")
    signed = service.sign_in(SignIn.GOOGLE, USER)
    assert signed.person == USER
    asked = signin_env.authorize_requests[-1]
    assert asked["access_type"] == "offline" and asked["code_challenge_method"] == "S256"
    assert "https://mail.google.com/" in asked["scope"].split()
    account = service.add_oauth_account(mail_store, clock, signed, USER, host="127.0.0.1", port=imap.tls_port,
                                        cafile=str(imap.cafile))
    assert list(sync_account(mail_store, account, clock))
    assert [lead.subject for lead in mail_store.leads.all()] == ["Garden design"]
    assert logins(imap, "OAUTHBEARER") >= before + 2


def test_microsoft_device_code_signs_in_on_another_device(oauth2_dovecot: Dovecot, signin_env: AuthServer) -> None:
    shown: list[tuple[str, str, str]] = []

    def on_the_phone(message: str, url: str, code: str) -> None:
        shown.append((message, url, code))
        signin_env.approve_device(code)                                   # the person types it in, accepts

    signed = service.sign_in(SignIn.MICROSOFT, USER, show_code=on_the_phone)
    assert signed.person == USER and shown and shown[0][2] in shown[0][0]
    draft = service.oauth_draft(signed, USER, host="127.0.0.1", port=oauth2_dovecot.tls_port,
                                cafile=str(oauth2_dovecot.cafile))
    assert "INBOX" in service.probe_signed_in(draft, signed).folders


def test_a_delegate_opens_the_shared_mailbox_with_their_own_sign_in(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock) -> None:
    imap = emptied(oauth2_dovecot, signin_env, SHARED_MAILBOX)
    deliver(imap, signin_env, SHARED_MAILBOX, mail(to=SHARED_MAILBOX, subject="Loft conversion"))
    signed = service.sign_in(SignIn.MICROSOFT, USER)                      # the delegate signs in as themself
    account = service.add_oauth_account(mail_store, clock, signed, USER, mailbox=SHARED_MAILBOX,
                                        host="127.0.0.1", port=imap.tls_port, cafile=str(imap.cafile))
    assert (account.username, account.signed_in_as, account.delegated) == (SHARED_MAILBOX, USER, True)
    assert list(sync_account(mail_store, account, clock))
    assert [lead.subject for lead in mail_store.leads.all()] == ["Loft conversion"]
    signin_env.user = "maya@clinic.test"                                  # not a delegate of it
    with pytest.raises(Exception, match="may not have Full Access to it"):
        service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.MICROSOFT, "maya@clinic.test"),
                                  "maya@clinic.test", mailbox=SHARED_MAILBOX, host="127.0.0.1",
                                  port=imap.tls_port, cafile=str(imap.cafile))


def test_an_access_token_expiring_mid_idle_is_renewed_and_no_message_is_lost_or_stored_twice(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)
    signin_env.access_lifetime = 5                                        # renewed about every 4 s
    account = service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.MICROSOFT, USER), USER,
                                        host="127.0.0.1", port=imap.tls_port, cafile=str(imap.cafile))
    sessions = logins(imap, "OAUTHBEARER")
    watcher = Watcher(lambda: Store.open(mail_store.path), account.id, service.stored_password, clock,
                      WatchSettings(idle_check_seconds=0.2, backoff_first=0.2))
    reports: list[object] = []
    thread = threading.Thread(target=lambda: reports.extend(watcher.run()), daemon=True)
    thread.start()
    try:
        started, sent = monotonic(), 0
        while monotonic() - started < 13:                                 # mail keeps arriving across renewals
            deliver(imap, signin_env, USER, mail(sender=f"P{sent} <p{sent}@example.com>", subject=f"Enquiry {sent}"))
            sent += 1
            threading.Event().wait(1.3)
        assert poll_until(lambda: mail_store.leads.count() == sent, 10)
    finally:
        watcher.request_stop()
        thread.join(10)
    assert sent >= 9 and mail_store.leads.count() == sent
    rows = mail_store.db.execute("SELECT count(*), count(DISTINCT uid) FROM messages").fetchone()
    assert rows == (sent, sent)                                           # each message once
    assert signin_env.refresh_grants >= 2                                 # renewed before each expiry,
    assert logins(imap, "OAUTHBEARER") >= sessions + 3                    # a new session with each token
    assert not any(getattr(r, "state", None) in (WatchState.RETRYING, WatchState.FAILED) for r in reports)


def test_a_revoked_sign_in_is_one_sentence_and_signing_in_again_brings_the_mail_back(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, memory_keyring, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    imap = emptied(oauth2_dovecot, signin_env, USER)
    data = tmp_path / "data"
    code, _, err = leakdesk(data, "account", "add", "--oauth", "microsoft", "--user", USER, *server_args(imap))
    assert code == 0, err
    signin_env.revoke()                                                   # an admin revoked the sessions
    tokens.forget_all()
    deliver(imap, signin_env, USER, mail(subject="After the revocation"))
    code, _, err = leakdesk(data, "sync", "--once")
    assert code == 2 and "Traceback" not in err
    assert "Microsoft no longer accepts LeakDesk's sign-in for front@clinic.test" in err
    assert "choose Sign in again" in err
    code, _, err = leakdesk(data, "account", "sign-in")
    assert code == 0 and "Signed in again to front@clinic.test" in err, err
    tokens.forget_all()
    code, _, err = leakdesk(data, "sync", "--once")
    assert code == 0, err
    code, listed, _ = leakdesk(data, "leads", "--json")
    assert [lead["subject"] for lead in json.loads(listed)] == ["After the revocation"]


def test_the_sign_in_error_is_final_for_the_watcher_which_waits_for_a_person(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock) -> None:
    account = service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.MICROSOFT, USER), USER,
                                        host="127.0.0.1", port=oauth2_dovecot.tls_port,
                                        cafile=str(oauth2_dovecot.cafile))
    signin_env.revoke()
    tokens.forget_all()
    grants = signin_env.refresh_grants
    watcher = Watcher(lambda: Store.open(mail_store.path), account.id, service.stored_password, clock,
                      WatchSettings(backoff_first=0.1))
    reports = list(watcher.run())                                         # ends by itself: no retry loop
    failed = [r for r in reports if r.state == WatchState.FAILED]
    assert len(failed) == 1 and failed[0].sign_in_needed and "Sign in again" in failed[0].message
    assert signin_env.refresh_grants == grants + 1                        # asked once, not into a lockout
    with pytest.raises(SignInNeeded):
        tokens.credential_for(account).access_token()


def test_a_draft_after_the_access_token_expired_is_written_with_a_renewed_one(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)
    signin_env.access_lifetime = 2
    account = service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.MICROSOFT, USER), USER,
                                        host="127.0.0.1", port=imap.tls_port, cafile=str(imap.cafile))
    mail_store.accounts.mark_connected(account.id, clock.now() - timedelta(minutes=1))
    deliver(imap, signin_env, USER, mail(subject="Kitchen quote please"))
    assert list(sync_account(mail_store, account, clock))
    [lead] = list(mail_store.leads.all())
    threading.Event().wait(2.5)                                           # the token from the sign-in is gone
    grants = signin_env.refresh_grants
    draft = prepare_draft(mail_store, clock, lead.id, "acknowledge")
    assert signin_env.refresh_grants == grants + 1
    with imap.oauth2_client(USER, signin_env.mint()) as c:
        c.select_folder("Drafts", readonly=True)
        [raw] = [v[b"BODY[]"] for v in c.fetch(c.search(["ALL"]), ["BODY.PEEK[]"]).values()]
    assert draft.message_id.encode() in raw


def test_a_password_inbox_switches_to_signing_in_and_its_password_leaves_the_keyring(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock,
        memory_keyring) -> None:  # type: ignore[no-untyped-def]
    imap = emptied(oauth2_dovecot, signin_env, USER)
    account = service.add_account(mail_store, clock, host="127.0.0.1", port=imap.tls_port, user=USER,
                                  password=PASSWORD, cafile=str(imap.cafile))
    assert ("LeakDesk", service.password_key(account)) in memory_keyring.items
    switched = service.sign_in_again(mail_store, account, service.sign_in(SignIn.MICROSOFT, USER))
    assert (switched.sign_in, switched.signed_in_as, switched.id) == (SignIn.MICROSOFT, USER, account.id)
    assert ("LeakDesk", service.password_key(account)) not in memory_keyring.items
    deliver(imap, signin_env, USER, mail(subject="After the switch"))
    tokens.forget_all()
    assert list(sync_account(mail_store, switched, clock))
    assert [lead.subject for lead in mail_store.leads.all()] == ["After the switch"]


def test_only_microsoft_and_google_servers_offer_the_switch(mail_store: Store, clock: FakeClock) -> None:
    def on(host: str) -> SignIn | None:
        return service.offers_sign_in(Account(1, USER, host, 993, USER))

    assert on("outlook.office365.com") == on("Outlook.Office.com") == SignIn.MICROSOFT
    assert on("imap.gmail.com") == SignIn.GOOGLE
    assert on("imap.fastmail.com") is None and on("127.0.0.1") is None


def test_the_command_line_shows_microsoft_device_code_and_waits_for_it(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, tmp_path: Path) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)

    def person() -> None:  # reads the code off the screen and types it on their phone
        assert poll_until(lambda: bool(signin_env.pending_device_codes()), 20)
        signin_env.approve_device(signin_env.pending_device_codes()[0])

    phone = threading.Thread(target=person, daemon=True)
    phone.start()
    approved = list(signin_env.issued_refresh_tokens)
    code, _, err = leakdesk(tmp_path / "data", "account", "add", "--oauth", "microsoft", "--user", USER,
                            "--device-code", *server_args(imap))
    phone.join(5)
    assert code == 0, err
    assert signin_env.authorize_requests == []                           # no browser on this computer
    first = err.splitlines()[0]
    assert first.startswith("To sign in, use a web browser to open the page") and "enter the code" in first
    assert "Signed in with Microsoft and connected front@clinic.test" in err
    assert len(signin_env.issued_refresh_tokens) == len(approved) + 1


def test_a_sign_in_gone_from_the_keyring_asks_for_signing_in_again(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, mail_store: Store, clock: FakeClock,
        memory_keyring) -> None:  # type: ignore[no-untyped-def]
    account = service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.GOOGLE, USER), USER,
                                        host="127.0.0.1", port=oauth2_dovecot.tls_port,
                                        cafile=str(oauth2_dovecot.cafile))
    memory_keyring.items.clear()                                          # another computer, a cleaned keyring
    tokens.forget_all()
    with pytest.raises(SignInNeeded, match="keyring no longer holds LeakDesk's Google sign-in for front@"):
        tokens.credential_for(account).access_token()
