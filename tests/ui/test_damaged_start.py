"""A damaged database at start is a sentence and an offer, not a crash (issue 15): the app
offers to restore the newest good backup, keeps the damaged file beside it and opens the board."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.demo import create_demo
from leakdesk.store.accounts import Account
from leakdesk.store.backup import daily_backup
from ui.mail_status import MailStatus


class ChooseFirst(QMessageBox):
    """Stands in for the person: picks the offered action (or closes a plain sentence)."""

    shown: ClassVar[list[str]] = []

    def exec(self) -> int:
        ChooseFirst.shown.append(self.text())
        for button in self.buttons():
            if self.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
                button.click()
                break
        return 0


def test_a_damaged_database_at_start_is_restored_from_the_backup(qtbot: QtBot, tmp_path: Path, clock: FakeClock,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 request: pytest.FixtureRequest) -> None:
    from ui import app as app_module

    store = create_demo(tmp_path / "leakdesk.sqlite", clock)
    store.accounts.add(Account(0, "front@clinic.test", "127.0.0.1", 993, "front@clinic.test"), clock.now())
    store.close()
    daily_backup(tmp_path / "leakdesk.sqlite", tmp_path / "backups", clock.now().date())
    with (tmp_path / "leakdesk.sqlite").open("r+b") as f:
        f.seek(f.seek(0, 2) // 2)
        f.write(b"\x00garbage\xff" * 1024)
    monkeypatch.setattr(app_module, "known_fault_box",
                        lambda sentence: ChooseFirst(QMessageBox.Icon.Warning, "LeakDesk", sentence))
    monkeypatch.setattr(MailStatus, "start", lambda self, ids: None)  # no server here
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    request.addfinalizer(lambda: (app.setStyleSheet(""), app.setPalette(app.style().standardPalette())))
    launcher = app_module.Launcher(app, argparse.Namespace(demo=False), tmp_path, clock)
    launcher.start()
    assert ChooseFirst.shown and "is damaged" in ChooseFirst.shown[0]
    window = launcher.window
    assert window is not None and not window.windowTitle().endswith("(demo data)")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.model.all_entries()) > 10, timeout=10_000)  # the restored board
    assert list(tmp_path.glob("leakdesk.sqlite.damaged-*"))
    window.quit()
    launcher.close()
    gc.collect()
