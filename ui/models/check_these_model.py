"""Check these: the messages LeakDesk was not sure about, one row each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from leakdesk.store.reading import Undecided, explain

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("From", "Subject", "What LeakDesk saw")
RowRole = Qt.ItemDataRole.UserRole + 1


class CheckTheseModel(QAbstractTableModel):
    def __init__(self, items: list[Undecided] | None = None) -> None:
        super().__init__()
        self.items: list[Undecided] = list(items or [])

    def set_items(self, items: list[Undecided]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def remove(self, row: int) -> None:
        """Drop the message with this database row once a person decided on it."""
        for i, item in enumerate(self.items):
            if item.row == row:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.items[i]
                self.endRemoveRows()
                return

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == RowRole:
            return item.row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return item.sender or "(no sender)"
            if index.column() == 1:
                return item.subject or "(no subject)"
            lines = explain(item.evidence)
            return "\n".join(lines) if role == Qt.ItemDataRole.ToolTipRole else "; ".join(lines[:2])
        return None
