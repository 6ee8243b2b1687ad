"""The main window: who-am-I, the board, and the ticker that moves its clocks."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMessageBox, QSizePolicy, QToolBar, QWidget

from leakdesk.actions import LeadActions
from leakdesk.clock import Clock
from leakdesk.demo import DemoFeed
from leakdesk.domain import Lead
from leakdesk.errors import LeakDeskError
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from ui.models.board_model import BoardModel
from ui.ticker import Ticker
from ui.views.board_view import BoardView
from ui.workers.board_loader import BoardLoader, BoardSnapshot

log = logging.getLogger(__name__)
TICK_MS = 1000
DEMO_POLL_MS = 5000


class MainWindow(QMainWindow):
    board_loaded = Signal()  # on the GUI thread, after a load is on the board

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
        self.actions = LeadActions(store, clock)
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
        self.board = BoardView(self.model, clock, self)
        self.board.set_people(self.people)
        self.board.claim_requested.connect(self.claim)
        self.board.assign_requested.connect(self.assign)
        self.setCentralWidget(self.board)
        self._build_toolbar(demo=demo_feed is not None)

        self.ticker = Ticker("countdowns", TICK_MS, self)
        self.ticker.ticked.connect(self.board.refresh_countdowns)
        self.ticker.jumped.connect(self._on_clock_jump)
        self.demo_feed = demo_feed
        self.demo_ticker = Ticker("demo-feed", DEMO_POLL_MS, self)
        self.demo_ticker.ticked.connect(self._poll_demo)

        QShortcut(QKeySequence("Ctrl+R"), self, activated=self.reload)
        self._restore_state()
        self.reload()
        self.ticker.start()
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
        self.me_box.addItem("Choose who you are…", None)
        for person in self.people:
            self.me_box.addItem(f"{person.name} ({person.initials})", person.id)
        self.me_box.currentIndexChanged.connect(self._me_changed)
        bar.addWidget(self.me_box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

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
        self.ui_settings.setValue("window/geometry", self.saveGeometry())
        self.ui_settings.sync()
        self.ticker.stop()
        self.demo_ticker.stop()
        super().closeEvent(event)

    # -- who am I -----------------------------------------------------------------
    @property
    def me(self) -> int | None:
        value = self.me_box.currentData()
        return int(value) if value is not None else None

    def set_me(self, person_id: int) -> None:
        self.me_box.setCurrentIndex(self.me_box.findData(person_id))

    def _me_changed(self) -> None:
        self.ui_settings.setValue("me/person_id", self.me)

    # -- data ---------------------------------------------------------------------
    def reload(self) -> None:
        """Load the board on the thread pool; it appears when ready."""
        self.loader.start(self.model.policy, self.clock.now(), self._generation)

    def _on_loaded(self, snapshot: BoardSnapshot) -> None:
        if snapshot.generation != self._generation:
            self.reload()  # an action changed a lead while this was loading
            return
        self.model.load_entries(snapshot.entries)
        self.board_loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, "Board not loaded", message)

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

    # -- actions ------------------------------------------------------------------
    def _need_me(self) -> int | None:
        if self.me is None:
            self.statusBar().showMessage("Choose who you are (top right) first.", 6000)
            self.me_box.setFocus()
            self.me_box.showPopup()
        return self.me

    def _apply(self, lead: Lead, message: str) -> None:
        self._generation += 1
        self.model.update_lead(lead)
        self.board.select_lead(lead.id)
        self.statusBar().showMessage(message, 6000)

    def claim(self, lead_id: int) -> None:
        me = self._need_me()
        if me is None:
            return
        try:
            lead = self.actions.claim(lead_id, me)
        except LeakDeskError as exc:
            QMessageBox.information(self, "Cannot claim", str(exc))
            return
        self._apply(lead, f"You claimed {lead.contact_name}.")

    def assign(self, lead_id: int, person_id: int) -> None:
        try:
            lead = self.actions.assign(lead_id, person_id, self.me)
        except LeakDeskError as exc:
            QMessageBox.information(self, "Cannot assign", str(exc))
            return
        person = self.model.person(person_id)
        self._apply(lead, f"Assigned {lead.contact_name} to {person.name if person else person_id}.")
