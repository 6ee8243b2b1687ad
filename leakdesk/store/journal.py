"""A seat's side of the team journal (issue 19): its outbox, what it applied, lead versions, cross-seat
lead keys, the other seats. The journal itself lives on the IMAP server (leakdesk.seats)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import sqlite_utils

from leakdesk.store.rows import iso, parse_iso


def message_lead_key(message_id: str | None, fingerprint: str) -> str:
    """A lead's identity on every seat: its enquiry's Message-ID plus the content fingerprint (every seat
    fetches the same bytes from the same server), never a seat's own row id."""
    return "m:" + hashlib.sha256(f"{message_id or ''}\n{fingerprint}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class SeatRow:
    seat_id: str
    name: str
    last_heard: datetime | None
    removed: bool

    def heard(self, tz: tzinfo) -> str:
        """When this seat was last heard from: "Mon 30 Nov 14:05" in the business's time zone, or "never"."""
        return self.last_heard.astimezone(tz).strftime("%a %d %b %H:%M") if self.last_heard else "never"


class JournalRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # -- the outbox: this seat's entries not yet seen in the journal ------------------------
    def queue(self, entry_id: str, body: str) -> None:
        self.db.execute("INSERT INTO journal_outbox (entry_id, body) VALUES (?, ?)", [entry_id, body])

    def outbox(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT entry_id, body FROM journal_outbox ORDER BY seq")]

    def unsent(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT entry_id, body FROM journal_outbox WHERE sent = 0 ORDER BY seq")]

    def mark_sent(self, entry_id: str) -> None:
        self.db.execute("UPDATE journal_outbox SET sent = 1 WHERE entry_id = ?", [entry_id])

    def resend_all(self) -> None:
        """The journal folder was replaced (UIDVALIDITY): what was sent and not seen back goes again."""
        self.db.execute("UPDATE journal_outbox SET sent = 0")

    def in_outbox(self, entry_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM journal_outbox WHERE entry_id = ?", [entry_id]).fetchone() is not None

    def delivered(self, entry_id: str) -> None:
        self.db.execute("DELETE FROM journal_outbox WHERE entry_id = ?", [entry_id])

    # -- entries applied, in journal order ---------------------------------------------------
    def known(self, entry_ids: Iterable[str]) -> set[str]:
        ids = list(entry_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            marks = ",".join("?" * len(part))
            found |= {r[0] for r in self.db.execute(
                f"SELECT entry_id FROM journal_applied WHERE entry_id IN ({marks})", part)}
        return found

    def applied(self, entry_id: str, seat: str, kind: str, lead_key: str | None, accepted: bool,
                server_at: datetime | None, body: str) -> bool:
        """Record an entry as applied here; False when it was already (another process of this seat, e.g.
        a command-line sync beside the app, got there first: its effect must not happen twice)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO journal_applied (entry_id, seat, kind, lead_key, accepted, server_at, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entry_id, seat, kind, lead_key, int(accepted), iso(server_at) if server_at else None, body])
        return cursor.rowcount == 1

    def accepted_bodies(self) -> list[str]:
        """Every accepted entry, in journal order (what a snapshot carries)."""
        return [r[0] for r in self.db.execute(
            "SELECT body FROM journal_applied WHERE accepted = 1"
            " AND kind IN ('lead', 'undo', 'decision', 'rule', 'settings', 'team') ORDER BY seq")]

    def decisions(self) -> list[tuple[str, bool, str | None]]:
        """(entry id, accepted, server time) of every entry applied, in journal order."""
        return [(r[0], bool(r[1]), r[2]) for r in self.db.execute(
            "SELECT entry_id, accepted, server_at FROM journal_applied ORDER BY seq")]

    def decision(self, entry_id: str) -> bool | None:
        row = self.db.execute("SELECT accepted FROM journal_applied WHERE entry_id = ?", [entry_id]).fetchone()
        return None if row is None else bool(row[0])

    def count(self) -> tuple[int, int]:
        """Entries applied, of which refused."""
        row = self.db.execute("SELECT count(*), count(*) - sum(accepted) FROM journal_applied").fetchone()
        return int(row[0]), int(row[1] or 0)

    # -- lead versions: the state an action is made on ----------------------------------------
    def version(self, lead_key: str) -> str | None:
        row = self.db.execute("SELECT version FROM lead_versions WHERE lead_key = ?", [lead_key]).fetchone()
        return str(row[0]) if row else None

    def set_version(self, lead_key: str, version: str) -> None:
        self.db.execute("INSERT INTO lead_versions (lead_key, version) VALUES (?, ?) ON CONFLICT(lead_key)"
                        " DO UPDATE SET version = excluded.version", [lead_key, version])

    def versions(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT lead_key, version FROM lead_versions")}

    # -- accepted entries whose lead this seat has not captured yet ----------------------------
    def wait(self, entry_id: str, lead_key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO journal_waiting (entry_id, lead_key) VALUES (?, ?)",
                        [entry_id, lead_key])

    def waiting(self) -> list[tuple[str, str, str]]:
        """(entry id, lead key, body) of the waiting entries, in journal order."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT w.entry_id, w.lead_key, a.body FROM journal_waiting w JOIN journal_applied a USING (entry_id)"
            " ORDER BY a.seq")]

    def is_waiting(self, lead_key: str) -> bool:
        return self.db.execute("SELECT 1 FROM journal_waiting WHERE lead_key = ? LIMIT 1",
                               [lead_key]).fetchone() is not None

    def waited(self, entry_id: str) -> None:
        self.db.execute("DELETE FROM journal_waiting WHERE entry_id = ?", [entry_id])

    # -- each entry's local events (an undo entry takes them back) -----------------------------
    def set_events(self, entry_id: str, lead_id: int, event_ids: Sequence[int]) -> None:
        self.db.execute("INSERT OR REPLACE INTO journal_events (entry_id, lead_id, event_ids) VALUES (?, ?, ?)",
                        [entry_id, lead_id, json.dumps(list(event_ids))])

    def events_of(self, entry_id: str) -> tuple[int, list[int]] | None:
        row = self.db.execute("SELECT lead_id, event_ids FROM journal_events WHERE entry_id = ?",
                              [entry_id]).fetchone()
        return None if row is None else (int(row[0]), [int(i) for i in json.loads(row[1])])

    def entry_of_events(self, event_ids: Sequence[int]) -> list[str]:
        """The entries whose local events these are (what an undo on this seat takes back)."""
        wanted = set(event_ids)
        return [r[0] for r in self.db.execute("SELECT entry_id, event_ids FROM journal_events")
                if wanted & set(json.loads(r[1]))]

    # -- cross-seat lead keys -----------------------------------------------------------------
    def refresh_keys(self) -> None:
        """Give every lead that began with a message its key (leads are opened by capture, which knows
        nothing of seats)."""
        rows = self.db.execute(
            "SELECT m.lead_id, m.message_id, m.fingerprint FROM messages m"
            " WHERE m.role IN ('enquiry', 'not_a_lead') AND m.lead_id IS NOT NULL AND m.fingerprint IS NOT NULL"
            " AND m.lead_id NOT IN (SELECT lead_id FROM lead_keys) ORDER BY m.id").fetchall()
        seen: set[int] = set()
        for lead_id, message_id, fingerprint in rows:
            if lead_id in seen:
                continue
            seen.add(lead_id)
            self.db.execute("INSERT OR IGNORE INTO lead_keys (lead_id, key) VALUES (?, ?)",
                            [lead_id, message_lead_key(message_id, fingerprint)])

    def keys(self) -> dict[int, str]:
        """Every lead's cross-seat key, without writing (read-only folders, ``leads --json``)."""
        found: dict[int, str] = {}
        for lead_id, message_id, fingerprint in self.db.execute(
                "SELECT lead_id, message_id, fingerprint FROM messages WHERE role IN ('enquiry', 'not_a_lead')"
                " AND lead_id IS NOT NULL AND fingerprint IS NOT NULL ORDER BY id DESC"):
            found[int(lead_id)] = message_lead_key(message_id, fingerprint)  # the first message wins
        found.update({int(r[0]): str(r[1]) for r in self.db.execute("SELECT lead_id, key FROM lead_keys")})
        return found

    def key_of(self, lead_id: int) -> str | None:
        row = self.db.execute("SELECT key FROM lead_keys WHERE lead_id = ?", [lead_id]).fetchone()
        return str(row[0]) if row else None

    def set_key(self, lead_id: int, key: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO lead_keys (lead_id, key) VALUES (?, ?)", [lead_id, key])

    def lead_of(self, key: str) -> int | None:
        row = self.db.execute("SELECT lead_id FROM lead_keys WHERE key = ?", [key]).fetchone()
        return int(row[0]) if row else None

    # -- the other seats ------------------------------------------------------------------------
    def heard(self, seat_id: str, name: str, at: datetime | None) -> None:
        self.db.execute(
            "INSERT INTO seats (seat_id, name, last_heard) VALUES (?, ?, ?) ON CONFLICT(seat_id) DO UPDATE SET"
            " name = excluded.name,"
            " last_heard = max(coalesce(seats.last_heard, ''), coalesce(excluded.last_heard, ''))",
            [seat_id, name, iso(at) if at else None])

    def remove_seat(self, seat_id: str) -> None:
        self.db.execute("UPDATE seats SET removed = 1 WHERE seat_id = ?", [seat_id])

    def removed_seats(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT seat_id FROM seats WHERE removed = 1")}

    def seats(self) -> list[SeatRow]:
        return [SeatRow(r[0], r[1], parse_iso(r[2]) if r[2] else None, bool(r[3]))
                for r in self.db.execute("SELECT seat_id, name, last_heard, removed FROM seats ORDER BY name")]
