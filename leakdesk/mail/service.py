"""Adding accounts and syncing them: what the command line and the app call."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from leakdesk import secrets
from leakdesk.clock import Clock
from leakdesk.domain.accounts import Security, SignIn
from leakdesk.errors import AuthFailed, MailError
from leakdesk.mail.imap_source import DEFAULT_PORTS, ImapSource, Secret, refuse_clear_text, special_folder
from leakdesk.mail.providers import Provider
from leakdesk.signin import google, microsoft
from leakdesk.signin.apps import IMAP_HOSTS, SERVERS, OAuthApp, app_for
from leakdesk.signin.grants import Grant
from leakdesk.signin.tokens import OAuthCredential, credential_for, keep
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


def probe(account: Account, password: Secret, provider: Provider | None = None) -> Probe:
    """Log in once and list the folders; every failure is one sentence (an app password hint for
    providers that need one)."""
    check_account(account)
    if not password:
        raise MailError("Type the password (or the app password) for this account.")
    if not isinstance(password, str):
        provider = None  # an OAuth2 sign-in says its own sentence
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


def stored_password(account: Account) -> Secret:
    """How the account logs in: its password from the keyring, or its OAuth2 sign-in (whose refresh
    token is in the keyring)."""
    if account.sign_in != SignIn.PASSWORD:
        return credential_for(account)
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


# -- OAuth2 sign-in (Microsoft 365 / Outlook.com, Google) ---------------------------------------
ShowCode = Callable[[str, str, str], None]  # message, verification address, code


@dataclass(frozen=True)
class SignedIn:
    """A sign-in that happened in the browser (or with a code), not yet kept anywhere."""

    provider: SignIn
    app: OAuthApp
    grant: Grant
    person: str  # who signed in


def sign_in(provider: SignIn, address: str, stored: Mapping[str, str] | None = None, *,
            show_code: ShowCode | None = None, cancelled: Callable[[], bool] = lambda: False,
            timeout: float = 300) -> SignedIn:
    """Sign in with the provider in the system browser (Microsoft also by device code, when
    ``show_code`` is given); blocks until the person finished, declined or the time ran out."""
    app = app_for(provider, stored or {})
    if provider == SignIn.MICROSOFT:
        grant = (microsoft.sign_in_with_code(app, address, show_code, cancelled) if show_code is not None
                 else microsoft.sign_in_in_browser(app, address, timeout))
    elif provider == SignIn.GOOGLE:
        if show_code is not None:
            raise MailError("Google does not give mail access with a device code; sign in in the browser.")
        grant = google.sign_in_in_browser(app, address, timeout)
    else:
        raise MailError("Only Microsoft and Google accounts sign in with OAuth2.")
    return SignedIn(provider, app, grant, grant.person or address.strip().lower())


def mailbox_for(signed: SignedIn, address: str, mailbox: str | None = None) -> str:
    """The IMAP user to open: the shared mailbox when one is named, else the address typed. With
    Microsoft, someone signed in as themself opens a shared mailbox they are a delegate of; Google has
    no such thing over IMAP."""
    wanted = (mailbox or address).strip().lower()
    if not ADDRESS.fullmatch(wanted):
        raise MailError(f"'{wanted}' is not an email address; type the inbox's address.")
    if signed.provider == SignIn.GOOGLE and wanted != signed.person:
        raise MailError(f"You signed in to Google as {signed.person}, but the inbox is {wanted}; choose Sign in "
                        f"again and pick {wanted}'s Google account.")
    return wanted


def oauth_draft(signed: SignedIn, address: str, mailbox: str | None = None, *, host: str | None = None,
                port: int | None = None, security: str = "ssl", cafile: str | None = None) -> Account:
    user = mailbox_for(signed, address, mailbox)
    protection = Security(security)
    draft = Account(0, user, host or IMAP_HOSTS[signed.provider], port or DEFAULT_PORTS.get(protection, 993), user,
                    protection, cafile, address=user, sign_in=signed.provider, signed_in_as=signed.person,
                    oauth_client_id=signed.app.client_id)
    check_account(draft)
    return draft


def probe_signed_in(draft: Account, signed: SignedIn) -> Probe:
    """Log in with the new sign-in's access token and list the folders (nothing is kept yet)."""
    return probe(draft, OAuthCredential.signed_in(draft, signed.app, signed.grant))


def add_oauth_account(store: Store, clock: Clock, signed: SignedIn, address: str, mailbox: str | None = None, *,
                      host: str | None = None, port: int | None = None, security: str = "ssl",
                      cafile: str | None = None, inbox: str = "INBOX", sent_folder: str | None = None,
                      team_addresses: tuple[str, ...] = (), verify: bool = True) -> Account:
    """Keep a sign-in as an account: prove it by logging in, then the refresh token to the keyring."""
    draft = oauth_draft(signed, address, mailbox, host=host, port=port, security=security, cafile=cafile)
    draft = replace(draft, inbox=inbox, sent_folder=sent_folder, team_addresses=tuple(a.lower() for a in
                                                                                      team_addresses))
    if verify:
        credential = OAuthCredential.signed_in(draft, signed.app, signed.grant)
        with ImapSource(draft, credential, timeout=20) as source:
            if not source.folder_exists(inbox):
                raise MailError(f"The server has no folder called '{inbox}'; check --inbox.")
            if sent_folder and not source.folder_exists(sent_folder):
                raise MailError(f"The server has no folder called '{sent_folder}'; check --sent-folder.")
    keep(draft, signed.app, signed.grant)
    account = store.accounts.add(draft, clock.now())
    log.info("added account %s on %s:%s, signed in with %s as %s", account.username, account.host, account.port,
             signed.app.name, signed.person)
    return account


def sign_in_again(store: Store, account: Account, signed: SignedIn) -> Account:
    """Replace an account's sign-in (revoked, expired, declined before), or a password account's password
    with a sign-in: proven by logging in first, then the refresh token replaces what the keyring held."""
    if account.sign_in not in (signed.provider, SignIn.PASSWORD):
        raise MailError(f"This inbox signs in with {account.sign_in.value}, not {signed.provider.value}.")
    user = mailbox_for(signed, account.username)
    renewed = replace(account, sign_in=signed.provider, signed_in_as=signed.person,
                      oauth_client_id=signed.app.client_id, username=user)
    probe_signed_in(renewed, signed)
    keep(renewed, signed.app, signed.grant)
    store.accounts.set_signed_in(account.id, signed.provider, signed.person, signed.app.client_id)
    if account.sign_in == SignIn.PASSWORD:
        secrets.forget(password_key(account))  # the password it signed in with is no longer needed
    log.info("signed in %sto %s as %s", "again " if account.sign_in != SignIn.PASSWORD else "", account.username,
             signed.person)
    return store.accounts.get(account.id)


def offers_sign_in(account: Account) -> SignIn | None:
    """The OAuth2 sign-in a password account could switch to (its server is Microsoft's or Google's)."""
    if account.sign_in != SignIn.PASSWORD:
        return None
    return SERVERS.get(account.host.strip().lower().rstrip("."))
