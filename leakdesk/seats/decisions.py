"""What a person decides for the whole team, not only for a lead's clocks: "not a lead" and "this is a
lead" (they win over each seat's own reading of the mail), dismissing a message from Check these, the
rules people set, the team, and the business's settings. Each runs here as before and, on a seat, is
also an entry in the outbox; ``apply`` runs it on the other seats. None of these conflict: the later in
journal order wins.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from leakdesk import overrides
from leakdesk.clock import Clock
from leakdesk.domain import Lead
from leakdesk.seats.entries import Entry, new_id
from leakdesk.seats.publish import publish
from leakdesk.seats.seat import SEAT_ID, SEAT_NAME, is_seat
from leakdesk.store import Store
from leakdesk.team import Member, save_team


def _queue(store: Store, kind: str, data: dict[str, Any], by: int | None = None) -> None:
    if not is_seat(store):
        return
    name = next((p.name for p in store.people.all(active_only=False) if p.id == by), None) if by else None
    entry = Entry(new_id(), store.meta.get(SEAT_ID) or "", store.meta.get(SEAT_NAME) or "", kind, by=name, data=data)
    store.journal.queue(entry.id, entry.to_json())


def _message(store: Store, message_row: int) -> dict[str, Any]:
    row = store.db.execute("SELECT ifnull(message_id, ''), fingerprint FROM messages WHERE id = ?",
                           [message_row]).fetchone()
    return {"message_id": row[0], "fingerprint": row[1]} if row else {}


def not_a_lead(store: Store, clock: Clock, lead_id: int, by: int | None, rule: str | None = None) -> Lead:
    with store.transaction():
        before = store.leads.last_event_id(lead_id)
        lead = overrides.mark_not_a_lead(store, clock, lead_id, by, rule)
        if is_seat(store):
            publish(store, lead_id, store.leads.events_after(lead_id, before),
                    f"marked {lead.contact_name or 'a lead'} not a lead", data={"decision": "not_a_lead",
                                                                                "rule": rule})
    return lead


def make_lead(store: Store, clock: Clock, message_row: int, by: int | None, rule: str | None = None) -> Lead:
    with store.transaction():
        lead = overrides.make_lead(store, clock, message_row, by, rule)
        _queue(store, "decision", {"decision": "make_lead", "rule": rule, **_message(store, message_row)}, by)
    return lead


def dismiss(store: Store, clock: Clock, message_row: int, by: int | None) -> None:
    with store.transaction():
        overrides.dismiss(store, clock, message_row, by)
        _queue(store, "decision", {"decision": "dismiss", **_message(store, message_row)}, by)


def add_rule(store: Store, clock: Clock, kind: str, pattern: str, value: str | None = None) -> None:
    with store.transaction():
        store.rules.add(kind, pattern, clock.now(), value)
        _queue(store, "rule", {"op": "add", "kind": kind, "pattern": pattern, "value": value})


def remove_rule(store: Store, kind: str, pattern: str) -> None:
    with store.transaction():
        store.rules.remove(kind, pattern)
        _queue(store, "rule", {"op": "remove", "kind": kind, "pattern": pattern})


def set_settings(store: Store, values: Mapping[str, str]) -> None:
    """The business's settings (hours, SLA, figures...): the same on every seat."""
    if not values:
        return
    with store.transaction():
        store.settings.set_many(dict(values))
        _queue(store, "settings", {"values": dict(values)})


def share_settings(store: Store, values: Mapping[str, str]) -> None:
    """Settings already saved here (checked by their own path), for the other seats."""
    _queue(store, "settings", {"values": dict(values)})


def set_team(store: Store, members: Sequence[Member]) -> None:
    with store.transaction():
        before = store.people.all(active_only=False)
        save_team(store, members)
        if store.people.all(active_only=False) == before:
            return
        _queue(store, "team", {"members": [{"name": p.name, "emails": list(p.emails), "colour": p.colour,
                                            "active": p.active} for p in store.people.all(active_only=False)]})
