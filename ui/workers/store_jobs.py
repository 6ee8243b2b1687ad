"""Running core work over the database off the UI thread (the board's load, the leakage review).

Each job opens its own SQLite connection (one per thread), runs one core
function over it and hands back its result, tagged, on the GUI thread. A
generation number lets the caller drop a result that a newer request has
overtaken. No exception escapes: a known error becomes its sentence, any
other the caller's message (and the log).
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

    def __init__(self, path: Path, failure: str, parent: QObject | None = None) -> None:
        """``failure``: the sentence shown when a job fails in an unforeseen way."""
        super().__init__(parent)
        self.path = path
        self.runner = Background(failure, self)
        self.runner.done.connect(self.loaded)
        self.runner.failed.connect(self.failed)

    def start(self, tag: str, generation: int, work: Callable[[Store], object]) -> None:
        path = self.path

        def job() -> JobResult:
            store = Store.open(path)  # one connection per thread
            try:
                return JobResult(tag, generation, work(store))
            finally:
                store.close()

        self.runner.start(job)
