"""Check these from the app: the count on the top bar, decided by keyboard,
the evidence in the lead window, and corrections that teach the reading."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from leakdesk import overrides
from leakdesk.capture.ingest import FolderKind, Ingestor
from leakdesk.clock import FakeClock
from leakdesk.domain import MessageRole
from leakdesk.mail.imap_source import Fetched
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.lead_window import opened_lead
from tests.ui.conftest import WindowFactory

NAMES = ("Sam Reyes", "Alex Moreno", "Jordan Price", "Robin Hale", "Casey Lund")


def pitch(n: int) -> bytes:
    """An agency's cold mail, written by a person: LeakDesk cannot be sure about the first one."""
    return (f"From: {NAMES[n % len(NAMES)]} <sam{n}@pixelgrow{n}.test>\r\nTo: front@clinic.test\r\n"
            f"Subject: Idea for your clinic's booking page\r\nMessage-ID: <pitch{n}@x.test>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            f"Hi there, I'm Sam from PixelGrow{n}. We help physiotherapy clinics in your town with their website, "
            "and I have two ideas for yours. Could we talk next week?\r\n"
            ).encode()


def enquiry() -> bytes:
    return (b"From: Robot <noreply@forms.example.test>\r\nTo: front@clinic.test\r\nSubject: Hello\r\n"
            b"Message-ID: <odd@x.test>\r\nContent-Type: text/plain\r\n\r\n"
            b"A visitor left this for you: please ring Ann at ann.lee@mail.test\r\n")


def ingest(store: Store, clock: FakeClock, raws: list[bytes], start_uid: int) -> None:
    account = store.accounts.all()[0] if store.accounts.all() else store.accounts.add(
        Account(0, "front@clinic.test", "127.0.0.1", 993, "front@clinic.test"), clock.now())
    batch = [Fetched(uid, raw, clock.now(), len(raw), ()) for uid, raw in enumerate(raws, start_uid)]
    Ingestor(store, account, clock).ingest_batch("INBOX", FolderKind.INBOX, 9, batch, start_uid + len(raws))


def roles(store: Store) -> dict[str | None, MessageRole]:
    return {m.message_id: m.role for m in store.messages.all() if m.uidvalidity == 9}


def test_check_these_from_the_top_bar_decided_by_keyboard(qtbot: QtBot, make_window: WindowFactory,
                                                           demo_store: Store, clock: FakeClock) -> None:
    demo_waiting = demo_store.reading.undecided_count()  # the demo's own, read first in the list
    for waiting in demo_store.reading.undecided():
        overrides.dismiss(demo_store, clock, waiting.row, None)
    ingest(demo_store, clock, [pitch(1), enquiry(), pitch(2), pitch(3)], 1)
    assert demo_waiting >= 1 and list(roles(demo_store).values()) == [MessageRole.UNDECIDED] * 4
    window = make_window()
    qtbot.waitUntil(lambda: window.top_bar.check_these.text() == "Check these 4")
    assert window.top_bar.check_these.property("attention") is True
    qtbot.mouseClick(window.top_bar.check_these, Qt.MouseButton.LeftButton)
    dialog = window.work.check_these_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: "What LeakDesk weighed" in dialog.evidence.text())
    assert "sales pitch" in dialog.evidence.text() and "written by a person" in dialog.evidence.text()
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)  # the first pitch is not a lead
    assert dialog.model.rowCount() == 3 and "ann.lee@mail.test" in dialog.view.toPlainText()
    qtbot.keyClick(dialog.table, Qt.Key.Key_L)  # the robot's message with an address is
    assert window.top_bar.check_these.text() == "Check these 2"
    lead = next(x for x in demo_store.leads.all() if x.contact_email == "ann.lee@mail.test")
    assert lead.channel.value == "web_form"
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)
    assert dialog.model.rowCount() == 0 and dialog.empty.isVisible()
    assert window.top_bar.check_these.text() == "Check these 0"
    assert [r.value for r in roles(demo_store).values()] == ["not_a_lead", "enquiry", "not_a_lead", "not_a_lead"]

    # Three pitches marked not a lead: the fourth like them is set aside, and says why.
    clock.advance(timedelta(minutes=5))
    ingest(demo_store, clock, [pitch(4)], 20)
    fourth = next(m for m in demo_store.messages.all() if m.message_id == "<pitch4@x.test>")
    assert fourth.role is MessageRole.NOT_A_LEAD and fourth.reason == "like 3 mails you marked not a lead"

    # The lead made from Check these shows the evidence it was read with.
    lead_window = opened_lead(qtbot, window, lead.id)
    qtbot.addWidget(lead_window)
    assert lead_window.evidence.isVisible()
    assert "outside address in the text" in lead_window.evidence.text()


def test_deciding_while_another_program_holds_the_database_says_so(qtbot: QtBot, make_window: WindowFactory,
                                                                   demo_store: Store, clock: FakeClock,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    for waiting in demo_store.reading.undecided():
        overrides.dismiss(demo_store, clock, waiting.row, None)
    ingest(demo_store, clock, [pitch(1)], 1)
    said: list[str] = []
    monkeypatch.setattr("ui.lead_work.QMessageBox.information", lambda _w, _t, text: said.append(text))
    window = make_window()
    qtbot.waitUntil(lambda: window.top_bar.check_these.text() == "Check these 1")
    window.work.show_check_these()
    dialog = window.work.check_these_dialog
    assert dialog is not None
    demo_store.db.execute("PRAGMA busy_timeout = 100")  # seconds, not the app's patient wait
    other = sqlite3.connect(demo_store.path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a backup tool, a second LeakDesk
    try:
        qtbot.keyClick(dialog.table, Qt.Key.Key_N)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(said) == 1 and "Another program is using LeakDesk's database" in said[0]
    assert dialog.model.rowCount() == 1 and list(roles(demo_store).values()) == [MessageRole.UNDECIDED]
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)  # let go: the same key goes through
    assert dialog.model.rowCount() == 0 and list(roles(demo_store).values()) == [MessageRole.NOT_A_LEAD]


def test_set_aside_and_team_load_say_when_empty_and_close_by_button_and_esc(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox, QPushButton

    from ui.dialogs.load_dialog import LoadDialog
    from ui.dialogs.set_aside_dialog import SetAsideDialog

    aside = SetAsideDialog(store)
    qtbot.addWidget(aside)
    aside.show()
    assert aside.empty.isVisible() and "Nothing is set aside" in aside.empty.text()
    assert not any(b.isEnabled() for b in aside.buttons.values())
    close = next(b for b in aside.findChildren(QPushButton) if b.text() == "Close")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not aside.isVisible()
    from ui.dialogs.check_these_dialog import CheckTheseDialog

    check = CheckTheseDialog(store)
    qtbot.addWidget(check)
    check.show()
    assert check.empty.isVisible()
    qtbot.mouseClick(next(b for b in check.findChildren(QPushButton) if b.text() == "Close"), Qt.MouseButton.LeftButton)
    assert not check.isVisible()
    load = LoadDialog([], {None: (2, 1, 0)})
    qtbot.addWidget(load)
    load.show()
    assert load.findChild(QDialogButtonBox) is not None
    qtbot.keyClick(load, Qt.Key.Key_Escape)
    assert not load.isVisible()
