"""Running core work over the database off the UI thread (the board's load, the leakage review).

Each job opens its own SQLite connection (one per thread), runs one core
function over it and hands back its result, tagged, on the GUI thread. A
generation number lets the caller drop a result that a newer request has
overtaken. No exception escapes: a known error becomes its sentence, any
other the caller's message (and the log).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from leakdesk.errors import LeakDeskError
from leakdesk.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    tag: str          # what was asked: 'board', 'review', 'segment'
    generation: int
    value: object


class _Signals(QObject):
    loaded = Signal(object)  # JobResult
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, path: Path, tag: str, generation: int, work: Callable[[Store], object],
                 signals: _Signals, failure: str) -> None:
        super().__init__()
        self.path, self.tag, self.generation, self.work, self.signals = path, tag, generation, work, signals
        self.failure = failure

    def run(self) -> None:
        try:
            store = Store.open(self.path)
            try:
                value = self.work(store)
            finally:
                store.close()
        except LeakDeskError as exc:
            self.signals.failed.emit(str(exc))
            return
        except Exception:  # no exception escapes a worker
            log.error("%s job failed\n%s", self.tag, traceback.format_exc())
            self.signals.failed.emit(self.failure)
            return
        self.signals.loaded.emit(JobResult(self.tag, self.generation, value))


class StoreJobs(QObject):
    loaded = Signal(object)  # JobResult
    failed = Signal(str)

    def __init__(self, path: Path, failure: str, parent: QObject | None = None) -> None:
        """``failure``: the sentence shown when a job fails in an unforeseen way."""
        super().__init__(parent)
        self.path, self.failure = path, failure
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._relay_loaded)
        self._signals.failed.connect(self._relay_failed)
        self.pool = QThreadPool.globalInstance()

    def start(self, tag: str, generation: int, work: Callable[[Store], object]) -> None:
        self.pool.start(_Job(self.path, tag, generation, work, self._signals, self.failure))

    def _relay_loaded(self, result: JobResult) -> None:
        self.loaded.emit(result)

    def _relay_failed(self, message: str) -> None:
        self.failed.emit(message)
