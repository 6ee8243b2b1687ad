"""Ctrl+N: a phone lead typed in joins the board with its clock, owner and alert, and counts in the week's
figures (issue 20)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel
from leakdesk.store import Store
from ui.app import ui_settings
from ui.dialogs.new_lead_dialog import NewLeadDialog
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, store: Store, clock: FakeClock, tmp_path: Path) -> MainWindow:
    store.settings.set_many({"business.phone_region": "GB", "business.timezone": "Europe/London"})
    for name in ("Maya Patel", "Tom Reed"):
        store.people.add(name, name[0] + name.split()[1][0], "#0072B2", [f"{name.split()[0].lower()}@clinic.test"])
    w = MainWindow(store, clock, ui_settings(tmp_path))
    qtbot.addWidget(w)
    w.show()
    w.session.set_me(store.people.all()[0].id)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def test_ctrl_n_types_in_a_call_that_joins_the_board_owned_and_answered(
        qtbot: QtBot, window: MainWindow, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[NewLeadDialog] = []

    def fill(dialog: NewLeadDialog) -> bool:
        if seen:                                                  # the second look: after its sentence
            assert "not a phone number" in dialog.problem.text()
            dialog.phone.setText("07700 900123")
            return True
        seen.append(dialog)
        assert dialog.taken_by.currentText() == "Maya Patel"      # who is at the seat took it
        assert dialog.channel.currentText() == "Phone"
        dialog.name.setText("Ann Lee")
        dialog.phone.setText("12")                                # misheard: the form says so and stays
        dialog.asked.setPlainText("Price for a knee assessment?")
        called = clock.now() - timedelta(minutes=40)
        dialog.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(called.timestamp()), dialog.when.timeZone()))
        dialog.answered.setChecked(True)
        return True

    monkeypatch.setattr(window.work, "fill_new_lead", fill)
    qtbot.keyClick(window, "n", modifier=Qt.KeyboardModifier.ControlModifier)
    # answered when it came in: a call picked up is a first response, so it is in conversation, with Maya
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.IN_CONVERSATION) == 1, timeout=5000)
    [lead] = list(store.leads.all())
    assert (lead.channel, lead.contact_phone, lead.owner_id) == (Channel.PHONE, "+447700900123",
                                                                  store.people.all()[0].id)
    assert lead.first_response_at == lead.received_at == clock.now() - timedelta(minutes=40)
    assert "Added Ann Lee (phone), owned by Maya Patel." in window.statusBar().currentMessage()


def test_a_whatsapp_chat_dropped_on_the_window_becomes_a_lead_on_the_board(
        qtbot: QtBot, window: MainWindow, store: Store) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    chat = Path(__file__).resolve().parent.parent / "fixtures" / "whatsapp" / "WhatsApp Chat with Tom Baker.txt"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(chat))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert drop.isAccepted()
    [lead] = list(store.leads.all())
    assert (lead.channel, lead.contact_name) == (Channel.WHATSAPP, "Tom Baker")
    assert window.statusBar().currentMessage().startswith("New WhatsApp lead: Tom Baker, 10 messages added")
    # answered from the business's phone, yet nobody on the team owns it: it shouts from Unowned
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.UNOWNED) == 1, timeout=5000)
    assert lead.first_response_at is not None
