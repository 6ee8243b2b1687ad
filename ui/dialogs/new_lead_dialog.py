"""A lead that never was an email, typed in (Ctrl+N): the channel, who, what they asked, when it came in,
who took it and whether it was answered. Checked by the core (LeadActions.add_lead); a wrong field is
its sentence under the form and the dialog stays."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from leakdesk.actions import BY_HAND, NewLead
from leakdesk.domain import Channel, Person
from ui.dialogs.work_dialogs import _buttons, sendable

NOBODY = "Nobody yet (it waits unowned on the board)"


class NewLeadDialog(QDialog):
    def __init__(self, people: list[Person], me: int | None, now: datetime, tz: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle("New lead")
        self.setObjectName("newLeadDialog")
        self.tz = tz
        self.channel = QComboBox(self)
        self.channel.setObjectName("newLeadChannel")
        for channel in BY_HAND:
            self.channel.addItem(channel.label, channel.value)
        self.name = QLineEdit(self)
        self.name.setObjectName("newLeadName")
        self.name.setPlaceholderText("Their name")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("newLeadPhone")
        self.phone.setPlaceholderText("Phone number (from the caller ID, or as they said it)")
        self.email = QLineEdit(self)
        self.email.setObjectName("newLeadEmail")
        self.email.setPlaceholderText("Email address, if they gave one")
        self.asked = QPlainTextEdit(self)
        self.asked.setObjectName("newLeadAsked")
        self.asked.setTabChangesFocus(True)
        self.asked.setPlaceholderText("What they asked: the service, a date, a price…")
        self.asked.setFixedHeight(70)
        self.when = QDateTimeEdit(self)
        self.when.setObjectName("newLeadWhen")
        self.when.setCalendarPopup(True)
        self.when.setTimeZone(QTimeZone(tz.key.encode()))
        self.when.setDisplayFormat("ddd dd MMM yyyy HH:mm")
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(now.timestamp()), QTimeZone(tz.key.encode())))
        self.when.setMaximumDateTime(self.when.dateTime())
        self.when.setToolTip("When it came in: change it for a call taken earlier (\"called at 9:10\")")
        self.taken_by = QComboBox(self)
        self.taken_by.setObjectName("newLeadTakenBy")
        for person in people:
            self.taken_by.addItem(person.name, person.id)
        self.taken_by.addItem(NOBODY, None)
        self.taken_by.setCurrentIndex(max(0, self.taken_by.findData(me)) if me is not None
                                      else self.taken_by.count() - 1)
        self.answered = QCheckBox("Answered when it came in (a call picked up, a walk-in served)", self)
        self.answered.setObjectName("newLeadAnswered")
        self.problem = QLabel("", self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Came by", self.channel)
        form.addRow("Name", self.name)
        form.addRow("Phone", self.phone)
        form.addRow("Email", self.email)
        form.addRow("Asked", self.asked)
        form.addRow("Came in", self.when)
        form.addRow("Taken by", self.taken_by)
        form.addRow("", self.answered)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.problem)
        box.addWidget(_buttons(self, "Add lead"))
        self.name.setFocus()

    def value(self) -> NewLead:
        when = datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), self.tz)
        taker = self.taken_by.currentData()
        return NewLead(Channel(str(self.channel.currentData())), self.name.text(), self.phone.text(),
                       self.email.text(), self.asked.toPlainText(), when, int(taker) if taker is not None else None,
                       self.answered.isChecked())

    def refuse(self, sentence: str) -> None:
        self.problem.setText(sentence)
