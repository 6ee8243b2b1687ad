"""The team journal's live watcher on a QThread of its own (leakdesk.seats.live), its reports made safe
for the GUI thread."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import Signal, Slot

from leakdesk.clock import Clock
from leakdesk.mail.service import stored_password
from leakdesk.seats.live import JournalReport, JournalState, JournalWatcher
from leakdesk.store import Store
from ui.workers.sync_worker import ThreadWorker, WorkerThread

log = logging.getLogger(__name__)


class JournalWorker(ThreadWorker):
    report = Signal(object)  # JournalReport

    def __init__(self, database: Path, clock: Clock) -> None:
        super().__init__()
        self.watcher = JournalWatcher(lambda: Store.open(database), stored_password, clock)

    @Slot()
    def run(self) -> None:
        try:
            for report in self.watcher.run():
                self.report.emit(report)
        except Exception:  # no exception escapes a worker
            log.error("the team journal watcher failed\n%s", traceback.format_exc())
            self.report.emit(JournalReport(JournalState.PROBLEM, message="Sharing with the other seats stopped "
                                           "because of a bug; details are in the log."))
        finally:
            self.finished.emit()


class JournalThread(WorkerThread[JournalWorker]):
    def __init__(self, database: Path, clock: Clock) -> None:
        worker = JournalWorker(database, clock)
        super().__init__("team-journal", worker, worker.watcher.request_stop)
