"""Adding accounts and syncing them: what the command line and the app call."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from leakdesk import secrets
from leakdesk.clock import Clock
from leakdesk.domain.accounts import Security
from leakdesk.errors import AuthFailed, MailError
from leakdesk.mail.imap_source import DEFAULT_PORTS, ImapSource, refuse_clear_text, special_folder
from leakdesk.mail.providers import Provider
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)


def check_account(account: Account) -> None:
    """Refuse settings that cannot work or are unsafe, in one sentence."""
    if account.security not in set(Security):
        raise MailError(f"Security must be one of ssl, starttls or none, not '{account.security}'.")
    refuse_clear_text(account)
    if not 0 < account.port < 65536:
        raise MailError(f"The port must be a number from 1 to 65535, not {account.port}.")
    if not account.host or not account.username:
        raise MailError("An account needs a server name and a user name.")


@dataclass(frozen=True)
class Probe:
    """What a test connection found: the folders, and the ones to use."""

    folders: tuple[str, ...]
    inbox: str
    sent: str | None


def probe(account: Account, password: str, provider: Provider | None = None) -> Probe:
    """Log in once and list the folders; every failure is one sentence (an app password hint for
    providers that need one)."""
    check_account(account)
    if not password:
        raise MailError("Type the password (or the app password) for this account.")
    try:
        with ImapSource(account, password, timeout=20) as source:
            listed = source.folders()
    except AuthFailed as exc:
        if provider is not None and provider.app_password:
            raise AuthFailed(f"{provider.name} refused the password for {account.username}. "
                             f"{provider.app_password}") from None
        raise exc from None
    names = tuple(name for name, _ in listed)
    inbox = next((n for n in names if n.upper() == "INBOX"), names[0] if names else "INBOX")
    return Probe(names, inbox, special_folder(listed, "\\Sent"))


def password_key(account: Account) -> str:
    return secrets.account_key(account.username, account.host, account.port)


def stored_password(account: Account) -> str:
    """The account's password from the keyring."""
    return secrets.get_password(password_key(account))


def add_account(store: Store, clock: Clock, *, host: str, user: str, password: str, port: int | None = None,
                security: str = "ssl", cafile: str | None = None, inbox: str = "INBOX",
                sent_folder: str | None = None, team_addresses: tuple[str, ...] = (),
                verify: bool = True, address: str | None = None) -> Account:
    """Check the settings, log in once to prove them, keep the password in the keyring.

    ``address`` is the inbox's own address; without it, the user name when that is one."""
    own = inbox_address(address, user)
    # The inbox's own address is not made a team address: web forms often send "from" it.
    try:
        protection = Security(security)
    except ValueError:
        raise MailError(f"Security must be one of ssl, starttls or none, not '{security}'.") from None
    draft = Account(0, user, host, port or DEFAULT_PORTS.get(protection, 993), user, protection, cafile, inbox,
                    sent_folder, tuple(a.lower() for a in team_addresses), address=own)
    check_account(draft)
    if not password:
        raise MailError("The password is empty; pass it on standard input with --password-stdin.")
    if verify:
        with ImapSource(draft, password, timeout=20) as source:
            if not source.folder_exists(inbox):
                raise MailError(f"The server has no folder called '{inbox}'; check --inbox.")
            if sent_folder and not source.folder_exists(sent_folder):
                raise MailError(f"The server has no folder called '{sent_folder}'; check --sent-folder.")
    secrets.save_password(password_key(draft), password)
    account = store.accounts.add(draft, clock.now())
    log.info("added account %s on %s:%s", account.username, account.host, account.port)
    return account


ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


def inbox_address(address: str | None, user: str) -> str | None:
    """The inbox's own address: the one given (checked), else the user name when it is an address."""
    if address:
        if not ADDRESS.fullmatch(address.strip()):
            raise MailError(f"'{address}' is not an email address; give the inbox's address with --address, "
                            "e.g. --address hello@yourbusiness.com.")
        return address.strip().lower()
    return user.strip().lower() if ADDRESS.fullmatch(user.strip()) else None


def set_address(store: Store, address: str, account_id: int | None = None) -> Account:
    """Tell LeakDesk the inbox's own address (drafts are written from it)."""
    accounts = store.accounts.all()
    if not accounts:
        raise MailError("No inbox is connected yet; add one with 'leakdesk account add'.")
    if account_id is None and len(accounts) > 1:
        raise MailError("There is more than one inbox; say which with --account ID (see 'leakdesk account list').")
    account = accounts[0] if account_id is None else store.accounts.get(account_id)
    store.accounts.set_address(account.id, inbox_address(address, "") or "")
    return store.accounts.get(account.id)


def change_password(account: Account, password: str) -> Probe:
    """Prove the new password by logging in, then keep it in the keyring instead of the old one."""
    found = probe(account, password)
    secrets.save_password(password_key(account), password)
    log.info("password changed for %s on %s", account.username, account.host)
    return found
