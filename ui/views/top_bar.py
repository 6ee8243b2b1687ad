"""The top bar: counts that filter the board (unowned, due within 15 minutes,
breached, stalled), and mine / person / channel / search filters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QToolButton, QWidget

from leakdesk.board import COUNTED, BoardEntry, counted, matches_search
from leakdesk.domain import Channel, Person
from leakdesk.sla.deadlines import Countdown

COUNTS = tuple(zip(COUNTED, ("Unowned", "Due soon", "Breached", "Stalled"), strict=True))


class SearchBox(QLineEdit):
    """The board's search: Down (or Enter) goes on to the results, Esc clears it."""

    to_results = Signal(bool)  # whether to open the first result (Enter) or only go to it (Down)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.to_results.emit(False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit(True)
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class TopBar(QWidget):
    changed = Signal()
    check_these_requested = Signal()

    def __init__(self, people: list[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 0)
        self.check_these = QToolButton(self)
        self.check_these.setObjectName("checkThese")
        self.check_these.setToolTip("Mail LeakDesk was not sure about: decide whether each is a lead  (Ctrl+K)")
        self.check_these.setAccessibleName("Check these")
        self.check_these.clicked.connect(self.check_these_requested)
        self.set_check_these(0)
        row.addWidget(self.check_these)
        self.buttons: dict[str, QToolButton] = {}
        for kind, text in COUNTS:
            button = QToolButton(self)
            button.setObjectName(f"count-{kind}")
            button.setCheckable(True)
            button.setText(f"{text} 0")
            button.setToolTip(f"Show only {text.lower()} leads")
            button.toggled.connect(lambda on, k=kind: self._exclusive(k, on))
            row.addWidget(button)
            self.buttons[kind] = button
        row.addStretch(1)
        self.mine = QCheckBox("Mine", self)
        self.person = QComboBox(self)
        self.person.setAccessibleName("Show whose leads")
        self.set_people(people)
        self.channel = QComboBox(self)
        self.channel.setAccessibleName("Show which channel")
        self.channel.addItem("All channels", None)
        for c in Channel:
            self.channel.addItem(c.label, c)
        # Narrow on the bar (a 1024-pixel screen); the list opens as wide as "Instagram / Facebook" needs
        self.channel.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.channel.setMinimumContentsLength(9)
        self.channel.view().setMinimumWidth(self.channel.view().sizeHintForColumn(0) + 24)
        self.search = SearchBox(self)
        self.search.setAccessibleName("Search leads")
        self.search.setPlaceholderText("Search name, email, phone, subject  ( / )")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        for widget in (self.mine, self.person, self.channel, self.search):
            row.addWidget(widget)
        self.mine.toggled.connect(self.changed)
        self.person.currentIndexChanged.connect(self.changed)
        self.channel.currentIndexChanged.connect(self.changed)
        self.search.textChanged.connect(self.changed)

    def set_check_these(self, count: int) -> None:
        """The number of messages waiting for a person; it stands out while any wait."""
        self.check_these.setText(f"Check these {count}")
        self.check_these.setProperty("attention", count > 0)
        self.check_these.style().unpolish(self.check_these)
        self.check_these.style().polish(self.check_these)

    def set_people(self, people: list[Person]) -> None:
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("Everyone", None)
        for p in people:
            self.person.addItem(p.name, p.id)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))
        self.person.blockSignals(False)

    def _exclusive(self, kind: str, on: bool) -> None:
        if on:
            for other, button in self.buttons.items():
                if other != kind and button.isChecked():
                    button.blockSignals(True)
                    button.setChecked(False)
                    button.blockSignals(False)
        self.changed.emit()

    def show_counts(self, counts: dict[str, int]) -> None:
        for kind, text in COUNTS:
            self.buttons[kind].setText(f"{text} {counts.get(kind, 0)}")

    def predicate(self, me: int | None,
                  countdown: Callable[[BoardEntry], Countdown]) -> Callable[[BoardEntry], bool] | None:
        """What the board should show, or None for everything."""
        kind = next((k for k, b in self.buttons.items() if b.isChecked()), None)
        mine = self.mine.isChecked()
        person = self.person.currentData()
        channel = self.channel.currentData()
        text = self.search.text().strip().casefold()
        if kind is None and not mine and person is None and channel is None and not text:
            return None

        def keep(entry: BoardEntry) -> bool:
            lead = entry.lead
            if kind is not None and not counted(kind, entry, countdown(entry).state):
                return False
            if mine and (me is None or lead.owner_id != me):
                return False
            if person is not None and lead.owner_id != person:
                return False
            if channel is not None and lead.channel != channel:  # the combo hands back a plain str
                return False
            return not text or matches_search(lead, text)

        return keep
