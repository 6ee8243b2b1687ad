"""The team journal's live watcher on a QThread of its own (leakdesk.seats.live), its reports made safe
for the GUI thread."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from leakdesk.clock import Clock
from leakdesk.mail.service import stored_password
from leakdesk.seats.live import JournalReport, JournalState, JournalWatcher
from leakdesk.store import Store
from ui.workers.sync_worker import STRAGGLERS

log = logging.getLogger(__name__)


class JournalWorker(QObject):
    report = Signal(object)  # JournalReport
    finished = Signal()

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


class JournalThread:
    def __init__(self, database: Path, clock: Clock) -> None:
        self.thread = QThread()
        self.thread.setObjectName("team-journal")
        self.worker = JournalWorker(database, clock)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self, wait_ms: int = 1500) -> bool:
        self.worker.watcher.request_stop()
        self.thread.quit()
        stopped = bool(self.thread.wait(wait_ms))
        if not stopped:
            STRAGGLERS.append(self)  # Qt aborts the process if a running QThread is destroyed
        return stopped
