"""A watched inbox as the store keeps it and the mail transport uses it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Security(StrEnum):
    """How the connection to the IMAP server is protected."""

    SSL = "ssl"            # TLS from the first byte (port 993)
    STARTTLS = "starttls"  # plain, then upgraded before the password (port 143)
    NONE = "none"          # clear text: only to this computer (a local test server)


class SignIn(StrEnum):
    """How LeakDesk proves who it is to the IMAP server."""

    PASSWORD = "password"    # a password or an app password, in the keyring
    MICROSOFT = "microsoft"  # OAuth2 with Microsoft 365 / Outlook.com (a refresh token in the keyring)
    GOOGLE = "google"        # OAuth2 with Google (a refresh token in the keyring)


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    host: str
    port: int
    username: str
    security: Security = Security.SSL
    cafile: str | None = None
    inbox: str = "INBOX"
    sent_folder: str | None = None
    team_addresses: tuple[str, ...] = ()
    connected_at: datetime | None = None
    address: str | None = None  # the inbox's own address (the user name when that is one)
    sign_in: SignIn = SignIn.PASSWORD
    # Who signed in with OAuth2: the user name itself, or a delegate opening a shared mailbox
    signed_in_as: str | None = None
    oauth_client_id: str | None = None  # the app registration its refresh token was issued to

    @property
    def delegated(self) -> bool:
        """A shared mailbox opened by someone signed in as themself."""
        return self.signed_in_as is not None and self.signed_in_as.lower() != self.username.lower()
