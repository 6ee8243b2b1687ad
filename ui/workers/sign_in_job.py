"""A sign-in with Microsoft or Google off the UI thread.

It waits on a person (in the browser, or typing a code on their phone) for up to minutes, so it runs
on a daemon thread of its own rather than the thread pool: the app can quit meanwhile without waiting
for it. ``then`` runs on that thread too with what the sign-in gave (log in and list the folders, keep
it for an account). A cancelled or superseded sign-in's answer is dropped; Microsoft's device code
stops polling at once.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import QObject, Signal

from leakdesk.domain.accounts import SignIn
from leakdesk.errors import LeakDeskError
from leakdesk.mail import service

log = logging.getLogger(__name__)
FAILED = "The sign-in stopped unexpectedly; the log has the details."


class SignInJob(QObject):
    code_shown = Signal(str, str, str)  # message, address to open, code (Microsoft's device code)
    done = Signal(object)  # what ``then`` returned
    failed = Signal(str)
    _said = Signal(int, str, object)  # generation, what, value: from the sign-in thread to this one

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.running = False
        self._cancel = threading.Event()
        self._said.connect(self._relay)

    def start(self, provider: SignIn, address: str, stored: Mapping[str, str],
              then: Callable[[service.SignedIn], object], device_code: bool = False) -> None:
        self.cancel()
        self.generation += 1
        generation, cancel, said = self.generation, threading.Event(), self._said
        self._cancel, self.running = cancel, True

        def emit(what: str, value: object) -> None:
            if shiboken6.isValid(self):  # the window may have closed while a person was signing in
                try:
                    said.emit(generation, what, value)
                except RuntimeError:
                    log.debug("a sign-in finished after its window closed")

        def run() -> None:
            try:
                signed = service.sign_in(
                    provider, address, stored, cancelled=cancel.is_set,
                    show_code=(lambda m, u, c: emit("code", (m, u, c))) if device_code else None)
                if cancel.is_set():
                    return
                emit("done", then(signed))
            except LeakDeskError as exc:
                emit("failed", str(exc))
            except Exception:  # no exception escapes a worker
                log.error("sign-in failed\n%s", traceback.format_exc())
                emit("failed", FAILED)

        threading.Thread(target=run, name="sign-in", daemon=True).start()

    def cancel(self) -> None:
        """Stop waiting: the answer, if one still comes, is dropped."""
        self._cancel.set()
        self.generation += 1
        self.running = False

    def _relay(self, generation: int, what: str, value: object) -> None:
        if generation != self.generation:
            return
        if what == "code":
            assert isinstance(value, tuple)
            self.code_shown.emit(*value)
            return
        self.running = False
        (self.done if what == "done" else self.failed).emit(value)
