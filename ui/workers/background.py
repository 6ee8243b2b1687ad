"""One blocking call off the UI thread (a test connection, a history import).

The call runs on the thread pool; ``progress`` relays what a generator
yields, ``done`` carries the return value and ``failed`` a sentence: a known
error's own, or the caller's for anything unforeseen (which is also logged).
All three arrive on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Generator
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

from leakdesk.errors import LeakDeskError

log = logging.getLogger(__name__)


class _Signals(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)


class _Call(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals, failure: str) -> None:
        super().__init__()
        self.work, self.signals, self.failure = work, signals, failure

    def run(self) -> None:
        try:
            value = self.work()
            if isinstance(value, Generator):
                try:
                    while True:
                        self._emit(self.signals.progress, next(value))
                except StopIteration as stop:
                    value = stop.value
        except LeakDeskError as exc:
            self._emit(self.signals.failed, str(exc))
            return
        except Exception:  # no exception escapes a worker
            log.error("background call failed\n%s", traceback.format_exc())
            self._emit(self.signals.failed, self.failure)
            return
        self._emit(self.signals.done, value)

    def _emit(self, signal: SignalInstance, value: object) -> None:
        """Say it, unless whoever asked is gone (the window closed while the call ran): then the answer
        is nobody's, and dropping it is right (it was printed as an error at every close)."""
        if not shiboken6.isValid(self.signals):
            return
        try:
            signal.emit(value)
        except RuntimeError:  # deleted between the check and the emit
            log.debug("a background answer arrived after its window closed")


class Background(QObject):
    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, failure: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.failure = failure
        self.running = False
        self._signals = _Signals(self)
        self._signals.progress.connect(self.progress)
        self._signals.done.connect(self._done)
        self._signals.failed.connect(self._failed)

    def start(self, work: Callable[[], Any]) -> None:
        self.running = True
        QThreadPool.globalInstance().start(_Call(work, self._signals, self.failure))

    def _done(self, value: object) -> None:
        self.running = False
        self.done.emit(value)

    def _failed(self, message: str) -> None:
        self.running = False
        self.failed.emit(message)


def finish_quietly(sources: list[QObject], wait_ms: int) -> None:
    """On closing a window: jobs still on the thread pool finish into nothing (their signals blocked:
    the store may close right after), and none outlives the window by more than ``wait_ms`` (a job
    finishing after it would release its Qt objects on the pool's thread, and Qt warns "QBasicTimer::
    start: Timers cannot be started from another thread")."""
    for source in sources:
        source.blockSignals(True)
    QThreadPool.globalInstance().waitForDone(wait_ms)
