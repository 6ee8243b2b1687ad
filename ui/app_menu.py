"""The window's menu: settings, templates, export everything, backups, the log, About.

Kept out of the main window, which owns the board; the menu owns the
housekeeping around it, including the daily backup of the real database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from leakdesk import __version__, logs
from leakdesk.clock import Clock, business_today
from leakdesk.errors import LeakDeskError
from leakdesk.export_all import export_everything
from leakdesk.priority import at_low_priority
from leakdesk.settings import APP_THEME, BUSINESS_TIMEZONE
from leakdesk.store import Store
from leakdesk.store.backup import KEEP, backup_path, daily_backup
from leakdesk.workspace import Workspace
from ui.dialogs.figure_settings import FigureSettingsDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.workers.background import Background
from ui.workers.store_jobs import StoreJobs

log = logging.getLogger(__name__)


DEMO_NOTE = ("You are looking at demo data. These are your business's own settings: they are saved now and "
             "apply when you connect your inbox; the demo keeps its own.")


class AppMenu(QObject):
    settings_saved = Signal(list)   # names of what changed
    account_signed_in = Signal(int)  # an inbox signed in (again) in Settings: watch it afresh
    seats_changed = Signal()        # this data folder became a seat in Settings > Seats: share its work
    message = Signal(str)
    connect_requested = Signal()    # the demo's "Connect your inbox…"
    theme_saved = Signal(str)       # the look chosen in Settings while on demo data

    def __init__(self, store: Store, clock: Clock, window: QWidget, demo: bool) -> None:
        super().__init__(window)
        self.store, self.clock, self.window, self.demo = store, clock, window, demo
        self.settings_dialog: SettingsDialog | None = None
        self.button = QToolButton(window)
        self.button.setObjectName("appMenu")
        self.button.setText("☰")
        self.button.setAccessibleName("Menu")
        self.button.setToolTip("Settings, export, backups, log and About")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (("settings", "Settings…", self.open_settings),
                                ("export", "Export everything…", self.ask_export),
                                ("backups", "Open backup folder", self.open_backups),
                                ("log", "Open log folder", self.open_log_folder),
                                ("about", "About LeakDesk", self.about)):
            action = self.menu.addAction(text)
            action.triggered.connect(slot)
            self.actions[key] = action
        self.actions["settings"].setShortcut("Ctrl+,")
        if demo:
            connect = QAction("Connect your inbox…", self.menu)
            connect.triggered.connect(self.connect_requested)
            self.menu.insertAction(self.actions["settings"], connect)
            self.actions["connect"] = connect
        self.button.setMenu(self.menu)
        self.backup_job = Background("The daily backup failed; the log has the details.", self)
        self.backup_job.done.connect(self._backed_up)
        self.backup_job.failed.connect(self.message.emit)
        self.export_job = StoreJobs(store.path, "Exporting failed unexpectedly; the log has the details.", self)
        self.export_job.loaded.connect(lambda done: self.message.emit(f"Exported everything to {done.value}"))
        self.export_job.failed.connect(lambda text: QMessageBox.warning(self.window, "Not exported", text))

    # -- settings ---------------------------------------------------------------------

    def _backed_up(self, made: object) -> None:
        if made:
            self.message.emit(f"Backed up the database: {made}")

    def _saved_for_business(self, names: list[str]) -> None:
        """Saved on demo data: only the look follows at once; the rest waits for the inbox."""
        if "app.theme" in names:
            self.theme_saved.emit(Workspace(self.store.path.parent).business_settings()[APP_THEME])
        if names:
            self.message.emit("Saved for your business. The demo keeps its own settings until you connect "
                              "your inbox.")

    def open_settings(self, tab: str | None = None) -> SettingsDialog:
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        if self.demo:
            # The business's settings live in the real database: the demo keeps its own business.
            home = Workspace(self.store.path.parent).settings_store()
            self.settings_dialog = SettingsDialog(home, self.window, DEMO_NOTE, self.clock)
            self.settings_dialog.saved.connect(self._saved_for_business)
            self.settings_dialog.finished.connect(lambda _=0, s=home: s.close())
        else:
            self.settings_dialog = SettingsDialog(self.store, self.window, clock=self.clock)
            self.settings_dialog.saved.connect(self.settings_saved)
            self.settings_dialog.signed_in.connect(self.account_signed_in)
        self.settings_dialog.seats_changed.connect(self.seats_changed)
        if tab:
            self.settings_dialog.show_tab(tab)
        self.settings_dialog.show()
        return self.settings_dialog

    # -- the figures' own settings (asked from the weekly review) -------------------------
    def ask_figure_settings(self) -> dict[str, str] | None:
        dialog = FigureSettingsDialog(self.store.settings.load(), self.window)
        return dialog.values() if dialog.exec() else None

    def edit_figure_settings(self) -> None:
        values = self.ask_figure_settings()
        if values is None:
            return
        # On demo data the figures are the demo's; a person's choice is the business's (one home).
        home = Workspace(self.store.path.parent).settings_store() if self.demo else self.store
        try:
            changed = {k: v for k, v in values.items() if home.settings.load().text(k) != v}
            home.settings.set_many(changed)
        except LeakDeskError as exc:
            QMessageBox.warning(self.window, "Settings not changed", str(exc))
            return
        finally:
            if home is not self.store:
                home.close()
        if changed and self.demo:
            self.message.emit("Saved for your business. The demo keeps its own figures until you connect your "
                              "inbox.")
        elif changed:
            self.settings_saved.emit(sorted(changed))

    # -- files ------------------------------------------------------------------------
    @property
    def backup_folder(self) -> Path:
        return self.store.path.parent / "backups"

    def back_up(self) -> bool:
        """Today's backup of the real database, off the UI thread (once a day; the demo is not backed up)."""
        if self.demo or self.backup_job.running:
            return False
        tz = self.store.settings.load()[BUSINESS_TIMEZONE]
        today = business_today(self.clock.now(), tz)
        if backup_path(self.backup_folder, today).exists():
            return False
        source, folder = self.store.path, self.backup_folder
        # Housekeeping: at low priority, so copying the database never takes the core from the window.
        self.backup_job.start(lambda: at_low_priority(lambda: daily_backup(source, folder, today, KEEP), "backup"))
        return True

    def ask_export(self) -> None:
        parent = QFileDialog.getExistingDirectory(self.window, "Export everything into…", str(Path.home()))
        if parent:
            self.export_to(Path(parent))

    def export_to(self, parent: Path) -> None:
        now = self.clock.now()
        self.message.emit("Exporting…")
        self.export_job.start("export", 0, lambda store: export_everything(store, now, parent))

    def open_url(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

    def open_backups(self) -> None:
        self.backup_folder.mkdir(parents=True, exist_ok=True)
        self.open_url(QUrl.fromLocalFile(str(self.backup_folder)))

    def open_log_folder(self) -> None:
        current = logs.current_file()
        folder = current.parent if current else self.store.path.parent
        self.open_url(QUrl.fromLocalFile(str(folder)))

    def about_text(self) -> str:
        current = logs.current_file()
        return (f"<h3>LeakDesk {__version__}</h3><p>Stops leaking enquiries: every lead owned, answered in time "
                "and followed up.</p>"
                f"<p>Data: {self.store.path.parent}<br>Log: {current or 'not written in this session'}</p>"
                "<p>LeakDesk runs on this computer only; it sends no mail and has no server.</p>")

    def about(self) -> None:
        QMessageBox.about(self.window, "About LeakDesk", self.about_text())
