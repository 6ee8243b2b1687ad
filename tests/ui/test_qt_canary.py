"""Canary for the pinned PySide6: None returned by data() must keep its references.

PySide6 6.12.0 dropped a reference to None on each conversion, and Python
3.11 aborted with "none_dealloc" after a few thousand repaints. If this
fails after a version bump, do not ship that version.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot


class NoneModel(QAbstractListModel):
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 40

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return "card" if role == Qt.ItemDataRole.DisplayRole else None


def test_none_from_data_keeps_its_references(qtbot: QtBot) -> None:
    model = NoneModel()
    view = QListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    start = lowest = sys.getrefcount(None)
    for _ in range(300):
        view.viewport().repaint()
        lowest = min(lowest, sys.getrefcount(None))
    index = model.index(0, 0)
    for _ in range(20_000):
        index.data(Qt.ItemDataRole.UserRole + 7)
    lowest = min(lowest, sys.getrefcount(None))
    assert lowest >= start
