"""The store facade: one connection and its repositories."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from leakdesk.store.accounts import AccountRepository
from leakdesk.store.database import is_read_only, open_database
from leakdesk.store.journal import JournalRepository
from leakdesk.store.leads import LeadRepository
from leakdesk.store.messages import MessageRepository
from leakdesk.store.meta import MetaRepository
from leakdesk.store.people import PersonRepository
from leakdesk.store.reading import ReadingRepository
from leakdesk.store.reports import ReportRepository
from leakdesk.store.rows import parse_iso
from leakdesk.store.rules import RuleRepository
from leakdesk.store.settings_repo import SettingsRepository
from leakdesk.store.templates import TemplateRepository


class Store:
    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.leads = LeadRepository(db)
        self.people = PersonRepository(db)
        self.settings = SettingsRepository(db)
        self.messages = MessageRepository(db, path.parent / "mail")
        self.accounts = AccountRepository(db)
        self.rules = RuleRepository(db)
        self.reports = ReportRepository(db)
        self.templates = TemplateRepository(db)
        self.reading = ReadingRepository(db)
        self.meta = MetaRepository(db)
        self.journal = JournalRepository(db)

    def transaction(self) -> AbstractContextManager[sqlite_utils.Database]:
        """One transaction (nested calls become savepoints)."""
        return self.db.atomic()

    @contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """One transaction that holds the write lock from its start (BEGIN IMMEDIATE): for work that reads
        and then writes while other connections write too (the team journal applied beside the window's
        actions). A deferred one would fail at its first write, without waiting, when another connection
        wrote after its first read; this one waits for the lock (busy_timeout) before reading anything."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.conn.execute("ROLLBACK")
            raise
        else:
            self.db.conn.execute("COMMIT")

    @classmethod
    def open(cls, path: Path, verify: bool = False) -> Store:
        """The store of ``path``; ``verify`` checks the file first (PRAGMA quick_check)."""
        return cls(open_database(path, verify), path)

    @contextmanager
    def scratch(self) -> Iterator[Store]:
        """This store, or (read-only mode) an in-memory copy of it that work may write caches into."""
        if not self.read_only:
            yield self
            return
        memory = sqlite3.connect(":memory:")
        self.db.conn.backup(memory)
        copy = Store(sqlite_utils.Database(memory), self.path)
        try:
            yield copy
        finally:
            copy.close()

    @property
    def read_only(self) -> bool:
        """Opened from a data folder that cannot be written: everything shows, nothing changes."""
        return is_read_only(self.db)

    def close(self) -> None:
        self.db.close()

    def has_accounts(self) -> bool:
        return bool(self.db.execute("SELECT count(*) FROM accounts").fetchone()[0])

    def connected_at(self) -> datetime | None:
        """When the first account was connected (None: nothing is imported history)."""
        row = self.db.execute("SELECT min(connected_at) FROM accounts").fetchone()
        return parse_iso(row[0])
