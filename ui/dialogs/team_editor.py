"""The team as a table: name, email addresses, colour, still on the team; empty, it says whom to add.

Used by the setup wizard and the settings dialog; saving goes through
``leakdesk.team.save_team``, which says in one sentence what to fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leakdesk.domain import Person
from leakdesk.team import Member, colour_for, parse_addresses
from ui.views.empty_text import EmptyTableWidget

NOBODY_YET = ("Nobody on the team yet. Add a person for each one who answers enquiries, with the addresses "
              "they reply from: a reply from one of them counts as that person answering.")
IdRole = Qt.ItemDataRole.UserRole + 1
ColourRole = Qt.ItemDataRole.UserRole + 2


class TeamEditor(QWidget):
    def __init__(self, people: list[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamEditor")
        self.table = EmptyTableWidget(0, 3, self)
        self.table.setObjectName("teamTable")
        self.table.empty_text = NOBODY_YET
        self.table.setAccessibleName("Team members")
        self.table.setHorizontalHeaderLabels(["Name", "Email addresses (commas between)", "On the team"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        add = QPushButton("Add a person", self)
        add.clicked.connect(lambda: self.add_row(None, "", (), colour_for(self.table.rowCount())))
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addStretch(1)
        box.addLayout(row)
        for person in people:
            self.add_row(person.id, person.name, person.emails, person.colour, person.active)

    def add_row(self, person_id: int | None, name: str, emails: tuple[str, ...], colour: str,
                active: bool = True) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        name_item = QTableWidgetItem(name)
        name_item.setData(IdRole, person_id)
        name_item.setData(Qt.ItemDataRole.DecorationRole, QColor(colour))
        name_item.setData(ColourRole, colour)
        self.table.setItem(r, 0, name_item)
        self.table.setItem(r, 1, QTableWidgetItem(", ".join(emails)))
        on = QTableWidgetItem("")
        on.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        on.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
        self.table.setItem(r, 2, on)
        return r

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None, "every row is made with its three cells"
        return item

    def set_row(self, row: int, name: str, emails: str) -> None:
        self._cell(row, 0).setText(name)
        self._cell(row, 1).setText(emails)

    def members(self) -> list[Member]:
        """The rows as typed (blank new rows skipped); raises SettingsError for a bad address."""
        out = []
        for r in range(self.table.rowCount()):
            name_item = self._cell(r, 0)
            name, emails = name_item.text().strip(), self._cell(r, 1).text()
            person_id = name_item.data(IdRole)
            if person_id is None and not name and not emails.strip():
                continue
            out.append(Member(person_id, name, parse_addresses(emails), str(name_item.data(ColourRole)),
                              self._cell(r, 2).checkState() == Qt.CheckState.Checked))
        return out
