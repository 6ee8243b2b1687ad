"""What a person can do to a lead; each action writes one event.

The store applies the event to the lead in the same transaction.
"""

from __future__ import annotations

from leakdesk.clock import Clock
from leakdesk.domain import Event, EventKind, Lead
from leakdesk.errors import ActionError
from leakdesk.store import Store


class LeadActions:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def _open_lead(self, lead_id: int) -> Lead:
        lead = self.store.leads.get(lead_id)
        if not lead.is_open:
            raise ActionError(f"Lead {lead_id} is closed ({lead.outcome}); reopen it first.")
        return lead

    def claim(self, lead_id: int, person_id: int) -> Lead:
        """``person_id`` takes an unowned lead."""
        lead = self._open_lead(lead_id)
        if lead.owner_id == person_id:
            return lead
        if lead.owner_id is not None:
            owner = self.store.people.get(lead.owner_id)
            raise ActionError(f"{owner.name} already owns this lead; assign it to hand it over.")
        self.store.people.get(person_id)
        return self.store.leads.record(
            Event(lead_id, EventKind.CLAIMED, self.clock.now(), person_id, {"owner_id": person_id})
        )

    def assign(self, lead_id: int, to_person_id: int, by_person_id: int | None, note: str | None = None) -> Lead:
        """Give the lead to ``to_person_id``; from another owner it is a handoff.

        A handoff without a note is allowed but the lead then carries
        ``handoff_without_context`` (LEAKAGE.md).
        """
        lead = self._open_lead(lead_id)
        self.store.people.get(to_person_id)
        if lead.owner_id == to_person_id:
            return lead
        kind = EventKind.ASSIGNED if lead.owner_id is None else EventKind.HANDED_OFF
        details: dict[str, object] = {"owner_id": to_person_id, "previous_owner_id": lead.owner_id}
        if note and note.strip():
            details["note"] = note.strip()
        return self.store.leads.record(Event(lead_id, kind, self.clock.now(), by_person_id, details))
