"""Running LeakDesk as a script would: a command in the test's process (its exit status, standard
output and standard error), or ``main.py`` as a process of its own on a signed-in data folder."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import keyring
import pytest

from leakdesk import cli
from leakdesk.clock import Clock, FakeClock, SystemClock
from leakdesk.mail import service
from leakdesk.store import Store
from tests.support.dovecot import PASSWORD, USER
from tests.support.memory_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
MAIN = (sys.executable, "-c", "import sys, main; sys.exit(main.main())")  # main.py, as the installer starts it


def leakdesk(data: Path, *args: str, stdin: str = "", clock: Clock | None = None) -> tuple[int, str, str]:
    """``leakdesk --data-dir DATA ARGS...``: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.run(cli.build_parser().parse_args(["--data-dir", str(data), *args]),
                       clock or FakeClock(SystemClock().now()), out, io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def stored(path: Path) -> int:
    """Messages committed so far, read without disturbing the writer."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def signed_in(data: Path, port: int, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A data folder whose account signs in to the test server on ``port``, its password in a file
    keyring that LeakDesk's own processes share: returns the environment to start them in."""
    monkeypatch.setenv("LEAKDESK_TEST_KEYRING", str(data.parent / "keyring.json"))
    keyring.set_keyring(FileKeyring())
    store = Store.open(data / "leakdesk.sqlite")
    try:
        service.add_account(store, FakeClock(SystemClock().now()), host="127.0.0.1", port=port, user=USER,
                            password=PASSWORD, security="none")
    finally:
        store.close()
    return {**os.environ, "PYTHON_KEYRING_BACKEND": "tests.support.memory_keyring.FileKeyring",
            "PYTHONPATH": str(ROOT)}


def started(data: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``main.py --data-dir DATA ARGS...`` as a process of its own; its standard error kept."""
    return subprocess.Popen([*MAIN, "--data-dir", str(data), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def ran(data: Path, *args: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """``main.py --data-dir DATA ARGS...`` run to its end."""
    return subprocess.run([*MAIN, "--data-dir", str(data), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
