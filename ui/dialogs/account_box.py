"""The connected inbox in Settings: where LeakDesk reads, and changing its password.

The new password is tested by logging in (off the UI thread) before it
replaces the old one in the keyring; a wrong one is said in one sentence and
changes nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from leakdesk.mail import service
from leakdesk.store.accounts import Account
from ui.workers.background import Background


class AccountBox(QGroupBox):
    def __init__(self, account: Account, parent: QWidget | None = None) -> None:
        super().__init__("Connected inbox", parent)
        self.account = account
        where = f"{account.username} on {account.host}:{account.port} ({account.security})"
        folders = f"inbox {account.inbox}" + (f", sent {account.sent_folder}" if account.sent_folder else "")
        self.password = QLineEdit(self)
        self.password.setObjectName("newPassword")
        self.password.setAccessibleName("New password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("A new password or app password")
        self.change = QPushButton("Test and save", self)
        self.change.setObjectName("changePassword")
        self.change.clicked.connect(self.save_password)
        self.result = QLabel("", self)
        self.result.setObjectName("passwordResult")
        self.result.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.change)
        box = QVBoxLayout(self)
        self.where = QLabel(f"{where}; {folders}.", self)
        self.where.setWordWrap(True)
        box.addWidget(self.where)
        box.addLayout(row)
        box.addWidget(self.result)
        self.job = Background("Changing the password failed unexpectedly; the log has the details.", self)
        self.job.done.connect(self._saved)
        self.job.failed.connect(self._failed)

    def save_password(self) -> None:
        if self.job.running:
            return
        account, password = self.account, self.password.text()
        self.change.setEnabled(False)
        self.result.setText("Testing…")
        self.job.start(lambda: service.change_password(account, password))

    def _saved(self, _probe: object) -> None:
        self.change.setEnabled(True)
        self.password.clear()
        self.result.setStyleSheet("")
        self.result.setText("The new password works and is saved in the keyring; it is used from the next check.")

    def _failed(self, message: str) -> None:
        self.change.setEnabled(True)
        self.result.setStyleSheet("color: #b91c1c;")
        self.result.setText(f"{message} The old password is kept.")
