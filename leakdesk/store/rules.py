"""Rules people made: ignore a sender or domain, treat a sender as a web form
or always as a lead, pick a channel. Read as one frozen Rules value."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from leakdesk.domain import Channel
from leakdesk.domain.rules import Rules
from leakdesk.errors import LeakDeskError
from leakdesk.store.rows import iso

KINDS = ("ignore_sender", "ignore_domain", "form_sender", "lead_sender", "channel")


class RuleRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, kind: str, pattern: str, at: datetime, value: str | None = None) -> None:
        if kind not in KINDS:
            raise LeakDeskError(f"A rule is one of {', '.join(KINDS)}, not '{kind}'.")
        pattern = pattern.strip().lower()
        if not pattern:
            raise LeakDeskError("A rule needs an address, a domain or some text to match.")
        if kind == "channel":
            Channel(value or "")
        self.db.execute(
            "INSERT INTO rules (kind, pattern, value, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(kind, pattern) DO UPDATE SET value = excluded.value", [kind, pattern, value, iso(at)])

    def remove(self, kind: str, pattern: str) -> None:
        self.db.execute("DELETE FROM rules WHERE kind = ? AND pattern = ?", [kind, pattern.strip().lower()])

    def all(self) -> list[tuple[str, str, str | None]]:
        return [(r[0], r[1], r[2]) for r in self.db.execute("SELECT kind, pattern, value FROM rules ORDER BY id")]

    def load(self) -> Rules:
        by_kind: dict[str, set[str]] = {k: set() for k in KINDS}
        channels: list[tuple[str, Channel]] = []
        for kind, pattern, value in self.all():
            if kind == "channel" and value:
                channels.append((pattern, Channel(value)))
            else:
                by_kind[kind].add(pattern)
        return Rules(frozenset(by_kind["ignore_sender"]), frozenset(by_kind["ignore_domain"]),
                     frozenset(by_kind["form_sender"]), frozenset(by_kind["lead_sender"]), tuple(channels))
