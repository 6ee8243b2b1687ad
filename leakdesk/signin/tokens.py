"""An account's OAuth2 sign-in at the IMAP login: the refresh token in the keyring, a fresh access
token in memory, and the SASL mechanism the server offers.

One ``OAuthCredential`` per account per process (``credential_for``), so the watcher's reconnects,
the drafts path and a test connection share one access token and refresh it only when it is about
to expire. A connection opened with a token should be renewed before that token expires (Exchange
Online ends the session then): ``login`` says by when, and the watcher reconnects in time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from imapclient.exceptions import LoginError

from leakdesk import secrets
from leakdesk.clock import monotonic
from leakdesk.domain.accounts import Account, SignIn
from leakdesk.errors import AuthFailed, SecretMissing, SignInNeeded
from leakdesk.signin import google, microsoft
from leakdesk.signin.apps import OAuthApp, app_for
from leakdesk.signin.grants import Grant

log = logging.getLogger(__name__)
RENEW_MARGIN_S = 300.0  # renew this long before expiry (less for short-lived tokens)


def renew_by(expires_in: float) -> float:
    """The monotonic time to renew a token that lasts ``expires_in`` seconds from now."""
    return monotonic() + expires_in - min(RENEW_MARGIN_S, expires_in / 5)


def token_key(account: Account) -> str:
    """The keyring entry of an account's refresh token."""
    return "oauth2+" + secrets.account_key(account.username, account.host, account.port)


def refresher(provider: SignIn) -> Callable[[OAuthApp, str, str], Grant]:
    return microsoft.refresh if provider == SignIn.MICROSOFT else google.refresh


def keep(account: Account, app: OAuthApp, grant: Grant) -> None:
    """Keep a new sign-in's refresh token in the keyring (the only place it is ever written); this
    process goes on with its access token."""
    if not grant.refresh_token:
        raise AuthFailed(f"{app.name} gave LeakDesk no refresh token, so it could not stay signed in; choose "
                         "Sign in again.")
    secrets.save_password(token_key(account), grant.refresh_token)
    with _GUARD:
        _CREDENTIALS[token_key(account)] = OAuthCredential.signed_in(account, app, grant, kept=True)


class OAuthCredential:
    """Logs in to IMAP with XOAUTH2 or OAUTHBEARER for one account."""

    def __init__(self, account: Account, app: OAuthApp) -> None:
        self.account, self.app = account, app
        self.who = account.signed_in_as or account.username
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0  # monotonic
        self._new_sign_in = False  # its token came from a sign-in just now, not from the keyring's
        self.refreshes = 0

    def access_token(self) -> tuple[str, float, bool]:
        """A token valid for a while yet, the monotonic time to renew by, and whether it is new."""
        with self._lock:
            if self._token is not None and monotonic() < self._renew_at:
                return self._token, self._renew_at, False
            key = token_key(self.account)
            try:
                stored = secrets.get_password(key)
            except SecretMissing:
                raise SignInNeeded(f"This computer's keyring no longer holds LeakDesk's {self.app.name} sign-in for "
                                   f"{self.who}; choose Sign in again.") from None
            grant = refresher(self.app.provider)(self.app, stored, self.who)
            if grant.refresh_token and grant.refresh_token != stored:  # Microsoft rotates them
                secrets.save_password(key, grant.refresh_token)
            self._token, self._renew_at = grant.access_token, renew_by(grant.expires_in)
            self.refreshes += 1
            log.info("renewed the %s access token for %s (%.0f s)", self.app.name, self.who, grant.expires_in)
            return self._token, self._renew_at, True

    @classmethod
    def signed_in(cls, account: Account, app: OAuthApp, grant: Grant, kept: bool = False) -> OAuthCredential:
        """A credential for a sign-in that just happened: its access token is used as it is. Until the
        login proved it, its refresh token is not in the keyring (``kept``): a refused login is final."""
        credential = cls(account, app)
        credential._token, credential._renew_at = grant.access_token, renew_by(grant.expires_in)
        credential._new_sign_in = not kept
        return credential

    def forget(self) -> None:
        with self._lock:
            self._token = None

    def login(self, client: Any, user: str) -> float:
        """Log ``client`` in as ``user`` (the mailbox; a shared one for a delegate); returns the monotonic
        time by which the connection should be opened again with a renewed token."""
        # OAUTHBEARER (RFC 7628) where the server offers it (Google does), else XOAUTH2 (Microsoft's only one)
        bearer = b"AUTH=OAUTHBEARER" in {c.upper() for c in client.capabilities() if isinstance(c, bytes)}
        for attempt in (1, 2):
            token, renew_at, fresh = self.access_token()
            try:
                if bearer:
                    client.oauthbearer_login(user, token)
                else:
                    client.oauth2_login(user, token)
                return renew_at
            except LoginError:
                self.forget()
                if fresh or self._new_sign_in or attempt == 2:
                    break  # a token just issued was refused: renewing it (from the keyring) will not help
        raise AuthFailed(self._refused(user))

    def _refused(self, user: str) -> str:
        host = self.account.host
        if self.account.delegated:
            return (f"The server {host} refused {self.who}'s sign-in to the shared mailbox {user}: {self.who} may "
                    f"not have Full Access to it, or IMAP is turned off for it (an administrator turns it on in "
                    f"the admin centre's mail settings).")
        return (f"The server {host} refused the {self.app.name} sign-in for {user}: IMAP may be turned off for this "
                "mailbox (an administrator turns it on in the admin centre's mail settings).")


_CREDENTIALS: dict[str, OAuthCredential] = {}
_GUARD = threading.Lock()


def credential_for(account: Account) -> OAuthCredential:
    """The account's one credential in this process (its access token is shared by every connection),
    with the app registration its refresh token was issued to."""
    key = token_key(account)
    with _GUARD:
        found = _CREDENTIALS.get(key)
        if found is None or (found.account.signed_in_as, found.account.oauth_client_id) != \
                (account.signed_in_as, account.oauth_client_id):
            found = _CREDENTIALS[key] = OAuthCredential(account, app_for(account.sign_in, {},
                                                                         account.oauth_client_id))
        return found


def forget_all() -> None:
    """Drop every access token this process holds (the refresh tokens stay in the keyring)."""
    with _GUARD:
        _CREDENTIALS.clear()
