"""Check these: mail LeakDesk was not sure about, decided by a person.

Keyboard first, like the board: Up/Down move through the list, L makes the
message a lead, N sets it aside; the evidence LeakDesk weighed and the
message itself (made safe) show beside it. Deciding goes through the
window's own actions (one entry point), and the next message is selected.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leakdesk.store import Store
from leakdesk.store.reading import explain
from ui.models.check_these_model import CheckTheseModel, RowRole
from ui.views.mail_view import SafeMailView


class CheckTheseDialog(QDialog):
    decided = Signal(int, bool)  # message row, is a lead

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("checkTheseDialog")
        self.setWindowTitle("Check these: is it a lead?")
        self.resize(960, 620)  # within a 1024×700 screen, with its title bar and a task bar
        self.model = CheckTheseModel()
        self.table = QTableView(self)
        self.table.setObjectName("checkTheseTable")
        self.table.setAccessibleName("Messages to check")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 240)
        self.table.setColumnWidth(2, 360)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.evidence = QLabel(self)
        self.evidence.setObjectName("checkTheseEvidence")
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setWordWrap(True)
        self.evidence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view = SafeMailView(self)
        self.empty = QLabel("Nothing to check: LeakDesk was sure about every message.", self)
        self.empty.setObjectName("checkTheseEmpty")
        self.lead_button = QPushButton("Lead  (L)", self)
        self.lead_button.setObjectName("checkTheseLead")
        self.not_button = QPushButton("Not a lead  (N)", self)
        self.not_button.setObjectName("checkTheseNotLead")
        self.lead_button.clicked.connect(lambda: self._decide(True))
        self.not_button.clicked.connect(lambda: self._decide(False))
        self.table.installEventFilter(self)  # L and N on the list, as on the board
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Is it a lead?", self))
        buttons.addWidget(self.lead_button)
        buttons.addWidget(self.not_button)
        buttons.addStretch(1)
        close = QPushButton("Close", self)
        close.setToolTip("Close this window (Esc); what is left waits here")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        right = QWidget(self)
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        # The evidence scrolls when the window is small: a mail weighed on eight counts still shows each whole.
        self.evidence_area = QScrollArea(self)
        self.evidence_area.setObjectName("checkTheseEvidenceArea")
        self.evidence_area.setWidgetResizable(True)
        self.evidence_area.setFrameShape(QFrame.Shape.NoFrame)
        self.evidence_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.evidence_area.setWidget(self.evidence)
        box.addWidget(self.evidence_area)
        box.addWidget(self.view, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([260, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.reload()
        self.table.setFocus()

    def reload(self) -> None:
        self.model.set_items(self.store.reading.undecided())
        self._select(0)

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        value = self.model.data(index, RowRole) if index.isValid() else None
        return int(value) if value is not None else None

    def done_with(self, message_row: int) -> None:
        """A person decided on this message: it leaves the list, the next one is shown."""
        position = max(0, self.table.currentIndex().row())
        self.model.remove(message_row)
        self._select(min(position, self.model.rowCount() - 1))

    def _select(self, position: int) -> None:
        has = self.model.rowCount() > 0
        self.empty.setVisible(not has)
        self.lead_button.setEnabled(has)
        self.not_button.setEnabled(has)
        if has:
            self.table.setCurrentIndex(self.model.index(max(0, position), 0))
        else:
            self.evidence.clear()
            self.view.clear()

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        item = self.model.items[current.row()]
        lines = "".join(f"<li>{escape(line)}</li>" for line in explain(item.evidence))
        self.evidence.setText(f"<b>What LeakDesk weighed</b><ul style='margin:2px'>{lines}</ul>")
        # All of it shows while there is room (up to a dozen lines); only a small window scrolls it.
        need = self.evidence.heightForWidth(max(200, self.evidence_area.viewport().width()))
        self.evidence_area.setMinimumHeight(min(need, self.fontMetrics().lineSpacing() * 12))
        raw = self.store.messages.raw(item.row)
        if raw is not None:
            self.view.show_message(raw)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            decision = {Qt.Key.Key_L: True, Qt.Key.Key_N: False}.get(Qt.Key(event.key()))
            if decision is not None:
                self._decide(decision)
                return True
        return super().eventFilter(watched, event)

    def _decide(self, is_lead: bool) -> None:
        row = self.current_row()
        if row is not None:
            self.decided.emit(row, is_lead)
