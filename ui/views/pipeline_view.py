"""The pipeline tab: leads per stage, how long they sit there, how many move on, and the stuck ones.

The figures come from the core (``leakdesk.report.pipeline``) on the thread
pool, with everything the tab shows beside them (settings, names), so the
window's thread only lays them out. Like the weekly review, it refreshes
when shown after a change and when its range changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leakdesk import worker_process
from leakdesk.clock import Clock
from leakdesk.report.pipeline import STAGE_LABELS, Pipeline, day_minutes, days_text, pipeline_at, sentence
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.sla.policy import calendar_from_settings
from leakdesk.store import Store
from ui.models.pipeline_model import PipelineModel
from ui.views.figures_tab import FiguresTab
from ui.views.lead_table import LeadTableView
from ui.workers.store_jobs import JobResult, StoreJobs


@dataclass(frozen=True)
class Loaded:
    pipeline: Pipeline
    owners: dict[int, str]
    tz: ZoneInfo
    day_minutes: float


def load(store: Store, now: datetime, weeks: int) -> Loaded:
    """Everything the tab shows, read on the thread pool; the figures in the worker process (folding the
    logs of 18,000 leads on a pool thread would hold the interpreter lock the window paints with)."""
    settings = store.settings.load()
    owners = {p.id: p.name for p in store.people.all(active_only=False)}
    figures = worker_process.run(pipeline_at, store.path, now, weeks)
    return Loaded(figures, owners, settings[BUSINESS_TIMEZONE], day_minutes(calendar_from_settings(settings)))


class StageTable(QTableView):
    """The stage table, as tall as its rows (it never scrolls: four stages and a total)."""

    def __init__(self, model: PipelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stageTable")
        self.setModel(model)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + 5 * 28 + 4)


class PipelineView(FiguresTab):
    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__("pipelineRange", "Moves in the last {weeks} weeks", parent)
        self.setObjectName("pipelineView")
        self.store, self.clock = store, clock
        self.figures: Loaded | None = None
        self._loading = False
        self._choose_first = False  # choose the first stuck lead when the figures come in
        self.loader = StoreJobs(store.path, "LeakDesk could not compute the pipeline; details are in the log.", self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)

        top = self.top_row("Pipeline")

        self.headline = QLabel(self)
        self.headline.setObjectName("pipelineHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.model = PipelineModel(self)
        self.table = StageTable(self.model, self)
        self.stuck_title = QLabel(self)
        self.stuck_title.setObjectName("stuckTitle")
        self.stuck = LeadTableView(ZoneInfo("UTC"), self, first_column="Stuck in")
        self.stuck.setObjectName("stuckList")
        self.stuck.empty_text = "Nothing is stuck: every open lead moved on in time."
        self.stuck.action_requested.connect(self.action_requested)
        self.stuck.assign_requested.connect(self.assign_requested)
        self.stuck.open_requested.connect(self.open_requested)
        self.message = QLabel(self)
        self.message.setObjectName("pipelineMessage")

        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.headline)
        column.addWidget(self.table)
        column.addWidget(self.stuck_title)
        column.addWidget(self.stuck, 1)
        column.addWidget(self.message)

    def refresh(self) -> None:
        self.stale = False
        as_of, weeks = self.clock.now(), self.weeks
        self.message.setText("Computing the pipeline…")
        self._loading = True
        self.loader.latest("pipeline", lambda store: load(store, as_of, weeks))

    def _on_failed(self, message: str) -> None:
        self._loading = False
        self.message.setText(message)

    def _on_loaded(self, result: JobResult) -> None:
        assert isinstance(result.value, Loaded)
        self.figures = loaded = result.value
        p = loaded.pipeline
        local = p.as_of.astimezone(loaded.tz)
        self.as_of_label.setText(f"As of {local:%a %d %b %Y, %H:%M}; moves counted from "
                                 f"{p.since.astimezone(loaded.tz):%a %d %b}. Times are business time.")
        self.headline.setText(sentence(p))
        self.model.set_pipeline(p, loaded.day_minutes)
        self.stuck_title.setText(f"<b>Stuck over {p.stuck_days} business days ({len(p.stuck)})</b> — longest first;"
                                 " C claim, A assign, L log, N next step, Enter opens")
        self.stuck.empty_text = (f"Nothing is stuck: every open lead moved on within {p.stuck_days} business days. "
                                 "Leads that sit longer in one stage are listed here.")
        row = 0 if self._choose_first else self.stuck.currentIndex().row()  # keep the place after an action
        self._choose_first = self._loading = False
        self.stuck.set_rows([(s.lead, f"{STAGE_LABELS[s.stage]} · {days_text(s.business_minutes, loaded.day_minutes)}")
                             for s in p.stuck], loaded.owners, loaded.tz)
        if row >= 0 and self.stuck.table.rowCount():
            self.stuck.selectRow(min(row, self.stuck.table.rowCount() - 1))
        self.message.setText("")
        self.loaded.emit()

    def show_stuck(self) -> None:
        """The stuck list, its first lead chosen, for the keyboard (once the figures are in, when they are
        still being computed)."""
        self.stuck.setFocus()
        self._choose_first = self._loading
        if self.stuck.table.rowCount():
            self.stuck.selectRow(0)
