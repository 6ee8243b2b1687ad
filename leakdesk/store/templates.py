"""Reply templates as the business keeps them: the shipped ones, its edits, its own."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from leakdesk.domain.templates import BY_NAME, DEFAULTS, Template
from leakdesk.errors import NotFoundError
from leakdesk.store.rows import iso


class TemplateRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def _stored(self) -> dict[str, Template]:
        rows = self.db.execute("SELECT name, title, subject, body FROM templates ORDER BY name")
        return {name: Template(name, title, subject, body, builtin=name in BY_NAME)
                for name, title, subject, body in rows}

    def all(self) -> list[Template]:
        """Shipped templates first (edited where edited), then the business's own by title."""
        stored = self._stored()
        shipped = [stored.pop(t.name, t) for t in DEFAULTS]
        return shipped + sorted(stored.values(), key=lambda t: t.title.lower())

    def get(self, name: str) -> Template:
        for template in self.all():
            if template.name == name:
                return template
        names = ", ".join(t.name for t in self.all())
        raise NotFoundError(f"There is no template called '{name}'; the templates are {names}.")

    def is_edited(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM templates WHERE name = ?", [name]).fetchone() is not None

    def save(self, template: Template, at: datetime) -> None:
        self.db.execute(
            "INSERT INTO templates (name, title, subject, body, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET title = excluded.title, subject = excluded.subject, "
            "body = excluded.body, updated_at = excluded.updated_at",
            [template.name, template.title, template.subject, template.body, iso(at)])

    def remove(self, name: str) -> None:
        """Back to the shipped text for a shipped template; gone for the business's own."""
        self.db.execute("DELETE FROM templates WHERE name = ?", [name])
