"""Settings > Seats: this data folder as a seat of a team (issue 19), in the words of the person at it.

Not a seat yet: what seats are, a name for this one, "Start a team" or "Join a team…" with a pairing
code. A seat: its name, the other seats with when each was last heard from (business time), "Add a
seat…" (a pairing code, shown large) and "Remove" on the seat picked. Every call into the team journal
runs off the UI thread with a store of its own (the keyring and the mail server may keep it waiting);
what goes wrong is one sentence under the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leakdesk.clock import Clock
from leakdesk.errors import LeakDeskError
from leakdesk.mail.imap_source import ImapSource
from leakdesk.mail.service import stored_password
from leakdesk.seats.entries import Entry
from leakdesk.seats.exchange import hello, invite, join, journal_account, remove_seat
from leakdesk.seats.seat import SEAT_ID, SEAT_NAME, Seat, become, check_name, is_seat
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from ui.workers.background import Background

WHAT_SEATS_ARE = ("Several computers, one inbox: claims, notes and outcomes made on one appear on the others, "
                  "shared through your own mail server, encrypted.")
NEEDS_INBOX = ("A seat needs the inbox connected first: the team's work travels through its mail server. "
               "Connect it (☰ → Connect your inbox…), then come back here.")
HOW_TO_JOIN = ("On the new computer: Settings > Seats > Join a team, and type this code. It works once, "
               "for a day.")
NOBODY_YET = ("No other seat yet. Add a seat… shows a pairing code to type on the other computer; the seat appears "
              "here after its first exchange with the team.")
SeatIdRole = Qt.ItemDataRole.UserRole + 1
RemovedRole = Qt.ItemDataRole.UserRole + 2
T = TypeVar("T")


def _on_the_server(path: Path, work: Callable[[Store, ImapSource], T]) -> T:
    """``work`` on the journal's server (the first inbox's), on a pool thread with a store of its own."""
    store = Store.open(path)  # this thread's own connection
    try:
        account = journal_account(store)
        if account is None:
            raise LeakDeskError(NEEDS_INBOX)
        with ImapSource(account, stored_password(account)) as source:
            return work(store, source)
    finally:
        store.close()


def _start_team(path: Path, name: str) -> Seat:
    store = Store.open(path)
    try:
        seat = become(store, name)  # the team key goes to the keyring, which may ask to be unlocked
        hello(store, seat)
        return seat
    finally:
        store.close()


def _remove(path: Path, seat_id: str) -> str:
    store = Store.open(path)
    try:
        remove_seat(store, seat_id)
        return seat_id
    finally:
        store.close()


class SeatsBox(QWidget):
    seats_changed = Signal()  # this data folder became a seat (a new team, or paired): share its work now

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seatsBox")
        self.store, self.clock = store, clock
        # Two pages shown one at a time, without a QStackedWidget: it is as tall as its tallest page, which
        # would leave the sentence below far from the buttons it is about.
        self.joining_page, self.seat_page = self._joining_page(), self._seat_page()
        self.status = QLabel("", self)
        self.status.setObjectName("seatsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QVBoxLayout(self)
        box.addWidget(self.joining_page)
        box.addWidget(self.seat_page)
        box.addWidget(self.status)
        box.addStretch(1)
        self.jobs: list[Background] = []
        self.start_job = self._job("Starting the team failed", self._started)
        self.join_job = self._job("Joining the team failed", self._joined)
        self.invite_job = self._job("Making a pairing code failed", self._show_code)
        self.remove_job = self._job("Removing the seat failed", self._removed)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _joining_page(self) -> QWidget:
        page = QWidget(self)
        self.intro = QLabel(WHAT_SEATS_ARE, page)
        self.intro.setWordWrap(True)
        self.needs_inbox = QLabel(NEEDS_INBOX, page)
        self.needs_inbox.setObjectName("seatsNeedsInbox")
        self.needs_inbox.setWordWrap(True)
        self.name = QLineEdit(page)
        self.name.setObjectName("seatName")
        self.name.setAccessibleName("This seat's name")
        self.name.setPlaceholderText("Front desk")
        self.name.setToolTip("How the other seats see this computer: a place or a person, e.g. Dana's laptop.")
        self.start_button = QPushButton("Start a team", page)
        self.start_button.setObjectName("startTeam")
        self.start_button.setToolTip("Make this computer the team's first seat; add the others from here.")
        self.start_button.clicked.connect(self.start_team)
        self.join_button = QPushButton("Join a team…", page)
        self.join_button.setObjectName("joinTeam")
        self.join_button.setToolTip("Pair this computer with a team using a code shown on one of its seats.")
        self.join_button.clicked.connect(self.ask_code)
        self.code_field = QLineEdit(page)
        self.code_field.setObjectName("pairingCodeField")
        self.code_field.setAccessibleName("Pairing code")
        self.code_field.setPlaceholderText("K7QMR-2XPDA")
        self.code_field.setMaxLength(20)
        self.code_field.installEventFilter(self)  # Enter joins, instead of saving and closing Settings
        self.pair_button = QPushButton("Join", page)
        self.pair_button.setObjectName("pairSeat")
        self.pair_button.clicked.connect(self.join_team)
        self.code_row = QWidget(page)
        code_row = QHBoxLayout(self.code_row)
        code_row.setContentsMargins(0, 0, 0, 0)
        code_row.addWidget(QLabel("Pairing code shown on the other seat:", self.code_row))
        code_row.addWidget(self.code_field, 1)
        code_row.addWidget(self.pair_button)
        self.code_row.setVisible(False)
        form = QFormLayout()
        form.addRow("This seat's name", self.name)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.join_button)
        buttons.addStretch(1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.intro)
        column.addWidget(self.needs_inbox)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.code_row)
        column.addStretch(1)
        return page

    def _seat_page(self) -> QWidget:
        page = QWidget(self)
        self.this_seat = QLabel("", page)
        self.this_seat.setObjectName("thisSeat")
        self.this_seat.setWordWrap(True)
        bold = QFont(self.this_seat.font())
        bold.setBold(True)
        self.this_seat.setFont(bold)
        self.table = QTableWidget(0, 2, page)
        self.table.setObjectName("seatsTable")
        self.table.setAccessibleName("The other seats")
        self.table.setHorizontalHeaderLabels(["Other seats", "Last heard"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(1, self.table.fontMetrics().horizontalAdvance("Wed 30 Sep 23:59") + 32)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.nobody = QLabel(NOBODY_YET, page)
        self.nobody.setWordWrap(True)
        self.add_button = QPushButton("Add a seat…", page)
        self.add_button.setObjectName("addSeat")
        self.add_button.setToolTip("Show a pairing code to type on the new computer.")
        self.add_button.clicked.connect(self.add_seat)
        self.remove_button = QPushButton("Remove", page)
        self.remove_button.setObjectName("removeSeat")
        self.remove_button.setToolTip("Take the seat picked above off the team (a lost laptop, someone who left).")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.code = QLabel("", page)
        self.code.setObjectName("pairingCode")
        self.code.setAccessibleName("Pairing code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        big = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        big.setPointSize(24)
        big.setBold(True)
        big.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
        self.code.setFont(big)
        self.code.setVisible(False)
        self.how_to_join = QLabel(HOW_TO_JOIN, page)
        self.how_to_join.setWordWrap(True)
        self.how_to_join.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.this_seat)
        shared = QLabel(WHAT_SEATS_ARE, page)
        shared.setObjectName("settingHelp")
        shared.setWordWrap(True)
        column.addWidget(shared)
        column.addWidget(self.table)
        column.addWidget(self.nobody)
        column.addLayout(buttons)
        column.addWidget(self.code)
        column.addWidget(self.how_to_join)
        return page

    def _job(self, what: str, then: Callable[[Any], None]) -> Background:
        job = Background(f"{what} unexpectedly; the log has the details.", self)
        job.done.connect(then)
        job.failed.connect(self._failed)
        self.jobs.append(job)
        return job

    # -- what is shown ----------------------------------------------------------------------
    @property
    def is_seat(self) -> bool:
        return is_seat(self.store)

    def refresh(self) -> None:
        """Show this data folder as it is now (the journal's watcher may have heard from a seat meanwhile)."""
        connected = self.store.has_accounts()
        busy = any(job.running for job in self.jobs)
        self.joining_page.setVisible(not self.is_seat)
        self.seat_page.setVisible(self.is_seat)
        if not self.is_seat:
            self.needs_inbox.setVisible(not connected)
            for widget in (self.name, self.start_button, self.join_button, self.code_field, self.pair_button):
                widget.setEnabled(connected and not busy)
            return
        here = self.store.meta.get(SEAT_ID) or ""
        rows = self.store.journal.seats()
        gone = any(s.seat_id == here and s.removed for s in rows)
        self.this_seat.setText(f"This seat: {self.store.meta.get(SEAT_NAME) or here[:8]}"
                               + (" (removed from the team by another seat: what is done here no longer reaches "
                                  "the others)" if gone else ""))
        tz = self.store.settings.load()[BUSINESS_TIMEZONE]
        leaving = self._removals_not_sent()
        picked = self.selected_seat()
        others = sorted((s for s in rows if s.seat_id != here),
                        key=lambda s: s.removed or s.seat_id in leaving)  # the team first, then who left
        self.table.setRowCount(0)
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for row in others:
            removed = row.removed or row.seat_id in leaving
            r = self.table.rowCount()
            self.table.insertRow(r)
            name = QTableWidgetItem(f"{row.name} (removed)" if removed else row.name)
            name.setData(SeatIdRole, row.seat_id)
            name.setData(RemovedRole, removed)
            heard = QTableWidgetItem(row.heard(tz))
            for item in (name, heard):
                if removed:
                    item.setForeground(grey)
                    item.setToolTip("Removed from the team: what it does no longer reaches the other seats."
                                    if row.removed else "Removed here; the other seats hear of it at the next "
                                    "exchange.")
                self.table.setItem(r, 0 if item is name else 1, item)
            if row.seat_id == picked:
                self.table.selectRow(r)
        self._fit_table()
        self.table.setVisible(bool(others))
        self.nobody.setVisible(not others)
        self.add_button.setEnabled(connected and not self.invite_job.running)
        self._selection_changed()

    def _fit_table(self) -> None:
        """As tall as its rows (three to eight), so the pairing code stays in sight below it."""
        rows = min(max(self.table.rowCount(), 3), 8)
        height = self.table.verticalHeader().defaultSectionSize() * rows
        self.table.setFixedHeight(height + self.table.horizontalHeader().sizeHint().height()
                                  + 2 * self.table.frameWidth())

    def _removals_not_sent(self) -> set[str]:
        """Seats this seat removed whose removal has not come back from the journal yet (then the
        seats table says so too)."""
        removals = (Entry.from_json(body) for _, body in self.store.journal.outbox())
        return {str(e.data.get("seat")) for e in removals if e.kind == "seat_removed"}

    def _picked(self) -> QTableWidgetItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0) if rows else None

    def selected_seat(self) -> str | None:
        """The id of the seat picked in the table."""
        item = self._picked()
        return str(item.data(SeatIdRole)) if item is not None else None

    def _selection_changed(self) -> None:
        item = self._picked()
        self.remove_button.setEnabled(item is not None and not item.data(RemovedRole)
                                      and not self.remove_job.running)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.code_field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.join_team()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def _say(self, text: str, problem: bool = False) -> None:
        """One sentence under the buttons; a problem in the style sheet's problem colour."""
        self.status.setProperty("problem", problem)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    # -- not a seat yet -----------------------------------------------------------------------
    def _chosen_name(self) -> str | None:
        try:
            return check_name(self.name.text())
        except LeakDeskError as exc:
            self._say(str(exc), problem=True)
            self.name.setFocus()
            return None

    def start_team(self) -> None:
        name = self._chosen_name()
        if name is None or self.start_job.running:
            return
        self._busy(True)
        self._say("Starting the team…")
        path = self.store.path
        self.start_job.start(lambda: _start_team(path, name))

    def _started(self, seat: Seat) -> None:
        self._busy(False)
        self.refresh()
        self._say(f"This seat is '{seat.name}', the team's first. Add a seat… shows a code for each other "
                  "computer.")
        self.seats_changed.emit()

    def ask_code(self) -> None:
        """Join a team…: the pairing code's row, ready to type into."""
        self.code_row.setVisible(True)
        self.code_field.setFocus()
        if not self.name.text().strip():
            self._say("Type this seat's name and the code shown on a seat of the team, then Join.")

    def join_team(self) -> None:
        name = self._chosen_name()
        if name is None or self.join_job.running:
            return
        code = self.code_field.text().strip()
        self._busy(True)
        self._say("Looking for that code on the mail server…")
        path, clock = self.store.path, self.clock
        self.join_job.start(lambda: _on_the_server(path, lambda store, source: join(store, source, clock, code,
                                                                                    name)))

    def _joined(self, paired: tuple[Seat, str]) -> None:
        seat, by = paired
        self._busy(False)
        self.code_field.clear()
        self.refresh()
        self._say(f"Paired with {by}'s team as '{seat.name}'. The team's work arrives in a moment.")
        self.seats_changed.emit()

    def _busy(self, busy: bool) -> None:
        for widget in (self.name, self.start_button, self.join_button, self.code_field, self.pair_button):
            widget.setEnabled(not busy)

    # -- a seat -------------------------------------------------------------------------------
    def add_seat(self) -> None:
        if self.invite_job.running:
            return
        self.add_button.setEnabled(False)
        self._say("Writing a pairing code to the mail server…")
        path, clock = self.store.path, self.clock
        self.invite_job.start(lambda: _on_the_server(path, lambda store, source: invite(store, source, clock)))

    def _show_code(self, code: str) -> None:
        """The code to type on the new computer, large and selectable."""
        self.add_button.setEnabled(True)
        self.code.setText(code)
        self.code.setVisible(True)
        self.how_to_join.setVisible(True)
        self._say("")

    def confirm_remove(self, name: str) -> bool:
        answer = QMessageBox.question(
            self, "Remove this seat?",
            f"Remove {name} from the team? From then on, what is done on it no longer reaches the other seats.")
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        item = self._picked()
        if item is None or item.data(RemovedRole) or self.remove_job.running:
            return
        seat_id = str(item.data(SeatIdRole))
        if not self.confirm_remove(item.text()):
            return
        self.remove_button.setEnabled(False)
        path = self.store.path
        self.remove_job.start(lambda: _remove(path, seat_id))

    def _removed(self, seat_id: str) -> None:
        name = next((s.name for s in self.store.journal.seats() if s.seat_id == seat_id), "The seat")
        self.refresh()
        self._say(f"{name} is removed from the team; the other seats hear of it at the next exchange.")

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.refresh()
        self._say(message, problem=True)
