"""Per-person load: open leads, breached, and due today, for each team member."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QAbstractItemView, QDialog, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from leakdesk.board import LIVE_COLUMNS, BoardEntry
from leakdesk.domain import Person
from leakdesk.sla.deadlines import ClockState, Countdown


def load_by_person(entries: list[BoardEntry], countdown: Callable[[BoardEntry], Countdown], now: datetime,
                   tz: ZoneInfo) -> dict[int | None, tuple[int, int, int]]:
    """owner id (None: unowned) -> (open leads, breached, due today)."""
    today = now.astimezone(tz).date()
    out: dict[int | None, list[int]] = {}
    for entry in entries:
        if entry.column not in LIVE_COLUMNS:
            continue
        row = out.setdefault(entry.lead.owner_id, [0, 0, 0])
        row[0] += 1
        if countdown(entry).state is ClockState.BREACHED:
            row[1] += 1
        due = entry.clock.deadline
        if due is not None and due.astimezone(tz).date() == today:
            row[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


class LoadDialog(QDialog):
    def __init__(self, people: list[Person], load: dict[int | None, tuple[int, int, int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadDialog")
        self.setWindowTitle("Team load")
        self.resize(520, 320)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Who", "Open leads", "Breached", "Due today"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        rows = [(p.name, load.get(p.id, (0, 0, 0))) for p in people] + [("Nobody (unowned)", load.get(None, (0, 0, 0)))]
        self.table.setRowCount(len(rows))
        for r, (name, (open_, breached, today)) in enumerate(rows):
            for c, value in enumerate((name, str(open_), str(breached), str(today))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        box = QVBoxLayout(self)
        box.addWidget(self.table)
