"""A real GNOME Keyring on a private D-Bus session bus (RECIPES.md: Secrets).

The daemon unlocks a fresh "login" keyring with a test password, so no
prompt is needed; keyring's SecretService backend then works for real.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def session_keyring() -> Iterator[dict[str, str]]:
    """Start dbus-daemon and gnome-keyring-daemon; yield the environment to use them."""
    root = Path(tempfile.mkdtemp(prefix="keyring-"))
    (root / "home").mkdir()
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1", f"--address=unix:path={root}/bus"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
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
    deadline = time.monotonic() + 10
    while not (root / "home" / ".local" / "share" / "keyrings" / "login.keyring").exists():
        if time.monotonic() > deadline or daemon.poll() is not None:
            break
        time.sleep(0.05)
    try:
        yield env
    finally:
        for process in (daemon, bus):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if bus.stdout:
            bus.stdout.close()
        shutil.rmtree(root, ignore_errors=True)
