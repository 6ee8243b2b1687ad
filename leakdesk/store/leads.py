"""Leads and their event log: every change is an event plus the new row."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import sqlite_utils

from leakdesk import lifecycle
from leakdesk.board import BoardEntry, BoardWindow, board_entries
from leakdesk.domain import Event, EventKind, Lead, Outcome
from leakdesk.errors import NotFoundError
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store.rows import (
    LEAD_COLUMNS,
    LEAD_SELECT,
    event_from_row,
    event_to_row,
    iso,
    lead_from_tuple,
    lead_to_row,
    normalise_details,
)

_UPDATE = "UPDATE leads SET " + ", ".join(f"{c} = :{c}" for c in LEAD_COLUMNS[1:]) + " WHERE id = :id"
_INSERT = f"INSERT INTO leads ({LEAD_SELECT}) VALUES ({', '.join(':' + c for c in LEAD_COLUMNS)})"
_INSERT_NEW = (
    f"INSERT INTO leads ({', '.join(LEAD_COLUMNS[1:])}) VALUES ({', '.join(':' + c for c in LEAD_COLUMNS[1:])})"
)
_INSERT_EVENT = (
    "INSERT INTO events (lead_id, kind, at, actor_id, details) "
    "VALUES (:lead_id, :kind, :at, :actor_id, :details)"
)


class LeadRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # -- reading ----------------------------------------------------------------------
    def get(self, lead_id: int) -> Lead:
        row = self.db.execute(f"SELECT {LEAD_SELECT} FROM leads WHERE id = ?", [lead_id]).fetchone()
        if row is None:
            raise NotFoundError(f"There is no lead {lead_id}.")
        return lead_from_tuple(row)

    def many(self, ids: Sequence[int]) -> list[Lead]:
        """These leads, in the order given (unknown ids are skipped)."""
        found: dict[int, Lead] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows = self.db.execute(f"SELECT {LEAD_SELECT} FROM leads WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            found.update((lead.id, lead) for lead in map(lead_from_tuple, rows))
        return [found[i] for i in ids if i in found]

    def received_since(self, ids: Sequence[int], since: datetime) -> list[int]:
        """Those of ``ids`` received at or after ``since`` (live mail, not imported history)."""
        out: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows = self.db.execute(f"SELECT id FROM leads WHERE id IN ({','.join('?' * len(chunk))}) "
                                   "AND received_at >= ? ORDER BY id", [*chunk, iso(since)])
            out.extend(int(r[0]) for r in rows)
        return out

    def all(self) -> Iterator[Lead]:
        cursor = self.db.execute(f"SELECT {LEAD_SELECT} FROM leads ORDER BY received_at, id")
        for row in cursor:
            yield lead_from_tuple(row)

    def count(self, open_only: bool = False) -> int:
        sql = "SELECT count(*) FROM leads" + (" WHERE outcome IS NULL" if open_only else "")
        return int(self.db.execute(sql).fetchone()[0])

    def board(self, policy: SlaPolicy, now: datetime) -> list[BoardEntry]:
        """The board's cards at ``now``: its leads (``for_board``) in their columns and order (what the
        window loads and what alerts are decided over)."""
        return board_entries(self.for_board(BoardWindow.as_of(now, policy.calendar.tz)), policy, now)

    def for_board(self, window: BoardWindow) -> list[Lead]:
        """Open leads, recently booked leads, and not-ready leads due a revisit soon."""
        sql = (
            f"SELECT {LEAD_SELECT} FROM leads WHERE outcome IS NULL "
            f"UNION ALL SELECT {LEAD_SELECT} FROM leads WHERE outcome = ? AND closed_at >= ? "
            f"UNION ALL SELECT {LEAD_SELECT} FROM leads WHERE outcome = ? AND revisit_on BETWEEN ? AND ?"
        )
        params = [
            Outcome.BOOKED.value, iso(window.booked_since),
            Outcome.NOT_READY.value, window.revisit_from.isoformat(), window.revisit_to.isoformat(),
        ]
        return [lead_from_tuple(r) for r in self.db.execute(sql, params).fetchall()]

    def latest_open_for_contact(self, addresses: Sequence[str]) -> int | None:
        """The newest open lead whose contact is one of ``addresses``."""
        for address in addresses:
            row = self.db.execute(
                "SELECT id FROM leads WHERE contact_email = ? AND outcome IS NULL ORDER BY received_at DESC LIMIT 1",
                [address.lower()]).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def recent_for_contacts(self, emails: Sequence[str], phones: Sequence[str],
                            since: datetime) -> list[tuple[int, str | None, str | None, str, datetime, bool]]:
        """(id, email, phone, subject, received_at, open) of these contacts' leads since ``since`` (one query each)."""
        out: list[tuple[int, str | None, str | None, str, datetime, bool]] = []
        for column, values in (("contact_email", sorted(set(emails))), ("contact_phone", sorted(set(phones)))):
            for start in range(0, len(values), 500):
                chunk = values[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT id, contact_email, contact_phone, subject, received_at, outcome IS NULL FROM leads"
                    f" WHERE {column} IN ({marks}) AND received_at >= ? AND ifnull(outcome, '') != 'not_a_lead'",
                    [*chunk, iso(since)])
                out.extend((r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), bool(r[5])) for r in rows)
        return out

    def revisits_due(self, today: date) -> list[Lead]:
        rows = self.db.execute(f"SELECT {LEAD_SELECT} FROM leads WHERE outcome = 'not_ready' AND revisit_on <= ?",
                               [today.isoformat()])
        return [lead_from_tuple(r) for r in rows]

    def draft_steps_due(self, until: datetime) -> list[Lead]:
        """Open leads whose next step is a reply draft due by ``until``, with no draft prepared for it yet."""
        rows = self.db.execute(
            f"SELECT {LEAD_SELECT} FROM leads WHERE next_step_template IS NOT NULL AND next_step_due <= ?"
            " AND outcome IS NULL AND draft_ready_at IS NULL AND contact_email IS NOT NULL"
            " ORDER BY next_step_due, id", [iso(until)])
        return [lead_from_tuple(r) for r in rows]

    def draft_steps_due_count(self, until: datetime) -> int:
        """How many leads ``draft_steps_due`` would give (counted in SQL: the toolbar asks often)."""
        row = self.db.execute(
            "SELECT count(*) FROM leads WHERE next_step_template IS NOT NULL AND next_step_due <= ?"
            " AND outcome IS NULL AND draft_ready_at IS NULL AND contact_email IS NOT NULL", [iso(until)]).fetchone()
        return int(row[0])

    def lead_of_draft(self, message_id: str | None) -> int | None:
        """The lead a draft with this Message-ID was prepared for (its sent copy belongs there)."""
        if not message_id:
            return None
        row = self.db.execute(
            "SELECT lead_id FROM events WHERE kind = 'draft_prepared' AND json_extract(details, '$.message_id') = ?"
            " ORDER BY id DESC LIMIT 1", [message_id]).fetchone()
        return int(row[0]) if row else None

    def alerted_keys(self, since: datetime) -> set[str]:
        rows = self.db.execute("SELECT details FROM events WHERE kind = 'alerted' AND at >= ?", [iso(since)])
        return {str(json.loads(r[0]).get("key")) for r in rows}

    def assigned_to(self, person_id: int, since: datetime) -> dict[int, datetime]:
        """Leads given to ``person_id`` by someone else since ``since`` (lead id -> when)."""
        rows = self.db.execute(
            "SELECT lead_id, at, actor_id, details FROM events WHERE kind IN ('assigned', 'handed_off')"
            " AND at >= ? ORDER BY id", [iso(since)])
        out: dict[int, datetime] = {}
        for lead_id, at, actor, details in rows:
            if json.loads(details).get("owner_id") == person_id and actor != person_id:
                out[int(lead_id)] = datetime.fromisoformat(at)
        return out

    def events(self, lead_id: int) -> list[Event]:
        rows = self.db.query("SELECT * FROM events WHERE lead_id = ? ORDER BY id", [lead_id])
        return [event_from_row(r) for r in rows]

    def histories(self, open_or_closed_since: datetime,
                  kinds: Collection[EventKind]) -> Iterator[tuple[Lead, list[Event]]]:
        """The leads open now or closed at or after the moment given (not the ones marked not a lead):
        every lead that can have moved since then, each with its events of ``kinds``, oldest first."""
        closed = [o.value for o in Outcome if o is not Outcome.NOT_A_LEAD]
        ids = [int(r[0]) for r in self.db.execute(  # both halves read the leads_outcome index
            "SELECT id FROM leads WHERE outcome IS NULL UNION ALL SELECT id FROM leads"
            f" WHERE outcome IN ({','.join('?' * len(closed))}) AND closed_at >= ?",
            [*closed, iso(open_or_closed_since)])]
        marks = ",".join("?" * len(kinds))
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            logs: dict[int, list[Event]] = {}
            rows = self.db.execute(  # the events_lead index, lead by lead
                f"SELECT lead_id, id, kind, at, details FROM events WHERE lead_id IN ({','.join('?' * len(chunk))})"
                f" AND kind IN ({marks}) ORDER BY lead_id, id", [*chunk, *(k.value for k in kinds)])
            for lead_id, event_id, kind, at, details in rows:
                logs.setdefault(lead_id, []).append(
                    Event(lead_id, EventKind(kind), datetime.fromisoformat(at), None, json.loads(details), event_id))
            for lead in self.many(chunk):
                yield lead, logs.get(lead.id, [])

    def count_events(self, kind: str | None = None) -> int:
        if kind is None:
            return int(self.db.execute("SELECT count(*) FROM events").fetchone()[0])
        return int(self.db.execute("SELECT count(*) FROM events WHERE kind = ?", [kind]).fetchone()[0])

    # -- writing ----------------------------------------------------------------------
    def _atomic(self) -> AbstractContextManager[object]:
        """A transaction, or nothing when the caller's transaction is open (batch
        ingest): a savepoint per lead doubled the statements of a history import."""
        return nullcontext() if self.db.conn.in_transaction else self.db.atomic()

    def open_lead(self, received: Event) -> Lead:
        """Store a new lead from its RECEIVED event (SQLite assigns the id)."""
        lead, lead_id = self._insert_new(received)
        return replace(lead, id=lead_id)

    def open_lead_id(self, received: Event) -> int:
        """``open_lead`` when only the new id is wanted (a history import: copying the lead to give it
        its id was a twentieth of the import's own work)."""
        return self._insert_new(received)[1]

    def _insert_new(self, received: Event) -> tuple[Lead, int]:
        with self._atomic():
            event = normalise_details(received)
            lead = lifecycle.apply(None, event)
            row = lead_to_row(lead)
            del row["id"]
            lead_id = int(self.db.execute(_INSERT_NEW, row).lastrowid or 0)
            event_row = event_to_row(event)
            event_row["lead_id"] = lead_id
            self.db.execute(_INSERT_EVENT, event_row)
        return lead, lead_id

    def remember(self, events: Sequence[Event]) -> None:
        """Append events that change no lead (alerts sent) in one statement: no lead is read or rewritten
        (thousands of alerts after a long absence took seconds one ``record`` at a time)."""
        changing = [e for e in events if e.kind not in lifecycle.CHANGE_NOTHING]
        if changing:
            raise ValueError(f"{changing[0].kind.value} changes a lead: record it")
        with self._atomic():
            self.db.conn.executemany(_INSERT_EVENT, [event_to_row(normalise_details(e)) for e in events])

    def record(self, event: Event) -> Lead:
        """Append ``event`` to its lead's log and store the lead it produces."""
        with self._atomic():
            lead = self.get(event.lead_id)
            event = normalise_details(event)
            new = lifecycle.apply(lead, event)
            self.db.execute(_INSERT_EVENT, event_to_row(event))
            self.db.execute(_UPDATE, lead_to_row(new))
        return new

    def last_event_id(self, lead_id: int) -> int:
        """The id of the lead's newest event (0 for none): where an action's own events begin."""
        row = self.db.execute("SELECT coalesce(max(id), 0) FROM events WHERE lead_id = ?", [lead_id]).fetchone()
        return int(row[0])

    def events_after(self, lead_id: int, event_id: int) -> list[Event]:
        rows = self.db.query("SELECT * FROM events WHERE lead_id = ? AND id > ? ORDER BY id", [lead_id, event_id])
        return [event_from_row(r) for r in rows]

    def undo(self, lead_id: int, event_ids: Sequence[int], at: datetime, by: int | None) -> Lead:
        """Take back the events ``event_ids`` of a lead: an UNDONE event is appended (the log stays
        append-only) and the lead is folded again from its log without them."""
        with self._atomic():
            events = self.events(lead_id)
            mine = {e.id for e in events}
            if not event_ids or not set(event_ids) <= mine or set(event_ids) & lifecycle.undone_ids(events):
                raise ValueError(f"events {list(event_ids)} are not lead {lead_id}'s to undo")
            undo = Event(lead_id, EventKind.UNDONE, at, by, {"undoes": sorted(event_ids)})
            cursor = self.db.execute(_INSERT_EVENT, event_to_row(undo))
            lead = lifecycle.rebuild([*events, replace(undo, id=int(cursor.lastrowid or 0))])
            assert lead is not None
            self.db.execute(_UPDATE, lead_to_row(lead))
        return lead

    def retime(self, lead_id: int, event_ids: Sequence[int], at: datetime) -> Lead:
        """Give events the time the team's journal gave them (the server's, not this computer's clock) and
        fold the lead again: every seat then has the same owned, answered and closed times."""
        with self._atomic():
            marks = ",".join("?" * len(event_ids))
            self.db.execute(f"UPDATE events SET at = ? WHERE lead_id = ? AND id IN ({marks})",
                            [iso(at), lead_id, *event_ids])
            lead = lifecycle.rebuild(self.events(lead_id))
            assert lead is not None
            self.db.execute(_UPDATE, lead_to_row(lead))
        return lead

    def import_histories(self, histories: Iterable[Sequence[Event]]) -> list[int]:
        """Store whole leads at once, each from its own event list (bulk path).

        Lead ids in the events are placeholders; each history gets a new id.
        """
        lead_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        ids: list[int] = []
        with self.db.atomic():
            next_id = self._next_id()
            for history in histories:
                events = [normalise_details(replace(e, lead_id=next_id)) for e in history]
                lead = lifecycle.rebuild(events)
                if lead is None:
                    continue
                lead_rows.append(lead_to_row(lead))
                event_rows.extend(event_to_row(e) for e in events)
                ids.append(next_id)
                next_id += 1
            self.db.conn.executemany(_INSERT, lead_rows)
            self.db.conn.executemany(_INSERT_EVENT, event_rows)
        return ids

    def _next_id(self) -> int:
        return int(self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM leads").fetchone()[0])
