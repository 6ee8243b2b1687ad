"""The top bar's and the tray's counts (unowned, due soon, breached, stalled), counted on the
thread pool by the core's ``board_counts``: thousands of countdowns took a tenth of a second on
the UI thread. One count at a time; a board that changed meanwhile is counted again after it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from leakdesk.board import board_counts
from ui.models.board_model import BoardModel
from ui.workers.background import Background


class BoardCounter(QObject):
    counted = Signal(dict)  # kind -> how many

    def __init__(self, model: BoardModel, now: Callable[[], datetime], failed: Callable[[str], None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self.model, self.now = model, now
        self.counts: dict[str, int] = {}
        self._again = False
        self.runner = Background("LeakDesk could not count the board; details are in the log.", self)
        self.runner.done.connect(self._done)
        self.runner.failed.connect(failed)
        # Counted when the cards change, not when a filter changes which show: the counts are of every
        # card, and a count on the pool while the filtered board paints slows that paint.
        for changed in (model.entries_replaced, model.rowsInserted, model.rowsRemoved):
            changed.connect(self.count)

    def count(self) -> None:
        if self.runner.running:
            self._again = True
            return
        self._again = False
        entries, policy, now = list(self.model.all_entries()), self.model.policy, self.now()
        self.runner.start(lambda: board_counts(entries, policy, now))

    @property
    def busy(self) -> bool:
        """Whether the counts shown may be behind the board (a count is running or asked for)."""
        return self.runner.running or self._again

    def _done(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self.counted.emit(counts)
        if self._again:
            self.count()
