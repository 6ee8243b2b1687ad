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
