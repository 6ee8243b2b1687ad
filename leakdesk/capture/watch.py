"""Watching an account live: IMAP IDLE on the inbox, polling where there is
no IDLE, the sent folder on its own schedule, reconnecting with capped
exponential backoff and jitter. Auth and certificate failures are final:
they are said once and the watcher stops.

Blocking and Qt-free: the app runs ``Watcher.run()`` on one worker thread
and shows what it yields; tests run it on a plain thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from leakdesk.backoff import Backoff
from leakdesk.capture.ingest import FolderKind
from leakdesk.capture.sync import FolderSync, SyncProgress
from leakdesk.clock import Clock, monotonic
from leakdesk.errors import (
    AuthFailed,
    CertificateInvalid,
    ConnectionLost,
    DatabaseBusy,
    DatabaseDamaged,
    DiskFull,
    MailError,
    ReadOnlyData,
    SecretsError,
    ServerUnreachable,
    SignInNeeded,
)
from leakdesk.mail.imap_source import FolderInfo, ImapSource, Secret, written_since
from leakdesk.settings import MAIL_POLL_SECONDS, MAIL_SENT_POLL_SECONDS
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from leakdesk.store.database import storage_said

log = logging.getLogger(__name__)
IDLE_RENEW_S = 25 * 60  # servers may drop IDLE after 29 minutes (RFC 2177)
FINAL_ERRORS = (AuthFailed, CertificateInvalid, SecretsError, DatabaseDamaged, ReadOnlyData)
PASSING_ERRORS = (ConnectionLost, ServerUnreachable, MailError, DatabaseBusy, DiskFull)  # retried, with backoff


@dataclass(frozen=True)
class WatchSettings:
    poll_seconds: float = 60.0  # inbox, when the server has no IDLE
    sent_poll_seconds: float = 120.0
    idle_check_seconds: float = 1.0  # how often a waiting IDLE looks at stop/wake
    backoff_first: float = 1.0
    backoff_cap: float = 300.0


class WatchState(StrEnum):
    """Where the watcher is (its report's state)."""

    SYNCING = "syncing"      # reading what is new (a progress snapshot comes with it)
    WATCHING = "watching"    # a check finished (with the leads it found)
    LISTENING = "listening"  # about to wait for news (IDLE or the poll interval)
    RETRYING = "retrying"    # a passing failure: trying again after a delay
    STOPPED = "stopped"
    FAILED = "failed"        # a final failure (a password refused, a damaged database)


@dataclass(frozen=True)
class WatchReport:
    """What the watcher tells its owner (the app's status line, tests)."""

    state: WatchState
    checked_at: datetime | None = None
    new_leads: tuple[int, ...] = ()
    progress: SyncProgress | None = None
    message: str = ""
    retry_in: float | None = None
    sign_in_needed: bool = False  # FAILED because the OAuth2 sign-in must be done again




class Watcher:
    def __init__(self, open_store: Callable[[], Store], account_id: int, password_for: Callable[[Account], Secret],
                 clock: Clock, settings: WatchSettings | None = None) -> None:
        self.open_store = open_store
        self.account_id = account_id
        self.password_for = password_for
        self.clock = clock
        self.settings = settings or WatchSettings()
        self.from_store_settings = settings is None  # the app: intervals come from the settings table
        self.stop = threading.Event()
        self.wake = threading.Event()  # "check now"
        self.source: ImapSource | None = None  # the live connection, so a stop can cut a blocked read
        self.backoff = Backoff(self.settings.backoff_first, self.settings.backoff_cap)

    def check_now(self) -> None:
        self.wake.set()

    def request_stop(self) -> None:
        """From any thread: stop between batches, and cut a read that waits on a slow server."""
        self.stop.set()
        source = self.source
        if source is not None:
            source.abort()

    def run(self) -> Iterator[WatchReport]:
        """Watch until ``stop`` is set or a final error; one store connection for this thread."""
        store = self.open_store()
        try:
            yield from self._run(store)
        finally:
            store.close()
            yield WatchReport(WatchState.STOPPED)

    def _run(self, store: Store) -> Iterator[WatchReport]:
        if self.from_store_settings:
            values = store.settings.load()
            self.settings = replace(self.settings, poll_seconds=float(values[MAIL_POLL_SECONDS]),
                                    sent_poll_seconds=float(values[MAIL_SENT_POLL_SECONDS]))
        while not self.stop.is_set():
            account = store.accounts.get(self.account_id)
            try:
                yield from self._connected(store, account)
            except FINAL_ERRORS as exc:
                log.error("watching %s stopped: %s", account.username, exc)
                yield WatchReport(WatchState.FAILED, message=str(exc), sign_in_needed=isinstance(exc, SignInNeeded))
                return
            except PASSING_ERRORS as exc:
                if self.stop.is_set():
                    return  # the connection was cut to stop: nothing failed
                delay = self.backoff.next_delay()
                log.warning("mail check failed (%s); retrying in %.0f s", exc, delay)
                yield WatchReport(WatchState.RETRYING, message=str(exc), retry_in=delay)
                self.wake.clear()
                self._wait(delay)

    def _connected(self, store: Store, account: Account) -> Iterator[WatchReport]:
        """One connection's life; a storage failure becomes its sentence (busy and full pass)."""
        with storage_said(store.path):
            yield from self._session(store, account)

    def _session(self, store: Store, account: Account) -> Iterator[WatchReport]:
        password = self.password_for(account)
        try:
            with ImapSource(account, password) as source:
                self.source = source
                try:
                    if self.stop.is_set():  # asked to stop while connecting
                        return
                    sync = FolderSync(store, account, source, self.clock)
                    read = source.select(account.inbox, fresh=True)  # the inbox as the first sync finds it
                    yield from self._sync(sync.sync_all())
                    self.backoff.reset()
                    yield from self._live(source, sync, read)
                finally:
                    if self.stop.is_set():
                        source.abort()  # no polite LOGOUT to a slow server when the app is closing
        finally:
            self.source = None

    def _wait(self, seconds: float) -> None:
        """Sleep, but wake for stop or check-now."""
        deadline = monotonic() + seconds
        while not self.stop.is_set() and not self.wake.is_set():
            left = deadline - monotonic()
            if left <= 0:
                return
            self.stop.wait(min(left, 0.2))

    def _sync(self, progress: Iterator[SyncProgress]) -> Iterator[WatchReport]:
        folders: dict[str, SyncProgress] = {}  # the latest snapshot of each folder
        for p in progress:
            folders[p.folder] = p
            yield WatchReport(WatchState.SYNCING, progress=p)
            if self.stop.is_set():  # between batches: what is stored stays, the rest comes next time
                return
        new = tuple(lead for p in folders.values() for lead in p.new_leads)
        yield WatchReport(WatchState.WATCHING, checked_at=self.clock.now(), new_leads=new)

    def _live(self, source: ImapSource, sync: FolderSync, read: FolderInfo) -> Iterator[WatchReport]:
        """Wait for news, then read what is new; ``read`` is the inbox as the last sync of it found it.

        The server tells this connection of a new message once, and IDLE never repeats it. A message that
        arrives after the sync's search is told in the answer to a later command (ImapSource keeps that
        notice for the next idle_check), or not at all while the Sent folder is selected: so each round
        first looks at the inbox afresh and waits only when no UID was added since ``read``."""
        folders = dict((kind, name) for name, kind in sync.folders())
        inbox, sent = folders[FolderKind.INBOX], folders.get(FolderKind.SENT)
        has_idle = source.has_idle()
        last_sent = monotonic()
        while not self.stop.is_set():
            if source.renew_by is not None and monotonic() >= source.renew_by:
                log.info("reconnecting to %s with a renewed sign-in", self.account_id)
                return  # the session's token is about to expire: the next session signs in afresh
            now = source.select(inbox, fresh=True)
            if not written_since(read, now):
                yield WatchReport(WatchState.LISTENING)  # about to wait for news (IDLE or the poll interval)
                until = last_sent + self.settings.sent_poll_seconds
                if source.renew_by is not None:
                    until = min(until, source.renew_by)
                if has_idle:
                    self._idle(source, until_sent=until)
                else:
                    self._wait(min(self.settings.poll_seconds, max(0.0, until - monotonic())))
                if self.stop.is_set():
                    return
                now = source.select(inbox, fresh=True)  # what the sync below reads, at the least
            read = now
            woken = self.wake.is_set()
            self.wake.clear()
            checks = [sync.sync_folder(inbox, FolderKind.INBOX)]
            if sent and (woken or monotonic() - last_sent >= self.settings.sent_poll_seconds):
                checks.append(sync.sync_folder(sent, FolderKind.SENT))
                last_sent = monotonic()
            for check in checks:
                yield from self._sync(check)

    def _idle(self, source: ImapSource, until_sent: float) -> None:
        started = monotonic()
        source.idle_start()
        try:
            while not self.stop.is_set() and not self.wake.is_set():
                now = monotonic()
                if now - started >= IDLE_RENEW_S or now >= until_sent:
                    return
                if source.idle_check(self.settings.idle_check_seconds):
                    return
        finally:
            source.idle_done()
