"""Working leads on the real window: keys and menus write events and move cards;
handoffs ask for a note; the dialogs give what people typed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.domain import ContactKind, EventKind, LeakKind, LostReason, Outcome
from leakdesk.lead_file import read_lead_file
from leakdesk.sla.leaks import leak_kinds
from leakdesk.store import Store
from tests.support.lead_window import opened_lead
from ui.dialogs.work_dialogs import CloseDialog, HandoffDialog, LogContactDialog, NextStepDialog
from ui.main_window import MainWindow
from ui.workers.store_jobs import JobResult


def focus_first(window: MainWindow, column: BoardColumn) -> int:
    view = window.board.lists[column]
    view.setFocus()
    view.setCurrentIndex(window.model.index(0, 0, view.rootIndex()))
    lead_id = view.current_lead_id()
    assert lead_id is not None
    return lead_id


def press(qtbot: QtBot, window: MainWindow, column: BoardColumn, key: Qt.Key) -> None:
    qtbot.keyClick(window.board.lists[column], key)


def test_log_contact_by_keyboard_moves_the_card(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    window.session.set_me(demo_store.people.all()[0].id)
    lead_id = focus_first(window, BoardColumn.WAITING)
    monkeypatch.setattr(window.work, "ask_log_contact", lambda lead: (ContactKind.CALL, "Booked Friday 10:00"))
    press(qtbot, window, BoardColumn.WAITING, Qt.Key.Key_L)
    event = demo_store.leads.events(lead_id)[-1]
    assert (event.kind, event.details["how"]) == (EventKind.CONTACT_LOGGED, "call")
    assert window.model.index_of_lead(lead_id).data(0x0100 + 1).column is BoardColumn.IN_CONVERSATION


def test_next_step_booked_and_close_by_keyboard(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = focus_first(window, BoardColumn.IN_CONVERSATION)
    due = clock.now() + timedelta(days=1)
    monkeypatch.setattr(window.work, "ask_next_step", lambda lead: ("Send the price list", due))
    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_N)
    lead = demo_store.leads.get(lead_id)
    assert (lead.next_step, lead.next_step_due) == ("Send the price list", due)
    window.board.select_lead(lead_id)
    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_B)
    assert demo_store.leads.get(lead_id).outcome is Outcome.BOOKED
    assert window.model.index_of_lead(lead_id).data(0x0100 + 1).column is BoardColumn.BOOKED
    other = focus_first(window, BoardColumn.IN_CONVERSATION)
    monkeypatch.setattr(window.work, "ask_close", lambda lead, preset=None: (Outcome.LOST, LostReason.PRICE, "", None))
    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_X)
    closed = demo_store.leads.get(other)
    assert (closed.outcome, closed.lost_reason) == (Outcome.LOST, LostReason.PRICE)
    assert not window.model.index_of_lead(other).isValid()


def test_not_ready_by_menu_parks_the_lead(qtbot: QtBot, window: MainWindow, demo_store: Store, clock: FakeClock,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id
    revisit = clock.now().date() + timedelta(days=20)
    monkeypatch.setattr(window.work, "ask_close", lambda lead, preset=None: (Outcome.NOT_READY, None, "", revisit))
    menu = window.board.card_menu(lead_id)
    qtbot.addWidget(menu)
    next(a for a in menu.actions() if a.data() == "close").trigger()
    assert demo_store.leads.get(lead_id).revisit_on == revisit
    assert window.model.index_of_lead(lead_id).data(0x0100 + 1).column is BoardColumn.NOT_READY


def test_handoff_asks_for_a_note_and_shows_it_to_the_new_owner(qtbot: QtBot, window: MainWindow,
                                                               demo_store: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    entry = window.model.entries(BoardColumn.WAITING)[0]
    new_owner = next(p for p in demo_store.people.all() if p.id != entry.lead.owner_id)
    asked: list[str] = []

    def handoff(lead, to_name):  # type: ignore[no-untyped-def]
        asked.append(to_name)
        return True, "Called her Tuesday; she wants Saturday mornings."

    monkeypatch.setattr(window.work, "ask_handoff", handoff)
    window.work.assign(entry.lead.id, new_owner.id)
    assert asked == [new_owner.name]
    lead = demo_store.leads.get(entry.lead.id)
    assert lead.owner_id == new_owner.id and lead.handoff_note == "Called her Tuesday; she wants Saturday mornings."
    dialog = opened_lead(qtbot, window, lead.id)
    qtbot.addWidget(dialog)
    note = dialog.findChild(QLabel, "handoffNote")
    assert note is not None and note.isVisibleTo(dialog) and "Saturday mornings" in note.text()


def test_skipping_the_handoff_note_is_a_leak(qtbot: QtBot, window: MainWindow, demo_store: Store, clock: FakeClock,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    entry = window.model.entries(BoardColumn.WAITING)[1]
    new_owner = next(p for p in demo_store.people.all() if p.id != entry.lead.owner_id)
    monkeypatch.setattr(window.work, "ask_handoff", lambda lead, to: (True, None))
    window.work.assign(entry.lead.id, new_owner.id)
    lead = demo_store.leads.get(entry.lead.id)
    assert lead.handoff_without_context
    assert LeakKind.HANDOFF_WITHOUT_CONTEXT in leak_kinds(lead, window.model.policy, clock.now())
    monkeypatch.setattr(window.work, "ask_handoff", lambda lead, to: (False, None))  # cancel: nothing changes
    back = next(p for p in demo_store.people.all() if p.id != new_owner.id)
    events = len(demo_store.leads.events(lead.id))
    window.work.assign(lead.id, back.id)
    assert len(demo_store.leads.events(lead.id)) == events


def test_lead_dialog_buttons_and_reopen(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id
    opened_lead(qtbot, window, lead_id)
    qtbot.addWidget(window.work.lead_dialog)
    monkeypatch.setattr(window.work, "ask_close", lambda lead, preset=None: (Outcome.WON, None, "", None))
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000):  # the window is read again, and replaced
        qtbot.mouseClick(window.work.lead_dialog.action_buttons["close"], Qt.MouseButton.LeftButton)
    assert demo_store.leads.get(lead_id).outcome is Outcome.WON
    reopened_dialog = window.work.lead_dialog
    assert reopened_dialog is not None and set(reopened_dialog.action_buttons) == {"reply", "note", "reopen"}
    qtbot.addWidget(reopened_dialog)
    qtbot.mouseClick(reopened_dialog.action_buttons["reopen"], Qt.MouseButton.LeftButton)
    assert demo_store.leads.get(lead_id).is_open
    assert demo_store.leads.events(lead_id)[-1].kind is EventKind.REOPENED


def test_dialog_values(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    log = LogContactDialog()
    qtbot.addWidget(log)
    log.how.setCurrentIndex(1)
    log.summary.setText("Sent prices")
    assert log.value() == (ContactKind.WHATSAPP, "Sent prices")
    step = NextStepDialog(clock.now(), window.model.policy.calendar)
    qtbot.addWidget(step)
    step.action.setText("Call back")
    qtbot.mouseClick(step.pick_buttons["Tomorrow morning"], Qt.MouseButton.LeftButton)
    what, due = step.value()
    local = due.astimezone(window.model.policy.calendar.tz)
    assert what == "Call back" and local.date() == date(2026, 11, 18) and local.hour == 9
    close = CloseDialog(date(2026, 11, 17))
    qtbot.addWidget(close)
    close.choose(Outcome.LOST)
    close.reason.setCurrentIndex(list(LostReason).index(LostReason.COMPETITOR))
    assert close.value()[:2] == (Outcome.LOST, LostReason.COMPETITOR) and close.reason.isEnabled()
    close.choose(Outcome.NOT_READY)
    assert close.value()[3] == date(2026, 12, 17) and not close.reason.isEnabled()
    hand = HandoffDialog("Tom", "Maya")
    qtbot.addWidget(hand)
    hand.note.setPlainText("All yours")
    assert hand.value() == "All yours"
    qtbot.mouseClick(hand.skip_button, Qt.MouseButton.LeftButton)
    assert hand.value() is None


def test_a_not_ready_lead_comes_back_on_its_date(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                 clock: FakeClock) -> None:
    from leakdesk.actions import LeadActions

    window.boards.bring_back_revisits()  # the demo's own overdue revisits come back first
    lead_id = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id
    revisit = clock.now().date() + timedelta(days=3)
    window.model.update_lead(LeadActions(demo_store, clock).close(lead_id, None, Outcome.NOT_READY,
                                                                   revisit_on=revisit))
    clock.advance(days=2)
    window.boards.bring_back_revisits()  # other demo leads may come back; this one not yet
    assert not demo_store.leads.get(lead_id).is_open
    clock.advance(days=1)
    said: list[str] = []
    window.boards.said.connect(lambda text, _ms: said.append(text))
    count = window.boards.bring_back_revisits()
    assert count >= 1 and said == ["1 not-ready lead is back to follow up." if count == 1
                                   else f"{count} not-ready leads are back to follow up."]
    back = demo_store.leads.get(lead_id)
    assert back.is_open and back.revisit_on == revisit
    entry = window.model.entry(window.model.index_of_lead(lead_id))
    assert entry is not None and entry.column is BoardColumn.IN_CONVERSATION
    assert "back from not ready" in window.board.delegate.live_texts(entry, window.model.countdown(entry))[1]
    reopened = [e for e in demo_store.leads.events(lead_id) if e.kind is EventKind.REOPENED]
    assert reopened[-1].details["revisit"] is True
    assert back.cadence == "check_in" and "Not-ready check-in" in (back.next_step or "")  # the check-in is planned


def drop(window: MainWindow, lead_id: int, column: BoardColumn) -> None:
    """Drag a card and drop it on a column's list: the events a mouse drag sends."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    data = window.model.mimeData([window.model.index_of_lead(lead_id)])
    target = window.board.lists[column].viewport()
    point = QPointF(target.rect().center().x(), target.rect().bottom() - 5)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(target, QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, data, buttons, mods))
    QApplication.sendEvent(target, QDragMoveEvent(point.toPoint(), Qt.DropAction.MoveAction, data, buttons, mods))
    QApplication.sendEvent(target, QDropEvent(point, Qt.DropAction.MoveAction, data, buttons, mods))


def test_drag_and_drop_moves_a_card(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id
    drop(window, lead_id, BoardColumn.BOOKED)
    assert demo_store.leads.get(lead_id).outcome is Outcome.BOOKED
    assert window.model.entry(window.model.index_of_lead(lead_id)).column is BoardColumn.BOOKED  # type: ignore[union-attr]
    window.session.set_me(demo_store.people.all()[0].id)
    unowned = window.model.entries(BoardColumn.UNOWNED)[0].lead.id
    drop(window, unowned, BoardColumn.WAITING)  # the same as claiming it
    assert demo_store.leads.get(unowned).owner_id == demo_store.people.all()[0].id
    presets: list[object] = []
    other = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id

    def ask(lead, preset=None):  # type: ignore[no-untyped-def]
        presets.append(preset)
        return None  # the person cancels

    monkeypatch.setattr(window.work, "ask_close", ask)
    drop(window, other, BoardColumn.NOT_READY)
    assert presets == [Outcome.NOT_READY] and demo_store.leads.get(other).is_open


def test_reply_note_stage_and_contact_from_the_lead(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lead = next(e.lead for e in window.model.entries(BoardColumn.IN_CONVERSATION) if e.lead.contact_email)
    dialog = opened_lead(qtbot, window, lead.id)
    qtbot.addWidget(dialog)
    assert lead.first_response_at is not None and lead.owner_id is not None  # in conversation: owned, answered
    assert "answered" in dialog.status.text() and "claim" not in dialog.status.text()  # only the clocks that matter
    mailed: list[str] = []
    monkeypatch.setattr(window.work, "open_mail_client", lambda url: mailed.append(url.toString()))
    qtbot.mouseClick(dialog.action_buttons["reply"], Qt.MouseButton.LeftButton)
    assert mailed and mailed[0].startswith(f"mailto:{lead.contact_email}?subject=Re")
    monkeypatch.setattr(window.work, "ask_note", lambda lead: "Prefers a female physio")
    qtbot.mouseClick(dialog.action_buttons["note"], Qt.MouseButton.LeftButton)
    assert demo_store.leads.events(lead.id)[-1].details == {"text": "Prefers a female physio"}
    dialog = window.work.lead_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.stage.setCurrentIndex(dialog.stage.findData("proposal"))
    assert demo_store.leads.get(lead.id).stage.value == "proposal"
    monkeypatch.setattr(window.work, "ask_contact", lambda lead: ("Jo Bloggs", "JO@Example.com", "020 7946 0123"))
    window.work.on_action(lead.id, "edit")
    edited = demo_store.leads.get(lead.id)
    assert (edited.contact_name, edited.contact_email, edited.contact_phone) == ("Jo Bloggs", "jo@example.com",
                                                                                 "+442079460123")
    monkeypatch.setattr(window.work, "ask_contact", lambda lead: ("Jo", "not-an-address", ""))
    monkeypatch.setattr("ui.main_window.QMessageBox.information", lambda *a: None)
    window.work.on_action(lead.id, "edit")
    assert demo_store.leads.get(lead.id).contact_email == "jo@example.com"


def test_x_then_enter_closes_nothing_until_an_outcome_is_chosen(qtbot: QtBot, window: MainWindow,
                                                                demo_store: Store,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The close dialog names the lead and chooses nothing: Enter alone records no outcome."""
    lead_id = focus_first(window, BoardColumn.IN_CONVERSATION)
    name = demo_store.leads.get(lead_id).contact_name
    seen: dict[str, object] = {}

    def person_at_the_dialog(dialog: CloseDialog) -> int:  # in place of exec(): what a person does in it
        dialog.show()
        seen["title"] = dialog.windowTitle()
        seen["enabled_before"] = dialog.confirm.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # nothing chosen: the dialog stays
        seen["open_after_enter"] = dialog.isVisible()
        dialog.choose(Outcome.LOST)
        seen["enabled_after"] = dialog.confirm.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(CloseDialog, "exec", person_at_the_dialog)
    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_X)
    assert seen == {"title": f"Close the lead: {name}", "enabled_before": False, "open_after_enter": True,
                    "enabled_after": True}
    assert demo_store.leads.get(lead_id).outcome is Outcome.LOST


def test_an_overdue_lead_says_so_in_its_window(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                               clock: FakeClock) -> None:
    policy = window.model.policy
    late = next(e.lead for e in window.model.all_entries()
                if LeakKind.UNANSWERED in leak_kinds(e.lead, policy, clock.now()))
    dialog = opened_lead(qtbot, window, late.id)
    qtbot.addWidget(dialog)
    assert "reply overdue" in dialog.status.text()
    assert ("claim overdue" in dialog.status.text()) is (late.owner_id is None)
    header = dialog.findChild(QLabel, "leadHeader")
    assert header is not None and "Leaking now" in header.text()
    assert LeakKind.UNANSWERED.label in header.text()


def test_the_drafts_preview_prepares_only_what_is_ticked(qtbot: QtBot, clock: FakeClock) -> None:
    from zoneinfo import ZoneInfo

    from ui.dialogs.drafts_preview import DraftsPreview, DueDraft

    due = [DueDraft(4, "Ann Lee", "Acknowledgement", clock.now()), DueDraft(9, "Bo Chan", "Check-in", clock.now())]
    dialog = DraftsPreview(due, ZoneInfo("America/Los_Angeles"))
    qtbot.addWidget(dialog)
    assert dialog.chosen() == [4, 9] and dialog.confirm.text() == "Prepare 2 drafts"
    dialog.list.topLevelItem(0).setCheckState(0, Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    assert dialog.chosen() == [9] and dialog.confirm.text() == "Prepare 1 draft"
    dialog.list.topLevelItem(1).setCheckState(0, Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    assert dialog.chosen() == [] and not dialog.confirm.isEnabled()
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.result() == 0  # nothing ticked: nothing to confirm
    local = clock.now().astimezone(ZoneInfo("America/Los_Angeles")).strftime("%a %d %b %H:%M")
    assert dialog.list.topLevelItem(1).text(2) == local  # type: ignore[union-attr]


def test_ctrl_z_and_the_toast_undo_the_last_action(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                   clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    me = demo_store.people.all()[0].id
    window.session.set_me(me)
    window.activateWindow()  # window shortcuts (Ctrl+Z) work in the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    lead_id = window.model.entries(BoardColumn.UNOWNED)[0].lead.id
    before = demo_store.leads.get(lead_id)
    window.board.select_lead(lead_id)
    press(qtbot, window, BoardColumn.UNOWNED, Qt.Key.Key_C)
    assert demo_store.leads.get(lead_id).owner_id == me
    assert window.undo_button.isVisible() and "Claimed" in window.undo_button.text()
    qtbot.keyClick(window.board.lists[BoardColumn.WAITING], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_store.leads.get(lead_id) == before and window.model.entries(BoardColumn.UNOWNED)[0].lead.id == lead_id
    assert demo_store.leads.events(lead_id)[-1].kind is EventKind.UNDONE and not window.undo_button.isVisible()
    assert window.statusBar().currentMessage().startswith("Undone: Claimed")

    other = focus_first(window, BoardColumn.IN_CONVERSATION)
    kept = demo_store.leads.get(other)
    monkeypatch.setattr(window.work, "ask_close", lambda lead, preset=None: (Outcome.WON, None, "", None))
    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_X)
    assert demo_store.leads.get(other).outcome is Outcome.WON
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)  # the toast's Undo
    assert demo_store.leads.get(other) == kept

    press(qtbot, window, BoardColumn.IN_CONVERSATION, Qt.Key.Key_X)
    clock.advance(minutes=3)  # too late: the lead is changed instead
    window.work.undo_last()
    assert demo_store.leads.get(other).outcome is Outcome.WON
    assert "minutes ago or more" in window.statusBar().currentMessage()


def test_one_card_is_chosen_at_a_time_on_the_whole_board(qtbot: QtBot, window: MainWindow) -> None:
    first = focus_first(window, BoardColumn.IN_CONVERSATION)
    second = focus_first(window, BoardColumn.WAITING)
    chosen = [(c, v.current_lead_id()) for c, v in window.board.lists.items() if v.current_lead_id() is not None]
    assert chosen == [(BoardColumn.WAITING, second)] and first != second
    selected = [c for c, v in window.board.lists.items() if v.selectionModel().hasSelection()]
    assert selected in ([], [BoardColumn.WAITING])
    qtbot.keyClick(window.board.lists[BoardColumn.WAITING], Qt.Key.Key_Right)  # the next column takes the choice
    chosen = [c for c, v in window.board.lists.items() if v.current_lead_id() is not None]
    assert len(chosen) == 1


def test_the_lead_windows_actions_have_the_boards_keys(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    lead_id = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead.id
    dialog = opened_lead(qtbot, window, lead_id)
    qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    monkeypatch.setattr(window.work, "ask_note", lambda lead: "Prefers mornings")
    qtbot.keyClick(dialog.timeline, Qt.Key.Key_T)
    assert demo_store.leads.events(lead_id)[-1].details.get("text") == "Prefers mornings"
    assert "(L)" in dialog.action_buttons["log"].toolTip()


def test_a_lead_window_is_built_on_one_turn_and_shown_on_the_next(qtbot: QtBot, window: MainWindow,
                                                                  demo_store: Store) -> None:
    """Built, shown and laid out at once, the lead window held the main window 20-45 ms: it is built on the
    turn after the lead is read and shown on the turn after that. The one in front stays until its
    replacement is on screen, and one replaced before it was shown never shows."""
    first, second, third = (e.lead.id for e in window.model.entries(BoardColumn.IN_CONVERSATION)[:3])
    in_front = opened_lead(qtbot, window, first)
    qtbot.addWidget(in_front)
    window.work._show_lead(JobResult("lead", 1, read_lead_file(demo_store, second)))  # as the pool answers
    assert window.work.lead_dialog is in_front  # nothing built in the turn the answer came
    QApplication.processEvents()
    replaced = window.work.lead_dialog
    assert replaced is not None and replaced.lead.id == second and not replaced.isVisible()
    assert in_front.isVisible()  # built; the one in front stays
    window.work._show_lead(JobResult("lead", 2, read_lead_file(demo_store, third)))  # newer, before it showed
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000) as shown:
        pass
    assert shown.args[0] is window.work.lead_dialog and shown.args[0].lead.id == third
    assert shown.args[0].isVisible() and not in_front.isVisible() and not replaced.isVisible()
    qtbot.addWidget(shown.args[0])
