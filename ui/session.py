"""Who is at this seat: the "I am" list on the toolbar, remembered between runs.

Every action a person takes is recorded as theirs (``me``); an action that
needs someone asks for a choice first (``need_me`` opens the list).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QStatusBar, QWidget

from leakdesk.domain import Person

KEY = "me/person_id"


class Session(QObject):
    changed = Signal()  # another person is at the seat

    def __init__(self, people: list[Person], ui_settings: QSettings, status: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui_settings, self.status = ui_settings, status
        self.box = QComboBox(parent)
        self.box.setObjectName("whoAmI")
        self.box.setAccessibleName("Who am I")
        # A first name and initials fit; the list opens as wide as the longest name (the toolbar must fit a
        # 1024-pixel screen with its menu button in view)
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(14)
        self.set_people(people)
        remembered = ui_settings.value(KEY)
        if remembered is not None and self.box.findData(int(remembered)) >= 0:
            self.box.setCurrentIndex(self.box.findData(int(remembered)))
        self.box.currentIndexChanged.connect(self._changed)

    @property
    def me(self) -> int | None:
        value = self.box.currentData()
        return int(value) if value is not None else None

    def set_me(self, person_id: int) -> None:
        self.box.setCurrentIndex(self.box.findData(person_id))

    def set_people(self, people: list[Person]) -> None:
        """The team in the list, keeping whoever is chosen."""
        me = self.box.currentData()
        self.box.blockSignals(True)
        self.box.clear()
        self.box.addItem("Choose who you are…", None)
        for person in people:
            self.box.addItem(f"{person.name} ({person.initials})", person.id)
        self.box.setCurrentIndex(max(0, self.box.findData(me)))
        self.box.blockSignals(False)

    def need_me(self) -> int | None:
        """Who is at the seat, asked for (the list opens) when nobody is chosen yet."""
        if self.me is None:
            self.status.showMessage("Choose who you are (top right) first.", 6000)
            self.box.setFocus()
            self.box.showPopup()
        return self.me

    def _changed(self) -> None:
        self.ui_settings.setValue(KEY, self.me)
        self.changed.emit()
