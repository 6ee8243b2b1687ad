"""The board: its model, the five columns and the top bar over them, loaded on the thread pool.

Owns what the board shows and when it loads: a load on the pool (the first one
also brings back the not-ready leads whose date came while LeakDesk was
closed), a lead a person changed put in place at once (a load in flight is
then behind it and the runner asks for another), the top bar's filters and
counts, the team's load, and the revisits that fall due while it runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from leakdesk.actions import LeadActions
from leakdesk.board import team_load
from leakdesk.clock import Clock
from leakdesk.demo import DemoFeed
from leakdesk.domain import Lead, Person
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store import Store
from ui.board_counter import BoardCounter
from ui.dialogs.load_dialog import LoadDialog
from ui.models.board_model import BoardModel
from ui.views.board_view import BoardView
from ui.views.top_bar import TopBar
from ui.workers.board_loader import BoardLoader, BoardSnapshot

log = logging.getLogger(__name__)
RELOAD_FROM = 20  # leads changed at once from which the board reloads instead of updating each


class BoardController(QObject):
    loaded = Signal()            # a load is on the board
    said = Signal(str, int)      # a sentence for the status bar, for how many ms
    counted = Signal(dict)       # the top bar's counts (the tray shows them too)
    drafts_due = Signal(object)  # today's drafts as the load counted them (int or None)

    def __init__(self, store: Store, clock: Clock, lead_actions: LeadActions, policy: SlaPolicy,
                 people: list[Person], who: Callable[[], int | None], window: QWidget,
                 demo_feed: DemoFeed | None = None) -> None:
        """``demo_feed``: on the demo, new enquiries arrive on the board now and then."""
        super().__init__(window)
        self.demo_feed = demo_feed
        self.store, self.clock, self.lead_actions, self.who, self.window = store, clock, lead_actions, who, window
        self.people = people
        self._revisits_checked = False
        self.load_dialog: LoadDialog | None = None
        self.loader = BoardLoader(store.path, self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.stale.connect(self.reload)
        self.model = BoardModel(policy, clock, self)
        self.model.lead_updated.connect(lambda _lead_id: self.loader.outdate())  # a load in flight is behind
        self.model.set_people(store.people.all(active_only=False))
        self.view = BoardView(self.model, clock, window)
        self.view.set_people(people)
        self.top_bar = TopBar(people, window)
        self.top_bar.changed.connect(self.apply_filter)
        self.counter = BoardCounter(self.model, clock.now, lambda text: self.said.emit(text, 8000), self)
        self.counter.counted.connect(self._show_counts)

    def clock_jumped(self, seconds: float) -> None:
        log.info("wall clock jumped by %.0f s; re-evaluating the board", seconds)
        self.reload()

    def poll_demo(self) -> None:
        lead = self.demo_feed.poll() if self.demo_feed is not None else None
        if lead is not None:
            self.model.update_lead(lead)
            self.said.emit(f"New enquiry from {lead.contact_name}: {lead.subject}", 8000)

    def update_leads(self, lead_ids: list[int]) -> None:
        """Leads changed off the UI thread (a draft prepared): their cards follow."""
        for lead in self.store.leads.many(lead_ids):
            self.model.update_lead(lead)

    def reload(self) -> None:
        """Load the board on the thread pool; it appears when ready."""
        first = not self._revisits_checked
        self._revisits_checked = True
        self.loader.start(self.model.policy, self.clock.now(), self.clock if first else None)

    def _on_loaded(self, snapshot: BoardSnapshot) -> None:
        self.model.load_entries(snapshot.entries)
        self.top_bar.set_check_these(snapshot.undecided)
        self.drafts_due.emit(snapshot.drafts_due)
        self._say_came_back(snapshot.came_back)  # revisit dates that came while LeakDesk was closed
        self.loaded.emit()

    def _on_load_failed(self, message: str) -> None:
        self.said.emit(message, 0)
        QMessageBox.warning(self.window, "Board not loaded", message)

    def show_lead(self, lead: Lead, select: bool) -> None:
        """``lead`` as a person's action left it, in its place (and chosen, when ``select``)."""
        self.model.update_lead(lead)
        if select:
            self.view.select_lead(lead.id)

    def set_people(self, people: list[Person]) -> None:
        self.people = people
        self.model.set_people(self.store.people.all(active_only=False))
        self.view.set_people(people)
        self.top_bar.set_people(people)

    def set_policy(self, policy: SlaPolicy) -> None:
        self.model.set_policy(policy)
        self.reload()

    def apply_filter(self) -> None:
        self.model.set_filter(self.top_bar.predicate(self.who(), self.model.countdown))

    def me_changed(self) -> None:
        if self.top_bar.mine.isChecked():
            self.apply_filter()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.top_bar.show_counts(counts)
        self.counted.emit(counts)

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
            self.said.emit("1 not-ready lead is back to follow up." if count == 1
                           else f"{count} not-ready leads are back to follow up.", 8000)

    def show_load(self) -> None:
        """The team's load: open leads, breached and due today, per person."""
        load = team_load(self.model.all_entries(), self.model.policy, self.clock.now(), self.model.policy.calendar.tz)
        self.load_dialog = LoadDialog(self.people, load, self.window)
        self.load_dialog.show()
