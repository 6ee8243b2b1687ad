"""Syncing one account's folders: history first, then only what is new.

A generator yields progress (the UI shows a bar with counts and an ETA;
the command line prints it). Per folder it remembers UIDVALIDITY and the
highest UID stored; when UIDVALIDITY changes it lists the folder again and
the store's identity check keeps what it already has from being stored
twice. Never depends on \\Seen, never changes flags.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import timedelta

from leakdesk.capture.ingest import FolderKind, Ingestor, IngestResult
from leakdesk.clock import Clock, monotonic
from leakdesk.followup.prepare import acknowledge_new_leads
from leakdesk.mail.imap_source import Fetched, ImapSource, Secret
from leakdesk.mail.readers import Read, ReaderPool
from leakdesk.mail.service import stored_password
from leakdesk.settings import FOLLOWUP_INSTANT_ACK, MAIL_HISTORY_DAYS
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
BATCH = 500
READER_PROCESS_FROM = 2_000  # messages: fewer are read here sooner than a reader process starts


def batches(uids: list[int], size: int, ramped: bool) -> list[list[int]]:
    """``uids`` in batches of ``size``; ``ramped`` (a reader process reads them), the first three and the
    last three smaller, an eighth, a quarter and a half of ``size``: the reader starts on a small first
    batch instead of waiting for a whole one to come over the wire, and at the end this process waits
    for a small last batch to be read instead of a whole one."""
    ramp = [step for step in (size // 8, size // 4, size // 2) if step]
    if not ramped or len(uids) < 2 * (sum(ramp) + size):
        return [uids[start:start + size] for start in range(0, len(uids), size)]
    out: list[list[int]] = []
    start = 0
    for step in ramp:
        out.append(uids[start:start + step])
        start += step
    middle = len(uids) - 2 * sum(ramp)
    count = -(-middle // size)  # batches of the middle, of sizes as even as can be (no small one left over)
    for n in range(count):
        step = middle // count + (n < middle % count)
        out.append(uids[start:start + step])
        start += step
    for step in reversed(ramp):
        out.append(uids[start:start + step])
        start += step
    return out


@dataclass(frozen=True)
class SyncProgress:
    """One folder's sync so far: a snapshot (each batch yields a new one, so a reader on another
    thread never sees it change)."""

    account_id: int
    folder: str
    done: int
    total: int
    started: float
    history: bool = False
    new_leads: tuple[int, ...] = ()  # leads opened so far in this folder
    stored: int = 0
    replies: int = 0

    def after(self, batch: int, result: IngestResult) -> SyncProgress:
        """The snapshot once ``batch`` more messages are done with ``result``."""
        return replace(self, done=self.done + batch, new_leads=self.new_leads + tuple(result.new_leads),
                       stored=self.stored + result.stored, replies=self.replies + result.replies)

    @property
    def eta_seconds(self) -> float | None:
        elapsed = monotonic() - self.started
        if self.done == 0 or self.total <= self.done:
            return None
        return elapsed / self.done * (self.total - self.done)

    def line(self) -> str:
        eta = self.eta_seconds
        tail = f", about {eta:.0f} s left" if eta is not None else ""
        what = "importing history of" if self.history else "checking"
        return (f"{what} {self.folder}: {self.done}/{self.total} messages, {len(self.new_leads)} new leads"
                f"{tail}")


class FolderSync:
    """Sync of one account over one open connection."""

    def __init__(self, store: Store, account: Account, source: ImapSource, clock: Clock,
                 batch: int = BATCH, reader_from: int = READER_PROCESS_FROM) -> None:
        self.store = store
        self.account = account
        self.source = source
        self.clock = clock
        self.batch = batch
        self.reader_from = reader_from  # messages in one sync from which a reader process reads them
        settings = store.settings.load()
        self.history_days: int = settings[MAIL_HISTORY_DAYS]
        self.instant_ack: bool = settings[FOLLOWUP_INSTANT_ACK]
        self.ingestor = Ingestor(store, account, clock)

    def folders(self) -> list[tuple[str, FolderKind]]:
        out = [(self.account.inbox, FolderKind.INBOX)]
        sent = self.account.sent_folder
        if sent is None:
            sent = self.source.find_sent_folder()
            if sent is not None:
                self.store.accounts.set_sent_folder(self.account.id, sent)
                self.account = self.store.accounts.get(self.account.id)
        if sent is not None:
            out.append((sent, FolderKind.SENT))
        return out

    def _read_ahead(self, chunks: list[list[int]], kind: FolderKind,
                    pool: ReaderPool | None) -> Iterator[tuple[list[int], list[Fetched], list[Read] | None]]:
        """Each chunk fetched and, with a reader process, read there while the next is fetched and
        this one stored (without one, ingest reads it). Stopping between batches ends the pool."""
        if pool is None:
            for chunk in chunks:
                yield chunk, self.source.fetch(chunk), None
            return
        context = self.ingestor.reading_context(kind)
        ahead: deque[tuple[list[int], list[Fetched], Future[list[Read]]]] = deque()
        for i, chunk in enumerate(chunks):
            if not ahead:
                fetched = self.source.fetch(chunk)
                ahead.append((chunk, fetched, pool.submit([f.raw for f in fetched], context)))
            if i + 1 < len(chunks):  # the next batch comes over the wire while this one is read
                following = self.source.fetch(chunks[i + 1])
                ahead.append((chunks[i + 1], following, pool.submit([f.raw for f in following], context)))
            ready, fetched, future = ahead.popleft()
            yield ready, fetched, pool.result(future, [f.raw for f in fetched], context)

    def sync_all(self) -> Iterator[SyncProgress]:
        self.store.accounts.mark_connected(self.account.id, self.clock.now())
        for folder, kind in self.folders():
            yield from self.sync_folder(folder, kind)

    def sync_folder(self, folder: str, kind: FolderKind) -> Iterator[SyncProgress]:
        info = self.source.select(folder)
        state = self.store.accounts.folder_state(self.account.id, folder)
        if state is None or state.uidvalidity != info.uidvalidity:
            info = self.source.select(folder, fresh=True)  # history needs today's UIDNEXT
        history = state is None or state.uidvalidity != info.uidvalidity
        if history:
            if state is not None:
                log.warning("%s: UIDVALIDITY changed %s -> %s; listing it again", folder, state.uidvalidity,
                            info.uidvalidity)
            since = (self.clock.now() - timedelta(days=self.history_days)).date()
            uids = self.source.uids_since(since)
        else:
            assert state is not None
            uids = self.source.uids_above(state.highest_uid)
        progress = SyncProgress(self.account.id, folder, 0, len(uids), monotonic(), history=history)
        yield progress
        highest = 0 if history else (state.highest_uid if state else 0)
        reader = len(uids) >= self.reader_from
        chunks = batches(uids, self.batch, ramped=reader)
        with ReaderPool() if reader else nullcontext() as pool:
            for chunk, fetched, read in self._read_ahead(chunks, kind, pool):
                highest = max(highest, chunk[-1])
                result = self.ingestor.ingest_batch(folder, kind, info.uidvalidity, fetched, highest, read)
                if self.instant_ack and kind is FolderKind.INBOX and result.new_leads:
                    acknowledge_new_leads(self.store, self.clock, self.source, result.new_leads)
                progress = progress.after(len(chunk), result)
                yield progress
        if history and info.uidnext:
            # Mail older than the history window is not wanted later either.
            highest = max(highest, info.uidnext - 1)
        if not uids or (history and info.uidnext):
            self.store.accounts.save_folder_state(self.account.id, folder, info.uidvalidity, highest,
                                                  self.clock.now())


def sync_account(store: Store, account: Account, clock: Clock,
                 password_for: Callable[[Account], Secret] | None = None) -> Iterator[SyncProgress]:
    """One sync of ``account`` over a connection of its own (the command line's, the wizard's first)."""
    password = (password_for or stored_password)(account)
    with ImapSource(account, password) as source:
        yield from FolderSync(store, account, source, clock).sync_all()


def sync_once(store: Store, clock: Clock) -> Iterator[SyncProgress]:
    """Fetch everything new from every account, once."""
    for account in store.accounts.all():
        yield from sync_account(store, account, clock)
