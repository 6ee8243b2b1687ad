"""Work for the screen split into stages, one per turn of the event loop.

Putting a loaded review on screen (chart, week panel, rescue list, channel
table) took 60-70 ms in one go, during which the window could not paint or
take a key. Run as stages, the window returns to its event loop between
them: each stage is short, and a click or a repaint waits for one stage at
most. A newer run replaces the stages an older one had left.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject

from ui.ticker import Ticker


class Stages(QObject):
    """Runs callables one per event-loop turn, in order."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._left: deque[Callable[[], object]] = deque()  # what a stage returns is not used
        self._turn = Ticker(name, 0, self)
        self._turn.ticked.connect(self._next)

    def run(self, stages: Iterable[Callable[[], object]], now: bool = True) -> None:
        """The first stage now (or, not ``now``, on the next turn), the rest in the turns after (what an
        earlier run left is dropped)."""
        self._left = deque(stages)
        if now:
            self._next()
        elif self._left:
            self._turn.start()

    @property
    def running(self) -> bool:
        return bool(self._left)

    def _next(self) -> None:
        if not self._left:
            self._turn.stop()
            return
        stage = self._left.popleft()
        if self._left:
            self._turn.start()
        else:
            self._turn.stop()
        stage()
