"""Passwords in the OS keyring (keyring package); never in the database,
settings or logs. Without a usable keyring LeakDesk says so and stops:
it never falls back to storing a password in clear."""

from __future__ import annotations

import keyring
import keyring.errors

from leakdesk.errors import SecretsError

SERVICE = "LeakDesk"
NO_KEYRING = ("No secure password store is available on this computer ({detail}); install and unlock one "
              "(GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), then add the account again.")


def account_key(username: str, host: str, port: int) -> str:
    return f"imap://{username}@{host}:{port}"


def save_password(key: str, password: str) -> None:
    try:
        keyring.set_password(SERVICE, key, password)
    except keyring.errors.KeyringError as exc:
        raise SecretsError(NO_KEYRING.format(detail=type(exc).__name__)) from None


def get_password(key: str) -> str:
    try:
        password = keyring.get_password(SERVICE, key)
    except keyring.errors.KeyringError as exc:
        raise SecretsError(NO_KEYRING.format(detail=type(exc).__name__)) from None
    if password is None:
        raise SecretsError(f"No password is stored for {key} in the keyring; add the account again.")
    return password


def no_core_dumps() -> None:
    """The process holds passwords and tokens in memory: a crash must not write them to a core file.

    RLIMIT_CORE 0 stops the dump; on Linux PR_SET_DUMPABLE 0 also stops a systemd-coredump pipe
    (which ignores the limit) and other users' debuggers."""
    import contextlib
    import sys

    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
