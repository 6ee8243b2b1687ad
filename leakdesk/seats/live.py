"""Keeping a seat in step live: its own connection to the journal folder, IDLE there (new entries from
the other seats within a second), this seat's outbox sent as soon as an action is queued, reconnecting
with backoff. Blocking and Qt-free: the app runs ``JournalWatcher.run()`` on a worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from leakdesk.backoff import Backoff
from leakdesk.clock import Clock, monotonic
from leakdesk.errors import AuthFailed, CertificateInvalid, LeakDeskError, MailError, SecretsError
from leakdesk.mail.imap_source import FolderInfo, ImapSource, Secret, written_since
from leakdesk.seats.apply import People, catch_up_waiting
from leakdesk.seats.entries import FOLDER
from leakdesk.seats.exchange import exchange, journal_account
from leakdesk.seats.seat import this_seat
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
IDLE_RENEW_S = 25 * 60


class JournalState(StrEnum):
    IN_SYNC = "in_sync"    # exchanged: the seat has everything the server has
    PROBLEM = "problem"    # a sentence; retried
    NO_SEAT = "no_seat"    # this data folder is not a seat (yet)
    STOPPED = "stopped"


@dataclass(frozen=True)
class JournalReport:
    state: JournalState
    applied: int = 0
    said: tuple[str, ...] = ()
    message: str = ""
    seats: int = 0


class JournalWatcher:
    def __init__(self, open_store: Callable[[], Store], password_for: Callable[[Account], Secret], clock: Clock,
                 check_seconds: float = 0.3, poll_seconds: float = 30.0) -> None:
        self.open_store, self.password_for, self.clock = open_store, password_for, clock
        self.check_seconds, self.poll_seconds = check_seconds, poll_seconds
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.source: ImapSource | None = None
        self.backoff = Backoff(1.0, 120.0)

    def request_stop(self) -> None:
        self.stop.set()
        source = self.source
        if source is not None:
            source.abort()

    def send_now(self) -> None:
        """An action was queued: send it without waiting for the next look."""
        self.wake.set()

    def _wait(self, seconds: float) -> None:
        """Sleep between attempts; a wake ends it, once: it is taken here, or it would end every later wait
        at once and turn the backoff into a loop of reconnecting (what it asked for, the outbox sent, is
        what the next session does first anyway)."""
        deadline = monotonic() + seconds
        while not self.stop.is_set() and monotonic() < deadline:
            if self.wake.is_set():
                self.wake.clear()
                return
            self.stop.wait(min(0.2, max(0.0, deadline - monotonic())))

    def run(self) -> Iterator[JournalReport]:
        store = self.open_store()
        try:
            while not self.stop.is_set():
                try:
                    seat = this_seat(store)
                    account = journal_account(store)
                    if seat is None or account is None:
                        yield JournalReport(JournalState.NO_SEAT)
                        self._wait(5)
                        continue
                    with ImapSource(account, self.password_for(account)) as source:
                        self.source = source
                        yield from self._session(store, source)
                except (AuthFailed, CertificateInvalid, SecretsError) as exc:
                    if self.stop.is_set():
                        return
                    yield JournalReport(JournalState.PROBLEM, message=f"The team journal waits: {exc}")
                    self._wait(60)  # the mail watcher says what to fix; no retrying into a lockout
                except (MailError, LeakDeskError, OSError) as exc:
                    if self.stop.is_set():
                        return
                    delay = self.backoff.next_delay()
                    log.warning("team journal: %s; again in %.0f s", exc, delay)
                    yield JournalReport(JournalState.PROBLEM, message=f"The team journal cannot be reached now "
                                        f"({exc}); this seat's work waits in its outbox.")
                    self._wait(delay)
                finally:
                    self.source = None
        finally:
            store.close()
            yield JournalReport(JournalState.STOPPED)

    def _session(self, store: Store, source: ImapSource) -> Iterator[JournalReport]:
        tz = store.settings.load()[BUSINESS_TIMEZONE]
        idle = source.has_idle()
        while not self.stop.is_set():
            self.wake.clear()  # before the exchange: a wake from now on is for an entry it may not send
            done = exchange(store, source, self.clock, tz)
            if store.journal.waiting():
                with store.writing():
                    catch_up_waiting(store, People(store))
            self.backoff.reset()
            yield JournalReport(JournalState.PROBLEM if done.problem else JournalState.IN_SYNC, done.applied,
                                tuple(done.said), done.problem or "",
                                len([s for s in store.journal.seats() if not s.removed]))
            if source.renew_by is not None and monotonic() >= source.renew_by:
                return  # the sign-in's token is about to expire: reconnect with a renewed one
            self._listen(store, source, idle, done.folder)

    def _called(self, store: Store) -> bool:
        """Stopping, or this seat has something to send: woken (``send_now``), or an entry queued by
        another process of this seat (the command line) without one."""
        return self.stop.is_set() or self.wake.is_set() or bool(store.journal.unsent())

    def _listen(self, store: Store, source: ImapSource, idle: bool, read: FolderInfo | None) -> None:
        """Until the other seats wrote, this seat has something to send, or it is time to look.

        ``read`` is the journal folder as the exchange's pull found it. The server tells this connection of
        an entry written after that once, and IDLE does not repeat it; two places it can get lost:

        - in the answer to one of the pull's later commands (its searches and fetches), where nothing looks
          for it: each round of waiting begins with a fresh look at the folder (EXAMINE) and waits only
          when nothing came since ``read``;
        - an entry written between that look and the IDLE is told at once, often in the same packet as
          IDLE's "+ idling", where imapclient's idle_check does not look (mjs/imapclient#321):
          ImapSource.idle_check reads what is already received before it waits on the socket."""
        until = monotonic() + (min(self.poll_seconds * 40, IDLE_RENEW_S) if idle else self.poll_seconds)
        if source.renew_by is not None:
            until = min(until, source.renew_by)
        if not idle:
            while not self._called(store) and monotonic() < until:
                self.stop.wait(self.check_seconds)
            return
        while not self._called(store) and monotonic() < until:
            now = source.select(FOLDER, fresh=True)
            if read is not None and written_since(read, now):
                return  # exchange again
            round_ends = min(until, monotonic() + self.poll_seconds)
            source.idle_start()
            try:
                while not self._called(store) and monotonic() < round_ends:
                    if source.idle_check(self.check_seconds):
                        return
            finally:
                if not self.stop.is_set() and source.client is not None:  # None: the connection was lost
                    source.idle_done()
