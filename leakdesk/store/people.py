"""Team members: name, initials, colour and their email addresses."""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlite_utils

from leakdesk.domain import Person
from leakdesk.errors import NotFoundError
from leakdesk.store.rows import person_from_row


class PersonRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, name: str, initials: str, colour: str, emails: Sequence[str] = ()) -> Person:
        cursor = self.db.execute(
            "INSERT INTO people (name, initials, colour, emails) VALUES (?, ?, ?, ?)",
            [name, initials, colour, json.dumps([e.lower() for e in emails])],
        )
        return self.get(int(cursor.lastrowid or 0))

    def update(self, person: Person) -> Person:
        """Store the person's name, initials, colour, addresses and whether they are still on the team."""
        self.db.execute(
            "UPDATE people SET name = ?, initials = ?, colour = ?, emails = ?, active = ? WHERE id = ?",
            [person.name, person.initials, person.colour, json.dumps([e.lower() for e in person.emails]),
             int(person.active), person.id])
        return self.get(person.id)

    def get(self, person_id: int) -> Person:
        rows = list(self.db.query("SELECT * FROM people WHERE id = ?", [person_id]))
        if not rows:
            raise NotFoundError(f"There is no team member {person_id}.")
        return person_from_row(rows[0])

    def find_by_email(self, address: str) -> Person | None:
        rows = self.db.query(
            "SELECT people.* FROM people, json_each(people.emails) WHERE json_each.value = ? LIMIT 1",
            [address.lower()])
        for r in rows:
            return person_from_row(r)
        return None

    def all(self, active_only: bool = True) -> list[Person]:
        where = " WHERE active = 1" if active_only else ""
        return [person_from_row(r) for r in self.db.query(f"SELECT * FROM people{where} ORDER BY name")]
