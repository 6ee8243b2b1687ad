"""The first-run wizard against the real Dovecot (TLS with the test CA): to a working account and its
imported history, and one sentence for each wrong input."""

from __future__ import annotations

import gc
import socket
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.support.dovecot import PASSWORD, USER, Dovecot
from ui.wizard.account_page import AccountPage
from ui.wizard.setup_wizard import ACCOUNT, FOLDERS, HOURS, IMPORT, SLA, TEAM, SetupWizard


@pytest.fixture
def wizard(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> SetupWizard:
    store = Store.open(tmp_path / "leakdesk.sqlite")
    w = SetupWizard(store, clock)
    qtbot.addWidget(w)
    w.show()
    return w


def fill_server(page: AccountPage, imap: Dovecot, password: str = PASSWORD, address: str = USER) -> None:
    page.address.setText(address)
    page.address.textEdited.emit(address)        # as typed: the provider guess and its preset follow
    page.host.setText("127.0.0.1")
    page.port.setValue(imap.tls_port)
    page.cafile.setText(str(imap.cafile))
    page.password.setText(password)


def test_the_wizard_walks_to_a_working_account_and_imports_the_history(
        qtbot: QtBot, wizard: SetupWizard, imap: Dovecot, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
        c.append("INBOX", mail(sender="Bo Chan <bo@example.com>", subject="Back pain"))
    assert wizard.currentId() == 0 and wizard.start.connect_inbox.isChecked()
    wizard.next()
    page = wizard.account_page
    assert wizard.currentId() == ACCOUNT and not page.isComplete()
    fill_server(page, imap)
    assert page.provider.currentData() == "generic" and page.user.text() == USER
    page.test_button.click()
    qtbot.waitUntil(page.isComplete, timeout=10_000)
    assert page.result.text().startswith("Connected. Folders:") and "Sent" in page.result.text()
    wizard.next()
    assert wizard.currentId() == FOLDERS
    assert (wizard.folders.inbox.currentText(), wizard.folders.sent.currentText()) == ("INBOX", "Sent")
    wizard.next()
    assert wizard.currentId() == TEAM
    wizard.next()                                             # nobody named yet: it says so and stays
    assert wizard.currentId() == TEAM and "at least one team member" in wizard.team.problem.text()
    wizard.team.editor.set_row(0, "Maya Patel", "maya@clinic.test")
    wizard.next()
    assert wizard.currentId() == HOURS
    wizard.hours.fields["business.name"].set_text("Brightside Physio")
    hours = wizard.hours.fields["business.hours"]
    for day in hours.grid.days:                               # opening hours are picked on a week grid
        day.open.setChecked(False)                            # closed every day: not a business week
    wizard.next()                                             # a bad value keeps the page, with its sentence
    assert wizard.currentId() == HOURS
    assert "business.hours" in wizard.hours.fields["business.hours"].error.text()
    hours.set_text("mon-fri 08:00-18:00")
    assert [d.open.isChecked() for d in hours.grid.days] == [True] * 5 + [False] * 2
    wizard.next()
    assert wizard.currentId() == SLA
    wizard.sla.fields["sla.response_minutes"].set_text("30")
    wizard.next()
    assert wizard.currentId() == IMPORT
    qtbot.waitUntil(wizard.importing.isComplete, timeout=15_000)
    assert wizard.importing.status.text().startswith("Done: 2 leads on the board")
    store = wizard.store
    [account] = store.accounts.all()
    assert (account.host, account.port, account.sent_folder, account.team_addresses) == (
        "127.0.0.1", imap.tls_port, "Sent", ("maya@clinic.test",))
    assert store.settings.load().text("sla.response_minutes") == "30"
    assert [p.name for p in store.people.all()] == ["Maya Patel"]
    assert sorted(x.contact_name for x in store.leads.all()) == ["Ann Lee", "Bo Chan"]
    assert list(memory_keyring.items.values()) == [PASSWORD]                # the password is in the keyring
    assert PASSWORD.encode() not in (store.path.read_bytes() + Path(f"{store.path}-wal").read_bytes())
    with qtbot.waitSignal(wizard.connected, timeout=2000) as done:
        wizard.button(wizard.WizardButton.FinishButton).click()
    assert done.args == [account.id]
    store.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # free now, and nothing listens on it


@pytest.mark.parametrize(("change", "sentence"), [
    ({"password": "wrong"}, "refused the user name or password for front@clinic.test"),
    ({"port": "closed"}, "Nothing answers at 127.0.0.1:"),
    ({"host": "no-such-host.invalid"}, "The server name no-such-host.invalid cannot be found"),
    ({"cafile": ""}, "is not trusted"),
    ({"address": "front@gmail.com", "password": "wrong"}, "Gmail / Google Workspace refused the password for "
                                                         "front@clinic.test. Google asks for an app password"),
])
def test_each_wrong_input_gets_its_sentence(qtbot: QtBot, wizard: SetupWizard, imap: Dovecot,
                                            change: dict[str, str], sentence: str) -> None:
    wizard.next()
    page = wizard.account_page
    fill_server(page, imap, address=change.get("address", USER), password=change.get("password", PASSWORD))
    page.user.setText(USER)
    if "port" in change:
        page.port.setValue(closed_port())
    if "host" in change:
        page.host.setText(change["host"])
    if "cafile" in change:
        page.cafile.setText("")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.result.text() not in ("", "Testing…"), timeout=15_000)
    assert sentence in page.result.text()
    assert not page.isComplete() and page.test_button.isEnabled()
    assert keyring.get_keyring() is not None and wizard.store.accounts.all() == []   # nothing stored


def test_choosing_the_demo_ends_the_wizard(qtbot: QtBot, wizard: SetupWizard) -> None:
    wizard.start.demo.setChecked(True)
    assert wizard.start.nextId() == -1
    with qtbot.waitSignal(wizard.chose_demo, timeout=2000):
        wizard.button(wizard.WizardButton.FinishButton).click()
    assert wizard.store.accounts.all() == []


def walk(qtbot: QtBot, wizard: SetupWizard, imap: Dovecot) -> None:
    """Through every page with good answers, to the end of the import."""
    wizard.next()
    fill_server(wizard.account_page, imap)
    wizard.account_page.test_button.click()
    qtbot.waitUntil(wizard.account_page.isComplete, timeout=10_000)
    wizard.next()
    wizard.next()
    wizard.team.editor.set_row(0, "Maya Patel", "maya@clinic.test")
    for _ in range(3):
        wizard.next()
    assert wizard.currentId() == IMPORT
    qtbot.waitUntil(wizard.importing.isComplete, timeout=15_000)


def test_first_run_opens_the_demo_with_the_wizard_and_connecting_switches_to_the_inbox(
        qtbot: QtBot, imap: Dovecot, tmp_path: Path, clock: FakeClock, request: pytest.FixtureRequest) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    from ui.app import Launcher

    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    request.addfinalizer(lambda: (app.setStyleSheet(""), app.setPalette(app.style().standardPalette())))
    launcher = Launcher(app, argparse.Namespace(demo=False), tmp_path, clock)
    launcher.start()
    demo_window, wizard = launcher.window, launcher.wizard
    assert demo_window is not None and wizard is not None
    qtbot.addWidget(wizard)
    assert demo_window.windowTitle().endswith("(demo data)") and wizard.isVisible()
    walk(qtbot, wizard, imap)
    wizard.button(wizard.WizardButton.FinishButton).click()
    window = launcher.window
    assert window is not None and window is not demo_window and not demo_window.isVisible()
    qtbot.addWidget(window)
    assert not window.windowTitle().endswith("(demo data)") and len(window.mail.syncs) == 1
    qtbot.waitUntil(lambda: window.mail.label.text().startswith("Last checked"), timeout=10_000)
    assert [e.lead.contact_name for e in window.model.all_entries()] == ["Ann Lee"]
    window.quit()
    launcher.close()
    again = Launcher(app, argparse.Namespace(demo=False), tmp_path, clock)
    again.start()                                            # the next start: straight to the inbox's board
    assert again.wizard is None and again.window is not None and len(again.window.mail.syncs) == 1
    qtbot.addWidget(again.window)
    again.window.quit()
    again.close()
    gc.collect()  # the launchers and their windows refer to each other: let them go here, on the GUI thread
