"""A person's action on a lead, as a journal entry in this seat's outbox.

The entry carries the events the action wrote (people by name, not by a seat's row ids), the lead's
cross-seat key and, for actions that can conflict, the version of the lead they were made on: the
lead's last accepted entry, or this seat's own newest entry for it still on its way (so quick actions
in a row stay one chain). Notes never conflict.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from leakdesk.domain import Event, EventKind
from leakdesk.seats.entries import Entry, new_id
from leakdesk.seats.seat import SEAT_ID, SEAT_NAME
from leakdesk.store import Store
from leakdesk.store.rows import iso

# A logged contact conflicts too: it moves a new lead on and gives an unowned one to the caller.
CONTENDED = frozenset({EventKind.CLAIMED, EventKind.ASSIGNED, EventKind.HANDED_OFF, EventKind.NEXT_STEP_SET,
                       EventKind.NEXT_STEP_DONE, EventKind.STAGE_CHANGED, EventKind.OUTCOME_SET, EventKind.REOPENED,
                       EventKind.CONTACT_EDITED, EventKind.CONTACT_LOGGED})
# What travels: what people do. LeakDesk's own bookkeeping (alerts, drafts, cadences) each seat does itself.
TRAVELS = CONTENDED | {EventKind.NOTE, EventKind.CONTACT_LOGGED, EventKind.OVERRIDDEN, EventKind.RECEIVED}
PEOPLE_FIELDS = ("owner_id", "previous_owner_id")


def lead_key(store: Store, seat_id: str, lead_id: int) -> str:
    """The lead's cross-seat key: from its enquiry message; a lead begun on this seat without one (a
    phone lead) gets one of its own."""
    key = store.journal.key_of(lead_id)
    if key is None:
        store.journal.refresh_keys()
        key = store.journal.key_of(lead_id)
    if key is None:
        key = f"s:{seat_id}:{lead_id}"
        store.journal.set_key(lead_id, key)
    return key


def _names(store: Store) -> dict[int, str]:
    return {p.id: p.name for p in store.people.all(active_only=False)}


def _portable(event: Event, names: dict[int, str], keep_time: bool) -> dict[str, object]:
    details = dict(event.details)
    for field in PEOPLE_FIELDS:
        if isinstance(details.get(field), int):
            details[field] = {"person": names.get(int(details[field]), "")}
    out: dict[str, object] = {"kind": event.kind.value, "details": details,
                              "actor": names.get(event.actor_id) if event.actor_id is not None else None}
    if keep_time:  # a time a person gave ("called at 9:10"), not the moment of the action
        out["at"] = iso(event.at)
    return out


def _base(store: Store, key: str) -> str | None:
    """The version an action is made on: this seat's newest contended entry for the lead still on its way,
    else the lead's last accepted one."""
    for entry_id, body in reversed(store.journal.outbox()):
        parsed = json.loads(body)
        if parsed.get("lead") == key and parsed.get("contended"):
            return str(entry_id)
    return store.journal.version(key)


def publish(store: Store, lead_id: int, events: Sequence[Event], what: str = "",
            data: dict[str, object] | None = None, keep_times: bool = False) -> Entry | None:
    """Queue what an action wrote (``events``, already stored) for the other seats; None when this data
    folder is no seat or nothing of it travels."""
    seat_id = store.meta.get(SEAT_ID)
    travelling = [e for e in events if e.kind in TRAVELS]
    if seat_id is None or not travelling:
        return None
    names = _names(store)
    key = lead_key(store, seat_id, lead_id)
    contended = any(e.kind in CONTENDED for e in travelling)
    actor = next((e.actor_id for e in travelling if e.actor_id is not None), None)
    base = _base(store, key) if contended else None
    entry = Entry(new_id(), seat_id, store.meta.get(SEAT_NAME) or "", "lead", key, base, contended,
                  tuple(_portable(e, names, keep_times) for e in travelling),
                  names.get(actor) if actor is not None else None,
                  what or travelling[0].kind.value.replace("_", " "), dict(data or {}))
    store.journal.queue(entry.id, entry.to_json())
    store.journal.set_events(entry.id, lead_id, [e.id for e in travelling if e.id is not None])
    return entry


def publish_undo(store: Store, lead_id: int, event_ids: Sequence[int]) -> Entry | None:
    """An undo on this seat takes back, on every seat, the entries whose events it undid."""
    seat_id = store.meta.get(SEAT_ID)
    if seat_id is None:
        return None
    undone = store.journal.entry_of_events(event_ids)
    if not undone:
        return None
    entry = Entry(new_id(), seat_id, store.meta.get(SEAT_NAME) or "", "undo", lead_key(store, seat_id, lead_id),
                  data={"undoes": undone})
    store.journal.queue(entry.id, entry.to_json())
    return entry
