"""Running core work over the database off the UI thread (the board's load, the leakage review).

Each job opens its own SQLite connection (one per thread), runs one core
function over it and hands back its result, tagged, on the GUI thread. For
``latest`` jobs the runner itself drops a result that a newer request of
the same tag (or ``outdate``, a change made meanwhile) has overtaken, and
says ``stale`` when nothing newer is on its way. No exception escapes: a
known error becomes its sentence, any other the caller's message (and the
log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from leakdesk.store import Store
from ui.workers.background import Background


@dataclass(frozen=True)
class JobResult:
    tag: str          # what was asked: 'board', 'review', 'segment'
    generation: int
    value: object


class StoreJobs(QObject):
    """Jobs over the database on the thread pool, through ``Background`` (which keeps any exception
    from escaping the worker and turns it into a sentence)."""

    loaded = Signal(object)  # JobResult
    failed = Signal(str)
    stale = Signal(str)      # tag: its result was overtaken by a change and no newer job runs

    def __init__(self, path: Path, failure: str, parent: QObject | None = None) -> None:
        """``failure``: the sentence shown when a job fails in an unforeseen way."""
        super().__init__(parent)
        self.path = path
        self.runner = Background(failure, self)
        self.runner.done.connect(self._delivered)
        self.runner.failed.connect(self.failed)
        self._latest: dict[str, int] = {}   # tag -> the generation a result must carry to count
        self._started: dict[str, int] = {}  # tag -> the generation of the newest job started

    def start(self, tag: str, generation: int, work: Callable[[Store], object]) -> None:
        path = self.path

        def job() -> JobResult:
            store = Store.open(path)  # one connection per thread
            try:
                return JobResult(tag, generation, work(store))
            finally:
                store.close()

        self.runner.start(job)

    def latest(self, tag: str, work: Callable[[Store], object]) -> None:
        """Start ``work``; of the ``tag`` jobs in flight only the newest one's result is delivered."""
        generation = self._latest.get(tag, 0) + 1
        self._latest[tag] = self._started[tag] = generation
        self.start(tag, generation, work)

    def outdate(self, tag: str) -> None:
        """Something changed that a ``tag`` job in flight did not see: its result will not be delivered."""
        if tag in self._latest:
            self._latest[tag] += 1

    def _delivered(self, result: JobResult) -> None:
        expected = self._latest.get(result.tag)
        if expected is not None and result.generation != expected:
            if result.generation == self._started.get(result.tag):
                self.stale.emit(result.tag)  # overtaken by a change, and no newer job runs: ask again
            return
        self.loaded.emit(result)
