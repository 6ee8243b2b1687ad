"""A lead up close and corrections from the app: safe mail, not a lead, this is a lead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.capture.ingest import FolderKind, Ingestor
from leakdesk.clock import FakeClock
from leakdesk.domain import EventKind, Outcome
from leakdesk.mail.imap_source import Fetched
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.lead_window import opened_lead
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "mail"


@pytest.fixture
def captured(demo_store: Store, clock: FakeClock) -> dict[str, int]:
    """Three corpus messages through the real ingest path into the demo database."""
    account = demo_store.accounts.add(Account(0, "front@clinic.test", "127.0.0.1", 993, "front@clinic.test"),
                                      clock.now())
    files = ["direct_html_with_script.eml", "supplier_invoice.eml", "form_wix.eml"]
    batch = [Fetched(uid, (CORPUS / name).read_bytes(), clock.now(), 100, ()) for uid, name in enumerate(files, 1)]
    Ingestor(demo_store, account, clock).ingest_batch("INBOX", FolderKind.INBOX, 7, batch, len(batch))
    by_subject = {m.reason: m for m in demo_store.messages.all() if m.uidvalidity == 7}
    leads = {lead.contact_email: lead.id for lead in demo_store.leads.all()}
    invoice = next(m for m in by_subject.values() if (m.reason or "").startswith("invoice"))
    assert invoice.id is not None
    return {"html_lead": leads["lily@dunn.test"], "wix_lead": leads["noah.price@mail.test"], "invoice": invoice.id}


class NaiveBrowser(QTextBrowser):
    """What an unguarded viewer would fetch (the control for the safe one)."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.requested.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None


def test_mail_html_is_shown_safely(qtbot: QtBot, make_window: WindowFactory, captured: dict[str, int]) -> None:
    window = make_window()
    dialog = opened_lead(qtbot, window, captured["html_lead"])
    qtbot.addWidget(dialog)
    # Messages load on the thread pool: the window never waits on a big one.
    qtbot.waitUntil(lambda: "Do you take Bupa?" in dialog.view.toPlainText())  # text by default
    dialog.formatted.setChecked(True)
    qtbot.waitUntil(lambda: "<p" in dialog.view.toHtml() and "Do you take Bupa?" in dialog.view.toPlainText())
    html = dialog.view.toHtml()
    assert "alert(" not in html and "<script" not in html.lower() and "iframe" not in html.lower()
    assert "tracker.test" not in html and dialog.view.requested == []
    control = NaiveBrowser()
    qtbot.addWidget(control)
    control.setHtml((CORPUS / "direct_html_with_script.eml").read_bytes().decode().split("\r\n\r\n", 1)[1])
    control.show()
    qtbot.waitUntil(lambda: any("tracker.test" in u for u in control.requested), timeout=3000)
    # Links open only on click, after showing the address; here the person says no.
    asked: list[str] = []
    dialog.view.confirm = lambda address: asked.append(address) or False
    dialog.view.anchorClicked.emit(QUrl("https://example.test/info"))
    assert asked == ["https://example.test/info"]


def test_timeline_lists_messages_and_events(qtbot: QtBot, make_window: WindowFactory, captured: dict[str, int],
                                            demo_store: Store) -> None:
    window = make_window()
    window.session.set_me(demo_store.people.all()[0].id)
    window.work.claim(captured["wix_lead"])
    dialog = opened_lead(qtbot, window, captured["wix_lead"])
    qtbot.addWidget(dialog)
    lines = [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]
    assert any("Enquiry — no-reply@crm.wix.com" in line for line in lines)
    me = demo_store.people.all()[0].name
    assert any(f"Claimed — {me}" in line for line in lines)
    from PySide6.QtWidgets import QLabel

    header = dialog.findChild(QLabel, "leadHeader")
    assert header is not None and "web form (Wix)" in header.text()
    qtbot.waitUntil(lambda: "First Name: Noah" in dialog.view.toPlainText())


def test_not_a_lead_from_the_card_menu_with_a_rule(qtbot: QtBot, make_window: WindowFactory,
                                                  captured: dict[str, int], demo_store: Store) -> None:
    window = make_window()
    lead_id = captured["html_lead"]
    assert window.model.index_of_lead(lead_id).isValid()
    menu = window.board.card_menu(lead_id)
    qtbot.addWidget(menu)
    sub = next(a.menu() for a in menu.actions() if a.text() == "Not a lead")
    assert isinstance(sub, QMenu)
    next(a for a in sub.actions() if a.data() == "ignore_sender").trigger()
    assert not window.model.index_of_lead(lead_id).isValid()
    assert demo_store.leads.get(lead_id).outcome is Outcome.NOT_A_LEAD
    assert demo_store.leads.events(lead_id)[-2].kind is EventKind.OVERRIDDEN
    assert ("ignore_sender", "lily@dunn.test", None) in demo_store.rules.all()
    assert "is not a lead" in window.statusBar().currentMessage()


def test_this_is_a_lead_from_set_aside(qtbot: QtBot, make_window: WindowFactory, captured: dict[str, int],
                                       demo_store: Store) -> None:
    window = make_window()
    before = window.model.count(BoardColumn.UNOWNED)
    window.work.show_set_aside()
    dialog = window.work.set_aside_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, 1).text(): r for r in range(dialog.table.rowCount())}
    dialog.table.setCurrentCell(rows["Invoice INV-2231"], 0)
    assert "Your invoice is attached." in dialog.view.toPlainText()
    qtbot.mouseClick(dialog.buttons["lead_sender"], Qt.MouseButton.LeftButton)
    assert window.model.count(BoardColumn.UNOWNED) == before + 1
    lead = max(demo_store.leads.all(), key=lambda lead: lead.id)
    assert lead.contact_email == "billing@supplies.test"
    assert [e.kind for e in demo_store.leads.events(lead.id)] == [EventKind.RECEIVED, EventKind.OVERRIDDEN]
    assert ("lead_sender", "billing@supplies.test", None) in demo_store.rules.all()
    assert "Invoice INV-2231" not in [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert QApplication.activeModalWidget() is None


def test_enter_opens_the_lead(qtbot: QtBot, window: MainWindow) -> None:
    view = window.board.lists[BoardColumn.UNOWNED]
    view.setFocus()
    view.setCurrentIndex(window.model.index(0, 0, view.rootIndex()))
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000):  # read on the pool, then opened
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.work.lead_dialog is not None and window.work.lead_dialog.isVisible()
    qtbot.addWidget(window.work.lead_dialog)


def test_a_logged_call_and_a_handoff_note_are_read_in_the_lead_window(
        qtbot: QtBot, make_window: WindowFactory, captured: dict[str, int], demo_store: Store) -> None:
    from leakdesk.domain import ContactKind

    window = make_window()
    maya, tom = demo_store.people.all()[:2]
    window.session.set_me(maya.id)
    lead_id = captured["wix_lead"]
    actions = window.work.lead_actions
    actions.log_contact(lead_id, maya.id, ContactKind.CALL, "Promised a quote by Friday; she prefers mornings "
                        "and the side gate is the way in, the front door sticks in the rain")
    actions.assign(lead_id, tom.id, maya.id, note="Quote by Friday, mornings only.")
    dialog = opened_lead(qtbot, window, lead_id)
    qtbot.addWidget(dialog)
    lines = [dialog.timeline.item(i).text() for i in range(dialog.timeline.count())]
    call = next(i for i, line in enumerate(lines) if f"Phone call — {maya.name}" in line)
    assert "Promised a quote by Friday" in lines[call]  # the snippet, on the row itself
    assert any(f"Handed off to {tom.name} — {maya.name}" in line and "Quote by Friday, mornings only." in line
               for line in lines)
    dialog.timeline.setCurrentRow(call)
    assert "the front door sticks in the rain" in dialog.view.toPlainText()  # the whole summary in the pane
    assert dialog.timeline.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert dialog.focusWidget() is dialog.primary and dialog.primary is not dialog.not_lead_button
    from PySide6.QtWidgets import QLabel

    header = dialog.findChild(QLabel, "leadHeader")
    assert header is not None and "mailto:" in header.text() and header.openExternalLinks()


def test_a_lead_with_no_stored_mail_opens_on_its_enquiry(qtbot: QtBot, make_window: WindowFactory,
                                                         demo_store: Store) -> None:
    from tests.core.test_store import received

    window = make_window()
    lead = demo_store.leads.open_lead(received(window.clock))  # as the demo's feed and a typed-in lead make them
    assert not demo_store.messages.for_lead(lead.id)
    dialog = opened_lead(qtbot, window, lead.id)
    qtbot.addWidget(dialog)
    assert dialog.timeline.currentRow() == 0 and "Enquiry" in dialog.timeline.item(0).text()
    assert dialog.view.toPlainText().startswith("Enquiry")  # never an empty pane


def test_the_lead_window_is_built_without_reading_the_database_on_the_ui_thread(
        qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    """Opening a lead reads it on the pool (read_lead_file); the window is then built from what was read:
    the GUI thread's connection runs no statement while it is built."""
    from leakdesk.lead_file import read_lead_file
    from ui.workers.store_jobs import JobResult

    lead_id = next(e.lead.id for e in window.model.entries(BoardColumn.IN_CONVERSATION))
    file = read_lead_file(demo_store, lead_id)
    statements: list[str] = []
    window.store.db.conn.set_trace_callback(statements.append)
    try:
        with qtbot.waitSignal(window.work.lead_opened, timeout=10_000):  # built on a turn after, then shown
            window.work._show_lead(JobResult("lead", 1, file))
    finally:
        window.store.db.conn.set_trace_callback(None)
    dialog = window.work.lead_dialog
    assert dialog is not None and dialog.lead.id == lead_id
    qtbot.addWidget(dialog)
    assert statements == []
    assert dialog.timeline.count() == len(file.rows) > 0  # the conversation as read on the pool
