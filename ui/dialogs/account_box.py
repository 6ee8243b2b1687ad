"""The connected inbox in Settings: where LeakDesk reads, and changing its password or sign-in.

The new password is tested by logging in (off the UI thread) before it
replaces the old one in the keyring; a wrong one is said in one sentence and
changes nothing. An inbox that signs in with Microsoft or Google says who
signed in and offers "Sign in again" (the same proof first).
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from leakdesk.domain.accounts import SignIn
from leakdesk.mail import service
from leakdesk.store.accounts import Account
from ui.sign_in_again import SignInAgain
from ui.workers.background import Background


class AccountBox(QGroupBox):
    def __init__(self, account: Account, parent: QWidget | None = None, signing_in: SignInAgain | None = None,
                 stored: dict[str, str] | None = None) -> None:
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
        box = QVBoxLayout(self)
        self.where = QLabel(f"{where}; {folders}.", self)
        self.where.setWordWrap(True)
        box.addWidget(self.where)
        self.signing_in, self.stored = signing_in, stored or {}
        self.sign_in = QPushButton("Sign in again", self)
        self.sign_in.setObjectName("accountSignIn")
        offered = service.offers_sign_in(account)
        if account.sign_in == SignIn.PASSWORD:
            row.addWidget(self.password, 1)
            row.addWidget(self.change)
            self.sign_in.setVisible(offered is not None)
            if offered is not None:  # Microsoft no longer takes passwords; Google prefers its sign-in
                self.sign_in.setText(f"Sign in with {offered.value.capitalize()} instead")
                row.addWidget(self.sign_in)
        else:
            self.password.setVisible(False)
            self.change.setVisible(False)
            shared = " (a shared mailbox they are a delegate of)" if account.delegated else ""
            self.signed = QLabel(f"Signs in with {account.sign_in.value.capitalize()} as "
                                 f"{account.signed_in_as or account.username}{shared}.", self)
            self.signed.setWordWrap(True)
            box.addWidget(self.signed)
            row.addWidget(self.sign_in)
            row.addStretch(1)
        self.sign_in.clicked.connect(self.sign_in_again)
        self._asking = False  # this box started the sign-in the shared SignInAgain is running
        if signing_in is not None:
            signing_in.signed_in.connect(self._signed_in)
            signing_in.failed.connect(self._sign_in_failed)
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
        self.sign_in.setEnabled(True)
        self.result.setStyleSheet("color: #b91c1c;")
        kept = " The old password is kept." if self.account.sign_in == SignIn.PASSWORD else ""
        self.result.setText(f"{message}{kept}")

    def sign_in_again(self) -> None:
        if self.signing_in is None or self.signing_in.running:
            return
        self._asking = True
        self.sign_in.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText("Finish signing in in your browser; LeakDesk waits here.")
        self.signing_in.start(self.account, self.stored)

    def _sign_in_failed(self, message: str) -> None:
        if self._asking:
            self._asking = False
            self._failed(message)

    def _signed_in(self, account: Account) -> None:
        if not self._asking or account.id != self.account.id:
            return
        self._asking = False
        self.account = account
        self.sign_in.setEnabled(True)
        self.result.setStyleSheet("")
        self.result.setText(f"Signed in with {account.sign_in.value.capitalize()} as {account.signed_in_as}; it is "
                            "used from the next check.")
        self.password.setVisible(False)
        self.change.setVisible(False)
        self.sign_in.setText("Sign in again")
