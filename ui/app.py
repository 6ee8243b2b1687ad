"""Starting the Qt application: one instance, Qt messages into the log, the crash dialog, and the
first-run wizard or the board."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QMetaObject, QObject, QSettings, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from leakdesk import __version__, logs, worker_process
from leakdesk.clock import Clock, OffsetClock, SystemClock
from leakdesk.demo import DemoFeed
from leakdesk.errors import DatabaseDamaged, LeakDeskError, StorageError
from leakdesk.settings import APP_THEME
from leakdesk.sla.policy import load_holiday_rules
from leakdesk.store import Store
from leakdesk.store.backup import restore_newest
from leakdesk.workspace import Workspace
from ui.heap import HeapKeeper
from ui.main_window import MainWindow
from ui.resources import icon_path
from ui.single_instance import SingleInstance
from ui.theme import apply_theme
from ui.ticker import Ticker
from ui.wizard.setup_wizard import SetupWizard
from ui.workers.sync_worker import stragglers_running

log = logging.getLogger("qt")
SIGNAL_MS = 200
_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_to_log(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    log.log(_QT_LEVELS.get(mode, logging.WARNING), message)


def crash_box(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> QMessageBox:
    """The dialog for an unexpected error: what happened, that data is safe, where the log is."""
    text = "".join(traceback.format_exception(kind, value, tb))
    logging.getLogger("crash").critical("unhandled error\n%s", text)
    where = logs.current_file()
    box = QMessageBox(QMessageBox.Icon.Critical, "LeakDesk hit a bug", f"Something went wrong: {value}")
    box.setObjectName("crashDialog")
    box.setInformativeText("Your data is safe. The details are in the log file"
                           + (f":\n{where}" if where else ".") + "\nPlease send it with a word on what you were doing.")
    box.setDetailedText(text)
    return box


def known_fault_box(sentence: str) -> QMessageBox:
    """A known fault (busy, damaged, read-only, full disk): its sentence, not a bug report."""
    box = QMessageBox(QMessageBox.Icon.Warning, "LeakDesk", sentence)
    box.setObjectName("knownFault")
    return box


def _crash_dialog(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if QApplication.instance() is not None and isinstance(value, LeakDeskError):
        logging.getLogger("crash").warning("a known fault reached the event loop: %s", value)
        known_fault_box(str(value)).exec()  # the crash dialog is for bugs only
    elif QApplication.instance() is not None:
        crash_box(kind, value, tb).exec()
    else:
        logging.getLogger("crash").critical("unhandled error", exc_info=(kind, value, tb))


def ui_settings(data_dir: Path) -> QSettings:
    """Window geometry and who-am-I, kept beside the database."""
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


def app_clock() -> Clock:
    start = os.environ.get("LEAKDESK_START_AT")  # show the demo at a chosen moment
    return OffsetClock(datetime.fromisoformat(start)) if start else SystemClock()


class Launcher(QObject):
    """What runs: the setup wizard on first run, then the board (real or demo); switches between them."""

    def __init__(self, app: QApplication, args: argparse.Namespace, data_dir: Path, clock: Clock) -> None:
        super().__init__()
        self.app, self.args, self.data_dir, self.clock = app, args, data_dir, clock
        self.workspace = Workspace(data_dir)
        self.settings = ui_settings(data_dir)
        self.window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.store: Store | None = None
        self.is_demo = True

    def start(self) -> None:
        setup_done = self.settings.value("setup/done", False, type=bool)
        try:
            self.open_board(fresh_demo=self.args.demo, verify=True)  # the demo board until an inbox is connected
        except DatabaseDamaged as exc:
            if not self.offer_restore(str(exc)):
                QMetaObject.invokeMethod(self.app, "quit", Qt.ConnectionType.QueuedConnection)
                return
            self.open_board(fresh_demo=self.args.demo, verify=True)
        except StorageError as exc:
            known_fault_box(str(exc)).exec()
            QMetaObject.invokeMethod(self.app, "quit", Qt.ConnectionType.QueuedConnection)
            return
        if not (self.args.demo or self.workspace.has_inbox() or setup_done):
            self.open_wizard()  # first run: over the demo, "connect your inbox" or "explore the demo"

    def open_wizard(self) -> SetupWizard:
        store = self.workspace.open_real()
        self.wizard = SetupWizard(store, self.clock)
        self.wizard.setWindowIcon(self.app.windowIcon())
        self.wizard.chose_demo.connect(lambda: self._wizard_done(demo=True))
        self.wizard.connected.connect(lambda _id: self._wizard_done(demo=False))
        self.wizard.rejected.connect(lambda: self._wizard_closed(store))
        self.wizard.show()
        return self.wizard

    def _wizard_done(self, demo: bool) -> None:
        assert self.wizard is not None
        self.wizard.store.close()
        self.settings.setValue("setup/done", True)
        self.settings.sync()
        if demo and self.window is not None:
            return  # the demo board is already there
        if self.window is not None:  # connected: the demo window gives way to the real board
            self.window.quit()
            self.window.deleteLater()
            self.window = None
        self.open_board(fresh_demo=False)

    def _wizard_closed(self, store: Store) -> None:
        store.close()
        if self.window is None:
            self.app.quit()
        else:
            self.settings.setValue("setup/done", True)  # closed: the demo stays; the menu connects later

    def offer_restore(self, sentence: str) -> bool:
        """A damaged database at start: restore the newest good backup (the damaged file is kept)."""
        box = known_fault_box(sentence)
        box.setInformativeText("LeakDesk can put the newest good backup in its place; the damaged file is kept "
                               "beside it.")
        restore = box.addButton("Restore the newest backup", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is not restore:
            return False
        try:
            restore_newest(self.workspace.real_path, self.workspace.data_dir / "backups",
                           self.clock.now().strftime("%Y%m%d-%H%M%S"))
        except LeakDeskError as exc:
            known_fault_box(str(exc)).exec()
            return False
        return True

    def open_board(self, fresh_demo: bool, verify: bool = False) -> MainWindow:
        if self.store is not None:
            self.store.close()
        self.store, is_demo = self.workspace.open(self.clock, fresh_demo=fresh_demo, verify=verify)
        feed = DemoFeed(self.store, self.clock) if is_demo else None
        self.is_demo = is_demo
        dark = apply_theme(self.app, self._theme())  # before the icons are drawn
        load_holiday_rules()
        window = MainWindow(self.store, self.clock, self.settings, feed)
        self.window = window
        window.board.delegate.set_dark(dark)
        window.theme_changed.connect(self.restyle)
        window.connect_requested.connect(self.open_wizard)
        window.quit_requested.connect(self.app.quit)
        if not is_demo:
            window.mail.start([account.id for account in self.store.accounts.all()])
            window.menu.back_up()
        window.show()
        window.board_loaded.connect(window.board.focus_first_card, Qt.ConnectionType.SingleShotConnection)
        shot = os.environ.get("LEAKDESK_SMOKE_SCREENSHOT")  # the bundle's smoke test: picture, then quit
        if shot:
            window.board_loaded.connect(lambda: self._smoke(window, Path(shot)),
                                        Qt.ConnectionType.SingleShotConnection)
        return window

    def _theme(self) -> str:
        """The look is the business's choice, also while the board shows the demo."""
        if self.store is None or self.is_demo:
            return str(self.workspace.business_settings()[APP_THEME])
        return str(self.store.settings.load()[APP_THEME])

    def restyle(self, choice: str | None = None) -> None:
        if self.window is None or self.store is None:
            return
        dark = apply_theme(self.app, choice or self._theme())
        self.window.board.delegate.set_dark(dark)
        self.window.board.viewport_update()
        self.window.toolbar.refresh_icons()

    def raise_window(self) -> None:
        target = self.window or self.wizard
        if target is not None:
            target.show()
            target.raise_()
            target.activateWindow()

    def _smoke(self, window: MainWindow, path: Path) -> None:
        for _ in range(10):
            self.app.processEvents()
        window.grab().save(str(path))
        logging.getLogger(__name__).info("smoke screenshot saved to %s", path)
        self.quit()

    def quit(self) -> None:
        """Leave LeakDesk as its Quit does: the window stops capture, then the event loop ends."""
        if self.window is not None:
            self.window.quit()
        if self.wizard is not None:
            self.wizard.close()
        self.app.quit()

    def close(self) -> None:
        """Close the windows and the store, and let go of them (the windows refer back to this object)."""
        for widget in (self.window, self.wizard):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.window, self.wizard = None, None
        if self.store is not None:
            self.store.close()
            self.store = None


def run_app(args: argparse.Namespace, data_dir: Path) -> int:
    qInstallMessageHandler(_qt_to_log)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("LeakDesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("LeakDesk")
    app.setDesktopFileName("leakdesk")
    app.setWindowIcon(QIcon(str(icon_path())))
    instance = SingleInstance(data_dir)
    if instance.hand_over():
        print("LeakDesk is already running; its window is in front now.", file=sys.stderr)
        return 0
    instance.listen()
    sys.excepthook = _crash_dialog
    launcher = Launcher(app, args, data_dir, app_clock())
    instance.activated.connect(launcher.raise_window)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: launcher.restyle())
    launcher.start()
    collector = HeapKeeper(app)  # garbage collected on the GUI thread only, never walking the loaded board
    collector.start()
    # SIGTERM and Ctrl+C close LeakDesk as its Quit does (Python runs handlers between its own ticks).
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: launcher.quit())
    signals = Ticker("signals", SIGNAL_MS, app)
    signals.ticked.connect(lambda: None)
    signals.start()
    code = app.exec()
    signals.stop()
    collector.stop()
    instance.close()
    launcher.close()
    worker_process.shut_down()  # a review still deriving in it is not waited for
    if stragglers_running():
        # A mail thread still waits on the network: what it stored is committed, and the next start
        # resumes after it. Leave without destroying a running QThread (Qt would abort the process).
        logging.getLogger(__name__).warning("leaving with a mail thread still stopping")
        logging.shutdown()
        os._exit(int(code))
    return int(code)
