"""Work for the screen a part per event-loop turn, and tabs built when first shown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.main_window import MainWindow
from ui.stages import Stages


def test_stages_run_one_per_turn_and_a_new_run_replaces_what_is_left(qtbot: QtBot) -> None:
    done: list[str] = []
    stages = Stages("test")
    stages.run([lambda: done.append("a1"), lambda: done.append("a2"), lambda: done.append("a3")])
    assert done == ["a1"] and stages.running  # the first now, the rest later
    QApplication.processEvents()
    assert done == ["a1", "a2"]  # one a turn
    stages.run([lambda: done.append("b1"), lambda: done.append("b2")], now=False)
    assert done == ["a1", "a2"]
    qtbot.waitUntil(lambda: not stages.running)
    assert done == ["a1", "a2", "b1", "b2"]  # a3 was replaced by the newer run


def test_the_figures_tabs_are_built_when_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.report_page.built and not window.pipeline_page.built
    window.figures_stale()  # a change before either was seen builds nothing
    assert not window.report_page.built and not window.pipeline_page.built
    window.show_report()
    page = window.report_page
    assert page.isVisible() and not page.built  # the tab shows at once, empty...
    QApplication.processEvents()
    assert page.built and not page.placed  # ...its content is made on the next turn, hidden...
    assert not page._unplaced.isVisible()  # type: ignore[union-attr]
    for _ in range(50):  # ...and put in its place and painted on the turn after (a turn at a time: the chart
        if page.placed:  # is made on the turns after that)
            break
        QApplication.processEvents()
    assert page.placed and window.report_view.isVisible()
    view = window.report_view
    room = view.chart_room
    for _ in range(50):  # the chart is made a turn later, hidden...
        if room.built:
            break
        QApplication.processEvents()
    assert room.built and not room.placed and not room._unplaced.isVisible()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: room.placed)  # ...and put in its place and painted the turn after
    assert room._unplaced is None and view.chart.isVisible()
    assert not window.pipeline_page.built
    window.show_pipeline()  # code that asks for a page's content has it at once
    assert window.pipeline_page.placed and window.pipeline_view.isVisible()


def test_the_alert_tick_checks_one_thing_a_turn(qtbot: QtBot, window: MainWindow,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Revisits, alerts, counts, drafts due and the backup: together they held the window ~15 ms a tick."""
    done: list[str] = []
    for owner, name in ((window.boards, "bring_back_revisits"), (window, "check_alerts"), (window.counter, "count"),
                        (window.followup, "update_due"), (window.menu, "back_up")):
        monkeypatch.setattr(owner, name, lambda *_a, n=name: done.append(n))
    window.alert_ticker.ticked.emit()
    assert done == ["bring_back_revisits"]
    QApplication.processEvents()
    assert done == ["bring_back_revisits", "check_alerts"]
    qtbot.waitUntil(lambda: len(done) == 5)
    assert done == ["bring_back_revisits", "check_alerts", "count", "update_due", "back_up"]
