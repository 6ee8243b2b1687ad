"""Starting the Qt application: logging of Qt messages, crash dialog, window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QSettings, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from leakdesk.clock import Clock, OffsetClock, SystemClock
from leakdesk.demo import DemoFeed
from leakdesk.workspace import Workspace
from ui.main_window import MainWindow
from ui.resources import load_style

log = logging.getLogger("qt")
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_to_log(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.log(_QT_LEVELS.get(mode, logging.WARNING), message)


def _crash_dialog(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    text = "".join(traceback.format_exception(kind, value, tb))
    logging.getLogger("crash").critical("unhandled error\n%s", text)
    if QApplication.instance() is not None:
        box = QMessageBox(QMessageBox.Icon.Critical, "LeakDesk hit a bug", f"Something went wrong: {value}")
        box.setInformativeText("Details are in the log file. Your data is safe.")
        box.setDetailedText(text)
        box.exec()


def ui_settings(data_dir: Path) -> QSettings:
    """Window geometry and who-am-I, kept beside the database."""
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


def app_clock() -> Clock:
    start = os.environ.get("LEAKDESK_START_AT")  # show the demo at a chosen moment
    return OffsetClock(datetime.fromisoformat(start)) if start else SystemClock()


def run_app(args: argparse.Namespace, data_dir: Path) -> int:
    qInstallMessageHandler(_qt_to_log)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("LeakDesk")
    app.setOrganizationName("LeakDesk")
    app.setStyleSheet(load_style())
    sys.excepthook = _crash_dialog
    clock = app_clock()
    store, is_demo = Workspace(data_dir).open(clock, fresh_demo=args.demo)
    feed = DemoFeed(store, clock) if is_demo else None
    window = MainWindow(store, clock, ui_settings(data_dir), feed)
    if not is_demo:
        window.start_mail([account.id for account in store.accounts.all()])
    window.show()
    window.board_loaded.connect(window.board.focus_first_card, Qt.ConnectionType.SingleShotConnection)
    code = app.exec()
    store.close()
    return int(code)
