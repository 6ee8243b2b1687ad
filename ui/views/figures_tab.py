"""What the weekly review and the pipeline tab share: a top row (title, range of weeks, as-of line,
Refresh, Figures settings…), and figures computed when seen.

A change (an action on a lead, new mail, a setting) marks the figures stale: a tab on screen computes
them again at once, one that is not waits until it is next shown, so hidden tabs cost nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

RANGES = (4, 8, 12, 26, 52)
DEFAULT_WEEKS = 12


class FiguresTab(QWidget):
    settings_requested = Signal()  # "Figures settings…"
    # Their lead lists take the board's actions, through the window's one entry point.
    action_requested = Signal(int, str)  # lead id, action: 'claim' | 'log' | 'next' ...
    assign_requested = Signal(int, QPoint)  # an owned lead to hand over: the board's menu of people
    open_requested = Signal(int)
    loaded = Signal()  # figures are on screen (GUI thread)

    def __init__(self, range_name: str, range_text: str, parent: QWidget | None = None) -> None:
        """``range_text``: each choice of the range box, with ``{weeks}`` for its number of weeks."""
        super().__init__(parent)
        self.stale = True
        self.range_box = QComboBox(self)
        self.range_box.setObjectName(range_name)
        for weeks in RANGES:
            self.range_box.addItem(range_text.format(weeks=weeks), weeks)
        self.range_box.setCurrentIndex(RANGES.index(DEFAULT_WEEKS))
        self.range_box.currentIndexChanged.connect(self.refresh)
        self.as_of_label = QLabel(self)
        self.as_of_label.setWordWrap(True)  # a long line would hold the window wider than a small laptop's screen
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.settings_button = QPushButton("Figures settings…", self)
        self.settings_button.clicked.connect(self.settings_requested)

    def top_row(self, title: str, *more: QWidget) -> QHBoxLayout:
        """The tab's first row: its title, the range, the as-of line, Refresh, Figures settings… and ``more``."""
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{title}</b>", self))
        top.addWidget(self.range_box)
        top.addWidget(self.as_of_label, 1)
        for widget in (self.refresh_button, self.settings_button, *more):
            top.addWidget(widget)
        return top

    @property
    def weeks(self) -> int:
        return int(self.range_box.currentData())

    def mark_stale(self) -> None:
        """Something changed: refresh now if visible, else when next shown."""
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Compute the figures again (each tab on the thread pool); clears ``stale``."""
        raise NotImplementedError
