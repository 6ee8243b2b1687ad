"""What people decided about messages (the reading model's examples) and the
messages waiting for a decision (Check these)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from leakdesk.store.rows import Evidence, evidence_of, iso, weighed

MAX_EXAMPLES = 400


@dataclass(frozen=True, slots=True)
class Undecided:
    """A message waiting in Check these, with what LeakDesk made of it."""

    row: int
    sender: str
    subject: str
    reason: str
    evidence: Evidence
    received_at: str | None
    channel: str | None


def explain(evidence: Evidence | list[tuple[float, str]]) -> list[str]:
    """Evidence in words, strongest first."""
    return [weighed(w, text) for w, text in sorted(evidence, key=lambda e: -abs(e[0]))]


class ReadingRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def remember(self, message_row: int, label: str, tokens: frozenset[str], at: datetime, by: int | None) -> None:
        """A person's decision on a message (the newest decision on a message wins)."""
        self.db.execute(
            "INSERT INTO reading_examples (message_row, label, tokens, decided_at, decided_by) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(message_row) DO UPDATE SET label = excluded.label, tokens = excluded.tokens,"
            " decided_at = excluded.decided_at, decided_by = excluded.decided_by",
            [message_row, label, json.dumps(sorted(tokens), ensure_ascii=False), iso(at), by])

    def examples(self) -> list[tuple[str, frozenset[str]]]:
        """(label, tokens) of the newest decisions, oldest first."""
        rows = self.db.execute(
            "SELECT label, tokens FROM (SELECT * FROM reading_examples ORDER BY decided_at DESC, message_row DESC"
            " LIMIT ?) ORDER BY decided_at, message_row", [MAX_EXAMPLES]).fetchall()
        return [(str(label), frozenset(json.loads(tokens))) for label, tokens in rows]

    def example_rows(self) -> list[int]:
        return [int(r[0]) for r in self.db.execute("SELECT message_row FROM reading_examples ORDER BY message_row")]

    def undecided_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM messages WHERE role = 'undecided'").fetchone()[0])

    def undecided(self, limit: int = 1000) -> list[Undecided]:
        """Messages waiting in Check these, oldest first, with their evidence."""
        rows = self.db.execute(
            "SELECT id, sender, subject, reason, evidence, coalesce(internal_date, stored_at), channel"
            " FROM messages WHERE role = 'undecided' ORDER BY id LIMIT ?", [limit]).fetchall()
        return [Undecided(int(r[0]), r[1] or "", r[2] or "", r[3] or "",
                          evidence_of(r[4]), r[5], r[6]) for r in rows]
