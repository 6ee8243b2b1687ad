"""The weekly report mail in the app: the Qt renderer of its chart and PDF, and its schedule.

``render_report`` is the core's ``Renderer`` (leakdesk.report.weekly_mail):
a LeakageChart of its own, never shown, drawn at a fixed size, grabbed as
PNG, and the report PDF that the review's Export writes, read back.

``WeeklyReportMail`` runs the schedule in the window. It waits until the
inbox is caught up (the mail watcher's first finished check: a report made
during the history import would miss most of its leads), checks a minute
later (start-up work goes first) and then every few minutes (the first
tick after a laptop sleep too), and sends by hand from the review's Export menu. The review is computed
and the mail APPENDed on the thread pool; only the drawing happens on the
GUI thread. What happened is one sentence in the status bar.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from leakdesk import worker_process
from leakdesk.clock import Clock
from leakdesk.errors import LeakDeskError
from leakdesk.report.review import Review, derive_at
from leakdesk.report.weekly_mail import REPORT_WEEKS, Delivered, Rendered, WeeklyReport, deliver, due, prepare, said
from leakdesk.store import Store
from ui.charts.leakage_chart import LeakageChart
from ui.report_export import ExportError, save_report_pdf
from ui.ticker import Ticker
from ui.workers.store_jobs import JobResult, StoreJobs

log = logging.getLogger(__name__)
CHART_SIZE = (1120, 470)        # pixels of the chart in the mail (it is shown at 720 wide: sharp on HiDPI)
FIRST_CHECK_MS = 60_000         # after the inbox is first caught up: start-up work (board, review) goes first
CHECK_MS = 5 * 60_000           # then every five minutes
RETRY_AFTER = timedelta(minutes=30)  # a scheduled report that failed is tried again after this
FAILED = "LeakDesk could not put the weekly report in your inbox; the log has the details."


def render_report(review: Review, week_index: int, owners: dict[int, str], business: str) -> Rendered:
    """Draw the chart of ``review.weeks`` with ``week_index`` selected, and the report PDF of that week
    (GUI thread; a QApplication must exist)."""
    chart = LeakageChart()
    try:
        chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out as shown (the legend wraps to
        chart.resize(*CHART_SIZE)                                     # its height), never on a screen
        chart.show()
        chart.set_weeks(review.weeks, week_index)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not chart.grab().save(buffer, "PNG"):
            raise ExportError("LeakDesk could not draw the chart of the weekly report.")
        png = bytes(QByteArray(buffer.data()).data())
        with tempfile.TemporaryDirectory(prefix="leakdesk-report-") as folder:
            path = Path(folder) / "report.pdf"
            save_report_pdf(review, chart, week_index, owners, business, path)
            pdf = path.read_bytes()
        return Rendered(png, pdf)
    finally:
        chart.deleteLater()


def _prepare(store: Store, as_of: datetime, weeks: int) -> WeeklyReport:
    """The report's review, its facts derived first in the worker process (as the review tab does)."""
    worker_process.run(derive_at, store.path)
    return prepare(store, as_of, weeks)


class WeeklyReportMail(QObject):
    said = Signal(str)            # a sentence for the status bar
    failed = Signal(str)          # a report sent by hand did not go: worth a box
    connect_needed = Signal(str)  # why an inbox is needed: the window offers "Connect your inbox…"
    delivered = Signal(object)    # Delivered (GUI thread)

    def __init__(self, store: Store, clock: Clock, parent: QWidget) -> None:
        super().__init__(parent)
        self.store, self.clock = store, clock
        self.jobs = StoreJobs(store.path, FAILED, self)
        self.jobs.loaded.connect(self._loaded)
        self.jobs.failed.connect(self._failed)
        self.busy = False
        self._scheduled = False        # the job in flight is the scheduled report (not one sent by hand)
        self._not_before: datetime | None = None  # after a failed scheduled report
        self._last_fault = ""
        self.first_delay_ms = FIRST_CHECK_MS
        self.first_check: Ticker | None = None
        self._stopped = False
        self.ticker = Ticker("weekly-report", CHECK_MS, self)
        self.ticker.ticked.connect(self.check)  # a tick after a laptop sleep checks too: the day may have come

    # -- the schedule ----------------------------------------------------------------------------
    def caught_up(self) -> None:
        """The inbox's mail is in (the watcher finished a check): the schedule starts, once. A notice that
        arrives after stop (queued before the mail threads stopped) starts nothing: the window is closing."""
        if self.ticker.is_active() or self._stopped:
            return
        self.ticker.start()
        self.first_check = Ticker("weekly-report-first", self.first_delay_ms, self)
        self.first_check.ticked.connect(self._first)
        self.first_check.start()

    def _first(self) -> None:
        if self.first_check is not None:
            self.first_check.stop()
        self.check()

    def stop(self) -> None:
        self._stopped = True
        if self.first_check is not None:
            self.first_check.stop()
        self.ticker.stop()

    def check(self) -> bool:
        """Start the scheduled report when one is due; True when it started."""
        now = self.clock.now()
        if self.busy or (self._not_before is not None and now < self._not_before):
            return False
        try:
            if due(self.store, now) is None:
                return False
        except LeakDeskError as exc:  # a setting that cannot be read, a busy database: the next tick tries again
            log.warning("checking whether the weekly report is due: %s", exc)
            return False
        self._start(scheduled=True)
        return True

    # -- by hand -----------------------------------------------------------------------------------
    def send_now(self) -> bool:
        """The review's "Send this week's report now": the last full week's report, whatever the day
        (and Monday does not send it again). False when it cannot start."""
        if self.busy:
            self.said.emit("The weekly report is on its way already…")
            return False
        if not self.store.has_accounts():
            self.connect_needed.emit("The weekly report goes into your inbox, and no inbox is connected yet.")
            return False
        self._start(scheduled=False)
        self.said.emit("Preparing this week's report…")
        return True

    # -- the steps -------------------------------------------------------------------------------
    def _start(self, scheduled: bool) -> None:
        self.busy, self._scheduled = True, scheduled
        as_of = self.clock.now()
        self.jobs.start("prepare", 0, lambda store: _prepare(store, as_of, REPORT_WEEKS))

    def _loaded(self, result: JobResult) -> None:
        if result.tag == "prepare":
            report = result.value
            assert isinstance(report, WeeklyReport)
            try:
                rendered = render_report(report.review, report.index, report.owners, report.business)
            except ExportError as exc:
                self._failed(str(exc))
                return
            clock, scheduled = self.clock, self._scheduled
            self.jobs.start("deliver", 0, lambda store: deliver(store, clock, report, rendered, scheduled))
            return
        done = result.value
        assert isinstance(done, Delivered)
        self.busy = False
        self._not_before, self._last_fault = None, ""
        self.delivered.emit(done)
        self.said.emit(said(done, self._scheduled))

    def _failed(self, message: str) -> None:
        self.busy = False
        if not self._scheduled:
            self.failed.emit(message)
            return
        # The schedule tries again later; the same fault is said once, not every half hour.
        self._not_before = self.clock.now() + RETRY_AFTER
        log.warning("weekly report not delivered: %s", message)
        if message != self._last_fault:
            self._last_fault = message
            self.said.emit(f"The weekly report is not in your inbox yet: {message}")
