"""A real notification daemon (dunst) on a private D-Bus session bus.

Needs an X display (the tests run under xvfb-run). dunstrc keeps every
notification on screen and in history so the test can read them back.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DUNSTRC = """
[global]
    timeout = 0
    sticky_history = yes
    history_length = 50
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


@contextmanager
def notification_daemon() -> Iterator[dict[str, str]]:
    """Yield the environment (DBUS_SESSION_BUS_ADDRESS) whose daemon is dunst."""
    root = Path(tempfile.mkdtemp(prefix="dunst-"))
    (root / "dunstrc").write_text(DUNSTRC)
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                            f"--address=unix:path={root}/bus"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    assert bus.stdout is not None
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().strip()}
    dunst = subprocess.Popen(["dunst", "-config", str(root / "dunstrc")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # ready when it answers on the bus
        if subprocess.run(["dunstctl", "count", "displayed"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.05)
    try:
        yield env
    finally:
        for process in (dunst, bus):
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if bus.stdout:
            bus.stdout.close()
        shutil.rmtree(root, ignore_errors=True)


def received(env: dict[str, str]) -> list[tuple[str, str]]:
    """(summary, body) of every notification dunst has shown (closing them into its history)."""
    subprocess.run(["dunstctl", "close-all"], env=env, capture_output=True, timeout=10)
    done = subprocess.run(["dunstctl", "history"], env=env, capture_output=True, text=True, timeout=10)
    data = json.loads(done.stdout or "{}")
    items = data.get("data", [[]])[0] if data.get("data") else []
    return [(i["summary"]["data"], i["body"]["data"]) for i in items]
