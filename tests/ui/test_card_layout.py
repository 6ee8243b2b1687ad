"""Cards hold their layout from 1024×700 to 1920×1080: no two painted parts overlap, the clock never
covers the owner's initials, a not-ready card keeps its revisit date, and the columns are equal."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from tests.support.lead_window import opened_lead
from ui.delegates.card_delegate import CARD_HEIGHT, MARGIN
from ui.main_window import MainWindow


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1920, 1080)])
def test_no_card_part_overlaps_another(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=3000)
    panels = [v.parentWidget().width() for v in window.board.lists.values()]  # type: ignore[union-attr]
    assert max(panels) - min(panels) <= 2, panels  # equal columns (a scrollbar narrows only the cards)
    widths = {c: v.viewport().width() for c, v in window.board.lists.items()}
    delegate = window.board.delegate
    checked = 0
    for column, view in window.board.lists.items():
        fonts = delegate.fonts(view.font())
        rect = QRect(0, 0, widths[column], CARD_HEIGHT).adjusted(MARGIN, MARGIN // 2 + 1, -MARGIN, -(MARGIN // 2) - 1)
        inner = rect.adjusted(12, 7, -10, -7)
        for entry in window.model.entries(column):
            cd = window.model.countdown(entry)
            owner = window.model.person(entry.lead.owner_id)
            has_badge = owner is not None or column is BoardColumn.UNOWNED
            live = delegate.live_layout(inner, delegate.live_texts(entry, cd), has_badge, True, fonts)
            name, chip = delegate.top_layout(inner, entry.lead.channel.label, fonts)
            subject = QRect(inner.left(), inner.top() + fonts.fm_bold.height() + 3, inner.width(), fonts.fm.height())
            parts = {"name": name, "chip": chip, "subject": subject, "clock": live.clock, "info": live.info,
                     "badge": delegate.badge_rect(inner) if has_badge else None}
            placed = {k: r for k, r in parts.items() if r is not None}
            for (a, ra), (b, rb) in itertools.combinations(placed.items(), 2):
                assert not ra.intersects(rb), f"{size} {column.name} {entry.lead.contact_name}: {a} over {b}"
            assert all(inner.contains(r) for r in placed.values()), f"{size} {column.name}: a part leaves the card"
            if column is BoardColumn.NOT_READY and entry.lead.revisit_on:
                assert live.info_text, f"{size}: the revisit date of {entry.lead.contact_name} vanished"
            if entry.lead.is_open and column in (BoardColumn.WAITING, BoardColumn.UNOWNED):
                assert live.clock_text, f"{size}: the clock of {entry.lead.contact_name} vanished"
            checked += 1
    assert checked >= 50


def test_the_window_fits_a_small_laptop_screen_after_the_review(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.report_view.loaded, timeout=10_000):
        window.show_report()
    window.tabs.setCurrentIndex(0)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=3000)  # nothing holds it wider than the screen
    assert window.minimumSizeHint().width() <= 1024


def test_a_lead_window_fits_a_small_laptop_screen(qtbot: QtBot, window: MainWindow) -> None:
    lead = window.model.entries(BoardColumn.IN_CONVERSATION)[0].lead
    dialog = opened_lead(qtbot, window, lead.id)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().width() <= 960 and dialog.minimumSizeHint().height() <= 640


def test_cards_drawn_for_the_first_time_are_spread_over_turns_and_all_drawn(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """A board's first paint draws as many new cards as the budget allows and the rest on the next turns
    of the event loop (with no budget at all: one a turn); in the end every card on screen is drawn."""
    from ui.delegates import card_delegate

    delegate = window.board.delegate
    view = window.board.lists[BoardColumn.IN_CONVERSATION]
    shown = min(view.model().rowCount(view.rootIndex()), view.viewport().height() // CARD_HEIGHT)
    assert shown >= 3
    monkeypatch.setattr(card_delegate, "STATIC_BUDGET_S", 0.0)
    delegate._cache.clear()
    view.viewport().repaint()  # one paint, now: one new card is drawn, the others wait for the next turns
    assert len(delegate._cache) == 1 and delegate._later
    qtbot.waitUntil(lambda: len(delegate._cache) >= shown and not delegate._later, timeout=5000)
