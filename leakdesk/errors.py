"""The error family: known errors carry one sentence a person can act on.

Anything that is not a ``LeakDeskError`` is a bug and goes to the crash
dialog and the log.
"""

from __future__ import annotations


class LeakDeskError(Exception):
    """A known failure; ``str(error)`` is the sentence shown to the person."""


class SettingsError(LeakDeskError):
    """A setting has a value LeakDesk cannot use."""


class NotFoundError(LeakDeskError):
    """Something named by id does not exist."""


class ActionError(LeakDeskError):
    """An action cannot be done on a lead in its current state."""


class MailError(LeakDeskError):
    """A mail server problem, said as what to fix."""


class AuthFailed(MailError):
    """The server refused the login: retrying will not help."""


class CertificateInvalid(MailError):
    """The server's TLS certificate is not trusted: retrying will not help."""


class ServerUnreachable(MailError):
    """The server cannot be reached now: retry later."""


class ConnectionLost(MailError):
    """An established connection broke: reconnect."""


class SecretsError(LeakDeskError):
    """The OS keyring cannot store or give the password."""
