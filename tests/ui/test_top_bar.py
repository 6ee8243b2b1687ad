"""The top bar: counts that filter the board, and mine / person / channel / search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.domain import Channel
from leakdesk.sla.deadlines import ClockState
from leakdesk.store import Store
from ui.main_window import MainWindow


def shown(window: MainWindow) -> list[int]:
    return [e.lead.id for c in BoardColumn for e in window.model.entries(c)]


def counted(qtbot: QtBot, window: MainWindow) -> dict[str, int]:
    """The counts shown once the pool has counted the board as it is now."""
    window.counter.count()
    qtbot.waitUntil(lambda: not window.counter.busy)
    return window.counter.counts


def test_counts_match_the_board_and_filter_it(qtbot: QtBot, window: MainWindow) -> None:
    counts = counted(qtbot, window)
    everything = window.model.all_entries()
    breached = [e for e in everything if e.column in (BoardColumn.UNOWNED, BoardColumn.WAITING,
                                                      BoardColumn.IN_CONVERSATION)
                and window.model.countdown(e).state is ClockState.BREACHED]
    assert counts["breached"] == len(breached) > 0
    assert counts["unowned"] == window.model.count(BoardColumn.UNOWNED)
    assert window.top_bar.buttons["breached"].text() == f"Breached {len(breached)}"
    qtbot.mouseClick(window.top_bar.buttons["breached"], Qt.MouseButton.LeftButton)
    assert sorted(shown(window)) == sorted(e.lead.id for e in breached)
    qtbot.mouseClick(window.top_bar.buttons["stalled"], Qt.MouseButton.LeftButton)  # exclusive
    assert not window.top_bar.buttons["breached"].isChecked()
    assert all(window.model.entry(window.model.index_of_lead(i)).stalled for i in shown(window))  # type: ignore[union-attr]
    qtbot.mouseClick(window.top_bar.buttons["stalled"], Qt.MouseButton.LeftButton)
    assert len(shown(window)) == len(everything)


def test_mine_person_channel_and_search(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    maya = next(p for p in demo_store.people.all() if p.initials == "MP")
    window.session.set_me(maya.id)
    window.top_bar.mine.setChecked(True)
    assert shown(window) and all(window.model.entry(window.model.index_of_lead(i)).lead.owner_id == maya.id  # type: ignore[union-attr]
                                 for i in shown(window))
    window.top_bar.mine.setChecked(False)
    window.top_bar.channel.setCurrentIndex(window.top_bar.channel.findData(Channel.WHATSAPP))
    assert shown(window) and all(e.lead.channel is Channel.WHATSAPP for c in BoardColumn
                                 for e in window.model.entries(c))
    window.top_bar.channel.setCurrentIndex(0)
    target = window.model.entries(BoardColumn.WAITING)[0].lead
    qtbot.keyClicks(window.top_bar.search, target.contact_name.split()[-1].upper())
    assert target.id in shown(window)
    assert all(target.contact_name.split()[-1].casefold() in (
        f"{e.lead.contact_name} {e.lead.contact_email} {e.lead.subject}").casefold()
        for c in BoardColumn for e in window.model.entries(c))
    window.top_bar.search.clear()
    assert len(shown(window)) == len(window.model.all_entries())


def test_a_filtered_column_says_how_many_of_its_cards_show(qtbot: QtBot, window: MainWindow) -> None:
    total = window.model.count(BoardColumn.UNOWNED)
    someone = window.model.entries(BoardColumn.UNOWNED)[0].lead
    window.top_bar.search.setText(someone.contact_name)
    shown = window.model.count(BoardColumn.UNOWNED)
    header = window.board.headers[BoardColumn.UNOWNED].text()
    assert shown < total and f"{shown} of {total}" in header
    assert window.top_bar.buttons["unowned"].text().endswith(str(total)) or not window.counter.counts
    window.top_bar.search.setText("")
    assert f"of {total}" not in window.board.headers[BoardColumn.UNOWNED].text()


def test_an_empty_column_says_so(qtbot: QtBot, window: MainWindow) -> None:
    unowned = window.board.lists[BoardColumn.UNOWNED]
    assert unowned.empty_text() == "Every lead has an owner."
    window.top_bar.search.setText("no such lead anywhere")
    assert window.model.count(BoardColumn.UNOWNED) == 0
    assert unowned.empty_text() == "No card here matches the filter."
    def colours() -> int:
        image = unowned.viewport().grab().toImage()
        return len({image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(0, min(image.height(), 60))})

    said = colours()
    unowned.empty_text = lambda: ""  # type: ignore[method-assign]
    assert said > colours() + 2  # the sentence is drawn in the empty column (its antialiased text adds colours)


def test_a_filter_does_not_count_the_board_again_but_a_load_does(qtbot: QtBot, window: MainWindow) -> None:
    """The counts are of every card: a filter only changes which show, so the pool is left alone while
    the filtered board paints; new cards from a load are counted."""
    counts = counted(qtbot, window)
    started: list[object] = []
    window.counter.runner.start = started.append  # type: ignore[method-assign]
    qtbot.keyClicks(window.top_bar.search, "a")
    qtbot.mouseClick(window.top_bar.buttons["breached"], Qt.MouseButton.LeftButton)
    window.top_bar.search.clear()
    assert started == [] and window.counter.counts == counts
    with qtbot.waitSignal(window.board_loaded, timeout=5000):
        window.reload()
    assert len(started) == 1
