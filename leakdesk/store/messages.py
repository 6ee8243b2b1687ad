"""Stored mail messages and what became of each (lead, role, reason)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

import sqlite_utils

from leakdesk.domain import Message
from leakdesk.store.rows import iso, message_from_row


class MessageRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, message: Message, stored_at: datetime, internal_date: datetime | None = None) -> int:
        cursor = self.db.execute(
            "INSERT INTO messages (account_id, folder, uid, uidvalidity, message_id, lead_id, role,"
            " reason, internal_date, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                message.account_id, message.folder, message.uid, message.uidvalidity,
                message.message_id, message.lead_id, message.role.value, message.reason,
                iso(internal_date), iso(stored_at),
            ],
        )
        return int(cursor.lastrowid or 0)

    def add_many(self, messages: Iterable[tuple[Message, datetime, datetime | None]]) -> None:
        """Store (message, stored_at, internal_date) triples in one transaction."""
        with self.db.atomic():
            for message, stored_at, internal_date in messages:
                self.add(message, stored_at, internal_date)

    def all(self) -> list[Message]:
        return [message_from_row(r) for r in self.db.query("SELECT * FROM messages ORDER BY id")]

    def message_ids_by_lead(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        rows = self.db.execute(
            "SELECT lead_id, message_id FROM messages "
            "WHERE lead_id IS NOT NULL AND message_id IS NOT NULL ORDER BY id"
        )
        for lead_id, message_id in rows:
            out[lead_id].append(message_id)
        return out
