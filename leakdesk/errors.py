"""The error family: known errors carry one sentence a person can act on.

Anything that is not a ``LeakDeskError`` is a bug and goes to the crash
dialog and the log.
"""

from __future__ import annotations


class LeakDeskError(Exception):
    """A known failure; ``str(error)`` is the sentence shown to the person, ``exit_code`` the
    command line's status for it (scripts tell the kinds apart: shared/DESIGN.md)."""

    exit_code = 2


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


class SignInNeeded(AuthFailed):
    """The provider no longer accepts the account's OAuth2 sign-in (revoked, expired, declined, or an
    administrator's approval is missing): a person must sign in again; retrying will not help."""


class CertificateInvalid(MailError):
    """The server's TLS certificate is not trusted: retrying will not help."""


class ServerUnreachable(MailError):
    """The server cannot be reached now: retry later."""


class ConnectionLost(MailError):
    """An established connection broke: reconnect."""


class SecretsError(LeakDeskError):
    """The OS keyring cannot store or give the password."""


class SecretMissing(SecretsError):
    """The keyring works but holds no secret for this account (removed, or another computer's)."""


class StorageError(LeakDeskError):
    """LeakDesk's own files cannot be used as they are (busy, damaged, read-only, disk full)."""

    exit_code = 3


class DatabaseBusy(StorageError):
    """Another program holds the database: waiting and trying again helps."""

    exit_code = 4


class DatabaseDamaged(StorageError):
    """The database file is damaged or empty: nothing is written into it; restore a backup."""

    exit_code = 5


class ReadOnlyData(StorageError):
    """The data folder cannot be written: LeakDesk can show, not change."""

    exit_code = 6


class DiskFull(StorageError):
    """No space left for the database or the mail files: capture pauses until there is."""

    exit_code = 7
