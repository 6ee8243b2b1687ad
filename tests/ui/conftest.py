"""A real MainWindow over a real demo database, with a fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.store import Store
from tests.support.qt_guards import garbage_on_the_main_thread, no_unexpected_message_box  # noqa: F401
from ui.app import ui_settings
from ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, demo_store: Store, clock: FakeClock, tmp_path: Path) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(demo_store, clock, ui_settings(tmp_path))
        window.notifier.use_desktop = False  # tests that want the desktop path turn it on with a daemon
        qtbot.addWidget(window)
        # The board loads on the thread pool; board_loaded is re-emitted on the GUI thread.
        with qtbot.waitSignal(window.board_loaded, timeout=5000):
            window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.ticker.stop()


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()
