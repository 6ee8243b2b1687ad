"""Loading the board off the UI thread: query and deadlines on the thread pool.

Each job opens its own SQLite connection (one per thread) and hands back a
frozen snapshot; the window applies it on the GUI thread. A generation
number lets the window drop a snapshot that an action has overtaken.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from leakdesk.board import BoardEntry, BoardWindow, board_entries
from leakdesk.errors import LeakDeskError
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BoardSnapshot:
    generation: int
    entries: list[BoardEntry]


class BoardLoaderSignals(QObject):
    loaded = Signal(object)  # BoardSnapshot
    failed = Signal(str)


class _BoardLoadJob(QRunnable):
    def __init__(self, path: Path, policy: SlaPolicy, now: datetime, generation: int,
                 signals: BoardLoaderSignals) -> None:
        super().__init__()
        self.path, self.policy, self.now, self.generation = path, policy, now, generation
        self.signals = signals

    def run(self) -> None:
        try:
            store = Store.open(self.path)
            try:
                leads = store.leads.for_board(BoardWindow.as_of(self.now))
            finally:
                store.close()
            snapshot = BoardSnapshot(self.generation, board_entries(leads, self.policy, self.now))
        except LeakDeskError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception:  # no exception escapes a worker
            log.error("loading the board failed\n%s", traceback.format_exc())
            self.signals.failed.emit("LeakDesk could not load the board; details are in the log.")
            return
        self.signals.loaded.emit(snapshot)


class BoardLoader(QObject):
    """Starts board loads on the global thread pool; re-emits on the GUI thread."""

    loaded = Signal(object)  # BoardSnapshot
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._signals = BoardLoaderSignals(self)
        self._signals.loaded.connect(self._relay_loaded)
        self._signals.failed.connect(self._relay_failed)
        self.pool = QThreadPool.globalInstance()

    def start(self, policy: SlaPolicy, now: datetime, generation: int) -> None:
        self.pool.start(_BoardLoadJob(self.path, policy, now, generation, self._signals))

    def _relay_loaded(self, snapshot: BoardSnapshot) -> None:
        self.loaded.emit(snapshot)

    def _relay_failed(self, message: str) -> None:
        self.failed.emit(message)
