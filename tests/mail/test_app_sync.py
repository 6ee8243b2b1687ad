"""The app watching a real inbox: cards appear, the status line tells, F5 checks."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail
from tests.support.dovecot import Dovecot
from ui.app import ui_settings
from ui.main_window import MainWindow


def test_new_mail_appears_on_the_board(qtbot: QtBot, imap: Dovecot, mail_store: Store, account: Account,
                                       clock: FakeClock, tmp_path: Path) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Already waiting"))
    window = MainWindow(mail_store, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.toolbar.check_action.isVisible()
    window.mail.start([account.id])
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.UNOWNED) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.mail.label.text().startswith("Last checked"), timeout=5000)
    assert window.mail.label.text().endswith("· 1 new")
    with imap.client() as c:
        c.append("INBOX", mail(sender="Bo Ray <bo@example.com>", subject="Just arrived"))
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.UNOWNED) == 2, timeout=5000)
    subjects = {e.lead.subject for e in window.model.entries(BoardColumn.UNOWNED)}
    assert subjects == {"Already waiting", "Just arrived"}
    qtbot.waitUntil(lambda: window.mail.label.text().endswith("· 2 new"), timeout=5000)
    # Window shortcuts need an active window, which Xvfb without a window manager never has.
    assert window.toolbar.check_action.shortcut().toString() == "F5"
    window.toolbar.check_action.trigger()
    assert window.mail.label.text() == "Checking…"
    qtbot.waitUntil(lambda: window.mail.label.text().startswith("Last checked"), timeout=5000)
    threads = [s.thread for s in window.mail.syncs]
    window.close()
    assert window.mail.syncs == [] and all(t.isFinished() for t in threads)


def test_a_wrong_password_shows_its_sentence(qtbot: QtBot, imap: Dovecot, mail_store: Store, account: Account,
                                             clock: FakeClock, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    for key in list(memory_keyring.items):
        memory_keyring.items[key] = "changed on the server"
    window = MainWindow(mail_store, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    window.mail.start([account.id])
    qtbot.waitUntil(lambda: "refused the user name or password" in window.mail.label.text(), timeout=10_000)
    window.close()
