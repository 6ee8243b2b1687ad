"""The app's mail: one watcher thread per account, and what the status bar says of them
(connecting, importing history with a bar and an ETA, last checked, a problem and its retry).

New leads are announced (``arrived``) for the window to load the board again: after each
check that found some, and about once a second during a long history import, so leads can be
seen arriving without a reload per batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from leakdesk.capture.watch import WatchState
from leakdesk.clock import Clock, monotonic
from leakdesk.seats.live import JournalReport, JournalState
from ui.views.elided_label import ElidedLabel
from ui.workers.journal_worker import JournalThread
from ui.workers.sync_worker import SyncStatus, SyncThread

log = logging.getLogger(__name__)
IMPORT_RELOAD_S = 1.0  # at most one board load a second while history comes in


class MailStatus(QObject):
    arrived = Signal()  # new leads are stored (or another seat's work applied): the board should load again
    said = Signal(str)  # a sentence for the person at this seat (their action lost to another seat's)
    sign_in_requested = Signal(int)  # account id: its OAuth2 sign-in must be done again
    caught_up = Signal()  # a watcher finished a check: what the inbox holds is in (the weekly report waits for it)

    def __init__(self, path: Path, clock: Clock, tz: Callable[[], ZoneInfo], bar: QStatusBar) -> None:
        """``tz``: the business's zone now (a time in the status bar is its time)."""
        super().__init__(bar)
        self.path, self.clock, self.tz = path, clock, tz
        self.syncs: list[SyncThread] = []
        self.new_since_start = 0
        self._last_import_reload = 0.0
        self.label = ElidedLabel("", bar)  # a long sentence ends in "…" on a small screen, whole in its tooltip
        self.label.setObjectName("syncStatus")
        self.progress = QProgressBar(bar)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(320)
        self.progress.setVisible(False)
        self._needs_sign_in = 0  # the account whose sign-in must be done again
        self.sign_in_button = QPushButton("Sign in again", bar)
        self.sign_in_button.setObjectName("signInAgain")
        self.sign_in_button.setVisible(False)
        self.sign_in_button.clicked.connect(lambda: self.sign_in_requested.emit(self._needs_sign_in))
        self.team = QLabel("", bar)
        self.team.setObjectName("teamStatus")
        self.team.setVisible(False)
        self.journal: JournalThread | None = None
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.label)
        bar.addPermanentWidget(self.team)
        bar.addPermanentWidget(self.sign_in_button)

    def start(self, account_ids: list[int]) -> None:
        """Watch each account on its own worker thread."""
        for account_id in account_ids:
            sync = SyncThread(self.path, account_id, self.clock)
            sync.worker.status.connect(self._on_status)
            self.syncs.append(sync)
            sync.start()
        if account_ids:
            self.label.setText("Connecting to the mail server…")
            self.start_journal()

    def start_journal(self) -> None:
        """Share this seat's work with the team's other seats (it waits quietly while this is no seat)."""
        if self.journal is not None:
            return
        self.journal = JournalThread(self.path, self.clock)
        self.journal.worker.report.connect(self._on_journal)
        self.journal.start()

    def seats_changed(self) -> None:
        """This data folder just became a seat (or paired): share at once, not at the next look."""
        self.start_journal()
        if self.journal is not None:
            self.journal.worker.watcher.send_now()

    def _on_journal(self, report: JournalReport) -> None:
        if report.state == JournalState.NO_SEAT:
            self.team.setVisible(False)
            return
        self.team.setVisible(report.state != JournalState.STOPPED)
        if report.state == JournalState.IN_SYNC:
            others = report.seats - 1
            self.team.setText(f"Team in sync · {others} other seat{'s' if others != 1 else ''}" if others > 0
                              else "Team in sync")
            self.team.setStyleSheet("")
            self.team.setToolTip("Claims, notes and outcomes made here reach the other seats through the "
                                 "mail server, and theirs reach this one.")
        elif report.state == JournalState.PROBLEM:
            self.team.setText("Team: not in sync")
            self.team.setToolTip(report.message)
            self.team.setStyleSheet("color: #c62828;")
        if report.applied:
            self.arrived.emit()
        for sentence in report.said:
            self.said.emit(sentence)

    def stop(self) -> None:
        for sync in self.syncs:
            if not sync.stop():
                log.warning("the mail thread did not stop in time")
        self.syncs.clear()
        if self.journal is not None:
            if not self.journal.stop():
                log.warning("the team journal thread did not stop in time")
            self.journal = None

    def restart(self, account_id: int) -> None:
        """Watch an account afresh (it was signed in again)."""
        for sync in [s for s in self.syncs if s.worker.account_id == account_id]:
            if not sync.stop():
                log.warning("the mail thread did not stop in time")
            self.syncs.remove(sync)
        self.sign_in_button.setVisible(False)
        self.label.setStyleSheet("")
        self.start([account_id])

    def check_now(self) -> None:
        for sync in self.syncs:
            sync.worker.check_now()
        if self.syncs:
            self.label.setText("Checking…")

    def _on_status(self, status: SyncStatus) -> None:
        if status.state == WatchState.SYNCING and status.history and status.total:
            self.progress.setVisible(True)
            self.progress.setMaximum(status.total)
            self.progress.setValue(status.done)
            eta = f" · about {status.eta_seconds:.0f} s left" if status.eta_seconds else ""
            self.progress.setFormat(f"%v of %m{eta}")
            self.label.setText(f"Importing the history of {status.folder}…")
            self.label.setStyleSheet("")
            if status.leads_so_far and monotonic() - self._last_import_reload >= IMPORT_RELOAD_S:
                self._last_import_reload = monotonic()
                self.arrived.emit()
        elif status.state == WatchState.WATCHING:
            self.progress.setVisible(False)
            self.new_since_start += len(status.new_leads)
            when = status.checked_at.astimezone(self.tz()) if status.checked_at else None
            self.label.setText(f"Last checked {when:%H:%M} · {self.new_since_start} new" if when else "")
            self.label.setStyleSheet("")
            if status.new_leads:
                self.arrived.emit()
            self.caught_up.emit()
        elif status.state in (WatchState.RETRYING, WatchState.FAILED):
            self.progress.setVisible(False)
            retry = f" Trying again in {status.retry_in:.0f} s." if status.retry_in else ""
            self.label.setText(f"{status.message}{retry}")
            self.label.setStyleSheet("color: #c62828;")
            if status.sign_in_needed:  # the watcher waits for a person instead of retrying into a lockout
                self._needs_sign_in = status.account_id
                self.sign_in_button.setVisible(True)
