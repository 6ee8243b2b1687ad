"""Running a LeakDesk command in the test's process, as a script would: its exit status, its
standard output and its standard error."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from contextlib import closing
from pathlib import Path

from leakdesk import cli
from leakdesk.clock import Clock, FakeClock, SystemClock


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
