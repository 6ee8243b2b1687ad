"""A real GNOME Keyring on a private D-Bus session bus (RECIPES.md: Secrets).

The daemon unlocks a fresh "login" keyring with a test password, so no
prompt is needed; keyring's SecretService backend then works for real.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import poll_until, private_session_bus, stop_all


@contextmanager
def session_keyring() -> Iterator[dict[str, str]]:
    """Start dbus-daemon and gnome-keyring-daemon; yield the environment to use them."""
    root = Path(tempfile.mkdtemp(prefix="keyring-"))
    (root / "home").mkdir()
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    bus, address = private_session_bus(root)
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(root / "home"),
           "XDG_RUNTIME_DIR": str(runtime), "XDG_DATA_HOME": str(root / "home" / ".local" / "share")}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    daemon = subprocess.Popen(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    assert daemon.stdin is not None
    daemon.stdin.write(b"unlock-the-test-keyring")
    daemon.stdin.close()
    login = root / "home" / ".local" / "share" / "keyrings" / "login.keyring"
    poll_until(lambda: login.exists() or daemon.poll() is not None, timeout=10, interval=0.05)
    try:
        yield env
    finally:
        stop_all(daemon, bus)
        shutil.rmtree(root, ignore_errors=True)
