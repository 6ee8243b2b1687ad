"""Passwords in the OS keyring (keyring package); never in the database,
settings or logs. Without a usable keyring LeakDesk says so and stops:
it never falls back to storing a password in clear."""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors

from leakdesk.errors import SecretMissing, SecretsError

SERVICE = "LeakDesk"
NO_KEYRING = ("No secure password store is available on this computer ({detail}); install and unlock one "
              "(GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager), then add the account again.")


def account_key(username: str, host: str, port: int) -> str:
    return f"imap://{username}@{host}:{port}"


# Windows Credential Manager holds at most 2,560 bytes per entry (1,280 characters as it stores them;
# keyring issues #355, #540); Microsoft's refresh tokens can be longer. A longer secret is kept in parts
# under "<key>#1", "<key>#2", … with a marker naming their count under the key itself.
PART = 1000
SPLIT = "leakdesk-split-secret:v1:"


def save_password(key: str, password: str) -> None:
    parts = [password[i:i + PART] for i in range(0, len(password), PART)] if len(password) > PART else []
    try:
        before = keyring.get_password(SERVICE, key) or ""
        for i, part in enumerate(parts, 1):
            keyring.set_password(SERVICE, f"{key}#{i}", part)
        keyring.set_password(SERVICE, key, f"{SPLIT}{len(parts)}" if parts else password)
        if before.startswith(SPLIT):  # the parts of a longer secret it replaced go
            for i in range(len(parts) + 1, int(before[len(SPLIT):]) + 1):
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    keyring.delete_password(SERVICE, f"{key}#{i}")
    except keyring.errors.KeyringError as exc:
        raise SecretsError(NO_KEYRING.format(detail=type(exc).__name__)) from None


def get_password(key: str) -> str:
    try:
        password = keyring.get_password(SERVICE, key)
        if password is not None and password.startswith(SPLIT):
            found = [keyring.get_password(SERVICE, f"{key}#{i}") for i in range(1, int(password[len(SPLIT):]) + 1)]
            password = None if any(p is None for p in found) else "".join(p for p in found if p)
    except keyring.errors.KeyringError as exc:
        raise SecretsError(NO_KEYRING.format(detail=type(exc).__name__)) from None
    if password is None:
        raise SecretMissing(f"No password is stored for {key} in the keyring; add the account again.")
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


def forget(key: str) -> None:
    """Remove a secret that is no longer used (a password replaced by a sign-in); gone already is fine."""
    try:
        keyring.delete_password(SERVICE, key)
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as exc:
        raise SecretsError(NO_KEYRING.format(detail=type(exc).__name__)) from None
