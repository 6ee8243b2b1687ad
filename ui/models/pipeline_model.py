"""The pipeline's stage table: one row per stage and a row for all open leads (docs/pipeline-figures.md).

Every cell's text comes from a figure of ``leakdesk.report.pipeline``; the
raw figure is under ``FigureRole`` so a test can read back exactly what
the core computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from leakdesk.report.export import percent
from leakdesk.report.pipeline import STAGE_LABELS, Pipeline, StageFigures, days_text

FigureRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    figure: str            # its name in docs/pipeline-figures.md (and ``leakdesk pipeline --json``)
    value: Callable[[StageFigures], float | int | None]
    help: str
    kind: str = "count"    # "count", "time" or "ratio": how the cell reads


COLUMNS = (
    Column("Open", "open", lambda s: s.open, "Open leads in this stage now."),
    Column("Median time here", "time_in_stage_median_min", lambda s: s.median_minutes,
           "How long the open leads have sat in this stage, in business time (the middle one).", "time"),
    Column("p90 time here", "time_in_stage_p90_min", lambda s: s.p90_minutes,
           "Nine in ten open leads have sat here no longer than this (business time).", "time"),
    Column("Moved on", "moved_on", lambda s: s.moved_on,
           "Leads that left this stage in the chosen weeks for a later stage or an outcome."),
    Column("Went forward", "conversion", lambda s: s.conversion,
           "Of the leads that left this stage in the chosen weeks, the share that went to a later stage or "
           "were booked.", "ratio"),
    Column("Stuck", "stuck", lambda s: s.stuck, "Open leads in this stage longer than the stuck setting."),
    Column("No next step", "no_next_step", lambda s: s.no_next_step, "Open leads here without a next step."),
    Column("No owner", "no_owner", lambda s: s.no_owner, "Open leads here that nobody owns."),
)
TOTALS = ("open", "stuck", "no_next_step", "no_owner")  # the columns the last row sums (leads, not moves)


class PipelineModel(QAbstractTableModel):
    """Rows: the four stages, then "All open"; columns: the stage name, then ``COLUMNS``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pipeline: Pipeline | None = None
        self.day_minutes = 480.0

    def set_pipeline(self, pipeline: Pipeline, day_minutes: float) -> None:
        self.beginResetModel()
        self.pipeline, self.day_minutes = pipeline, day_minutes
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self.pipeline is None:
            return 0
        return len(self.pipeline.stages) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Stage" if section == 0 else COLUMNS[section - 1].title
        if role == Qt.ItemDataRole.ToolTipRole and section:
            return COLUMNS[section - 1].help
        return None

    def figure(self, row: int, column: int) -> float | int | None:
        """The core's figure behind a cell (the last row: the sum over the stages, where it adds up)."""
        assert self.pipeline is not None
        col = COLUMNS[column - 1]
        if row < len(self.pipeline.stages):
            return col.value(self.pipeline.stages[row])
        if col.figure not in TOTALS:
            return None
        return sum(int(col.value(s) or 0) for s in self.pipeline.stages)

    def _text(self, column: Column, value: float | int | None) -> str:
        if column.kind == "time":
            return days_text(value, self.day_minutes) if value is not None else "—"
        if column.kind == "ratio":
            return percent(value) if value is not None else "—"
        return "—" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.pipeline is None:
            return None
        row, column = index.row(), index.column()
        total = row == len(self.pipeline.stages)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return "All open" if total else STAGE_LABELS[self.pipeline.stages[row].stage]
            if role == FigureRole and not total:
                return self.pipeline.stages[row].stage.value
            return None
        value = self.figure(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(COLUMNS[column - 1], value)
        if role == FigureRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[column - 1].help
        return None
