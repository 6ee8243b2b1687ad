"""Per-person load: open leads, breached, and due today, for each team member (and for nobody: the
unowned leads). With no team yet it says how to name one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leakdesk.domain import Person

NO_TEAM = ("Nobody is on the team yet, so every open lead is unowned. ☰ → Settings… → Team adds the people who "
           "answer enquiries; their load shows here.")


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)  # Esc closes it too
        buttons.rejected.connect(self.reject)
        self.no_team = QLabel(NO_TEAM, self)
        self.no_team.setObjectName("loadNoTeam")
        self.no_team.setWordWrap(True)
        self.no_team.setVisible(not people)
        box = QVBoxLayout(self)
        box.addWidget(self.no_team)
        box.addWidget(self.table)
        box.addWidget(buttons)
