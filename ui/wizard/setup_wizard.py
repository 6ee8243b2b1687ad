"""First run: connect the shared inbox (or explore the demo) in a few steps.

Start → inbox (provider preset, password to the keyring, Test connection)
→ folders (sent found by SPECIAL-USE) → team → opening hours → SLA targets →
history import with a progress bar. Nothing is stored until the import
page: cancelling earlier leaves no account behind. Everything can be
changed later in Settings.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from leakdesk import settings as settings_mod
from leakdesk.capture.sync import sync_account
from leakdesk.clock import Clock
from leakdesk.errors import LeakDeskError
from leakdesk.mail import service
from leakdesk.mail.service import Probe
from leakdesk.store import Store
from leakdesk.team import Member, check_team, colour_for, save_team
from ui.dialogs.setting_fields import SettingField, label_for
from ui.dialogs.team_editor import TeamEditor
from ui.wizard.account_page import AccountPage
from ui.workers.background import Background

START, ACCOUNT, FOLDERS, TEAM, HOURS, SLA, IMPORT = range(7)
NO_SENT = "(no sent folder)"


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to LeakDesk")
        self.setSubTitle("Every enquiry owned, answered in time and followed up. Set it up in a few minutes.")
        self.connect_inbox = QRadioButton("Connect your shared inbox", self)
        self.connect_inbox.setObjectName("connectInbox")
        self.demo = QRadioButton("Explore with demo data (a physio clinic's last 12 weeks)", self)
        self.demo.setObjectName("exploreDemo")
        self.connect_inbox.setChecked(True)
        self.demo.toggled.connect(self._demo_toggled)
        box = QVBoxLayout(self)
        box.addWidget(self.connect_inbox)
        box.addWidget(self.demo)
        box.addWidget(QLabel("You can connect the inbox later from the demo; nothing is sent from your mail.", self))
        box.addStretch(1)

    def _demo_toggled(self, on: bool) -> None:
        self.setFinalPage(on)  # Next becomes Finish for the demo
        self.completeChanged.emit()

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else ACCOUNT


class FoldersPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Which folders?")
        self.setSubTitle("Enquiries arrive in the inbox; your replies are found in the sent folder.")
        self.inbox = QComboBox(self)
        self.inbox.setAccessibleName("Inbox folder")
        self.sent = QComboBox(self)
        self.sent.setAccessibleName("Sent folder")
        form = QFormLayout(self)
        form.addRow("Inbox", self.inbox)
        form.addRow("Sent", self.sent)

    def show_probe(self, probe: Probe) -> None:
        self.inbox.clear()
        self.inbox.addItems(list(probe.folders))
        self.inbox.setCurrentText(probe.inbox)
        self.sent.clear()
        self.sent.addItems([NO_SENT, *probe.folders])
        self.sent.setCurrentText(probe.sent or NO_SENT)


class TeamPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Who works the leads?")
        self.setSubTitle("Names and the addresses they reply from: a reply from one of them counts as that person "
                         "answering. Add everyone who answers enquiries.")
        self.editor = TeamEditor([], self)
        self.problem = QLabel("", self)
        self.problem.setObjectName("wizardProblem")
        self.problem.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.editor, 1)
        box.addWidget(self.problem)

    def validatePage(self) -> bool:
        try:
            check_team(self.editor.members())
        except LeakDeskError as exc:
            self.problem.setText(str(exc))
            return False
        self.problem.setText("")
        return True


class SettingsPage(QWizardPage):
    """A page of declared settings, each checked by its own rule."""

    def __init__(self, title: str, subtitle: str, names: list[str], defaults: dict[str, str]) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        form = QFormLayout(self)
        self.fields: dict[str, SettingField] = {}
        for name in names:
            field = SettingField(settings_mod.setting(name), defaults[name], self)
            self.fields[name] = field
            form.addRow(label_for(field.setting), field)

    def values(self) -> dict[str, str]:
        return {name: f.text() for name, f in self.fields.items()}

    def validatePage(self) -> bool:
        return all([f.check() for f in self.fields.values()])


class ImportPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Importing your recent mail")
        self.setSubTitle("LeakDesk reads the last days of the inbox and the sent folder, so the board starts with "
                         "what is already waiting. New mail appears within seconds from now on.")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("importProgress")
        self.bar.setAccessibleName("Import progress")
        self.status = QLabel("", self)
        self.status.setObjectName("importStatus")
        self.status.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.bar)
        box.addWidget(self.status)
        box.addStretch(1)
        self.finished = False

    def isComplete(self) -> bool:
        return self.finished


class SetupWizard(QWizard):
    chose_demo = Signal()
    connected = Signal(int)   # the new account's id, after its history is imported

    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.clock = store, clock
        self.setObjectName("setupWizard")
        self.setWindowTitle("Set up LeakDesk")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.resize(720, 560)
        self.account_id: int | None = None
        defaults = store.settings.load()
        self.start = StartPage()
        self.account_page = AccountPage()
        self.account_page.stored_settings = self.store.settings.stored
        self.folders = FoldersPage()
        self.team = TeamPage()
        self.hours = SettingsPage(
            "Opening hours", "SLA clocks run only while you are open; alerts wait for opening time.",
            ["business.name", "business.hours", "business.timezone", "business.holidays_country",
             "business.phone_region"], {n: defaults.text(n) for n in settings_mod.BY_NAME})
        self.sla = SettingsPage(
            "How fast should leads be handled?", "Business minutes from an enquiry's arrival. The board counts "
            "down to each; alerts come before and at the deadline.",
            ["sla.ownership_minutes", "sla.response_minutes", "sla.stale_business_days", "mail.history_days"],
            {n: defaults.text(n) for n in settings_mod.BY_NAME})
        self.importing = ImportPage()
        for page_id, page in ((START, self.start), (ACCOUNT, self.account_page), (FOLDERS, self.folders),
                              (TEAM, self.team), (HOURS, self.hours), (SLA, self.sla), (IMPORT, self.importing)):
            self.setPage(page_id, page)
        self.account_page.tested.connect(self.folders.show_probe)
        self.account_page.tested.connect(self._suggest_team)
        self.job = Background("The import stopped unexpectedly; the log has the details.", self)
        self.job.progress.connect(self._progress)
        self.job.done.connect(self._imported)
        self.job.failed.connect(self._import_failed)
        self.currentIdChanged.connect(self._entered)

    def _suggest_team(self, _probe: Probe) -> None:
        if self.team.editor.table.rowCount() == 0:
            self.team.editor.add_row(None, "", (), colour_for(0))

    def accept(self) -> None:
        if self.start.demo.isChecked():
            self.chose_demo.emit()
        elif self.account_id is not None:
            self.connected.emit(self.account_id)
        super().accept()

    # -- storing and importing --------------------------------------------------------
    def _entered(self, page_id: int) -> None:
        if page_id == IMPORT and self.account_id is None:
            self.save_and_import()

    def save_and_import(self) -> None:
        """Store the account (password to the keyring), team and settings, then import the history."""
        page = self.account_page
        inbox = self.folders.inbox.currentText() or "INBOX"
        sent = self.folders.sent.currentText()
        members: list[Member] = self.team.editor.members()
        team_addresses = tuple(a for m in members for a in m.emails)
        try:
            self.store.settings.set_many({**self.hours.values(), **self.sla.values()})
            save_team(self.store, members)
            draft = page.account()
            if page.signed is not None:  # signed in with Microsoft or Google: the token goes to the keyring
                account = service.add_oauth_account(
                    self.store, self.clock, page.signed, draft.address or draft.username, host=draft.host,
                    port=draft.port, security=draft.security, cafile=draft.cafile, inbox=inbox,
                    sent_folder=None if sent == NO_SENT else sent, team_addresses=team_addresses, verify=False)
            else:
                account = service.add_account(
                    self.store, self.clock, host=draft.host, user=draft.username, password=page.password.text(),
                    port=draft.port, security=draft.security, cafile=draft.cafile, inbox=inbox,
                    sent_folder=None if sent == NO_SENT else sent, team_addresses=team_addresses, verify=False,
                    address=draft.address)
        except LeakDeskError as exc:
            self._import_failed(str(exc))
            return
        self.account_id = account.id
        path, clock = self.store.path, self.clock

        def work():  # type: ignore[no-untyped-def]
            store = Store.open(path)
            try:
                for p in sync_account(store, store.accounts.get(account.id), clock):
                    yield p.folder, p.done, p.total, len(p.new_leads)
                return store.leads.count()
            finally:
                store.close()

        self.importing.status.setText("Connecting…")
        self.job.start(work)

    def _progress(self, step: tuple[str, int, int, int]) -> None:
        folder, done, total, leads = step
        self.importing.bar.setMaximum(max(total, 1))
        self.importing.bar.setValue(done)
        self.importing.status.setText(f"{folder}: {done} of {total} messages, {leads} leads so far…")

    def _imported(self, leads: int) -> None:
        self.importing.bar.setMaximum(1)
        self.importing.bar.setValue(1)
        self.importing.status.setText(f"Done: {leads} lead{'s' if leads != 1 else ''} on the board. LeakDesk now "
                                      "watches the inbox; press Finish.")
        self.importing.finished = True
        self.importing.completeChanged.emit()

    def _import_failed(self, message: str) -> None:
        self.importing.status.setText(f"{message} The account is saved; LeakDesk will keep trying once it runs.")
        self.importing.finished = self.account_id is not None
        self.importing.completeChanged.emit()

