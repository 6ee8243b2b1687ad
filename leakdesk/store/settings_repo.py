"""Stored setting texts (validated on the way in; defaults are not stored)."""

from __future__ import annotations

import sqlite_utils

from leakdesk import settings as settings_mod
from leakdesk.settings import Settings


class SettingsRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def stored(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.db.query("SELECT key, value FROM settings")}

    def load(self) -> Settings:
        return Settings(self.stored())

    def set(self, name: str, text: str) -> None:
        value = settings_mod.validate(name, text)
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [name, value],
        )

    def change(self, name: str, text: str) -> tuple[str, str]:
        """Set ``name`` and say what changed: (the text before, the text now)."""
        before = self.load().text(name)
        self.set(name, text)
        return before, self.load().text(name)

    def set_many(self, values: dict[str, str]) -> None:
        with self.db.atomic():
            for name, text in values.items():
                self.set(name, text)
