"""Alerts in the app: which are due is decided on the thread pool, the desktop
notification service is called there too (D-Bus can wait), what it did not
take goes to the tray or the banner on the GUI thread, and all of them are
remembered on the pool.

After a long absence on a big database, deciding and remembering took
seconds on the UI thread (thousands of leads, one event each). A check in
flight makes the next tick wait for it, so nothing is sent twice.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from leakdesk import worker_process
from leakdesk.alerting import Alerting, due_at
from leakdesk.clock import Clock
from leakdesk.sla.alerts import Alert
from leakdesk.store import Store
from leakdesk.store.database import storage_said
from ui.notify import Notifier, try_desktop
from ui.workers.store_jobs import JobResult, StoreJobs

log = logging.getLogger(__name__)


class AlertController(QObject):
    checked = Signal(int)  # how many alerts one check sent (after they are remembered)

    def __init__(self, store: Store, clock: Clock, notifier: Notifier, demo: bool, parent: QObject) -> None:
        super().__init__(parent)
        self.clock, self.notifier, self.demo = clock, notifier, demo
        self.jobs = StoreJobs(store.path, "LeakDesk could not check its alerts; details are in the log.", self)
        self.jobs.loaded.connect(self._step)
        self.jobs.failed.connect(self._failed)
        self.busy = False

    def check(self, me: int | None, slept: bool = False) -> bool:
        """Start a check of the board's leads for ``me``; False while one is in flight. Which alerts are
        due is decided in the worker process: over thousands of cards it held the interpreter lock the
        window needs to paint."""
        if self.busy:
            return False
        self.busy = True
        now, demo, path = self.clock.now(), self.demo, self.jobs.path

        def due(_store: Store) -> list[Alert]:
            with storage_said(path):
                return worker_process.run(due_at, path, now, me, slept, demo)

        self.jobs.start("due", 0, due)
        return True

    def _step(self, result: JobResult) -> None:
        if result.tag == "due":
            alerts: list[Alert] = result.value  # type: ignore[assignment]
            if not alerts:
                self._done(0)
            elif self.notifier.use_desktop:
                self.jobs.start("desktop", 0, lambda _store: [(alert, try_desktop(alert)) for alert in alerts])
            else:
                self._remember([(alert, False) for alert in alerts])
        elif result.tag == "desktop":
            self._remember(result.value)  # type: ignore[arg-type]
        else:
            assert isinstance(result.value, int)
            self._done(result.value)

    def _remember(self, tried: list[tuple[Alert, bool]]) -> None:
        """What the desktop did not take goes the window's own way; then every alert is remembered."""
        sent = []
        for alert, delivered in tried:
            if delivered:
                self.notifier.last_lead = alert.lead_ids[0]
            sent.append((alert, "desktop" if delivered else self.notifier.show(alert)))
        clock, path = self.clock, self.jobs.path

        def remember(store: Store) -> int:
            with storage_said(path):
                Alerting(store, clock).mark_sent(sent)
            return len(sent)

        self.jobs.start("marked", 0, remember)

    def _done(self, sent: int) -> None:
        self.busy = False
        self.checked.emit(sent)

    def _failed(self, message: str) -> None:
        self.busy = False  # the database is busy or full: the next tick tries again
        log.warning("alerts wait for the database: %s", message)
