"""The main window: who-am-I, the board, and the ticker that moves its clocks."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leakdesk.actions import LeadActions
from leakdesk.board import team_load
from leakdesk.clock import Clock
from leakdesk.demo import DemoFeed
from leakdesk.domain import Lead
from leakdesk.paths import DEMO_DATABASE
from leakdesk.settings import APP_CLOSE_TO_TRAY, APP_THEME
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from ui.alert_controller import AlertController
from ui.app_menu import AppMenu
from ui.board_counter import BoardCounter
from ui.dialogs.load_dialog import LoadDialog
from ui.followup_controller import FollowUpController
from ui.lead_work import LeadWork
from ui.mail_status import MailStatus
from ui.models.board_model import BoardModel
from ui.notify import AlertBanner, Notifier
from ui.session import Session
from ui.ticker import Ticker
from ui.toolbar import MainToolbar
from ui.tray import Tray
from ui.views.board_view import BoardView
from ui.views.report_view import ReportView
from ui.views.top_bar import TopBar
from ui.workers.board_loader import BoardLoader, BoardSnapshot

log = logging.getLogger(__name__)
TICK_MS = 1000
ALERT_MS = 15_000
DEMO_POLL_MS = 5000
RELOAD_FROM = 20  # leads changed at once from which the board reloads instead of updating each
JOB_WAIT_MS = 1000  # on closing, for a backup, a load or a draft still running (then they finish into nothing)


class MainWindow(QMainWindow):
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
        self.loader = BoardLoader(store.path, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.model = BoardModel(policy_from_settings(settings, store.connected_at()), clock, self)
        self.model.lead_updated.connect(lambda _lead_id: self.loader.outdate())  # a load in flight is behind
        self.loader.stale.connect(self.reload)
        self.model.set_people(store.people.all(active_only=False))
        self.session = Session(self.people, ui_settings, self.statusBar(), self)
        self.session.changed.connect(self._me_changed)
        self.followup = FollowUpController(store, clock, self, who=lambda: self.me)
        self.work = LeadWork(store, clock, self.lead_actions, self.followup, self.model, who=lambda: self.me,
                             need_me=self.session.need_me, window=self)
        self.work.changed.connect(self._lead_changed)
        self.model.card_dropped.connect(self.work.dropped)
        self.work.said.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.board = BoardView(self.model, clock, self)
        self.board.set_people(self.people)
        self.board.claim_requested.connect(self.work.claim)
        self.board.assign_requested.connect(self.work.assign)
        self.board.open_requested.connect(self.work.open_lead)
        self.board.action_requested.connect(self.work.on_action)
        self.board.not_a_lead_requested.connect(self.work.not_a_lead)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = AlertBanner(central)
        self.banner.open_requested.connect(self.work.open_lead)
        column.addWidget(self.banner)
        self.top_bar = TopBar(self.people, central)
        self.top_bar.changed.connect(self.apply_filter)
        self.top_bar.check_these_requested.connect(self.work.show_check_these)
        self.work.undecided.connect(self.top_bar.set_check_these)
        column.addWidget(self.top_bar)
        column.addWidget(self.board, 1)
        self.report_view = ReportView(store, clock, self)
        self.report_view.action_requested.connect(self.work.on_action)
        self.report_view.open_requested.connect(self.work.open_lead)
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
        self.counter = BoardCounter(self.model, clock.now, lambda text: self.statusBar().showMessage(text, 8000),
                                    self)
        self.counter.counted.connect(self._show_counts)
        self.followup.message.connect(lambda text: self.statusBar().showMessage(text, 12_000))
        self.followup.failed.connect(self._on_followup_failed)
        self.followup.leads_changed.connect(self._leads_changed)
        self.menu = AppMenu(store, clock, self, demo=demo_feed is not None or store.path.name == DEMO_DATABASE)
        self.menu.settings_saved.connect(self.on_settings_saved)
        self.report_view.settings_requested.connect(self.menu.edit_figure_settings)
        self.menu.theme_saved.connect(self.theme_changed)
        self.menu.connect_requested.connect(self.connect_requested)
        self.menu.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.mail = MailStatus(store.path, clock, lambda: self.model.policy.calendar.tz, self.statusBar())
        self.mail.arrived.connect(self._leads_arrived)
        self.toolbar = MainToolbar(self.business_name, demo_feed is not None, self.session, self.followup, self.menu,
                                   self)
        self.toolbar.set_aside_action.triggered.connect(self.work.show_set_aside)
        self.toolbar.load_action.triggered.connect(self.show_load)
        self.toolbar.check_action.triggered.connect(self.mail.check_now)
        self.addAction(self.menu.actions["settings"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.ticker = Ticker("countdowns", TICK_MS, self)
        self.ticker.ticked.connect(self.board.refresh_countdowns)
        self.ticker.jumped.connect(self._on_clock_jump)
        self.alert_ticker = Ticker("alerts", ALERT_MS, self)
        self.alert_ticker.ticked.connect(self.bring_back_revisits)
        self.alert_ticker.ticked.connect(self.check_alerts)
        self.alert_ticker.ticked.connect(self.counter.count)
        self.alert_ticker.ticked.connect(self.followup.update_due)
        self.alert_ticker.ticked.connect(self.menu.back_up)
        self.alert_ticker.jumped.connect(lambda _s: self.check_alerts(slept=True))
        self.demo_feed = demo_feed
        self.demo_ticker = Ticker("demo-feed", DEMO_POLL_MS, self)
        self.demo_ticker.ticked.connect(self._poll_demo)

        for keys, slot in (("Ctrl+R", self.reload), ("/", self.top_bar.search.setFocus),
                           ("Ctrl+K", self.work.show_check_these), ("Ctrl+Q", self.request_quit)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._restore_state()
        self.reload()
        self.ticker.start()
        self.alert_ticker.start()
        if demo_feed is not None:
            self.demo_ticker.start()

    def _leads_arrived(self) -> None:
        self.reload()

    def _restore_state(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and not self._quitting and self.store.settings.load()[APP_CLOSE_TO_TRAY]:
            # Keep watching in the tray; Quit from the tray's menu ends LeakDesk.
            self.ui_settings.setValue("window/geometry", self.saveGeometry())
            self.hide()
            event.ignore()
            return
        self.mail.stop()
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.sync()
        self.ticker.stop()
        self.alert_ticker.stop()
        self.demo_ticker.stop()
        # Jobs still on the thread pool finish into nothing: the store may close right after this window.
        for source in (self.loader, self.report_view.loader, self.followup.jobs, self.followup.counting,
                       self.alerts.jobs, self.counter.runner, self.menu.backup_job, self.menu.export_job):
            source.blockSignals(True)
        # ... and none outlives this window: a job finishing after it would release its Qt objects on
        # the pool's thread ("QBasicTimer::start: Timers cannot be started from another thread").
        QThreadPool.globalInstance().waitForDone(JOB_WAIT_MS)
        super().closeEvent(event)

    # -- who am I -----------------------------------------------------------------
    @property
    def me(self) -> int | None:
        return self.session.me

    def _lead_changed(self, lead: Lead, message: str, select: bool) -> None:
        """A person's action changed ``lead``: the board and the report follow, and it is said."""
        self.report_view.mark_stale()
        self.model.update_lead(lead)
        if select:
            self.board.select_lead(lead.id)
        self.statusBar().showMessage(message, 6000 if select else 8000)

    def _me_changed(self) -> None:
        if hasattr(self, "top_bar") and self.top_bar.mine.isChecked():
            self.apply_filter()

    # -- data ---------------------------------------------------------------------
    def reload(self) -> None:
        """Load the board on the thread pool; it appears when ready."""
        first = not self._revisits_checked
        self._revisits_checked = True
        self.loader.start(self.model.policy, self.clock.now(), self.clock if first else None)

    def _on_loaded(self, snapshot: BoardSnapshot) -> None:
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
            self.work.open_lead(self.notifier.last_lead)

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

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.top_bar.show_counts(counts)
        if self.tray is not None:
            self.tray.update(counts)

    def bring_back_revisits(self) -> int:
        """Not-ready leads whose date has come return to the board."""
        back = self.lead_actions.bring_back_revisits()
        if len(back) > RELOAD_FROM:
            self.reload()  # many at once: one load on the thread pool, not a board update per lead
        else:
            for lead in back:
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
            self.model.update_lead(lead)
            self.statusBar().showMessage(f"New enquiry from {lead.contact_name}: {lead.subject}", 8000)

    def _leads_changed(self, lead_ids: list[int]) -> None:
        """Leads changed off the UI thread (a draft prepared): the board and an open lead follow."""
        self.report_view.mark_stale()
        for lead in self.store.leads.many(lead_ids):
            self.model.update_lead(lead)
        shown = self.work.lead_dialog
        if shown is not None and shown.isVisible() and shown.lead.id in lead_ids:
            self.work.open_lead(shown.lead.id)

    def _on_followup_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 12_000)
        QMessageBox.warning(self, "Draft not prepared", message)

    def show_report(self) -> None:
        self.tabs.setCurrentWidget(self.report_view)

    def on_settings_saved(self, names: list[str]) -> None:
        """The settings dialog saved: the team, the clocks, the figures and the look follow."""
        if "team" in names:
            self.people = self.store.people.all()
            self.model.set_people(self.store.people.all(active_only=False))
            self.board.set_people(self.people)
            self.top_bar.set_people(self.people)
            self.session.set_people(self.people)
        if "business.name" in names:
            self.business_name = self.store.settings.load().text("business.name")
            self.setWindowTitle(f"LeakDesk — {self.business_name}" + (" (demo data)" if self.demo_feed else ""))
            self.toolbar.title_label.setText(f"<b>{self.business_name}</b>")
        if "app.theme" in names:
            self.theme_changed.emit(self.store.settings.load()[APP_THEME])
        if names:
            self.settings_changed()
            self.statusBar().showMessage("Settings saved.", 6000)

    def settings_changed(self) -> None:
        """Settings changed: the board's clocks and the figures follow them."""
        settings = self.store.settings.load()
        self.model.set_policy(policy_from_settings(settings, self.store.connected_at()))
        self.reload()
        self.report_view.mark_stale()
