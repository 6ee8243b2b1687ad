"""The small questions an action asks: how was the contact, what is next and
when, how did it end, what should the new owner know."""

from __future__ import annotations

import html
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from leakdesk.domain import ContactKind, Lead, LostReason, Outcome
from leakdesk.sla.alerts import plain
from leakdesk.sla.calendar import BusinessCalendar
from leakdesk.sla.quick_picks import PICKS, due_for


def sendable(dialog: QDialog) -> None:
    """Ctrl+Enter sends the dialog, from any field (a note's box too, where Enter is a new line)."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, dialog.accept)


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class LogContactDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle("Log a contact")
        self.how = QComboBox(self)
        for kind, text in ((ContactKind.CALL, "Phone call"), (ContactKind.WHATSAPP, "WhatsApp"),
                           (ContactKind.VISIT, "Visit"), (ContactKind.OTHER, "Other")):
            self.how.addItem(text, kind)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText("What was said, in a line")
        form = QFormLayout(self)
        form.addRow("How", self.how)
        form.addRow("Summary", self.summary)
        form.addRow(_buttons(self, "Log it"))

    def value(self) -> tuple[ContactKind, str]:
        return ContactKind(self.how.currentData()), self.summary.text()


class NextStepDialog(QDialog):
    def __init__(self, now: datetime, cal: BusinessCalendar, current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle("Next step")
        self.now, self.cal = now, cal
        self.action = QLineEdit(current or "", self)
        self.action.setPlaceholderText("e.g. Call back about Saturday")
        self.due = QDateTimeEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.pick(PICKS[0])
        picks = QHBoxLayout()
        self.pick_buttons: dict[str, QPushButton] = {}
        for name in PICKS:
            button = QPushButton(name, self)
            button.clicked.connect(lambda _=False, n=name: self.pick(n))
            picks.addWidget(button)
            self.pick_buttons[name] = button
        form = QFormLayout(self)
        form.addRow("What", self.action)
        form.addRow("Due", self.due)
        form.addRow(picks)
        form.addRow(_buttons(self, "Set next step"))

    def pick(self, name: str) -> None:
        local = due_for(name, self.now, self.cal).astimezone(self.cal.tz)
        self.due.setDateTime(QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)))

    def value(self) -> tuple[str, datetime]:
        d, t = self.due.date(), self.due.time()
        due = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.cal.tz)
        return self.action.text(), due


class CloseDialog(QDialog):
    """How a lead ended. Nothing is chosen for the person: "Close lead" stays off until an outcome is
    picked, so X then Enter cannot record a win nobody meant (it would count in the owner's bookings)."""

    OUTCOMES = tuple((outcome, outcome.label) for outcome in Outcome)

    def __init__(self, today: date, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        who = plain(name, 60) if name.strip() else "this lead"
        self.setWindowTitle(f"Close the lead: {who}")
        self.group = QButtonGroup(self)
        self.radios: dict[Outcome, QRadioButton] = {}
        box = QVBoxLayout(self)
        heading = QLabel(f"How did it end with <b>{html.escape(who)}</b>?", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(heading)
        for outcome, text in self.OUTCOMES:
            radio = QRadioButton(text, self)
            self.group.addButton(radio)
            self.radios[outcome] = radio
            box.addWidget(radio)
        self.reason = QComboBox(self)
        for reason in LostReason:
            self.reason.addItem(reason.label, reason)
        self.reason_text = QLineEdit(self)
        self.reason_text.setPlaceholderText("In a few words (for 'Other')")
        self.revisit = QDateEdit(QDate(today.year, today.month, today.day).addMonths(1), self)
        self.revisit.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow("Lost because", self.reason)
        form.addRow("", self.reason_text)
        form.addRow("Come back on", self.revisit)
        box.addLayout(form)
        self.buttons = _buttons(self, "Close lead")
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        box.addWidget(self.buttons)
        self.group.buttonToggled.connect(self._enable)
        self._enable()

    def choose(self, outcome: Outcome) -> None:
        self.radios[outcome].setChecked(True)

    def _enable(self) -> None:
        outcome = self.outcome()
        for widget in (self.reason, self.reason_text):
            widget.setEnabled(outcome is Outcome.LOST)
        self.revisit.setEnabled(outcome is Outcome.NOT_READY)
        self.confirm.setEnabled(outcome is not None)
        self.confirm.setToolTip("" if outcome is not None else "Choose how the lead ended first")

    def accept(self) -> None:
        if self.outcome() is not None:  # Enter with nothing chosen does nothing
            super().accept()

    def outcome(self) -> Outcome | None:
        return next((o for o, r in self.radios.items() if r.isChecked()), None)

    def value(self) -> tuple[Outcome, LostReason | None, str, date | None]:
        outcome = self.outcome()
        if outcome is None:
            raise ValueError("no outcome chosen")
        d = self.revisit.date()
        return (outcome, LostReason(self.reason.currentData()) if outcome is Outcome.LOST else None,
                self.reason_text.text(), date(d.year(), d.month(), d.day()) if outcome is Outcome.NOT_READY else None)


class ContactDialog(QDialog):
    def __init__(self, lead: Lead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle("Edit contact")
        self.name = QLineEdit(lead.contact_name, self)
        self.email = QLineEdit(lead.contact_email or "", self)
        self.phone = QLineEdit(lead.contact_phone or "", self)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Email", self.email)
        form.addRow("Phone", self.phone)
        form.addRow(_buttons(self, "Save"))

    def value(self) -> tuple[str, str, str]:
        return self.name.text(), self.email.text(), self.phone.text()


class HandoffDialog(QDialog):
    """Asked when a lead moves from one owner to another; skipping is allowed."""

    def __init__(self, from_name: str, to_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle(f"Hand over from {from_name} to {to_name}")
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)  # Tab goes on to the buttons; Ctrl+Enter hands over
        self.note.setPlaceholderText(f"What should {to_name} know? What was said, what is next.")
        self.skipped = False
        box = QVBoxLayout(self)
        box.addWidget(self.note)
        buttons = QDialogButtonBox(self)
        hand = buttons.addButton("Hand over with this note", QDialogButtonBox.ButtonRole.AcceptRole)
        skip = buttons.addButton("Skip the note", QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        hand.clicked.connect(self.accept)
        skip.clicked.connect(self._skip)
        cancel.clicked.connect(self.reject)
        self.skip_button = skip
        box.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def _skip(self) -> None:
        self.skipped = True
        self.accept()

    def value(self) -> str | None:
        return None if self.skipped else self.note.toPlainText()


class NoteDialog(QDialog):
    """A note on a lead: several lines; Tab moves on, Ctrl+Enter adds it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        sendable(self)
        self.setWindowTitle("Note")
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(f"A note on {name}: what the next person should know")
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        box.addWidget(_buttons(self, "Add note"))

    def value(self) -> str:
        return self.text.toPlainText()
