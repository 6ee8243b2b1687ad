"""Housekeeping at low priority: the worker process for the window's figures and the daily backup's
thread yield the processor to the window; the mail reader and the caller's own thread keep theirs."""

from __future__ import annotations

import os
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from leakdesk import worker_process
from leakdesk.mail.readers import ReaderPool
from leakdesk.priority import NICENESS, at_low_priority
from leakdesk.store import Store
from leakdesk.store.backup import backup_path, daily_backup

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="thread priorities are set on Linux")


def _thread_niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _lowered(start: int) -> int:
    return min(19, max(start, NICENESS))


@linux
def test_work_runs_on_a_lowered_thread_and_the_caller_keeps_its_priority() -> None:
    mine = _thread_niceness()
    seen = at_low_priority(_thread_niceness)
    assert seen == _lowered(mine)
    assert _thread_niceness() == mine  # only the new thread was lowered (it cannot be raised back)


def test_the_work_s_error_reaches_the_caller() -> None:
    def broken() -> None:
        raise ValueError("the disk is full")

    with pytest.raises(ValueError, match="the disk is full"):
        at_low_priority(broken)
    assert at_low_priority(lambda: 42) == 42


@linux
def test_the_daily_backup_copies_at_low_priority(store: Store, tmp_path: Path) -> None:
    seen: list[int] = []

    def backup() -> Path | None:
        seen.append(_thread_niceness())
        return daily_backup(store.path, tmp_path / "backups", date(2026, 12, 1))

    made = at_low_priority(backup, "backup")
    assert made == backup_path(tmp_path / "backups", date(2026, 12, 1)) and made.stat().st_size > 0
    assert seen == [_lowered(_thread_niceness())]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no nice here")
def test_the_window_s_worker_process_runs_at_low_priority_and_the_mail_reader_does_not() -> None:
    here = os.nice(0)
    assert worker_process.run(os.nice, 0) == min(19, here + NICENESS)
    with ReaderPool(read_while_starting=False) as readers:
        assert readers._executor is not None
        assert readers._executor.submit(os.nice, 0).result() == here  # an import reads as fast as it can
