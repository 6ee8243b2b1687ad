"""Mail LeakDesk set aside (not a lead, quarantined), with why, and the way
back: "this is a lead", optionally as a rule for that sender."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leakdesk.store import Store
from leakdesk.store.reading import explain
from ui.views.mail_view import SafeMailView

RowRole = Qt.ItemDataRole.UserRole + 1


class SetAsideDialog(QDialog):
    make_lead_requested = Signal(int, object)  # message row, rule name or None

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("setAsideDialog")
        self.setWindowTitle("Set aside: mail that is not a lead")
        self.resize(960, 600)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("setAsideTable")
        self.table.setHorizontalHeaderLabels(["From", "Subject", "Why it was set aside"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 230)
        self.table.setColumnWidth(2, 330)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.view = SafeMailView(self)
        self.evidence = QLabel(self)
        self.evidence.setObjectName("setAsideEvidence")
        self.evidence.setWordWrap(True)
        self.table.currentCellChanged.connect(self._show)
        self.buttons: dict[str | None, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel("Correct it:", self))
        for text, rule in (("This is a lead", None), ("…and always from this sender", "lead_sender"),
                           ("…this sender is a web form", "form_sender")):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, r=rule: self._make_lead(r))
            row.addWidget(button)
            self.buttons[rule] = button
        row.addStretch(1)
        close = QPushButton("Close", self)
        close.setToolTip("Close this window (Esc)")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        self.empty = QLabel("Nothing is set aside. Mail LeakDesk reads as not a lead (newsletters, receipts, "
                            "auto-replies) shows here with the reason, so you can check it and correct it.", self)
        self.empty.setObjectName("setAsideEmpty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.evidence)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        items = self.store.messages.set_aside()
        self.table.setRowCount(len(items))
        for r, (message, sender, subject) in enumerate(items):
            kind = "Quarantined" if message.role.value == "quarantined" else "Not a lead"
            why = f"{kind}: {message.reason or 'no reason recorded'}"
            for c, text in enumerate((sender or "(no sender)", subject or "(unreadable)", why)):
                cell = QTableWidgetItem(text)
                cell.setData(RowRole, message.id)
                self.table.setItem(r, c, cell)
        if items:
            self.table.setCurrentCell(0, 0)
        self.empty.setVisible(not items)  # an empty list says what would be here
        for button in self.buttons.values():
            button.setEnabled(bool(items))

    def selected_row(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return int(item.data(RowRole)) if item else None

    def _show(self) -> None:
        row = self.selected_row()
        raw = self.store.messages.raw(row) if row is not None else None
        if raw is not None:
            self.view.show_message(raw)
        lines = explain(self.store.messages.evidence(row)) if row is not None else []
        self.evidence.setText("What LeakDesk weighed: " + " · ".join(lines) if lines else "")

    def _make_lead(self, rule: str | None) -> None:
        row = self.selected_row()
        if row is not None:
            self.make_lead_requested.emit(row, rule)
