"""The board in a real window: order, keyboard claim and assign, ticking clocks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn, BoardEntry
from leakdesk.clock import FakeClock
from leakdesk.demo import DemoFeed
from leakdesk.domain import Event, EventKind
from leakdesk.sla.deadlines import ClockState, Countdown
from leakdesk.store import Store
from leakdesk.store.rows import iso
from tests.ui.conftest import WindowFactory
from ui.app import ui_settings
from ui.main_window import MainWindow
from ui.models.board_model import CountdownRole, EntryRole, LeadIdRole


def column_states(window: MainWindow, column: BoardColumn) -> list[ClockState]:
    model = window.model
    parent = model.column_index(column)
    return [model.index(r, 0, parent).data(CountdownRole).state for r in range(model.rowCount(parent))]


def test_window_shows_every_column_with_counts(window: MainWindow) -> None:
    for column in BoardColumn:
        assert window.model.count(column) > 0, column
        assert str(window.model.count(column)) in window.board.headers[column].text()
    assert window.windowTitle() == "LeakDesk — Brightside Physio"


def test_stalled_then_breached_first_then_soonest(window: MainWindow) -> None:
    for column in (BoardColumn.UNOWNED, BoardColumn.WAITING, BoardColumn.IN_CONVERSATION):
        entries = window.model.entries(column)
        stalled = [e.stalled for e in entries]
        assert stalled == sorted(stalled, reverse=True), column  # stalled cards rise to the top
        for group in ([e for e in entries if e.stalled], [e for e in entries if not e.stalled]):
            states = [window.model.countdown(e).state for e in group]
            breached = [s is ClockState.BREACHED for s in states]
            assert breached == sorted(breached, reverse=True), column  # then breached cards
            deadlines = [e.clock.deadline for e in group if e.clock.deadline is not None]
            assert deadlines == sorted(deadlines)  # then the soonest deadline
    assert any(e.stalled for e in window.model.entries(BoardColumn.IN_CONVERSATION))
    # The fresh demo arrivals: one overdue, one due soon, one on track, in that order.
    assert column_states(window, BoardColumn.UNOWNED)[-3:] == [
        ClockState.BREACHED, ClockState.DUE_SOON, ClockState.ON_TRACK]


def test_claim_by_keyboard_writes_the_event(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    maya = next(p for p in demo_store.people.all() if p.initials == "MP")
    window.session.set_me(maya.id)
    unowned = window.board.lists[BoardColumn.UNOWNED]
    before = window.model.count(BoardColumn.UNOWNED)
    unowned.setFocus()
    unowned.setCurrentIndex(window.model.index(0, 0, unowned.rootIndex()))
    lead_id = unowned.current_lead_id()
    assert lead_id is not None
    claims = demo_store.leads.count_events(EventKind.CLAIMED)
    qtbot.keyClick(unowned, Qt.Key.Key_C)
    assert demo_store.leads.count_events(EventKind.CLAIMED) == claims + 1
    last = demo_store.leads.events(lead_id)[-1]
    assert (last.kind, last.actor_id) == (EventKind.CLAIMED, maya.id)
    assert window.model.count(BoardColumn.UNOWNED) == before - 1
    index = window.model.index_of_lead(lead_id)
    assert index.data(EntryRole).column is BoardColumn.WAITING
    assert window.board.lists[BoardColumn.WAITING].currentIndex() == index
    assert "You claimed" in window.statusBar().currentMessage()


def test_claim_without_choosing_who_you_are_asks_first(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    unowned = window.board.lists[BoardColumn.UNOWNED]
    unowned.setFocus()
    unowned.setCurrentIndex(window.model.index(0, 0, unowned.rootIndex()))
    claims = demo_store.leads.count_events(EventKind.CLAIMED)
    qtbot.keyClick(unowned, Qt.Key.Key_C)
    assert demo_store.leads.count_events(EventKind.CLAIMED) == claims
    assert "Choose who you are" in window.statusBar().currentMessage()
    window.session.box.hidePopup()


def test_assign_by_keyboard_menu(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    tom = next(p for p in demo_store.people.all() if p.initials == "TR")
    unowned = window.board.lists[BoardColumn.UNOWNED]
    unowned.setFocus()
    unowned.setCurrentIndex(window.model.index(0, 0, unowned.rootIndex()))
    lead_id = unowned.current_lead_id()
    qtbot.keyClick(unowned, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    action = next(a for a in menu.actions() if a.data() == tom.id)
    action.trigger()
    menu.close()
    assert demo_store.leads.get(lead_id).owner_id == tom.id  # type: ignore[arg-type]
    assert demo_store.leads.events(lead_id)[-1].kind is EventKind.ASSIGNED  # type: ignore[arg-type]


def test_moving_between_columns_with_arrows(qtbot: QtBot, window: MainWindow) -> None:
    first = window.board.lists[BoardColumn.UNOWNED]
    first.setFocus()
    first.setCurrentIndex(window.model.index(0, 0, first.rootIndex()))
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert window.focusWidget() is window.board.lists[BoardColumn.WAITING]
    qtbot.keyClick(window.board.lists[BoardColumn.WAITING], Qt.Key.Key_Right)
    assert window.focusWidget() is window.board.lists[BoardColumn.IN_CONVERSATION]


def test_a_card_turns_from_on_track_to_breached(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    lead = demo_store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now()), "contact_name": "Nina Fresh", "channel": "web_form", "subject": "Hi"}))
    window.model.update_lead(lead)
    assert window.board.select_lead(lead.id)
    assert window.model.index_of_lead(lead.id).data(CountdownRole).state is ClockState.ON_TRACK
    painted: list[tuple[int, ClockState]] = []
    original = window.model.countdown

    def spy(entry: BoardEntry) -> Countdown:  # the delegate asks for it on every paint
        result = original(entry)
        painted.append((entry.lead.id, result.state))
        return result

    monkeypatch.setattr(window.model, "countdown", spy)
    clock.advance(minutes=11)
    qtbot.waitUntil(lambda: (lead.id, ClockState.DUE_SOON) in painted, timeout=3000)
    clock.advance(minutes=5)
    qtbot.waitUntil(lambda: (lead.id, ClockState.BREACHED) in painted, timeout=3000)


def test_a_tick_repaints_only_changed_cards_on_screen(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    window.ticker.stop()
    board = window.board
    view = board.lists[BoardColumn.IN_CONVERSATION]
    first, last = view.visible_rows()  # type: ignore[misc]
    assert first == 0 and last < window.model.count(BoardColumn.IN_CONVERSATION) - 1
    visible_total = sum(r[1] - r[0] + 1 for v in board.lists.values() if (r := v.visible_rows()))
    qtbot.waitUntil(lambda: len(board.delegate.shown) >= visible_total)
    assert board.refresh_countdowns() == 0  # nothing on screen changed within the second
    shown_before = dict(board.delegate.shown)
    clock.advance(minutes=1)
    repainted = board.refresh_countdowns()
    assert 0 < repainted <= visible_total
    qtbot.waitUntil(lambda: board.delegate.shown != shown_before)
    qtbot.waitUntil(lambda: board.refresh_countdowns() == 0)
    # Only cards on screen were painted: everything painted is among the visible leads.
    visible_ids = {
        window.model.entry(window.model.index(row, 0, v.rootIndex())).lead.id  # type: ignore[union-attr]
        for v in board.lists.values() if (r := v.visible_rows()) for row in range(r[0], r[1] + 1)
    }
    changed = {lead_id for lead_id, texts in board.delegate.shown.items() if shown_before.get(lead_id) != texts}
    assert changed and changed <= visible_ids


def test_geometry_and_who_am_i_are_remembered(qtbot: QtBot, make_window: WindowFactory, demo_store: Store) -> None:
    first = make_window()
    first.resize(1000, 640)
    first.session.set_me(demo_store.people.all()[1].id)
    first.close()
    second = make_window()
    assert second.size().width() == 1000 and second.size().height() == 640
    assert second.me == demo_store.people.all()[1].id


def test_demo_feed_brings_new_cards(qtbot: QtBot, demo_store: Store, clock: FakeClock, tmp_path: Path) -> None:
    window = MainWindow(demo_store, clock, ui_settings(tmp_path), DemoFeed(demo_store, clock, 3))
    qtbot.addWidget(window)
    qtbot.waitSignal(window.board_loaded, timeout=5000).wait()
    before = window.model.count(BoardColumn.UNOWNED)
    clock.advance(minutes=2)
    window.boards.poll_demo()
    assert window.model.count(BoardColumn.UNOWNED) == before + 1
    assert "New enquiry from" in window.statusBar().currentMessage()
    assert "(demo data)" in window.windowTitle()
    window.ticker.stop()
    window.demo_ticker.stop()


def test_wall_clock_jump_reloads_the_board(
    qtbot: QtBot, window: MainWindow, demo_store: Store, clock: FakeClock
) -> None:
    lead = demo_store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now() - timedelta(minutes=1)), "contact_name": "Asleep", "channel": "email",
        "subject": "Written while the laptop slept"}))
    assert not window.model.index_of_lead(lead.id).isValid()
    with qtbot.waitSignal(window.board_loaded, timeout=5000):
        window.ticker.jumped.emit(3600.0)
    assert window.model.index_of_lead(lead.id).data(LeadIdRole) == lead.id


def test_a_load_overtaken_by_an_action_is_redone(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    window.session.set_me(demo_store.people.all()[0].id)
    lead_id = window.model.entries(BoardColumn.UNOWNED)[0].lead.id
    window.reload()  # a load starts; then the person claims before it lands
    window.work.claim(lead_id)
    loads: list[int] = []
    window.board_loaded.connect(lambda: loads.append(1))
    qtbot.waitUntil(lambda: len(loads) >= 1, timeout=5000)
    assert window.model.index_of_lead(lead_id).data(EntryRole).column is BoardColumn.WAITING
