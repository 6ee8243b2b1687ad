"""Take README's screenshot: the demo board on a Tuesday morning.

Run with ``make screenshot`` (under Xvfb). Uses a fake clock so the picture
shows live clocks whatever day it is taken.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from leakdesk.clock import FakeClock
from leakdesk.demo import create_demo
from ui.app import ui_settings
from ui.main_window import MainWindow
from ui.resources import load_style


def main(target: Path) -> None:
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(load_style())
    folder = Path(tempfile.mkdtemp())
    clock = FakeClock(datetime(2026, 11, 17, 11, 20, tzinfo=UTC))
    store = create_demo(folder / "demo.sqlite", clock)
    window = MainWindow(store, clock, ui_settings(folder))
    window.resize(1280, 760)
    window.set_me(store.people.all()[0].id)
    window.show()
    loaded: list[bool] = []
    window.board_loaded.connect(lambda: loaded.append(True))
    while not loaded:
        app.processEvents()
    window.board.focus_first_card()
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(target))
    print(f"saved {target}")
    window.ticker.stop()
    window.close()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/board.png"))
