"""Helpers for the test servers: a private D-Bus session bus, waiting on
external processes (the one place tests poll), and stopping them cleanly."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def poll_until(done: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    """Wait for an external process to reach a state; True when it did in time.

    Only for other processes (servers, daemons): the app's own waits use
    qtbot.waitUntil, signals or the fake clock.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(interval)
    return done()


def private_session_bus(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """A dbus-daemon for these tests only; returns it and its address."""
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1",
                            f"--address=unix:path={folder}/bus"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    assert bus.stdout is not None
    return bus, bus.stdout.readline().strip()


def stop_all(*processes: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """SIGTERM each, then SIGKILL what does not stop; close their pipes."""
    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        for pipe in (process.stdin, process.stdout, process.stderr):
            if pipe:
                pipe.close()
