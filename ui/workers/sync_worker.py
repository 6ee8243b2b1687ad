"""The mail watcher on its own QThread: one long-lived worker per account.

The core's Watcher blocks (IMAP IDLE); this object runs it on a QThread and
re-emits what it yields as frozen snapshots, so nothing mutable crosses
threads. Stopping sets the watcher's event: IDLE notices within a second.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from leakdesk.capture.watch import Watcher, WatchReport, WatchState
from leakdesk.clock import Clock
from leakdesk.mail.service import stored_password
from leakdesk.store import Store

log = logging.getLogger(__name__)


class ThreadWorker(QObject):
    """What a WorkerThread runs: ``run`` blocks until stopped, then ``finished``."""

    finished = Signal()

    def run(self) -> None:
        raise NotImplementedError


W = TypeVar("W", bound=ThreadWorker)


@dataclass(frozen=True)
class SyncStatus:
    """A WatchReport made safe to hand to the GUI thread."""

    account_id: int
    state: WatchState
    checked_at: datetime | None
    new_leads: tuple[int, ...]
    folder: str | None
    done: int
    total: int
    history: bool
    eta_seconds: float | None
    message: str
    retry_in: float | None
    leads_so_far: int = 0  # new leads of this folder's check so far
    sign_in_needed: bool = False  # the account's OAuth2 sign-in must be done again (a button offers it)

    @classmethod
    def of(cls, account_id: int, r: WatchReport) -> SyncStatus:
        p = r.progress
        return cls(account_id, r.state, r.checked_at, r.new_leads, p.folder if p else None, p.done if p else 0,
                   p.total if p else 0, p.history if p else False, p.eta_seconds if p else None, r.message,
                   r.retry_in, len(p.new_leads) if p else 0, r.sign_in_needed)


class SyncWorker(ThreadWorker):
    status = Signal(object)  # SyncStatus

    def __init__(self, database: Path, account_id: int, clock: Clock) -> None:
        super().__init__()
        self.account_id = account_id
        self.watcher = Watcher(lambda: Store.open(database), account_id,
                               stored_password, clock)

    @Slot()
    def run(self) -> None:
        try:
            for report in self.watcher.run():
                self.status.emit(SyncStatus.of(self.account_id, report))
        except Exception:  # no exception escapes a worker
            log.error("the mail watcher failed\n%s", traceback.format_exc())
            self.status.emit(SyncStatus(self.account_id, WatchState.FAILED, None, (), None, 0, 0, False, None,
                                        "Checking mail stopped because of a bug; details are in the log.", None))
        finally:
            self.finished.emit()

    def stop(self) -> None:  # thread-safe: sets an event and cuts a blocked read
        self.watcher.request_stop()

    def check_now(self) -> None:  # thread-safe: only sets an event
        self.watcher.check_now()


class WorkerThread(Generic[W]):
    """A long-lived worker (a ``run`` slot, a ``finished`` signal) on a QThread of its own: stopped within a
    time, and never destroyed while it still runs."""

    def __init__(self, name: str, worker: W, request_stop: Callable[[], None]) -> None:
        self.thread = QThread()
        self.thread.setObjectName(name)
        self.worker = worker
        self._request_stop = request_stop
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop(self, wait_ms: int = 1500) -> bool:
        """Stop within ``wait_ms``; a thread that is still busy is kept (never destroyed while it runs)."""
        self._request_stop()
        self.thread.quit()
        stopped = bool(self.thread.wait(wait_ms))
        if not stopped:
            STRAGGLERS.append(self)  # Qt aborts the process if a running QThread is destroyed
        return stopped


class SyncThread(WorkerThread[SyncWorker]):
    """A SyncWorker and the QThread it lives on."""

    def __init__(self, database: Path, account_id: int, clock: Clock) -> None:
        worker = SyncWorker(database, account_id, clock)
        super().__init__(f"mail-{account_id}", worker, worker.stop)


class Threaded(Protocol):
    thread: QThread


STRAGGLERS: list[Threaded] = []  # mail threads that outlived their window; the app exits without them


def stragglers_running() -> bool:
    return any(s.thread.isRunning() for s in STRAGGLERS)
