"""Signing in with Microsoft and Google in the app, clicked through with pytest-qt against the local
authorization server and the real Dovecot: the wizard's "Sign in with …" to an imported shared mailbox,
the sentences of a declined or unapproved sign-in, the status bar's "Sign in again"; and the command line
with the real GNOME Keyring, where the refresh token lives and nowhere else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.domain.accounts import SignIn
from leakdesk.mail import service
from leakdesk.signin import tokens
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.mail.test_oauth_sign_in import deliver, emptied, server_args
from tests.support.auth_server import AuthServer
from tests.support.command import MAIN, ROOT
from tests.support.dovecot import SHARED_MAILBOX, USER, Dovecot
from tests.support.session_keyring import session_keyring
from ui.app import ui_settings
from ui.main_window import MainWindow
from ui.wizard.account_page import AccountPage
from ui.wizard.setup_wizard import ACCOUNT, IMPORT, SetupWizard


def choose_microsoft(page: AccountPage, imap: Dovecot, address: str) -> None:
    """As a person would: type the address (a business domain: the generic guess), pick the provider,
    and, here only, point the server fields at the test Dovecot."""
    page.address.setText(address)
    page.address.textEdited.emit(address)
    page.provider.setCurrentIndex(page.provider.findData("microsoft"))
    page.host.setText("127.0.0.1")
    page.port.setValue(imap.tls_port)
    page.cafile.setText(str(imap.cafile))


def test_the_wizard_signs_a_delegate_in_to_the_shared_mailbox_and_imports_it(
        qtbot: QtBot, tmp_path: Path, clock: FakeClock, oauth2_dovecot: Dovecot, signin_env: AuthServer,
        memory_keyring) -> None:  # type: ignore[no-untyped-def]
    imap = emptied(oauth2_dovecot, signin_env, SHARED_MAILBOX)
    deliver(imap, signin_env, SHARED_MAILBOX, mail(to=SHARED_MAILBOX, subject="Loft conversion"),
            mail(sender="Cy <cy@example.com>", to=SHARED_MAILBOX, subject="New roof"))
    wizard = SetupWizard(Store.open(tmp_path / "leakdesk.sqlite"), clock)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.account_page
    assert wizard.currentId() == ACCOUNT
    choose_microsoft(page, imap, SHARED_MAILBOX)
    assert page.sign_in_button.isVisible() and page.sign_in_button.text() == "Sign in with Microsoft"
    assert not page.password.isVisible() and not page.test_button.isVisible()   # no password path left there
    assert "shared mailbox" in page.note.text()
    qtbot.mouseClick(page.sign_in_button, qtbot_left())
    qtbot.waitUntil(page.isComplete, timeout=20_000)
    assert page.result.text().startswith(f"Signed in as {USER}; LeakDesk opens the shared mailbox {SHARED_MAILBOX}.")
    wizard.next()                                                        # folders
    wizard.next()                                                        # team
    wizard.team.editor.set_row(0, "Maya Patel", "maya@clinic.test")
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentId() == IMPORT
    qtbot.waitUntil(wizard.importing.isComplete, timeout=20_000)
    assert wizard.importing.status.text().startswith("Done: 2 leads on the board"), wizard.importing.status.text()
    account = wizard.store.accounts.all()[0]
    assert (account.username, account.signed_in_as, account.sign_in) == (SHARED_MAILBOX, USER, SignIn.MICROSOFT)
    assert signin_env.issued_refresh_tokens[-1] in memory_keyring.items.values()
    wizard.store.close()


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@pytest.mark.parametrize(("arm", "said"), [
    ("decline_next", "The sign-in with Microsoft for front@clinic.test was cancelled or declined"),
    ("admin_consent_next", "Microsoft says an administrator of clinic.test must approve LeakDesk first"),
])
def test_a_declined_or_unapproved_sign_in_is_one_sentence_and_the_page_waits(
        qtbot: QtBot, tmp_path: Path, clock: FakeClock, oauth2_dovecot: Dovecot, signin_env: AuthServer,
        arm: str, said: str) -> None:
    page = AccountPage()
    qtbot.addWidget(page)
    page.show()
    choose_microsoft(page, oauth2_dovecot, USER)
    setattr(signin_env, arm, True)
    page.sign_in_button.click()
    assert page.cancel_button.isVisible() and not page.sign_in_button.isEnabled()
    qtbot.waitUntil(lambda: said in page.result.text(), timeout=20_000)
    assert not page.isComplete() and page.sign_in_button.isEnabled() and not page.cancel_button.isVisible()


def test_the_status_bar_offers_sign_in_again_and_watching_resumes(
        qtbot: QtBot, tmp_path: Path, clock: FakeClock, oauth2_dovecot: Dovecot, signin_env: AuthServer,
        mail_store: Store) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)
    account = service.add_oauth_account(mail_store, clock, service.sign_in(SignIn.MICROSOFT, USER), USER,
                                        host="127.0.0.1", port=imap.tls_port, cafile=str(imap.cafile))
    signin_env.revoke()
    tokens.forget_all()
    window = MainWindow(mail_store, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.mail.start([account.id])
    button = window.mail.sign_in_button
    qtbot.waitUntil(button.isVisible, timeout=15_000)
    assert "Microsoft no longer accepts LeakDesk's sign-in for front@clinic.test" in window.mail.label.text()
    deliver(imap, signin_env, USER, mail(subject="Waiting while signed out"))
    button.click()
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.UNOWNED) == 1, timeout=20_000)
    assert not button.isVisible()
    assert [e.lead.subject for e in window.model.entries(BoardColumn.UNOWNED)] == ["Waiting while signed out"]
    window.close()


def test_the_refresh_token_lives_in_gnome_keyring_and_nowhere_in_the_data_folder(
        oauth2_dovecot: Dovecot, signin_env: AuthServer, tmp_path: Path) -> None:
    imap = emptied(oauth2_dovecot, signin_env, USER)
    deliver(imap, signin_env, USER, mail(subject="Through the real keyring"))
    data = str(tmp_path / "data")
    with session_keyring() as env:
        env = {**env, "PYTHONPATH": str(ROOT), "BROWSER": f"{sys.executable} -m tests.support.browser %s",
               "LEAKDESK_TEST_BROWSER_CA": str(signin_env.cafile)}
        env.update({k: v for k, v in os.environ.items() if k.startswith("LEAKDESK_") or k == "REQUESTS_CA_BUNDLE"})
        env.pop("CURL_CA_BUNDLE", None)

        def leakdesk(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run([*MAIN, "--data-dir", data, *args], cwd=ROOT, env=env, capture_output=True,
                                  text=True, timeout=60)

        added = leakdesk("account", "add", "--oauth", "microsoft", "--user", USER, *server_args(imap))
        assert added.returncode == 0, added.stderr
        synced = leakdesk("sync", "--once")
        assert synced.returncode == 0, synced.stderr
        listed = leakdesk("leads", "--json")
        assert [lead["subject"] for lead in json.loads(listed.stdout)] == ["Through the real keyring"]
        probe = ("import keyring; print(keyring.get_password('LeakDesk', "
                 f"'oauth2+imap://{USER}@127.0.0.1:{imap.tls_port}'))")
        found = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60,
                               cwd=ROOT)
        assert found.stdout.strip() in signin_env.issued_refresh_tokens
    issued = [t.encode() for t in signin_env.issued_refresh_tokens + signin_env.issued_access_tokens]
    files = [p for p in Path(data).rglob("*") if p.is_file()]
    assert any(p.name == "leakdesk.log" for p in files)
    for path in files:
        assert not any(token in path.read_bytes() for token in issued), path
    for printed in (added.stdout, added.stderr, synced.stderr, listed.stderr):
        assert not any(token.decode() in printed for token in issued)


def test_settings_inbox_says_who_signed_in_and_offers_the_sign_in_where_a_password_no_longer_works(
        qtbot: QtBot) -> None:
    from leakdesk.store.accounts import Account
    from ui.dialogs.account_box import AccountBox

    on_microsoft = AccountBox(Account(1, USER, "outlook.office365.com", 993, USER))
    qtbot.addWidget(on_microsoft)
    on_microsoft.show()
    assert on_microsoft.sign_in.isVisible() and on_microsoft.sign_in.text() == "Sign in with Microsoft instead"
    delegate = AccountBox(Account(2, SHARED_MAILBOX, "outlook.office365.com", 993, SHARED_MAILBOX,
                                  sign_in=SignIn.MICROSOFT, signed_in_as=USER))
    qtbot.addWidget(delegate)
    delegate.show()
    assert delegate.signed.text() == (f"Signs in with Microsoft as {USER} (a shared mailbox they are a delegate "
                                      "of).")
    assert delegate.sign_in.text() == "Sign in again" and not delegate.password.isVisible()
    elsewhere = AccountBox(Account(3, USER, "imap.fastmail.com", 993, USER))
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    assert not elsewhere.sign_in.isVisible() and elsewhere.password.isVisible()
