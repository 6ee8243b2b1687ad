"""Opening hours as a week of time pickers: each day open or closed, with one or two windows
(a lunch break), in place of typing ``mon-fri 08:00-18:00; sat 09:00-13:00``. It reads and
writes that same text (``WeeklyHours``), so the setting is stored and checked as before."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QWidget

from leakdesk.errors import SettingsError
from leakdesk.sla.calendar import WeeklyHours, parse_hours

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT = ((9 * 60, 17 * 60),)


def _time(minutes: int) -> QTime:
    return QTime(0, 0) if minutes >= 24 * 60 else QTime(minutes // 60, minutes % 60)


def _minutes(time: QTime, end: bool) -> int:
    value = time.hour() * 60 + time.minute()
    return 24 * 60 if end and value == 0 else value  # an end at 00:00 is midnight, the end of the day


class _Day:
    """One day's row: open?, a first window, and an optional second one."""

    def __init__(self, grid: QGridLayout, row: int, name: str, parent: QWidget) -> None:
        self.open = QCheckBox(name, parent)
        self.times = [QTimeEdit(parent) for _ in range(4)]
        for edit in self.times:
            edit.setDisplayFormat("HH:mm")
        self.split = QCheckBox("and", parent)
        self.split.setToolTip("A second window on this day (after a lunch break)")
        grid.addWidget(self.open, row, 0)
        grid.addWidget(self.times[0], row, 1)
        grid.addWidget(QLabel("–", parent), row, 2)
        grid.addWidget(self.times[1], row, 3)
        grid.addWidget(self.split, row, 4)
        grid.addWidget(self.times[2], row, 5)
        grid.addWidget(QLabel("–", parent), row, 6)
        grid.addWidget(self.times[3], row, 7)
        self.open.toggled.connect(self._enable)
        self.split.toggled.connect(self._enable)

    def set(self, windows: tuple[tuple[int, int], ...]) -> None:
        shown = windows or DEFAULT
        self.open.setChecked(bool(windows))
        self.split.setChecked(len(shown) > 1)
        for i, (start, end) in enumerate(shown[:2]):
            self.times[2 * i].setTime(_time(start))
            self.times[2 * i + 1].setTime(_time(end))
        if len(shown) == 1:
            self.times[2].setTime(_time(shown[0][1]))
            self.times[3].setTime(_time(shown[0][1]))
        self._enable()

    def windows(self) -> tuple[tuple[int, int], ...]:
        if not self.open.isChecked():
            return ()
        pairs = [(_minutes(self.times[0].time(), False), _minutes(self.times[1].time(), True))]
        if self.split.isChecked():
            pairs.append((_minutes(self.times[2].time(), False), _minutes(self.times[3].time(), True)))
        return tuple(pairs)

    def _enable(self) -> None:
        on = self.open.isChecked()
        for edit in self.times[:2]:
            edit.setEnabled(on)
        self.split.setEnabled(on)
        for edit in self.times[2:]:
            edit.setEnabled(on and self.split.isChecked())


class HoursGrid(QWidget):
    """The week's opening hours; ``text()`` is the setting's text."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hoursGrid")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.days = [_Day(grid, row, name, self) for row, name in enumerate(DAY_NAMES)]
        for day in self.days:
            for widget in (day.open, day.split):
                widget.toggled.connect(lambda _on: self.changed.emit())
            for edit in day.times:
                edit.timeChanged.connect(lambda _t: self.changed.emit())

    @staticmethod
    def fits(text: str) -> bool:
        """Whether ``text`` can be shown here (at most two windows a day); else it stays text."""
        try:
            return all(len(day) <= 2 for day in parse_hours(text).days)
        except SettingsError:
            return True  # shown as the default week, to be corrected by picking

    def set_text(self, text: str) -> None:
        try:
            days = parse_hours(text).days
        except SettingsError:
            days = (DEFAULT,) * 5 + ((), ())
        for day, windows in zip(self.days, days, strict=True):
            day.set(windows)

    def text(self) -> str:
        """The week as the setting's text, in its canonical form; a wrong week (a window ending before
        it starts) as written, for the setting's own sentence to say what is wrong."""
        raw = str(WeeklyHours(tuple(day.windows() for day in self.days)))
        try:
            return str(parse_hours(raw))
        except SettingsError:
            return raw
