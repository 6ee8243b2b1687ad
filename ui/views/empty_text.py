"""What an empty list says, painted where its rows would be (the board's columns, the review's lists)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView


def paint_empty(view: QAbstractItemView, text: str, margins: QMargins, align: Qt.AlignmentFlag) -> None:
    """``text`` in the placeholder colour on ``view``'s viewport, wrapped within ``margins``."""
    if not text:
        return
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    painter.drawText(view.viewport().rect().marginsRemoved(margins), int(align | Qt.TextFlag.TextWordWrap), text)
    painter.end()
