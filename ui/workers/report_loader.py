"""Running the leakage review's queries off the UI thread.

Each job opens its own SQLite connection (one per thread), runs one core
function over it (which may first derive facts for changed leads) and hands
back its result, tagged, on the GUI thread. A generation number lets the
view drop a result that a newer request has overtaken.
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
class ReportResult:
    tag: str          # what was asked: 'review', 'segment'
    generation: int
    value: object


class _Signals(QObject):
    loaded = Signal(object)  # ReportResult
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, path: Path, tag: str, generation: int, work: Callable[[Store], object],
                 signals: _Signals) -> None:
        super().__init__()
        self.path, self.tag, self.generation, self.work, self.signals = path, tag, generation, work, signals

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
            log.error("the leakage review failed\n%s", traceback.format_exc())
            self.signals.failed.emit("LeakDesk could not compute the leakage review; details are in the log.")
            return
        self.signals.loaded.emit(ReportResult(self.tag, self.generation, value))


class ReportLoader(QObject):
    loaded = Signal(object)  # ReportResult
    failed = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._relay_loaded)
        self._signals.failed.connect(self._relay_failed)
        self.pool = QThreadPool.globalInstance()

    def start(self, tag: str, generation: int, work: Callable[[Store], object]) -> None:
        self.pool.start(_Job(self.path, tag, generation, work, self._signals))

    def _relay_loaded(self, result: ReportResult) -> None:
        self.loaded.emit(result)

    def _relay_failed(self, message: str) -> None:
        self.failed.emit(message)
