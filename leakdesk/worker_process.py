"""Pure, CPU-heavy work in another process, so it neither holds this process's
GIL (the window stalls while a thread computes) nor waits for it.

Python threads share one interpreter lock: deriving the weekly figures of
100,000 leads on a pool thread kept the window from painting for a tenth of
a second at a time. A worker process has its own. Work sent here must be a
module-level function of picklable arguments; when no process can run it
(none could start, or one died), it runs in this process instead — slower,
never lost.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import TypeVar

from leakdesk.errors import LeakDeskError
from leakdesk.priority import lower_this_process

log = logging.getLogger(__name__)
T = TypeVar("T")
# What a worker imports once, before it is forked (Linux): the work LeakDesk sends.
PRELOAD = ["leakdesk.mail.readers", "leakdesk.mail.readable", "leakdesk.report.review", "leakdesk.report.pipeline",
           "leakdesk.alerting"]


def context() -> BaseContext:
    """fork would copy a process that has threads (the window, the watcher): on Linux a clean fork
    server, which imports the work once, forks the workers; Windows and macOS spawn them."""
    if sys.platform.startswith("linux"):
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        return forkserver
    return multiprocessing.get_context("spawn")


def _die_with_parent() -> None:
    """In the worker: end when LeakDesk ends, even killed (a worker waiting for work never notices:
    it holds both ends of its own queue, and keeps the fork server alive)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _background_worker() -> None:
    """In a worker for the window's figures and alerts: low priority, so it never takes the core from
    the window (leakdesk/priority.py)."""
    lower_this_process()
    _die_with_parent()


def executor(background: bool = False) -> ProcessPoolExecutor | None:
    """A new one-worker process pool (``background``: at low priority), or None (said in the log) when
    none can start here."""
    try:
        return ProcessPoolExecutor(1, mp_context=context(),
                                   initializer=_background_worker if background else _die_with_parent)
    except (OSError, ValueError, RuntimeError) as exc:
        log.warning("working in this process: no worker process (%s)", exc)
        return None


class Closing(LeakDeskError):
    """The app is closing: work sent to the worker is not done here instead."""


_shared: ProcessPoolExecutor | None = None
_closing = False
_lock = threading.Lock()


def run(work: Callable[..., T], *args: object) -> T:
    """``work(*args)`` in the shared worker process, waited for here (the wait holds no lock); in this
    process when the worker cannot run it."""
    global _shared
    with _lock:
        if _shared is None and not _closing:
            _shared = executor(background=True)
        pool = _shared
    if pool is not None:
        try:
            return pool.submit(work, *args).result()  # the work's own errors leave as they came
        except (BrokenProcessPool, RuntimeError) as exc:  # a dead worker, or a pool shut down meanwhile
            if not isinstance(exc, BrokenProcessPool) and "shutdown" not in str(exc):
                raise
            if _closing:
                raise Closing("LeakDesk is closing.") from exc
            log.warning("working in this process: the worker process stopped (%s)", exc)
            with _lock:
                if _shared is pool:
                    _shared = None
            pool.shutdown(wait=False, cancel_futures=True)
    if _closing:
        raise Closing("LeakDesk is closing.")
    return work(*args)


def shut_down() -> None:
    """The app's last step: the worker ends now, mid-work if need be (what it wrote is one transaction,
    undone when cut), and no work starts after."""
    global _shared, _closing
    with _lock:
        pool, _shared, _closing = _shared, None, True
    if pool is not None:
        workers = list(getattr(pool, "_processes", {}).values())  # the stdlib has no public way before 3.14
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
