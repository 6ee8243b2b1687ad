"""Stored mail messages and what became of each (lead, role, reason)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import sqlite_utils

from leakdesk.domain import Message
from leakdesk.domain.messages import ParsedMessage
from leakdesk.store.rows import evidence_of, evidence_text, iso, message_from_row, parse_iso, weighed

RAW_INLINE_LIMIT = 1_000_000  # bytes; bigger messages (attachments) live in files beside the database


class MessageRepository:
    def __init__(self, db: sqlite_utils.Database, files: Path) -> None:
        self.db = db
        self.files = files
        self._pending_raw: list[tuple[int, bytes, str | None]] = []

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

    def add_many(self, messages: Iterable[tuple[Message, datetime, datetime | None, bytes | None]]) -> None:
        """Store (message, stored_at, internal_date, raw) in one transaction."""
        with self.db.atomic():
            for message, stored_at, internal_date, raw in messages:
                row = self.add(message, stored_at, internal_date)
                if raw is not None:
                    self.db.execute("INSERT INTO message_raw (message_row, raw) VALUES (?, ?)", [row, raw])

    def known_uids(self, account_id: int, folder: str, uidvalidity: int, uids: Sequence[int]) -> set[int]:
        """Which of ``uids`` are stored already at this location (a repeated batch)."""
        if not uids:
            return set()
        marks = ",".join("?" * len(uids))
        rows = self.db.execute(
            f"SELECT uid FROM messages WHERE ifnull(account_id, 0) = ? AND folder = ? AND ifnull(uidvalidity, 0) = ?"
            f" AND uid IN ({marks})", [account_id, folder, uidvalidity, *uids])
        return {int(r[0]) for r in rows}

    def known_identities(self, account_id: int, message_ids: Sequence[str | None]) -> dict[tuple[str, str], int]:
        """(Message-ID or '', fingerprint) pairs stored already for these Message-IDs, with the row
        of each (through the identity index; messages without one share the '' key)."""
        keys = sorted({m or "" for m in message_ids})
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT ifnull(message_id, ''), fingerprint, id FROM messages WHERE ifnull(account_id, 0) = ?"
            f" AND ifnull(message_id, '') IN ({marks}) AND fingerprint IS NOT NULL", [account_id, *keys])
        return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}

    def add_duplicate(self, message: Message, of_row: int, size: int, internal_date: datetime | None,
                      stored_at: datetime, sender: str | None, subject: str | None) -> int:
        """A second delivery of a stored message: a row for its location, no second copy of it."""
        cursor = self.db.execute(
            "INSERT INTO messages (account_id, folder, uid, uidvalidity, message_id, lead_id, role, reason,"
            " internal_date, stored_at, sender, subject, size, duplicate_of)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [message.account_id, message.folder, message.uid, message.uidvalidity, message.message_id,
             message.lead_id, message.role.value, message.reason, iso(internal_date), iso(stored_at), sender,
             subject, size, of_row])
        return int(cursor.lastrowid or 0)

    def location(self, message_row: int) -> tuple[str, int | None, int | None] | None:
        row = self.db.execute("SELECT folder, uid, lead_id FROM messages WHERE id = ?", [message_row]).fetchone()
        return (str(row[0]), row[1], row[2]) if row else None

    def add_captured(self, message: Message, raw: bytes, fingerprint: str, parsed: ParsedMessage | None,
                     size: int, internal_date: datetime | None, stored_at: datetime, channel: str | None = None,
                     attachments: Sequence[tuple[str, str, int]] = (),
                     evidence: Sequence[tuple[float, str]] = (), confidence: float | None = None) -> int:
        """Store a fetched message and its raw bytes (inline, or in a file when large)."""
        cursor = self.db.execute(
            "INSERT INTO messages (account_id, folder, uid, uidvalidity, message_id, fingerprint, lead_id, role,"
            " reason, internal_date, stored_at, sender, subject, in_reply_to, refs, size, channel, attachments,"
            " evidence, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                message.account_id, message.folder, message.uid, message.uidvalidity, message.message_id,
                fingerprint, message.lead_id, message.role.value, message.reason, iso(internal_date),
                iso(stored_at), parsed.from_addr if parsed else None, parsed.subject if parsed else None,
                parsed.in_reply_to if parsed else None, " ".join(parsed.references) if parsed else None, size,
                channel, json.dumps([list(a) for a in attachments]) if attachments else None,
                evidence_text(evidence), confidence,
            ],
        )
        row_id = int(cursor.lastrowid or 0)
        if len(raw) > RAW_INLINE_LIMIT:
            self._pending_raw.append((row_id, b"", str(self._write_file(fingerprint, raw))))
        else:
            self._pending_raw.append((row_id, raw, None))
        if not self.db.conn.in_transaction:
            self.flush_raw()
        return row_id

    def flush_raw(self) -> None:
        """Write the raw bytes of messages added so far (one statement for a whole batch)."""
        if self._pending_raw:
            self.db.conn.executemany("INSERT INTO message_raw (message_row, raw, path) VALUES (?, ?, ?)",
                                     self._pending_raw)
            self._pending_raw = []

    def _write_file(self, fingerprint: str, raw: bytes) -> Path:
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / f"{fingerprint}.eml"
        if not path.exists():  # same content, same name: a repeat writes nothing
            partial = path.with_suffix(".part")
            partial.write_bytes(raw)
            os.replace(partial, path)
        return path

    def lead_for_thread(self, account_id: int, message_ids: Sequence[str]) -> int | None:
        """The lead of the nearest stored message among ``message_ids``."""
        for message_id in message_ids:
            row = self.db.execute(
                "SELECT lead_id FROM messages WHERE message_id = ? AND ifnull(account_id, 0) = ?"
                " AND lead_id IS NOT NULL ORDER BY id LIMIT 1", [message_id, account_id]).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def size(self, message_row: int) -> int:
        """The stored message's size in bytes as the server gave it (0 when unknown)."""
        row = self.db.execute("SELECT size FROM messages WHERE id = ?", [message_row]).fetchone()
        return int(row[0] or 0) if row else 0

    def raw(self, message_row: int) -> bytes | None:
        row = self.db.execute("SELECT raw, path FROM message_raw WHERE message_row = ?", [message_row]).fetchone()
        if row is None:
            return None
        if row[1]:
            path = Path(row[1])
            return path.read_bytes() if path.exists() else None
        return bytes(row[0])

    def for_lead(self, lead_id: int) -> list[tuple[Message, datetime | None, str | None]]:
        """The lead's messages with their time and sender, oldest first."""
        rows = self.db.query(
            "SELECT * FROM messages WHERE lead_id = ? ORDER BY coalesce(internal_date, stored_at), id", [lead_id])
        return [(message_from_row(r), parse_iso(r["internal_date"]), r["sender"]) for r in rows]

    def set_aside(self, limit: int = 500) -> list[tuple[Message, str | None, str | None]]:
        """Recent messages that are no lead's (not a lead, quarantined), newest first."""
        rows = self.db.query(
            "SELECT * FROM messages WHERE lead_id IS NULL AND role NOT IN ('duplicate', 'undecided')"
            " ORDER BY id DESC LIMIT ?", [limit])
        return [(message_from_row(r), r["sender"], r["subject"]) for r in rows]

    def received_at(self, message_row: int) -> datetime | None:
        row = self.db.execute("SELECT coalesce(internal_date, stored_at) FROM messages WHERE id = ?",
                              [message_row]).fetchone()
        return parse_iso(row[0]) if row else None

    def get_set_aside(self, message_row: int) -> Message | None:
        """One message that is no lead's (not a lead, quarantined), or None."""
        rows = list(self.db.query("SELECT * FROM messages WHERE id = ? AND lead_id IS NULL", [message_row]))
        return message_from_row(rows[0]) if rows else None

    def set_role(self, message_row: int, role: str, reason: str | None, lead_id: int | None) -> None:
        self.db.execute("UPDATE messages SET role = ?, reason = ?, lead_id = ? WHERE id = ?",
                        [role, reason, lead_id, message_row])

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM messages").fetchone()[0])

    def all(self) -> list[Message]:
        return [message_from_row(r) for r in self.db.query("SELECT * FROM messages ORDER BY id")]

    def evidence(self, message_row: int) -> list[tuple[float, str]]:
        """The evidence a message was read with, as it was weighed."""
        row = self.db.execute("SELECT evidence FROM messages WHERE id = ?", [message_row]).fetchone()
        return list(evidence_of(row[0])) if row else []

    def enquiry_of(self, lead_id: int) -> int | None:
        """The row of the message a lead began with."""
        row = self.db.execute("SELECT id FROM messages WHERE lead_id = ? AND role IN ('enquiry', 'not_a_lead')"
                              " ORDER BY id LIMIT 1", [lead_id]).fetchone()
        return int(row[0]) if row else None

    def records(self) -> list[dict[str, object]]:
        """Every message as ``messages --json`` shows it."""
        out: list[dict[str, object]] = []
        places = {int(r[0]): (r[1], r[2]) for r in self.db.execute(
            "SELECT id, folder, uid FROM messages WHERE id IN (SELECT duplicate_of FROM messages)")}
        for r in self.db.query("SELECT * FROM messages ORDER BY id"):
            record: dict[str, object] = {
                "folder": r["folder"], "uid": r["uid"], "uidvalidity": r["uidvalidity"],
                "message_id": r["message_id"], "lead_id": r["lead_id"], "role": r["role"], "reason": r["reason"],
                "sender": r["sender"], "subject": r["subject"], "channel": r["channel"],
                "attachments": json.loads(r["attachments"]) if r["attachments"] else [],
                "received_at": r["internal_date"], "confidence": r["confidence"],
                "evidence": [weighed(w, t) for w, t in evidence_of(r["evidence"])],
            }
            if r["duplicate_of"] is not None:
                folder, uid = places.get(int(r["duplicate_of"]), (None, None))
                record["duplicate_of"] = {"folder": folder, "uid": uid}
            out.append(record)
        return out

    def message_ids_by_lead(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = defaultdict(list)
        rows = self.db.execute(
            "SELECT lead_id, message_id FROM messages "
            "WHERE lead_id IS NOT NULL AND message_id IS NOT NULL ORDER BY id"
        )
        for lead_id, message_id in rows:
            out[lead_id].append(message_id)
        return out
