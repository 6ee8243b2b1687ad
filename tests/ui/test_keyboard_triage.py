"""The front desk's whole loop without a mouse: find, claim, open, log, next step, assign with a
note, close — keys only, through the real dialogs (each answered by keys where exec would wait)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.domain import EventKind, Outcome
from leakdesk.store import Store
from ui.dialogs.lead_dialog import LeadDialog
from ui.dialogs.work_dialogs import CloseDialog, HandoffDialog, LogContactDialog, NextStepDialog
from ui.main_window import MainWindow


def by_keys(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, kind: type[QDialog],
            keys: Callable[[QDialog], None]) -> None:
    """``kind``'s exec() answered by a person's keys."""
    def person(dialog: QDialog) -> int:
        dialog.show()
        dialog.activateWindow()  # as exec() makes it: the window its shortcuts (Ctrl+Enter) belong to
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        keys(dialog)
        return dialog.result()

    monkeypatch.setattr(kind, "exec", person)


def send(qtbot: QtBot, widget: object) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_find_claim_open_log_plan_assign_and_close_by_keyboard(qtbot: QtBot, window: MainWindow,
                                                              demo_store: Store,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    maya, tom = demo_store.people.all()[:2]
    window.session.set_me(maya.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    target = window.model.entries(BoardColumn.UNOWNED)[0].lead
    surname = target.contact_name.split()[-1]
    # Find: "/" to the search, type, Down to the results.
    qtbot.keyClick(window.board.lists[BoardColumn.UNOWNED], Qt.Key.Key_Slash)
    assert window.top_bar.search.hasFocus()
    qtbot.keyClicks(window.top_bar.search, target.contact_name)
    qtbot.keyClick(window.top_bar.search, Qt.Key.Key_Down)
    column = window.board.lists[BoardColumn.UNOWNED]
    assert column.hasFocus() and column.current_lead_id() == target.id, surname
    # Claim, then open and leave the lead window with Esc.
    qtbot.keyClick(column, Qt.Key.Key_C)
    assert demo_store.leads.get(target.id).owner_id == maya.id
    column = next(v for v in window.board.lists.values() if v.current_lead_id() == target.id)
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000):
        qtbot.keyClick(column, Qt.Key.Key_Return)
    dialog = window.work.lead_dialog
    assert isinstance(dialog, LeadDialog) and dialog.lead.id == target.id and dialog.focusWidget() is dialog.primary
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # Log a call.
    by_keys(qtbot, monkeypatch, LogContactDialog,
            lambda d: (qtbot.keyClicks(d.summary, "Wants Friday at 10"), send(qtbot, d.summary)))  # type: ignore[attr-defined]
    window.board.select_lead(target.id)
    column = next(v for v in window.board.lists.values() if v.current_lead_id() == target.id)
    qtbot.keyClick(column, Qt.Key.Key_L)
    logged = [e for e in demo_store.leads.events(target.id) if e.kind is EventKind.CONTACT_LOGGED]
    assert logged and logged[-1].details["summary"] == "Wants Friday at 10"
    # Plan the next step.
    by_keys(qtbot, monkeypatch, NextStepDialog,
            lambda d: (qtbot.keyClick(d.action, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier),  # type: ignore[attr-defined]
                       qtbot.keyClicks(d.action, "Confirm Friday"), send(qtbot, d.action)))  # type: ignore[attr-defined]
    column = next(v for v in window.board.lists.values() if v.current_lead_id() == target.id)
    qtbot.keyClick(column, Qt.Key.Key_N)
    assert demo_store.leads.get(target.id).next_step == "Confirm Friday"
    # Assign to Tom with a note: A, the menu by arrows, the note, Ctrl+Enter.
    by_keys(qtbot, monkeypatch, HandoffDialog,
            lambda d: (qtbot.keyClicks(d.note, "She wants Friday 10:00"), qtbot.keyClick(d.note, Qt.Key.Key_Tab),  # type: ignore[attr-defined]
                       send(qtbot, d)))
    column = next(v for v in window.board.lists.values() if v.current_lead_id() == target.id)
    qtbot.keyClick(column, Qt.Key.Key_A)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    row = [a.data() for a in menu.actions()].index(tom.id)
    for _ in range(row + 1):
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: demo_store.leads.get(target.id).owner_id == tom.id, timeout=2000)
    handed = [e for e in demo_store.leads.events(target.id) if e.kind is EventKind.HANDED_OFF]
    assert handed and handed[-1].details["note"] == "She wants Friday 10:00"
    # Close: X, an outcome by the keyboard (focus and Space), Ctrl+Enter.
    def close_keys(d: QDialog) -> None:
        assert isinstance(d, CloseDialog)
        send(qtbot, d)  # nothing chosen yet: refused
        assert d.isVisible()
        d.radios[Outcome.BOOKED].setFocus()
        qtbot.keyClick(d.radios[Outcome.BOOKED], Qt.Key.Key_Space)
        send(qtbot, d)

    by_keys(qtbot, monkeypatch, CloseDialog, close_keys)
    window.board.select_lead(target.id)
    column = next(v for v in window.board.lists.values() if v.current_lead_id() == target.id)
    qtbot.keyClick(column, Qt.Key.Key_X)
    assert demo_store.leads.get(target.id).outcome is Outcome.BOOKED


def test_question_mark_shows_the_shortcut_sheet(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.board.lists[BoardColumn.UNOWNED], Qt.Key.Key_Question)
    sheet = window.shortcut_sheet
    assert sheet is not None and sheet.isVisible()
    text = sheet.findChild(object, "shortcutSheet").text()  # type: ignore[union-attr, arg-type]
    assert "Ctrl+Z" in text and "claim it" in text


def test_tab_goes_through_toolbar_filters_and_columns_in_reading_order(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    chain = window.focus_chain
    toolbar_first = window.toolbar.focus_chain()[0]
    assert chain[0] is toolbar_first and chain[-1] is window.board.lists[BoardColumn.NOT_READY]
    assert chain.index(window.top_bar.search) < chain.index(window.board.lists[BoardColumn.UNOWNED])
    toolbar_first.setFocus()
    reached = []
    for _ in range(len(chain) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    visible = [w for w in chain[1:] if w.isVisible() and w.isEnabled()]
    assert [w for w in reached if w in visible][:len(visible)] == visible
