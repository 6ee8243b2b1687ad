"""Today's drafts, before any is written: which leads, which template, due when — each with a
tick, so the person decides what lands in their mail client's Drafts folder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leakdesk.sla.alerts import plain
from ui.dialogs.work_dialogs import sendable
from ui.views.empty_text import EmptyTreeWidget
from ui.views.wrapped_labels import keep_lines

NOTHING_DUE = ("No follow-up draft is due today. A lead's cadence lists its next touch here on the day it falls "
               "due; a lead's window picks its cadence (Cadence) or prepares a draft at once (Prepare draft).")


@dataclass(frozen=True, slots=True)
class DueDraft:
    lead_id: int
    name: str
    template: str  # the template's title
    due: datetime


class DraftsPreview(QDialog):
    def __init__(self, due: list[DueDraft], tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Today's drafts")
        self.resize(620, 420)
        intro = QLabel("LeakDesk will write these replies into your mail client's Drafts folder, for you to "
                       "check and send from there. Untick any you want to leave for now.", self)
        intro.setWordWrap(True)
        keep_lines(self, [intro])
        self.list = EmptyTreeWidget(self)
        self.list.setObjectName("draftsDue")
        self.list.empty_text = NOTHING_DUE
        self.list.setHeaderLabels(["Lead", "Template", "Due"])
        self.list.setRootIsDecorated(False)
        for draft in due:
            item = QTreeWidgetItem([plain(draft.name, 60), draft.template,
                                    draft.due.astimezone(tz).strftime("%a %d %b %H:%M")])
            item.setData(0, Qt.ItemDataRole.UserRole, draft.lead_id)
            item.setCheckState(0, Qt.CheckState.Checked)
            self.list.addTopLevelItem(item)
        for column in range(3):
            self.list.resizeColumnToContents(column)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(self._count)
        sendable(self)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addWidget(self.list, 1)
        box.addWidget(self.buttons)
        self._count()

    def chosen(self) -> list[int]:
        """The ticked leads, in the list's order (soonest due first)."""
        items = [item for i in range(self.list.topLevelItemCount()) if (item := self.list.topLevelItem(i))]
        return [int(item.data(0, Qt.ItemDataRole.UserRole)) for item in items
                if item.checkState(0) == Qt.CheckState.Checked]

    def accept(self) -> None:
        if self.chosen():
            super().accept()

    def _count(self) -> None:
        n = len(self.chosen())
        self.confirm.setText(f"Prepare {n} draft{'s' if n != 1 else ''}" if n else "Prepare drafts")
        self.confirm.setEnabled(n > 0)
