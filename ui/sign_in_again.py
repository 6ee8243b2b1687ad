"""Signing in again to an inbox whose OAuth2 sign-in was revoked, expired or declined, or signing in
for the first time to a Microsoft or Google inbox that used a password.

Offered by the status bar's "Sign in again" and by Settings > Inbox: the browser sign-in (Microsoft
also by code) runs off the UI thread, is proven by logging in, and only then replaces the refresh
token (or the password) in the keyring; the account's watcher then starts afresh.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from leakdesk.mail import service
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from ui.workers.sign_in_job import SignInJob


class SignInAgain(QObject):
    signed_in = Signal(object)  # the Account, signed in again
    failed = Signal(str)
    code_shown = Signal(str, str, str)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.job = SignInJob(self)
        self.job.done.connect(self.signed_in)
        self.job.failed.connect(self.failed)
        self.job.code_shown.connect(self.code_shown)

    @property
    def running(self) -> bool:
        return self.job.running

    def start(self, account: Account, stored: dict[str, str], device_code: bool = False) -> None:
        database = self.database

        def then(signed: service.SignedIn) -> Account:
            store = Store.open(database)  # this thread's own connection
            try:
                return service.sign_in_again(store, account, signed)
            finally:
                store.close()

        provider = service.offers_sign_in(account) or account.sign_in
        self.job.start(provider, account.signed_in_as or account.username, stored, then, device_code=device_code)

    def cancel(self) -> None:
        self.job.cancel()
