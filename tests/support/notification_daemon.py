"""A real notification daemon (dunst) on a private D-Bus session bus.

Needs an X display (the tests run under xvfb-run). dunstrc keeps every
notification on screen and in history so the test can read them back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import poll_until, private_session_bus, stop_all

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
    bus, address = private_session_bus(root)
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    dunst = subprocess.Popen(["dunst", "-config", str(root / "dunstrc")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    poll_until(lambda: subprocess.run(["dunstctl", "count", "displayed"], env=env,  # ready when it answers
                                      capture_output=True).returncode == 0, timeout=10, interval=0.05)
    try:
        yield env
    finally:
        stop_all(dunst, bus)
        shutil.rmtree(root, ignore_errors=True)


def received(env: dict[str, str]) -> list[tuple[str, str]]:
    """(summary, body) of every notification dunst has shown (closing them into its history)."""
    subprocess.run(["dunstctl", "close-all"], env=env, capture_output=True, timeout=10)
    done = subprocess.run(["dunstctl", "history"], env=env, capture_output=True, text=True, timeout=10)
    data = json.loads(done.stdout or "{}")
    items = data.get("data", [[]])[0] if data.get("data") else []
    return [(i["summary"]["data"], i["body"]["data"]) for i in items]
