"""What a data folder remembers about itself (a few keys; migration 0007)."""

from __future__ import annotations

import sqlite_utils


class MetaRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
                        " value = excluded.value", [key, value])
