"""The one home of Qt timers: a named, repeating Ticker.

It also notices wall-clock jumps (laptop sleep, clock changes) between
ticks and says so, so views re-evaluate everything instead of trusting
state computed before the jump.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from leakdesk.clock import monotonic, wall_seconds

JUMP_TOLERANCE_S = 5.0


class Ticker(QObject):
    ticked = Signal()
    jumped = Signal(float)  # seconds the wall clock moved beyond the tick

    def __init__(self, name: str, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)
        self._last_wall = wall_seconds()
        self._last_mono = monotonic()

    def start(self) -> None:
        self._last_wall, self._last_mono = wall_seconds(), monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return self._timer.isActive()

    def _on_timeout(self) -> None:
        wall, mono = wall_seconds(), monotonic()
        drift = (wall - self._last_wall) - (mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        if abs(drift) > JUMP_TOLERANCE_S:
            self.jumped.emit(drift)
        self.ticked.emit()
