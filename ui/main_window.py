"""The main window: who-am-I, the board, and the ticker that moves its clocks."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSystemTrayIcon,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from leakdesk.actions import LeadActions
from leakdesk.board import BoardColumn, board_counts, team_load
from leakdesk.clock import Clock, monotonic
from leakdesk.demo import DemoFeed
from leakdesk.errors import LeakDeskError
from leakdesk.lead_offers import LeadAction, dropped_on
from leakdesk.paths import DEMO_DATABASE
from leakdesk.settings import APP_CLOSE_TO_TRAY, APP_THEME
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from leakdesk.workspace import Workspace
from ui.alert_controller import AlertController
from ui.app_menu import AppMenu
from ui.dialogs.check_these_dialog import CheckTheseDialog
from ui.dialogs.figure_settings import FigureSettingsDialog
from ui.dialogs.lead_dialog import LeadDialog
from ui.dialogs.load_dialog import LoadDialog
from ui.dialogs.set_aside_dialog import SetAsideDialog
from ui.followup_controller import FollowUpController
from ui.lead_work import LeadWork
from ui.models.board_model import BoardModel
from ui.notify import AlertBanner, Notifier
from ui.resources import icon
from ui.ticker import Ticker
from ui.tray import Tray
from ui.views.board_view import BoardView
from ui.views.report_view import ReportView
from ui.views.top_bar import TopBar
from ui.workers.background import Background
from ui.workers.board_loader import BoardLoader, BoardSnapshot
from ui.workers.sync_worker import SyncStatus, SyncThread

log = logging.getLogger(__name__)
TICK_MS = 1000
ALERT_MS = 15_000
DEMO_POLL_MS = 5000
RELOAD_FROM = 20  # leads changed at once from which the board reloads instead of updating each
JOB_WAIT_MS = 1000  # on closing, for a backup, a load or a draft still running (then they finish into nothing)


class MainWindow(LeadWork, QMainWindow):
    board_loaded = Signal()  # on the GUI thread, after a load is on the board
    theme_changed = Signal(str)  # the app.theme setting changed (the application restyles)
    quit_requested = Signal()  # Ctrl+Q: leave LeakDesk (the launcher ends the event loop)
    connect_requested = Signal()  # the demo's "Connect your inbox…": the launcher opens the setup wizard

    def __init__(
        self,
        store: Store,
        clock: Clock,
        ui_settings: QSettings,
        demo_feed: DemoFeed | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.ui_settings = ui_settings
        self.lead_actions = LeadActions(store, clock)
        settings = store.settings.load()
        self.business_name = settings.text("business.name")
        self.setWindowTitle(f"LeakDesk — {self.business_name}" + (" (demo data)" if demo_feed else ""))
        self.setObjectName("mainWindow")

        self.people = store.people.all()
        self._generation = 0
        self.loader = BoardLoader(store.path, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.model = BoardModel(policy_from_settings(settings, store.connected_at()), clock, self)
        self.model.set_people(store.people.all(active_only=False))
        self.model.card_dropped.connect(self.card_dropped)
        self.board = BoardView(self.model, clock, self)
        self.board.set_people(self.people)
        self.board.claim_requested.connect(self.claim)
        self.board.assign_requested.connect(self.assign)
        self.board.open_requested.connect(self.open_lead)
        self.board.action_requested.connect(self.on_action)
        self.board.not_a_lead_requested.connect(self.not_a_lead)
        self.lead_dialog: LeadDialog | None = None
        self.set_aside_dialog: SetAsideDialog | None = None
        self.check_these_dialog: CheckTheseDialog | None = None
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = AlertBanner(central)
        self.banner.open_requested.connect(self.open_lead)
        column.addWidget(self.banner)
        self.top_bar = TopBar(self.people, central)
        self.top_bar.changed.connect(self.apply_filter)
        self.top_bar.check_these_requested.connect(self.show_check_these)
        column.addWidget(self.top_bar)
        column.addWidget(self.board, 1)
        self.report_view = ReportView(store, clock, self)
        self.report_view.action_requested.connect(self.on_report_action)
        self.report_view.open_requested.connect(self.open_lead)
        self.report_view.settings_requested.connect(self.edit_figure_settings)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(central, "Board")
        self.tabs.addTab(self.report_view, "Weekly leakage")
        self.setCentralWidget(self.tabs)
        self.tray: Tray | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = Tray(self)
            self.tray.show_requested.connect(self._show_from_tray)
            self.tray.quit_requested.connect(self.quit)
            self.tray.icon.messageClicked.connect(self._open_last_alerted)
            self.tray.show()
        self._quitting = False
        self._revisits_checked = False
        self.notifier = Notifier(self.banner, self.tray.icon if self.tray else None, self)
        self.alerts = AlertController(store, clock, self.notifier, demo_feed is not None, self)
        self.counts: dict[str, int] = {}
        self._count_again = False
        self.counter = Background("LeakDesk could not count the board; details are in the log.", self)
        self.counter.done.connect(self._show_counts)
        self.counter.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.followup = FollowUpController(store, clock, self, who=lambda: self.me)
        self.followup.message.connect(lambda text: self.statusBar().showMessage(text, 12_000))
        self.followup.failed.connect(self._on_followup_failed)
        self.followup.leads_changed.connect(self._leads_changed)
        self.menu = AppMenu(store, clock, self, demo=demo_feed is not None or store.path.name == DEMO_DATABASE)
        self.menu.settings_saved.connect(self.on_settings_saved)
        self.menu.theme_saved.connect(self.theme_changed)
        self.menu.connect_requested.connect(self.connect_requested)
        self.menu.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self._build_toolbar(demo=demo_feed is not None)
        self._build_status_bar()
        self.syncs: list[SyncThread] = []
        self._new_since_start = 0
        self._last_import_reload = 0.0

        self.ticker = Ticker("countdowns", TICK_MS, self)
        self.ticker.ticked.connect(self.board.refresh_countdowns)
        self.ticker.jumped.connect(self._on_clock_jump)
        self.alert_ticker = Ticker("alerts", ALERT_MS, self)
        self.alert_ticker.ticked.connect(self.bring_back_revisits)
        self.alert_ticker.ticked.connect(self.check_alerts)
        self.alert_ticker.ticked.connect(self.update_counts)
        self.alert_ticker.ticked.connect(self.followup.update_due)
        self.alert_ticker.ticked.connect(self.menu.back_up)
        self.alert_ticker.jumped.connect(lambda _s: self.check_alerts(slept=True))
        self.demo_feed = demo_feed
        self.demo_ticker = Ticker("demo-feed", DEMO_POLL_MS, self)
        self.demo_ticker.ticked.connect(self._poll_demo)

        for keys, slot in (("Ctrl+R", self.reload), ("/", self.top_bar.search.setFocus),
                           ("Ctrl+K", self.show_check_these), ("Ctrl+Q", self.request_quit)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.model.modelReset.connect(self.update_counts)
        self.model.rowsInserted.connect(self.update_counts)
        self.model.rowsRemoved.connect(self.update_counts)
        self._restore_state()
        self.reload()
        self.ticker.start()
        self.alert_ticker.start()
        if demo_feed is not None:
            self.demo_ticker.start()

    # -- building -----------------------------------------------------------------
    def _build_toolbar(self, demo: bool) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        title = QLabel(f"<b>{self.business_name}</b>", bar)
        title.setObjectName("businessName")
        bar.addWidget(title)
        self.title_label = title
        if demo:
            badge = QLabel("DEMO DATA", bar)
            badge.setObjectName("demoBadge")
            bar.addWidget(badge)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(QLabel("I am ", bar))
        self.me_box = QComboBox(bar)
        self.me_box.setObjectName("whoAmI")
        self.me_box.setAccessibleName("Who am I")
        self._fill_me_box()
        self.me_box.currentIndexChanged.connect(self._me_changed)
        bar.addWidget(self.me_box)
        self.set_aside_action = QAction("Set aside", self)
        self.set_aside_action.setToolTip("Mail that LeakDesk did not make a lead, and why")
        self.set_aside_action.triggered.connect(self.show_set_aside)
        bar.addAction(self.set_aside_action)
        self.load_action = QAction("Team load", self)
        self.load_action.setToolTip("Open leads, breached and due today, per person")
        self.load_action.triggered.connect(self.show_load)
        bar.addAction(self.load_action)
        bar.addAction(self.followup.due_action)
        bar.addAction(self.followup.templates_action)
        self.check_action = QAction("Check now", self)
        self.check_action.setShortcut(QKeySequence("F5"))
        self.check_action.setToolTip("Check the inbox and the sent folder now (F5)")
        self.check_action.triggered.connect(self.check_now)
        self.check_action.setVisible(not demo)
        bar.addAction(self.check_action)
        bar.addWidget(self.menu.button)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.refresh_icons()
        self.addAction(self.menu.actions["settings"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def refresh_icons(self) -> None:
        """The toolbar's SVG icons, drawn for the current appearance."""
        self.menu.button.setIcon(icon("menu"))
        for action, name in ((self.set_aside_action, "inbox"), (self.load_action, "people"),
                             (self.followup.due_action, "envelope"), (self.followup.templates_action, "template"),
                             (self.check_action, "refresh")):
            action.setIcon(icon(name))

    def _build_status_bar(self) -> None:
        self.sync_label = QLabel("", self)
        self.sync_label.setObjectName("syncStatus")
        self.sync_progress = QProgressBar(self)
        self.sync_progress.setObjectName("syncProgress")
        self.sync_progress.setMaximumWidth(320)
        self.sync_progress.setVisible(False)
        self.statusBar().addPermanentWidget(self.sync_progress)
        self.statusBar().addPermanentWidget(self.sync_label)

    # -- mail ---------------------------------------------------------------------
    def start_mail(self, account_ids: list[int]) -> None:
        """Watch each account on its own worker thread."""
        for account_id in account_ids:
            sync = SyncThread(self.store.path, account_id, self.clock)
            sync.worker.status.connect(self._on_sync_status)
            self.syncs.append(sync)
            sync.start()
        if account_ids:
            self.sync_label.setText("Connecting to the mail server…")

    def stop_mail(self) -> None:
        for sync in self.syncs:
            if not sync.stop():
                log.warning("the mail thread did not stop in time")
        self.syncs.clear()

    def check_now(self) -> None:
        for sync in self.syncs:
            sync.worker.check_now()
        if self.syncs:
            self.sync_label.setText("Checking…")

    def _on_sync_status(self, status: SyncStatus) -> None:
        if status.state == "syncing" and status.history and status.total:
            self.sync_progress.setVisible(True)
            self.sync_progress.setMaximum(status.total)
            self.sync_progress.setValue(status.done)
            eta = f" · about {status.eta_seconds:.0f} s left" if status.eta_seconds else ""
            self.sync_progress.setFormat(f"%v of %m{eta}")
            self.sync_label.setText(f"Importing the history of {status.folder}…")
            self.sync_label.setStyleSheet("")
            # Let people see leads arrive during a long import, without reloading per batch.
            if status.leads_so_far and monotonic() - self._last_import_reload >= 1.0:
                self._last_import_reload = monotonic()
                self._generation += 1
                self.reload()
        elif status.state == "watching":
            self.sync_progress.setVisible(False)
            self._new_since_start += len(status.new_leads)
            when = status.checked_at.astimezone(self.model.policy.calendar.tz) if status.checked_at else None
            self.sync_label.setText(f"Last checked {when:%H:%M} · {self._new_since_start} new" if when else "")
            self.sync_label.setStyleSheet("")
            if status.new_leads:
                self._generation += 1
                self.reload()
        elif status.state in ("retrying", "failed"):
            self.sync_progress.setVisible(False)
            retry = f" Trying again in {status.retry_in:.0f} s." if status.retry_in else ""
            self.sync_label.setText(f"{status.message}{retry}")
            self.sync_label.setStyleSheet("color: #c62828;")

    def _restore_state(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)
        me = self.ui_settings.value("me/person_id")
        if me is not None:
            i = self.me_box.findData(int(me))
            if i >= 0:
                self.me_box.setCurrentIndex(i)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and not self._quitting and self.store.settings.load()[APP_CLOSE_TO_TRAY]:
            # Keep watching in the tray; Quit from the tray's menu ends LeakDesk.
            self.ui_settings.setValue("window/geometry", self.saveGeometry())
            self.hide()
            event.ignore()
            return
        self.stop_mail()
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.sync()
        self.ticker.stop()
        self.alert_ticker.stop()
        self.demo_ticker.stop()
        # Jobs still on the thread pool finish into nothing: the store may close right after this window.
        for source in (self.loader, self.report_view.loader, self.followup.jobs, self.followup.counting,
                       self.alerts.jobs, self.counter, self.menu.backup_job, self.menu.export_job):
            source.blockSignals(True)
        # ... and none outlives this window: a job finishing after it would release its Qt objects on
        # the pool's thread ("QBasicTimer::start: Timers cannot be started from another thread").
        QThreadPool.globalInstance().waitForDone(JOB_WAIT_MS)
        super().closeEvent(event)

    # -- who am I -----------------------------------------------------------------
    @property
    def me(self) -> int | None:
        value = self.me_box.currentData()
        return int(value) if value is not None else None

    def _fill_me_box(self) -> None:
        """The team in the who-am-I list, keeping whoever is chosen."""
        me = self.me_box.currentData()
        self.me_box.blockSignals(True)
        self.me_box.clear()
        self.me_box.addItem("Choose who you are…", None)
        for person in self.people:
            self.me_box.addItem(f"{person.name} ({person.initials})", person.id)
        self.me_box.setCurrentIndex(max(0, self.me_box.findData(me)))
        self.me_box.blockSignals(False)

    def set_me(self, person_id: int) -> None:
        self.me_box.setCurrentIndex(self.me_box.findData(person_id))

    def _me_changed(self) -> None:
        self.ui_settings.setValue("me/person_id", self.me)
        if hasattr(self, "top_bar") and self.top_bar.mine.isChecked():
            self.apply_filter()

    # -- data ---------------------------------------------------------------------
    def reload(self) -> None:
        """Load the board on the thread pool; it appears when ready."""
        first = not self._revisits_checked
        self._revisits_checked = True
        self.loader.start(self.model.policy, self.clock.now(), self._generation, self.clock if first else None)

    def _on_loaded(self, snapshot: BoardSnapshot) -> None:
        if snapshot.generation != self._generation:
            self.reload()  # an action changed a lead while this was loading
            return
        self.model.load_entries(snapshot.entries)
        self.top_bar.set_check_these(snapshot.undecided)
        self.followup.update_due(snapshot.drafts_due)
        self._say_came_back(snapshot.came_back)  # revisit dates that came while LeakDesk was closed
        self.board_loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, "Board not loaded", message)

    def _open_last_alerted(self) -> None:
        if self.notifier.last_lead is not None:
            self._show_from_tray()
            self.open_lead(self.notifier.last_lead)

    def quit(self) -> None:
        self._quitting = True
        self.close()

    def request_quit(self) -> None:
        """Ctrl+Q: the whole app, not only this window (it may otherwise live on in the tray)."""
        self.quit()
        self.quit_requested.emit()

    def _show_from_tray(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def show_load(self) -> None:
        load = team_load(self.model.all_entries(), self.model.policy, self.clock.now(),
                         self.model.policy.calendar.tz)
        self.load_dialog = LoadDialog(self.people, load, self)
        self.load_dialog.show()

    def apply_filter(self) -> None:
        self.model.set_filter(self.top_bar.predicate(self.me, self.model.countdown))

    def update_counts(self) -> None:
        """The top bar's and the tray's counts, counted on the pool (thousands of countdowns took a
        tenth of a second here); one count at a time, the latest board counted last."""
        if self.counter.running:
            self._count_again = True
            return
        self._count_again = False
        entries, policy, now = list(self.model.all_entries()), self.model.policy, self.clock.now()
        self.counter.start(lambda: board_counts(entries, policy, now))

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.top_bar.show_counts(counts)
        if self.tray is not None:
            self.tray.update(counts)
        if self._count_again:
            self.update_counts()

    @property
    def counting(self) -> bool:
        """Whether the counts shown may be behind the board (a count is running or asked for)."""
        return self.counter.running or self._count_again

    def card_dropped(self, lead_id: int, column: BoardColumn) -> None:
        """A card dragged onto a column: what the core says that column means (the menu's action)."""
        action = dropped_on(column)
        if action is None:
            self.statusBar().showMessage("A lead cannot go back to unowned; assign it to someone instead.", 6000)
        elif action is LeadAction.CLAIM:
            self.claim(lead_id)
        else:
            self.on_action(lead_id, action)

    def bring_back_revisits(self) -> int:
        """Not-ready leads whose date has come return to the board."""
        back = self.lead_actions.bring_back_revisits()
        if len(back) > RELOAD_FROM:
            self._generation += 1
            self.reload()  # many at once: one load on the thread pool, not a board update per lead
        else:
            for lead in back:
                self._generation += 1
                self.model.update_lead(lead)
        self._say_came_back(len(back))
        return len(back)

    def _say_came_back(self, count: int) -> None:
        if count:
            self.statusBar().showMessage(f"{count} not-ready lead(s) are back to follow up.", 8000)

    def check_alerts(self, slept: bool = False) -> bool:
        """Check the board's leads for alerts due now, on the pool (edge-triggered, remembered as
        events); ``alerts.checked`` says how many went. False while a check is in flight."""
        return self.alerts.check([e.lead for e in self.model.all_entries()], self.model.policy, self.me, slept)

    def _on_clock_jump(self, seconds: float) -> None:
        log.info("wall clock jumped by %.0f s; re-evaluating the board", seconds)
        self.reload()

    def _poll_demo(self) -> None:
        if self.demo_feed is None:
            return
        lead = self.demo_feed.poll()
        if lead is not None:
            self._generation += 1
            self.model.update_lead(lead)
            self.statusBar().showMessage(f"New enquiry from {lead.contact_name}: {lead.subject}", 8000)

    def _leads_changed(self, lead_ids: list[int]) -> None:
        """Leads changed off the UI thread (a draft prepared): the board and an open lead follow."""
        self._generation += 1
        self.report_view.mark_stale()
        for lead in self.store.leads.many(lead_ids):
            self.model.update_lead(lead)
        if self.lead_dialog is not None and self.lead_dialog.isVisible() and self.lead_dialog.lead.id in lead_ids:
            self.open_lead(self.lead_dialog.lead.id)

    def _on_followup_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 12_000)
        QMessageBox.warning(self, "Draft not prepared", message)

    def on_report_action(self, lead_id: int, name: str) -> None:
        """A one-click action from the rescue list or a chart segment's leads."""
        if name == "claim":
            self.claim(lead_id)
        else:
            self.on_action(lead_id, name)

    def show_report(self) -> None:
        self.tabs.setCurrentWidget(self.report_view)

    # -- the figures' settings -------------------------------------------------------
    def ask_figure_settings(self) -> dict[str, str] | None:
        dialog = FigureSettingsDialog(self.store.settings.load(), self)
        return dialog.values() if dialog.exec() else None

    def edit_figure_settings(self) -> None:
        values = self.ask_figure_settings()
        if values is None:
            return
        # On demo data the figures are the demo's; a person's choice is the business's (one home).
        home = Workspace(self.store.path.parent).settings_store() if self.menu.demo else self.store
        try:
            changed = {k: v for k, v in values.items() if home.settings.load().text(k) != v}
            home.settings.set_many(changed)
        except LeakDeskError as exc:
            QMessageBox.warning(self, "Settings not changed", str(exc))
            return
        finally:
            if home is not self.store:
                home.close()
        if changed and self.menu.demo:
            self.statusBar().showMessage("Saved for your business. The demo keeps its own figures until you "
                                         "connect your inbox.", 8000)
        elif changed:
            self.settings_changed()

    def on_settings_saved(self, names: list[str]) -> None:
        """The settings dialog saved: the team, the clocks, the figures and the look follow."""
        if "team" in names:
            self.people = self.store.people.all()
            self.model.set_people(self.store.people.all(active_only=False))
            self.board.set_people(self.people)
            self.top_bar.set_people(self.people)
            self._fill_me_box()
        if "business.name" in names:
            self.business_name = self.store.settings.load().text("business.name")
            self.setWindowTitle(f"LeakDesk — {self.business_name}" + (" (demo data)" if self.demo_feed else ""))
            self.title_label.setText(f"<b>{self.business_name}</b>")
        if "app.theme" in names:
            self.theme_changed.emit(self.store.settings.load()[APP_THEME])
        if names:
            self.settings_changed()
            self.statusBar().showMessage("Settings saved.", 6000)

    def settings_changed(self) -> None:
        """Settings changed: the board's clocks and the figures follow them."""
        settings = self.store.settings.load()
        self.model.set_policy(policy_from_settings(settings, self.store.connected_at()))
        self._generation += 1
        self.reload()
        self.report_view.mark_stale()
