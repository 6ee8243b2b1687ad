"""Settings: every declared setting, grouped in tabs, each with its help and its error sentence;
plus the team and this data folder's seat. Built from ``leakdesk.settings.SETTINGS``, so nothing is
declared twice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from leakdesk.clock import Clock, SystemClock
from leakdesk.errors import LeakDeskError
from leakdesk.seats import decisions
from leakdesk.settings import GROUPS, SETTINGS
from leakdesk.store import Store
from ui.dialogs.account_box import AccountBox
from ui.dialogs.seats_box import SeatsBox
from ui.dialogs.setting_fields import SettingField, label_for
from ui.dialogs.team_editor import TeamEditor
from ui.sign_in_again import SignInAgain

NO_INBOX = ("No inbox is connected yet. ☰ → Connect your inbox… sets it up; it then shows here, with its "
            "password or sign-in.")


class SettingsDialog(QDialog):
    saved = Signal(list)  # names of the settings that changed (and "team" when the team did)
    signed_in = Signal(int)  # an inbox signed in (again) from the Inbox tab: its watcher starts afresh
    seats_changed = Signal()  # this data folder became a seat (a new team, or paired) in the Seats tab

    def __init__(self, store: Store, parent: QWidget | None = None, note: str = "",
                 clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self.note = QLabel(note, self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.resize(720, 620)
        settings = store.settings.load()
        self.tabs = QTabWidget(self)
        self.fields: dict[str, SettingField] = {}
        for group in GROUPS:
            page = QWidget()
            form = QFormLayout(page)
            if group == "Inbox":
                self.signing_in = SignInAgain(store.path, self)
                self.signing_in.signed_in.connect(lambda account: self.signed_in.emit(account.id))
                stored = store.settings.stored()
                self.accounts = [AccountBox(a, page, self.signing_in, stored) for a in store.accounts.all()]
                for box in self.accounts:
                    form.addRow(box)
                if not self.accounts:  # say where the inbox would be, and how to connect it
                    no_inbox = QLabel(NO_INBOX, page)
                    no_inbox.setObjectName("noInbox")
                    no_inbox.setWordWrap(True)
                    form.addRow(no_inbox)
            for s in (s for s in SETTINGS if s.group == group):
                field = SettingField(s, settings.text(s.name), page)
                self.fields[s.name] = field
                form.addRow(label_for(s) if s.kind != "yes_no" else "", field)
            scroll = QScrollArea(self.tabs)
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, group.replace("&", "&&"))  # '&' alone would mark a shortcut key
            if group == "Inbox":
                self.team = TeamEditor(store.people.all(active_only=False), self)
                self.tabs.addTab(self.team, "Team")
                self.seats = SeatsBox(store, clock or SystemClock(), self)
                self.seats.seats_changed.connect(self.seats_changed)
                self.tabs.addTab(self.seats, "Seats")
        self.problem = QLabel("", self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        column = QVBoxLayout(self)
        column.addWidget(self.note)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.problem)
        column.addWidget(buttons)

    def show_tab(self, name: str) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i).replace("&&", "&") == name:
                self.tabs.setCurrentIndex(i)

    def save(self) -> bool:
        """Store what changed; a wrong value keeps the dialog open on its tab, with its sentence."""
        wrong = [f for f in self.fields.values() if not f.check()]
        if wrong:
            self.show_tab(wrong[0].setting.group)
            wrong[0].editor.setFocus()
            self.problem.setText(f"Fix {label_for(wrong[0].setting)} first: {wrong[0].error.text()}")
            return False
        stored = self.store.settings.load()
        changed = {name: f.text() for name, f in self.fields.items() if f.text() != stored.text(name)}
        before = self.store.people.all(active_only=False)
        try:
            members = self.team.members()
            if members or before:  # a business with no team yet (set up on demo data) may keep none
                decisions.set_team(self.store, members)  # checks everything before it writes
        except LeakDeskError as exc:
            self.show_tab("Team")
            self.problem.setText(str(exc))
            return False
        decisions.set_settings(self.store, changed)  # each already checked by its field; every seat's
        names = list(changed) + (["team"] if self.store.people.all(active_only=False) != before else [])
        self.saved.emit(names)
        self.accept()
        return True
