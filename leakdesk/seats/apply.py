"""Applying journal entries on this seat, exactly once and in journal order, with the conflict rule.

An action that can conflict names the lead version it was made on. In journal order, it is accepted
when that is still the lead's version (it becomes the new one), and refused otherwise: every seat
reads the same order, so every seat decides the same. The loser's own seat takes its action back and
says who came first ("Dana claimed Ann Lee at 10:02"). Notes never conflict. Seat clocks order
nothing: an entry's time on every seat is the server's INTERNALDATE (the acting seat's own events take it
when their entry comes back).

An accepted entry for a lead this seat has not captured yet waits for it, and so does every later entry
for that lead (an undo included), so they are applied in journal order once it is captured; entries
already applied are recognised by their id, whatever UID they come back with.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from leakdesk import overrides
from leakdesk.domain import Event, EventKind
from leakdesk.errors import ActionError, SettingsError
from leakdesk.seats.entries import Entry
from leakdesk.seats.publish import PEOPLE_FIELDS
from leakdesk.settings import validate
from leakdesk.store import Store
from leakdesk.store.journal import message_lead_key
from leakdesk.team import colour_for, initials


class People:
    """Names in entries to this seat's team members (one is added when a name is new here)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ids = {p.name.strip().lower(): p.id for p in store.people.all(active_only=False)}

    def id(self, name: str | None) -> int | None:
        if not name:
            return None
        found = self.ids.get(name.strip().lower())
        if found is None:
            person = self.store.people.add(name.strip(), initials(name), colour_for(len(self.ids)))
            found = self.ids[name.strip().lower()] = person.id
        return found


def _open_by_hand(store: Store, people: People, entry: Entry, at: datetime) -> int:
    first = entry.events[0]
    opened_at = datetime.fromisoformat(first["at"]) if first.get("at") else at
    lead = store.leads.open_lead(Event(0, EventKind.RECEIVED, opened_at, people.id(first.get("actor")),
                                       dict(first.get("details") or {})))
    store.journal.set_key(lead.id, str(entry.lead))
    return lead.id


def _replay(store: Store, people: People, entry: Entry, lead_id: int, at: datetime) -> None:
    ids: list[int] = []
    for event in entry.events:
        if event["kind"] == EventKind.RECEIVED.value:
            continue  # the lead began with it (_open_by_hand)
        details = dict(event.get("details") or {})
        for field in PEOPLE_FIELDS:
            if isinstance(details.get(field), dict):
                details[field] = people.id(details[field].get("person"))
        when = datetime.fromisoformat(event["at"]) if event.get("at") else at
        store.leads.record(Event(lead_id, EventKind(event["kind"]), when, people.id(event.get("actor")), details))
        ids.append(store.leads.last_event_id(lead_id))
    store.journal.set_events(entry.id, lead_id, ids)


class _At:
    """The clock of an entry applied here: the server's time of it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def _message_row(store: Store, data: dict[str, object]) -> int | None:
    row = store.db.execute("SELECT id FROM messages WHERE ifnull(message_id, '') = ? AND fingerprint = ?"
                           " ORDER BY id LIMIT 1", [data.get("message_id") or "", data.get("fingerprint")]).fetchone()
    return int(row[0]) if row else None


def effect(store: Store, people: People, entry: Entry, at: datetime) -> bool:
    """Do what an accepted entry of another seat says, here; False when it must wait for mail this seat has
    not captured yet (its lead or its message)."""
    data = entry.data
    if entry.kind == "undo":
        if any(store.journal.events_of(str(u)) is None and store.journal.decision(str(u)) for u in
               data.get("undoes", [])):
            return False  # what it takes back has not happened here yet (its lead is not captured)
        for undone in data.get("undoes", []):
            _take_back(store, str(undone), at)
    elif entry.kind == "lead" and entry.lead is not None:
        lead_id = store.journal.lead_of(entry.lead)
        if lead_id is None and data.get("new_lead"):  # typed in on another seat: it begins here with its entry
            lead_id = _open_by_hand(store, people, entry, at)
        if lead_id is None:
            return False
        if data.get("decision") == "not_a_lead":
            before = store.leads.last_event_id(lead_id)
            with contextlib.suppress(ActionError):
                overrides.mark_not_a_lead(store, _At(at), lead_id, people.id(entry.by), data.get("rule"))
            store.journal.set_events(entry.id, lead_id,
                                     [e.id for e in store.leads.events_after(lead_id, before) if e.id is not None])
        else:
            _replay(store, people, entry, lead_id, at)
    elif entry.kind == "decision":
        row = _message_row(store, data)
        if row is None:
            return False
        with contextlib.suppress(ActionError):  # decided here already (the same decision, or the lead exists)
            if data.get("decision") == "make_lead":
                overrides.make_lead(store, _At(at), row, people.id(entry.by), data.get("rule"))
            elif data.get("decision") == "dismiss":
                overrides.dismiss(store, _At(at), row, people.id(entry.by))
    elif entry.kind == "rule":
        if data.get("op") == "add":
            store.rules.add(str(data["kind"]), str(data["pattern"]), at, data.get("value"))
        else:
            store.rules.remove(str(data["kind"]), str(data["pattern"]))
    elif entry.kind == "settings":
        for name, text in dict(data.get("values", {})).items():
            with contextlib.suppress(SettingsError):  # a setting this version does not know, or cannot read
                validate(name, str(text))
                store.settings.set_many({name: str(text)})
    elif entry.kind == "team":
        for member in data.get("members", []):
            person = people.id(member["name"])
            assert person is not None
            current = store.people.get(person)
            store.people.update(replace(current, emails=tuple(member.get("emails", ())),
                                        colour=member.get("colour") or current.colour,
                                        active=bool(member.get("active", True))))
    return True


def _wait_key(entry: Entry) -> str:
    if entry.kind == "decision":
        return "msg:" + message_lead_key(entry.data.get("message_id"), str(entry.data.get("fingerprint")))
    return entry.lead or ""


def _take_back(store: Store, entry_id: str, at: datetime) -> None:
    found = store.journal.events_of(entry_id)
    if found is None:
        return
    lead_id, ids = found
    with contextlib.suppress(ValueError):  # taken back already
        store.leads.undo(lead_id, ids, at, None)


def _refusal(store: Store, entry: Entry, tz: ZoneInfo) -> str:
    winner_id = store.journal.version(entry.lead or "")
    row = store.db.execute("SELECT body, server_at FROM journal_applied WHERE entry_id = ?",
                           [winner_id]).fetchone() if winner_id else None
    if row is None:
        return f"Another seat changed the lead first: what was done here ({entry.what}) was taken back."
    winner = Entry.from_json(row[0])
    when = datetime.fromisoformat(row[1]).astimezone(tz).strftime("%H:%M") if row[1] else "the same time"
    return (f"{winner.by or winner.seat_name} {winner.what} at {when}, first: what was done here ({entry.what}) "
            "was taken back.")


def apply_one(store: Store, people: People, entry: Entry, at: datetime, tz: ZoneInfo) -> str | None:
    """Apply one entry (not seen before); returns the sentence for this seat's person when their own
    action lost to another seat's."""
    key = entry.lead
    accepted = entry.seat not in store.journal.removed_seats()  # a removed seat's work no longer travels
    if entry.kind == "lead" and entry.contended and key is not None and accepted:
        accepted = entry.base == store.journal.version(key)
    if not store.journal.applied(entry.id, entry.seat, entry.kind, key, accepted, at, entry.to_json()):
        return None  # applied already
    store.journal.heard(entry.seat, entry.seat_name, at)
    if entry.kind == "seat_removed" and accepted:
        store.journal.remove_seat(str(entry.data.get("seat")))
    elif entry.kind == "lead" and entry.contended and key is not None and accepted:
        store.journal.set_version(key, entry.id)
    if store.journal.in_outbox(entry.id):  # this seat's own, back from the server: applied here already
        store.journal.delivered(entry.id)
        if not accepted:
            _take_back(store, entry.id, at)
            if entry.seat in store.journal.removed_seats():
                return "This seat was removed from the team; what is done here no longer reaches the others."
            return _refusal(store, entry, tz)
        found = store.journal.events_of(entry.id)
        if found is not None and found[1] and entry.kind == "lead" and not any(e.get("at") for e in entry.events):
            store.leads.retime(found[0], found[1], at)  # the server's time, as the other seats have it
        return None
    wait_key = _wait_key(entry)
    if accepted and (store.journal.is_waiting(wait_key) or not effect(store, people, entry, at)):
        store.journal.wait(entry.id, wait_key)  # this seat has not captured that mail yet: after those before it
    return None


def catch_up_waiting(store: Store, people: People) -> int:
    """Replay the accepted entries whose lead this seat has captured since."""
    store.journal.refresh_keys()
    done = 0
    blocked: set[str] = set()  # a key whose earlier entry still waits: its later ones keep their turn
    for entry_id, key, body in store.journal.waiting():
        if key in blocked:
            continue
        entry = Entry.from_json(body)
        row = store.db.execute("SELECT server_at FROM journal_applied WHERE entry_id = ?", [entry_id]).fetchone()
        if effect(store, people, entry, datetime.fromisoformat(row[0])):
            store.journal.waited(entry_id)
            done += 1
        else:
            blocked.add(key)
    return done


def apply_entries(store: Store, items: Iterable[tuple[Entry, datetime]], tz: ZoneInfo) -> tuple[int, list[str]]:
    """Apply entries in journal order, each once, in one transaction; (applied, sentences for this seat)."""
    said: list[str] = []
    applied = 0
    with store.writing():
        people = People(store)
        catch_up_waiting(store, people)  # mail captured since: what waited for it comes before anything newer
        for entry, at in items:
            if store.journal.known([entry.id]):
                continue
            sentence = apply_one(store, people, entry, at, tz)
            applied += 1
            if sentence:
                said.append(sentence)
        catch_up_waiting(store, people)
    return applied, said


def apply_snapshot(store: Store, snapshot: Entry, at: datetime) -> int:
    """A seat that joins late (or was away past the grace period) starts from a snapshot: its accepted
    entries as they were decided, its versions, and the ids of every entry it covers."""
    data = snapshot.data
    with store.writing():
        store.journal.refresh_keys()
        people = People(store)
        known = store.journal.known(i for i, _, _ in data.get("ids", []))
        bodies = {json.loads(b)["id"]: b for b in data.get("entries", [])}
        for entry_id, accepted, server_at in data.get("ids", []):
            if entry_id in known:
                continue
            body = bodies.get(entry_id)
            entry = Entry.from_json(body) if body else Entry(entry_id, "", "", "lead")
            when = datetime.fromisoformat(server_at) if server_at else at
            store.journal.applied(entry_id, entry.seat, entry.kind, entry.lead, bool(accepted), when,
                                  body or entry.to_json())
            if accepted and body is not None and not effect(store, people, entry, when):
                store.journal.wait(entry_id, _wait_key(entry))
        for key, version in data.get("versions", {}).items():
            store.journal.set_version(key, version)
        store.journal.applied(snapshot.id, snapshot.seat, "snapshot", None, True, at, "{}")
        catch_up_waiting(store, people)
    return len(data.get("ids", []))
