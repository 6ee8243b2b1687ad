"""Housekeeping yields the processor to the window.

On a two-core shop laptop, the window's thread shares the cores with the
worker process (the weekly figures, the alerts), the daily backup and the
X server. At equal priority, a backup copying the database or a review
being derived took the core from the window mid-paint: the window's worst
stall in bench/jank.py was 47-57 ms, and 39-50 ms with this work at low
priority. Work at low priority runs as fast as ever on an idle machine; it
only waits while the window (or anything else at normal priority) runs.

Lowering a priority needs no privilege (raising it back does, so a thread
is lowered only when it is a thread of its own). Linux sets a thread's
priority with ``setpriority`` on its thread id; elsewhere a thread keeps
the process's, and a worker process is lowered with ``nice`` where there is
one (not on Windows).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
NICENESS = 10  # of 19: well below the window, above anything marked idle


def lower_this_process() -> None:
    """This whole process at low priority (called first in a worker process)."""
    if hasattr(os, "nice"):
        try:
            os.nice(NICENESS)
        except OSError as exc:  # a sandbox may refuse; the work runs all the same
            log.info("could not lower the worker's priority: %s", exc)


def _lower_this_thread() -> None:
    if sys.platform.startswith("linux"):
        me = threading.get_native_id()
        try:
            os.setpriority(os.PRIO_PROCESS, me, max(os.getpriority(os.PRIO_PROCESS, me), NICENESS))
        except OSError as exc:
            log.info("could not lower a thread's priority: %s", exc)


def at_low_priority(work: Callable[[], T], name: str = "low-priority") -> T:
    """``work()`` on a new thread of low priority, waited for here; its result or its error."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        _lower_this_thread()
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller, whatever it is
            failure.append(exc)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
