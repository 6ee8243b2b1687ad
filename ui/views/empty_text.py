"""What an empty list says, painted where its rows would be: the board's columns, the review's lists,
and the tables and lists of the dialogs (``EmptyTableWidget``, ``EmptyTreeWidget``)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTreeWidget

CENTRED = QMargins(12, 12, 12, 12)


def paint_empty(view: QAbstractItemView, text: str, margins: QMargins, align: Qt.AlignmentFlag) -> None:
    """``text`` in the placeholder colour on ``view``'s viewport, wrapped within ``margins``."""
    if not text:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(view.viewport().rect().marginsRemoved(margins), int(align | Qt.TextFlag.TextWordWrap), text)
    painter.end()


class EmptyTableWidget(QTableWidget):
    """A table that says ``empty_text`` (what would be listed, and how to get it) while it has no rows."""

    empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rowCount() == 0:
            paint_empty(self, self.empty_text, CENTRED, Qt.AlignmentFlag.AlignCenter)


class EmptyTreeWidget(QTreeWidget):
    """A list with columns that says ``empty_text`` while it has no rows."""

    empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.topLevelItemCount() == 0:
            paint_empty(self, self.empty_text, CENTRED, Qt.AlignmentFlag.AlignCenter)
