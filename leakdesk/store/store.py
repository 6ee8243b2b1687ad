"""The store facade: one connection and its repositories."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from leakdesk.store.accounts import AccountRepository
from leakdesk.store.database import open_database
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

    def transaction(self) -> AbstractContextManager[sqlite_utils.Database]:
        """One transaction (nested calls become savepoints)."""
        return self.db.atomic()

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(open_database(path), path)

    def close(self) -> None:
        self.db.close()

    def has_accounts(self) -> bool:
        return bool(self.db.execute("SELECT count(*) FROM accounts").fetchone()[0])

    def connected_at(self) -> datetime | None:
        """When the first account was connected (None: nothing is imported history)."""
        row = self.db.execute("SELECT min(connected_at) FROM accounts").fetchone()
        return parse_iso(row[0])
