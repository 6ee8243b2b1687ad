"""Python's cycle collector, run on the GUI thread and kept from stopping the window.

Garbage is collected on the GUI thread only: a cycle holding Qt objects,
collected on a mail or pool thread, would destroy them there (qutebrowser
does the same for the same reason). So automatic collection is off and a
ticker collects every ten seconds.

A full collection walks every object the process holds. With the board of
100,000 leads and the review loaded that took 50–100 ms in which the window
could not paint, every ten seconds. What a load brings is long-lived, and
when the next load replaces it, reference counting frees it (board entries,
leads and figures hold no cycles). So after each load the heap is frozen
(``settle``, ``gc.freeze``): the ticker's collections walk only what is new
since, a few thousand objects.

Cycles that became garbage before a freeze wait for a sweep: thaw, collect,
freeze again. A sweep runs when nobody is looking — LeakDesk has been in the
background (another app in front, minimised, in the tray) for a few seconds
— and otherwise at most once an hour.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from leakdesk.clock import monotonic
from ui.ticker import Ticker

COLLECT_MS = 10_000
AWAY_S = 5.0  # in the background this long, a sweep is not seen
SWEEP_EVERY_S = 3600.0  # a sweep in front of the person at most this often: cycles wait at most this long


def settle() -> None:
    """After a load: what is on screen now is long-lived; collections leave it alone until a sweep."""
    gc.freeze()


class HeapKeeper(QObject):
    """Collects on the GUI thread, sweeping the frozen heap while LeakDesk is in the background."""

    def __init__(self, parent: QObject | None = None, now: Callable[[], float] = monotonic) -> None:
        super().__init__(parent)
        self._now = now
        self._away_since: float | None = None
        self._swept_at = now()
        self._swept_while_away = False
        self.sweeps = 0
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.state_changed)
            self.state_changed(app.applicationState())
        self._ticker = Ticker("garbage", COLLECT_MS, self)
        self._ticker.ticked.connect(self.tick)

    def start(self) -> None:
        gc.disable()
        self._ticker.start()

    def stop(self) -> None:
        """Nothing stays frozen, and Python collects by itself again."""
        self._ticker.stop()
        gc.unfreeze()
        gc.enable()

    def state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self._away_since = None
        elif self._away_since is None:
            self._away_since = self._now()
            self._swept_while_away = False

    def tick(self) -> None:
        """Collect what is new; sweep everything once per absence, or when a sweep is overdue."""
        now = self._now()
        away = self._away_since is not None and now - self._away_since >= AWAY_S
        if (away and not self._swept_while_away) or now - self._swept_at >= SWEEP_EVERY_S:
            self.sweep()
            self._swept_while_away = away
        else:
            gc.collect()

    def sweep(self) -> int:
        """Thaw, collect every generation, freeze again; returns the objects collected."""
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        self._swept_at = self._now()
        self.sweeps += 1
        return found
