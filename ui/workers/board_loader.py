"""Loading the board off the UI thread: query and deadlines on the thread pool.

A frozen snapshot comes back on the GUI thread; its generation number lets
the window drop a snapshot that an action has overtaken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from leakdesk.actions import LeadActions
from leakdesk.board import BoardEntry
from leakdesk.clock import Clock
from leakdesk.followup.service import count_drafts_due_today
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store import Store
from ui.workers.store_jobs import JobResult, StoreJobs


@dataclass(frozen=True)
class BoardSnapshot:
    generation: int
    entries: list[BoardEntry]
    undecided: int = 0  # messages waiting in Check these
    came_back: int = 0  # not-ready leads whose revisit date came while LeakDesk was closed
    drafts_due: int | None = None  # follow-up drafts due today (the toolbar's count)


class BoardLoader(QObject):
    """Starts board loads on the global thread pool; re-emits on the GUI thread."""

    loaded = Signal(object)  # BoardSnapshot
    failed = Signal(str)
    stale = Signal()  # a load was overtaken by a change on the board: load again

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = StoreJobs(path, "LeakDesk could not load the board; details are in the log.", self)
        self.jobs.loaded.connect(self._relay_loaded)
        self.jobs.failed.connect(self.failed)
        self.jobs.stale.connect(lambda _tag: self.stale.emit())

    def outdate(self) -> None:
        """The board changed here (a person's action, a draft): a load in flight did not see it."""
        self.jobs.outdate("board")

    def start(self, policy: SlaPolicy, now: datetime, revisits: Clock | None = None) -> None:
        """Load the board; with ``revisits`` (the first load) bring back the not-ready leads whose date
        has come first, here on the pool (after a long absence they can be many)."""
        def load(store: Store) -> tuple[list[BoardEntry], int, int, int]:
            back = len(LeadActions(store, revisits).bring_back_revisits()) if revisits is not None else 0
            entries = store.leads.board(policy, now)
            due = count_drafts_due_today(store, now)  # as of the load's moment
            return entries, store.reading.undecided_count(), back, due

        self.jobs.latest("board", load)

    def _relay_loaded(self, result: JobResult) -> None:
        assert isinstance(result.value, tuple)
        entries, undecided, back, due = result.value
        self.loaded.emit(BoardSnapshot(result.generation, entries, undecided, back, due))
