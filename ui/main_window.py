"""The main window: composes the controllers (the board, lead work, who is at the seat, mail, alerts,
follow-up, the menu and toolbar), wires their signals, and owns the tickers, the tray and closing."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from leakdesk.actions import LeadActions
from leakdesk.clock import Clock
from leakdesk.demo import DemoFeed
from leakdesk.domain import Lead
from leakdesk.paths import DEMO_DATABASE
from leakdesk.settings import APP_CLOSE_TO_TRAY, APP_THEME
from leakdesk.sla.alerts import plain
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from ui import heap
from ui.alert_controller import AlertController
from ui.app_menu import AppMenu
from ui.board_controller import BoardController
from ui.dialogs.shortcut_sheet import ShortcutSheet
from ui.followup_controller import FollowUpController
from ui.lazy_tab import LazyTab
from ui.lead_work import LeadWork
from ui.mail_status import MailStatus
from ui.notify import AlertBanner, Notifier
from ui.report_mail import WeeklyReportMail
from ui.session import Session
from ui.sign_in_again import SignInAgain
from ui.stages import Stages
from ui.ticker import Ticker
from ui.toolbar import MainToolbar
from ui.tray import Tray
from ui.views.figures_tab import FiguresTab
from ui.views.pipeline_view import PipelineView
from ui.views.report_view import ReportView
from ui.workers.background import finish_quietly

TICK_MS = 1000
ALERT_MS = 15_000
DEMO_POLL_MS = 5000
F = TypeVar("F", bound=FiguresTab)
JOB_WAIT_MS = 1000  # on closing, for a backup, a load or a draft still running (then they finish into nothing)


class MainWindow(QMainWindow):
    board_loaded = Signal()  # on the GUI thread, after a load is on the board
    theme_changed = Signal(str)  # the app.theme setting changed (the application restyles)
    quit_requested = Signal()  # Ctrl+Q: leave LeakDesk (the launcher ends the event loop)
    connect_requested = Signal()  # the demo's "Connect your inbox…": the launcher opens the setup wizard

    def __init__(self, store: Store, clock: Clock, ui_settings: QSettings, demo_feed: DemoFeed | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)  # a WhatsApp chat export dropped anywhere on the window is imported
        self.store = store
        self.clock = clock
        self.ui_settings = ui_settings
        self.lead_actions = LeadActions(store, clock)
        settings = store.settings.load()
        self.business_name = settings.text("business.name")
        self.setWindowTitle(f"LeakDesk — {self.business_name}" + (" (demo data)" if demo_feed else ""))
        self.setObjectName("mainWindow")

        self.people = store.people.all()
        self.boards = BoardController(store, clock, self.lead_actions, policy_from_settings(settings,
                                      store.connected_at()), self.people, lambda: self.me, self, demo_feed)
        self.boards.loaded.connect(self.board_loaded)
        self.boards.loaded.connect(heap.settle)
        self.boards.said.connect(self._say)
        self.model, self.board, self.top_bar = self.boards.model, self.boards.view, self.boards.top_bar
        self.loader, self.counter = self.boards.loader, self.boards.counter
        self.session = Session(self.people, ui_settings, self.statusBar(), self)
        self.session.changed.connect(self.boards.me_changed)
        self.followup = FollowUpController(store, clock, self, who=lambda: self.me)
        self.work = LeadWork(store, clock, self.lead_actions, self.followup, self.model, who=lambda: self.me,
                             need_me=self.session.need_me, window=self)
        self.work.changed.connect(self._lead_changed)
        self.model.card_dropped.connect(self.work.dropped)
        self.work.said.connect(self._say)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setObjectName("undo")
        self.undo_button.setFlat(True)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.work.undo_last)
        self.statusBar().addPermanentWidget(self.undo_button)
        self.work.undo_offered.connect(self._offer_undo)
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
        self.top_bar.check_these_requested.connect(self.work.show_check_these)
        self.work.undecided.connect(self.top_bar.set_check_these)
        column.addWidget(self.top_bar)
        column.addWidget(self.board, 1)
        # The review and the pipeline are built when their tab is first shown (ui/lazy_tab.py).
        self.report_page: LazyTab[ReportView] = LazyTab(self._make_report_view)
        self.pipeline_page: LazyTab[PipelineView] = LazyTab(self._make_pipeline_view)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(central, "Board")
        self.tabs.addTab(self.report_page, "Weekly leakage")
        self.tabs.addTab(self.pipeline_page, "Pipeline")
        self.setCentralWidget(self.tabs)
        self.tray = Tray.if_available(self, show=self._show_from_tray, quit=self.quit, clicked=self._open_last_alerted)
        self._quitting = False
        self.notifier = Notifier(self.banner, self.tray.icon if self.tray else None, self)
        self.alerts = AlertController(store, clock, self.notifier, demo_feed is not None, self)
        self.boards.counted.connect(self._tray_counts)
        self.followup.message.connect(lambda text: self.statusBar().showMessage(text, 12_000))
        self.followup.failed.connect(self._on_followup_failed)
        self.followup.leads_changed.connect(self._leads_changed)
        self.followup.connect_needed.connect(self.offer_to_connect)
        self.boards.drafts_due.connect(self.followup.update_due)
        self.menu = AppMenu(store, clock, self, demo=demo_feed is not None or store.path.name == DEMO_DATABASE)
        self.menu.settings_saved.connect(self.on_settings_saved)
        self.menu.theme_saved.connect(self.theme_changed)
        self.menu.connect_requested.connect(self.connect_requested)
        self.menu.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.mail = MailStatus(store.path, clock, lambda: self.model.policy.calendar.tz, self.statusBar())
        self.mail.arrived.connect(self.boards.reload)
        self.mail.said.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        # The weekly report mail: its schedule starts once the inbox is caught up (never for the demo).
        self.weekly_mail = WeeklyReportMail(store, clock, self)
        self.mail.caught_up.connect(self.weekly_mail.caught_up)
        self.weekly_mail.said.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.weekly_mail.failed.connect(lambda text: QMessageBox.warning(self, "Weekly report not sent", text))
        self.weekly_mail.connect_needed.connect(self.offer_to_connect)
        self.signing_in = SignInAgain(store.path, self)
        self.mail.sign_in_requested.connect(self.sign_in_again)
        self.menu.account_signed_in.connect(self.mail.restart)
        self.menu.seats_changed.connect(self.mail.seats_changed)
        self.signing_in.signed_in.connect(self._signed_in_again)
        self.signing_in.failed.connect(lambda text: self.mail.label.setText(text))
        self.toolbar = MainToolbar(self.business_name, demo_feed is not None, self.session, self.followup, self.menu,
                                   self)
        self.toolbar.set_aside_action.triggered.connect(self.work.show_set_aside)
        self.toolbar.new_lead_action.triggered.connect(self.work.new_lead)
        self.toolbar.load_action.triggered.connect(self.boards.show_load)
        self.toolbar.check_action.triggered.connect(self.mail.check_now)
        self.addAction(self.menu.actions["settings"])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.ticker = Ticker("countdowns", TICK_MS, self)
        self.ticker.ticked.connect(self.board.refresh_countdowns)
        self.ticker.jumped.connect(self.boards.clock_jumped)
        self.alert_ticker = Ticker("alerts", ALERT_MS, self)
        # What every tick checks, a check per turn of the event loop (together they held the window ~15 ms).
        self.alert_checks = Stages("alert-checks", self)
        self.alert_ticker.ticked.connect(lambda: self.alert_checks.run([
            self.boards.bring_back_revisits, self.check_alerts, self.counter.count, self.followup.update_due,
            self.menu.back_up]))
        self.alert_ticker.jumped.connect(lambda _s: self.check_alerts(slept=True))
        self.demo_feed = demo_feed
        self.demo_ticker = Ticker("demo-feed", DEMO_POLL_MS, self)
        self.demo_ticker.ticked.connect(self.boards.poll_demo)

        self.top_bar.search.to_results.connect(self._to_results)
        self.shortcut_sheet: ShortcutSheet | None = None
        for keys, slot in (("Ctrl+R", self.reload), ("/", self.top_bar.search.setFocus), ("?", self.show_shortcuts),
                           ("Ctrl+K", self.work.show_check_these), ("Ctrl+Q", self.request_quit),
                           ("Ctrl+N", self.work.new_lead),
                           ("Ctrl+1", lambda: self.tabs.setCurrentIndex(0)), ("Ctrl+2", self.show_report),
                           ("Ctrl+3", self.show_pipeline),
                           (QKeySequence.StandardKey.Undo, self.work.undo_last)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self._tab_order()
        self._restore_state()
        self.reload()
        self.ticker.start()
        self.alert_ticker.start()
        if demo_feed is not None:
            self.demo_ticker.start()

    def _restore_state(self) -> None:
        geometry = self.ui_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    # -- a WhatsApp chat export dropped on the window ------------------------------------------
    @staticmethod
    def _chat_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile() and u.toLocalFile().lower().endswith(
            (".txt", ".zip"))]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._chat_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._chat_files(event)
        if not files:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        for path in files:
            self.work.import_whatsapp(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and not self._quitting and self.store.settings.load()[APP_CLOSE_TO_TRAY]:
            # Keep watching in the tray; Quit from the tray's menu ends LeakDesk.
            self.ui_settings.setValue("window/geometry", self.saveGeometry())
            self.hide()
            event.ignore()
            return
        self.mail.stop()
        self.weekly_mail.stop()
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.sync()
        self.ticker.stop()
        self.alert_ticker.stop()
        self.demo_ticker.stop()
        figures = [page.content.loader for page in (self.report_page, self.pipeline_page) if page.built]
        finish_quietly([self.loader, *figures, self.followup.jobs,
                        self.followup.counting, self.alerts.jobs, self.counter.runner, self.menu.backup_job,
                        self.menu.export_job, self.weekly_mail.jobs], JOB_WAIT_MS)
        super().closeEvent(event)

    # -- who am I -----------------------------------------------------------------
    @property
    def me(self) -> int | None:
        return self.session.me

    def _lead_changed(self, lead: Lead, message: str, select: bool) -> None:
        """A person's action changed ``lead``: the board and the report follow, and it is said."""
        self.figures_stale()
        self.boards.show_lead(lead, select)
        self.statusBar().showMessage(message, 6000 if select else 8000)

    def reload(self) -> None:
        self.boards.reload()

    def _tray_counts(self, counts: dict[str, int]) -> None:
        if self.tray is not None:
            self.tray.update(counts)

    def _tab_order(self) -> None:
        """Tab goes through the toolbar, the top bar's chips and filters, then the columns, in reading order."""
        top = self.top_bar
        chain = [*self.toolbar.focus_chain(), top.check_these, *top.buttons.values(), top.mine, top.person,
                 top.channel, top.search, *self.board.lists.values()]
        for widget in chain:
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.focus_chain = chain

    def _to_results(self, open_first: bool) -> None:
        """From the search box to the cards it found (Down), or straight into the first one (Enter)."""
        self.tabs.setCurrentIndex(0)
        lead_id = self.board.focus_first_card()
        if open_first and lead_id is not None:
            self.work.open_lead(lead_id)

    def show_shortcuts(self) -> None:
        """``?``: every key of the board and the lead window on one sheet."""
        if self.shortcut_sheet is None:
            self.shortcut_sheet = ShortcutSheet(self)
        self.shortcut_sheet.show()
        self.shortcut_sheet.raise_()

    def _offer_undo(self, what: str) -> None:
        """The toast's Undo: the last action, named, until the next one (Ctrl+Z does the same)."""
        self.undo_button.setText(f"Undo “{plain(what, 40)}” (Ctrl+Z)" if what else "Undo")
        self.undo_button.setVisible(bool(what))

    def _say(self, text: str, ms: int) -> None:
        self.statusBar().showMessage(text, ms)

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

    def check_alerts(self, slept: bool = False) -> bool:
        """Check the board's leads for alerts due now, decided in the worker process (edge-triggered,
        remembered as events); ``alerts.checked`` says how many went. False while a check is in flight."""
        return self.alerts.check(self.me, slept)

    def _leads_changed(self, lead_ids: list[int]) -> None:
        """Leads changed off the UI thread (a draft prepared): the board and an open lead follow."""
        self.figures_stale()
        self.boards.update_leads(lead_ids)
        shown = self.work.lead_dialog
        if shown is not None and shown.isVisible() and shown.lead.id in lead_ids:
            self.work.open_lead(shown.lead.id)

    def _on_followup_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 12_000)
        QMessageBox.warning(self, "Draft not prepared", message)

    def sign_in_again(self, account_id: int) -> None:
        """The status bar's "Sign in again": the browser sign-in, then the account is watched afresh."""
        if self.signing_in.running:
            return
        account = self.store.accounts.get(account_id)
        self.mail.label.setStyleSheet("")
        self.mail.label.setText(f"Finish signing in to {account.username} in your browser…")
        self.signing_in.start(account, self.store.settings.stored())

    def _signed_in_again(self, account: Account) -> None:
        self.statusBar().showMessage(f"Signed in again to {account.username}; checking mail.", 10_000)
        self.mail.restart(account.id)

    def offer_to_connect(self, why: str) -> None:
        """An inbox is needed (drafts go to its Drafts folder): say so, and offer the setup."""
        box = QMessageBox(QMessageBox.Icon.Information, "Connect your inbox", why, parent=self)
        connect = box.addButton("Connect your inbox…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(connect)
        self.inbox_offer = box
        if self.ask(box) is connect:
            self.connect_requested.emit()

    @staticmethod
    def ask(box: QMessageBox) -> object:
        """The button a person presses in ``box`` (tests answer here instead)."""
        box.exec()
        return box.clickedButton()

    # -- the figures' tabs, built when first shown ---------------------------------
    def _make_report_view(self, page: QWidget) -> ReportView:
        view = self._wired(ReportView(self.store, self.clock, page))
        view.send_report_requested.connect(self.weekly_mail.send_now)
        return view

    def _make_pipeline_view(self, page: QWidget) -> PipelineView:
        return self._wired(PipelineView(self.store, self.clock, page))

    def _wired(self, view: F) -> F:
        """A figures tab's lead lists act through the board's entry points; its loads settle the heap."""
        view.action_requested.connect(self.work.on_action)
        view.assign_requested.connect(self.board.show_assign_menu)
        view.open_requested.connect(self.work.open_lead)
        view.settings_requested.connect(self.menu.edit_figure_settings)
        view.loaded.connect(heap.settle)
        return view

    @property
    def report_view(self) -> ReportView:
        return self.report_page.content

    @property
    def pipeline_view(self) -> PipelineView:
        return self.pipeline_page.content

    def show_report(self) -> None:
        self.tabs.setCurrentWidget(self.report_page)

    def show_pipeline(self) -> None:
        self.tabs.setCurrentWidget(self.pipeline_page)
        self.pipeline_view.show_stuck()

    def figures_stale(self) -> None:
        """Leads or settings changed: the weekly review and the pipeline compute again when next seen."""
        for page in (self.report_page, self.pipeline_page):
            if page.built:  # one not built yet computes when it is first shown
                page.content.mark_stale()

    def on_settings_saved(self, names: list[str]) -> None:
        """The settings dialog saved: the team, the clocks, the figures and the look follow."""
        if "team" in names:
            self.people = self.store.people.all()
            self.boards.set_people(self.people)
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
        self.boards.set_policy(policy_from_settings(self.store.settings.load(), self.store.connected_at()))
        self.figures_stale()
