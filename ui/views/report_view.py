"""The owner's weekly leakage review: chart, week panel, rescue list, segments, channels.

Figures come from the core (leakdesk.report) on the thread pool; this view
only shows them. It refreshes when it is shown after something changed
(``mark_stale``), when the range changes, and when the figures' settings do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leakdesk import worker_process
from leakdesk.clock import Clock
from leakdesk.domain import Lead, LeakKind
from leakdesk.errors import LeakDeskError
from leakdesk.report import export as csv_export
from leakdesk.report.export import percent
from leakdesk.report.review import Review, derive_at, review, segment_leads
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from ui import report_export
from ui.charts.leakage_chart import LeakageChart, layer_label
from ui.lazy_tab import LazyTab
from ui.stages import Stages
from ui.views.empty_text import EmptyTableWidget
from ui.views.figures_tab import FiguresTab
from ui.views.lead_table import LeadTableView
from ui.views.week_panel import WeekPanel
from ui.workers.store_jobs import JobResult, StoreJobs


@dataclass(frozen=True)
class Loaded:
    review: Review
    tz: ZoneInfo               # the business's, and its people's names: read with the figures on the
    owners: dict[int, str]     # pool, not on the window's thread when they arrive


def _review(store: Store, as_of: datetime, weeks: int) -> Loaded:
    """The review, its facts derived first in the worker process (the pool thread waits without the
    interpreter lock: deriving 100,000 leads here stalled the window)."""
    worker_process.run(derive_at, store.path)
    figures = review(store, as_of, weeks)
    owners = {p.id: p.name for p in store.people.all(active_only=False)}
    return Loaded(figures, store.settings.load()[BUSINESS_TIMEZONE], owners)


class ChartRoom(LazyTab[LeakageChart]):
    """The chart's place, the chart made in it when the review is first shown (ui/lazy_tab.py: made on the
    next turn, placed and painted on the one after; any two at once held the window 40-50 ms). Until then
    it asks the splitter for the room the chart will (pyqtgraph's plot asks for 640×480), so the chart,
    once made, gets the share it always had."""

    def sizeHint(self) -> QSize:
        return super().sizeHint() if self.placed else QSize(640, 480)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() if self.placed else QSize(200, LeakageChart.MINIMUM_HEIGHT)


class ReportView(FiguresTab):
    send_report_requested = Signal()       # "Send this week's report now": the weekly mail, into the inbox

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__("reportRange", "Last {weeks} weeks", parent)
        self.setObjectName("reportView")
        self.store, self.clock = store, clock
        self.review: Review | None = None
        self.stages = Stages("review-showing", self)
        self.loader = StoreJobs(store.path, "LeakDesk could not compute the leakage review; details are in the log.",
                                self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.tz: ZoneInfo = store.settings.load()[BUSINESS_TIMEZONE]
        self.owners: dict[int, str] = {}

        self.as_of_label.setObjectName("reportAsOf")
        self.settings_button.setObjectName("figureSettings")
        self.export_button = QPushButton("Export", self)  # a push button's menu arrow keeps clear of its text
        menu = QMenu(self.export_button)
        self.export_actions: dict[str, QAction] = {}
        for key, text in (("chart_png", "Chart as PNG…"), ("chart_pdf", "Chart as PDF…"),
                          ("weeks_csv", "Weekly figures as CSV…"), ("rescue_csv", "Rescue list as CSV…"),
                          ("report_pdf", "Weekly report as PDF…")):
            action = menu.addAction(text)
            action.triggered.connect(lambda _checked=False, k=key: self.export(k))
            self.export_actions[key] = action
        menu.addSeparator()
        send = menu.addAction("Send this week's report now")
        send.setToolTip("Put last week's report in your inbox now, as the weekly mail does (it is not sent "
                        "again on the report day)")
        send.triggered.connect(self.send_report_requested)
        menu.setToolTipsVisible(True)
        self.export_actions["send_report"] = send
        self.export_button.setMenu(menu)
        top = self.top_row("Weekly leakage", self.export_button)

        # The chart is made when first needed: pyqtgraph's plot is a third of the window's start-up, and many
        # sessions never open the review.
        self.chart_room = ChartRoom(self._new_chart, self)
        self.panel = WeekPanel(self)
        self.panel.rescue_requested.connect(self.show_rescue)
        self.upper = upper = QSplitter(Qt.Orientation.Horizontal, self)
        upper.addWidget(self.chart_room)
        panel_area = QScrollArea(self)  # the week's figures scroll on a short screen: the rescue list keeps its room
        panel_area.setWidget(self.panel)
        panel_area.setWidgetResizable(True)
        panel_area.setFrameShape(QFrame.Shape.NoFrame)
        panel_area.setMinimumWidth(self.panel.minimumWidth() + 16)
        upper.addWidget(panel_area)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 1)

        self.tabs = QTabWidget(self)
        self.rescue = LeadTableView(self.tz, self)
        self.rescue.setObjectName("rescueList")
        self.rescue.empty_text = "Nothing to rescue: every lead of the last 30 days that is still open is on track."
        self.segment = LeadTableView(self.tz, self)
        self.segment.empty_text = "Click a coloured part of a bar in the chart to list its leads here."
        self.segment.setObjectName("segmentList")
        for table in (self.rescue, self.segment):
            table.action_requested.connect(self.action_requested)
            table.assign_requested.connect(self.assign_requested)
            table.open_requested.connect(self.open_requested)
        self.channels = EmptyTableWidget(0, 5, self)
        self.channels.empty_text = "No leads came in over these weeks, so there is no channel to compare yet."
        self.channels.setObjectName("channelTable")
        self.channels.setHorizontalHeaderLabels(["Channel", "Leads", "Responded within SLA", "Booked",
                                                 "Booking rate"])
        self.channels.verticalHeader().setVisible(False)
        self.channels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.channels.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs.addTab(self.rescue, "Rescue now")
        self.tabs.addTab(self.segment, "Selected segment")
        self.tabs.addTab(self.channels, "Where leads come from")
        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.addWidget(upper)
        lower.addWidget(self.tabs)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        self.tabs.setMinimumHeight(6 * 28 + 40)  # the rescue list shows at least six rows
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(lower, 1)
        column.addWidget(self.message)

    @property
    def chart(self) -> LeakageChart:
        """The chart, made and put in its place now if it is not yet (on showing, it is on the turns after)."""
        return self.chart_room.content

    def _new_chart(self, room: QWidget) -> LeakageChart:
        chart = LeakageChart(room)
        chart.week_selected.connect(self.select_week)
        chart.segment_clicked.connect(self.show_segment)
        return chart

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.stale = False
        as_of, weeks = self.clock.now(), self.weeks
        self.message.setText("Computing the figures…")
        self.loader.latest("review", lambda store: _review(store, as_of, weeks))  # only the newest is shown

    def _on_loaded(self, result: JobResult) -> None:
        if result.tag == "segment":
            self._show_segment_rows(*result.value)  # type: ignore[misc]
            return
        assert isinstance(result.value, Loaded)
        self.review, self.tz, self.owners = result.value.review, result.value.tz, result.value.owners
        # On screen a part per turn of the event loop: together they held the window 60-70 ms.
        self.stages.run([self._show_chart, self._show_week, self._show_rescue, self._show_channels])

    def _show_chart(self) -> None:
        assert self.review is not None
        local = self.review.as_of.astimezone(self.tz)
        self.as_of_label.setText(f"Figures as of {local:%a %d %b %Y, %H:%M} ({self.tz.key}); "
                                 "past weeks can still change as late replies and outcomes arrive.")
        selected = self.chart.selected if self.chart.selected is not None and \
            self.chart.selected < len(self.review.weeks) and len(self.chart.weeks) == len(self.review.weeks) \
            else max(len(self.review.weeks) - 2, 0)  # the last full week: what a Monday review is about
        self.chart.set_weeks(self.review.weeks, selected)

    def _show_week(self) -> None:
        if self.chart.selected is not None:
            self.select_week(self.chart.selected)

    def _show_rescue(self) -> None:
        assert self.review is not None
        self.rescue.set_rows([(i.lead, i.kind) for i in self.review.rescue], self.owners, self.tz)
        self.tabs.setTabText(0, f"Rescue now ({len(self.review.rescue)})")

    def _on_failed(self, message: str) -> None:
        self.message.setText(message)

    def _show_channels(self) -> None:
        assert self.review is not None
        rows = self.review.channels
        self.channels.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = [c.channel.label, str(c.leads), percent(c.responded_within_sla), str(c.booked),
                      percent(c.booking_rate)]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.channels.setItem(r, col, item)
        self.message.setText("")
        self.loaded.emit()

    def show_rescue(self) -> None:
        """The headline's "Rescue N now": the rescue list, its first lead chosen, for the keyboard."""
        self.tabs.setCurrentWidget(self.rescue)
        self.rescue.setFocus()
        if self.rescue.model() is not None and self.rescue.model().rowCount():
            self.rescue.selectRow(0)

    # -- selection ----------------------------------------------------------------------
    def select_week(self, index: int) -> None:
        if self.review is None or not 0 <= index < len(self.review.weeks):
            return
        self.chart.select(index)
        weeks = self.review.weeks
        last = index == len(weeks) - 2 and weeks[-1].provisional  # the last full week
        self.panel.show_week(weeks[index], weeks[index - 1] if index > 0 else None, len(self.review.rescue), last)

    def show_segment(self, index: int, kind: LeakKind | None) -> None:
        """List the leads behind one segment of one bar."""
        if self.review is None:
            return
        week = self.review.weeks[index].start
        as_of = self.review.as_of
        self.loader.latest("segment", lambda store: (week, kind, segment_leads(store, as_of, week, kind)))

    def _show_segment_rows(self, week: date, kind: LeakKind | None, leads: list[Lead]) -> None:
        self.segment.set_rows([(lead, kind) for lead in leads], self.owners, self.tz)
        self.tabs.setTabText(1, f"{layer_label(kind)}, week of {week.day} {week:%b} ({len(leads)})")
        self.tabs.setCurrentWidget(self.segment)
        self.loaded.emit()

    # -- exports ------------------------------------------------------------------------
    def ask_save_path(self, title: str, suggested: str, pattern: str) -> Path | None:
        """Where to save (tests replace this)."""
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), pattern)
        return Path(name) if name else None

    def export(self, key: str) -> Path | None:
        if self.review is None:
            return None
        stamp = self.review.weeks[-1].week
        title, suggested, pattern = {
            "chart_png": ("Save the chart", f"leakage-{stamp}.png", "PNG image (*.png)"),
            "chart_pdf": ("Save the chart", f"leakage-{stamp}.pdf", "PDF (*.pdf)"),
            "weeks_csv": ("Save the weekly figures", f"leakage-weeks-{stamp}.csv", "CSV (*.csv)"),
            "rescue_csv": ("Save the rescue list", f"rescue-{stamp}.csv", "CSV (*.csv)"),
            "report_pdf": ("Save the weekly report", f"weekly-report-{stamp}.pdf", "PDF (*.pdf)"),
        }[key]
        path = self.ask_save_path(title, suggested, pattern)
        if path is None:
            return None
        try:
            self._write(key, path)
        except (OSError, LeakDeskError) as exc:
            QMessageBox.warning(self, "Not exported", str(exc) if isinstance(exc, LeakDeskError) else
                                f"LeakDesk could not write {path}: {exc.strerror or exc}.")
            return None
        self.message.setText(f"Saved {path}.")
        return path

    def _write(self, key: str, path: Path) -> None:
        assert self.review is not None
        if key == "chart_png":
            report_export.save_chart_png(self.chart, path)
        elif key == "chart_pdf":
            report_export.save_chart_pdf(self.chart, path)
        elif key == "weeks_csv":
            with path.open("w", newline="", encoding="utf-8") as f:
                csv_export.write_weeks_csv(self.review.weeks, f)
        elif key == "rescue_csv":
            with path.open("w", newline="", encoding="utf-8") as f:
                csv_export.write_rescue_csv(self.review.rescue, self.owners, self.tz, f)
        elif key == "report_pdf":
            business = self.store.settings.load().text("business.name")
            selected = self.chart.selected if self.chart.selected is not None else len(self.review.weeks) - 1
            report_export.save_report_pdf(self.review, self.chart, selected, self.owners, business, path)
