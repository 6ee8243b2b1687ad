"""Per-person load, and the tray: counts, and closing keeps LeakDesk watching."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.store import Store
from ui.main_window import MainWindow
from ui.tray import Tray, tray_text


def test_team_load_adds_up(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    window.boards.show_load()
    dialog = window.boards.load_dialog
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = {table.item(r, 0).text(): [int(table.item(r, c).text()) for c in (1, 2, 3)]
            for r in range(table.rowCount())}
    live = sum(window.model.count(c) for c in (BoardColumn.UNOWNED, BoardColumn.WAITING,
                                                  BoardColumn.IN_CONVERSATION))
    assert sum(v[0] for v in rows.values()) == live
    assert rows["Nobody (unowned)"][0] == window.model.count(BoardColumn.UNOWNED)
    assert set(rows) == {p.name for p in demo_store.people.all()} | {"Nobody (unowned)"}
    assert all(v[1] <= v[0] for v in rows.values())


def test_tray_counts_and_close_to_tray(qtbot: QtBot, window: MainWindow) -> None:
    assert tray_text({"breached": 3, "unowned": 2}) == "LeakDesk — 3 breached, 2 unowned"
    window.tray = Tray(window)  # under Xvfb there is no tray; give the window one, unshown
    window.counter.count()
    qtbot.waitUntil(lambda: not window.counter.busy)  # counted on the pool
    counts = window.counter.counts
    assert window.tray.icon.toolTip() == tray_text(counts)
    window.close()
    assert not window.isVisible() and window.ticker.is_active()  # still watching
    window.quit()
    assert not window.ticker.is_active()


def test_a_background_answer_after_its_window_closed_is_dropped_quietly(qtbot: QtBot,
                                                                       capfd: pytest.CaptureFixture[str]) -> None:
    import threading

    import shiboken6
    from PySide6.QtCore import QObject, QThreadPool

    from ui.workers.background import Background

    owner = QObject()
    job = Background("it failed", owner)
    release = threading.Event()
    job.start(lambda: release.wait(5) and "late answer")
    shiboken6.delete(owner)  # the window closes while the call runs
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    err = capfd.readouterr().err
    assert "Signal source has been deleted" not in err and "Traceback" not in err
