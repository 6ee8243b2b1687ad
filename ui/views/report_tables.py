"""The weekly review's lower half: the rescue list, the selected segment's leads and the channels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QHeaderView, QTableWidget, QTabWidget, QWidget

from ui.views.empty_text import EmptyTableWidget
from ui.views.lead_table import LeadTableView

MINIMUM_HEIGHT = 6 * 28 + 40  # the rescue list shows at least six rows


class ReportTables(QTabWidget):
    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rescue = LeadTableView(tz, self)
        self.rescue.setObjectName("rescueList")
        self.rescue.empty_text = "Nothing to rescue: every lead of the last 30 days that is still open is on track."
        self.segment = LeadTableView(tz, self)
        self.segment.empty_text = "Click a coloured part of a bar in the chart to list its leads here."
        self.segment.setObjectName("segmentList")
        self.channels = EmptyTableWidget(0, 5, self)
        self.channels.empty_text = "No leads came in over these weeks, so there is no channel to compare yet."
        self.channels.setObjectName("channelTable")
        self.channels.setHorizontalHeaderLabels(["Channel", "Leads", "Responded within SLA", "Booked",
                                                 "Booking rate"])
        self.channels.verticalHeader().setVisible(False)
        self.channels.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.channels.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.addTab(self.rescue, "Rescue now")
        self.addTab(self.segment, "Selected segment")
        self.addTab(self.channels, "Where leads come from")
        self.setMinimumHeight(MINIMUM_HEIGHT)
